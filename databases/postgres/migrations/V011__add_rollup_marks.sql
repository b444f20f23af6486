-- V011: the hours whose rollups must be recomputed.
--
-- Every store write of readings marks the (sensor, UTC hour) pairs it touches here before it is
-- sent to the time-series store, so a mark is durable before the write is acknowledged: a
-- backlog uploaded a week late, or a point that replaces a stored one, is rolled up even when
-- the process dies between the acknowledgement and the recomputation. The table is shared by
-- every instance on the same database, whichever backend holds the time series.
--
-- A rollup worker claims marks (FOR UPDATE SKIP LOCKED, so two workers never take the same
-- mark) by setting claimed_by and claimed_until, a lease: a worker that dies leaves marks that
-- another takes once the lease has passed. Having recomputed an hour, the worker deletes its
-- mark only if marked_at is what it claimed; a write that marked the hour again meanwhile set a
-- new marked_at, and the mark then stays (its claim cleared) to be recomputed once more.
-- Runs under Flyway and with psql -f alike; never edit once applied (add a new version).

CREATE TABLE rollup_marks (
    sensor_id     VARCHAR(100) NOT NULL,
    -- The start of the UTC hour.
    hour          TIMESTAMPTZ NOT NULL,
    -- When a write last marked the hour; clock_timestamp(), not now(), so that two marks in one
    -- transaction differ and a mark's age is measured from the statement that made it.
    marked_at     TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    -- The instance recomputing the hour, and until when its claim holds; NULL when unclaimed.
    claimed_by    TEXT,
    claimed_until TIMESTAMPTZ,
    PRIMARY KEY (sensor_id, hour),
    CONSTRAINT rollup_marks_claim_check CHECK ((claimed_by IS NULL) = (claimed_until IS NULL))
);

-- The claim takes the oldest marks first.
CREATE INDEX idx_rollup_marks_marked_at ON rollup_marks (marked_at);

COMMENT ON TABLE rollup_marks IS
    'Hours (sensor, UTC hour start) whose hourly and daily rollups a worker must recompute.';
COMMENT ON COLUMN rollup_marks.marked_at IS
    'When a write last touched the hour; the mark is deleted only if unchanged since its claim.';
COMMENT ON COLUMN rollup_marks.claimed_until IS
    'End of the claiming worker''s lease; past it, another worker may claim the mark.';
