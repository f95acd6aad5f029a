-- +goose Up
-- Pages whose cost grew with the years and towns kept in one database,
-- not with what they show (issue 15, PostgreSQL city against a town):
-- A unit's open tips are found from its assignments and the open tips'
-- ids, both read from an index alone; only the tips listed are read from
-- the table (the to-do read every open tip of every town before).
CREATE INDEX tips_status_id ON tips (status, id);
CREATE INDEX tip_assignments_unit_tip ON tip_assignments (unit_key, active, tip_id);
DROP INDEX tip_assignments_unit;
-- A unit's dashboard counts its tips of the plan by campaign and month
-- from this index and the one above alone, and its list and search of
-- the plan find its tips' ids there before reading their rows: not the
-- plan's every tip, spread over as many table pages as a city has towns
-- working at once.
CREATE INDEX tips_plan_tally ON tips (plan_id, id, campaign_no, received_on);
-- An entity's page lists the records merged into it: the few merged
-- records, not every entity of the city.
CREATE INDEX entities_merged ON entities (merged_into) WHERE merged_into IS NOT NULL;
-- A page with no plan named stands in the newest: one row of the index,
-- not every plan of a city (120) or a province (thousands).
CREATE INDEX plans_newest ON plans (year DESC, id);

-- +goose Down
DROP INDEX plans_newest;
DROP INDEX entities_merged;
DROP INDEX tips_plan_tally;
CREATE INDEX tip_assignments_unit ON tip_assignments (unit_key, active);
DROP INDEX tip_assignments_unit_tip;
DROP INDEX tips_status_id;
