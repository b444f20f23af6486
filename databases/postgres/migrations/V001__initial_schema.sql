-- V001: initial schema.
--
-- Runs under Flyway (classpath:databases/postgres/migrations, one transaction per file,
-- placeholder replacement off) and with `psql -v ON_ERROR_STOP=1 -f` on an empty database.
-- Both give the same schema, so this file holds no BEGIN/COMMIT and no psql meta-commands.
-- An applied migration is never edited: change the schema with a new V006__... file.
--
-- Contents:
--   1. aqmrg_set_updated_at()              trigger function that keeps updated_at current
--   2. aqmrg_ensure_monthly_partitions()   creates missing monthly partitions
--      aqmrg_drop_monthly_partitions_before()  retention: detaches and drops old months
--   3. locations                           geographic sites (sensors and alerts refer to them)
--   4. predictions                         forecasts, partitioned by month of target_time
--   5. audit_logs                          audit trail, partitioned by month of occurred_at
--   6. the partitions from the previous month to three months ahead
--
-- gen_random_uuid() is built in from PostgreSQL 13, so no extension is needed.


-- ---------------------------------------------------------------------------------------
-- 1. updated_at trigger function
-- ---------------------------------------------------------------------------------------
-- Every table with an updated_at column gets a BEFORE UPDATE trigger that calls this, so
-- the column is right whoever writes the row (the app, psql, a later migration).
CREATE OR REPLACE FUNCTION public.aqmrg_set_updated_at()
RETURNS trigger
LANGUAGE plpgsql
AS $fn$
BEGIN
    NEW.updated_at := NOW();
    RETURN NEW;
END;
$fn$;

COMMENT ON FUNCTION public.aqmrg_set_updated_at() IS
    'BEFORE UPDATE trigger function: sets updated_at = NOW() on every updated row.';


-- ---------------------------------------------------------------------------------------
-- 2. Partition management
-- ---------------------------------------------------------------------------------------
-- predictions and audit_logs grow without bound and are almost always read by time range.
-- Monthly range partitions keep each index small, let a time-range query touch only the
-- months it asks for, and make retention a cheap DROP TABLE of a whole month instead of a
-- huge DELETE followed by VACUUM.
--
-- Naming (derived from the parent, so the same functions serve both tables):
--   <parent>_yYYYYmMM   e.g. predictions_y2026m11 holds [2026-11-01, 2026-12-01) UTC
--   <parent>_default    the DEFAULT partition
-- Month boundaries are UTC midnights: the bounds are written with an explicit +00 offset,
-- so the session's TimeZone setting never shifts them.
--
-- The DEFAULT partition catches rows whose month has no partition yet (a prediction far in
-- the future, a clock that is wrong), so an INSERT never fails for lack of a partition.
-- PostgreSQL refuses to create a partition while the default partition holds rows of its
-- range; aqmrg_ensure_monthly_partitions() therefore moves those rows into the new
-- partition first, so creating a partition never fails either.

CREATE OR REPLACE FUNCTION public.aqmrg_ensure_monthly_partitions(
    parent     regclass,
    from_month date,
    months     int
)
RETURNS int
LANGUAGE plpgsql
AS $fn$
DECLARE
    v_schema      name;
    v_table       name;
    v_key         name;
    v_default     regclass;
    v_columns     text;
    v_month_start date;
    v_month_end   date;
    v_lower       text;
    v_upper       text;
    v_partition   name;
    v_existing    oid;
    v_has_rows    boolean;
    v_created     int := 0;
    v_locked      boolean := false;
    i             int;
