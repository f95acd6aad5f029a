package store

import (
	"context"
	"encoding/json"
	"fmt"

	"dajia"
)

// UnitWork is what one unit's records under one campaign add up to: the
// clues it leads, the cases it leads or cooperates on, its survey findings
// (those turned into clues), inspections (those with a finding), samplings
// by standing result and publicity with its reach.
type UnitWork struct {
	Clues                           int
	Opened, Closed                  int
	Surveys, SurveyClues            int
	Inspections, InspectionFindings int
	Samplings                       dajia.PassRate
	Publicity                       int
	Reach                           dajia.Reach
}

// Add adds another unit's work to this one.
func (w *UnitWork) Add(o UnitWork) {
	w.Clues += o.Clues
	w.Opened += o.Opened
	w.Closed += o.Closed
	w.Surveys += o.Surveys
	w.SurveyClues += o.SurveyClues
	w.Inspections += o.Inspections
	w.InspectionFindings += o.InspectionFindings
	w.Samplings = w.Samplings.Add(o.Samplings)
	w.Publicity += o.Publicity
	w.Reach = w.Reach.Add(o.Reach)
}

// ActionWork is what a campaign's records tagged with one joint action and
// dated inside its dates add up to, as the action's results count them.
type ActionWork struct {
	ActionID                       int64
	Clues, Cases                   int
	Inspections, Samplings, Failed int
}

// CampaignWork is a plan's records by campaign and unit. Surveys carry no
// campaign: they are counted by product category (SurveysByCategory, then
// by unit), and the campaign that covers a category counts them.
type CampaignWork struct {
	Units             map[int]map[string]*UnitWork
	SurveysByCategory map[string]map[string]*UnitWork
	Actions           map[int]map[int64]*ActionWork
}

func (w *CampaignWork) unit(no int, unit string) *UnitWork {
	m := w.Units[no]
	if m == nil {
		m = map[string]*UnitWork{}
		w.Units[no] = m
	}
	if m[unit] == nil {
		m[unit] = &UnitWork{}
	}
	return m[unit]
}

func (w *CampaignWork) action(no int, id int64) *ActionWork {
	m := w.Actions[no]
	if m == nil {
		m = map[int64]*ActionWork{}
		w.Actions[no] = m
	}
	if m[id] == nil {
		m[id] = &ActionWork{ActionID: id}
	}
	return m[id]
}

