package app

import (
	"context"
	"fmt"
	"slices"

	"dajia"
	"dajia/store"
)

// RectInput is what the office types in to write a rectification notice
// (整改通知). Issue sends it at once; otherwise it stays a draft.
type RectInput struct {
	PlanID     string   `json:"plan"`
	Unit       string   `json:"unit"`
	Title      string   `json:"title"`
	Reason     string   `json:"reason"`
	CampaignNo int      `json:"campaign"`
	Items      []string `json:"items"`
	Deadline   string   `json:"deadline"`
	Issue      bool     `json:"issue"`
}

// maxRectList bounds the items of an input before any check.
const maxRectList = 100

func rectNotFound() error {
	return dajia.Errorf(dajia.NotFound, "rectification", "没有这份整改通知")
}

// CreateRectification writes a notice to one unit of the plan (the office
// only), every field's problem at once; issued at once when asked.
func (a *App) CreateRectification(ctx context.Context, actor dajia.Actor, in RectInput) (store.RectRecord, error) {
	if actor.Role != dajia.RoleOffice {
		return store.RectRecord{}, dajia.Errorf(dajia.Forbidden, "", "只有打假办可以下发整改通知")
	}
	if len(in.Items) > maxRectList {
		return store.RectRecord{}, dajia.FieldErrors{dajia.FieldErrorf("items", "invalid", "整改要求最多 %d 项", dajia.MaxRectItems)}
	}
	v, err := a.db.Plan(ctx, in.PlanID)
	if err != nil {
		return store.RectRecord{}, err
	}
	r := dajia.Rectification{PlanID: v.PlanID, Unit: in.Unit, Title: in.Title, Reason: in.Reason, CampaignNo: in.CampaignNo}
	for _, s := range in.Items {
		r.Items = append(r.Items, dajia.RectItem{Text: s})
	}
	var errs dajia.FieldErrors
	if r.Deadline, err = formDate("deadline", in.Deadline, dajia.Date{}); err != nil {
		errs = append(errs, dajia.FieldErrorf("deadline", "invalid", "日期应为 YYYY-MM-DD"))
	}
	if err := r.CheckNew(actor, v.Plan, dajia.Today(a.clock)); err != nil {
		fe, ok := err.(dajia.FieldErrors)
		if !ok {
			return store.RectRecord{}, err
		}
		badDate := len(errs) > 0
		for _, e := range fe {
			if e.Field != "deadline" || !badDate {
				errs = append(errs, e)
			}
		}
	}
	if len(errs) > 0 {
		return store.RectRecord{}, errs
	}
	rec, err := a.db.CreateRectification(ctx, actor, r)
	if err != nil || !in.Issue {
		return rec, err
	}
	return a.IssueRectification(ctx, actor, rec.ID)
}

// Rectification returns a notice the actor may read, with its timeline:
// another unit's, or a draft for any but the office, is not found.
func (a *App) Rectification(ctx context.Context, actor dajia.Actor, id int64) (store.RectRecord, error) {
	r, err := a.db.Rectification(ctx, id)
	if err != nil {
		return r, err
	}
	if !r.VisibleTo(actor) {
		return store.RectRecord{}, rectNotFound()
	}
	return r, nil
}

// step changes a notice the actor may read by the domain's rule.
func (a *App) rectStep(ctx context.Context, actor dajia.Actor, id int64, step func(r *dajia.Rectification, today dajia.Date, seq int) (dajia.RectStep, error)) (store.RectRecord, error) {
	today := dajia.Today(a.clock)
	return a.db.StepRectification(ctx, actor, id, today.Year, func(r *dajia.Rectification, seq int) (dajia.RectStep, error) {
		if !r.VisibleTo(actor) {
			return dajia.RectStep{}, rectNotFound()
		}
		return step(r, today, seq)
	})
}

// IssueRectification sends a draft to its unit, numbered in the office's
// series of the year.
func (a *App) IssueRectification(ctx context.Context, actor dajia.Actor, id int64) (store.RectRecord, error) {
	return a.rectStep(ctx, actor, id, func(r *dajia.Rectification, today dajia.Date, seq int) (dajia.RectStep, error) {
		return r.Issue(actor, today, seq)
	})
}

