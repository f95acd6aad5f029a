-- +goose Up
-- The head of the audit trail gets its record count and a MAC under the
-- master key over seq, hash and count, so that cutting the tail and
-- rewriting the head is found. The MAC of the head as it stands is written
-- by the Go migration that follows (6): SQL has no key.
ALTER TABLE audit_head ADD COLUMN records BIGINT NOT NULL DEFAULT 0;
ALTER TABLE audit_head ADD COLUMN mac TEXT NOT NULL DEFAULT '';
UPDATE audit_head SET records = (SELECT COUNT(*) FROM audit_log) WHERE id = 1;

-- The names of the fields a record's change touched (a JSON array). Records
-- from before this migration have none and keep their MAC as written.
ALTER TABLE audit_log ADD COLUMN fields TEXT NOT NULL DEFAULT '';

-- One random key a day for the keyed hash that stands for a public
-- submitter's address in the audit trail. A key is deleted once its day is
-- over, so that afterwards no one, not even with the master key, can tell
-- whose address a hash was.
CREATE TABLE address_keys (
    day  TEXT PRIMARY KEY,
    salt TEXT NOT NULL
);

-- +goose Down
DROP TABLE address_keys;
ALTER TABLE audit_log DROP COLUMN fields;
ALTER TABLE audit_head DROP COLUMN mac;
ALTER TABLE audit_head DROP COLUMN records;
