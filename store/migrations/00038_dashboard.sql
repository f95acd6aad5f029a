-- +goose Up
-- The dashboard counts one plan's tips and cases by campaign, by month and
-- by deadline: each query starts from the plan, so that its cost is the
-- plan's records and not every year's kept in the database.
CREATE INDEX tips_plan_campaign ON tips (plan_id, campaign_no);
CREATE INDEX tips_plan_received ON tips (plan_id, received_on);
CREATE INDEX tips_plan_due ON tips (plan_id, status, due_on);
CREATE INDEX cases_plan_opened ON cases (plan_id, opened_on);
CREATE INDEX cases_plan_due ON cases (plan_id, due_on);
CREATE INDEX cases_plan_major ON cases (plan_id, major);

-- +goose Down
DROP INDEX cases_plan_major;
DROP INDEX cases_plan_due;
DROP INDEX cases_plan_opened;
DROP INDEX tips_plan_due;
DROP INDEX tips_plan_received;
DROP INDEX tips_plan_campaign;
