package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"dajia"
)

// CaseRecord is a case as the store keeps it: the domain's case, the plan
// it was opened under, and what the lists need beside it: the earliest
// running deadline and the major-case flag as reckoned when it was last
// saved (the use case reckons them under the calendar and rules in force).
type CaseRecord struct {
	dajia.Case
	PlanID    string
	Due       dajia.Date
	DueWhat   dajia.CaseDue
	IsMajor   bool
	CreatedBy string
	CreatedAt time.Time
	UpdatedAt time.Time
}

const caseColumns = `id, plan_id, number, campaign_no, lead_unit, entity_id, clue_id, sales, unsold, gains, fine, confiscation,
	marks, cross_region, injured, dead, media, supervised_by, status, opened_on, decided_on, no_penalty_on, closed_on, published_on,
	extended, extra_days, excluded_days, reason, no_transfer_reason, transfer_status, transfer_proposed_on, transfer_decided_on,
	transfer_approved_at, transfer_sent_at, transfer_answered_on, transfer_reason, transfer_resume, major, due_on, due_what,
	created_by, created_at, updated_at, action_id`

func scanCase(sc rowScanner) (CaseRecord, error) {
	var r CaseRecord
	c := &r.Case
	var entity, clue, action sql.NullInt64
	var status, opened, decided, noPenalty, closed, published, tStatus, tProposed, tDecided, tAnswered, tResume, due, dueWhat string
	var approved, sent sql.NullTime
	var sales, unsold, gains, fine, conf int64
	if err := sc.Scan(&c.ID, &r.PlanID, &c.Number, &c.CampaignNo, &c.LeadUnit, &entity, &clue, &sales, &unsold, &gains, &fine, &conf,
		&c.Marks, &c.CrossRegion, &c.Injured, &c.Dead, &c.Media, &c.SupervisedBy, &status, &opened, &decided, &noPenalty, &closed, &published,
		&c.Extended, &c.ExtraDays, &c.ExcludedDays, &c.Reason, &c.NoTransferReason, &tStatus, &tProposed, &tDecided,
		&approved, &sent, &tAnswered, &c.Transfer.Reason, &tResume, &r.IsMajor, &due, &dueWhat,
		&r.CreatedBy, &r.CreatedAt, &r.UpdatedAt, &action); err != nil {
		return r, err
	}
	c.EntityID, c.ClueID, c.ActionID = entity.Int64, clue.Int64, action.Int64
	c.Sales, c.Unsold, c.Gains, c.Fine, c.Confiscation = dajia.Amount(sales), dajia.Amount(unsold), dajia.Amount(gains), dajia.Amount(fine), dajia.Amount(conf)
	c.Status, c.Transfer.Status, c.Transfer.Resume = dajia.CaseStatus(status), dajia.TransferStatus(tStatus), dajia.CaseStatus(tResume)
	r.DueWhat = dajia.CaseDue(dueWhat)
	if approved.Valid {
		c.Transfer.ApprovedAt = approved.Time
	}
	if sent.Valid {
		c.Transfer.SentAt = sent.Time
	}
	var err error
	for _, d := range []struct {
		col string
		s   string
		to  *dajia.Date
	}{{"opened_on", opened, &c.OpenedOn}, {"decided_on", decided, &c.DecidedOn}, {"no_penalty_on", noPenalty, &c.NoPenaltyOn},
		{"closed_on", closed, &c.ClosedOn}, {"published_on", published, &c.PublishedOn}, {"transfer_proposed_on", tProposed, &c.Transfer.ProposedOn},
		{"transfer_decided_on", tDecided, &c.Transfer.DecidedOn}, {"transfer_answered_on", tAnswered, &c.Transfer.AnsweredOn}, {"due_on", due, &r.Due}} {
		if *d.to, err = storedDate(d.col, d.s); err != nil {
			return r, err
		}
	}
	return r, nil
}

