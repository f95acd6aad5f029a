package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"dajia"
)

const clueColumns = `id, plan_id, source, source_ref, referral_due, received_on, lead_unit, campaign_no, entity_id, summary,
	status, outcome, reason, transfer_to, extended, decided_on, case_id, due_on, due_what, action_id`

func scanClue(sc rowScanner) (dajia.Clue, error) {
	var c dajia.Clue
	var source, status, outcome, referralDue, received, decided, due, dueWhat string
	var entity, caseID, action sql.NullInt64
	if err := sc.Scan(&c.ID, &c.PlanID, &source, &c.SourceRef, &referralDue, &received, &c.LeadUnit, &c.CampaignNo, &entity, &c.Summary,
		&status, &outcome, &c.Reason, &c.TransferTo, &c.Extended, &decided, &caseID, &due, &dueWhat, &action); err != nil {
		return c, err
	}
	c.Source, c.Status, c.Outcome, c.DueWhat = dajia.ClueSource(source), dajia.ClueStatus(status), dajia.ClueOutcome(outcome), dajia.ClueDue(dueWhat)
	c.EntityID, c.CaseID, c.ActionID = entity.Int64, caseID.Int64, action.Int64
	var err error
	for _, d := range []struct {
		col string
		s   string
		to  *dajia.Date
	}{{"referral_due", referralDue, &c.ReferralDue}, {"received_on", received, &c.ReceivedOn}, {"decided_on", decided, &c.DecidedOn}, {"due_on", due, &c.Due}} {
		if *d.to, err = storedDate(d.col, d.s); err != nil {
			return c, err
		}
	}
	return c, nil
}

// clueView is what the audit trail keeps of a clue: its workflow values;
// the summary and reason by name only.
func clueView(c dajia.Clue) map[string]any {
	return map[string]any{"source": c.Source, "source_ref": c.SourceRef, "lead_unit": c.LeadUnit, "status": c.Status, "outcome": c.Outcome,
		"transfer_to": c.TransferTo, "extended": c.Extended, "due": c.Due.String(), "case": c.CaseID, "entity": c.EntityID, "joint_action": c.ActionID, "summary": c.Summary, "reason": c.Reason}
}

func clueNotFound() error {
	return dajia.Errorf(dajia.NotFound, "clue", "没有这条线索")
}

func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id > 0} }

func (tx *Tx) clue(ctx context.Context, id int64) (dajia.Clue, error) {
	c, err := scanClue(tx.QueryRowContext(ctx, `SELECT `+clueColumns+` FROM clues WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, clueNotFound()
	}
	return c, err
}

// CreateClue stores a checked clue with its first history line ("receive")
// and its audit record. A tip's clue links the tip: a second clue of one
// tip is a conflict.
func (db *DB) CreateClue(ctx context.Context, actor dajia.Actor, c dajia.Clue) (_ dajia.Clue, err error) {
	defer db.wrap(&err, "store the clue")
	var out dajia.Clue
	err = db.Transact(ctx, func(tx *Tx) error {
		out, err = tx.createClue(ctx, actor, c)
		return err
	})
	return out, err
}

// createClue stores a checked clue inside the transaction: the clue, its
// first history line and its audit record.
func (tx *Tx) createClue(ctx context.Context, actor dajia.Actor, c dajia.Clue) (out dajia.Clue, err error) {
	var tip sql.NullInt64
	if id, ok := c.TipID(); ok {
		tip = nullID(id)
		var other int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM clues WHERE tip_id = $1`, id).Scan(&other)
		if err == nil {
			return out, dajia.Errorf(dajia.Conflict, "source_ref", "这条举报投诉已是第 %d 号线索", other)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return out, err
		}
	}
	var id int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO clues (plan_id, source, source_ref, tip_id, referral_due, received_on, lead_unit, campaign_no,
		entity_id, summary, status, outcome, reason, transfer_to, extended, decided_on, case_id, due_on, due_what, created_by, created_at, updated_at, action_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $21, $22) RETURNING id`,
		c.PlanID, string(c.Source), c.SourceRef, tip, c.ReferralDue.String(), c.ReceivedOn.String(), c.LeadUnit, c.CampaignNo,
		nullID(c.EntityID), c.Summary, string(c.Status), string(c.Outcome), c.Reason, c.TransferTo, c.Extended, c.DecidedOn.String(),
		nullID(c.CaseID), c.Due.String(), string(c.DueWhat), actor.Name, tx.Now, nullID(c.ActionID)).Scan(&id); err != nil {
		return out, fmt.Errorf("insert clue: %w", tx.db.dialect.mapErr(err))
	}
	if err := tx.clueEvent(ctx, id, actor.Name, "receive", string(c.Source)); err != nil {
		return out, err
	}
	if out, err = tx.clue(ctx, id); err != nil {
		return out, err
	}
	return out, tx.Audit(ctx, actor, AuditEntry{Action: "clue.create", Object: fmt.Sprintf("clue:%d", id), After: clueView(out)})
}

func (tx *Tx) clueEvent(ctx context.Context, id int64, actor, action, note string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO clue_events (clue_id, at, actor, action, note) VALUES ($1, $2, $3, $4, $5)`, id, tx.Now, actor, action, note)
	if err != nil {
		return fmt.Errorf("clue %d history: %w", id, err)
	}
	return nil
}

