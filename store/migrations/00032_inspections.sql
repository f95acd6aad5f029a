-- +goose Up
-- Inspections (巡查检查): one visit of a unit's inspectors, with a row per
-- market entity checked. Codes only: the unit and campaign as keys, the
-- checklist results as codes (checks: a JSON list of item and result; the
-- items are the checklist's words, data the office keeps). The inspectors'
-- names, the place, findings and notes are what staff wrote. findings and
-- ccc_flags count the rows with a finding and the rows whose product needs
-- a 3C certificate and has none: for the indexed list filters. clue_unit
-- is the lead unit of a finding's clue, which reads the inspection. action_id
-- names the joint action (集中行动) it belonged to, 0 for none.
CREATE TABLE inspections (
    id           {{serial}},
    plan_id      TEXT NOT NULL REFERENCES plans (id),
    inspected_on TEXT NOT NULL,
    unit         TEXT NOT NULL,
    inspectors   TEXT NOT NULL,
    campaign_no  INTEGER NOT NULL,
    village      TEXT NOT NULL,
    place        TEXT NOT NULL,
    action_id    BIGINT NOT NULL,
    notes        TEXT NOT NULL,
    findings     INTEGER NOT NULL,
    ccc_flags    INTEGER NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   {{timestamp}} NOT NULL,
    updated_at   {{timestamp}} NOT NULL
);
CREATE INDEX inspections_unit ON inspections (unit, inspected_on);
CREATE INDEX inspections_plan ON inspections (plan_id, inspected_on);
CREATE INDEX inspections_action ON inspections (action_id);

CREATE TABLE inspection_entities (
    inspection_id BIGINT NOT NULL REFERENCES inspections (id),
    position      INTEGER NOT NULL,
    entity_id     BIGINT NOT NULL REFERENCES entities (id),
    category      TEXT NOT NULL,
    product       TEXT NOT NULL,
    certificate   TEXT NOT NULL,
    checks        TEXT NOT NULL,
    finding       TEXT NOT NULL,
    ccc_missing   BOOLEAN NOT NULL,
    clue_id       BIGINT REFERENCES clues (id),
    clue_unit     TEXT NOT NULL,
    PRIMARY KEY (inspection_id, entity_id)
);
CREATE INDEX inspection_entities_entity ON inspection_entities (entity_id);
-- A finding becomes one clue only.
CREATE UNIQUE INDEX inspection_entities_clue ON inspection_entities (clue_id) WHERE clue_id IS NOT NULL;

-- The office's checklist of a campaign (0: inspections under no campaign);
-- a campaign without a row uses the default list. items is a JSON list.
CREATE TABLE checklists (
    plan_id     TEXT NOT NULL REFERENCES plans (id),
    campaign_no INTEGER NOT NULL,
    items       TEXT NOT NULL,
    updated_by  TEXT NOT NULL,
    updated_at  {{timestamp}} NOT NULL,
    PRIMARY KEY (plan_id, campaign_no)
);

-- +goose Down
DROP TABLE checklists;
DROP TABLE inspection_entities;
DROP TABLE inspections;
