-- +goose Up
-- Joint actions (统一集中行动): the office's unified actions of a plan, with
-- the participating units (one row each, the staff and vehicles each
-- deployed; the office's row is the organiser's own) and the target
-- places and product categories as the plan names them. Clues and cases
-- may be tagged with the action they came from; its results are those
-- tagged AND dated inside its dates, so the tag is indexed with the date.
CREATE TABLE joint_actions (
    id          {{serial}},
    plan_id     TEXT NOT NULL REFERENCES plans (id),
    name        TEXT NOT NULL,
    arrangement TEXT NOT NULL,
    start_on    TEXT NOT NULL,
    end_on      TEXT NOT NULL,
    places      TEXT NOT NULL,
    categories  TEXT NOT NULL,
    done        BOOLEAN NOT NULL,
    done_on     TEXT NOT NULL,
    summary     TEXT NOT NULL,
    notes       TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  {{timestamp}} NOT NULL,
    updated_at  {{timestamp}} NOT NULL
);
CREATE INDEX joint_actions_plan ON joint_actions (plan_id, start_on);

-- The units of an action: every participating unit (part = TRUE) and any
-- unit with staff or vehicles recorded (the office, the organiser).
CREATE TABLE joint_action_units (
    action_id BIGINT NOT NULL REFERENCES joint_actions (id),
    unit      TEXT NOT NULL,
    part      BOOLEAN NOT NULL,
    staff     INTEGER NOT NULL,
    vehicles  INTEGER NOT NULL,
    PRIMARY KEY (action_id, unit)
);
CREATE INDEX joint_action_units_unit ON joint_action_units (unit, action_id);

ALTER TABLE clues ADD COLUMN action_id BIGINT REFERENCES joint_actions (id);
CREATE INDEX clues_action ON clues (action_id, received_on);
ALTER TABLE cases ADD COLUMN action_id BIGINT REFERENCES joint_actions (id);
CREATE INDEX cases_action ON cases (action_id, opened_on);

-- +goose Down
DROP INDEX cases_action;
ALTER TABLE cases DROP COLUMN action_id;
DROP INDEX clues_action;
ALTER TABLE clues DROP COLUMN action_id;
DROP TABLE joint_action_units;
DROP TABLE joint_actions;
