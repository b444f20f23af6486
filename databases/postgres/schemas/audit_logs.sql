-- audit_logs: reference definition (final state after V005).
--
-- REFERENCE ONLY. The migrations in ../migrations are what runs; this file is never
-- executed by the platform: when in doubt, the migrations win. Where each part comes from:
--   V001  CREATE TABLE audit_logs (partitioned), audit_logs_default, the partition
--         functions and the first monthly partitions
--   V005  idx_audit_logs_occurred_at, idx_audit_logs_actor, idx_audit_logs_entity
--
-- Partitioning: RANGE on occurred_at, one partition per UTC calendar month, named
-- audit_logs_yYYYYmMM, plus audit_logs_default; managed with
-- aqmrg_ensure_monthly_partitions('audit_logs', ...) and
-- aqmrg_drop_monthly_partitions_before('audit_logs', ...). Append-only by convention:
-- the application only inserts.

CREATE TABLE audit_logs (
    -- Sequence number from an identity column; unique on its own.
    id BIGINT GENERATED ALWAYS AS IDENTITY,
    -- When the action happened. Partition key.
    occurred_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    -- Kind of actor: 'user' (session), 'token' (API/device token), 'system' (the
    -- platform itself, e.g. scheduled jobs), 'anonymous' (no credentials).
    actor_type VARCHAR(20) NOT NULL,
    -- users.id for a user, the token's id for a token; null for anonymous and system.
    actor_id VARCHAR(255),
    -- Readable actor as it was at the time: the user's e-mail or the token's name
    -- (kept even if the user or token is later renamed or deleted).
    actor VARCHAR(255),
    -- What was done, e.g. 'login', 'login_failed', 'sensor.create', 'alert.update'.
    action VARCHAR(100) NOT NULL,
    -- Kind of object acted on, e.g. 'sensor', 'location', 'user', 'alert'; null if none.
    entity_type VARCHAR(50),
    -- Id of that object (text, since ids are UUIDs or sensor ids); null if none.
    entity_id VARCHAR(255),
    -- Further details as JSON (changed fields, reason, ...); never secrets or passwords.
    details JSONB,
    -- IP address of the client (after trusted proxies), if the action came over HTTP.
    client_address INET,
    -- Includes occurred_at because it is the partition key.
    CONSTRAINT audit_logs_pkey PRIMARY KEY (id, occurred_at),
    CONSTRAINT audit_logs_actor_type_check CHECK (actor_type IN ('user', 'token', 'system', 'anonymous'))
) PARTITION BY RANGE (occurred_at);

CREATE TABLE audit_logs_default PARTITION OF audit_logs DEFAULT;          -- V001
-- Monthly partitions, e.g. (created by aqmrg_ensure_monthly_partitions):
-- CREATE TABLE audit_logs_y2026m11 PARTITION OF audit_logs
--     FOR VALUES FROM ('2026-11-01 00:00:00+00') TO ('2026-12-01 00:00:00+00');

CREATE INDEX idx_audit_logs_occurred_at ON audit_logs(occurred_at);      -- V005
CREATE INDEX idx_audit_logs_actor ON audit_logs(actor_id, occurred_at);  -- V005
CREATE INDEX idx_audit_logs_entity ON audit_logs(entity_type, entity_id);-- V005
