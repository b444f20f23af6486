-- V013: forecasts as the forecasting pipeline publishes them.
--
-- The seed's predictions table (V001) holds one value per location, pollutant, target time and
-- model version. A pipeline issues a new forecast for the same target time every run, and the
-- skill of a forecast depends on how far ahead it was made, so each issue is kept: issued_at
-- joins the primary key, and the same (location, pollutant, target time, model version, issue
-- time) sent again replaces the stored row (the pipeline can retry safely). model_name names
-- the model apart from its version; interval_level is the nominal coverage of
-- [lower_bound, upper_bound] (0.9 for a 90 % interval).
-- Rows stored before this version get their created_at as their issue time.
-- Runs under Flyway and with psql -f alike; never edit once applied (add a new version).

ALTER TABLE predictions
    ADD COLUMN issued_at      TIMESTAMPTZ,
    ADD COLUMN model_name     VARCHAR(100),
    ADD COLUMN interval_level DOUBLE PRECISION;

UPDATE predictions SET issued_at = created_at WHERE issued_at IS NULL;
UPDATE predictions SET model_name = model_version WHERE model_name IS NULL;

ALTER TABLE predictions
    ALTER COLUMN issued_at SET NOT NULL,
    ALTER COLUMN model_name SET NOT NULL,
    DROP CONSTRAINT predictions_pkey,
    ADD CONSTRAINT predictions_pkey
        PRIMARY KEY (location_id, pollutant, target_time, model_version, issued_at),
    ADD CONSTRAINT predictions_interval_level_check
        CHECK (interval_level IS NULL OR (interval_level > 0 AND interval_level < 1));

COMMENT ON COLUMN predictions.issued_at IS
    'When the model issued the forecast; part of the key, so every issue for a target time is kept.';
COMMENT ON COLUMN predictions.model_name IS 'The model''s name, apart from its version.';
COMMENT ON COLUMN predictions.interval_level IS
    'Nominal coverage of [lower_bound, upper_bound], e.g. 0.9; NULL when no level was given.';
