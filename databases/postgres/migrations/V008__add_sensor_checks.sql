-- V008: what a sensor row may hold.
--
-- The sensors table of V003 is the original description's, verbatim, and accepts any status
-- and any JSON. The registry API and ingest know exactly four statuses, and both read metadata
-- as an object, so the database now refuses anything else, as it does for users.role (V002)
-- and locations.metadata (V001):
--   active       reporting; ingest writes its readings
--   pending      registered by ingest (AQMRG_UNKNOWN_SENSORS=pending), waiting for an admin;
--                ingest writes its readings
--   maintenance  temporarily off; ingest refuses its readings
--   retired      kept for its history (DELETE /api/v1/sensors/{id}); ingest refuses its readings
-- The column keeps the description's definition (nullable, DEFAULT 'active'); the CHECK refuses
-- NULL as well, since a sensor without a status has no meaning for ingest or the API.
-- Runs under Flyway and with psql -f alike; never edit once applied (add a new version).

ALTER TABLE sensors
    ADD CONSTRAINT sensors_status_check
    CHECK (status IS NOT NULL AND status IN ('active', 'pending', 'maintenance', 'retired'));

ALTER TABLE sensors
    ADD CONSTRAINT sensors_metadata_check
    CHECK (metadata IS NULL OR jsonb_typeof(metadata) = 'object');
