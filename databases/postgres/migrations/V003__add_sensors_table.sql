-- V003: sensors.
--
-- The CREATE TABLE below is the original description's sensors table, verbatim. The id is
-- the sensor's own identifier (e.g. LAG-IKJ-001), the value of the sensor_id tag in
-- InfluxDB. locations comes from V001. The indexes idx_sensors_location / _status /
-- _manufacturer are in V005.
-- Runs under Flyway and with psql -f alike; never edit once applied (add a new version).

CREATE TABLE sensors (
    id VARCHAR(100) PRIMARY KEY,
    name VARCHAR(255) NOT NULL,
    manufacturer VARCHAR(100),
    location_id UUID REFERENCES locations(id),
    status VARCHAR(50) DEFAULT 'active',
    metadata JSONB,
    created_at TIMESTAMP DEFAULT NOW(),
    updated_at TIMESTAMP DEFAULT NOW()
);

COMMENT ON TABLE sensors IS 'Sensor registry; id is the sensor_id tag of the air_quality measurement.';

CREATE TRIGGER trg_sensors_updated_at
    BEFORE UPDATE ON sensors
    FOR EACH ROW EXECUTE FUNCTION aqmrg_set_updated_at();
