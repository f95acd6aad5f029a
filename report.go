package dajia

import (
	"maps"
	"strings"
	"time"
)

// ReportStatus is where a report stands in its workflow.
type ReportStatus string

const (
	ReportDraft     ReportStatus = "draft"     // being filled by the unit
	ReportSubmitted ReportStatus = "submitted" // sent by the information officer
	ReportApproved  ReportStatus = "approved"  // approved by the department head
	ReportAccepted  ReportStatus = "accepted"  // accepted by the office; locked
)

// Name is the status's name.
func (s ReportStatus) Name() Text {
	return map[ReportStatus]Text{ReportDraft: "填报中", ReportSubmitted: "待审核", ReportApproved: "待签收", ReportAccepted: "已签收"}[s]
}

// ReportAction is a step of the workflow.
type ReportAction string

const (
	ActSubmit  ReportAction = "submit"
	ActApprove ReportAction = "approve"
	ActAccept  ReportAction = "accept"
	ActReturn  ReportAction = "return"
	ActReopen  ReportAction = "reopen"
)

// ReportActions are the workflow steps, in the order a report takes them.
var ReportActions = []ReportAction{ActSubmit, ActApprove, ActAccept, ActReturn, ActReopen}

// Next says where an action leads from a status, or an error saying why it
// cannot be taken now.
func (s ReportStatus) Next(a ReportAction) (ReportStatus, error) {
	switch {
	case a == ActSubmit && s == ReportDraft:
		return ReportSubmitted, nil
	case a == ActApprove && s == ReportSubmitted:
		return ReportApproved, nil
	case a == ActAccept && s == ReportApproved:
		return ReportAccepted, nil
	case a == ActReturn && (s == ReportSubmitted || s == ReportApproved):
		return ReportDraft, nil
	case a == ActReopen && s == ReportAccepted:
		return ReportDraft, nil
	}
	return s, Errorf(Conflict, "status", "报表当前状态为“%s”，不能执行该操作", s.Name())
}

// MayAct says whether an actor may take an action on a unit's report: the
// unit's officer (or village supervisor) fills and submits, its head
// approves or returns, the office accepts, returns and reopens.
func (a Actor) MayAct(act ReportAction, unit string, status ReportStatus) bool {
	own := a.SignedIn() && a.Unit == unit
	switch act {
	case ActSubmit:
		return own && (a.Role == RoleOfficer || a.Role == RoleSupervisor)
	case ActApprove:
		return own && a.Role == RoleHead
	case ActAccept, ActReopen:
		return a.Role == RoleOffice
	case ActReturn:
		if status == ReportSubmitted {
			return own && a.Role == RoleHead || a.Role == RoleOffice
		}
		return a.Role == RoleOffice
	}
	return false
}

// MayEdit says whether an actor may change a report's content.
func (a Actor) MayEdit(unit string, status ReportStatus) bool {
	return status == ReportDraft && a.MayAct(ActSubmit, unit, status)
}

// Report is the report (信息报送) a unit owes under a reporting rule for a
// period, with its content and where it stands in the workflow. Its methods
// are the workflow's rules: who may save or take which step, when.
type Report struct {
	ID               int64
	PlanID           string
	PlanVersionID    int64
	RuleIndex        int
	RuleName         string
	Unit             string
	Period           Period
	PeriodID         string
	Due              Date
	Status           ReportStatus
	Zero             bool // an explicit zero report (零申报)
	KeyCases         string
	Practices        string
	FirstSubmittedAt time.Time
	SubmittedAt      time.Time
	ApprovedAt       time.Time
	AcceptedAt       time.Time
	ReturnedReason   string
	UpdatedAt        time.Time
	Revision         int
	Values           map[string]Amount // loaded with one report, not with lists
}

// ReportEvent is a step in a report's history.
type ReportEvent struct {
	At     time.Time
	Actor  string
	Action string
	Reason string
}

// Timeliness judges the report on day today.
func (r Report) Timeliness(today Date) Timeliness {
	return TimelinessOf(r.Due, r.FirstSubmittedAt, r.Zero, today)
}

// Sent says whether the report was ever sent, even if returned since.
func (r Report) Sent() bool { return !r.FirstSubmittedAt.IsZero() }