// CampaignWork adds up the plan's records by campaign and unit, of units
// (nil: every unit; empty: none) — the clues they lead, the cases they
// lead or cooperate on, the surveys, inspections, samplings and publicity
// they recorded — and by campaign and joint action those tagged with the
// action and dated inside it. One grouped query per kind of record and
// per grouping, whatever the number of campaigns, units and actions.
func (db *DB) CampaignWork(ctx context.Context, planID string, units []string) (_ CampaignWork, err error) {
	defer db.wrap(&err, "count the field work of plan %s", planID)
	w := CampaignWork{Units: map[int]map[string]*UnitWork{}, SurveysByCategory: map[string]map[string]*UnitWork{},
		Actions: map[int]map[int64]*ActionWork{}}
	if units != nil && len(units) == 0 {
		return w, nil
	}
	var us []any
	for _, u := range units {
		us = append(us, u)
	}
	// in is the unit condition on column col, with its placeholders after args.
	in := func(args *[]any, col string) string {
		if units == nil {
			return ""
		}
		return " AND " + col + " IN (" + placeholders(args, us...) + ")"
	}
	type grouped struct {
		q    func(args *[]any) string
		scan func(no int, key string, n []int64)
		cols int
	}
	passed, failed := string(dajia.SamplePassed), string(dajia.SampleFailed)
	byUnit := []grouped{
		{cols: 1, q: func(a *[]any) string {
			return `SELECT campaign_no, lead_unit, COUNT(*) FROM clues WHERE plan_id = $1` + in(a, "lead_unit") + ` GROUP BY campaign_no, lead_unit`
		}, scan: func(no int, u string, n []int64) { w.unit(no, u).Clues = int(n[0]) }},
		{cols: 2, q: func(a *[]any) string {
			return `SELECT c.campaign_no, u.unit, COUNT(*), COALESCE(SUM(CASE WHEN c.status = '` + string(dajia.CaseClosed) + `' THEN 1 ELSE 0 END), 0)
				FROM cases c JOIN case_units u ON u.case_id = c.id WHERE c.plan_id = $1` + in(a, "u.unit") + ` GROUP BY c.campaign_no, u.unit`
		}, scan: func(no int, u string, n []int64) { x := w.unit(no, u); x.Opened, x.Closed = int(n[0]), int(n[1]) }},
		{cols: 2, q: func(a *[]any) string {
			return `SELECT campaign_no, unit, COUNT(*), COALESCE(SUM(CASE WHEN findings > 0 THEN 1 ELSE 0 END), 0)
				FROM inspections WHERE plan_id = $1` + in(a, "unit") + ` GROUP BY campaign_no, unit`
		}, scan: func(no int, u string, n []int64) {
			x := w.unit(no, u)
			x.Inspections, x.InspectionFindings = int(n[0]), int(n[1])
		}},
		{cols: 3, q: func(a *[]any) string {
			return `SELECT campaign_no, unit, COALESCE(SUM(CASE WHEN final_result = '` + passed + `' THEN 1 ELSE 0 END), 0),
				COALESCE(SUM(CASE WHEN final_result = '` + failed + `' THEN 1 ELSE 0 END), 0), COUNT(*)
				FROM samplings WHERE plan_id = $1` + in(a, "unit") + ` GROUP BY campaign_no, unit`
		}, scan: func(no int, u string, n []int64) {
			w.unit(no, u).Samplings = dajia.PassRate{Key: u, Passed: int(n[0]), Failed: int(n[1]), Pending: int(n[2] - n[0] - n[1])}
		}},
		{cols: 4, q: func(a *[]any) string {
			return `SELECT campaign_no, unit, COUNT(*), COALESCE(SUM(people), 0), COALESCE(SUM(copies), 0), COALESCE(SUM(views), 0)
				FROM publicity WHERE plan_id = $1` + in(a, "unit") + ` GROUP BY campaign_no, unit`
		}, scan: func(no int, u string, n []int64) {
			x := w.unit(no, u)
			x.Publicity, x.Reach = int(n[0]), dajia.Reach{People: n[1], Copies: n[2], Views: n[3]}
		}},
	}
	for _, g := range byUnit {
		if err := db.grouped(ctx, planID, g.q, g.cols, g.scan); err != nil {
			return w, err
		}
	}
	// Surveys by category and unit.
	if err := db.groupedText(ctx, planID, func(a *[]any) string {
		return `SELECT category, unit, COUNT(*), COALESCE(SUM(CASE WHEN clue_id IS NOT NULL THEN 1 ELSE 0 END), 0)
			FROM surveys WHERE plan_id = $1` + in(a, "unit") + ` GROUP BY category, unit`
	}, func(cat, u string, n []int64) {
		m := w.SurveysByCategory[cat]
		if m == nil {
			m = map[string]*UnitWork{}
			w.SurveysByCategory[cat] = m
		}
		m[u] = &UnitWork{Surveys: int(n[0]), SurveyClues: int(n[1])}
	}); err != nil {
		return w, err
	}
	// By campaign and joint action: what the actions' results count.
	for _, t := range actionTallies {
		cols := "COUNT(*), 0"
		if t.kind == "samplings" {
			cols = "COUNT(*), COALESCE(SUM(CASE WHEN r.final_result = '" + failed + "' THEN 1 ELSE 0 END), 0)"
		}
		kind := t.kind
		q := func(a *[]any) string {
			s := `SELECT r.campaign_no, r.action_id, ` + cols + ` FROM ` + t.table + ` r JOIN joint_actions j ON j.id = r.action_id
				WHERE r.plan_id = $1 AND j.plan_id = $1 AND r.` + t.day + ` >= j.start_on AND r.` + t.day + ` <= j.end_on`
			if units != nil {
				s += " AND " + fmt.Sprintf(t.unit, placeholders(a, us...))
			}
			return s + ` GROUP BY r.campaign_no, r.action_id`
		}
		if err := db.groupedText(ctx, planID, q, func(key, id string, n []int64) {
			var no int
			var aid int64
			fmt.Sscan(key, &no)
			fmt.Sscan(id, &aid)
			x := w.action(no, aid)
			switch kind {
			case "clues":
				x.Clues = int(n[0])
			case "cases":
				x.Cases = int(n[0])
			case "inspections":
				x.Inspections = int(n[0])
			case "samplings":
				x.Samplings, x.Failed = int(n[0]), int(n[1])
			}
		}); err != nil {
			return w, err
		}
	}
	return w, nil
}

