-- The scheduled backups (AQMRG_BACKUP_SCHEDULE): one row per scheduled moment, inserted by the
-- instance that takes it, so that with several instances on the same database each moment is
-- backed up once.
CREATE TABLE IF NOT EXISTS backup_runs (
    slot TIMESTAMPTZ PRIMARY KEY,
    instance VARCHAR(255) NOT NULL,
    started_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    finished_at TIMESTAMPTZ,
    folder TEXT,
    error TEXT
);
