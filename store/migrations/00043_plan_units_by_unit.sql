-- +goose Up
-- A unit's pages open on its newest plan: the plans that name a unit, by
-- its key (1,600 towns' plans hold some 30,000 units).
CREATE INDEX plan_units_unit ON plan_units (unit_key);

-- +goose Down
DROP INDEX plan_units_unit;
