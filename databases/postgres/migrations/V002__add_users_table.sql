-- V002: users.
--
-- The CREATE TABLE below is the original description's users table, verbatim (same
-- columns, types and defaults). What this project adds comes after it: the updated_at
-- trigger and the allowed roles. The indexes idx_users_email / idx_users_role are in V005.
-- Runs under Flyway and with psql -f alike; never edit once applied (add a new version).

CREATE TABLE users (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    email VARCHAR(255) UNIQUE NOT NULL,
    password_hash VARCHAR(255) NOT NULL,
    role VARCHAR(50) NOT NULL DEFAULT 'public',
    created_at TIMESTAMP DEFAULT NOW(),
    updated_at TIMESTAMP DEFAULT NOW()
);

-- The three roles the API knows (least to most privileged). An unknown role in the
-- database would otherwise be a silent privilege bug, so the database refuses it.
ALTER TABLE users
    ADD CONSTRAINT users_role_check CHECK (role IN ('public', 'researcher', 'admin'));

COMMENT ON TABLE users IS 'User accounts: login e-mail, Argon2id password hash (PHC string), role.';
COMMENT ON COLUMN users.password_hash IS 'Argon2id PHC string ($argon2id$v=19$m=...,t=...,p=...$salt$hash); never a plain password.';

CREATE TRIGGER trg_users_updated_at
    BEFORE UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION aqmrg_set_updated_at();
