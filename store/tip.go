package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"dajia"
)

// NewTip is a tip to store, already routed, checked and sealed.
type NewTip struct {
	Code, SecretHash, GroupCode string
	PlanVersion                 PlanVersion
	Source                      string
	Kind                        dajia.TipKind
	Category, Stage             string
	Online                      bool
	Routing                     dajia.Routing
	BusinessName, CreditCode    string
	Address, Village            string
	Description, OccurredOn     string
	Named                       bool
	ContactSealed               string
	ContactMasked               string
	Clock                       dajia.TipClock
	Photos                      []Photo
}

// Photo is an image sent with a tip, already re-encoded.
type Photo struct {
	ID          int64
	ContentType string
	Data        []byte
}

const tipColumns = `id, code, secret_hash, group_code, plan_id, plan_version_id, source, kind, category, stage, online, campaign_no, route_reason,
	business_name, credit_code, business_address, village, description, occurred_on, named, contact_sealed, contact_masked, received_at, received_on,
	status, accepted_on, decided_on, closed_on, decision, public_reply, extended, paused_since, paused_days, due_on, due_what, duplicate_of,
	reward_grade, reward_fines, reward_amount`

// storedDate reads a date column: ” is no date; anything else that is
// not a date is a broken row, said as such rather than read as no date.
func storedDate(column, s string) (dajia.Date, error) {
	if s == "" {
		return dajia.Date{}, nil
	}
	d, err := dajia.ParseDate(s)
	if err != nil {
		return d, fmt.Errorf("stored %s %q: %w", column, s, err)
	}
	return d, nil
}

func scanTip(sc rowScanner) (dajia.Tip, error) {
	var t dajia.Tip
	var kind, status, route, dueWhat string
	var dates [6]string
	var dup sql.NullInt64
	err := sc.Scan(&t.ID, &t.Code, &t.SecretHash, &t.GroupCode, &t.PlanID, &t.PlanVersionID, &t.Source, &kind, &t.Category, &t.Stage, &t.Online,
		&t.CampaignNo, &route, &t.BusinessName, &t.CreditCode, &t.Address, &t.Village, &t.Description, &t.OccurredOn, &t.Named,
		&t.ContactSealed, &t.ContactMasked, &t.ReceivedAt, &dates[0], &status, &dates[1], &dates[2], &dates[3], &t.Decision, &t.PublicReply, &t.Extended,
		&dates[4], &t.PausedDays, &dates[5], &dueWhat, &dup, &t.RewardGrade, &t.RewardFines, &t.RewardAmount)
	if err != nil {
		return t, err
	}
	t.Kind, t.Status, t.RouteReason, t.DueWhat = dajia.TipKind(kind), dajia.TipStatus(status), dajia.RouteReason(route), dajia.TipDue(dueWhat)
	t.DuplicateOf = dup.Int64
	names := [6]string{"received_on", "accepted_on", "decided_on", "closed_on", "paused_since", "due_on"}
	for i, p := range []*dajia.Date{&t.ReceivedOn, &t.AcceptedOn, &t.DecidedOn, &t.ClosedOn, &t.PausedSince, &t.Due} {
		if *p, err = storedDate(names[i], dates[i]); err != nil {
			return t, fmt.Errorf("tip %d: %w", t.ID, err)
		}
	}
	return t, nil
}

// tipView is what the audit trail keeps of a tip: never the contact.
func tipView(t dajia.Tip) map[string]any {
	return map[string]any{"code": t.Code, "kind": t.Kind, "status": t.Status, "category": t.Category, "handlers": t.Handlers,
		"due": t.Due, "decision": t.Decision, "public_reply": t.PublicReply, "extended": t.Extended, "paused_days": t.PausedDays}
}

func (tx *Tx) assign(ctx context.Context, id int64, unit, role string) error {
	res, err := tx.ExecContext(ctx, `UPDATE tip_assignments SET role = $1, active = TRUE, assigned_at = $2 WHERE tip_id = $3 AND unit_key = $4`, role, tx.Now, id, unit)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		_, err = tx.ExecContext(ctx, `INSERT INTO tip_assignments (tip_id, unit_key, role, active, assigned_at) VALUES ($1, $2, $3, TRUE, $4)`, id, unit, role, tx.Now)
	}
	return err
}

