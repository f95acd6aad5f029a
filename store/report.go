package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"strings"
	"time"

	"dajia"
)

// Attachment is a file sent with a report.
type Attachment struct {
	ID          int64
	ReportID    int64
	Name        string
	ContentType string
	Size        int64
	UploadedAt  time.Time
	UploadedBy  string
}

const reportColumns = `id, plan_id, plan_version_id, rule_index, rule_name, unit_key, period_kind, period_id, period_start, period_end, due_on,
	status, zero, key_cases, practices, first_submitted_at, submitted_at, approved_at, accepted_at, returned_reason, updated_at, revision`

// reportListColumns are reportColumns without the free texts (up to
// MaxReportText each): a matrix of a year of 200 units reads no prose.
const reportListColumns = `id, plan_id, plan_version_id, rule_index, rule_name, unit_key, period_kind, period_id, period_start, period_end, due_on,
	status, zero, '' AS key_cases, '' AS practices, first_submitted_at, submitted_at, approved_at, accepted_at, returned_reason, updated_at, revision`

func scanReport(sc rowScanner) (dajia.Report, error) {
	var r dajia.Report
	var kind, start, end, due, status string
	var first, sub, appr, acc sql.NullTime
	err := sc.Scan(&r.ID, &r.PlanID, &r.PlanVersionID, &r.RuleIndex, &r.RuleName, &r.Unit, &kind, &r.PeriodID, &start, &end, &due,
		&status, &r.Zero, &r.KeyCases, &r.Practices, &first, &sub, &appr, &acc, &r.ReturnedReason, &r.UpdatedAt, &r.Revision)
	if err != nil {
		return r, err
	}
	r.Period.Kind = kind
	for _, d := range []struct {
		to  *dajia.Date
		txt string
	}{{&r.Period.Start, start}, {&r.Period.End, end}, {&r.Due, due}} {
		if *d.to, err = dajia.ParseDate(d.txt); err != nil {
			return r, fmt.Errorf("report %d: %w", r.ID, err)
		}
	}
	r.Status = dajia.ReportStatus(status)
	r.FirstSubmittedAt, r.SubmittedAt, r.ApprovedAt, r.AcceptedAt = first.Time, sub.Time, appr.Time, acc.Time
	return r, nil
}

// EnsureObligations makes the report rows a plan version asks for and that
// do not exist yet; existing reports keep the version they were made under.
// It returns how many it made.
func (db *DB) EnsureObligations(ctx context.Context, actor dajia.Actor, v PlanVersion, obs []dajia.Obligation) (_ int, err error) {
	defer db.wrap(&err, "lay out the reports of plan %s", v.PlanID)
	made := 0
	err = db.Transact(ctx, func(tx *Tx) error {
		for _, o := range obs {
			rule := v.Plan.Reporting[o.Rule]
			name := rule.Name
			if name == "" {
				name = o.Period.Kind
			}
			res, err := tx.ExecContext(ctx, `INSERT INTO reports (plan_id, plan_version_id, rule_index, rule_name, unit_key, period_kind, period_id,
				period_start, period_end, due_on, status, zero, key_cases, practices, returned_reason, updated_at, revision)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'draft', FALSE, '', '', '', $11, 0)
				ON CONFLICT (plan_id, rule_index, unit_key, period_id) DO NOTHING`,
				v.PlanID, v.ID, o.Rule, name, o.Unit, o.Period.Kind, o.Period.ID(), o.Period.Start.String(), o.Period.End.String(), o.Due.String(), tx.Now)
			if err != nil {
				return err
			}
			n, err := res.RowsAffected()
			if err != nil {
				return err
			}
			made += int(n)
		}
		if made == 0 {
			return nil
		}
		return tx.Audit(ctx, actor, AuditEntry{Action: "report.obligations", Object: fmt.Sprintf("plan:%s@%d", v.PlanID, v.Version), After: map[string]any{"made": made}})
	})
	return made, err
}

