-- Development data: a small, realistic Lagos monitoring network.
--
--   ./aqmrg seed dev
--   psql -v ON_ERROR_STOP=1 -U aqmrg -d aqmrg -f databases/postgres/seeds/dev_data.sql
--
-- Needs the migrations V001..V005 applied first. Idempotent: every row has a fixed id and
-- is inserted with ON CONFLICT DO NOTHING, so running this twice neither fails nor
-- duplicates, and rows you changed by hand are left as they are. Plain SQL only (no psql
-- meta-commands), so the app can run the whole file as one JDBC statement.
--
-- Users (all with the dev password  lagos-air-dev , stored as an Argon2id PHC string,
-- m=64 MiB, t=3, p=1):
--   admin@aqmrg.dev       admin
--   researcher@aqmrg.dev  researcher
--   public@aqmrg.dev      public
-- Never load this file into a production database.
--
-- Fixed ids: users 11111111-..., locations 22222222-..., alerts 33333333-...;
-- sensors LAG-<site>-NNN (site codes IKJ, YAB, LEK, VIC, SUR, APP, IKR).

BEGIN;

-- Users ---------------------------------------------------------------------------------
INSERT INTO users (id, email, password_hash, role) VALUES
    ('11111111-1111-4111-8111-000000000001', 'admin@aqmrg.dev',
     '$argon2id$v=19$m=65536,t=3,p=1$Y3FsQ2xQL2pWaXU5YWN1WnBadGxrQT09$GTRaNhu+6eHG9HTxmiKwpKTBvj8YEaNIKS1gluCmFXM',
     'admin'),
    ('11111111-1111-4111-8111-000000000002', 'researcher@aqmrg.dev',
     '$argon2id$v=19$m=65536,t=3,p=1$NkljZ0ZWajc3RTJwRzZLRnB3WHNDdz09$NMcisNJRB9v7hBNDqy/iZOe8UCFVKUOpSLDUDPaP0UY',
     'researcher'),
    ('11111111-1111-4111-8111-000000000003', 'public@aqmrg.dev',
     '$argon2id$v=19$m=65536,t=3,p=1$Ym1zdHBzaXpJSHNaeXJJRXl5cG4vdz09$JciyPgyjVVD9lntSuVuygLdSUhlhXmsh0HW4tE2p59E',
     'public')
ON CONFLICT DO NOTHING;

-- Locations (WGS 84 coordinates of the neighbourhood centres) ----------------------------
INSERT INTO locations (id, name, city, country, latitude, longitude, timezone, metadata) VALUES
    ('22222222-2222-4222-8222-000000000001', 'Ikeja', 'Lagos', 'NG', 6.6018, 3.3515, 'Africa/Lagos',
     '{"lga": "Ikeja", "land_use": "commercial", "site_code": "IKJ", "notes": "State capital district, near Allen Avenue and the airport road"}'),
    ('22222222-2222-4222-8222-000000000002', 'Yaba', 'Lagos', 'NG', 6.5095, 3.3711, 'Africa/Lagos',
     '{"lga": "Lagos Mainland", "land_use": "mixed residential/educational", "site_code": "YAB", "notes": "University of Lagos and Yaba College of Technology nearby"}'),
    ('22222222-2222-4222-8222-000000000003', 'Lekki Phase 1', 'Lagos', 'NG', 6.4474, 3.4723, 'Africa/Lagos',
     '{"lga": "Eti-Osa", "land_use": "residential", "site_code": "LEK", "notes": "Coastal, sea breeze from the Atlantic"}'),
    ('22222222-2222-4222-8222-000000000004', 'Victoria Island', 'Lagos', 'NG', 6.4281, 3.4219, 'Africa/Lagos',
     '{"lga": "Eti-Osa", "land_use": "commercial", "site_code": "VIC", "notes": "Business district, heavy traffic on Ahmadu Bello Way"}'),
    ('22222222-2222-4222-8222-000000000005', 'Surulere', 'Lagos', 'NG', 6.4926, 3.3554, 'Africa/Lagos',
     '{"lga": "Surulere", "land_use": "dense residential", "site_code": "SUR", "notes": "Many small generators"}'),
    ('22222222-2222-4222-8222-000000000006', 'Apapa', 'Lagos', 'NG', 6.4489, 3.3590, 'Africa/Lagos',
     '{"lga": "Apapa", "land_use": "industrial/port", "site_code": "APP", "notes": "Lagos Port Complex, diesel trucks queueing on the port roads"}'),
    ('22222222-2222-4222-8222-000000000007', 'Ikorodu', 'Lagos', 'NG', 6.6194, 3.5105, 'Africa/Lagos',
     '{"lga": "Ikorodu", "land_use": "peri-urban residential", "site_code": "IKR", "notes": "Lagoon-side, open waste burning reported"}')
