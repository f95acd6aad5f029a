-- +goose Up
-- The public exposure page (曝光台): a decided case as it was published.
-- title and text are what the public sees, already redacted; the original
-- text is never stored. Violations and the kinds redacted are codes,
-- comma-separated; amounts in ten-thousandths of a yuan; withdrawn_on is
-- '' while the exposure is live, and reason is why it was withdrawn.
CREATE TABLE exposures (
    id           {{serial}},
    case_id      BIGINT NOT NULL REFERENCES cases (id),
    plan_id      TEXT NOT NULL,
    lead_unit    TEXT NOT NULL,
    campaign_no  INTEGER NOT NULL,
    number       TEXT NOT NULL,
    title        TEXT NOT NULL,
    text         TEXT NOT NULL,
    violations   TEXT NOT NULL,
    fine         BIGINT NOT NULL,
    confiscation BIGINT NOT NULL,
    decided_on   TEXT NOT NULL,
    published_on TEXT NOT NULL,
    published_by TEXT NOT NULL,
    redacted     TEXT NOT NULL,
    withdrawn_on TEXT NOT NULL,
    reason       TEXT NOT NULL,
    created_at   {{timestamp}} NOT NULL,
    updated_at   {{timestamp}} NOT NULL
);
-- At most one live exposure per case.
CREATE UNIQUE INDEX exposures_live_case ON exposures (case_id) WHERE withdrawn_on = '';
-- The public list: the live ones, newest first.
CREATE INDEX exposures_live ON exposures (id) WHERE withdrawn_on = '';
CREATE INDEX exposures_case ON exposures (case_id, id);

-- +goose Down
DROP TABLE exposures;
