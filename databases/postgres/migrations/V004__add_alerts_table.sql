-- V004: alerts.
--
-- The CREATE TABLE below is the original description's alerts table, verbatim: a user's
-- threshold on one pollutant at one location. The current state of each alert
-- (triggered|normal) lives in Redis as alert:{alert_id}:state, not here. The indexes
-- idx_alerts_user / _enabled / _location are in V005.
-- Runs under Flyway and with psql -f alike; never edit once applied (add a new version).

CREATE TABLE alerts (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id UUID REFERENCES users(id),
    location_id UUID REFERENCES locations(id),
    pollutant VARCHAR(50) NOT NULL,
    threshold DECIMAL(10,2) NOT NULL,
    enabled BOOLEAN DEFAULT true,
    notification_channels JSONB,
    created_at TIMESTAMP DEFAULT NOW(),
    updated_at TIMESTAMP DEFAULT NOW()
);

COMMENT ON TABLE alerts IS 'Alert rules: notify user_id when pollutant at location_id exceeds threshold.';

CREATE TRIGGER trg_alerts_updated_at
    BEFORE UPDATE ON alerts
    FOR EACH ROW EXECUTE FUNCTION aqmrg_set_updated_at();
