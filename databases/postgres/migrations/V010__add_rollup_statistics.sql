-- V010: the rollups' statistics. sensor_data_hourly and sensor_data_daily (V007) held the mean,
-- minimum, maximum and count of each field; the rollups of org.aqmrg.rollups also keep the sample
-- standard deviation, the median and the coverage, and a day keeps its local calendar day, its
-- zone and its completeness. Every new column is nullable: a statistic that is null (an sd of a
-- single reading, a coverage of an unknown reporting interval, a field without readings) is NULL.
--
-- Per field F (pm25, pm10, temperature, humidity, co, no2, o3), in both tables:
--   F_sd        sample standard deviation (n - 1) of the readings; NULL for fewer than two
--   F_median    median (the mean of the two middle values for an even count): hourly, of the
--               readings; daily, of the hourly means
--   F_coverage  percent: hourly, readings observed of those the reporting interval expects
--               (capped at 100); daily, valid hours (coverage >= 75 %) of the day's hours
-- Daily only, per field F:
--   F_hours        hours of the day with readings of F
--   F_valid_hours  hours of the day with a coverage of F of at least 75 %
--   F_complete     at least 75 % of the day's hours are valid (18 of 24, 18 of 23, 19 of 25)
-- F itself stays the mean (hourly: of the readings; daily: of the hourly means), F_count the
-- number of readings, F_min and F_max their extremes.

ALTER TABLE sensor_data_hourly
    ADD COLUMN pm25_sd DOUBLE PRECISION,
    ADD COLUMN pm25_median DOUBLE PRECISION,
    ADD COLUMN pm25_coverage DOUBLE PRECISION,
    ADD COLUMN pm10_sd DOUBLE PRECISION,
    ADD COLUMN pm10_median DOUBLE PRECISION,
    ADD COLUMN pm10_coverage DOUBLE PRECISION,
    ADD COLUMN temperature_sd DOUBLE PRECISION,
    ADD COLUMN temperature_median DOUBLE PRECISION,
    ADD COLUMN temperature_coverage DOUBLE PRECISION,
    ADD COLUMN humidity_sd DOUBLE PRECISION,
    ADD COLUMN humidity_median DOUBLE PRECISION,
    ADD COLUMN humidity_coverage DOUBLE PRECISION,
    ADD COLUMN co_sd DOUBLE PRECISION,
    ADD COLUMN co_median DOUBLE PRECISION,
    ADD COLUMN co_coverage DOUBLE PRECISION,
    ADD COLUMN no2_sd DOUBLE PRECISION,
    ADD COLUMN no2_median DOUBLE PRECISION,
    ADD COLUMN no2_coverage DOUBLE PRECISION,
    ADD COLUMN o3_sd DOUBLE PRECISION,
    ADD COLUMN o3_median DOUBLE PRECISION,
    ADD COLUMN o3_coverage DOUBLE PRECISION,
    -- the reporting interval the coverage was computed with, in seconds; NULL when unknown
    ADD COLUMN interval_s DOUBLE PRECISION;

COMMENT ON COLUMN sensor_data_hourly.interval_s IS
    'Reporting interval (seconds) the coverage columns were computed with; NULL when unknown.';

-- time was the start of the UTC day; a daily rollup is a local calendar day of the sensor's
-- location, so time is now that day's local midnight (e.g. 23:00 UTC the day before in Lagos).
ALTER TABLE sensor_data_daily
    -- the local calendar day, its IANA zone and its length in hours (23, 24 or 25)
    ADD COLUMN day DATE,
    ADD COLUMN zone VARCHAR(64),
    ADD COLUMN hours SMALLINT,
    ADD COLUMN pm25_sd DOUBLE PRECISION,
    ADD COLUMN pm25_median DOUBLE PRECISION,
    ADD COLUMN pm25_coverage DOUBLE PRECISION,
    ADD COLUMN pm25_hours SMALLINT,
    ADD COLUMN pm25_valid_hours SMALLINT,
    ADD COLUMN pm25_complete BOOLEAN,
    ADD COLUMN pm10_sd DOUBLE PRECISION,
    ADD COLUMN pm10_median DOUBLE PRECISION,
    ADD COLUMN pm10_coverage DOUBLE PRECISION,
    ADD COLUMN pm10_hours SMALLINT,
    ADD COLUMN pm10_valid_hours SMALLINT,
    ADD COLUMN pm10_complete BOOLEAN,
    ADD COLUMN temperature_sd DOUBLE PRECISION,
    ADD COLUMN temperature_median DOUBLE PRECISION,
    ADD COLUMN temperature_coverage DOUBLE PRECISION,
    ADD COLUMN temperature_hours SMALLINT,
    ADD COLUMN temperature_valid_hours SMALLINT,
    ADD COLUMN temperature_complete BOOLEAN,
    ADD COLUMN humidity_sd DOUBLE PRECISION,
    ADD COLUMN humidity_median DOUBLE PRECISION,
    ADD COLUMN humidity_coverage DOUBLE PRECISION,
    ADD COLUMN humidity_hours SMALLINT,
    ADD COLUMN humidity_valid_hours SMALLINT,
    ADD COLUMN humidity_complete BOOLEAN,
    ADD COLUMN co_sd DOUBLE PRECISION,
    ADD COLUMN co_median DOUBLE PRECISION,
    ADD COLUMN co_coverage DOUBLE PRECISION,
    ADD COLUMN co_hours SMALLINT,
    ADD COLUMN co_valid_hours SMALLINT,
    ADD COLUMN co_complete BOOLEAN,
    ADD COLUMN no2_sd DOUBLE PRECISION,
    ADD COLUMN no2_median DOUBLE PRECISION,
    ADD COLUMN no2_coverage DOUBLE PRECISION,
    ADD COLUMN no2_hours SMALLINT,
    ADD COLUMN no2_valid_hours SMALLINT,
    ADD COLUMN no2_complete BOOLEAN,
    ADD COLUMN o3_sd DOUBLE PRECISION,
    ADD COLUMN o3_median DOUBLE PRECISION,
    ADD COLUMN o3_coverage DOUBLE PRECISION,
    ADD COLUMN o3_hours SMALLINT,
    ADD COLUMN o3_valid_hours SMALLINT,
    ADD COLUMN o3_complete BOOLEAN;

COMMENT ON COLUMN sensor_data_daily.time IS
    'Local midnight of the day in zone: the start of the day.';
COMMENT ON COLUMN sensor_data_daily.day IS 'The local calendar day.';
COMMENT ON COLUMN sensor_data_daily.zone IS 'IANA time zone of the sensor''s location, e.g. Africa/Lagos.';
COMMENT ON COLUMN sensor_data_daily.hours IS
    'UTC hours that start within the day: 24, or 23 and 25 on days the clocks change.';
