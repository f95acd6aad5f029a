package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"dajia"
)

// ActionRecord is a joint action as the store keeps it: the domain's
// action and who recorded it when.
type ActionRecord struct {
	dajia.JointAction
	CreatedBy string
	CreatedAt time.Time
	UpdatedAt time.Time
}

const actionColumns = `id, plan_id, name, arrangement, start_on, end_on, places, categories, done, done_on, summary, notes,
	created_by, created_at, updated_at`

func scanAction(sc rowScanner) (ActionRecord, error) {
	var r ActionRecord
	j := &r.JointAction
	var start, end, places, cats, doneOn string
	if err := sc.Scan(&j.ID, &j.PlanID, &j.Name, &j.Arrangement, &start, &end, &places, &cats, &j.Done, &doneOn, &j.Summary, &j.Notes,
		&r.CreatedBy, &r.CreatedAt, &r.UpdatedAt); err != nil {
		return r, err
	}
	var err error
	for _, d := range []struct {
		col string
		s   string
		to  *dajia.Date
	}{{"start_on", start, &j.Start}, {"end_on", end, &j.End}, {"done_on", doneOn, &j.DoneOn}} {
		if *d.to, err = storedDate(d.col, d.s); err != nil {
			return r, err
		}
	}
	if err := json.Unmarshal([]byte(places), &j.Places); err != nil {
		return r, fmt.Errorf("stored places of action %d: %w", j.ID, err)
	}
	if err := json.Unmarshal([]byte(cats), &j.Categories); err != nil {
		return r, fmt.Errorf("stored categories of action %d: %w", j.ID, err)
	}
	return r, nil
}

// actionView is what the audit trail keeps of a joint action: its dates,
// units, targets, figures and state; the name, arrangement, summary and
// notes by name only.
func actionView(j dajia.JointAction) map[string]any {
	forces := map[string]string{}
	for _, f := range j.Forces {
		forces[f.Unit] = fmt.Sprintf("%d/%d", f.Staff, f.Vehicles)
	}
	return map[string]any{"plan": j.PlanID, "title": j.Name, "arrangement": j.Arrangement, "start": j.Start.String(), "end": j.End.String(),
		"units": j.Units, "places": j.Places, "categories": j.Categories, "forces": forces, "done": j.Done, "done_on": j.DoneOn.String(),
		"summary": j.Summary, "notes": j.Notes}
}

func actionNotFound() error {
	return dajia.Errorf(dajia.NotFound, "action", "没有这次集中行动")
}

