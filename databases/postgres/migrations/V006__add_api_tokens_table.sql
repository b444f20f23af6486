-- V006: API tokens for devices (sensors, gateways) and services (the forecasting pipeline).
--
-- The token itself is shown once, at creation, and never stored: token_hash is its SHA-256 in
-- hex. A token is high-entropy random data, so a fast hash is enough (no brute force can walk
-- 256 bits) and lets every request find its token with one indexed lookup.

CREATE TABLE api_tokens (
    id           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    -- The user the token acts for; NULL for tokens created from the command line by the operator.
    user_id      UUID REFERENCES users(id) ON DELETE CASCADE,
    name         VARCHAR(100) NOT NULL,
    token_hash   CHAR(64) NOT NULL,
    -- The first characters of the token, shown in lists so a person can tell tokens apart.
    token_prefix VARCHAR(16) NOT NULL,
    -- What the token may do: write:readings, write:predictions, read:all.
    scopes       TEXT[] NOT NULL,
    -- For write:readings: the only sensors it may write for; NULL means every sensor.
    sensor_ids   TEXT[],
    created_at   TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    -- Updated at most once a minute per token, so a busy device does not write on every request.
    last_used_at TIMESTAMPTZ,
    -- NULL means the token does not expire.
    expires_at   TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ,
    CONSTRAINT api_tokens_token_hash_key UNIQUE (token_hash),
    CONSTRAINT api_tokens_scopes_check CHECK (
        cardinality(scopes) > 0
        AND scopes <@ ARRAY['write:readings', 'write:predictions', 'read:all']::TEXT[]),
    CONSTRAINT api_tokens_sensor_ids_check CHECK (sensor_ids IS NULL OR cardinality(sensor_ids) > 0)
);

CREATE INDEX idx_api_tokens_user ON api_tokens(user_id);

COMMENT ON TABLE api_tokens IS
    'API tokens of devices and services; only the SHA-256 of each token is stored.';
