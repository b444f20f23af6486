-- Reference only: the migrations are what runs. Defined by V014__add_backup_runs.sql.
--
-- The scheduled backups (AQMRG_BACKUP_SCHEDULE): one row per scheduled moment. The instance whose
-- INSERT of the moment succeeds takes it; the others see the key taken and skip it, so with
-- several instances on one database each moment is backed up once.

CREATE TABLE backup_runs (
    slot        TIMESTAMPTZ PRIMARY KEY,                         -- the moment the schedule names (UTC)
    instance    VARCHAR(255) NOT NULL,                           -- host and process that took it
    started_at  TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    finished_at TIMESTAMPTZ,                                     -- NULL while it runs
    folder      TEXT,                                            -- the complete backup folder, on success
    error       TEXT                                             -- why it failed, otherwise
);
