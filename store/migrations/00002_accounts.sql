-- +goose Up
CREATE TABLE users (
    id                   {{serial}},
    name                 TEXT NOT NULL UNIQUE,
    display_name         TEXT NOT NULL,
    role                 TEXT NOT NULL,
    unit                 TEXT NOT NULL,
    password_hash        TEXT NOT NULL,
    password_changed_at  {{timestamp}} NOT NULL,
    must_change_password BOOLEAN NOT NULL,
    disabled             BOOLEAN NOT NULL,
    failed_logins        INTEGER NOT NULL,
    locked_until         {{timestamp}},
    totp_secret          TEXT NOT NULL,
    totp_enabled         BOOLEAN NOT NULL,
    created_at           {{timestamp}} NOT NULL,
    last_login_at        {{timestamp}}
);

CREATE TABLE password_history (
    user_id    BIGINT NOT NULL REFERENCES users (id),
    hash       TEXT NOT NULL,
    changed_at {{timestamp}} NOT NULL
);
CREATE INDEX password_history_user ON password_history (user_id, changed_at);

-- Sessions live in the database so that several app servers can share one
-- PostgreSQL. Only a hash of the token is kept.
CREATE TABLE sessions (
    id           {{serial}},
    token_hash   TEXT NOT NULL UNIQUE,
    user_id      BIGINT NOT NULL REFERENCES users (id),
    created_at   {{timestamp}} NOT NULL,
    last_seen_at {{timestamp}} NOT NULL,
    mfa_pending  BOOLEAN NOT NULL,
    address      TEXT NOT NULL,
    user_agent   TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id           {{serial}},
    token_hash   TEXT NOT NULL UNIQUE,
    user_id      BIGINT NOT NULL REFERENCES users (id),
    label        TEXT NOT NULL,
    created_at   {{timestamp}} NOT NULL,
    last_used_at {{timestamp}},
    revoked_at   {{timestamp}}
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at {{timestamp}} NOT NULL
);

-- The audit trail: append-only (triggers refuse UPDATE and DELETE), every
-- record chained to the one before by an HMAC whose key is not in the
-- database. seq comes from audit_head, whose row lock orders writers.
CREATE TABLE audit_log (
    seq         BIGINT PRIMARY KEY,
    at          {{timestamp}} NOT NULL,
    actor       TEXT NOT NULL,
    actor_id    BIGINT NOT NULL,
    role        TEXT NOT NULL,
    address     TEXT NOT NULL,
    action      TEXT NOT NULL,
    object      TEXT NOT NULL,
    result      TEXT NOT NULL,
    before_data TEXT NOT NULL,
    after_data  TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_actor ON audit_log (actor, seq);
CREATE INDEX audit_log_action ON audit_log (action, seq);

CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');

-- Where the retained trail starts after a purge of records past the
-- retention period: the last purged record's number and hash, with a MAC so
-- that the anchor cannot be moved forward without the key.
CREATE TABLE audit_anchor (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL,
    mac  TEXT NOT NULL
);
INSERT INTO audit_anchor (id, seq, hash, mac) VALUES (1, 0, '', '');

{{audit_triggers}}

-- +goose Down
DROP TABLE audit_anchor;
DROP TABLE audit_head;
DROP TABLE audit_log;
DROP TABLE settings;
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE password_history;
DROP TABLE users;