ON CONFLICT DO NOTHING;

-- Sensors -------------------------------------------------------------------------------
-- 18 active, 1 in maintenance (LAG-SUR-003), 1 retired (LAG-APP-003).
INSERT INTO sensors (id, name, manufacturer, location_id, status, metadata) VALUES
    ('LAG-IKJ-001', 'Ikeja Allen Avenue rooftop', 'PurpleAir', '22222222-2222-4222-8222-000000000001', 'active',
     '{"model": "PA-II-SD", "firmware": "7.04", "install_height_m": 6.0, "power": "mains", "installed_on": "2024-03-12"}'),
    ('LAG-IKJ-002', 'Ikeja Computer Village kerbside', 'Clarity', '22222222-2222-4222-8222-000000000001', 'active',
     '{"model": "Node-S", "firmware": "2.9.1", "install_height_m": 3.0, "power": "solar", "installed_on": "2024-05-02"}'),
    ('LAG-IKJ-003', 'Ikeja GRA school', 'AirGradient', '22222222-2222-4222-8222-000000000001', 'active',
     '{"model": "Open Air O-1PST", "firmware": "3.1.13", "install_height_m": 2.5, "power": "mains", "installed_on": "2024-09-20"}'),
    ('LAG-YAB-001', 'Yaba UNILAG Faculty of Engineering', 'PurpleAir', '22222222-2222-4222-8222-000000000002', 'active',
     '{"model": "PA-II", "firmware": "7.04", "install_height_m": 8.0, "power": "mains", "installed_on": "2023-11-15"}'),
    ('LAG-YAB-002', 'Yaba Tech gate', 'AirGradient', '22222222-2222-4222-8222-000000000002', 'active',
     '{"model": "Open Air O-1PST", "firmware": "3.1.13", "install_height_m": 3.0, "power": "mains", "installed_on": "2024-02-07"}'),
    ('LAG-YAB-003', 'Yaba Herbert Macaulay Way', 'Plantower', '22222222-2222-4222-8222-000000000002', 'active',
     '{"model": "PMS5003", "firmware": "custom-esp32 1.2.0", "install_height_m": 2.5, "power": "solar", "installed_on": "2024-06-18"}'),
    ('LAG-LEK-001', 'Lekki Admiralty Way', 'Clarity', '22222222-2222-4222-8222-000000000003', 'active',
     '{"model": "Node-S", "firmware": "2.9.1", "install_height_m": 3.5, "power": "solar", "installed_on": "2024-01-22"}'),
    ('LAG-LEK-002', 'Lekki Phase 1 residential estate', 'PurpleAir', '22222222-2222-4222-8222-000000000003', 'active',
     '{"model": "PA-II", "firmware": "7.04", "install_height_m": 4.0, "power": "mains", "installed_on": "2024-04-09"}'),
    ('LAG-LEK-003', 'Lekki toll plaza', 'AirGradient', '22222222-2222-4222-8222-000000000003', 'active',
     '{"model": "Open Air O-1PST", "firmware": "3.1.9", "install_height_m": 3.0, "power": "solar", "installed_on": "2024-08-30"}'),
    ('LAG-VIC-001', 'Victoria Island Ahmadu Bello Way', 'Clarity', '22222222-2222-4222-8222-000000000004', 'active',
     '{"model": "Node-S", "firmware": "2.9.1", "install_height_m": 3.0, "power": "solar", "installed_on": "2023-12-04"}'),
    ('LAG-VIC-002', 'Victoria Island Adeola Odeku office roof', 'PurpleAir', '22222222-2222-4222-8222-000000000004', 'active',
     '{"model": "PA-II-SD", "firmware": "7.04", "install_height_m": 12.0, "power": "mains", "installed_on": "2024-03-27"}'),
    ('LAG-VIC-003', 'Victoria Island Bar Beach', 'Plantower', '22222222-2222-4222-8222-000000000004', 'active',
     '{"model": "PMS7003", "firmware": "custom-esp32 1.2.0", "install_height_m": 2.0, "power": "solar", "installed_on": "2024-07-11"}'),
    ('LAG-SUR-001', 'Surulere National Stadium', 'AirGradient', '22222222-2222-4222-8222-000000000005', 'active',
     '{"model": "Open Air O-1PST", "firmware": "3.1.13", "install_height_m": 4.0, "power": "mains", "installed_on": "2024-02-19"}'),
    ('LAG-SUR-002', 'Surulere Adeniran Ogunsanya', 'PurpleAir', '22222222-2222-4222-8222-000000000005', 'active',
     '{"model": "PA-II", "firmware": "7.02", "install_height_m": 3.0, "power": "mains", "installed_on": "2023-10-05"}'),
    ('LAG-SUR-003', 'Surulere Bode Thomas', 'Plantower', '22222222-2222-4222-8222-000000000005', 'maintenance',
     '{"model": "PMS5003", "firmware": "custom-esp32 1.1.4", "install_height_m": 2.5, "power": "solar", "installed_on": "2024-01-08", "maintenance_reason": "fan failure, replacement ordered"}'),
    ('LAG-APP-001', 'Apapa Wharf Road', 'Clarity', '22222222-2222-4222-8222-000000000006', 'active',
     '{"model": "Node-S", "firmware": "2.9.1", "install_height_m": 3.0, "power": "solar", "installed_on": "2023-09-14"}'),
    ('LAG-APP-002', 'Apapa port gate', 'PurpleAir', '22222222-2222-4222-8222-000000000006', 'active',
     '{"model": "PA-II", "firmware": "7.04", "install_height_m": 5.0, "power": "mains", "installed_on": "2024-05-23"}'),
    ('LAG-APP-003', 'Apapa Liverpool Road (old)', 'Plantower', '22222222-2222-4222-8222-000000000006', 'retired',
     '{"model": "PMS5003", "firmware": "custom-esp8266 0.9.2", "install_height_m": 2.0, "power": "solar", "installed_on": "2022-06-01", "retired_on": "2024-06-30", "replaced_by": "LAG-APP-002"}'),
    ('LAG-IKR-001', 'Ikorodu garage', 'AirGradient', '22222222-2222-4222-8222-000000000007', 'active',
     '{"model": "Open Air O-1PST", "firmware": "3.1.13", "install_height_m": 3.0, "power": "solar", "installed_on": "2024-10-03"}'),
    ('LAG-IKR-002', 'Ikorodu Lagos State Polytechnic', 'Clarity', '22222222-2222-4222-8222-000000000007', 'active',
     '{"model": "Node-S", "firmware": "2.9.1", "install_height_m": 6.0, "power": "solar", "installed_on": "2024-11-12"}')
