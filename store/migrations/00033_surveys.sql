-- +goose Up
-- Surveys (排查摸底): what village market supervisors and the units found
-- where, before the concentrated phase. Codes only: the unit, category as
-- the plan names it, stage, problems (comma-separated codes) and status;
-- the village, entity name, address, description and note are what people
-- wrote. A finding becomes at most one clue (clue_id), whose lead unit
-- (clue_unit) reads the finding behind it.
CREATE TABLE surveys (
    id             {{serial}},
    plan_id        TEXT NOT NULL REFERENCES plans (id),
    found_on       TEXT NOT NULL,
    unit           TEXT NOT NULL,
    recorded_by    BIGINT NOT NULL REFERENCES users (id),
    recorder       TEXT NOT NULL,
    village        TEXT NOT NULL,
    entity_id      BIGINT REFERENCES entities (id),
    entity_name    TEXT NOT NULL,
    entity_address TEXT NOT NULL,
    category       TEXT NOT NULL,
    stage          TEXT NOT NULL,
    problems       TEXT NOT NULL,
    description    TEXT NOT NULL,
    status         TEXT NOT NULL,
    clue_id        BIGINT REFERENCES clues (id),
    clue_unit      TEXT NOT NULL,
    note           TEXT NOT NULL,
    created_at     {{timestamp}} NOT NULL,
    updated_at     {{timestamp}} NOT NULL
);
-- One clue per finding.
CREATE UNIQUE INDEX surveys_clue ON surveys (clue_id) WHERE clue_id IS NOT NULL;
CREATE INDEX surveys_unit ON surveys (unit, found_on);
CREATE INDEX surveys_plan ON surveys (plan_id, found_on);
CREATE INDEX surveys_gather ON surveys (plan_id, village, category, status);

CREATE TABLE survey_photos (
    id           {{serial}},
    survey_id    BIGINT NOT NULL REFERENCES surveys (id),
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    data         {{blob}} NOT NULL
);
CREATE INDEX survey_photos_survey ON survey_photos (survey_id);

-- +goose Down
DROP TABLE survey_photos;
DROP TABLE surveys;
