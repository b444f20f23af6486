-- V005: indexes.
--
-- First the six indexes of the original description, with their exact names and columns,
-- then the ones the platform's queries need. Indexes created on a partitioned parent
-- (predictions, audit_logs) are created on every existing partition and on every
-- partition created or attached later, so aqmrg_ensure_monthly_partitions() needs no
-- index code of its own.
-- Runs under Flyway (one transaction, hence no CREATE INDEX CONCURRENTLY) and with psql -f
-- alike; never edit once applied (add a new version).

-- From the original description.
-- (users.email is also covered by the UNIQUE constraint's index users_email_key; the named
--  index is kept because the description asks for it.)
CREATE INDEX idx_users_email ON users(email);
CREATE INDEX idx_users_role ON users(role);
CREATE INDEX idx_sensors_location ON sensors(location_id);
CREATE INDEX idx_sensors_status ON sensors(status);
CREATE INDEX idx_alerts_user ON alerts(user_id);
CREATE INDEX idx_alerts_enabled ON alerts(enabled);

-- Alerts of a location: evaluated on every reading of that location's sensors.
CREATE INDEX idx_alerts_location ON alerts(location_id);

-- Sensor list filtered by manufacturer.
CREATE INDEX idx_sensors_manufacturer ON sensors(manufacturer);

-- Location list filtered by country, or country and city. (The UNIQUE (name, city,
-- country) index starts with name, so it cannot serve these.)
CREATE INDEX idx_locations_city_country ON locations(country, city);

-- Predictions by time range across all locations (e.g. "everything for tomorrow"); the
-- primary key (location_id, pollutant, target_time, model_version) serves per-location reads.
CREATE INDEX idx_predictions_target_time ON predictions(target_time);

-- Audit trail: newest first, by actor, by entity.
CREATE INDEX idx_audit_logs_occurred_at ON audit_logs(occurred_at);
CREATE INDEX idx_audit_logs_actor ON audit_logs(actor_id, occurred_at);
CREATE INDEX idx_audit_logs_entity ON audit_logs(entity_type, entity_id);