// RuleIn is the reporting rule of the report in the plan it belongs to; a
// rule the plan no longer has is rebuilt from what the report remembers.
func (r Report) RuleIn(p *Plan) ReportingRule {
	if r.RuleIndex >= 0 && r.RuleIndex < len(p.Reporting) {
		return p.Reporting[r.RuleIndex]
	}
	return ReportingRule{Name: r.RuleName, Period: r.Period.Kind}
}

func reportNotFound() error {
	return Errorf(NotFound, "report", "没有这份报表")
}

// ReadableBy refuses a report of another unit as not found, so that ids
// cannot be probed.
func (r Report) ReadableBy(a Actor) error {
	if !a.SeesUnit(r.Unit) {
		return reportNotFound()
	}
	return nil
}

// ReportContent is what a unit fills in.
type ReportContent struct {
	Values    map[string]Amount
	Zero      bool
	KeyCases  string
	Practices string
}

// MaxReportText bounds the free text of a report; MaxReasonText the reason
// for returning or reopening it.
const (
	MaxReportText = 20000
	MaxReasonText = 1000
)

// Save replaces a draft's content. Only the unit's information officer
// saves, only a draft, and only over the revision they read (revision < 0
// skips that check): a stale revision means someone else saved meanwhile.
func (r *Report) Save(a Actor, revision int, c ReportContent, now time.Time) error {
	if len([]rune(c.KeyCases)) > MaxReportText || len([]rune(c.Practices)) > MaxReportText {
		return Errorf(Invalid, "key_cases", "文字内容过长（最多 %d 字）", MaxReportText)
	}
	if err := r.ReadableBy(a); err != nil {
		return err
	}
	if !a.MayAct(ActSubmit, r.Unit, ReportDraft) {
		return Errorf(Forbidden, "", "只有本单位信息员可以修改填报中的报表")
	}
	if r.Status != ReportDraft {
		return Errorf(Conflict, "status", "报表已报送（%s），不能再修改", r.Status.Name())
	}
	if revision >= 0 && revision != r.Revision {
		return Errorf(Conflict, "revision", "报表已被他人修改，请刷新后重新填写")
	}
	r.Values = maps.Clone(c.Values)
	if r.Values == nil {
		r.Values = map[string]Amount{}
	}
	r.Zero, r.KeyCases, r.Practices = c.Zero, c.KeyCases, c.Practices
	r.UpdatedAt = now
	r.Revision++
	return nil
}

// MayAttach refuses a file to anyone but the unit's officer, and to a
// report that is no longer a draft.
func (r Report) MayAttach(a Actor) error {
	if err := r.ReadableBy(a); err != nil {
		return err
	}
	if !a.MayEdit(r.Unit, r.Status) {
		return Errorf(Forbidden, "", "只有本单位信息员可以修改填报中的报表")
	}
	return nil
}

// Take takes a workflow step: the actor must be allowed it, the status must
// allow it, a return or reopening needs its reason, and a submission must
// pass the figure checks (earlier are the figures of the unit's earlier
// sent reports under the rule, oldest first).
func (r *Report) Take(a Actor, act ReportAction, reason string, now time.Time, rule ReportingRule, earlier []map[string]Amount) error {
	if err := r.ReadableBy(a); err != nil {
		return err
	}
	if !a.MayAct(act, r.Unit, r.Status) {
		return Errorf(Forbidden, "", "您的角色不能对这份报表执行该操作")
	}
	next, err := r.Status.Next(act)
	if err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	if (act == ActReturn || act == ActReopen) && reason == "" {
		return Errorf(Invalid, "reason", "退回或重新打开须写明原因")
	}
	if len([]rune(reason)) > MaxReasonText {
		return Errorf(Invalid, "reason", "原因最多 %d 字", MaxReasonText)
	}
	if act == ActSubmit {
		if errs, _ := r.Check(rule, earlier); len(errs) > 0 {
			return FieldErrors(errs)
		}
	}
	switch act {
	case ActSubmit:
		r.SubmittedAt, r.ReturnedReason = now, ""
		if r.FirstSubmittedAt.IsZero() {
			r.FirstSubmittedAt = now
		}
	case ActApprove:
		r.ApprovedAt = now
	case ActAccept:
		r.AcceptedAt = now
	case ActReturn, ActReopen:
		r.ReturnedReason = reason
	}
	r.Status, r.UpdatedAt = next, now
	r.Revision++
	return nil
}