// AnswerRectification records the unit's answers, one per item by its
// number.
func (a *App) AnswerRectification(ctx context.Context, actor dajia.Actor, id int64, answers map[int]string) (store.RectRecord, error) {
	if len(answers) > maxRectList {
		return store.RectRecord{}, dajia.FieldErrors{dajia.FieldErrorf("answers", "invalid", "整改要求最多 %d 项", dajia.MaxRectItems)}
	}
	return a.rectStep(ctx, actor, id, func(r *dajia.Rectification, _ dajia.Date, _ int) (dajia.RectStep, error) {
		return r.Answer(actor, answers)
	})
}

// CloseRectification verifies the answers and closes the notice.
func (a *App) CloseRectification(ctx context.Context, actor dajia.Actor, id int64, comment string) (store.RectRecord, error) {
	return a.rectStep(ctx, actor, id, func(r *dajia.Rectification, today dajia.Date, _ int) (dajia.RectStep, error) {
		return r.Close(actor, today, comment)
	})
}

// ReturnRectification sends the answers back to the unit with the reason.
func (a *App) ReturnRectification(ctx context.Context, actor dajia.Actor, id int64, reason string) (store.RectRecord, error) {
	return a.rectStep(ctx, actor, id, func(r *dajia.Rectification, _ dajia.Date, _ int) (dajia.RectStep, error) {
		return r.Return(actor, reason)
	})
}

// RectQuery is a list of notices as staff ask for it.
type RectQuery struct {
	PlanID  string
	Unit    string // "" every unit the actor reads
	Status  dajia.RectStatus
	Overdue bool
	Limit   int // per page; 0 is 50
	Offset  int
}

// RectList is one page of notices and how many there are.
type RectList struct {
	Notices []store.RectRecord
	Total   int
	Next    int
	Today   dajia.Date
}

// Rectifications lists the notices the actor reads: the office every one,
// leaders every issued one, a unit's officer and head their own; others
// are refused. The open ones first, by deadline.
func (a *App) Rectifications(ctx context.Context, actor dajia.Actor, q RectQuery) (RectList, error) {
	today := dajia.Today(a.clock)
	l := RectList{Today: today}
	if !dajia.ReadsRectifications(actor) {
		return l, dajia.Errorf(dajia.Forbidden, "", "整改通知只有打假办、领导和整改单位可以查看")
	}
	if q.Status != "" && !slices.Contains(dajia.RectStatuses(), q.Status) {
		return l, dajia.Errorf(dajia.Invalid, "status", "没有整改状态“%s”", q.Status)
	}
	f := store.RectFilter{PlanID: q.PlanID, Units: listUnits(actor, q.Unit), Overdue: q.Overdue, Today: today, Limit: q.Limit, Offset: max(q.Offset, 0)}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	switch {
	case q.Status != "":
		f.Statuses = []dajia.RectStatus{q.Status}
	case actor.Role != dajia.RoleOffice:
		f.Statuses = []dajia.RectStatus{dajia.RectIssued, dajia.RectAnswered, dajia.RectClosed}
	}
	if actor.Role != dajia.RoleOffice {
		f.Statuses = slices.DeleteFunc(f.Statuses, func(s dajia.RectStatus) bool { return s == dajia.RectDraft })
	}
	var err error
	if l.Total, err = a.db.CountRectifications(ctx, f); err != nil {
		return l, err
	}
	if l.Notices, err = a.db.Rectifications(ctx, f); err != nil {
		return l, err
	}
	if f.Offset+len(l.Notices) < l.Total {
		l.Next = f.Offset + len(l.Notices)
	}
	return l, nil
}

// rectOpen lists every page of the notices of a filter.
func (a *App) rectAll(ctx context.Context, f store.RectFilter) ([]store.RectRecord, error) {
	f.Limit = 500
	var out []store.RectRecord
	for {
		page, err := a.db.Rectifications(ctx, f)
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		if len(page) < f.Limit {
			return out, nil
		}
		f.Offset += len(page)
	}
}

// RectRemindDays is how many calendar days before its deadline a unit is
// reminded of a notice it has not answered.
const RectRemindDays = 2

