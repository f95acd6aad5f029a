-- +goose Up
-- Files a unit attaches to its answer to an item of a rectification
-- notice (evidence: photos, PDF, Word, Excel), in the answering round they
-- were added in. Read by notice and item.
CREATE TABLE rectification_files (
    id           {{serial}},
    rect_id      BIGINT NOT NULL REFERENCES rectifications (id),
    item_no      INTEGER NOT NULL,
    round        INTEGER NOT NULL,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    data         {{blob}} NOT NULL,
    uploaded_at  {{timestamp}} NOT NULL,
    uploaded_by  TEXT NOT NULL
);
CREATE INDEX rectification_files_rect ON rectification_files (rect_id, item_no, id);

-- +goose Down
DROP TABLE rectification_files;
