package store

import (
	"context"
	"time"

	"dajia"
)

// The daily flow of cases: what a unit's to-do and the reminders select,
// what a report counts and what a plan's campaigns add up. Each is one
// indexed query (migration 00028), whatever the number of cases.

// leadCaseStatuses are the statuses of a case its lead unit still acts on:
// the ones before the decision, and those waiting for the execution, the
// closing or the police.
var leadCaseStatuses = []dajia.CaseStatus{dajia.CaseOpened, dajia.CaseInvestigating, dajia.CaseReviewing, dajia.CaseNotified,
	dajia.CaseHearing, dajia.CaseDecided, dajia.CaseExecuted, dajia.CaseNoPenalty, dajia.CaseTransferred}

// LeadCases lists the cases a unit leads that it still acts on: not yet
// closed or withdrawn, or closed with a deadline still running (the
// penalty information to publish); the most urgent first.
func (db *DB) LeadCases(ctx context.Context, unit string) (_ []CaseRecord, err error) {
	defer db.wrap(&err, "list the cases %s leads", unit)
	args := []any{unit}
	var vs []any
	for _, s := range leadCaseStatuses {
		vs = append(vs, string(s))
	}
	in := placeholders(&args, vs...)
	closed := placeholders(&args, string(dajia.CaseClosed))
	// due_on > '' is due_on <> '' (a date or nothing) written as a range,
	// so that the closed cases are read from cases_lead_status only where
	// a deadline still runs, not every closed case of every year.
	return db.caseQuery(ctx, `SELECT `+caseColumns+` FROM cases WHERE lead_unit = $1 AND (status IN (`+in+`) OR status = `+closed+` AND due_on > '')
		ORDER BY CASE WHEN due_on = '' THEN 1 ELSE 0 END, due_on, id`, args...)
}

// CasesDueBy lists every case of the plan ("" for every plan's) whose
// earliest running deadline is on or before day, the earliest first.
func (db *DB) CasesDueBy(ctx context.Context, planID string, day dajia.Date) (_ []CaseRecord, err error) {
	defer db.wrap(&err, "list the cases due by %s", day)
	if planID != "" {
		return db.caseQuery(ctx, `SELECT `+caseColumns+` FROM cases WHERE plan_id = $1 AND due_on <> '' AND due_on <= $2 ORDER BY due_on, id`, planID, day.String())
	}
	return db.caseQuery(ctx, `SELECT `+caseColumns+` FROM cases WHERE due_on <> '' AND due_on <= $1 ORDER BY due_on, id`, day.String())
}

// CasesWithoutTransfer lists the cases of a plan that were closed or
// withdrawn over a criminal threshold without transfer, with the written
// reason (no 以罚代刑), the latest first.
func (db *DB) CasesWithoutTransfer(ctx context.Context, planID string) (_ []CaseRecord, err error) {
	defer db.wrap(&err, "list the cases of plan %s ended without transfer", planID)
	return db.caseQuery(ctx, `SELECT `+caseColumns+` FROM cases WHERE plan_id = $1 AND no_transfer_reason <> '' ORDER BY closed_on DESC, id DESC`, planID)
}

func (db *DB) caseQuery(ctx context.Context, q string, args ...any) ([]CaseRecord, error) {
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, db.dialect.mapErr(err)
	}
	recs, err := collect(rows, scanCase)
	if err != nil {
		return nil, err
	}
	return recs, caseParts(ctx, db.read, recs)
}

