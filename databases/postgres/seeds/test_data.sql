-- Test data: a small, fixed set for automated tests, distinct from the dev data (sensor ids
-- start with TEST-, location names with 'Test ', e-mails end in @test.aqmrg.dev), so both
-- files can be loaded into the same database.
--
--   ./aqmrg seed test
--   psql -v ON_ERROR_STOP=1 -U aqmrg -d aqmrg -f databases/postgres/seeds/test_data.sql
--
-- Needs the migrations V001..V005 applied first. Idempotent: fixed ids and
-- ON CONFLICT DO NOTHING. Plain SQL only (no psql meta-commands).
--
-- Users (password  test-password-123 , Argon2id PHC string, m=64 MiB, t=3, p=1):
--   admin@test.aqmrg.dev       admin
--   researcher@test.aqmrg.dev  researcher
--
-- Fixed ids: users 7e570000-0000-4000-8000-00000000000N, locations
-- 7e570000-0000-4000-8000-00000000010N, alert 7e570000-0000-4000-8000-000000000201.
-- Contents: 2 locations, 4 sensors (TEST-A-001, TEST-A-002 active at Test Site A;
-- TEST-B-001 active, TEST-B-002 retired at Test Site B), 2 users, 1 alert.

BEGIN;

INSERT INTO users (id, email, password_hash, role) VALUES
    ('7e570000-0000-4000-8000-000000000001', 'admin@test.aqmrg.dev',
     '$argon2id$v=19$m=65536,t=3,p=1$bHdoaXMwV21teG5kMWJhNE5NWlZDUT09$GR0PXIm3BRxVK93cle34SwnTu0Vt+cL3fMsjyKmYSUM',
     'admin'),
    ('7e570000-0000-4000-8000-000000000002', 'researcher@test.aqmrg.dev',
     '$argon2id$v=19$m=65536,t=3,p=1$UVNPQTVOdVlVOUQ2NUlKYy9qREJBUT09$8JiMO02OgtVSvZrRFcDN7ylkU+IvYlBKobJ01OJj56w',
     'researcher')
ON CONFLICT DO NOTHING;

INSERT INTO locations (id, name, city, country, latitude, longitude, timezone, metadata) VALUES
    ('7e570000-0000-4000-8000-000000000101', 'Test Site A', 'Lagos', 'NG', 6.5000, 3.4000, 'Africa/Lagos',
     '{"land_use": "test", "purpose": "automated tests"}'),
    ('7e570000-0000-4000-8000-000000000102', 'Test Site B', 'Lagos', 'NG', 6.4000, 3.3000, 'Africa/Lagos',
     '{"land_use": "test", "purpose": "automated tests"}')
ON CONFLICT DO NOTHING;

INSERT INTO sensors (id, name, manufacturer, location_id, status, metadata) VALUES
    ('TEST-A-001', 'Test sensor A1', 'PurpleAir', '7e570000-0000-4000-8000-000000000101', 'active',
     '{"model": "PA-II", "firmware": "7.04", "install_height_m": 3.0}'),
    ('TEST-A-002', 'Test sensor A2', 'AirGradient', '7e570000-0000-4000-8000-000000000101', 'active',
     '{"model": "Open Air O-1PST", "firmware": "3.1.13", "install_height_m": 3.0}'),
    ('TEST-B-001', 'Test sensor B1', 'Clarity', '7e570000-0000-4000-8000-000000000102', 'active',
     '{"model": "Node-S", "firmware": "2.9.1", "install_height_m": 3.0}'),
    ('TEST-B-002', 'Test sensor B2', 'Plantower', '7e570000-0000-4000-8000-000000000102', 'retired',
     '{"model": "PMS5003", "firmware": "custom-esp32 1.2.0", "install_height_m": 2.0}')
ON CONFLICT DO NOTHING;

INSERT INTO alerts (id, user_id, location_id, pollutant, threshold, enabled, notification_channels) VALUES
    ('7e570000-0000-4000-8000-000000000201', '7e570000-0000-4000-8000-000000000002',
     '7e570000-0000-4000-8000-000000000101', 'pm25', 35.00, true,
     '{"email": ["researcher@test.aqmrg.dev"]}')
ON CONFLICT DO NOTHING;

COMMIT;
