-- predictions: reference definition (final state after V013).
--
-- REFERENCE ONLY. The migrations in ../migrations are what runs; this file is never
-- executed by the platform: when in doubt, the migrations win. Where each part comes from:
--   V001  CREATE TABLE predictions (partitioned), predictions_default, the partition
--         functions and the first monthly partitions
--   V005  idx_predictions_target_time
--   V013  issued_at (joins the primary key), model_name, interval_level
--
-- Partitioning: RANGE on target_time, one partition per UTC calendar month, named
-- predictions_yYYYYmMM (e.g. predictions_y2026m11 = [2026-11-01 00:00+00, 2026-12-01 00:00+00)),
-- plus predictions_default for months without a partition. Partitions are created by
--   SELECT aqmrg_ensure_monthly_partitions('predictions', <first month>, <number of months>);
-- (which moves matching rows out of predictions_default first) and removed by
--   SELECT aqmrg_drop_monthly_partitions_before('predictions', <cutoff date>);
-- Indexes and constraints declared on the parent apply to every partition.

CREATE TABLE predictions (
    -- Location the forecast is for (locations.id).
    location_id UUID NOT NULL REFERENCES locations(id),
    -- Forecast quantity, named like the air_quality fields: pm25, pm10, co, no2, o3, ...
    pollutant VARCHAR(50) NOT NULL,
    -- The time the forecast is for (not when it was made). Partition key.
    target_time TIMESTAMPTZ NOT NULL,
    -- Identifier of the model (and version) that produced the value, e.g. 'xgb-2026.11.1'.
    model_version VARCHAR(100) NOT NULL,
    -- When the model issued the forecast (V013); every issue of a target time is kept.
    issued_at TIMESTAMPTZ NOT NULL,
    -- The model's name apart from its version, e.g. 'xgb' (V013).
    model_name VARCHAR(100) NOT NULL,
    -- Forecast value in the pollutant's unit (µg/m³ for pm25/pm10, ppm for co, ppb for no2/o3).
    value DOUBLE PRECISION NOT NULL,
    -- Lower end of the prediction interval, same unit; null if the model gives none.
    lower_bound DOUBLE PRECISION,
    -- Upper end of the prediction interval, same unit; null if the model gives none.
    upper_bound DOUBLE PRECISION,
    -- Nominal coverage of [lower_bound, upper_bound], e.g. 0.9; NULL when none given (V013).
    interval_level DOUBLE PRECISION,
    -- Model-specific details as JSON, e.g. {"interval": 0.9, "features": "..."}.
    metadata JSONB,
    -- When the prediction was stored.
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    -- One value per location, pollutant, target time, model version and issue time;
    -- re-posting overwrites (upsert). Includes target_time because it is the partition key.
    CONSTRAINT predictions_pkey
        PRIMARY KEY (location_id, pollutant, target_time, model_version, issued_at),
    CONSTRAINT predictions_interval_level_check
        CHECK (interval_level IS NULL OR (interval_level > 0 AND interval_level < 1)),
    CONSTRAINT predictions_bounds_check CHECK (
        (lower_bound IS NULL OR lower_bound <= value)
        AND (upper_bound IS NULL OR value <= upper_bound)
    )
) PARTITION BY RANGE (target_time);

CREATE TABLE predictions_default PARTITION OF predictions DEFAULT;        -- V001
-- Monthly partitions, e.g. (created by aqmrg_ensure_monthly_partitions):
-- CREATE TABLE predictions_y2026m11 PARTITION OF predictions
--     FOR VALUES FROM ('2026-11-01 00:00:00+00') TO ('2026-12-01 00:00:00+00');

CREATE INDEX idx_predictions_target_time ON predictions(target_time);    -- V005