// Submit sends a draft: the unit's officer, after the figure checks.
func (r *Report) Submit(a Actor, now time.Time, rule ReportingRule, earlier []map[string]Amount) error {
	return r.Take(a, ActSubmit, "", now, rule, earlier)
}

// Approve is the unit head's approval of a submitted report.
func (r *Report) Approve(a Actor, now time.Time) error {
	return r.Take(a, ActApprove, "", now, ReportingRule{}, nil)
}

// Accept is the office's receipt (签收) of an approved report; it locks it.
func (r *Report) Accept(a Actor, now time.Time) error {
	return r.Take(a, ActAccept, "", now, ReportingRule{}, nil)
}

// Return sends a report back to its unit as a draft, with the reason.
func (r *Report) Return(a Actor, reason string, now time.Time) error {
	return r.Take(a, ActReturn, reason, now, ReportingRule{}, nil)
}

// Reopen makes an accepted report a draft again, with the reason.
func (r *Report) Reopen(a Actor, reason string, now time.Time) error {
	return r.Take(a, ActReopen, reason, now, ReportingRule{}, nil)
}

// OpenBefore is how many cases the unit still had open when the period
// began: opened minus closed over its earlier sent reports, never below 0.
func OpenBefore(earlier []map[string]Amount) Amount {
	var open Amount
	for _, h := range earlier {
		open += h["cases_opened"] - h["cases_closed"]
	}
	return max(open, 0)
}

// Check runs the figure checks of a report about to be sent: the rule's
// indicators and validation rules (cases closed against cases opened plus
// those still open from earlier reports), and the zero report: a zero
// report has only zeros, and a report with only zeros must say it is a
// zero report. The outliers against the unit's history never block.
func (r Report) Check(rule ReportingRule, earlier []map[string]Amount) ([]FieldError, []Outlier) {
	return r.CheckWith(rule, earlier, nil)
}

// CheckWith is Check for a form some of whose figures could not be read
// (unreadable: their errors, one per field): it returns every problem at
// once, the unreadable figures' own errors first, then the checks of the
// rest. A rule that uses an unreadable figure waits until it can be read.
func (r Report) CheckWith(rule ReportingRule, earlier []map[string]Amount, unreadable []FieldError) ([]FieldError, []Outlier) {
	inds := rule.IndicatorsOf()
	skip := map[string]bool{}
	for _, e := range unreadable {
		skip[e.Field] = true
	}
	errs := append([]FieldError(nil), unreadable...)
	errs = append(errs, validate(inds, r.Values, map[string]Amount{"open_before": OpenBefore(earlier)}, DefaultValidationRules(), skip)...)
	if r.Zero {
		for _, ind := range inds {
			if r.Values[ind.Key] != 0 && !skip[ind.Key] {
				errs = append(errs, FieldErrorf(ind.Key, "zero", "零申报的各项数值应为 0：%s", ind.Name))
			}
		}
	} else if allZero(r.Values) && len(unreadable) == 0 {
		errs = append(errs, FieldError{Field: "zero", Rule: "empty", Message: "各项数值都为 0：如本期确无数据，请勾选“零申报”"})
	}
	return errs, Outliers(inds, r.Values, earlier)
}

func allZero(v map[string]Amount) bool {
	for _, a := range v {
		if a != 0 {
			return false
		}
	}
	return true
}

// TodoWindow is how many days before its due date an unsent report comes
// onto its unit's to-do list (once its period has begun).
const TodoWindow = 31

// Things to do with a report, as the to-do list names them.
const (
	TodoFill    = "填报并报送"
	TodoRefill  = "修改后重新报送"
	TodoApprove = "审核"
	TodoAccept  = "签收"
	TodoChase   = "催报（逾期未报）"
)

