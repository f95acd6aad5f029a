-- +goose Up
-- Market entities (市场主体): the businesses the office and the units
-- inspect and that tips name. The legal representative is personal data:
-- sealed like a tipster's contact, kept masked for the pages. A record
-- merged into another (two records of one business) points to the kept
-- one and drops out of searches; a credit code belongs to one live record.
CREATE TABLE entities (
    id              {{serial}},
    name            TEXT NOT NULL,
    credit_code     TEXT NOT NULL,
    kind            TEXT NOT NULL,
    village         TEXT NOT NULL,
    address         TEXT NOT NULL,
    legal_rep_sealed TEXT NOT NULL,
    legal_rep_masked TEXT NOT NULL,
    merged_into     BIGINT REFERENCES entities (id),
    created_by      TEXT NOT NULL,
    created_at      {{timestamp}} NOT NULL,
    updated_at      {{timestamp}} NOT NULL
);
CREATE INDEX entities_name ON entities (name);
CREATE INDEX entities_credit ON entities (credit_code);
CREATE UNIQUE INDEX entities_live_credit ON entities (credit_code) WHERE credit_code <> '' AND merged_into IS NULL;

-- +goose Down
DROP TABLE entities;