// grouped runs a query grouped by campaign number and unit with cols
// counts after them.
func (db *DB) grouped(ctx context.Context, planID string, q func(*[]any) string, cols int, scan func(int, string, []int64)) error {
	return db.groupedText(ctx, planID, q, func(key, unit string, n []int64) {
		var no int
		fmt.Sscan(key, &no)
		scan(no, unit, n[:cols])
	})
}

// groupedText runs a query of two keys (read as text) and counts: the
// counts are as many as the columns after the keys.
func (db *DB) groupedText(ctx context.Context, planID string, q func(*[]any) string, scan func(string, string, []int64)) error {
	args := []any{planID}
	text := q(&args)
	rows, err := db.read.QueryContext(ctx, text, args...)
	if err != nil {
		return db.dialect.mapErr(err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	for rows.Next() {
		var k1, k2 any
		n := make([]int64, len(cols)-2)
		dest := []any{&k1, &k2}
		for i := range n {
			dest = append(dest, &n[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		scan(keyText(k1), keyText(k2), n)
	}
	return rows.Err()
}

func keyText(v any) string {
	if b, ok := v.([]byte); ok {
		return string(b)
	}
	return fmt.Sprint(v)
}

// FieldFigures counts unit's field work of the days from to to (both
// included), one indexed query per kind: inspections with the entities
// they checked and their inspectors, samplings and those failed, publicity,
// survey findings, and the joint actions it took part in under way then.
func (db *DB) FieldFigures(ctx context.Context, unit string, from, to dajia.Date) (_ dajia.FieldFigures, err error) {
	defer db.wrap(&err, "count the field work of %s", unit)
	var f dajia.FieldFigures
	lo, hi := from.String(), to.String()
	rows, err := db.read.QueryContext(ctx, `SELECT i.inspectors, (SELECT COUNT(*) FROM inspection_entities e WHERE e.inspection_id = i.id)
		FROM inspections i WHERE i.unit = $1 AND i.inspected_on >= $2 AND i.inspected_on <= $3`, unit, lo, hi)
	if err != nil {
		return f, db.dialect.mapErr(err)
	}
	defer rows.Close()
	for rows.Next() {
		var names string
		var n int
		if err := rows.Scan(&names, &n); err != nil {
			return f, err
		}
		var people []string
		if err := json.Unmarshal([]byte(names), &people); err != nil {
			return f, fmt.Errorf("stored inspectors: %w", err)
		}
		f.Inspections++
		f.EntitiesChecked += n
		f.Inspectors += len(people)
	}
	if err := rows.Err(); err != nil {
		return f, err
	}
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN final_result = $4 THEN 1 ELSE 0 END), 0)
		FROM samplings WHERE unit = $1 AND sampled_on >= $2 AND sampled_on <= $3`, unit, lo, hi, string(dajia.SampleFailed)).Scan(&f.Samples, &f.SamplesFailed); err != nil {
		return f, db.dialect.mapErr(err)
	}
	for _, c := range []struct {
		q  string
		to *int
	}{
		{`SELECT COUNT(*) FROM publicity WHERE unit = $1 AND held_on >= $2 AND held_on <= $3`, &f.Publicity},
		{`SELECT COUNT(*) FROM surveys WHERE unit = $1 AND found_on >= $2 AND found_on <= $3`, &f.Surveys},
		{`SELECT COUNT(*) FROM joint_actions j JOIN joint_action_units u ON u.action_id = j.id
			WHERE u.unit = $1 AND u.part = TRUE AND j.start_on <= $3 AND j.end_on >= $2`, &f.JointActions},
	} {
		if err := db.read.QueryRowContext(ctx, c.q, unit, lo, hi).Scan(c.to); err != nil {
			return f, db.dialect.mapErr(err)
		}
	}
	return f, nil
}