// ReportFilter selects reports; empty fields select all.
type ReportFilter struct {
	PlanID   string
	PeriodID string
	Unit     string
	Rule     int // -1: every rule
	DueFrom  dajia.Date
	DueTo    dajia.Date
	Statuses []dajia.ReportStatus
	WithText bool // read the key cases and practices too
}

// Reports lists reports without their figures (and without their texts
// unless the filter asks), by unit and period.
func (db *DB) Reports(ctx context.Context, f ReportFilter) (_ []dajia.Report, err error) {
	defer db.wrap(&err, "list reports")
	var conds []string
	var args []any
	add := func(c string, v any) {
		args = append(args, v)
		conds = append(conds, fmt.Sprintf(c, len(args)))
	}
	if f.PlanID != "" {
		add("plan_id = $%d", f.PlanID)
	}
	if f.PeriodID != "" {
		add("period_id = $%d", f.PeriodID)
	}
	if f.Unit != "" {
		add("unit_key = $%d", f.Unit)
	}
	if f.Rule >= 0 {
		add("rule_index = $%d", f.Rule)
	}
	if !f.DueFrom.IsZero() {
		add("due_on >= $%d", f.DueFrom.String())
	}
	if !f.DueTo.IsZero() {
		add("due_on <= $%d", f.DueTo.String())
	}
	if len(f.Statuses) > 0 {
		var ph []string
		for _, s := range f.Statuses {
			args = append(args, string(s))
			ph = append(ph, fmt.Sprintf("$%d", len(args)))
		}
		conds = append(conds, "status IN ("+strings.Join(ph, ", ")+")")
	}
	cols := reportListColumns
	if f.WithText {
		cols = reportColumns
	}
	q := `SELECT ` + cols + ` FROM reports`
	if len(conds) > 0 {
		q += " WHERE " + strings.Join(conds, " AND ")
	}
	rows, err := db.read.QueryContext(ctx, q+` ORDER BY rule_index, period_start, unit_key`, args...)
	if err != nil {
		return nil, db.dialect.mapErr(err)
	}
	return collect(rows, scanReport)
}

func reportNotFound() error {
	return dajia.Errorf(dajia.NotFound, "report", "没有这份报表")
}

