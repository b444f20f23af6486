-- V007: the time series on PostgreSQL, for the embedded default and for deployments without
-- InfluxDB (AQMRG_TIMESERIES=postgres). The tables mirror the seed's InfluxDB buckets:
--
--   sensor_data          raw readings of the air_quality measurement, 30 days, one partition per day
--   sensor_data_hourly   hourly aggregates, 730 days, one partition per month
--   sensor_data_daily    daily aggregates, kept indefinitely
--   predictions          (the table of V001) model predictions, 365 days
--
-- Retention is dropping whole partitions, which costs nothing compared with DELETE.
-- A reading is identified by sensor and time: writing the same sensor and time again replaces
-- it, as InfluxDB does (the primary key makes that an upsert).

-- Daily partitions ------------------------------------------------------------------------

-- Creates the missing partitions <parent>_pYYYYMMDD for `days` days from `from_day` (UTC days).
-- Idempotent and safe when several instances run it at once (an advisory lock per parent).
-- Returns how many partitions it created.
CREATE FUNCTION aqmrg_ensure_daily_partitions(parent regclass, from_day date, days int)
RETURNS int
LANGUAGE plpgsql
AS $fn$
DECLARE
    v_schema    text;
    v_table     text;
    v_day       date;
    v_partition text;
    v_created   int := 0;
BEGIN
    SELECT n.nspname, c.relname INTO v_schema, v_table
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.oid = parent;
    PERFORM pg_advisory_xact_lock(hashtext('aqmrg_daily_partitions:' || v_schema || '.' || v_table));
    FOR i IN 0 .. days - 1 LOOP
        v_day := from_day + i;
        v_partition := v_table || '_p' || to_char(v_day, 'YYYYMMDD');
        IF to_regclass(format('%I.%I', v_schema, v_partition)) IS NULL THEN
            EXECUTE format(
                'CREATE TABLE %I.%I PARTITION OF %s FOR VALUES FROM (%L) TO (%L)',
                v_schema, v_partition, parent,
                to_char(v_day, 'YYYY-MM-DD') || ' 00:00:00+00',
                to_char(v_day + 1, 'YYYY-MM-DD') || ' 00:00:00+00');
            v_created := v_created + 1;
        END IF;
    END LOOP;
    RETURN v_created;
END
$fn$;

COMMENT ON FUNCTION aqmrg_ensure_daily_partitions(regclass, date, int) IS
    'Creates the missing daily partitions <parent>_pYYYYMMDD for days from from_day; returns how many.';

-- Drops the daily partitions <parent>_pYYYYMMDD of days before `cutoff`; returns how many.
CREATE FUNCTION aqmrg_drop_daily_partitions_before(parent regclass, cutoff date)
RETURNS int
LANGUAGE plpgsql
AS $fn$
DECLARE
    v_partition record;
    v_dropped   int := 0;
    v_table     text;
BEGIN
    SELECT c.relname INTO v_table FROM pg_class c WHERE c.oid = parent;
    FOR v_partition IN
        SELECT c.oid::regclass AS name, c.relname
          FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
         WHERE i.inhparent = parent
           AND c.relname ~ ('^' || v_table || '_p[0-9]{8}$')
           AND to_date(right(c.relname, 8), 'YYYYMMDD') < cutoff
    LOOP
        EXECUTE format('DROP TABLE %s', v_partition.name);
        v_dropped := v_dropped + 1;
    END LOOP;
    RETURN v_dropped;
END
$fn$;

COMMENT ON FUNCTION aqmrg_drop_daily_partitions_before(regclass, date) IS
    'Drops the daily partitions of days before cutoff (retention); returns how many.';

-- Raw readings ----------------------------------------------------------------------------

CREATE TABLE sensor_data (
    time          TIMESTAMPTZ NOT NULL,
    sensor_id     VARCHAR(100) NOT NULL,
    location      VARCHAR(255),
    manufacturer  VARCHAR(100),
    pm25          DOUBLE PRECISION,   -- µg/m³
    pm10          DOUBLE PRECISION,   -- µg/m³
    temperature   DOUBLE PRECISION,   -- °C
    humidity      DOUBLE PRECISION,   -- %
    co            DOUBLE PRECISION,   -- ppm
    no2           DOUBLE PRECISION,   -- ppb
    o3            DOUBLE PRECISION,   -- ppb
    PRIMARY KEY (sensor_id, time)
) PARTITION BY RANGE (time);

