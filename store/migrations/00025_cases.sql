-- +goose Up
-- Cases (案件): an administrative case of a lead unit, opened from a clue.
-- Codes only: statuses, actions, violations and units as keys; amounts in
-- ten-thousandths of a yuan. The goods' names and brands, the reasons and
-- the supervising body are what staff wrote. due_on and due_what are the
-- earliest running deadline as last reckoned, major the major-case flag
-- under the rules in force when the case was last saved: both for the
-- indexed lists.
CREATE TABLE cases (
    id                   {{serial}},
    plan_id              TEXT NOT NULL REFERENCES plans (id),
    number               TEXT NOT NULL UNIQUE,
    campaign_no          INTEGER NOT NULL,
    lead_unit            TEXT NOT NULL,
    entity_id            BIGINT REFERENCES entities (id),
    clue_id              BIGINT REFERENCES clues (id),
    sales                BIGINT NOT NULL,
    unsold               BIGINT NOT NULL,
    gains                BIGINT NOT NULL,
    fine                 BIGINT NOT NULL,
    confiscation         BIGINT NOT NULL,
    marks                INTEGER NOT NULL,
    cross_region         BOOLEAN NOT NULL,
    injured              INTEGER NOT NULL,
    dead                 INTEGER NOT NULL,
    media                BOOLEAN NOT NULL,
    supervised_by        TEXT NOT NULL,
    status               TEXT NOT NULL,
    opened_on            TEXT NOT NULL,
    decided_on           TEXT NOT NULL,
    no_penalty_on        TEXT NOT NULL,
    closed_on            TEXT NOT NULL,
    published_on         TEXT NOT NULL,
    extended             BOOLEAN NOT NULL,
    extra_days           INTEGER NOT NULL,
    excluded_days        INTEGER NOT NULL,
    reason               TEXT NOT NULL,
    no_transfer_reason   TEXT NOT NULL,
    transfer_status      TEXT NOT NULL,
    transfer_proposed_on TEXT NOT NULL,
    transfer_decided_on  TEXT NOT NULL,
    transfer_approved_at {{timestamp}},
    transfer_sent_at     {{timestamp}},
    transfer_answered_on TEXT NOT NULL,
    transfer_reason      TEXT NOT NULL,
    transfer_resume      TEXT NOT NULL,
    major                BOOLEAN NOT NULL,
    due_on               TEXT NOT NULL,
    due_what             TEXT NOT NULL,
    created_by           TEXT NOT NULL,
    created_at           {{timestamp}} NOT NULL,
    updated_at           {{timestamp}} NOT NULL
);
-- One case per clue.
CREATE UNIQUE INDEX cases_clue ON cases (clue_id) WHERE clue_id IS NOT NULL;
CREATE INDEX cases_status_due ON cases (status, due_on);
CREATE INDEX cases_due ON cases (due_on);
CREATE INDEX cases_plan ON cases (plan_id, status);
CREATE INDEX cases_campaign ON cases (campaign_no, status);
CREATE INDEX cases_transfer ON cases (transfer_status, due_on);
CREATE INDEX cases_major ON cases (major, due_on);
CREATE INDEX cases_entity ON cases (entity_id);

-- The units of a case: the lead unit (lead) and the cooperating ones, so
-- that "the cases a unit leads or cooperates on" is one indexed query.
CREATE TABLE case_units (
    case_id BIGINT NOT NULL REFERENCES cases (id),
    unit    TEXT NOT NULL,
    lead    BOOLEAN NOT NULL,
    PRIMARY KEY (case_id, unit)
);
CREATE INDEX case_units_unit ON case_units (unit, case_id);

-- The goods of a case, one line each in the order typed.
CREATE TABLE case_goods (
    case_id    BIGINT NOT NULL REFERENCES cases (id),
    line       INTEGER NOT NULL,
    name       TEXT NOT NULL,
    brand      TEXT NOT NULL,
    quantity   BIGINT NOT NULL,
    unit       TEXT NOT NULL,
    unit_price BIGINT NOT NULL,
    PRIMARY KEY (case_id, line)
);

-- The violation types of a case, as codes.
CREATE TABLE case_violations (
    case_id   BIGINT NOT NULL REFERENCES cases (id),
    violation TEXT NOT NULL,
    PRIMARY KEY (case_id, violation)
);
CREATE INDEX case_violations_code ON case_violations (violation, case_id);

-- The case's timeline: every step, who took it and the note as written.
CREATE TABLE case_events (
    id      {{serial}},
    case_id BIGINT NOT NULL REFERENCES cases (id),
    at      {{timestamp}} NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    note    TEXT NOT NULL
);
CREATE INDEX case_events_case ON case_events (case_id, id);

-- +goose Down
DROP TABLE case_events;
DROP TABLE case_violations;
DROP TABLE case_goods;
DROP TABLE case_units;
DROP TABLE cases;