// caseView is what the audit trail keeps of a case: its workflow values
// and amounts; the goods, reasons and the supervising body, which staff
// wrote, by name only.
func caseView(r CaseRecord) map[string]any {
	c := r.Case
	var goods []string
	for _, g := range c.Goods {
		goods = append(goods, g.Name+" "+g.Brand)
	}
	return map[string]any{"number": c.Number, "plan": r.PlanID, "campaign": c.CampaignNo, "lead_unit": c.LeadUnit, "cooperating": c.Cooperating,
		"entity": c.EntityID, "clue": c.ClueID, "joint_action": c.ActionID, "violations": c.Violations, "goods": goods, "goods_lines": len(c.Goods),
		"goods_value": c.GoodsValue().String(), "sales": c.Sales.String(), "unsold": c.Unsold.String(), "gains": c.Gains.String(),
		"fine": c.Fine.String(), "confiscation": c.Confiscation.String(), "marks": c.Marks, "cross_region": c.CrossRegion,
		"injured": c.Injured, "dead": c.Dead, "media": c.Media, "supervised_by": c.SupervisedBy, "status": c.Status,
		"opened_on": c.OpenedOn.String(), "decided_on": c.DecidedOn.String(), "no_penalty_on": c.NoPenaltyOn.String(),
		"closed_on": c.ClosedOn.String(), "published_on": c.PublishedOn.String(), "extended": c.Extended, "extra_days": c.ExtraDays,
		"excluded_days": c.ExcludedDays, "reason": c.Reason, "no_transfer_reason": c.NoTransferReason,
		"transfer": c.Transfer.Status, "transfer_proposed_on": c.Transfer.ProposedOn.String(), "transfer_decided_on": c.Transfer.DecidedOn.String(),
		"transfer_answered_on": c.Transfer.AnsweredOn.String(), "transfer_reason": c.Transfer.Reason,
		"due": r.Due.String(), "due_what": r.DueWhat, "major": r.IsMajor}
}

func caseNotFound() error {
	return dajia.Errorf(dajia.NotFound, "case", "没有这个案件")
}

type rowsQuerier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// placeholders appends the values to args and returns their placeholders.
func placeholders(args *[]any, vals ...any) string {
	ps := make([]string, len(vals))
	for i, v := range vals {
		*args = append(*args, v)
		ps[i] = "$" + strconv.Itoa(len(*args))
	}
	return strings.Join(ps, ", ")
}

// placeholdersOf is placeholders for a slice of any element type.
func placeholdersOf[T any](args *[]any, vals []T) string {
	vs := make([]any, len(vals))
	for i, v := range vals {
		vs[i] = v
	}
	return placeholders(args, vs...)
}

// caseParts loads the cooperating units, violations and goods of the cases
// with one query each.
func caseParts(ctx context.Context, q rowsQuerier, recs []CaseRecord) error {
	if len(recs) == 0 {
		return nil
	}
	at := map[int64]*CaseRecord{}
	var ids []any
	for i := range recs {
		at[recs[i].ID] = &recs[i]
		ids = append(ids, recs[i].ID)
	}
	var args []any
	in := placeholders(&args, ids...)
	each := func(query string, scan func(*sql.Rows) error) error {
		rows, err := q.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				return err
			}
		}
		return rows.Err()
	}
	if err := each(`SELECT case_id, unit FROM case_units WHERE lead = FALSE AND case_id IN (`+in+`) ORDER BY case_id, unit`, func(rows *sql.Rows) error {
		var id int64
		var unit string
		if err := rows.Scan(&id, &unit); err != nil {
			return err
		}
		at[id].Cooperating = append(at[id].Cooperating, unit)
		return nil
	}); err != nil {
		return fmt.Errorf("case units: %w", err)
	}
	if err := each(`SELECT case_id, violation FROM case_violations WHERE case_id IN (`+in+`) ORDER BY case_id, violation`, func(rows *sql.Rows) error {
		var id int64
		var v string
		if err := rows.Scan(&id, &v); err != nil {
			return err
		}
		at[id].Violations = append(at[id].Violations, dajia.Violation(v))
		return nil
	}); err != nil {
		return fmt.Errorf("case violations: %w", err)
	}
	if err := each(`SELECT case_id, name, brand, quantity, unit, unit_price FROM case_goods WHERE case_id IN (`+in+`) ORDER BY case_id, line`, func(rows *sql.Rows) error {
		var id, qty, price int64
		var g dajia.Goods
		if err := rows.Scan(&id, &g.Name, &g.Brand, &qty, &g.Unit, &price); err != nil {
			return err
		}
		g.Quantity, g.UnitPrice = dajia.Amount(qty), dajia.Amount(price)
		at[id].Goods = append(at[id].Goods, g)
		return nil
	}); err != nil {
		return fmt.Errorf("case goods: %w", err)
	}
	return nil
}