ON CONFLICT DO NOTHING;

-- Alerts --------------------------------------------------------------------------------
-- Thresholds use the units of the air_quality fields: pm25/pm10 in µg/m³, no2 in ppb.
--   pm25 35.00  = US EPA 24-hour standard        pm25 75.00  = "unhealthy" range
--   pm10 150.00 = US EPA 24-hour standard        no2 100.00  = US EPA 1-hour standard (ppb)
INSERT INTO alerts (id, user_id, location_id, pollutant, threshold, enabled, notification_channels) VALUES
    ('33333333-3333-4333-8333-000000000001', '11111111-1111-4111-8111-000000000002',
     '22222222-2222-4222-8222-000000000001', 'pm25', 35.00, true,
     '{"email": ["researcher@aqmrg.dev"]}'),
    ('33333333-3333-4333-8333-000000000002', '11111111-1111-4111-8111-000000000001',
     '22222222-2222-4222-8222-000000000006', 'pm25', 75.00, true,
     '{"email": ["admin@aqmrg.dev", "researcher@aqmrg.dev"]}'),
    ('33333333-3333-4333-8333-000000000003', '11111111-1111-4111-8111-000000000002',
     '22222222-2222-4222-8222-000000000006', 'pm10', 150.00, true,
     '{"email": ["researcher@aqmrg.dev"]}'),
    ('33333333-3333-4333-8333-000000000004', '11111111-1111-4111-8111-000000000003',
     '22222222-2222-4222-8222-000000000004', 'no2', 100.00, false,
     '{"email": ["public@aqmrg.dev"]}')
ON CONFLICT DO NOTHING;

COMMIT;