// CaseFigures counts the cases a unit leads in a period (both days
// included): opened (立案) and their goods' value (sales and unsold), closed
// (结案), the fines and confiscations of the decisions made, and the cases
// sent to the police. One query, each part on its own index.
func (db *DB) CaseFigures(ctx context.Context, unit string, from, to dajia.Date) (_ dajia.CaseFigures, err error) {
	defer db.wrap(&err, "count the cases of %s", unit)
	var f dajia.CaseFigures
	var value, fines int64
	f0, t0 := from.String(), to.String()
	if err := db.read.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM cases WHERE lead_unit = $1 AND opened_on >= $2 AND opened_on <= $3),
		(SELECT COALESCE(SUM(sales + unsold), 0) FROM cases WHERE lead_unit = $1 AND opened_on >= $2 AND opened_on <= $3),
		(SELECT COUNT(*) FROM cases WHERE lead_unit = $1 AND closed_on >= $2 AND closed_on <= $3 AND status = $4),
		(SELECT COALESCE(SUM(fine + confiscation), 0) FROM cases WHERE lead_unit = $1 AND decided_on >= $2 AND decided_on <= $3)`,
		unit, f0, t0, string(dajia.CaseClosed)).Scan(&f.Opened, &value, &f.Closed, &fines); err != nil {
		return f, db.dialect.mapErr(err)
	}
	f.Value, f.Fines = dajia.Amount(value), dajia.Amount(fines)
	// The moments of sending are read a day wider on each side, so that
	// however a moment was written its day in China is among them; the
	// days are counted here.
	lo := time.Date(from.Year, time.Month(from.Month), from.Day, 0, 0, 0, 0, dajia.ChinaTime).AddDate(0, 0, -1).UTC()
	hi := time.Date(to.Year, time.Month(to.Month), to.Day, 0, 0, 0, 0, dajia.ChinaTime).AddDate(0, 0, 2).UTC()
	rows, err := db.read.QueryContext(ctx, `SELECT transfer_sent_at FROM cases WHERE lead_unit = $1 AND transfer_sent_at >= $2 AND transfer_sent_at < $3`, unit, lo, hi)
	if err != nil {
		return f, db.dialect.mapErr(err)
	}
	sent, err := collect(rows, func(sc rowScanner) (time.Time, error) {
		var t time.Time
		return t, sc.Scan(&t)
	})
	if err != nil {
		return f, err
	}
	for _, t := range sent {
		if d := dajia.DateOf(t.In(dajia.ChinaTime)); !d.Before(from) && !d.After(to) {
			f.Transferred++
		}
	}
	return f, nil
}

// CampaignFigures are what the cases and clues of one campaign add up to.
type CampaignFigures struct {
	Clues       int
	Opened      int
	Closed      int
	Value       dajia.Amount // sales and unsold of the cases (货值)
	Fines       dajia.Amount // fines and confiscations (罚没)
	Sent        int          // transfers waiting for the police's answer
	Filed       int          // the police opened a criminal case
	NotFiled    int          // the police did not
	Transferred int          // Sent + Filed + NotFiled
}

// CampaignFigures adds up a plan's clues and cases by campaign: one query
// for the clues and one for the cases, for every campaign at once. units
// limits them to the clues those units lead and the cases they lead or
// cooperate on; nil counts all, an empty list none.
func (db *DB) CampaignFigures(ctx context.Context, planID string, units []string) (_ map[int]CampaignFigures, err error) {
	defer db.wrap(&err, "count the campaigns of plan %s", planID)
	out := map[int]CampaignFigures{}
	if units != nil && len(units) == 0 {
		return out, nil
	}
	var us []any
	for _, u := range units {
		us = append(us, u)
	}
	args := []any{planID}
	q := `SELECT campaign_no, COUNT(*) FROM clues WHERE plan_id = $1`
	if units != nil {
		q += ` AND lead_unit IN (` + placeholders(&args, us...) + `)`
	}
	rows, err := db.read.QueryContext(ctx, q+` GROUP BY campaign_no`, args...)
	if err != nil {
		return nil, db.dialect.mapErr(err)
	}
	type clueCount struct{ no, n int }
	clues, err := collect(rows, func(sc rowScanner) (clueCount, error) {
		var c clueCount
		return c, sc.Scan(&c.no, &c.n)
	})
	if err != nil {
		return nil, err
	}
	for _, c := range clues {
		f := out[c.no]
		f.Clues = c.n
		out[c.no] = f
	}
	args = []any{planID, string(dajia.CaseClosed), string(dajia.TransferSent), string(dajia.TransferFiled), string(dajia.TransferNotFiled)}
	q = `SELECT campaign_no, COUNT(*), COALESCE(SUM(CASE WHEN status = $2 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(sales + unsold), 0), COALESCE(SUM(fine + confiscation), 0),
		COALESCE(SUM(CASE WHEN transfer_status = $3 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN transfer_status = $4 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN transfer_status = $5 THEN 1 ELSE 0 END), 0)
		FROM cases WHERE plan_id = $1`
	if units != nil {
		q += ` AND id IN (SELECT case_id FROM case_units WHERE unit IN (` + placeholders(&args, us...) + `))`
	}
	rows, err = db.read.QueryContext(ctx, q+` GROUP BY campaign_no`, args...)
	if err != nil {
		return nil, db.dialect.mapErr(err)
	}
	type caseCount struct {
		no int
		f  CampaignFigures
	}
	cases, err := collect(rows, func(sc rowScanner) (caseCount, error) {
		var c caseCount
		var value, fines int64
		err := sc.Scan(&c.no, &c.f.Opened, &c.f.Closed, &value, &fines, &c.f.Sent, &c.f.Filed, &c.f.NotFiled)
		c.f.Value, c.f.Fines = dajia.Amount(value), dajia.Amount(fines)
		return c, err
	})
	if err != nil {
		return nil, err
	}
	for _, c := range cases {
		f := c.f
		f.Clues = out[c.no].Clues
		f.Transferred = f.Sent + f.Filed + f.NotFiled
		out[c.no] = f
	}
	return out, nil
}
