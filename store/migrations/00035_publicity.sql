-- +goose Up
-- Publicity (宣传): what a unit did to reach the public, by channel (a
-- code), with its reach and photos (re-encoded and bounded as the tips').
-- The title and content are what staff wrote.
CREATE TABLE publicity (
    id          {{serial}},
    plan_id     TEXT NOT NULL REFERENCES plans (id),
    unit        TEXT NOT NULL,
    held_on     TEXT NOT NULL,
    channel     TEXT NOT NULL,
    campaign_no INTEGER NOT NULL,
    title       TEXT NOT NULL,
    content     TEXT NOT NULL,
    people      BIGINT NOT NULL,
    copies      BIGINT NOT NULL,
    views       BIGINT NOT NULL,
    action_id   BIGINT REFERENCES joint_actions (id),
    photos      INTEGER NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  {{timestamp}} NOT NULL,
    updated_at  {{timestamp}} NOT NULL
);
CREATE INDEX publicity_unit ON publicity (unit, held_on);
CREATE INDEX publicity_plan ON publicity (plan_id, held_on);
CREATE INDEX publicity_action ON publicity (action_id);

CREATE TABLE publicity_photos (
    id           {{serial}},
    publicity_id BIGINT NOT NULL REFERENCES publicity (id),
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    data         {{blob}} NOT NULL
);
CREATE INDEX publicity_photos_of ON publicity_photos (publicity_id);

-- +goose Down
DROP TABLE publicity_photos;
DROP TABLE publicity;