BEGIN
    IF parent IS NULL OR from_month IS NULL OR months IS NULL THEN
        RAISE EXCEPTION 'aqmrg_ensure_monthly_partitions: arguments must not be null';
    END IF;
    IF months < 0 THEN
        RAISE EXCEPTION 'aqmrg_ensure_monthly_partitions: months must be >= 0, got %', months;
    END IF;

    SELECT n.nspname, c.relname
      INTO v_schema, v_table
      FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.oid = parent;

    -- The parent must be range-partitioned on exactly one plain column.
    SELECT a.attname,
           CASE WHEN pt.partdefid = 0 THEN NULL ELSE pt.partdefid::regclass END
      INTO v_key, v_default
      FROM pg_partitioned_table pt
      JOIN pg_attribute a ON a.attrelid = pt.partrelid AND a.attnum = pt.partattrs[0]
     WHERE pt.partrelid = parent
       AND pt.partstrat = 'r'
       AND pt.partnatts = 1;
    IF v_key IS NULL THEN
        RAISE EXCEPTION 'aqmrg_ensure_monthly_partitions: % is not range-partitioned on one column',
            parent;
    END IF;

    -- Explicit column list in the parent's order, used when rows are moved.
    SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum)
      INTO v_columns
      FROM pg_attribute a
     WHERE a.attrelid = parent AND a.attnum > 0 AND NOT a.attisdropped;

    FOR i IN 0 .. months - 1 LOOP
        v_month_start := (date_trunc('month', from_month) + interval '1 month' * i)::date;
        v_month_end   := (v_month_start + interval '1 month')::date;
        v_partition   := v_table || '_y' || to_char(v_month_start, 'YYYY') || 'm' || to_char(v_month_start, 'MM');
        v_lower       := to_char(v_month_start, 'YYYY-MM-DD') || ' 00:00:00+00';
        v_upper       := to_char(v_month_end,   'YYYY-MM-DD') || ' 00:00:00+00';

        SELECT c.oid
          INTO v_existing
          FROM pg_class c
         WHERE c.relname = v_partition
           AND c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = v_schema);

        IF v_existing IS NOT NULL THEN
            IF NOT EXISTS (SELECT 1 FROM pg_inherits WHERE inhrelid = v_existing AND inhparent = parent) THEN
                RAISE EXCEPTION 'aqmrg_ensure_monthly_partitions: %.% exists but is not a partition of %',
                    v_schema, v_partition, parent;
            END IF;
            CONTINUE;  -- already there: nothing to do (this is what makes the function idempotent)
        END IF;

        -- Something is missing, so lock (once): parent first, then its default partition.
        -- SHARE UPDATE EXCLUSIVE on the parent is what CREATE ... PARTITION OF and ATTACH
        -- take anyway; ACCESS EXCLUSIVE on the default partition stops a row of the new
        -- month slipping into it between the check/move below and the create/attach.
        -- Writers wait only for the rest of this (short) transaction. When every partition
        -- already exists no lock is taken at all.
        IF NOT v_locked THEN
            EXECUTE format('LOCK TABLE %s IN SHARE UPDATE EXCLUSIVE MODE', parent);
            IF v_default IS NOT NULL THEN
                EXECUTE format('LOCK TABLE %s IN ACCESS EXCLUSIVE MODE', v_default);
            END IF;
            v_locked := true;
            -- Another instance may have created it while this one waited for the lock
            -- (several app instances run this at start-up).
            IF to_regclass(format('%I.%I', v_schema, v_partition)) IS NOT NULL THEN
                CONTINUE;
            END IF;
        END IF;

        v_has_rows := false;
        IF v_default IS NOT NULL THEN
            EXECUTE format('SELECT EXISTS (SELECT 1 FROM %s WHERE %I >= %L AND %I < %L)',
                           v_default, v_key, v_lower, v_key, v_upper)
               INTO v_has_rows;
        END IF;

        IF NOT v_has_rows THEN
            EXECUTE format('CREATE TABLE %I.%I PARTITION OF %s FOR VALUES FROM (%L) TO (%L)',
                           v_schema, v_partition, parent, v_lower, v_upper);
        ELSE
            -- The default partition holds rows of this month. Build the partition as a
            -- standalone table with the parent's columns, defaults and CHECK constraints
            -- (identity and indexes are not copied: the parent supplies them on ATTACH),
            -- move the rows over, then attach it. The temporary CHECK constraint proves
            -- the bounds to ATTACH, which then skips re-scanning the moved rows.
            EXECUTE format('CREATE TABLE %I.%I (LIKE %s INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING COMMENTS)',
                           v_schema, v_partition, parent);
            EXECUTE format('ALTER TABLE %I.%I ADD CONSTRAINT %I CHECK (%I IS NOT NULL AND %I >= %L AND %I < %L)',
                           v_schema, v_partition, v_partition || '_bounds',
                           v_key, v_key, v_lower, v_key, v_upper);
            EXECUTE format('WITH moved AS (DELETE FROM %s WHERE %I >= %L AND %I < %L RETURNING %s) '
                           'INSERT INTO %I.%I (%s) SELECT %s FROM moved',
                           v_default, v_key, v_lower, v_key, v_upper, v_columns,
                           v_schema, v_partition, v_columns, v_columns);
            EXECUTE format('ALTER TABLE %s ATTACH PARTITION %I.%I FOR VALUES FROM (%L) TO (%L)',
                           parent, v_schema, v_partition, v_lower, v_upper);
            EXECUTE format('ALTER TABLE %I.%I DROP CONSTRAINT %I',
                           v_schema, v_partition, v_partition || '_bounds');
        END IF;

        v_created := v_created + 1;
    END LOOP;

    RETURN v_created;
