-- +goose Up
-- The public form's check questions already answered: a question's token
-- holds a random nonce, and one answer per nonce lets one submission in.
-- Rows past their expiry (unix seconds) are removed as new answers come.
CREATE TABLE captcha_uses (
    nonce      TEXT PRIMARY KEY,
    expires_at BIGINT NOT NULL
);
CREATE INDEX captcha_uses_expiry ON captcha_uses (expires_at);

-- +goose Down
DROP TABLE captcha_uses;