// rectReminders reminds the unit of each notice waiting for its answers
// RectRemindDays before the deadline, and the unit and the office of each
// one overdue and not closed, in the app and by the unit's e-mail and
// group robot; once each (the outbox's keys), however often it runs.
func (a *App) rectReminders(ctx context.Context, rs Reminders) (int, error) {
	today := dajia.Today(a.clock)
	recs, err := a.rectAll(ctx, store.RectFilter{DueBy: today.AddDays(RectRemindDays)})
	if err != nil {
		return 0, err
	}
	contacts := map[string]map[string]store.Contact{} // by plan
	var notes []store.Notification
	var keys []string
	var msgs []store.Message
	for _, r := range recs {
		kind := "soon"
		subject := dajia.Phrasef("【整改期限提醒】%s", r.Number).String()
		text := dajia.Phrasef("整改通知 %s（%s）的整改期限是%s，请按时回复整改情况。", r.Number, r.Title, r.Deadline)
		if r.Overdue(today) {
			kind = "overdue"
			subject = dajia.Phrasef("【整改已逾期】%s", r.Number).String()
			text = dajia.Phrasef("整改通知 %s（%s）已超过整改期限%s，尚未销号。", r.Number, r.Title, r.Deadline)
		} else if r.Status != dajia.RectIssued {
			continue // answered: the office's turn, nothing to remind yet
		}
		link := fmt.Sprintf("/rectifications/%d", r.ID)
		base := fmt.Sprintf("rect:%d:%s:%s", r.ID, r.Deadline, kind)
		notes = append(notes, store.Notification{Unit: r.Unit, Text: text, Link: link})
		keys = append(keys, base+":app:"+r.Unit)
		if kind == "overdue" {
			notes = append(notes, store.Notification{Unit: dajia.OfficeKey, Text: text, Link: link})
			keys = append(keys, base+":app:"+dajia.OfficeKey)
		}
		byUnit, ok := contacts[r.PlanID]
		if !ok {
			if byUnit, err = a.db.Contacts(ctx, r.PlanID); err != nil {
				return 0, err
			}
			contacts[r.PlanID] = byUnit
		}
		c := byUnit[r.Unit]
		full := text.String() + "\n" + rs.BaseURL + link // e-mails and robot posts are written in Chinese
		if rs.Email {
			for _, e := range c.Emails {
				msgs = append(msgs, store.Message{Key: base + ":email:" + e, Channel: "email", Target: e, Subject: subject, Body: full})
			}
		}
		if c.WebhookURL != "" && (c.WebhookKind == "wecom" || c.WebhookKind == "dingtalk") {
			msgs = append(msgs, store.Message{Key: base + ":" + c.WebhookKind + ":" + r.Unit, Channel: c.WebhookKind, Target: c.WebhookURL, Subject: subject, Body: full})
		}
	}
	return a.db.Remind(ctx, notes, keys, msgs)
}

// todoRects adds to the to-do list the notices the actor acts on: for a
// unit's officer or head, its notices waiting for answers, with their
// clocks; for the office, every notice overdue and not closed.
func (a *App) todoRects(ctx context.Context, actor dajia.Actor, v store.PlanVersion, today dajia.Date, items []TodoItem) ([]TodoItem, error) {
	// The office: the notices answered and waiting for its check, then
	// the overdue ones it presses; a unit: its issued notices to answer.
	var filters []store.RectFilter
	switch {
	case actor.Role == dajia.RoleOffice:
		filters = []store.RectFilter{{PlanID: v.PlanID, Statuses: []dajia.RectStatus{dajia.RectAnswered}},
			{PlanID: v.PlanID, Overdue: true, Today: today}}
	case actor.Unit != "" && (actor.Role == dajia.RoleOfficer || actor.Role == dajia.RoleHead):
		filters = []store.RectFilter{{PlanID: v.PlanID, Units: []string{actor.Unit}, Statuses: []dajia.RectStatus{dajia.RectIssued}}}
	default:
		return items, nil
	}
	seen := map[int64]bool{}
	for _, f := range filters {
		recs, err := a.rectAll(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			if seen[r.ID] || !r.VisibleTo(actor) {
				continue
			}
			seen[r.ID] = true
			it := TodoItem{Link: fmt.Sprintf("/rectifications/%d", r.ID), Title: r.Number + " · " + r.Title, What: "回复整改情况", Due: r.Deadline,
				Clock: a.countdown(today, r.Deadline), Overdue: r.Overdue(today), Own: actor.Role != dajia.RoleOffice,
				Reason: dajia.Phrase{Key: string(r.Status.Name())}}
			if actor.Role == dajia.RoleOffice {
				it.Title, it.What = v.Plan.DisplayName(r.Unit)+" · "+it.Title, "督促逾期整改"
				if r.Status == dajia.RectAnswered {
					// The unit answered: the check is the office's own
					// step, due now, whatever the unit's deadline was.
					it.What, it.Own, it.Overdue, it.Due, it.Clock = "核查整改情况", true, false, today, dajia.Countdown{}
				}
			}
			items = append(items, it)
		}
	}
	return items, nil
}
