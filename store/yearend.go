package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"dajia"
)

// MonthlyWork counts a plan's records of every unit by month (the month of
// the day each is dated: received, opened, closed, inspected, sampled,
// held), months in order: one grouped query per kind of record. Dates are
// stored as ISO text, so a month is the text's first seven characters in
// both databases.
func (db *DB) MonthlyWork(ctx context.Context, planID string) (_ []dajia.MonthFigures, err error) {
	defer db.wrap(&err, "count the months of plan %s", planID)
	months := map[string]*dajia.MonthFigures{}
	month := func(m string) *dajia.MonthFigures {
		if months[m] == nil {
			months[m] = &dajia.MonthFigures{Month: m}
		}
		return months[m]
	}
	failed := string(dajia.SampleFailed)
	for _, k := range []struct {
		table, day, second string
		set                func(*dajia.MonthFigures, int, int)
	}{
		{"clues", "received_on", "0", func(m *dajia.MonthFigures, n, _ int) { m.Clues = n }},
		{"cases", "opened_on", "0", func(m *dajia.MonthFigures, n, _ int) { m.Opened = n }},
		{"cases", "closed_on", "0", func(m *dajia.MonthFigures, n, _ int) { m.Closed = n }},
		{"inspections", "inspected_on", "0", func(m *dajia.MonthFigures, n, _ int) { m.Inspections = n }},
		{"samplings", "sampled_on", "COALESCE(SUM(CASE WHEN final_result = '" + failed + "' THEN 1 ELSE 0 END), 0)",
			func(m *dajia.MonthFigures, n, f int) { m.Samplings, m.Failed = n, f }},
		{"publicity", "held_on", "0", func(m *dajia.MonthFigures, n, _ int) { m.Publicity = n }},
	} {
		q := `SELECT SUBSTR(` + k.day + `, 1, 7), COUNT(*), ` + k.second + ` FROM ` + k.table + `
			WHERE plan_id = $1 AND ` + k.day + ` <> '' GROUP BY SUBSTR(` + k.day + `, 1, 7)`
		rows, err := db.read.QueryContext(ctx, q, planID)
		if err != nil {
			return nil, db.dialect.mapErr(err)
		}
		for rows.Next() {
			var m string
			var n, f int64
			if err := rows.Scan(&m, &n, &f); err != nil {
				rows.Close()
				return nil, err
			}
			k.set(month(m), int(n), int(f))
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	out := make([]dajia.MonthFigures, 0, len(months))
	for _, m := range months {
		out = append(out, *m)
	}
	slices.SortFunc(out, func(a, b dajia.MonthFigures) int {
		switch {
		case a.Month < b.Month:
			return -1
		case a.Month > b.Month:
			return 1
		}
		return 0
	})
	return out, nil
}

// YearEndDraft is what the office last generated a plan's year-end
// summary with from its page: the head and its texts, when and by whom.
type YearEndDraft struct {
	Head    dajia.YearEndHead
	SavedAt time.Time
	SavedBy string
}

func yearEndKey(planID string) string { return "yearend:" + planID }

// YearEndDraftOf is the plan's saved draft; ok false when there is none.
func (db *DB) YearEndDraftOf(ctx context.Context, planID string) (_ YearEndDraft, ok bool, err error) {
	defer db.wrap(&err, "read the year-end draft of plan %s", planID)
	var v string
	err = db.read.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, yearEndKey(planID)).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return YearEndDraft{}, false, nil
	}
	if err != nil {
		return YearEndDraft{}, false, err
	}
	var d YearEndDraft
	if err := json.Unmarshal([]byte(v), &d); err != nil {
		return YearEndDraft{}, false, fmt.Errorf("decode the year-end draft of plan %s: %w", planID, err)
	}
	return d, true, nil
}

// SaveYearEndDraft keeps the head a year-end summary was generated with,
// for the next generation, and writes e (the generation) to the audit
// trail in the same transaction.
func (db *DB) SaveYearEndDraft(ctx context.Context, actor dajia.Actor, planID string, h dajia.YearEndHead, e AuditEntry) (err error) {
	defer db.wrap(&err, "save the year-end draft of plan %s", planID)
	return db.Transact(ctx, func(tx *Tx) error {
		b, err := json.Marshal(YearEndDraft{Head: h, SavedAt: tx.Now, SavedBy: actor.Name})
		if err != nil {
			return err
		}
		if err := tx.setSetting(ctx, yearEndKey(planID), string(b)); err != nil {
			return err
		}
		return tx.Audit(ctx, actor, e)
	})
}
