package dajia

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Bounds of a rectification notice (整改通知).
const (
	MaxRectTitle   = 100
	MaxRectReason  = 2000
	MaxRectItems   = 20
	MaxRectItem    = 500
	MaxRectAnswer  = 2000
	MaxRectComment = 1000
	// MaxRectDays is how far after its issue a deadline may fall.
	MaxRectDays = 366
)

// RectPrefix starts the number of every notice the office issues; the
// number is the office's own series: 打假整改〔year〕seq号, the year of the
// day of issue and seq counting from 1 each year, given at issue (a draft
// has none).
const RectPrefix = "打假整改"

// RectNumber is the document number of the seq-th notice issued in year.
func RectNumber(year, seq int) string { return fmt.Sprintf("%s〔%d〕%d号", RectPrefix, year, seq) }

// RectStatus is where a rectification notice stands.
type RectStatus string

const (
	RectDraft    RectStatus = "draft"    // written by the office, not yet sent
	RectIssued   RectStatus = "issued"   // sent to the unit, waiting for its answers
	RectAnswered RectStatus = "answered" // the unit answered every item; the office verifies
	RectClosed   RectStatus = "closed"   // verified and closed by the office
)

var rectStatusNames = map[RectStatus]Text{RectDraft: "草稿", RectIssued: "待整改", RectAnswered: "待核查", RectClosed: "已销号"}

// Name is the status as staff read it.
func (s RectStatus) Name() Text { return nameIn(rectStatusNames, s) }

// RectStatuses lists the statuses in the order lists offer them.
func RectStatuses() []RectStatus {
	return []RectStatus{RectDraft, RectIssued, RectAnswered, RectClosed}
}

// RectAnswer is the unit's answer to one item in one round: what was done.
type RectAnswer struct {
	Round int
	Text  string
	By    string // who answered, by name
}

// RectItem is one requirement of a notice with the unit's answers, one
// per round, the latest last.
type RectItem struct {
	No      int
	Text    string
	Answers []RectAnswer
}

// Answer is the item's answer of round; false when it has none.
func (it RectItem) Answer(round int) (RectAnswer, bool) {
	for _, a := range it.Answers {
		if a.Round == round {
			return a, true
		}
	}
	return RectAnswer{}, false
}

// Rectification is a rectification notice (整改要求) the office sends to
// one unit of the plan in the phase of checking and summing up (检查总结):
// the items the unit must put right by the deadline. The unit answers item
// by item; the office verifies and closes it, or sends it back with a
// reason, and the unit answers again in a new round.
type Rectification struct {
	ID         int64
	PlanID     string
	Unit       string
	Year, Seq  int    // the number's year and place in it; 0 for a draft
	Number     string // RectNumber(Year, Seq) once issued
	Title      string
	Reason     string // the basis: what the unit did poorly
	CampaignNo int    // the campaign it concerns; 0 none
	Items      []RectItem
	Deadline   Date
	IssuedOn   Date
	Status     RectStatus
	Round      int    // the answering round: 1 at issue, one more at each return
	Returned   string // the office's reason of the latest return
	ClosedOn   Date
}

// RectStep is one change of a notice, as its timeline records it.
type RectStep struct {
	Action string // create, issue, answer, close, return
	Note   string
}

// Overdue reports whether the notice is past its deadline on day today
// and not closed; a draft has no deadline running.
func (r Rectification) Overdue(today Date) bool {
	return (r.Status == RectIssued || r.Status == RectAnswered) && today.After(r.Deadline)
}

// VisibleTo reports whether the actor may read the notice: the office and
// leaders every issued one (the office its drafts too), the unit's officer
// and head their unit's issued ones. Supervisors read none.
func (r Rectification) VisibleTo(a Actor) bool {
	switch {
	case a.Role == RoleOffice:
		return true
	case r.Status == RectDraft:
		return false
	case a.Role == RoleLeader:
		return true
	}
	return (a.Role == RoleOfficer || a.Role == RoleHead) && a.Unit != "" && a.Unit == r.Unit
}

// ReadsRectifications reports whether the actor reads notices at all.
func ReadsRectifications(a Actor) bool {
	switch a.Role {
	case RoleOffice, RoleLeader:
		return true
	case RoleOfficer, RoleHead:
		return a.Unit != ""
	}
	return false
}

