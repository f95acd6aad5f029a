-- +goose Up
-- Clues (线索): every lead for enforcement, from any source, with the legal
-- clock to decide whether to open a case. Codes only: the source, status,
-- outcome and units as keys; a tip's clue links the tip by its id
-- (source_ref) and copies none of its text. The summary and reason are what
-- staff wrote.
CREATE TABLE clues (
    id           {{serial}},
    plan_id      TEXT NOT NULL REFERENCES plans (id),
    source       TEXT NOT NULL,
    source_ref   TEXT NOT NULL,
    tip_id       BIGINT REFERENCES tips (id),
    referral_due TEXT NOT NULL,
    received_on  TEXT NOT NULL,
    lead_unit    TEXT NOT NULL,
    campaign_no  INTEGER NOT NULL,
    entity_id    BIGINT REFERENCES entities (id),
    summary      TEXT NOT NULL,
    status       TEXT NOT NULL,
    outcome      TEXT NOT NULL,
    reason       TEXT NOT NULL,
    transfer_to  TEXT NOT NULL,
    extended     BOOLEAN NOT NULL,
    decided_on   TEXT NOT NULL,
    case_id      BIGINT,
    due_on       TEXT NOT NULL,
    due_what     TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   {{timestamp}} NOT NULL,
    updated_at   {{timestamp}} NOT NULL
);
-- One clue per tip.
CREATE UNIQUE INDEX clues_tip ON clues (tip_id) WHERE tip_id IS NOT NULL;
CREATE INDEX clues_lead ON clues (lead_unit, status, due_on);
CREATE INDEX clues_status_due ON clues (status, due_on);
CREATE INDEX clues_plan ON clues (plan_id, status);

CREATE TABLE clue_events (
    id      {{serial}},
    clue_id BIGINT NOT NULL REFERENCES clues (id),
    at      {{timestamp}} NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    note    TEXT NOT NULL
);
CREATE INDEX clue_events_clue ON clue_events (clue_id, id);

-- +goose Down
DROP TABLE clue_events;
DROP TABLE clues;
