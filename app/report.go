package app

import (
	"context"
	"strings"
	"time"

	"dajia"
	"dajia/store"
)

// scopeReports narrows a report query to what the actor may read: the
// whole town for the office and leaders, the actor's own unit for anyone
// else. It answers false when the query can return nothing the actor may
// read (no unit, or another unit asked for by name): the caller then
// answers an empty list instead of running the query.
func scopeReports(a dajia.Actor, f *store.ReportFilter) bool {
	unit, all := a.UnitScope()
	switch {
	case all:
		return true
	case unit == "" || (f.Unit != "" && f.Unit != unit):
		return false
	}
	f.Unit = unit
	return true
}

// Reports lists the reports of a filter that the actor may read, without
// their figures.
func (a *App) Reports(ctx context.Context, actor dajia.Actor, f store.ReportFilter) ([]dajia.Report, error) {
	if !scopeReports(actor, &f) {
		return nil, nil
	}
	return a.db.Reports(ctx, f)
}

// Report returns a report the actor may read, with its figures and the
// current version of its plan; another unit's report is not found.
func (a *App) Report(ctx context.Context, actor dajia.Actor, id int64) (dajia.Report, *dajia.Plan, error) {
	rep, err := a.db.Report(ctx, id)
	if err != nil {
		return rep, nil, err
	}
	if err := rep.ReadableBy(actor); err != nil {
		return dajia.Report{}, nil, err
	}
	v, err := a.db.PlanVersion(ctx, rep.PlanID, 0)
	if err != nil {
		return rep, nil, err
	}
	return rep, v.Plan, nil
}

// SaveReport replaces a draft's content, over the revision the actor read
// (revision < 0: whatever is stored).
func (a *App) SaveReport(ctx context.Context, actor dajia.Actor, id int64, revision int, c dajia.ReportContent) (dajia.Report, error) {
	return a.db.SaveReport(ctx, actor, id, func(r *dajia.Report, now time.Time) error {
		return r.Save(actor, revision, c, now)
	})
}

// ReportStep takes a workflow step on a report; a submission is checked
// against its rule and the unit's earlier figures first, and every problem
// comes back as dajia.FieldErrors.
func (a *App) ReportStep(ctx context.Context, actor dajia.Actor, id int64, act dajia.ReportAction, reason string) (dajia.Report, error) {
	// The rule comes from the plan, read before the transaction: a stored
	// plan version never changes, and a report never changes plans. Inside
	// the transaction the store reads only through it.
	rep, p, err := a.Report(ctx, actor, id)
	if err != nil {
		return rep, err
	}
	rule := rep.RuleIn(p)
	reason = strings.TrimSpace(reason)
	return a.db.TransitionReport(ctx, actor, id, act, reason, func(r *dajia.Report, now time.Time, earlier []map[string]dajia.Amount) error {
		return r.Take(actor, act, reason, now, rule, earlier)
	})
}

// AttachToReport stores a file with a draft; the caller has checked what
// the file is.
func (a *App) AttachToReport(ctx context.Context, actor dajia.Actor, id int64, name, contentType string, data []byte) (store.Attachment, error) {
	return a.db.AddAttachment(ctx, actor, id, name, contentType, data, func(r dajia.Report) error { return r.MayAttach(actor) })
}

// Attachment returns a file of a report the actor may read.
func (a *App) Attachment(ctx context.Context, actor dajia.Actor, id, aid int64) (store.Attachment, []byte, error) {
	if _, _, err := a.Report(ctx, actor, id); err != nil {
		return store.Attachment{}, nil, err
	}
	return a.db.AttachmentData(ctx, id, aid)
}

// Matrix lays out a rule's reports as units × periods with their rates on
// today's date; a unit's account reads its own row only.
func (a *App) Matrix(ctx context.Context, actor dajia.Actor, v store.PlanVersion, rule int) (dajia.Matrix, error) {
	reps, err := a.Reports(ctx, actor, store.ReportFilter{PlanID: v.PlanID, Rule: rule})
	if err != nil {
		return dajia.Matrix{}, err
	}
	return v.Plan.Matrix(rule, reps, dajia.Today(a.clock)), nil
}

// PeriodSummary merges the figures of one period under a rule: the town's,
// or a unit's own when a unit's account asks (Unit is then its key).
func (a *App) PeriodSummary(ctx context.Context, actor dajia.Actor, v store.PlanVersion, rule int, periodID string) (dajia.PeriodSummary, error) {
	p := v.Plan
	if rule < 0 || rule >= len(p.Reporting) {
		return dajia.PeriodSummary{}, dajia.Errorf(dajia.NotFound, "rule", "报送规则不存在")
	}
	noReports := dajia.Errorf(dajia.NotFound, "period", "报送期 %s 没有报表", periodID)
	f := store.ReportFilter{PlanID: v.PlanID, Rule: rule, PeriodID: periodID, WithText: true}
	if !scopeReports(actor, &f) {
		return dajia.PeriodSummary{}, noReports
	}
	reps, err := a.db.Reports(ctx, f)
	if err != nil {
		return dajia.PeriodSummary{}, err
	}
	if len(reps) == 0 {
		return dajia.PeriodSummary{}, noReports
	}
	vals, err := a.db.PeriodValues(ctx, v.PlanID, rule, periodID, f.Unit)
	if err != nil {
		return dajia.PeriodSummary{}, err
	}
	ps := p.SummarizePeriod(rule, reps, vals, dajia.Today(a.clock))
	ps.PlanID, ps.Unit = v.PlanID, f.Unit
	return ps, nil
}