// Clue returns one clue.
func (db *DB) Clue(ctx context.Context, id int64) (_ dajia.Clue, err error) {
	defer db.wrap(&err, "load clue %d", id)
	c, err := scanClue(db.read.QueryRowContext(ctx, `SELECT `+clueColumns+` FROM clues WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, clueNotFound()
	}
	return c, err
}

// ClueOfTip returns the clue of a tip; false when it has none.
func (db *DB) ClueOfTip(ctx context.Context, tipID int64) (_ dajia.Clue, _ bool, err error) {
	defer db.wrap(&err, "load the clue of tip %d", tipID)
	c, err := scanClue(db.read.QueryRowContext(ctx, `SELECT `+clueColumns+` FROM clues WHERE tip_id = $1`, tipID))
	if errors.Is(err, sql.ErrNoRows) {
		return c, false, nil
	}
	return c, err == nil, err
}

// ClueFilter selects clues.
type ClueFilter struct {
	PlanID   string   // "" is every plan's
	Units    []string // lead units among these; nil: all
	Statuses []dajia.ClueStatus
	Sources  []dajia.ClueSource
	Entities []int64 // about one of these entities; nil: any, empty: none
	// ActionID, when set, keeps the clues tagged with that joint action
	// and received inside its dates: those its results count.
	ActionID int64
	// CampaignNo, when set, keeps the clues of that campaign (NoCampaign:
	// those of none).
	CampaignNo int
	// OverdueOn, when set, keeps the clues whose running deadline is
	// before that day.
	OverdueOn dajia.Date
	// IDs, when not nil, keeps only these clues (empty: none): a set the
	// app computed, such as the clues the review judged in time.
	IDs []int64
	// Words keeps the clues whose text holds every one (clueText), as
	// dajia.TipSearchWords splits a search.
	Words  []string
	Limit  int // at most 500; 0 is 200
	Offset int
}

func (f ClueFilter) where() (string, []any, bool) {
	var conds []string
	var args []any
	ph := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	if f.PlanID != "" {
		conds = append(conds, "plan_id = "+ph(f.PlanID))
	}
	if f.CampaignNo != 0 {
		conds = append(conds, "campaign_no = "+ph(max(f.CampaignNo, 0)))
	}
	if f.Units != nil {
		if len(f.Units) == 0 {
			return "", nil, false
		}
		var ps []string
		for _, u := range f.Units {
			ps = append(ps, ph(u))
		}
		conds = append(conds, "lead_unit IN ("+strings.Join(ps, ", ")+")")
	}
	if f.Entities != nil {
		if len(f.Entities) == 0 {
			return "", nil, false
		}
		var ps []string
		for _, id := range f.Entities {
			ps = append(ps, ph(id))
		}
		conds = append(conds, "entity_id IN ("+strings.Join(ps, ", ")+")")
	}
	if len(f.Sources) > 0 {
		var ps []string
		for _, s := range f.Sources {
			ps = append(ps, ph(string(s)))
		}
		conds = append(conds, "source IN ("+strings.Join(ps, ", ")+")")
	}
	if f.IDs != nil {
		if len(f.IDs) == 0 {
			return "", nil, false
		}
		var ps []string
		for _, id := range f.IDs {
			ps = append(ps, ph(id))
		}
		conds = append(conds, "id IN ("+strings.Join(ps, ", ")+")")
	}
	if f.ActionID != 0 {
		conds = append(conds, actionDated("", "received_on", ph(f.ActionID)))
	}
	if !f.OverdueOn.IsZero() {
		conds = append(conds, "due_on <> '' AND due_on < "+ph(f.OverdueOn.String()))
	}
	if len(f.Statuses) > 0 {
		var ps []string
		for _, s := range f.Statuses {
			ps = append(ps, ph(string(s)))
		}
		conds = append(conds, "status IN ("+strings.Join(ps, ", ")+")")
	}
	conds = append(conds, matchWords(f.Words, ph, clueText)...)
	if len(conds) == 0 {
		return "", args, true
	}
	return " WHERE " + strings.Join(conds, " AND "), args, true
}

// Clues lists clues, the most urgent deadline first.
func (db *DB) Clues(ctx context.Context, f ClueFilter) (_ []dajia.Clue, err error) {
	defer db.wrap(&err, "list clues")
	where, args, ok := f.where()
	if !ok {
		return nil, nil
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 200
	}
	args = append(args, f.Limit, max(f.Offset, 0))
	q := `SELECT ` + clueColumns + ` FROM clues` + where +
		fmt.Sprintf(` ORDER BY CASE WHEN due_on = '' THEN 1 ELSE 0 END, due_on, id DESC LIMIT $%d OFFSET $%d`, len(args)-1, len(args))
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, db.dialect.mapErr(err)
	}
	return collect(rows, scanClue)
}

// ClueCount is how many clues a filter matches, and how many of them are
// past their running deadline on a day.
type ClueCount struct {
	Total   int
	Overdue int
}

// CountClues counts the clues of a filter over every page.
func (db *DB) CountClues(ctx context.Context, f ClueFilter, today dajia.Date) (_ ClueCount, err error) {
	defer db.wrap(&err, "count clues")
	var c ClueCount
	where, args, ok := f.where()
	if !ok {
		return c, nil
	}
	args = append(args, today.String())
	q := fmt.Sprintf(`SELECT COUNT(*), COALESCE(SUM(CASE WHEN due_on <> '' AND due_on < $%d THEN 1 ELSE 0 END), 0) FROM clues`, len(args)) + where
	if err := db.read.QueryRowContext(ctx, q, args...).Scan(&c.Total, &c.Overdue); err != nil {
		return c, db.dialect.mapErr(err)
	}
	return c, nil
}

// Event is one line of a clue's history or a case's timeline: when, who
// (the login name), the step and its note.
type Event struct {
	At     time.Time
	Actor  string
	Action string
	Note   string
}

// ClueEvent is one line of a clue's history.
type ClueEvent = Event

func scanEvent(sc rowScanner) (Event, error) {
	var e Event
	return e, sc.Scan(&e.At, &e.Actor, &e.Action, &e.Note)
}

// ClueEvents is a clue's history, oldest first.
func (db *DB) ClueEvents(ctx context.Context, id int64) (_ []ClueEvent, err error) {
	defer db.wrap(&err, "load the history of clue %d", id)
	rows, err := db.read.QueryContext(ctx, `SELECT at, actor, action, note FROM clue_events WHERE clue_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, db.dialect.mapErr(err)
	}
	return collect(rows, scanEvent)
}

// UpdateClue takes one step on a clue in one transaction: it loads the
// clue, lets step change it (by the domain's rules), saves it, and writes
// the step to the history and the audit trail.
func (db *DB) UpdateClue(ctx context.Context, actor dajia.Actor, id int64, step func(*dajia.Clue) (dajia.ClueStep, error)) (_ dajia.Clue, err error) {
	defer db.wrap(&err, "change clue %d", id)
	var after dajia.Clue
	err = db.Transact(ctx, func(tx *Tx) error {
		after, err = tx.stepClue(ctx, actor, id, step)
		return err
	})
	return after, err
}

// stepClue takes one step on a clue inside the transaction: loads it, lets
// step change it, saves it and writes the history line and audit record.
func (tx *Tx) stepClue(ctx context.Context, actor dajia.Actor, id int64, step func(*dajia.Clue) (dajia.ClueStep, error)) (dajia.Clue, error) {
	before, err := tx.clue(ctx, id)
	if err != nil {
		return before, err
	}
	c := before
	st, err := step(&c)
	if err != nil {
		return c, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE clues SET status = $1, outcome = $2, reason = $3, transfer_to = $4, extended = $5, decided_on = $6,
		case_id = $7, due_on = $8, due_what = $9, entity_id = $10, updated_at = $11, action_id = $13 WHERE id = $12`,
		string(c.Status), string(c.Outcome), c.Reason, c.TransferTo, c.Extended, c.DecidedOn.String(), nullID(c.CaseID),
		c.Due.String(), string(c.DueWhat), nullID(c.EntityID), tx.Now, id, nullID(c.ActionID)); err != nil {
		return c, fmt.Errorf("update clue %d: %w", id, err)
	}
	if err := tx.clueEvent(ctx, id, actor.Name, st.Action, st.Note); err != nil {
		return c, err
	}
	after, err := tx.clue(ctx, id)
	if err != nil {
		return after, err
	}
	return after, tx.Audit(ctx, actor, AuditEntry{Action: "clue." + st.Action, Object: fmt.Sprintf("clue:%d", id), Before: clueView(before), After: clueView(after)})
}