func jsonList(v []string) string {
	if v == nil {
		v = []string{}
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// actionParts loads the units and forces of the actions with one query.
func actionParts(ctx context.Context, q rowsQuerier, recs []ActionRecord) error {
	if len(recs) == 0 {
		return nil
	}
	at := map[int64]*ActionRecord{}
	var ids []any
	for i := range recs {
		at[recs[i].ID] = &recs[i]
		ids = append(ids, recs[i].ID)
	}
	var args []any
	rows, err := q.QueryContext(ctx, `SELECT action_id, unit, part, staff, vehicles FROM joint_action_units WHERE action_id IN (`+
		placeholders(&args, ids...)+`) ORDER BY action_id, part DESC, unit`, args...)
	if err != nil {
		return fmt.Errorf("action units: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var f dajia.ActionForce
		var part bool
		if err := rows.Scan(&id, &f.Unit, &part, &f.Staff, &f.Vehicles); err != nil {
			return err
		}
		r := at[id]
		if part {
			r.Units = append(r.Units, f.Unit)
		}
		if f.Staff != 0 || f.Vehicles != 0 {
			r.Forces = append(r.Forces, f)
		}
	}
	return rows.Err()
}

func (tx *Tx) action(ctx context.Context, id int64) (ActionRecord, error) {
	r, err := scanAction(tx.QueryRowContext(ctx, `SELECT `+actionColumns+` FROM joint_actions WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, actionNotFound()
	}
	if err != nil {
		return r, err
	}
	recs := []ActionRecord{r}
	err = actionParts(ctx, tx, recs)
	return recs[0], err
}

// saveActionUnits replaces the units and forces of action id.
func (tx *Tx) saveActionUnits(ctx context.Context, j dajia.JointAction) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM joint_action_units WHERE action_id = $1`, j.ID); err != nil {
		return fmt.Errorf("action %d units: %w", j.ID, err)
	}
	rows := map[string]*dajia.ActionForce{}
	var order []string
	for _, u := range j.Units {
		rows[u] = &dajia.ActionForce{Unit: u}
		order = append(order, u)
	}
	for _, f := range j.Forces {
		if rows[f.Unit] == nil {
			rows[f.Unit] = &dajia.ActionForce{Unit: f.Unit}
			order = append(order, f.Unit)
		}
		rows[f.Unit].Staff, rows[f.Unit].Vehicles = f.Staff, f.Vehicles
	}
	for _, u := range order {
		f := rows[u]
		part := u != dajia.OfficeKey && contains(j.Units, u)
		if _, err := tx.ExecContext(ctx, `INSERT INTO joint_action_units (action_id, unit, part, staff, vehicles) VALUES ($1, $2, $3, $4, $5)`,
			j.ID, u, part, f.Staff, f.Vehicles); err != nil {
			return fmt.Errorf("action %d unit %s: %w", j.ID, u, err)
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// CreateJointAction stores a checked joint action with its units and its
// audit record.
func (db *DB) CreateJointAction(ctx context.Context, actor dajia.Actor, j dajia.JointAction) (_ ActionRecord, err error) {
	defer db.wrap(&err, "store the joint action")
	var out ActionRecord
	err = db.Transact(ctx, func(tx *Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO joint_actions (plan_id, name, arrangement, start_on, end_on, places, categories, done, done_on,
			summary, notes, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id`,
			j.PlanID, j.Name, j.Arrangement, j.Start.String(), j.End.String(), jsonList(j.Places), jsonList(j.Categories), j.Done, j.DoneOn.String(),
			j.Summary, j.Notes, actor.Name, tx.Now).Scan(&j.ID); err != nil {
			return fmt.Errorf("insert joint action: %w", db.dialect.mapErr(err))
		}
		if err := tx.saveActionUnits(ctx, j); err != nil {
			return err
		}
		var err error
		if out, err = tx.action(ctx, j.ID); err != nil {
			return err
		}
		return tx.Audit(ctx, actor, AuditEntry{Action: "action.create", Object: fmt.Sprintf("action:%d", j.ID), After: actionView(out.JointAction)})
	})
	return out, err
}

// UpdateJointAction changes a joint action in one transaction: it loads
// the action, lets change change it (by the domain's rules; it answers the
// audit action's name: update, force), saves it and writes the audit
// record.
func (db *DB) UpdateJointAction(ctx context.Context, actor dajia.Actor, id int64, change func(*dajia.JointAction) (string, error)) (_ ActionRecord, err error) {
	defer db.wrap(&err, "change joint action %d", id)
	var out ActionRecord
	err = db.Transact(ctx, func(tx *Tx) error {
		before, err := tx.action(ctx, id)
		if err != nil {
			return err
		}
		j := before.JointAction
		j.Units = append([]string(nil), before.Units...)
		j.Forces = append([]dajia.ActionForce(nil), before.Forces...)
		what, err := change(&j)
		if err != nil {
			return err
		}
		j.ID = id
		if _, err := tx.ExecContext(ctx, `UPDATE joint_actions SET name = $1, arrangement = $2, start_on = $3, end_on = $4, places = $5,
			categories = $6, done = $7, done_on = $8, summary = $9, notes = $10, updated_at = $11 WHERE id = $12`,
			j.Name, j.Arrangement, j.Start.String(), j.End.String(), jsonList(j.Places), jsonList(j.Categories), j.Done, j.DoneOn.String(),
			j.Summary, j.Notes, tx.Now, id); err != nil {
			return fmt.Errorf("update joint action %d: %w", id, err)
		}
		if err := tx.saveActionUnits(ctx, j); err != nil {
			return err
		}
		if out, err = tx.action(ctx, id); err != nil {
			return err
		}
		return tx.Audit(ctx, actor, AuditEntry{Action: "action." + what, Object: fmt.Sprintf("action:%d", id),
			Before: actionView(before.JointAction), After: actionView(out.JointAction)})
	})
	return out, err
}

// JointAction returns one joint action.
func (db *DB) JointAction(ctx context.Context, id int64) (_ ActionRecord, err error) {
	defer db.wrap(&err, "load joint action %d", id)
	r, err := scanAction(db.read.QueryRowContext(ctx, `SELECT `+actionColumns+` FROM joint_actions WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, actionNotFound()
	}
	if err != nil {
		return r, err
	}
	recs := []ActionRecord{r}
	err = actionParts(ctx, db.read, recs)
	return recs[0], err
}

// ActionFilter selects joint actions.
type ActionFilter struct {
	PlanID string   // "" is every plan's
	Units  []string // those one of these units takes part in; nil: all
	// Status on Today: by the dates, or done once marked.
	Status dajia.ActionStatus
	Today  dajia.Date
	// DoneFrom and DoneTo, when set, keep the actions done on Today whose
	// day done (dajia.JointAction.DoneDay) falls between them: a phase's
	// done actions.
	DoneFrom, DoneTo dajia.Date
	// Forced keeps, of Units, the actions they sent a force to (staff or
	// vehicles recorded).
	Forced bool
	Limit  int // at most 500; 0 is 200
	Offset int
}

func (f ActionFilter) where() (string, []any, bool) {
	var conds []string
	var args []any
	if f.PlanID != "" {
		conds = append(conds, "plan_id = "+placeholders(&args, f.PlanID))
	}
	if f.Units != nil {
		if len(f.Units) == 0 {
			return "", nil, false
		}
		forced := ""
		if f.Forced {
			forced = " AND (staff > 0 OR vehicles > 0)"
		}
		conds = append(conds, "id IN (SELECT action_id FROM joint_action_units WHERE part = TRUE"+forced+" AND unit IN ("+placeholdersOf(&args, f.Units)+"))")
	}
	today := f.Today.String()
	switch f.Status {
	case "":
	case dajia.ActionPlanned:
		conds = append(conds, "done = FALSE AND start_on > "+placeholders(&args, today))
	case dajia.ActionUnderWay:
		p := placeholders(&args, today)
		conds = append(conds, "done = FALSE AND start_on <= "+p+" AND end_on >= "+p)
	case dajia.ActionDone:
		conds = append(conds, "(done = TRUE OR end_on < "+placeholders(&args, today)+")")
	default:
		return "", nil, false
	}
	if !f.DoneFrom.IsZero() && !f.DoneTo.IsZero() {
		t, lo, hi := placeholders(&args, today), placeholders(&args, f.DoneFrom.String()), placeholders(&args, f.DoneTo.String())
		in := func(col string) string { return col + " >= " + lo + " AND " + col + " <= " + hi }
		conds = append(conds, "((done = TRUE AND done_on <= end_on AND "+in("done_on")+") OR (done = TRUE AND done_on > end_on AND "+in("end_on")+
			") OR (done = FALSE AND end_on < "+t+" AND "+in("end_on")+"))")
	}
	if len(conds) == 0 {
		return "", args, true
	}
	return " WHERE " + strings.Join(conds, " AND "), args, true
}

// JointActions lists joint actions, the latest first.
func (db *DB) JointActions(ctx context.Context, f ActionFilter) (_ []ActionRecord, err error) {
	defer db.wrap(&err, "list joint actions")
	where, args, ok := f.where()
	if !ok {
		return nil, nil
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 200
	}
	q := `SELECT ` + actionColumns + ` FROM joint_actions` + where + ` ORDER BY start_on DESC, id DESC LIMIT ` +
		placeholders(&args, f.Limit) + ` OFFSET ` + placeholders(&args, max(f.Offset, 0))
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, db.dialect.mapErr(err)
	}
	recs, err := collect(rows, scanAction)
	if err != nil {
		return nil, err
	}
	return recs, actionParts(ctx, db.read, recs)
}

// CountJointActions counts the actions of a filter over every page.
func (db *DB) CountJointActions(ctx context.Context, f ActionFilter) (_ int, err error) {
	defer db.wrap(&err, "count joint actions")
	where, args, ok := f.where()
	if !ok {
		return 0, nil
	}
	var n int
	err = db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM joint_actions`+where, args...).Scan(&n)
	return n, db.dialect.mapErr(err)
}

// ActionFigure is what one kind of record tagged with a joint action and
// dated inside its dates adds up to: how many, for cases their goods'
// value (sales and unsold) and fines and confiscations, for inspections
// those with a finding, for samplings their standing results.
type ActionFigure struct {
	Kind     string // clues, cases, inspections, samplings: the list it links to
	Count    int
	Value    dajia.Amount
	Fines    dajia.Amount
	Findings int            // inspections with a finding
	Rate     dajia.PassRate // samplings: passed, failed, waiting for the lab
}

// actionTally is one kind of record an action's results count: its table,
// the day that must fall inside the action's dates, what it sums (four
// columns: value, fines, and two counts), and how a unit's own records are
// told.
type actionTally struct {
	kind, table, day, sums, unit string
}

var actionTallies = []actionTally{
	{kind: "clues", table: "clues", day: "received_on", sums: "0, 0, 0, 0", unit: "r.lead_unit IN (%s)"},
	{kind: "cases", table: "cases", day: "opened_on", sums: "COALESCE(SUM(r.sales + r.unsold), 0), COALESCE(SUM(r.fine + r.confiscation), 0), 0, 0",
		unit: "r.id IN (SELECT case_id FROM case_units WHERE unit IN (%s))"},
	{kind: "inspections", table: "inspections", day: "inspected_on", sums: "0, 0, COALESCE(SUM(CASE WHEN r.findings > 0 THEN 1 ELSE 0 END), 0), 0",
		unit: "r.unit IN (%s)"},
	{kind: "samplings", table: "samplings", day: "sampled_on",
		sums: "0, 0, COALESCE(SUM(CASE WHEN r.final_result = '" + string(dajia.SamplePassed) + "' THEN 1 ELSE 0 END), 0), " +
			"COALESCE(SUM(CASE WHEN r.final_result = '" + string(dajia.SampleFailed) + "' THEN 1 ELSE 0 END), 0)",
		unit: "r.unit IN (%s)"},
}

// actionDated is the condition that keeps the records (of the table as alias)
// tagged with the action at placeholder p and dated (column day) inside
// its dates.
func actionDated(alias, day, p string) string {
	return alias + "action_id = " + p + " AND " + alias + day + " >= (SELECT start_on FROM joint_actions WHERE id = " + p + ")" +
		" AND " + alias + day + " <= (SELECT end_on FROM joint_actions WHERE id = " + p + ")"
}

// ActionResults counts what the joint action id brought: the records
// tagged with it and dated inside its dates, of units (nil: every unit;
// empty: none), one indexed query per kind.
func (db *DB) ActionResults(ctx context.Context, id int64, units []string) (_ []ActionFigure, err error) {
	defer db.wrap(&err, "count the results of joint action %d", id)
	var out []ActionFigure
	for _, t := range actionTallies {
		f := ActionFigure{Kind: t.kind}
		if units != nil && len(units) == 0 {
			out = append(out, f)
			continue
		}
		var args []any
		q := `SELECT COUNT(*), ` + t.sums + ` FROM ` + t.table + ` r WHERE ` + actionDated("r.", t.day, placeholders(&args, id))
		if units != nil {
			q += " AND " + fmt.Sprintf(t.unit, placeholdersOf(&args, units))
		}
		var value, fines, a, b int64
		if err := db.read.QueryRowContext(ctx, q, args...).Scan(&f.Count, &value, &fines, &a, &b); err != nil {
			return nil, db.dialect.mapErr(err)
		}
		f.Value, f.Fines = dajia.Amount(value), dajia.Amount(fines)
		switch t.kind {
		case "inspections":
			f.Findings = int(a)
		case "samplings":
			f.Rate = dajia.PassRate{Key: "action", Passed: int(a), Failed: int(b), Pending: f.Count - int(a) - int(b)}
		}
		out = append(out, f)
	}
	return out, nil
}
