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

// RectRecord is a rectification notice as the store keeps it: the
// domain's notice, who wrote it when, and (when loaded one at a time) its
// timeline.
type RectRecord struct {
	dajia.Rectification
	CreatedBy string
	CreatedAt time.Time
	UpdatedAt time.Time
	Events    []RectEvent
}

// RectEvent is one change on a notice's timeline.
type RectEvent struct {
	Action string
	Note   string
	Actor  string
	At     time.Time
}

const rectColumns = `id, plan_id, unit, num_year, num_seq, number, title, reason, campaign_no, deadline, issued_on, status, round, returned,
	closed_on, created_by, created_at, updated_at`

func scanRect(sc rowScanner) (RectRecord, error) {
	var r RectRecord
	x := &r.Rectification
	var deadline, issued, closed, status string
	if err := sc.Scan(&x.ID, &x.PlanID, &x.Unit, &x.Year, &x.Seq, &x.Number, &x.Title, &x.Reason, &x.CampaignNo, &deadline, &issued, &status,
		&x.Round, &x.Returned, &closed, &r.CreatedBy, &r.CreatedAt, &r.UpdatedAt); err != nil {
		return r, err
	}
	x.Status = dajia.RectStatus(status)
	var err error
	for _, d := range []struct {
		col, s string
		to     *dajia.Date
	}{{"deadline", deadline, &x.Deadline}, {"issued_on", issued, &x.IssuedOn}, {"closed_on", closed, &x.ClosedOn}} {
		if *d.to, err = storedDate(d.col, d.s); err != nil {
			return r, err
		}
	}
	return r, nil
}

// rectView is what the audit trail keeps of a notice: its number, unit,
// dates, state and the count of items by value; title, basis, items and
// reasons by name only.
func rectView(r dajia.Rectification) map[string]any {
	var items, answers []string
	for _, it := range r.Items {
		items = append(items, it.Text)
		for _, a := range it.Answers {
			answers = append(answers, a.Text)
		}
	}
	return map[string]any{"number": r.Number, "plan": r.PlanID, "unit": r.Unit, "campaign": r.CampaignNo, "title": r.Title,
		"reason": r.Reason, "deadline": r.Deadline.String(), "issued_on": r.IssuedOn.String(), "status": string(r.Status), "round": r.Round,
		"returned": r.Returned, "verified_on": r.ClosedOn.String(), "rect_items": len(r.Items), "item_texts": items, "answers": answers}
}

func rectNotFound() error {
	return dajia.Errorf(dajia.NotFound, "rectification", "没有这份整改通知")
}

