-- Reference only: the migrations are what runs. Defined by V011__add_rollup_marks.sql.
--
-- The (sensor, UTC hour) pairs whose hourly and daily rollups a worker must recompute. Each store
-- write of readings marks its pairs before it is sent; a worker claims marks with FOR UPDATE SKIP
-- LOCKED and a lease, recomputes them, and deletes a mark only if marked_at is unchanged since
-- the claim (otherwise it clears the claim, and the hour is recomputed again).

CREATE TABLE rollup_marks (
    sensor_id     VARCHAR(100) NOT NULL,
    hour          TIMESTAMPTZ NOT NULL,                            -- start of the UTC hour
    marked_at     TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(), -- last write that touched the hour
    claimed_by    TEXT,                                            -- the claiming instance, or NULL
    claimed_until TIMESTAMPTZ,                                     -- end of its lease, or NULL
    PRIMARY KEY (sensor_id, hour),
    CONSTRAINT rollup_marks_claim_check CHECK ((claimed_by IS NULL) = (claimed_until IS NULL))
);

CREATE INDEX idx_rollup_marks_marked_at ON rollup_marks (marked_at); -- the claim takes the oldest first
