-- +goose Up
-- Public tips and complaints. The tipster's contact is sealed (SM4-GCM,
-- key outside the database) in contact_sealed; nothing else holds it.
CREATE TABLE tips (
    id               {{serial}},
    code             TEXT NOT NULL UNIQUE,
    secret_hash      TEXT NOT NULL,
    group_code       TEXT NOT NULL,
    plan_id          TEXT NOT NULL REFERENCES plans (id),
    plan_version_id  BIGINT NOT NULL REFERENCES plan_versions (id),
    source           TEXT NOT NULL,
    kind             TEXT NOT NULL,
    category         TEXT NOT NULL,
    stage            TEXT NOT NULL,
    online           BOOLEAN NOT NULL,
    campaign_no      INTEGER NOT NULL,
    route_reason     TEXT NOT NULL,
    business_name    TEXT NOT NULL,
    credit_code      TEXT NOT NULL,
    business_address TEXT NOT NULL,
    village          TEXT NOT NULL,
    description      TEXT NOT NULL,
    occurred_on      TEXT NOT NULL,
    named            BOOLEAN NOT NULL,
    contact_sealed   TEXT NOT NULL,
    contact_masked   TEXT NOT NULL,
    received_at      {{timestamp}} NOT NULL,
    received_on      TEXT NOT NULL,
    status           TEXT NOT NULL,
    accepted_on      TEXT NOT NULL,
    decided_on       TEXT NOT NULL,
    closed_on        TEXT NOT NULL,
    decision         TEXT NOT NULL,
    public_reply     TEXT NOT NULL,
    extended         BOOLEAN NOT NULL,
    paused_since     TEXT NOT NULL,
    paused_days      INTEGER NOT NULL,
    due_on           TEXT NOT NULL,
    due_what         TEXT NOT NULL,
    duplicate_of     BIGINT,
    reward_grade     INTEGER NOT NULL,
    reward_fines     BIGINT NOT NULL,
    reward_amount    BIGINT NOT NULL,
    updated_at       {{timestamp}} NOT NULL
);
CREATE INDEX tips_due ON tips (status, due_on);
CREATE INDEX tips_business ON tips (business_name, received_on);
CREATE INDEX tips_credit ON tips (credit_code, received_on);
CREATE INDEX tips_received ON tips (received_on);

-- Who handles a tip (handle) and who is told (notify); a reassignment or a
-- return to the office ends the old assignment.
CREATE TABLE tip_assignments (
    tip_id      BIGINT NOT NULL REFERENCES tips (id),
    unit_key    TEXT NOT NULL,
    role        TEXT NOT NULL,
    active      BOOLEAN NOT NULL,
    assigned_at {{timestamp}} NOT NULL,
    PRIMARY KEY (tip_id, unit_key)
);
CREATE INDEX tip_assignments_unit ON tip_assignments (unit_key, active);

CREATE TABLE tip_events (
    id        {{serial}},
    tip_id    BIGINT NOT NULL REFERENCES tips (id),
    at        {{timestamp}} NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    note      TEXT NOT NULL,
    public    BOOLEAN NOT NULL
);
CREATE INDEX tip_events_tip ON tip_events (tip_id, id);

CREATE TABLE tip_photos (
    id           {{serial}},
    tip_id       BIGINT NOT NULL REFERENCES tips (id),
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    data         {{blob}} NOT NULL
);
CREATE INDEX tip_photos_tip ON tip_photos (tip_id);

-- +goose Down
DROP TABLE tip_photos;
DROP TABLE tip_events;
DROP TABLE tip_assignments;
DROP TABLE tips;