// rectParts loads the items and answers of the notices, one query each.
func rectParts(ctx context.Context, q rowsQuerier, recs []RectRecord) error {
	if len(recs) == 0 {
		return nil
	}
	at := map[int64]*RectRecord{}
	var ids []any
	for i := range recs {
		at[recs[i].ID] = &recs[i]
		ids = append(ids, recs[i].ID)
	}
	var args []any
	in := placeholders(&args, ids...)
	rows, err := q.QueryContext(ctx, `SELECT rect_id, item_no, text FROM rectification_items WHERE rect_id IN (`+in+`) ORDER BY rect_id, item_no`, args...)
	if err != nil {
		return fmt.Errorf("rectification items: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var it dajia.RectItem
		if err := rows.Scan(&id, &it.No, &it.Text); err != nil {
			return err
		}
		at[id].Items = append(at[id].Items, it)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows.Close()
	rows, err = q.QueryContext(ctx, `SELECT rect_id, item_no, round, text, answered_by FROM rectification_answers WHERE rect_id IN (`+in+
		`) ORDER BY rect_id, item_no, round`, args...)
	if err != nil {
		return fmt.Errorf("rectification answers: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var no int
		var a dajia.RectAnswer
		if err := rows.Scan(&id, &no, &a.Round, &a.Text, &a.By); err != nil {
			return err
		}
		r := at[id]
		if no >= 1 && no <= len(r.Items) {
			r.Items[no-1].Answers = append(r.Items[no-1].Answers, a)
		}
	}
	return rows.Err()
}

func rectEvents(ctx context.Context, q rowsQuerier, r *RectRecord) error {
	rows, err := q.QueryContext(ctx, `SELECT action, note, actor, at FROM rectification_events WHERE rect_id = $1 ORDER BY id`, r.ID)
	if err != nil {
		return fmt.Errorf("rectification events: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e RectEvent
		if err := rows.Scan(&e.Action, &e.Note, &e.Actor, &e.At); err != nil {
			return err
		}
		r.Events = append(r.Events, e)
	}
	return rows.Err()
}

func loadRect(ctx context.Context, q interface {
	rowsQuerier
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}, id int64) (RectRecord, error) {
	r, err := scanRect(q.QueryRowContext(ctx, `SELECT `+rectColumns+` FROM rectifications WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, rectNotFound()
	}
	if err != nil {
		return r, err
	}
	recs := []RectRecord{r}
	if err := rectParts(ctx, q, recs); err != nil {
		return r, err
	}
	r = recs[0]
	return r, rectEvents(ctx, q, &r)
}

func (tx *Tx) rectEvent(ctx context.Context, actor dajia.Actor, id int64, step dajia.RectStep) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO rectification_events (rect_id, action, note, actor, at) VALUES ($1, $2, $3, $4, $5)`,
		id, step.Action, step.Note, actor.Name, tx.Now)
	if err != nil {
		return fmt.Errorf("rectification %d event: %w", id, err)
	}
	return nil
}

// CreateRectification stores a checked draft notice with its items, the
// first event of its timeline and its audit record.
func (db *DB) CreateRectification(ctx context.Context, actor dajia.Actor, r dajia.Rectification) (_ RectRecord, err error) {
	defer db.wrap(&err, "store the rectification notice")
	var out RectRecord
	err = db.Transact(ctx, func(tx *Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO rectifications (plan_id, unit, num_year, num_seq, number, title, reason, campaign_no, deadline,
			issued_on, status, round, returned, closed_on, created_by, created_at, updated_at)
			VALUES ($1, $2, 0, 0, '', $3, $4, $5, $6, '', $7, 0, '', '', $8, $9, $9) RETURNING id`,
			r.PlanID, r.Unit, r.Title, r.Reason, r.CampaignNo, r.Deadline.String(), string(dajia.RectDraft), actor.Name, tx.Now).Scan(&r.ID); err != nil {
			return fmt.Errorf("insert rectification: %w", db.dialect.mapErr(err))
		}
		for _, it := range r.Items {
			if _, err := tx.ExecContext(ctx, `INSERT INTO rectification_items (rect_id, item_no, text) VALUES ($1, $2, $3)`, r.ID, it.No, it.Text); err != nil {
				return fmt.Errorf("rectification %d item %d: %w", r.ID, it.No, err)
			}
		}
		if err := tx.rectEvent(ctx, actor, r.ID, dajia.RectStep{Action: "create"}); err != nil {
			return err
		}
		var err error
		if out, err = loadRect(ctx, tx, r.ID); err != nil {
			return err
		}
		return tx.Audit(ctx, actor, AuditEntry{Action: "rectification.create", Object: fmt.Sprintf("rectification:%d", r.ID),
			After: rectView(out.Rectification)})
	})
	return out, err
}

// StepRectification changes a notice in one transaction: it loads it,
// lets step change it by the domain's rules (seq is the next number of the
// year of day today, for an issue), saves the state and the new answers,
// adds the step to the timeline and writes the audit record.
func (db *DB) StepRectification(ctx context.Context, actor dajia.Actor, id int64, year int,
	step func(r *dajia.Rectification, seq int) (dajia.RectStep, error)) (_ RectRecord, err error) {
	defer db.wrap(&err, "change rectification notice %d", id)
	var out RectRecord
	err = db.Transact(ctx, func(tx *Tx) error {
		before, err := loadRect(ctx, tx, id)
		if err != nil {
			return err
		}
		// The year's row is locked until the end: a notice issued at once
		// on another connection waits and takes the number after.
		var seq int
		if err := tx.QueryRowContext(ctx, `INSERT INTO rectification_series (year, last) VALUES ($1, 0)
			ON CONFLICT (year) DO UPDATE SET last = rectification_series.last RETURNING last + 1`, year).Scan(&seq); err != nil {
			return fmt.Errorf("next rectification number: %w", err)
		}
		r := before.Rectification
		r.Items = make([]dajia.RectItem, len(before.Items))
		for i, it := range before.Items {
			r.Items[i] = it
			r.Items[i].Answers = append([]dajia.RectAnswer(nil), it.Answers...)
		}
		s, err := step(&r, seq)
		if err != nil {
			return err
		}
		if r.Seq == seq && r.Year == year {
			if _, err := tx.ExecContext(ctx, `UPDATE rectification_series SET last = $1 WHERE year = $2`, seq, year); err != nil {
				return fmt.Errorf("next rectification number: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE rectifications SET num_year = $1, num_seq = $2, number = $3, issued_on = $4, status = $5,
			round = $6, returned = $7, closed_on = $8, updated_at = $9 WHERE id = $10`,
			r.Year, r.Seq, r.Number, r.IssuedOn.String(), string(r.Status), r.Round, r.Returned, r.ClosedOn.String(), tx.Now, id); err != nil {
			return fmt.Errorf("update rectification %d: %w", id, db.dialect.mapErr(err))
		}
		for i, it := range r.Items {
			for _, a := range it.Answers[len(before.Items[i].Answers):] {
				if _, err := tx.ExecContext(ctx, `INSERT INTO rectification_answers (rect_id, item_no, round, text, answered_by, answered_at)
					VALUES ($1, $2, $3, $4, $5, $6)`, id, it.No, a.Round, a.Text, a.By, tx.Now); err != nil {
					return fmt.Errorf("rectification %d answer %d: %w", id, it.No, db.dialect.mapErr(err))
				}
			}
		}
		if err := tx.rectEvent(ctx, actor, id, s); err != nil {
			return err
		}
		if out, err = loadRect(ctx, tx, id); err != nil {
			return err
		}
		return tx.Audit(ctx, actor, AuditEntry{Action: "rectification." + s.Action, Object: fmt.Sprintf("rectification:%d", id),
			Before: rectView(before.Rectification), After: rectView(out.Rectification)})
	})
	return out, err
}

// Rectification returns one notice with its items, answers and timeline.
func (db *DB) Rectification(ctx context.Context, id int64) (_ RectRecord, err error) {
	defer db.wrap(&err, "load rectification notice %d", id)
	return loadRect(ctx, db.read, id)
}

// RectFilter selects notices.
type RectFilter struct {
	PlanID   string
	Units    []string // nil: every unit; empty: none
	Statuses []dajia.RectStatus
	// Overdue on Today: issued or answered, the deadline passed.
	Overdue bool
	// DueBy keeps the open (issued or answered) notices due on or before it.
	DueBy  dajia.Date
	Today  dajia.Date
	Limit  int // at most 500; 0 is 50
	Offset int
}

func (f RectFilter) where() (string, []any, bool) {
	var conds []string
	var args []any
	if f.PlanID != "" {
		conds = append(conds, "plan_id = "+placeholders(&args, f.PlanID))
	}
	if f.Units != nil {
		if len(f.Units) == 0 {
			return "", nil, false
		}
		conds = append(conds, "unit IN ("+placeholdersOf(&args, f.Units)+")")
	}
	if f.Statuses != nil {
		if len(f.Statuses) == 0 {
			return "", nil, false
		}
		var vs []any
		for _, s := range f.Statuses {
			vs = append(vs, string(s))
		}
		conds = append(conds, "status IN ("+placeholders(&args, vs...)+")")
	}
	open := func() string {
		return "status IN (" + placeholders(&args, string(dajia.RectIssued), string(dajia.RectAnswered)) + ")"
	}
	if f.Overdue {
		conds = append(conds, open(), "deadline < "+placeholders(&args, f.Today.String()))
	}
	if !f.DueBy.IsZero() {
		conds = append(conds, open(), "deadline <= "+placeholders(&args, f.DueBy.String()))
	}
	if len(conds) == 0 {
		return "", nil, true
	}
	return " WHERE " + strings.Join(conds, " AND "), args, true
}

// Rectifications lists notices with their items and answers: the open
// first by deadline, then the latest.
func (db *DB) Rectifications(ctx context.Context, f RectFilter) (_ []RectRecord, err error) {
	defer db.wrap(&err, "list rectification notices")
	where, args, ok := f.where()
	if !ok {
		return nil, nil
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	q := `SELECT ` + rectColumns + ` FROM rectifications` + where + ` ORDER BY CASE WHEN status IN ('issued', 'answered') THEN 0 ELSE 1 END,
		deadline, id DESC LIMIT ` + placeholders(&args, f.Limit) + ` OFFSET ` + placeholders(&args, max(f.Offset, 0))
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, db.dialect.mapErr(err)
	}
	recs, err := collect(rows, scanRect)
	if err != nil {
		return nil, err
	}
	return recs, rectParts(ctx, db.read, recs)
}

// CountRectifications counts the notices of a filter over every page.
func (db *DB) CountRectifications(ctx context.Context, f RectFilter) (_ int, err error) {
	defer db.wrap(&err, "count rectification notices")
	where, args, ok := f.where()
	if !ok {
		return 0, nil
	}
	var n int
	err = db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM rectifications`+where, args...).Scan(&n)
	return n, db.dialect.mapErr(err)
}