END;
$fn$;

COMMENT ON FUNCTION public.aqmrg_ensure_monthly_partitions(regclass, date, int) IS
    'Creates the missing monthly partitions <parent>_yYYYYmMM for `months` months from '
    'date_trunc(''month'', from_month), moving any rows of those months out of the DEFAULT '
    'partition first. Idempotent. Returns the number of partitions created.';


CREATE OR REPLACE FUNCTION public.aqmrg_drop_monthly_partitions_before(
    parent regclass,
    cutoff date
)
RETURNS int
LANGUAGE plpgsql
AS $fn$
DECLARE
    v_table       name;
    v_partition   record;
    v_month_start date;
    v_dropped     int := 0;
BEGIN
    IF parent IS NULL OR cutoff IS NULL THEN
        RAISE EXCEPTION 'aqmrg_drop_monthly_partitions_before: arguments must not be null';
    END IF;

    SELECT c.relname INTO v_table FROM pg_class c WHERE c.oid = parent;

    -- Only partitions named <parent>_yYYYYmMM are considered; the default partition and any
    -- hand-made partition are left alone. A month is dropped when its whole range
    -- [month start, next month start) lies before cutoff.
    FOR v_partition IN
        SELECT n.nspname AS schema_name, c.relname AS table_name
          FROM pg_inherits i
          JOIN pg_class c ON c.oid = i.inhrelid
          JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE i.inhparent = parent
           AND left(c.relname, length(v_table)) = v_table
           AND substr(c.relname, length(v_table) + 1) ~ '^_y[0-9]{4}m(0[1-9]|1[0-2])$'
         ORDER BY c.relname
    LOOP
        v_month_start := to_date(substr(v_partition.table_name, length(v_table) + 3, 4)
                                 || substr(v_partition.table_name, length(v_table) + 8, 2)
                                 || '01', 'YYYYMMDD');
        IF (v_month_start + interval '1 month')::date <= cutoff THEN
            EXECUTE format('ALTER TABLE %s DETACH PARTITION %I.%I',
                           parent, v_partition.schema_name, v_partition.table_name);
            EXECUTE format('DROP TABLE %I.%I', v_partition.schema_name, v_partition.table_name);
            v_dropped := v_dropped + 1;
        END IF;
    END LOOP;

    RETURN v_dropped;
END;
$fn$;

COMMENT ON FUNCTION public.aqmrg_drop_monthly_partitions_before(regclass, date) IS
    'Detaches and drops the monthly partitions <parent>_yYYYYmMM whose whole month lies '
    'before cutoff (retention). Returns the number of partitions dropped.';


-- ---------------------------------------------------------------------------------------
-- 3. locations
-- ---------------------------------------------------------------------------------------
-- A monitoring site. Created here (not in a later file) because sensors, alerts and
-- predictions all reference it.
CREATE TABLE locations (
    id         UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name       VARCHAR(255) NOT NULL,
    city       VARCHAR(100) NOT NULL,
    country    CHAR(2) NOT NULL,
    latitude   DOUBLE PRECISION NOT NULL,
    longitude  DOUBLE PRECISION NOT NULL,
    timezone   VARCHAR(64) NOT NULL DEFAULT 'UTC',
    metadata   JSONB,
    created_at TIMESTAMP DEFAULT NOW(),
    updated_at TIMESTAMP DEFAULT NOW(),
    CONSTRAINT locations_name_city_country_key UNIQUE (name, city, country),
    -- ISO 3166-1 alpha-2, upper case ("NG", not "ng" or "N").
    CONSTRAINT locations_country_check   CHECK (country ~ '^[A-Z]{2}$'),
    CONSTRAINT locations_latitude_check  CHECK (latitude  BETWEEN -90  AND 90),
    CONSTRAINT locations_longitude_check CHECK (longitude BETWEEN -180 AND 180),
    -- Free-form attributes (land use, elevation, ...) but always an object, so code can add keys.
    CONSTRAINT locations_metadata_check  CHECK (metadata IS NULL OR jsonb_typeof(metadata) = 'object')
);