// RectSteps are what the actor may do to the notice now.
func (r Rectification) Steps(a Actor) map[string]bool {
	office := a.Role == RoleOffice
	unit := (a.Role == RoleOfficer || a.Role == RoleHead) && a.Unit == r.Unit
	return map[string]bool{
		"issue":  office && r.Status == RectDraft,
		"answer": unit && r.Status == RectIssued,
		"close":  office && r.Status == RectAnswered,
		"return": office && r.Status == RectAnswered,
	}
}

func rectRefused(zh string, args ...any) error { return Errorf(Forbidden, "", zh, args...) }

func rectConflict(s RectStatus) error {
	return Errorf(Conflict, "status", "整改通知当前为“%s”，不能这样办理", s.Name())
}

// Check trims the notice and returns every problem at once under the plan
// p: the unit is resolved to its key, the items numbered from 1, empty
// items dropped.
func (r *Rectification) Check(p *Plan) []FieldError {
	var errs []FieldError
	bad := func(field, zh string, args ...any) { errs = append(errs, FieldErrorf(field, "invalid", zh, args...)) }
	r.Title, r.Reason = strings.TrimSpace(r.Title), strings.TrimSpace(r.Reason)
	switch n := utf8.RuneCountInString(r.Title); {
	case n == 0:
		bad("title", "请填写整改通知标题")
	case n > MaxRectTitle:
		bad("title", "标题最多 %d 个字", MaxRectTitle)
	}
	switch n := utf8.RuneCountInString(r.Reason); {
	case n == 0:
		bad("reason", "请填写整改依据")
	case n > MaxRectReason:
		bad("reason", "整改依据最多 %d 字", MaxRectReason)
	}
	if ref := strings.TrimSpace(r.Unit); ref == "" {
		bad("unit", "请选择整改单位")
	} else if u, ok := p.Lookup(ref); !ok || u.Unit.Key == OfficeKey {
		bad("unit", "方案中没有单位 %q", ref)
	} else {
		r.Unit = u.Unit.Key
	}
	if r.CampaignNo != 0 {
		if _, ok := p.CampaignByNo(r.CampaignNo); !ok {
			bad("campaign", "方案中没有第 %d 项专项行动", r.CampaignNo)
		}
	}
	var items []RectItem
	for _, it := range r.Items {
		it.Text = strings.TrimSpace(it.Text)
		if it.Text == "" {
			continue
		}
		if utf8.RuneCountInString(it.Text) > MaxRectItem {
			bad("items", "第 %d 项整改要求最多 %d 字", len(items)+1, MaxRectItem)
		}
		it.No = len(items) + 1
		items = append(items, it)
	}
	r.Items = items
	switch {
	case len(items) == 0:
		bad("items", "请至少填写一项整改要求")
	case len(items) > MaxRectItems:
		bad("items", "整改要求最多 %d 项", MaxRectItems)
	}
	if r.Deadline.IsZero() {
		bad("deadline", "请填写整改期限")
	}
	return errs
}

// checkDeadline checks the deadline against the day of issue.
func (r Rectification) checkDeadline(issued Date) []FieldError {
	switch {
	case r.Deadline.IsZero():
		return []FieldError{FieldErrorf("deadline", "invalid", "请填写整改期限")}
	case !r.Deadline.After(issued):
		return []FieldError{FieldErrorf("deadline", "invalid", "整改期限应晚于签发日期 %s", issued.String())}
	case issued.DaysUntil(r.Deadline) > MaxRectDays:
		return []FieldError{FieldErrorf("deadline", "invalid", "整改期限最长为签发后 %d 天", MaxRectDays)}
	}
	return nil
}

// CheckNew checks a notice the office writes on day today: its fields,
// and a deadline after today (the earliest day it may be issued).
func (r *Rectification) CheckNew(a Actor, p *Plan, today Date) error {
	if a.Role != RoleOffice {
		return rectRefused("只有打假办可以下发整改通知")
	}
	errs := r.Check(p)
	if !r.Deadline.IsZero() {
		errs = append(errs, r.checkDeadline(today)...)
	}
	if len(errs) > 0 {
		return FieldErrors(errs)
	}
	r.Status = RectDraft
	return nil
}

