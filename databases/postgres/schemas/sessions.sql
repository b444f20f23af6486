-- Reference only: the migrations are what runs. Defined by V009__add_sessions_table.sql.
--
-- Signed-in sessions when no Redis is configured (AQMRG_CACHE=memory); with Redis they live
-- under session:{session_id} there instead. The client sends the secret as the aqmrg_session
-- cookie or as "Authorization: Bearer aqs_..."; only its SHA-256 is stored.

CREATE TABLE sessions (
    session_id CHAR(64) PRIMARY KEY,                              -- SHA-256 of the session secret, hex
    user_id    UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role       VARCHAR(50) NOT NULL,                              -- the user's role at login
    email      VARCHAR(255) NOT NULL,                             -- the user's e-mail at login
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),                -- login
    expires_at TIMESTAMPTZ NOT NULL,                              -- login + AQMRG_SESSION_TTL_MINUTES; ignored after, deleted at a later login
    CONSTRAINT sessions_role_check CHECK (role IN ('public', 'researcher', 'admin'))
);

CREATE INDEX idx_sessions_user ON sessions(user_id);       -- end every session of a user
CREATE INDEX idx_sessions_expires ON sessions(expires_at); -- remove expired sessions
