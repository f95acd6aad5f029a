-- +goose Up
-- Plans are kept as versioned documents: a changed import is a new version and
-- whatever was recorded under an older version keeps pointing to it.
CREATE TABLE plans (
    id              TEXT PRIMARY KEY,
    title           TEXT NOT NULL,
    year            INTEGER NOT NULL,
    current_version INTEGER NOT NULL,
    created_at      {{timestamp}} NOT NULL,
    updated_at      {{timestamp}} NOT NULL
);

CREATE TABLE plan_versions (
    id          {{serial}},
    plan_id     TEXT NOT NULL REFERENCES plans (id),
    version     INTEGER NOT NULL,
    digest      TEXT NOT NULL,
    document    TEXT NOT NULL,
    source      TEXT NOT NULL,
    imported_at {{timestamp}} NOT NULL,
    imported_by TEXT NOT NULL,
    UNIQUE (plan_id, version)
);

-- Departments and units of each version, for foreign keys and lookups by key.
CREATE TABLE plan_units (
    version_id BIGINT NOT NULL REFERENCES plan_versions (id),
    unit_key   TEXT NOT NULL,
    name       TEXT NOT NULL,
    class      TEXT NOT NULL,
    level      TEXT NOT NULL,
    PRIMARY KEY (version_id, unit_key)
);

CREATE TABLE plan_campaigns (
    version_id BIGINT NOT NULL REFERENCES plan_versions (id),
    no         INTEGER NOT NULL,
    name       TEXT NOT NULL,
    PRIMARY KEY (version_id, no)
);

-- Years of the official holiday calendar added after the release.
CREATE TABLE calendar_years (
    year        INTEGER PRIMARY KEY,
    data        TEXT NOT NULL,
    imported_at {{timestamp}} NOT NULL,
    imported_by TEXT NOT NULL
);

-- +goose Down
DROP TABLE calendar_years;
DROP TABLE plan_campaigns;
DROP TABLE plan_units;
DROP TABLE plan_versions;
DROP TABLE plans;