// Issue sends the draft to its unit on day today as the seq-th notice of
// the year: by the office, with a deadline after today.
func (r *Rectification) Issue(a Actor, today Date, seq int) (RectStep, error) {
	if a.Role != RoleOffice {
		return RectStep{}, rectRefused("只有打假办可以下发整改通知")
	}
	if r.Status != RectDraft {
		return RectStep{}, rectConflict(r.Status)
	}
	if errs := r.checkDeadline(today); len(errs) > 0 {
		return RectStep{}, FieldErrors(errs)
	}
	r.Status, r.IssuedOn, r.Round = RectIssued, today, 1
	r.Year, r.Seq, r.Number = today.Year, seq, RectNumber(today.Year, seq)
	return RectStep{Action: "issue", Note: r.Number}, nil
}

// Answer records the unit's answers, one for every item, keyed by the
// item's number: by its officer or head, while the notice waits for them.
func (r *Rectification) Answer(a Actor, answers map[int]string) (RectStep, error) {
	if (a.Role != RoleOfficer && a.Role != RoleHead) || a.Unit != r.Unit {
		return RectStep{}, rectRefused("只有整改单位可以回复整改情况")
	}
	if r.Status != RectIssued {
		return RectStep{}, rectConflict(r.Status)
	}
	var errs []FieldError
	for no := range answers {
		if no < 1 || no > len(r.Items) {
			errs = append(errs, FieldErrorf("answers", "invalid", "没有第 %d 项整改要求", no))
		}
	}
	for i := range r.Items {
		it := &r.Items[i]
		text := strings.TrimSpace(answers[it.No])
		field := fmt.Sprintf("answer_%d", it.No)
		switch n := utf8.RuneCountInString(text); {
		case n == 0:
			errs = append(errs, FieldErrorf(field, "invalid", "请填写第 %d 项的整改情况", it.No))
		case n > MaxRectAnswer:
			errs = append(errs, FieldErrorf(field, "invalid", "第 %d 项的整改情况最多 %d 字", it.No, MaxRectAnswer))
		}
	}
	if len(errs) > 0 {
		return RectStep{}, FieldErrors(errs)
	}
	for i := range r.Items {
		it := &r.Items[i]
		it.Answers = append(it.Answers, RectAnswer{Round: r.Round, Text: strings.TrimSpace(answers[it.No]), By: a.Name})
	}
	r.Status = RectAnswered
	return RectStep{Action: "answer", Note: fmt.Sprint(r.Round)}, nil
}

// Close verifies the unit's answers and closes the notice (销号) on day
// today: by the office, once answered.
func (r *Rectification) Close(a Actor, today Date, comment string) (RectStep, error) {
	if a.Role != RoleOffice {
		return RectStep{}, rectRefused("只有打假办可以核查销号")
	}
	if r.Status != RectAnswered {
		return RectStep{}, rectConflict(r.Status)
	}
	comment = strings.TrimSpace(comment)
	if utf8.RuneCountInString(comment) > MaxRectComment {
		return RectStep{}, FieldErrors{FieldErrorf("comment", "invalid", "核查意见最多 %d 字", MaxRectComment)}
	}
	r.Status, r.ClosedOn = RectClosed, today
	return RectStep{Action: "close", Note: comment}, nil
}

// Return sends the answered notice back to the unit with the reason: by
// the office; the unit answers again in the next round.
func (r *Rectification) Return(a Actor, reason string) (RectStep, error) {
	if a.Role != RoleOffice {
		return RectStep{}, rectRefused("只有打假办可以退回整改")
	}
	if r.Status != RectAnswered {
		return RectStep{}, rectConflict(r.Status)
	}
	reason = strings.TrimSpace(reason)
	switch n := utf8.RuneCountInString(reason); {
	case n == 0:
		return RectStep{}, FieldErrors{FieldErrorf("reason", "invalid", "请填写退回理由")}
	case n > MaxRectComment:
		return RectStep{}, FieldErrors{FieldErrorf("reason", "invalid", "退回理由最多 %d 字", MaxRectComment)}
	}
	r.Status, r.Returned = RectIssued, reason
	r.Round++
	return RectStep{Action: "return", Note: reason}, nil
}
