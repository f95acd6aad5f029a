-- +goose Up
-- The office's edits of the criminal thresholds and the major-case rules;
-- when a table is empty the domain's defaults apply. Amounts in
-- ten-thousandths of a yuan; the source is the provision as the office
-- wrote it.
CREATE TABLE threshold_rules (
    id             TEXT PRIMARY KEY,
    position       INTEGER NOT NULL,
    offence        TEXT NOT NULL,
    source         TEXT NOT NULL,
    sales_factor   INTEGER NOT NULL,
    unsold_factor  INTEGER NOT NULL,
    gains_factor   INTEGER NOT NULL,
    min_amount     BIGINT NOT NULL,
    marks_at_least INTEGER NOT NULL
);

CREATE TABLE major_rules (
    id         TEXT PRIMARY KEY,
    position   INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    min_amount BIGINT NOT NULL,
    people     INTEGER NOT NULL,
    source     TEXT NOT NULL
);

-- Each unit's case number prefix (中港质监罚) and its series per year: the
-- last sequence given, allocated atomically.
CREATE TABLE case_prefixes (
    unit       TEXT PRIMARY KEY,
    prefix     TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at {{timestamp}} NOT NULL
);

CREATE TABLE case_series (
    unit TEXT NOT NULL,
    year INTEGER NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (unit, year)
);

-- +goose Down
DROP TABLE case_series;
DROP TABLE case_prefixes;
DROP TABLE major_rules;
DROP TABLE threshold_rules;
