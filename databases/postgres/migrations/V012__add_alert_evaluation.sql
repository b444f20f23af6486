-- V012: alert rules, their state, their events and the outbox of their notifications.
--
-- The seed's alerts table (V004) holds who is told when which pollutant crosses which threshold
-- at which location. This version adds what an alarm rule needs besides: what is compared (the
-- latest reading, the hourly mean, the NowCast AQI), how long the condition must hold before the
-- alert fires, the clear condition (below the threshold minus a deadband, for a time), the
-- offline kind (nothing heard from a location or sensor for a time), and the alert's state.
--
-- The state is decided here, in the row: a transition is one conditional UPDATE (... WHERE
-- state = 'normal'), so two instances that evaluate the same write give one transition; the
-- event and the notifications of that transition are inserted in the same transaction, so a
-- crash after the transition loses none of them. Redis' alert:{alert_id}:state (the seed's key)
-- holds the same string, written after each committed transition, for fast reads.
-- Runs under Flyway and with psql -f alike; never edit once applied (add a new version).

ALTER TABLE alerts
    ADD COLUMN name                  VARCHAR(200),
    -- threshold: the pollutant's value or AQI crosses the threshold; offline: nothing was
    -- received from the location (or sensor_id) for offline_after_s seconds.
    ADD COLUMN kind                  VARCHAR(20)  NOT NULL DEFAULT 'threshold',
    -- What is compared with the threshold.
    ADD COLUMN measure               VARCHAR(20)  NOT NULL DEFAULT 'latest',
    -- An offline alert on one sensor of the location; NULL watches the whole location.
    ADD COLUMN sensor_id             VARCHAR(100),
    -- The condition must hold this long before the alert fires.
    ADD COLUMN for_s                 INTEGER      NOT NULL DEFAULT 0,
    -- The alert clears below threshold - clear_deadband, held for clear_for_s seconds.
    ADD COLUMN clear_deadband        DECIMAL(10,2) NOT NULL DEFAULT 0,
    ADD COLUMN clear_for_s           INTEGER      NOT NULL DEFAULT 0,
    ADD COLUMN offline_after_s       INTEGER,
    ADD COLUMN state                 VARCHAR(20)  NOT NULL DEFAULT 'normal',
    ADD COLUMN state_changed_at      TIMESTAMPTZ,
    -- Since when the condition toward the next transition holds (fire while normal, clear while
    -- triggered); NULL while it does not.
    ADD COLUMN pending_since         TIMESTAMPTZ,
    ADD COLUMN acknowledged_at       TIMESTAMPTZ,
    ADD COLUMN acknowledged_by       UUID,
    -- Key of the HMAC that makes each recipient's unsubscribe link.
    ADD COLUMN unsubscribe_key       VARCHAR(64)  NOT NULL DEFAULT replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''),
    ADD CONSTRAINT alerts_kind_check CHECK (kind IN ('threshold', 'offline')),
    ADD CONSTRAINT alerts_measure_check CHECK (measure IN ('latest', 'hourly_mean', 'nowcast_aqi')),
    ADD CONSTRAINT alerts_state_check CHECK (state IN ('normal', 'triggered')),
    ADD CONSTRAINT alerts_durations_check CHECK (for_s >= 0 AND clear_for_s >= 0 AND clear_deadband >= 0),
    ADD CONSTRAINT alerts_offline_check CHECK ((kind = 'offline') = (offline_after_s IS NOT NULL)),
    ADD CONSTRAINT alerts_offline_after_check CHECK (offline_after_s IS NULL OR offline_after_s > 0);

CREATE INDEX idx_alerts_enabled_location ON alerts (location_id) WHERE enabled;

COMMENT ON COLUMN alerts.state IS
    'normal or triggered; changed only by a conditional UPDATE that also writes the event.';
COMMENT ON COLUMN alerts.pending_since IS
    'Since when the condition toward the next transition holds; NULL while it does not.';