// ReportDetails is what a report's page shows beside the report.
type ReportDetails struct {
	Events       []dajia.ReportEvent
	Files        []store.Attachment
	Outliers     []dajia.Outlier         // of a draft the actor may change
	Counted      map[string]dajia.Amount // what dajia counted for the unit in the period, by indicator (dajia.Counted)
	WorkdaysLeft int                     // working days until the due date, when the calendar knows them
	Clock        dajia.Countdown         // the due date's working days left or overdue
}

// ReportDetails gathers a report's history, attachments, the outliers of
// a draft the actor may change, what dajia counted for it and the working
// days left.
func (a *App) ReportDetails(ctx context.Context, actor dajia.Actor, rep dajia.Report, p *dajia.Plan) (ReportDetails, error) {
	var d ReportDetails
	var err error
	if d.Events, err = a.db.ReportEvents(ctx, rep.ID); err != nil {
		return d, err
	}
	if d.Files, err = a.db.Attachments(ctx, rep.ID); err != nil {
		return d, err
	}
	rule := rep.RuleIn(p)
	if rep.Status == dajia.ReportDraft && actor.MayEdit(rep.Unit, rep.Status) {
		earlier, err := a.db.UnitHistory(ctx, rep.PlanID, rep.RuleIndex, rep.Unit, rep.Period.Start)
		if err != nil {
			return d, err
		}
		_, d.Outliers = rep.Check(rule, earlier)
	}
	if d.Counted, err = a.counted(ctx, rep, rule); err != nil {
		return d, err
	}
	if n, err := a.cal.WorkdaysBetween(dajia.Today(a.clock), rep.Due); err == nil {
		d.WorkdaysLeft = n
	}
	d.Clock = a.Countdown(rep.Due)
	return d, nil
}

// CheckReport checks figures typed into a report's form without saving
// them, some of which could not be read (unreadable, their errors): every
// problem at once, so that the officer fixes them in one go.
func (a *App) CheckReport(ctx context.Context, actor dajia.Actor, rep dajia.Report, p *dajia.Plan, c dajia.ReportContent, unreadable []dajia.FieldError) ([]dajia.FieldError, error) {
	earlier, err := a.db.UnitHistory(ctx, rep.PlanID, rep.RuleIndex, rep.Unit, rep.Period.Start)
	if err != nil {
		return nil, err
	}
	rep.Values, rep.Zero = c.Values, c.Zero
	errs, _ := rep.CheckWith(rep.RuleIn(p), earlier, unreadable)
	return errs, nil
}

// counted is what dajia counts for a report from the unit's recorded work
// in the period: the tips it handles that were received (受理投诉举报), the
// cases it leads (dajia.CaseFigures) and its field work (dajia.FieldFigures:
// inspections, samplings, publicity, surveys, joint actions), for the
// indicators the rule has; each source is read only when the rule asks for
// one of its figures.
func (a *App) counted(ctx context.Context, rep dajia.Report, rule dajia.ReportingRule) (map[string]dajia.Amount, error) {
	inds := rule.IndicatorsOf()
	wants := dajia.Counted(inds, 0, dajia.CaseFigures{}, dajia.FieldFigures{})
	if len(wants) == 0 {
		return wants, nil
	}
	var tips int
	var cases dajia.CaseFigures
	var field dajia.FieldFigures
	var err error
	want := func(keys ...string) bool {
		for _, k := range keys {
			if _, ok := wants[k]; ok {
				return true
			}
		}
		return false
	}
	if want("tips_received") {
		if tips, err = a.db.TipsReceived(ctx, rep.Unit, rep.Period.Start, rep.Period.End); err != nil {
			return nil, err
		}
	}
	if want("cases_opened", "cases_closed", "case_value", "fines", "police_cases") {
		if cases, err = a.db.CaseFigures(ctx, rep.Unit, rep.Period.Start, rep.Period.End); err != nil {
			return nil, err
		}
	}
	if want(dajia.FieldIndicators...) {
		if field, err = a.db.FieldFigures(ctx, rep.Unit, rep.Period.Start, rep.Period.End); err != nil {
			return nil, err
		}
	}
	return dajia.Counted(inds, tips, cases, field), nil
}

// Today is the date in China on the use cases' clock.
func (a *App) Today() dajia.Date { return dajia.Today(a.clock) }

// RecordExport writes the audit record of an export of reports: who took
// which figures out of dajia.
func (a *App) RecordExport(ctx context.Context, actor dajia.Actor, object string) error {
	return a.db.Audit(ctx, actor, store.AuditEntry{Action: "report.export", Object: object})
}

// Contacts is where a plan's reminders go, by unit.
func (a *App) Contacts(ctx context.Context, planID string) (map[string]store.Contact, error) {
	return a.db.Contacts(ctx, planID)
}

// SetContact stores where one unit of a plan gets its reminders; the unit
// may be named by key, name or alias.
func (a *App) SetContact(ctx context.Context, actor dajia.Actor, v store.PlanVersion, c store.Contact) error {
	ref, ok := v.Plan.Lookup(c.Unit)
	if !ok {
		return dajia.Errorf(dajia.Invalid, "unit", "方案中没有单位 %q", c.Unit)
	}
	c.Unit = ref.Unit.Key
	return a.db.SetContact(ctx, actor, v.PlanID, c)
}

// Notifications is the latest in-app reminders of the actor's unit (the
// office's for the office).
func (a *App) Notifications(ctx context.Context, actor dajia.Actor, limit int) ([]store.Notification, error) {
	unit := actor.Unit
	if actor.Role == dajia.RoleOffice {
		unit = dajia.OfficeKey
	}
	if unit == "" {
		return nil, nil
	}
	return a.db.Notifications(ctx, unit, limit)
}
