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
-- Runs under Flyway and with psql -f alike; never edit once applied (add a new version).

ALTER TABLE sensors ALTER COLUMN status SET NOT NULL;

ALTER TABLE sensors
    ADD CONSTRAINT sensors_status_check
    CHECK (status IN ('active', 'pending', 'maintenance', 'retired'));

ALTER TABLE sensors
    ADD CONSTRAINT sensors_metadata_check
    CHECK (metadata IS NULL OR jsonb_typeof(metadata) = 'object');
