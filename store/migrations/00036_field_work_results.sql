-- +goose Up
-- A joint action's results count the inspections and samplings tagged with
-- it and dated inside its dates, as for clues and cases: the tag is indexed
-- with the date. A campaign's results group a plan's records by campaign
-- and unit.
CREATE INDEX inspections_action_day ON inspections (action_id, inspected_on);
CREATE INDEX samplings_action ON samplings (action_id, sampled_on);
CREATE INDEX inspections_campaign ON inspections (plan_id, campaign_no, unit);
CREATE INDEX publicity_campaign ON publicity (plan_id, campaign_no, unit);

-- +goose Down
DROP INDEX publicity_campaign;
DROP INDEX inspections_campaign;
DROP INDEX samplings_action;
DROP INDEX inspections_action_day;