-- The signing secret of each webhook of an alert (notification_channels names the webhook by
-- id and url). Kept apart from the channels so that listing an alert never shows a secret.
CREATE TABLE alert_webhook_secrets (
    alert_id   UUID         NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    webhook_id VARCHAR(40)  NOT NULL,
    secret     VARCHAR(100) NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL DEFAULT NOW(),
    PRIMARY KEY (alert_id, webhook_id)
);

-- What happened to each alert: fired, cleared, acknowledged; offline and cleared for the
-- offline kind. Partitioned by month like audit_logs, and for the same reasons.
CREATE TABLE alert_events (
    id          BIGINT GENERATED ALWAYS AS IDENTITY,
    occurred_at TIMESTAMPTZ   NOT NULL DEFAULT NOW(),
    alert_id    UUID          NOT NULL,
    kind        VARCHAR(20)   NOT NULL,
    -- The value compared (NULL for acknowledgements and the offline kind), and the rule then.
    value       DOUBLE PRECISION,
    threshold   DECIMAL(10,2),
    measure     VARCHAR(20),
    -- The rest of what caused it: sensors and their readings, the silent sensors, who acknowledged.
    details     JSONB,
    CONSTRAINT alert_events_pkey PRIMARY KEY (id, occurred_at),
    CONSTRAINT alert_events_kind_check CHECK (kind IN ('fired', 'cleared', 'acknowledged', 'offline'))
) PARTITION BY RANGE (occurred_at);

CREATE TABLE alert_events_default PARTITION OF alert_events DEFAULT;
CREATE INDEX idx_alert_events_alert ON alert_events (alert_id, occurred_at DESC);

COMMENT ON TABLE alert_events IS
    'Alert transitions and acknowledgements; monthly partitions alert_events_yYYYYmMM plus alert_events_default.';

SELECT aqmrg_ensure_monthly_partitions('alert_events'::regclass,
                                       ((NOW() AT TIME ZONE 'UTC')::date - interval '1 month')::date,
                                       5);

-- The outbox: one row per notification of an event, inserted in the event's transaction; a
-- sender delivers it and records the outcome. Its id is the Idempotency-Key of the webhook and
-- the Message-ID of the e-mail, the same on every retry.
CREATE TABLE alert_deliveries (
    id              UUID         PRIMARY KEY DEFAULT gen_random_uuid(),
    alert_id        UUID         NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    event_id        BIGINT       NOT NULL,
    event_at        TIMESTAMPTZ  NOT NULL,
    channel         VARCHAR(10)  NOT NULL,
    -- The webhook's url or the e-mail address.
    target          TEXT         NOT NULL,
    webhook_id      VARCHAR(40),
    -- The webhook's JSON body, or {"subject": ..., "text": ...} of the e-mail.
    payload         JSONB        NOT NULL,
    status          VARCHAR(10)  NOT NULL DEFAULT 'pending',
    attempts        INTEGER      NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ  NOT NULL DEFAULT NOW(),
    claimed_by      TEXT,
    claimed_until   TIMESTAMPTZ,
    last_error      TEXT,
    -- The receiver's HTTP status of the last attempt (webhooks).
    last_status     INTEGER,
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT NOW(),
    delivered_at    TIMESTAMPTZ,
    CONSTRAINT alert_deliveries_channel_check CHECK (channel IN ('webhook', 'email')),
    CONSTRAINT alert_deliveries_status_check CHECK (status IN ('pending', 'delivered', 'failed')),
    CONSTRAINT alert_deliveries_claim_check CHECK ((claimed_by IS NULL) = (claimed_until IS NULL))
);

CREATE INDEX idx_alert_deliveries_due ON alert_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX idx_alert_deliveries_alert ON alert_deliveries (alert_id, created_at DESC);
CREATE INDEX idx_alert_deliveries_event ON alert_deliveries (event_id);

COMMENT ON TABLE alert_deliveries IS
    'Outbox of alert notifications: written with their event, delivered by a sender, kept as the delivery log.';
