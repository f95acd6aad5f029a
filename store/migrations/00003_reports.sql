-- +goose Up
-- One row per report a unit owes: made for the whole plan year when the plan
-- is loaded, so every obligation has an id, a due date and a status.
CREATE TABLE reports (
    id                 {{serial}},
    plan_id            TEXT NOT NULL REFERENCES plans (id),
    plan_version_id    BIGINT NOT NULL REFERENCES plan_versions (id),
    rule_index         INTEGER NOT NULL,
    rule_name          TEXT NOT NULL,
    unit_key           TEXT NOT NULL,
    period_kind        TEXT NOT NULL,
    period_id          TEXT NOT NULL,
    period_start       TEXT NOT NULL,
    period_end         TEXT NOT NULL,
    due_on             TEXT NOT NULL,
    status             TEXT NOT NULL,
    zero               BOOLEAN NOT NULL,
    key_cases          TEXT NOT NULL,
    practices          TEXT NOT NULL,
    first_submitted_at {{timestamp}},
    submitted_at       {{timestamp}},
    approved_at        {{timestamp}},
    accepted_at        {{timestamp}},
    returned_reason    TEXT NOT NULL,
    updated_at         {{timestamp}} NOT NULL,
    revision           INTEGER NOT NULL,
    UNIQUE (plan_id, rule_index, unit_key, period_id)
);
CREATE INDEX reports_period ON reports (plan_id, period_id);
CREATE INDEX reports_unit ON reports (plan_id, unit_key, period_start);
CREATE INDEX reports_due ON reports (due_on, status);

-- Figures as ten-thousandths, exact on both databases.
CREATE TABLE report_values (
    report_id BIGINT NOT NULL REFERENCES reports (id),
    indicator TEXT NOT NULL,
    value     BIGINT NOT NULL,
    PRIMARY KEY (report_id, indicator)
);

CREATE TABLE report_events (
    id        {{serial}},
    report_id BIGINT NOT NULL REFERENCES reports (id),
    at        {{timestamp}} NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    reason    TEXT NOT NULL
);
CREATE INDEX report_events_report ON report_events (report_id, id);

CREATE TABLE report_attachments (
    id           {{serial}},
    report_id    BIGINT NOT NULL REFERENCES reports (id),
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    data         {{blob}} NOT NULL,
    uploaded_at  {{timestamp}} NOT NULL,
    uploaded_by  TEXT NOT NULL
);
CREATE INDEX report_attachments_report ON report_attachments (report_id);

-- Reminders shown in the app, addressed to a unit's accounts or the office.
CREATE TABLE notifications (
    id         {{serial}},
    unit_key   TEXT NOT NULL,
    text       TEXT NOT NULL,
    link       TEXT NOT NULL,
    created_at {{timestamp}} NOT NULL
);
CREATE INDEX notifications_unit ON notifications (unit_key, id);

-- Messages to send (e-mail, group robots). dedupe_key makes each reminder
-- enqueued once; a claim with an expiry makes one server send it.
CREATE TABLE outbox (
    id              {{serial}},
    dedupe_key      TEXT NOT NULL UNIQUE,
    channel         TEXT NOT NULL,
    target          TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    status          TEXT NOT NULL,
    attempts        INTEGER NOT NULL,
    next_attempt_at {{timestamp}} NOT NULL,
    claimed_by      TEXT NOT NULL,
    claimed_until   {{timestamp}},
    sent_at         {{timestamp}},
    last_error      TEXT NOT NULL,
    created_at      {{timestamp}} NOT NULL
);
CREATE INDEX outbox_pending ON outbox (status, next_attempt_at);

-- Where a unit's reminders go besides the app.
CREATE TABLE unit_contacts (
    plan_id      TEXT NOT NULL REFERENCES plans (id),
    unit_key     TEXT NOT NULL,
    emails       TEXT NOT NULL,
    webhook_kind TEXT NOT NULL,
    webhook_url  TEXT NOT NULL,
    updated_at   {{timestamp}} NOT NULL,
    PRIMARY KEY (plan_id, unit_key)
);

-- +goose Down
DROP TABLE unit_contacts;
DROP TABLE outbox;
DROP TABLE notifications;
DROP TABLE report_attachments;
DROP TABLE report_events;
DROP TABLE report_values;
DROP TABLE reports;