func (tx *Tx) tipEvent(ctx context.Context, id int64, actor, action, note string, public bool) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO tip_events (tip_id, at, actor, action, note, public) VALUES ($1, $2, $3, $4, $5, $6)`, id, tx.Now, actor, action, note, public)
	return err
}

func tipNotFound() error {
	return dajia.Errorf(dajia.NotFound, "tip", "没有这条举报投诉")
}

// tipReader reads inside a transaction or through the read pool.
type tipReader interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func assignments(ctx context.Context, q tipReader, t *dajia.Tip) error {
	rows, err := q.QueryContext(ctx, `SELECT unit_key, role FROM tip_assignments WHERE tip_id = $1 AND active ORDER BY assigned_at, unit_key`, t.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var u, role string
		if err := rows.Scan(&u, &role); err != nil {
			return err
		}
		if role == "handle" {
			t.Handlers = append(t.Handlers, u)
		} else {
			t.Notified = append(t.Notified, u)
		}
	}
	return rows.Err()
}

func (tx *Tx) tip(ctx context.Context, id int64) (dajia.Tip, error) {
	t, err := scanTip(tx.QueryRowContext(ctx, `SELECT `+tipColumns+` FROM tips WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return t, tipNotFound()
	}
	if err != nil {
		return t, err
	}
	return t, assignments(ctx, tx, &t)
}