COMMENT ON TABLE sensor_data IS
    'Raw readings of the air_quality measurement (bucket sensor_data, 30 days), one partition per UTC day.';

-- Rollups ---------------------------------------------------------------------------------
-- For each field F: F is the mean (as the seed's downsampling task writes it), F_min, F_max and
-- F_count the other aggregates, as in databases/influxdb/continuous-queries.

CREATE TABLE sensor_data_hourly (
    time              TIMESTAMPTZ NOT NULL,   -- start of the hour (UTC)
    sensor_id         VARCHAR(100) NOT NULL,
    location          VARCHAR(255),
    manufacturer      VARCHAR(100),
    pm25 DOUBLE PRECISION, pm25_min DOUBLE PRECISION, pm25_max DOUBLE PRECISION, pm25_count INTEGER,
    pm10 DOUBLE PRECISION, pm10_min DOUBLE PRECISION, pm10_max DOUBLE PRECISION, pm10_count INTEGER,
    temperature DOUBLE PRECISION, temperature_min DOUBLE PRECISION, temperature_max DOUBLE PRECISION, temperature_count INTEGER,
    humidity DOUBLE PRECISION, humidity_min DOUBLE PRECISION, humidity_max DOUBLE PRECISION, humidity_count INTEGER,
    co DOUBLE PRECISION, co_min DOUBLE PRECISION, co_max DOUBLE PRECISION, co_count INTEGER,
    no2 DOUBLE PRECISION, no2_min DOUBLE PRECISION, no2_max DOUBLE PRECISION, no2_count INTEGER,
    o3 DOUBLE PRECISION, o3_min DOUBLE PRECISION, o3_max DOUBLE PRECISION, o3_count INTEGER,
    PRIMARY KEY (sensor_id, time)
) PARTITION BY RANGE (time);

COMMENT ON TABLE sensor_data_hourly IS
    'Hourly aggregates (bucket sensor_data_hourly, 730 days), one partition per month.';

CREATE TABLE sensor_data_daily (
    time              TIMESTAMPTZ NOT NULL,   -- start of the UTC day
    sensor_id         VARCHAR(100) NOT NULL,
    location          VARCHAR(255),
    manufacturer      VARCHAR(100),
    pm25 DOUBLE PRECISION, pm25_min DOUBLE PRECISION, pm25_max DOUBLE PRECISION, pm25_count INTEGER,
    pm10 DOUBLE PRECISION, pm10_min DOUBLE PRECISION, pm10_max DOUBLE PRECISION, pm10_count INTEGER,
    temperature DOUBLE PRECISION, temperature_min DOUBLE PRECISION, temperature_max DOUBLE PRECISION, temperature_count INTEGER,
    humidity DOUBLE PRECISION, humidity_min DOUBLE PRECISION, humidity_max DOUBLE PRECISION, humidity_count INTEGER,
    co DOUBLE PRECISION, co_min DOUBLE PRECISION, co_max DOUBLE PRECISION, co_count INTEGER,
    no2 DOUBLE PRECISION, no2_min DOUBLE PRECISION, no2_max DOUBLE PRECISION, no2_count INTEGER,
    o3 DOUBLE PRECISION, o3_min DOUBLE PRECISION, o3_max DOUBLE PRECISION, o3_count INTEGER,
    PRIMARY KEY (sensor_id, time)
);

COMMENT ON TABLE sensor_data_daily IS
    'Daily aggregates (bucket sensor_data_daily, kept indefinitely).';

-- Initial partitions: the raw retention (30 days) back and two days ahead; rollup months as
-- for predictions. The platform keeps them in place at start-up and daily.
SELECT aqmrg_ensure_daily_partitions('sensor_data', (now() AT TIME ZONE 'UTC')::date - 31, 34);
SELECT aqmrg_ensure_monthly_partitions('sensor_data_hourly', ((now() AT TIME ZONE 'UTC') - interval '1 month')::date, 5);
