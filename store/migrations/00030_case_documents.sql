-- +goose Up
-- The documents of a case (案件文书): the file as uploaded, with its kind
-- as a code (dajia.DocKind).
CREATE TABLE case_documents (
    id           {{serial}},
    case_id      BIGINT NOT NULL REFERENCES cases (id),
    kind         TEXT NOT NULL,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    data         {{blob}} NOT NULL,
    uploaded_at  {{timestamp}} NOT NULL,
    uploaded_by  TEXT NOT NULL
);
CREATE INDEX case_documents_case ON case_documents (case_id, id);

-- +goose Down
DROP TABLE case_documents;
