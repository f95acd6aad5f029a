-- +goose Up
-- Rectification notices (整改要求): the office requires a unit of a plan to
-- put items right by a deadline. A draft has no number (year 0, seq 0);
-- at issue it takes the next place of its year in the office's series,
-- unique. Lists read a unit's notices, a plan's by status and the open
-- ones by deadline (reminders, the to-do list), so each is indexed.
CREATE TABLE rectifications (
    id          {{serial}},
    plan_id     TEXT NOT NULL REFERENCES plans (id),
    unit        TEXT NOT NULL,
    num_year    INTEGER NOT NULL,
    num_seq     INTEGER NOT NULL,
    number      TEXT NOT NULL,
    title       TEXT NOT NULL,
    reason      TEXT NOT NULL,
    campaign_no INTEGER NOT NULL,
    deadline    TEXT NOT NULL,
    issued_on   TEXT NOT NULL,
    status      TEXT NOT NULL,
    round       INTEGER NOT NULL,
    returned    TEXT NOT NULL,
    closed_on   TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  {{timestamp}} NOT NULL,
    updated_at  {{timestamp}} NOT NULL
);
CREATE UNIQUE INDEX rectifications_number ON rectifications (num_year, num_seq) WHERE num_seq > 0;
CREATE INDEX rectifications_unit ON rectifications (unit, status, deadline);
CREATE INDEX rectifications_plan ON rectifications (plan_id, status, deadline);
CREATE INDEX rectifications_open ON rectifications (status, deadline);

-- The items of a notice, numbered from 1.
CREATE TABLE rectification_items (
    rect_id BIGINT NOT NULL REFERENCES rectifications (id),
    item_no INTEGER NOT NULL,
    text    TEXT NOT NULL,
    PRIMARY KEY (rect_id, item_no)
);

-- The unit's answer to an item in a round: a return starts the next round,
-- the earlier answers stay.
CREATE TABLE rectification_answers (
    rect_id     BIGINT NOT NULL REFERENCES rectifications (id),
    item_no     INTEGER NOT NULL,
    round       INTEGER NOT NULL,
    text        TEXT NOT NULL,
    answered_by TEXT NOT NULL,
    answered_at {{timestamp}} NOT NULL,
    PRIMARY KEY (rect_id, item_no, round)
);

-- The timeline: each change, who made it and when.
CREATE TABLE rectification_events (
    id       {{serial}},
    rect_id  BIGINT NOT NULL REFERENCES rectifications (id),
    action   TEXT NOT NULL,
    note     TEXT NOT NULL,
    actor    TEXT NOT NULL,
    at       {{timestamp}} NOT NULL
);
CREATE INDEX rectification_events_rect ON rectification_events (rect_id, id);

-- +goose Down
DROP TABLE rectification_events;
DROP TABLE rectification_answers;
DROP TABLE rectification_items;
DROP TABLE rectifications;