COMMENT ON TABLE locations IS 'Geographic monitoring sites; sensors, alerts and predictions refer to them.';
COMMENT ON COLUMN locations.timezone IS 'IANA time-zone name (e.g. Africa/Lagos), used for local-day reports.';

CREATE TRIGGER trg_locations_updated_at
    BEFORE UPDATE ON locations
    FOR EACH ROW EXECUTE FUNCTION aqmrg_set_updated_at();


-- ---------------------------------------------------------------------------------------
-- 4. predictions
-- ---------------------------------------------------------------------------------------
-- One forecast value per (location, pollutant, target time, model version). Re-running a
-- model version overwrites its values (upsert on the primary key); a new model version
-- sits beside the old one so they can be compared. The partition key target_time is part
-- of the primary key, as PostgreSQL requires for unique constraints on partitioned tables.
CREATE TABLE predictions (
    location_id   UUID NOT NULL REFERENCES locations(id),
    pollutant     VARCHAR(50) NOT NULL,
    target_time   TIMESTAMPTZ NOT NULL,
    model_version VARCHAR(100) NOT NULL,
    value         DOUBLE PRECISION NOT NULL,
    lower_bound   DOUBLE PRECISION,
    upper_bound   DOUBLE PRECISION,
    metadata      JSONB,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    CONSTRAINT predictions_pkey PRIMARY KEY (location_id, pollutant, target_time, model_version),
    -- The interval, where given, must contain the value.
    CONSTRAINT predictions_bounds_check CHECK (
        (lower_bound IS NULL OR lower_bound <= value)
        AND (upper_bound IS NULL OR value <= upper_bound)
    )
) PARTITION BY RANGE (target_time);

COMMENT ON TABLE predictions IS
    'Model forecasts; monthly partitions predictions_yYYYYmMM on target_time (UTC) plus predictions_default.';

-- The default partition catches target times whose month has no partition yet.
CREATE TABLE predictions_default PARTITION OF predictions DEFAULT;


-- ---------------------------------------------------------------------------------------
-- 5. audit_logs
-- ---------------------------------------------------------------------------------------
-- Who did what, when. Append-only by convention. The primary key includes occurred_at
-- because the table is partitioned on it; id alone is still unique (identity sequence).
CREATE TABLE audit_logs (
    id             BIGINT GENERATED ALWAYS AS IDENTITY,
    occurred_at    TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    actor_type     VARCHAR(20) NOT NULL,
    actor_id       VARCHAR(255),
    actor          VARCHAR(255),
    action         VARCHAR(100) NOT NULL,
    entity_type    VARCHAR(50),
    entity_id      VARCHAR(255),
    details        JSONB,
    client_address INET,
    CONSTRAINT audit_logs_pkey PRIMARY KEY (id, occurred_at),
    CONSTRAINT audit_logs_actor_type_check CHECK (actor_type IN ('user', 'token', 'system', 'anonymous'))
) PARTITION BY RANGE (occurred_at);

COMMENT ON TABLE audit_logs IS
    'Audit trail; monthly partitions audit_logs_yYYYYmMM on occurred_at (UTC) plus audit_logs_default.';

-- The default partition catches rows whose month has no partition yet.
CREATE TABLE audit_logs_default PARTITION OF audit_logs DEFAULT;


-- ---------------------------------------------------------------------------------------
-- 6. Initial partitions: previous month, current month and three months ahead (UTC).
-- ---------------------------------------------------------------------------------------
-- aqmrg_ensure_monthly_partitions() must then run regularly (at application start-up and
-- daily) so the months ahead keep existing; this first call makes a database built with
-- plain psql usable straight away.
SELECT aqmrg_ensure_monthly_partitions('predictions'::regclass,
                                       ((NOW() AT TIME ZONE 'UTC')::date - interval '1 month')::date,
                                       5);
SELECT aqmrg_ensure_monthly_partitions('audit_logs'::regclass,
                                       ((NOW() AT TIME ZONE 'UTC')::date - interval '1 month')::date,
                                       5);
