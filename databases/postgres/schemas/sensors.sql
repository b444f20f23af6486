-- sensors: reference definition (final state after V008).
--
-- REFERENCE ONLY. The migrations in ../migrations are what runs; this file is never
-- executed by the platform: when in doubt, the migrations win. Where each part comes from:
--   V001  aqmrg_set_updated_at() trigger function; locations (referenced)
--   V003  CREATE TABLE sensors (verbatim from the original description), trg_sensors_updated_at
--   V005  idx_sensors_location, idx_sensors_status (from the description), idx_sensors_manufacturer
--   V008  sensors_status_check, sensors_metadata_check

CREATE TABLE sensors (
    -- The sensor's own identifier, chosen by the operator, e.g. LAG-IKJ-001
    -- (network-site-number). It is the sensor_id tag of the InfluxDB measurement air_quality.
    id VARCHAR(100) PRIMARY KEY,
    -- Human-readable name, e.g. 'Ikeja Allen Avenue rooftop'.
    name VARCHAR(255) NOT NULL,
    -- Maker of the device, e.g. PurpleAir, Clarity, AirGradient, Plantower; also written
    -- as the manufacturer tag of air_quality.
    manufacturer VARCHAR(100),
    -- Where the sensor is installed (locations.id); null while not deployed.
    location_id UUID REFERENCES locations(id),
    -- Lifecycle: 'active' (reporting), 'pending' (registered by ingest with
    -- AQMRG_UNKNOWN_SENSORS=pending, readings accepted until an admin decides), 'maintenance'
    -- (temporarily off), 'retired' (kept for its history, no longer reporting; what
    -- DELETE /api/v1/sensors/{id} sets). Ingest writes readings of active and pending sensors only.
    status VARCHAR(50) DEFAULT 'active',
    -- Device details as a JSON object, e.g.
    -- {"model": "PA-II", "firmware": "7.04", "install_height_m": 3.0, "power": "mains"};
    -- install_height_m in metres above ground.
    metadata JSONB,
    -- When the row was inserted (server time, timestamp without time zone).
    created_at TIMESTAMP DEFAULT NOW(),
    -- When the row was last updated; maintained by trg_sensors_updated_at.
    updated_at TIMESTAMP DEFAULT NOW(),
    -- V008: the four statuses the platform knows (NULL refused too; the column keeps the
    -- description's definition), and metadata always an object, as locations.metadata.
    CONSTRAINT sensors_status_check
        CHECK (status IS NOT NULL AND status IN ('active', 'pending', 'maintenance', 'retired')),
    CONSTRAINT sensors_metadata_check
        CHECK (metadata IS NULL OR jsonb_typeof(metadata) = 'object')
);

CREATE TRIGGER trg_sensors_updated_at                                     -- V003
    BEFORE UPDATE ON sensors
    FOR EACH ROW EXECUTE FUNCTION aqmrg_set_updated_at();

CREATE INDEX idx_sensors_location ON sensors(location_id);               -- V005 (from the description)
CREATE INDEX idx_sensors_status ON sensors(status);                      -- V005 (from the description)
CREATE INDEX idx_sensors_manufacturer ON sensors(manufacturer);          -- V005