// Report returns one report with its figures.
func (db *DB) Report(ctx context.Context, id int64) (_ dajia.Report, err error) {
	defer db.wrap(&err, "load report %d", id)
	r, err := scanReport(db.read.QueryRowContext(ctx, `SELECT `+reportColumns+` FROM reports WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, reportNotFound()
	}
	if err != nil {
		return r, db.dialect.mapErr(err)
	}
	r.Values, err = queryValues(ctx, db.read, id)
	return r, err
}

type querier2 interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func queryValues(ctx context.Context, q querier2, id int64) (map[string]dajia.Amount, error) {
	rows, err := q.QueryContext(ctx, `SELECT indicator, value FROM report_values WHERE report_id = $1`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	vals := map[string]dajia.Amount{}
	for rows.Next() {
		var k string
		var v int64
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		vals[k] = dajia.Amount(v)
	}
	return vals, rows.Err()
}

// ReportEvents is a report's history, oldest first.
func (db *DB) ReportEvents(ctx context.Context, id int64) (_ []dajia.ReportEvent, err error) {
	defer db.wrap(&err, "load the history of report %d", id)
	rows, err := db.read.QueryContext(ctx, `SELECT at, actor, action, reason FROM report_events WHERE report_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, db.dialect.mapErr(err)
	}
	defer rows.Close()
	var out []dajia.ReportEvent
	for rows.Next() {
		var e dajia.ReportEvent
		if err := rows.Scan(&e.At, &e.Actor, &e.Action, &e.Reason); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

func (tx *Tx) report(ctx context.Context, id int64) (dajia.Report, error) {
	r, err := scanReport(tx.QueryRowContext(ctx, `SELECT `+reportColumns+` FROM reports WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, reportNotFound()
	}
	if err != nil {
		return r, err
	}
	r.Values, err = queryValues(ctx, tx, id)
	return r, err
}

// reportView is what the audit trail keeps of a report.
func reportView(r dajia.Report) map[string]any {
	vals := map[string]string{}
	for k, v := range r.Values {
		vals[k] = v.String()
	}
	return map[string]any{"status": r.Status, "zero": r.Zero, "values": vals, "key_cases": r.KeyCases, "practices": r.Practices}
}

// SaveReport changes a report's content in one transaction: change sees
// the report as stored and the transaction's now, and applies the domain's
// rules (dajia.Report.Save); what it leaves is written with its audit
// record. A report changed by someone else meanwhile is a conflict.
func (db *DB) SaveReport(ctx context.Context, actor dajia.Actor, id int64, change func(r *dajia.Report, now time.Time) error) (_ dajia.Report, err error) {
	defer db.wrap(&err, "save report %d", id)
	var after dajia.Report
	err = db.Transact(ctx, func(tx *Tx) error {
		before, err := tx.report(ctx, id)
		if err != nil {
			return err
		}
		r := before
		r.Values = maps.Clone(before.Values)
		if err := change(&r, tx.Now); err != nil {
			return err
		}
		if err := tx.updateReport(ctx, before.Revision, r); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM report_values WHERE report_id = $1`, id); err != nil {
			return err
		}
		for k, v := range r.Values {
			if _, err := tx.ExecContext(ctx, `INSERT INTO report_values (report_id, indicator, value) VALUES ($1, $2, $3)`, id, k, int64(v)); err != nil {
				return err
			}
		}
		if after, err = tx.report(ctx, id); err != nil {
			return err
		}
		return tx.Audit(ctx, actor, AuditEntry{Action: "report.save", Object: fmt.Sprintf("report:%d", id), Before: reportView(before), After: reportView(after)})
	})
	return after, err
}

// TransitionReport takes a workflow step in one transaction: step sees the
// report as stored, the transaction's now and the figures of the unit's
// earlier sent reports under the same rule (read through the transaction,
// oldest first), and applies the domain's rules (dajia.Report.Take). The
// new state is written with the step's event and audit record.
func (db *DB) TransitionReport(ctx context.Context, actor dajia.Actor, id int64, act dajia.ReportAction, reason string,
	step func(r *dajia.Report, now time.Time, earlier []map[string]dajia.Amount) error) (_ dajia.Report, err error) {
	defer db.wrap(&err, "%s report %d", act, id)
	var after dajia.Report
	err = db.Transact(ctx, func(tx *Tx) error {
		before, err := tx.report(ctx, id)
		if err != nil {
			return err
		}
		earlier, err := unitHistory(ctx, tx, before.PlanID, before.RuleIndex, before.Unit, before.Period.Start)
		if err != nil {
			return err
		}
		r := before
		if err := step(&r, tx.Now, earlier); err != nil {
			return err
		}
		if err := tx.updateReport(ctx, before.Revision, r); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO report_events (report_id, at, actor, action, reason) VALUES ($1, $2, $3, $4, $5)`,
			id, tx.Now, actor.Name, string(act), reason); err != nil {
			return err
		}
		if after, err = tx.report(ctx, id); err != nil {
			return err
		}
		return tx.Audit(ctx, actor, AuditEntry{Action: "report." + string(act), Object: fmt.Sprintf("report:%d", id),
			Before: map[string]any{"status": before.Status}, After: map[string]any{"status": after.Status, "reason": reason}})
	})
	return after, err
}

// updateReport writes what a domain step may change, over the revision it
// read: a report saved by someone else in between is a conflict.
func (tx *Tx) updateReport(ctx context.Context, revision int, r dajia.Report) error {
	res, err := tx.ExecContext(ctx, `UPDATE reports SET status = $1, zero = $2, key_cases = $3, practices = $4, first_submitted_at = $5,
		submitted_at = $6, approved_at = $7, accepted_at = $8, returned_reason = $9, updated_at = $10, revision = $11
		WHERE id = $12 AND revision = $13`,
		string(r.Status), r.Zero, r.KeyCases, r.Practices, nullTime(r.FirstSubmittedAt), nullTime(r.SubmittedAt), nullTime(r.ApprovedAt),
		nullTime(r.AcceptedAt), r.ReturnedReason, r.UpdatedAt, r.Revision, r.ID, revision)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n != 1 {
		return dajia.Errorf(dajia.Conflict, "revision", "报表已被他人修改，请刷新后重新填写")
	}
	return nil
}

func nullTime(t time.Time) sql.NullTime { return sql.NullTime{Time: t, Valid: !t.IsZero()} }

// ReportTodo lists the reports of a plan that can be on an actor's to-do
// list, selected in SQL by the domain's query; the domain decides each.
func (db *DB) ReportTodo(ctx context.Context, planID string, q dajia.ReportTodoQuery) (_ []dajia.Report, err error) {
	defer db.wrap(&err, "list the reports to do in plan %s", planID)
	if q.Empty() {
		return nil, nil
	}
	args := []any{planID}
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	var or []string
	if q.Fill && q.Unit != "" {
		or = append(or, `(unit_key = `+arg(q.Unit)+` AND status = 'draft' AND (returned_reason <> '' OR
			(first_submitted_at IS NULL AND period_start <= `+arg(q.Today.String())+` AND due_on <= `+arg(q.FillDueBy.String())+`)))`)
	}
	if q.Approve && q.Unit != "" {
		or = append(or, `(unit_key = `+arg(q.Unit)+` AND status = 'submitted')`)
	}
	if q.Accept {
		or = append(or, `status = 'approved'`)
	}
	if !q.ChaseBefore.IsZero() {
		or = append(or, `(status = 'draft' AND first_submitted_at IS NULL AND due_on < `+arg(q.ChaseBefore.String())+`)`)
	}
	if len(or) == 0 {
		return nil, nil
	}
	rows, err := db.read.QueryContext(ctx, `SELECT `+reportListColumns+` FROM reports WHERE plan_id = $1 AND (`+strings.Join(or, " OR ")+`)
		ORDER BY due_on, rule_index, unit_key`, args...)
	if err != nil {
		return nil, db.dialect.mapErr(err)
	}
	return collect(rows, scanReport)
}

// UnitHistory returns the figures of a unit's earlier sent reports under a
// rule, oldest first; for outliers and carried-over open cases.
func (db *DB) UnitHistory(ctx context.Context, planID string, rule int, unit string, before dajia.Date) (_ []map[string]dajia.Amount, err error) {
	defer db.wrap(&err, "load the history of %s", unit)
	h, err := unitHistory(ctx, db.read, planID, rule, unit, before)
	return h, db.dialect.mapErr(err)
}

func unitHistory(ctx context.Context, q querier2, planID string, rule int, unit string, before dajia.Date) ([]map[string]dajia.Amount, error) {
	rows, err := q.QueryContext(ctx, `SELECT r.id, v.indicator, v.value FROM reports r JOIN report_values v ON v.report_id = r.id
		WHERE r.plan_id = $1 AND r.rule_index = $2 AND r.unit_key = $3 AND r.period_start < $4 AND r.first_submitted_at IS NOT NULL
		ORDER BY r.period_start`, planID, rule, unit, before.String())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []map[string]dajia.Amount
	var last int64 = -1
	for rows.Next() {
		var id, v int64
		var k string
		if err := rows.Scan(&id, &k, &v); err != nil {
			return nil, err
		}
		if id != last {
			out = append(out, map[string]dajia.Amount{})
			last = id
		}
		out[len(out)-1][k] = dajia.Amount(v)
	}
	return out, rows.Err()
}

// PeriodValues returns the figures of every sent report of a period under
// a rule, by unit: the town's merged figures, or one unit's when unit is
// not "".
func (db *DB) PeriodValues(ctx context.Context, planID string, rule int, periodID, unit string) (_ map[string]map[string]dajia.Amount, err error) {
	defer db.wrap(&err, "load the figures of period %s", periodID)
	q := `SELECT r.unit_key, v.indicator, v.value FROM reports r JOIN report_values v ON v.report_id = r.id
		WHERE r.plan_id = $1 AND r.rule_index = $2 AND r.period_id = $3 AND r.first_submitted_at IS NOT NULL`
	args := []any{planID, rule, periodID}
	if unit != "" {
		q += ` AND r.unit_key = $4`
		args = append(args, unit)
	}
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, db.dialect.mapErr(err)
	}
	defer rows.Close()
	out := map[string]map[string]dajia.Amount{}
	for rows.Next() {
		var u, k string
		var v int64
		if err := rows.Scan(&u, &k, &v); err != nil {
			return nil, err
		}
		if out[u] == nil {
			out[u] = map[string]dajia.Amount{}
		}
		out[u][k] = dajia.Amount(v)
	}
	return out, rows.Err()
}

// MaxAttachment bounds one attachment; MaxAttachments bounds their number.
const (
	MaxAttachment  = 10 << 20
	MaxAttachments = 10
)

// AddAttachment stores a file with a draft report.
func (db *DB) AddAttachment(ctx context.Context, actor dajia.Actor, reportID int64, name, contentType string, data []byte, check func(dajia.Report) error) (_ Attachment, err error) {
	defer db.wrap(&err, "attach a file to report %d", reportID)
	a := Attachment{ReportID: reportID, Name: name, ContentType: contentType, Size: int64(len(data)), UploadedBy: actor.Name}
	err = db.Transact(ctx, func(tx *Tx) error {
		r, err := tx.report(ctx, reportID)
		if err != nil {
			return err
		}
		if err := check(r); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM report_attachments WHERE report_id = $1`, reportID).Scan(&n); err != nil {
			return err
		}
		if n >= MaxAttachments {
			return dajia.Errorf(dajia.Invalid, "file", "每份报表最多 %d 个附件", MaxAttachments)
		}
		a.UploadedAt = tx.Now
		if err := tx.QueryRowContext(ctx, `INSERT INTO report_attachments (report_id, name, content_type, size, data, uploaded_at, uploaded_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, reportID, name, contentType, a.Size, data, tx.Now, actor.Name).Scan(&a.ID); err != nil {
			return err
		}
		return tx.Audit(ctx, actor, AuditEntry{Action: "report.attach", Object: fmt.Sprintf("report:%d", reportID),
			After: map[string]any{"attachment": a.ID, "name": name, "type": contentType, "size": a.Size}})
	})
	return a, err
}

// Attachments lists a report's files without their content.
func (db *DB) Attachments(ctx context.Context, reportID int64) (_ []Attachment, err error) {
	defer db.wrap(&err, "list the attachments of report %d", reportID)
	rows, err := db.read.QueryContext(ctx, `SELECT id, report_id, name, content_type, size, uploaded_at, uploaded_by FROM report_attachments WHERE report_id = $1 ORDER BY id`, reportID)
	if err != nil {
		return nil, db.dialect.mapErr(err)
	}
	defer rows.Close()
	var out []Attachment
	for rows.Next() {
		var a Attachment
		if err := rows.Scan(&a.ID, &a.ReportID, &a.Name, &a.ContentType, &a.Size, &a.UploadedAt, &a.UploadedBy); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// AttachmentData returns a file of a report.
func (db *DB) AttachmentData(ctx context.Context, reportID, id int64) (_ Attachment, _ []byte, err error) {
	defer db.wrap(&err, "load attachment %d of report %d", id, reportID)
	var a Attachment
	var data []byte
	err = db.read.QueryRowContext(ctx, `SELECT id, report_id, name, content_type, size, uploaded_at, uploaded_by, data FROM report_attachments WHERE id = $1 AND report_id = $2`, id, reportID).
		Scan(&a.ID, &a.ReportID, &a.Name, &a.ContentType, &a.Size, &a.UploadedAt, &a.UploadedBy, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return a, nil, dajia.Errorf(dajia.NotFound, "attachment", "没有这个附件")
	}
	return a, data, db.dialect.mapErr(err)
}
