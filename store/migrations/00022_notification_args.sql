-- +goose Up
-- An in-app notification is a phrase: text holds its Chinese format (the
-- catalogue key) and args its arguments, so that each reader sees it in
-- their language. Notifications made before keep their text as written,
-- with no arguments.
ALTER TABLE notifications ADD COLUMN args TEXT NOT NULL DEFAULT '[]';

-- +goose Down
ALTER TABLE notifications DROP COLUMN args;