// Tip returns one tip with its assignments.
func (db *DB) Tip(ctx context.Context, id int64) (_ dajia.Tip, err error) {
	defer db.wrap(&err, "load tip %d", id)
	t, err := scanTip(db.read.QueryRowContext(ctx, `SELECT `+tipColumns+` FROM tips WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return t, tipNotFound()
	}
	if err != nil {
		return t, db.dialect.mapErr(err)
	}
	return t, assignments(ctx, db.read, &t)
}

// TipByCode returns a tip by its tracking code, for the public tracking page.
func (db *DB) TipByCode(ctx context.Context, code string) (_ dajia.Tip, err error) {
	defer db.wrap(&err, "find a tip by its code")
	t, err := scanTip(db.read.QueryRowContext(ctx, `SELECT `+tipColumns+` FROM tips WHERE code = $1`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return t, tipNotFound()
	}
	if err != nil {
		return t, db.dialect.mapErr(err)
	}
	return t, assignments(ctx, db.read, &t)
}

// TipFilter selects tips.
type TipFilter struct {
	PlanID   string   // "" is every plan's
	Units    []string // active handlers or notified among these; nil: all
	Statuses []dajia.TipStatus
	Query    string // words in the business name, address or description
	Kind     dajia.TipKind
	DueBy    dajia.Date // only tips whose running deadline is on or before this day
	Campaign int        // only tips of this campaign; 0: any; NoCampaign: those of none
	// ReceivedFrom and ReceivedTo, when set, keep the tips received
	// between them (both days included).
	ReceivedFrom, ReceivedTo dajia.Date
	// Businesses selects the tips about market entities: those whose
	// credit code is one of CreditCodes or whose business name is one of
	// Names. Both empty: no such condition.
	CreditCodes, Names []string
	Limit              int // at most 500; 0 is 200
	Offset             int // tips skipped, for the next page
}

// where is the filter as SQL conditions and their arguments, for a query
// that reads the tips' rows; none is false when the filter can match
// nothing (no unit to read).
func (f TipFilter) where() (string, []any, bool, error) { return f.whereOf(true) }

// whereOf is where; narrow matches a unit's tips to the plan and the
// statuses inside the ids' subquery, from indexes alone
// (tip_assignments_unit_tip with tips_status_id or tips_plan_tally), so
// that PostgreSQL reads the rows of the unit's tips only and not every
// tip of the plan or every open tip of every plan (a city's tips of one
// plan lie on as many pages as there are tips). A count by campaign or
// month reads those two indexes alone: it asks for the plain subquery,
// which PostgreSQL answers by merging them.
func (f TipFilter) whereOf(narrow bool) (string, []any, bool, error) {
	var conds []string
	var args []any
	ph := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	plan := ""
	if f.PlanID != "" {
		plan = "plan_id = " + ph(f.PlanID)
		conds = append(conds, plan)
	}
	status := ""
	if len(f.Statuses) > 0 {
		var ps []string
		for _, s := range f.Statuses {
			ps = append(ps, ph(string(s)))
		}
		status = "status IN (" + strings.Join(ps, ", ") + ")"
		conds = append(conds, status)
	}
	if f.Units != nil {
		var ps []string
		for _, u := range f.Units {
			ps = append(ps, ph(u))
		}
		if len(ps) == 0 {
			return "", nil, false, nil
		}
		units := "SELECT tip_id FROM tip_assignments WHERE active AND unit_key IN (" + strings.Join(ps, ", ") + ")"
		if narrow && (status != "" || plan != "") {
			units = "SELECT a.tip_id FROM tip_assignments a JOIN tips s ON s.id = a.tip_id WHERE a.active AND a.unit_key IN (" + strings.Join(ps, ", ") + ")"
			for _, c := range []string{plan, status} {
				if c != "" {
					units += " AND s." + c
				}
			}
		}
		conds = append(conds, "id IN ("+units+")")
	}
	if f.Kind != "" {
		conds = append(conds, "kind = "+ph(string(f.Kind)))
	}
	if len(f.CreditCodes)+len(f.Names) > 0 {
		var or []string
		for _, c := range f.CreditCodes {
			or = append(or, "credit_code = "+ph(c))
		}
		for _, n := range f.Names {
			or = append(or, "business_name = "+ph(n))
		}
		conds = append(conds, "("+strings.Join(or, " OR ")+")")
	}
	if !f.DueBy.IsZero() {
		conds = append(conds, "due_on <> '' AND due_on <= "+ph(f.DueBy.String()))
	}
	if f.Campaign != 0 {
		conds = append(conds, "campaign_no = "+ph(max(f.Campaign, 0)))
	}
	if !f.ReceivedFrom.IsZero() {
		conds = append(conds, "received_on >= "+ph(f.ReceivedFrom.String()))
	}
	if !f.ReceivedTo.IsZero() {
		conds = append(conds, "received_on <= "+ph(f.ReceivedTo.String()))
	}
	words, err := dajia.TipSearchWords(f.Query)
	if err != nil {
		return "", nil, false, err
	}
	conds = append(conds, matchWords(words, ph, tipText(ph))...)
	if len(conds) == 0 {
		return "", args, true, nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args, true, nil
}

// Tips lists tips, the most urgent deadline first, with their assignments.
func (db *DB) Tips(ctx context.Context, f TipFilter) (_ []dajia.Tip, err error) {
	defer db.wrap(&err, "list tips")
	where, args, ok, err := f.where()
	if err != nil || !ok {
		return nil, err
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 200
	}
	args = append(args, f.Limit, max(f.Offset, 0))
	q := `SELECT ` + tipColumns + ` FROM tips` + where +
		fmt.Sprintf(` ORDER BY CASE WHEN due_on = '' THEN 1 ELSE 0 END, due_on, id DESC LIMIT $%d OFFSET $%d`, len(args)-1, len(args))
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list tips: %w", db.dialect.mapErr(err))
	}
	out, err := collect(rows, scanTip)
	if err != nil {
		return nil, fmt.Errorf("list tips: %w", err)
	}
	return out, db.assignmentsOf(ctx, out)
}

// TipsPage is Tips with CountTips over every page, from one reading of the
// matching tips: a list shows its page and its counts, and a search (LIKE
// over every tip of the plan, which no index serves) reads the plan's tips
// once, not twice.
func (db *DB) TipsPage(ctx context.Context, f TipFilter, today dajia.Date) (_ []dajia.Tip, _ TipCount, err error) {
	defer db.wrap(&err, "list tips")
	var c TipCount
	where, args, ok, err := f.where()
	if err != nil || !ok {
		return nil, c, err
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 200
	}
	args = append(args, today.String(), f.Limit, max(f.Offset, 0))
	n := len(args)
	q := `SELECT ` + tipColumns + fmt.Sprintf(`, COUNT(*) OVER (), COALESCE(SUM(CASE WHEN due_on <> '' AND due_on < $%d THEN 1 ELSE 0 END) OVER (), 0) FROM tips`, n-2) + where +
		fmt.Sprintf(` ORDER BY CASE WHEN due_on = '' THEN 1 ELSE 0 END, due_on, id DESC LIMIT $%d OFFSET $%d`, n-1, n)
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, c, db.dialect.mapErr(err)
	}
	out, err := collect(rows, func(sc rowScanner) (dajia.Tip, error) {
		return scanTip(withCounts{sc, &c})
	})
	if err != nil {
		return nil, c, err
	}
	if len(out) == 0 && f.Offset > 0 {
		// Past the last page: no row to carry the counts.
		if c, err = db.CountTips(ctx, f, today); err != nil {
			return nil, c, err
		}
	}
	return out, c, db.assignmentsOf(ctx, out)
}

// withCounts scans a row of tipColumns followed by the counts over every
// page.
type withCounts struct {
	rowScanner
	c *TipCount
}

func (w withCounts) Scan(dest ...any) error {
	return w.rowScanner.Scan(append(dest, &w.c.Total, &w.c.Overdue)...)
}

// TipCount is how many tips a filter matches, and how many of them are
// past their running deadline on a day.
type TipCount struct {
	Total   int
	Overdue int
}

// CountTips counts the tips of a filter, over all of them, not one page:
// overdue are those whose running deadline is before today.
func (db *DB) CountTips(ctx context.Context, f TipFilter, today dajia.Date) (_ TipCount, err error) {
	defer db.wrap(&err, "count tips")
	var c TipCount
	where, args, ok, err := f.where()
	if err != nil || !ok {
		return c, err
	}
	args = append(args, today.String())
	q := fmt.Sprintf(`SELECT COUNT(*), COALESCE(SUM(CASE WHEN due_on <> '' AND due_on < $%d THEN 1 ELSE 0 END), 0) FROM tips`, len(args)) + where
	if err := db.read.QueryRowContext(ctx, q, args...).Scan(&c.Total, &c.Overdue); err != nil {
		return c, fmt.Errorf("count tips: %w", db.dialect.mapErr(err))
	}
	return c, nil
}

// assignmentsOf loads the assignments of many tips in one query.
func (db *DB) assignmentsOf(ctx context.Context, tips []dajia.Tip) error {
	if len(tips) == 0 {
		return nil
	}
	byID := map[int64]*dajia.Tip{}
	var ph []string
	var args []any
	for i := range tips {
		byID[tips[i].ID] = &tips[i]
		args = append(args, tips[i].ID)
		ph = append(ph, fmt.Sprintf("$%d", len(args)))
	}
	rows, err := db.read.QueryContext(ctx, `SELECT tip_id, unit_key, role FROM tip_assignments WHERE active AND tip_id IN (`+strings.Join(ph, ", ")+`)
		ORDER BY tip_id, assigned_at, unit_key`, args...)
	if err != nil {
		return db.dialect.mapErr(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var u, role string
		if err := rows.Scan(&id, &u, &role); err != nil {
			return err
		}
		t := byID[id]
		if role == "handle" {
			t.Handlers = append(t.Handlers, u)
		} else {
			t.Notified = append(t.Notified, u)
		}
	}
	return rows.Err()
}

// TipEvent is a step in a tip's history; public ones show on the tracking
// page.
type TipEvent struct {
	At     time.Time
	Actor  string
	Action string
	Note   string
	Public bool
}

// TipEvents is a tip's history, oldest first.
func (db *DB) TipEvents(ctx context.Context, id int64, publicOnly bool) (_ []TipEvent, err error) {
	defer db.wrap(&err, "load the history of tip %d", id)
	q := `SELECT at, actor, action, note, public FROM tip_events WHERE tip_id = $1`
	if publicOnly {
		q += ` AND public`
	}
	rows, err := db.read.QueryContext(ctx, q+` ORDER BY id`, id)
	if err != nil {
		return nil, db.dialect.mapErr(err)
	}
	defer rows.Close()
	var out []TipEvent
	for rows.Next() {
		var e TipEvent
		if err := rows.Scan(&e.At, &e.Actor, &e.Action, &e.Note, &e.Public); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// UpdateTip takes one handling step in one transaction: it loads the tip,
// lets step change it (step decides, by the domain's rules, whether the
// actor may and whether the tip's state allows it), saves it with its new
// handlers, and writes the step to the history and the audit trail. step
// reads nothing but the tip it is given.
func (db *DB) UpdateTip(ctx context.Context, actor dajia.Actor, id int64, step func(*dajia.Tip) (dajia.TipStep, error)) (_ dajia.Tip, err error) {
	defer db.wrap(&err, "change tip %d", id)
	var after dajia.Tip
	err = db.Transact(ctx, func(tx *Tx) error {
		before, err := tx.tip(ctx, id)
		if err != nil {
			return err
		}
		t := before
		t.Handlers, t.Notified = slices.Clone(before.Handlers), slices.Clone(before.Notified)
		st, err := step(&t)
		if err != nil {
			return err
		}
		dup := sql.NullInt64{Int64: t.DuplicateOf, Valid: t.DuplicateOf != 0}
		if _, err := tx.ExecContext(ctx, `UPDATE tips SET status = $1, accepted_on = $2, decided_on = $3, closed_on = $4, decision = $5, public_reply = $6,
			extended = $7, paused_since = $8, paused_days = $9, due_on = $10, due_what = $11, duplicate_of = $12, reward_grade = $13, reward_fines = $14,
			reward_amount = $15, updated_at = $16 WHERE id = $17`,
			string(t.Status), t.AcceptedOn.String(), t.DecidedOn.String(), t.ClosedOn.String(), t.Decision, t.PublicReply, t.Extended,
			t.PausedSince.String(), t.PausedDays, t.Due.String(), string(t.DueWhat), dup, t.RewardGrade, t.RewardFines, t.RewardAmount, tx.Now, id); err != nil {
			return fmt.Errorf("update tip %d: %w", id, err)
		}
		if !slices.Equal(before.Handlers, t.Handlers) {
			if _, err := tx.ExecContext(ctx, `UPDATE tip_assignments SET active = FALSE WHERE tip_id = $1 AND role = 'handle'`, id); err != nil {
				return fmt.Errorf("reassign tip %d: %w", id, err)
			}
			for _, u := range t.Handlers {
				if err := tx.assign(ctx, id, u, "handle"); err != nil {
					return fmt.Errorf("assign tip %d to %s: %w", id, u, err)
				}
			}
		}
		if err := tx.tipEvent(ctx, id, actor.Name, st.Action, st.Note, st.Public); err != nil {
			return fmt.Errorf("tip %d history: %w", id, err)
		}
		if after, err = tx.tip(ctx, id); err != nil {
			return err
		}
		return tx.Audit(ctx, actor, AuditEntry{Action: "tip." + st.Action, Object: fmt.Sprintf("tip:%d", id), Before: tipView(before), After: tipView(after)})
	})
	return after, err
}

// RevealContact returns a tip's sealed contact when check (the domain's
// rule, given the tip) allows it, and audits the reveal with its reason in
// the same transaction.
func (db *DB) RevealContact(ctx context.Context, actor dajia.Actor, id int64, reason string, check func(dajia.Tip) error) (_ string, err error) {
	defer db.wrap(&err, "reveal the tipster of tip %d", id)
	var sealed string
	err = db.Transact(ctx, func(tx *Tx) error {
		t, err := tx.tip(ctx, id)
		if err != nil {
			return err
		}
		if err := check(t); err != nil {
			return err
		}
		sealed = t.ContactSealed
		return tx.Audit(ctx, actor, AuditEntry{Action: "tip.reveal", Object: fmt.Sprintf("tip:%d", id), After: map[string]any{"reason": reason}})
	})
	return sealed, err
}

// Duplicates finds earlier tips of the last 30 days about the same
// business (by name or credit code) in the same category, among those a
// viewer may see: units, as in TipFilter, are the units whose tips (handled
// or told of) count; nil is every unit's.
func (db *DB) Duplicates(ctx context.Context, t dajia.Tip, units []string) (_ []dajia.Tip, err error) {
	defer db.wrap(&err, "find duplicates of tip %d", t.ID)
	since := t.ReceivedOn.AddDays(-dajia.DuplicateWindowDays).String()
	var conds []string
	args := []any{t.ID, t.Category, since}
	scope := ""
	if units != nil {
		if len(units) == 0 {
			return nil, nil
		}
		var ps []string
		for _, u := range units {
			args = append(args, u)
			ps = append(ps, fmt.Sprintf("$%d", len(args)))
		}
		scope = " AND id IN (SELECT tip_id FROM tip_assignments WHERE active AND unit_key IN (" + strings.Join(ps, ", ") + "))"
	}
	if t.BusinessName != "" {
		args = append(args, t.BusinessName)
		conds = append(conds, fmt.Sprintf("business_name = $%d", len(args)))
	}
	if t.CreditCode != "" {
		args = append(args, t.CreditCode)
		conds = append(conds, fmt.Sprintf("credit_code = $%d", len(args)))
	}
	if len(conds) == 0 {
		return nil, nil
	}
	rows, err := db.read.QueryContext(ctx, `SELECT `+tipColumns+` FROM tips WHERE id <> $1 AND category = $2 AND received_on >= $3`+scope+` AND (`+strings.Join(conds, " OR ")+`) ORDER BY id`, args...)
	if err != nil {
		return nil, db.dialect.mapErr(err)
	}
	return collect(rows, scanTip)
}

// TipPhotos lists a tip's photos without their data.
func (db *DB) TipPhotos(ctx context.Context, id int64) (_ []Photo, err error) {
	defer db.wrap(&err, "list the photos of tip %d", id)
	rows, err := db.read.QueryContext(ctx, `SELECT id, content_type FROM tip_photos WHERE tip_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, db.dialect.mapErr(err)
	}
	defer rows.Close()
	var out []Photo
	for rows.Next() {
		var p Photo
		if err := rows.Scan(&p.ID, &p.ContentType); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// TipPhoto returns one photo of a tip.
func (db *DB) TipPhoto(ctx context.Context, tipID, id int64) (_ Photo, err error) {
	defer db.wrap(&err, "load photo %d of tip %d", id, tipID)
	var p Photo
	err = db.read.QueryRowContext(ctx, `SELECT id, content_type, data FROM tip_photos WHERE id = $1 AND tip_id = $2`, id, tipID).Scan(&p.ID, &p.ContentType, &p.Data)
	if errors.Is(err, sql.ErrNoRows) {
		return p, dajia.Errorf(dajia.NotFound, "photo", "没有这张照片")
	}
	return p, db.dialect.mapErr(err)
}

// TipsReceived counts the tips a unit handles that were received in a
// period: the report's prefilled 受理投诉举报.
func (db *DB) TipsReceived(ctx context.Context, unit string, from, to dajia.Date) (_ int, err error) {
	defer db.wrap(&err, "count the tips %s received", unit)
	var n int
	err = db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM tips t JOIN tip_assignments a ON a.tip_id = t.id
		WHERE a.unit_key = $1 AND a.role = 'handle' AND a.active AND t.received_on >= $2 AND t.received_on <= $3 AND t.status <> 'refused'`,
		unit, from.String(), to.String()).Scan(&n)
	return n, db.dialect.mapErr(err)
}

// CountAllTips counts every tip stored, of every plan: for the load
// generator's check that each answered submission was kept.
func (db *DB) CountAllTips(ctx context.Context) (n int64, err error) {
	defer db.wrap(&err, "count the tips")
	err = db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM tips`).Scan(&n)
	return n, err
}
