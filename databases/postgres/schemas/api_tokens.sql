-- Reference only: the migrations are what runs. Defined by V006__add_api_tokens_table.sql.
--
-- API tokens of devices and services. The token is shown once and never stored; requests carry
-- it as "Authorization: Token <token>" or "Authorization: Bearer <token>" (or, for InfluxDB 1.x
-- clients, as the password).

CREATE TABLE api_tokens (
    id           UUID PRIMARY KEY DEFAULT gen_random_uuid(),  -- the token's id, used to revoke it
    user_id      UUID REFERENCES users(id) ON DELETE CASCADE, -- owner; NULL when made by the operator's CLI
    name         VARCHAR(100) NOT NULL,                       -- what it is for, e.g. "gateway ikeja-1"
    token_hash   CHAR(64) NOT NULL UNIQUE,                    -- SHA-256 of the token, hex
    token_prefix VARCHAR(16) NOT NULL,                        -- first characters, to tell tokens apart
    scopes       TEXT[] NOT NULL,                             -- write:readings, write:predictions, read:all, read:metrics (V015)
    sensor_ids   TEXT[],                                      -- write:readings only for these sensors; NULL = all
    created_at   TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    last_used_at TIMESTAMPTZ,                                 -- at most a minute stale
    expires_at   TIMESTAMPTZ,                                 -- NULL = never
    revoked_at   TIMESTAMPTZ                                  -- NULL = active
);

CREATE INDEX idx_api_tokens_user ON api_tokens(user_id);
