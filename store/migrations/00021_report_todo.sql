-- +goose Up
-- The to-do list selects a plan's reports by status and due date (reports
-- waiting to be accepted, reports never sent past their due date) across
-- every unit; the other indexes start with the unit or the period.
CREATE INDEX reports_todo ON reports (plan_id, status, due_on);

-- +goose Down
DROP INDEX reports_todo;
