-- +goose Up
-- The daily flow of cases: a lead unit's running cases for its to-do, the
-- report's counts of a unit's cases in a period (opened, closed, decided,
-- sent to the police) and the office's list of cases ended over a
-- criminal threshold without transfer, each an indexed query.
CREATE INDEX cases_lead_status ON cases (lead_unit, status, due_on);
CREATE INDEX cases_lead_opened ON cases (lead_unit, opened_on);
CREATE INDEX cases_lead_closed ON cases (lead_unit, closed_on);
CREATE INDEX cases_lead_decided ON cases (lead_unit, decided_on);
CREATE INDEX cases_lead_sent ON cases (lead_unit, transfer_sent_at);
CREATE INDEX cases_no_transfer ON cases (plan_id, closed_on) WHERE no_transfer_reason <> '';
CREATE INDEX clues_campaign ON clues (plan_id, campaign_no);

-- +goose Down
DROP INDEX clues_campaign;
DROP INDEX cases_no_transfer;
DROP INDEX cases_lead_sent;
DROP INDEX cases_lead_decided;
DROP INDEX cases_lead_closed;
DROP INDEX cases_lead_opened;
DROP INDEX cases_lead_status;
