-- +goose Up
-- An entity's page lists its clues: by entity_id, with an index.
CREATE INDEX clues_entity ON clues (entity_id);

-- +goose Down
DROP INDEX clues_entity;