// ReportTodo is what an actor has to do with a report.
type ReportTodo struct {
	What    string
	Reason  Phrase // why it came back, for a returned report
	Overdue bool   // late by the unit; a report waiting on its approver is not
}

// TodoFor says what the actor has to do with the report on day today, if
// anything: fill a draft whose period has begun and that is due within
// TodoWindow days (or was returned), approve, accept, or, for the office,
// chase a report past its due date that was never sent.
func (r Report) TodoFor(a Actor, today Date) (ReportTodo, bool) {
	late := today.After(r.Due)
	switch {
	case r.Status == ReportDraft && a.MayAct(ActSubmit, r.Unit, r.Status) && r.ReturnedReason != "":
		return ReportTodo{What: TodoRefill, Reason: Phrasef("退回原因：%s", r.ReturnedReason)}, true
	case r.Status == ReportDraft && a.MayAct(ActSubmit, r.Unit, r.Status) && !r.Sent() && !today.Before(r.Period.Start) && today.DaysUntil(r.Due) <= TodoWindow:
		return ReportTodo{What: TodoFill, Overdue: late}, true
	case r.Status == ReportSubmitted && a.MayAct(ActApprove, r.Unit, r.Status):
		return ReportTodo{What: TodoApprove}, true
	case r.Status == ReportApproved && a.MayAct(ActAccept, r.Unit, r.Status):
		return ReportTodo{What: TodoAccept}, true
	case a.Role == RoleOffice && r.Status == ReportDraft && !r.Sent() && late:
		return ReportTodo{What: TodoChase, Overdue: true}, true
	}
	return ReportTodo{}, false
}

// ReportTodoQuery selects the reports that can be on an actor's to-do
// list, so that the store filters them in SQL; TodoFor then decides each.
type ReportTodoQuery struct {
	Unit        string // the actor's own unit, for Fill and Approve
	Fill        bool   // the unit's drafts: returned, or unsent with the period begun and due by FillDueBy
	FillDueBy   Date
	Today       Date
	Approve     bool // the unit's submitted reports
	Accept      bool // approved reports of every unit
	ChaseBefore Date // unsent drafts of every unit due before this day; zero: none
}

// ReportTodoQuery is the actor's to-do selection on day today.
func (a Actor) ReportTodoQuery(today Date) ReportTodoQuery {
	q := ReportTodoQuery{Today: today, FillDueBy: today.AddDays(TodoWindow)}
	if a.SignedIn() && a.Unit != "" {
		q.Unit = a.Unit
		q.Fill = a.Role == RoleOfficer || a.Role == RoleSupervisor
		q.Approve = a.Role == RoleHead
	}
	if a.Role == RoleOffice {
		q.Accept, q.ChaseBefore = true, today
	}
	return q
}

// Empty says the query can select nothing.
func (q ReportTodoQuery) Empty() bool {
	return !q.Fill && !q.Approve && !q.Accept && q.ChaseBefore.IsZero()
}

// Reminder kinds: ahead of the due date, and after it.
const (
	ReminderBefore  = "before"
	ReminderOverdue = "overdue"
)

// ReminderOverdueDays is how long after its due date a report never sent is
// still reminded; older gaps are for the office's 通报, not a flood of
// reminders.
const ReminderOverdueDays = 7

// ReminderDueRange is the due dates of the reports that can need a reminder
// on day today, daysBefore days ahead at most.
func ReminderDueRange(today Date, daysBefore int) (from, to Date) {
	return today.AddDays(-ReminderOverdueDays), today.AddDays(daysBefore)
}

// ReminderOn says which reminder a report needs on day today: "before"
// from daysBefore days ahead of its due date to the due date, "overdue" in
// the week after it (a server that was down on the day after still sends
// it). A report ever sent, even if returned since, is not missing and
// needs none.
func (r Report) ReminderOn(today Date, daysBefore int) (string, bool) {
	if r.Status != ReportDraft || r.Sent() {
		return "", false
	}
	switch {
	case today.After(r.Due.AddDays(ReminderOverdueDays)):
		return "", false
	case today.After(r.Due):
		return ReminderOverdue, true
	case !today.Before(r.Due.AddDays(-daysBefore)):
		return ReminderBefore, true
	}
	return "", false
}
