-- V009: signed-in sessions, for platforms without Redis (AQMRG_CACHE=memory).
--
-- With Redis, sessions live there (session:{session_id}, databases/redis/schemas). Without it
-- they used to live in process memory and ended at every restart; this table keeps them in the
-- database instead, shared by every instance. The client holds a secret (aqs_...); session_id
-- is its SHA-256 in hex, never the secret, so a dump of the table cannot be replayed as a login.
-- Rows whose expires_at has passed are ignored, and deleted at the next login.
-- Runs under Flyway and with psql -f alike; never edit once applied (add a new version).

CREATE TABLE sessions (
    session_id CHAR(64) PRIMARY KEY,
    user_id    UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    -- The user's role and e-mail at login; a change of either ends the user's sessions.
    role       VARCHAR(50) NOT NULL,
    email      VARCHAR(255) NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    expires_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT sessions_role_check CHECK (role IN ('public', 'researcher', 'admin'))
);

-- Ending every session of a user (role or password change, deletion).
CREATE INDEX idx_sessions_user ON sessions(user_id);
-- Removing expired sessions.
CREATE INDEX idx_sessions_expires ON sessions(expires_at);

COMMENT ON TABLE sessions IS
    'Signed-in sessions when no Redis is configured; only the SHA-256 of each session secret is stored.';
