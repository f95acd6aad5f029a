-- +goose Up
-- The rectification notices' numbers of a year: issuing one locks its
-- year's row, so that two notices issued at once on two connections
-- (PostgreSQL) do not both take the next number.
CREATE TABLE rectification_series (
    year INTEGER PRIMARY KEY,
    last INTEGER NOT NULL
);
INSERT INTO rectification_series (year, last)
    SELECT num_year, MAX(num_seq) FROM rectifications WHERE num_seq > 0 GROUP BY num_year;

-- +goose Down
DROP TABLE rectification_series;