func (tx *Tx) caseRecord(ctx context.Context, id int64) (CaseRecord, error) {
	r, err := scanCase(tx.QueryRowContext(ctx, `SELECT `+caseColumns+` FROM cases WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, caseNotFound()
	}
	if err != nil {
		return r, err
	}
	recs := []CaseRecord{r}
	err = caseParts(ctx, tx, recs)
	return recs[0], err
}

// saveParts replaces the units, violations and goods of case id.
func (tx *Tx) saveParts(ctx context.Context, id int64, c dajia.Case) error {
	for _, t := range []string{"case_units", "case_violations", "case_goods"} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+t+` WHERE case_id = $1`, id); err != nil {
			return fmt.Errorf("case %d %s: %w", id, t, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO case_units (case_id, unit, lead) VALUES ($1, $2, TRUE)`, id, c.LeadUnit); err != nil {
		return fmt.Errorf("case %d lead unit: %w", id, err)
	}
	for _, u := range c.Cooperating {
		if _, err := tx.ExecContext(ctx, `INSERT INTO case_units (case_id, unit, lead) VALUES ($1, $2, FALSE)`, id, u); err != nil {
			return fmt.Errorf("case %d unit %s: %w", id, u, err)
		}
	}
	for _, v := range c.Violations {
		if _, err := tx.ExecContext(ctx, `INSERT INTO case_violations (case_id, violation) VALUES ($1, $2)`, id, string(v)); err != nil {
			return fmt.Errorf("case %d violation %s: %w", id, v, err)
		}
	}
	for i, g := range c.Goods {
		if _, err := tx.ExecContext(ctx, `INSERT INTO case_goods (case_id, line, name, brand, quantity, unit, unit_price) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			id, i+1, g.Name, g.Brand, int64(g.Quantity), g.Unit, int64(g.UnitPrice)); err != nil {
			return fmt.Errorf("case %d goods: %w", id, err)
		}
	}
	return nil
}

// saveCase writes every column of the case but its id, plan and creation.
func (tx *Tx) saveCase(ctx context.Context, r CaseRecord) error {
	c := r.Case
	t := c.Transfer
	if _, err := tx.ExecContext(ctx, `UPDATE cases SET number = $1, campaign_no = $2, lead_unit = $3, entity_id = $4, sales = $5, unsold = $6,
		gains = $7, fine = $8, confiscation = $9, marks = $10, cross_region = $11, injured = $12, dead = $13, media = $14, supervised_by = $15,
		status = $16, opened_on = $17, decided_on = $18, no_penalty_on = $19, closed_on = $20, published_on = $21, extended = $22, extra_days = $23,
		excluded_days = $24, reason = $25, no_transfer_reason = $26, transfer_status = $27, transfer_proposed_on = $28, transfer_decided_on = $29,
		transfer_approved_at = $30, transfer_sent_at = $31, transfer_answered_on = $32, transfer_reason = $33, transfer_resume = $34,
		major = $35, due_on = $36, due_what = $37, updated_at = $38, action_id = $40 WHERE id = $39`,
		c.Number, c.CampaignNo, c.LeadUnit, nullID(c.EntityID), int64(c.Sales), int64(c.Unsold), int64(c.Gains), int64(c.Fine), int64(c.Confiscation),
		c.Marks, c.CrossRegion, c.Injured, c.Dead, c.Media, c.SupervisedBy, string(c.Status), c.OpenedOn.String(), c.DecidedOn.String(),
		c.NoPenaltyOn.String(), c.ClosedOn.String(), c.PublishedOn.String(), c.Extended, c.ExtraDays, c.ExcludedDays, c.Reason, c.NoTransferReason,
		string(t.Status), t.ProposedOn.String(), t.DecidedOn.String(), nullTime(t.ApprovedAt), nullTime(t.SentAt), t.AnsweredOn.String(), t.Reason,
		string(t.Resume), r.IsMajor, r.Due.String(), string(r.DueWhat), tx.Now, c.ID, nullID(c.ActionID)); err != nil {
		return fmt.Errorf("update case %d: %w", c.ID, err)
	}
	return tx.saveParts(ctx, c.ID, c)
}

func (tx *Tx) caseEvent(ctx context.Context, id int64, actor, action, note string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO case_events (case_id, at, actor, action, note) VALUES ($1, $2, $3, $4, $5)`, id, tx.Now, actor, action, note)
	if err != nil {
		return fmt.Errorf("case %d timeline: %w", id, err)
	}
	return nil
}

// noPrefix is the refusal of a number to allocate for a unit without a
// prefix.
func noPrefix() error {
	return dajia.Errorf(dajia.Invalid, "number", "本单位尚未设置案件编号前缀：请打假办或本单位负责人先设置前缀，或填写案件编号")
}

// number gives the case its number: a typed one is checked as unused and
// moves the unit's series past it when it is of the series; without one,
// the next of the unit's series for the year the case was opened.
func (tx *Tx) number(ctx context.Context, c *dajia.Case) error {
	prefix, ok, err := tx.casePrefix(ctx, c.LeadUnit)
	if err != nil {
		return err
	}
	year := c.OpenedOn.Year
	if c.Number == "" {
		if !ok {
			return noPrefix()
		}
		// A number typed before the unit had its prefix may stand in the
		// series' way: the series moves past it.
		for {
			var seq int
			if err := tx.QueryRowContext(ctx, `INSERT INTO case_series (unit, year, last) VALUES ($1, $2, 1)
				ON CONFLICT (unit, year) DO UPDATE SET last = case_series.last + 1 RETURNING last`, c.LeadUnit, year).Scan(&seq); err != nil {
				return fmt.Errorf("allocate a case number: %w", err)
			}
			if seq > dajia.MaxCaseNumberSequence {
				return dajia.Errorf(dajia.Conflict, "number", "本单位 %d 年的案件编号已用完", year)
			}
			c.Number = dajia.FormatCaseNumber(prefix, year, seq)
			var other int64
			err := tx.QueryRowContext(ctx, `SELECT id FROM cases WHERE number = $1`, c.Number).Scan(&other)
			if errors.Is(err, sql.ErrNoRows) {
				return nil
			}
			if err != nil {
				return err
			}
		}
	} else if p, y, seq, err := dajia.ParseCaseNumber(c.Number); err == nil && ok && p == prefix {
		if _, err := tx.ExecContext(ctx, `INSERT INTO case_series (unit, year, last) VALUES ($1, $2, $3)
			ON CONFLICT (unit, year) DO UPDATE SET last = CASE WHEN case_series.last < excluded.last THEN excluded.last ELSE case_series.last END`,
			c.LeadUnit, y, seq); err != nil {
			return fmt.Errorf("move the case series: %w", err)
		}
	}
	var other int64
	err = tx.QueryRowContext(ctx, `SELECT id FROM cases WHERE number = $1`, c.Number).Scan(&other)
	if err == nil {
		return dajia.Errorf(dajia.Conflict, "number", "案件编号“%s”已是第 %d 号案件的编号", c.Number, other)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	return nil
}

// CreateCase stores a new case in one transaction with what opening it
// does: its number (the typed one, checked as unused, or the next of the
// lead unit's series), its first timeline line ("open"), the step open
// takes on its source clue (立案, with the clue's history line and audit
// record) and the case's audit record. One clue opens one case.
func (db *DB) CreateCase(ctx context.Context, actor dajia.Actor, r CaseRecord, open func(*dajia.Clue, int64) (dajia.ClueStep, error)) (_ CaseRecord, err error) {
	defer db.wrap(&err, "store the case")
	var out CaseRecord
	err = db.Transact(ctx, func(tx *Tx) error {
		c := r.Case
		if err := tx.number(ctx, &c); err != nil {
			return err
		}
		if c.ClueID > 0 {
			var other int64
			err := tx.QueryRowContext(ctx, `SELECT id FROM cases WHERE clue_id = $1`, c.ClueID).Scan(&other)
			if err == nil {
				return dajia.Errorf(dajia.Conflict, "clue", "这条线索已立案为第 %d 号案件", other)
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO cases (plan_id, number, campaign_no, lead_unit, entity_id, clue_id, sales, unsold, gains, fine,
			confiscation, marks, cross_region, injured, dead, media, supervised_by, status, opened_on, decided_on, no_penalty_on, closed_on,
			published_on, extended, extra_days, excluded_days, reason, no_transfer_reason, transfer_status, transfer_proposed_on,
			transfer_decided_on, transfer_answered_on, transfer_reason, transfer_resume, major, due_on, due_what, created_by, created_at, updated_at)
			VALUES ($1, $2, 0, $3, NULL, $4, 0, 0, 0, 0, 0, 0, FALSE, 0, 0, FALSE, '', $5, '', '', '', '', '', FALSE, 0, 0, '', '', '', '', '', '', '',
			'', FALSE, '', '', $6, $7, $7) RETURNING id`,
			r.PlanID, c.Number, c.LeadUnit, nullID(c.ClueID), string(c.Status), actor.Name, tx.Now).Scan(&id); err != nil {
			return fmt.Errorf("insert case: %w", db.dialect.mapErr(err))
		}
		rec := r
		rec.Case, rec.ID = c, id
		if err := tx.saveCase(ctx, rec); err != nil {
			return err
		}
		if err := tx.caseEvent(ctx, id, actor.Name, "open", ""); err != nil {
			return err
		}
		if c.ClueID > 0 {
			if err := tx.openClue(ctx, actor, c.ClueID, id, open); err != nil {
				return err
			}
		}
		var err error
		if out, err = tx.caseRecord(ctx, id); err != nil {
			return err
		}
		return tx.Audit(ctx, actor, AuditEntry{Action: "case.create", Object: fmt.Sprintf("case:%d", id), After: caseView(out)})
	})
	return out, err
}

// openClue takes the clue's open step for the case, with its history line
// and audit record, inside the case's transaction.
func (tx *Tx) openClue(ctx context.Context, actor dajia.Actor, clueID, caseID int64, open func(*dajia.Clue, int64) (dajia.ClueStep, error)) error {
	_, err := tx.stepClue(ctx, actor, clueID, func(c *dajia.Clue) (dajia.ClueStep, error) { return open(c, caseID) })
	return err
}

// UpdateCase takes one step on a case in one transaction: it loads the
// case, lets step change it (by the domain's rules; step also reckons the
// deadline and the major flag), saves it with its units, goods and
// violations, and writes the step to the timeline and the audit trail.
func (db *DB) UpdateCase(ctx context.Context, actor dajia.Actor, id int64, step func(*CaseRecord) (dajia.CaseStep, error)) (_ CaseRecord, err error) {
	defer db.wrap(&err, "change case %d", id)
	var after CaseRecord
	err = db.Transact(ctx, func(tx *Tx) error {
		before, err := tx.caseRecord(ctx, id)
		if err != nil {
			return err
		}
		r := before
		r.Cooperating = append([]string(nil), before.Cooperating...)
		r.Violations = append([]dajia.Violation(nil), before.Violations...)
		r.Goods = append([]dajia.Goods(nil), before.Goods...)
		st, err := step(&r)
		if err != nil {
			return err
		}
		r.ID, r.PlanID = id, before.PlanID
		if err := tx.saveCase(ctx, r); err != nil {
			return err
		}
		if err := tx.caseEvent(ctx, id, actor.Name, st.Action, st.Note); err != nil {
			return err
		}
		if after, err = tx.caseRecord(ctx, id); err != nil {
			return err
		}
		return tx.Audit(ctx, actor, AuditEntry{Action: "case." + st.Action, Object: fmt.Sprintf("case:%d", id), Before: caseView(before), After: caseView(after)})
	})
	return after, err
}

// Case returns one case with its units, violations and goods.
func (db *DB) Case(ctx context.Context, id int64) (_ CaseRecord, err error) {
	defer db.wrap(&err, "load case %d", id)
	r, err := scanCase(db.read.QueryRowContext(ctx, `SELECT `+caseColumns+` FROM cases WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, caseNotFound()
	}
	if err != nil {
		return r, err
	}
	recs := []CaseRecord{r}
	err = caseParts(ctx, db.read, recs)
	return recs[0], err
}

// CaseFilter selects cases.
type CaseFilter struct {
	PlanID     string   // "" is every plan's
	Units      []string // cases led by or cooperated on by one of these; nil: all; empty: none
	Statuses   []dajia.CaseStatus
	CampaignNo int   // 0: any
	EntityID   int64 // 0: any
	Overdue    bool  // only cases past their earliest deadline on Today
	Today      dajia.Date
	Transfer   string // "" any; "none", "running" (proposed, approved or sent), or a dajia.TransferStatus
	MajorOnly  bool
	// OpenedFrom and OpenedTo, when set, keep the cases opened between
	// them (both days included).
	OpenedFrom, OpenedTo dajia.Date
	// ActionID, when set, keeps the cases tagged with that joint action
	// and opened inside its dates: those its results count.
	ActionID int64
	// LeadOnly keeps, of Units, the cases they lead (not those they
	// cooperate on).
	LeadOnly bool
	// Concluded keeps the cases brought to an end (dajia.CaseStatus.Decided).
	Concluded bool
	// IDs, when not nil, keeps only these cases (empty: none): a set the
	// app computed, such as the transfers the review judged in time.
	IDs []int64
	// Words keeps the cases whose text holds every one (caseText), as
	// dajia.TipSearchWords splits a search.
	Words  []string
	Limit  int // at most 500; 0 is 200
	Offset int
}

func (f CaseFilter) where() (string, []any, bool) {
	var conds []string
	var args []any
	ph := func(v any) string { return placeholders(&args, v) }
	if f.PlanID != "" {
		conds = append(conds, "plan_id = "+ph(f.PlanID))
	}
	if f.Units != nil {
		if len(f.Units) == 0 {
			return "", nil, false
		}
		var vs []any
		for _, u := range f.Units {
			vs = append(vs, u)
		}
		if f.LeadOnly {
			conds = append(conds, "lead_unit IN ("+placeholders(&args, vs...)+")")
		} else {
			conds = append(conds, "id IN (SELECT case_id FROM case_units WHERE unit IN ("+placeholders(&args, vs...)+"))")
		}
	}
	if f.IDs != nil {
		if len(f.IDs) == 0 {
			return "", nil, false
		}
		var vs []any
		for _, id := range f.IDs {
			vs = append(vs, id)
		}
		conds = append(conds, "id IN ("+placeholders(&args, vs...)+")")
	}
	if f.Concluded {
		var vs []any
		for _, s := range []dajia.CaseStatus{dajia.CaseOpened, dajia.CaseInvestigating, dajia.CaseReviewing, dajia.CaseNotified, dajia.CaseHearing,
			dajia.CaseDecided, dajia.CaseExecuted, dajia.CaseNoPenalty, dajia.CaseTransferred, dajia.CaseWithdrawn, dajia.CaseClosed} {
			if s.Decided() {
				vs = append(vs, string(s))
			}
		}
		conds = append(conds, "status IN ("+placeholders(&args, vs...)+")")
	}
	if len(f.Statuses) > 0 {
		var vs []any
		for _, s := range f.Statuses {
			vs = append(vs, string(s))
		}
		conds = append(conds, "status IN ("+placeholders(&args, vs...)+")")
	}
	if f.CampaignNo != 0 {
		conds = append(conds, "campaign_no = "+ph(max(f.CampaignNo, 0)))
	}
	if f.EntityID != 0 {
		conds = append(conds, "entity_id = "+ph(f.EntityID))
	}
	if f.Overdue {
		conds = append(conds, "due_on <> '' AND due_on < "+ph(f.Today.String()))
	}
	switch f.Transfer {
	case "":
	case "none":
		conds = append(conds, "transfer_status = ''")
	case TransferRunning:
		conds = append(conds, "transfer_status IN ("+placeholders(&args, string(dajia.TransferProposed), string(dajia.TransferApproved), string(dajia.TransferSent))+")")
	default:
		conds = append(conds, "transfer_status = "+ph(f.Transfer))
	}
	if f.MajorOnly {
		conds = append(conds, "major = TRUE")
	}
	if !f.OpenedFrom.IsZero() {
		conds = append(conds, "opened_on >= "+ph(f.OpenedFrom.String()))
	}
	if !f.OpenedTo.IsZero() {
		conds = append(conds, "opened_on <= "+ph(f.OpenedTo.String()))
	}
	if f.ActionID != 0 {
		conds = append(conds, actionDated("", "opened_on", ph(f.ActionID)))
	}
	conds = append(conds, matchWords(f.Words, ph, caseText(ph))...)
	if len(conds) == 0 {
		return "", args, true
	}
	return " WHERE " + strings.Join(conds, " AND "), args, true
}

// Cases lists cases, the most urgent deadline first, with their units,
// violations and goods (one query for each, whatever the page's size).
func (db *DB) Cases(ctx context.Context, f CaseFilter) (_ []CaseRecord, err error) {
	defer db.wrap(&err, "list cases")
	where, args, ok := f.where()
	if !ok {
		return nil, nil
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 200
	}
	args = append(args, f.Limit, max(f.Offset, 0))
	q := `SELECT ` + caseColumns + ` FROM cases` + where +
		fmt.Sprintf(` ORDER BY CASE WHEN due_on = '' THEN 1 ELSE 0 END, due_on, id DESC LIMIT $%d OFFSET $%d`, len(args)-1, len(args))
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

// CasesOfEntity lists the cases of a market entity, for its history.
func (db *DB) CasesOfEntity(ctx context.Context, entityID int64) ([]CaseRecord, error) {
	if entityID <= 0 {
		return nil, nil
	}
	return db.Cases(ctx, CaseFilter{EntityID: entityID, Limit: 500})
}

// CaseCount is how many cases a filter matches, and how many of them are
// past their earliest running deadline on a day.
type CaseCount struct {
	Total   int
	Overdue int
}

// CountCases counts the cases of a filter over every page.
func (db *DB) CountCases(ctx context.Context, f CaseFilter, today dajia.Date) (_ CaseCount, err error) {
	defer db.wrap(&err, "count cases")
	var c CaseCount
	where, args, ok := f.where()
	if !ok {
		return c, nil
	}
	q := `SELECT COUNT(*), COALESCE(SUM(CASE WHEN due_on <> '' AND due_on < ` + placeholders(&args, today.String()) + ` THEN 1 ELSE 0 END), 0) FROM cases` + where
	if err := db.read.QueryRowContext(ctx, q, args...).Scan(&c.Total, &c.Overdue); err != nil {
		return c, db.dialect.mapErr(err)
	}
	return c, nil
}

// CaseEvent is one line of a case's timeline.
type CaseEvent = Event

// CaseEvents is a case's timeline, oldest first.
func (db *DB) CaseEvents(ctx context.Context, id int64) (_ []CaseEvent, err error) {
	defer db.wrap(&err, "load the timeline of case %d", id)
	rows, err := db.read.QueryContext(ctx, `SELECT at, actor, action, note FROM case_events WHERE case_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, db.dialect.mapErr(err)
	}
	return collect(rows, scanEvent)
}
