package app

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strconv"

	"dajia"
	"dajia/store"
)

// TodoItem is one thing an account has to do, with its deadline: one
// report or tip, or a group of reports of one kind, rule and period (the
// office's "2017年8月 月报：9 个单位未报").
type TodoItem struct {
	Report   dajia.Report // the report, for a report item; the first, for a group
	Link     string
	Title    string
	Heading  dajia.Phrase // a group's title, worded for the reader
	UnitName string
	What     string
	Overdue  bool
	Due      dajia.Date
	Clock    dajia.Countdown // the working days left (or overdue)
	Reason   dajia.Phrase
	Own      bool     // the account decides it itself (签收, 分派, its own reports and tips)
	Units    []string // the units of a group, by name
	Remind   *ChaseGroup
}

// ChaseGroup names the reports of one rule and period that are late and
// unsent: what RemindLate reminds at once.
type ChaseGroup struct {
	Plan   string
	Rule   int
	Period string // dajia.Period.ID
}

// Todo lists what an account has to act on under a plan: what it decides
// itself first, then overdue first, then by deadline. Its reports are
// selected in SQL and each decided by the domain; the office's reports to
// chase and to accept come as one item per rule and period, so that the
// list stays short however many units the plan has.
func (a *App) Todo(ctx context.Context, actor dajia.Actor, v store.PlanVersion) ([]TodoItem, error) {
	p := v.Plan
	today := dajia.Today(a.clock)
	var items []TodoItem
	if f := (store.ReportFilter{PlanID: v.PlanID}); scopeReports(actor, &f) {
		reps, err := a.db.ReportTodo(ctx, v.PlanID, actor.ReportTodoQuery(today))
		if err != nil {
			return nil, err
		}
		groups := map[string]int{} // what, rule and period → index in items
		for _, rep := range reps {
			td, ok := rep.TodoFor(actor, today)
			if !ok || (f.Unit != "" && rep.Unit != f.Unit) {
				continue
			}
			unit := p.DisplayName(rep.Unit)
			if actor.Role == dajia.RoleOffice && (td.What == dajia.TodoChase || td.What == dajia.TodoAccept) {
				key := fmt.Sprintf("%s|%d|%s", td.What, rep.RuleIndex, rep.Period.ID())
				if i, ok := groups[key]; ok {
					it := &items[i]
					it.Units = append(it.Units, unit)
					if rep.Due.Before(it.Due) {
						it.Due, it.Clock = rep.Due, a.countdown(today, rep.Due)
					}
					continue
				}
				groups[key] = len(items)
				q := url.Values{"plan": {v.PlanID}, "rule": {strconv.Itoa(rep.RuleIndex)}, "period": {rep.Period.ID()}}
				it := TodoItem{Report: rep, Link: "/reports/period?" + q.Encode(), Due: rep.Due, Clock: a.countdown(today, rep.Due),
					What: td.What, Overdue: td.Overdue, Own: td.What == dajia.TodoAccept, Units: []string{unit}}
				if td.What == dajia.TodoChase {
					it.Remind = &ChaseGroup{Plan: v.PlanID, Rule: rep.RuleIndex, Period: rep.Period.ID()}
				}
				items = append(items, it)
				continue
			}
			items = append(items, TodoItem{Report: rep, UnitName: unit, Due: rep.Due, Clock: a.countdown(today, rep.Due),
				Link: fmt.Sprintf("/reports/%d", rep.ID), Title: unit + " · " + rep.Period.Label() + rep.RuleName,
				What: td.What, Reason: td.Reason, Overdue: td.Overdue, Own: true})
		}
		for i := range items {
			it := &items[i]
			if it.Units == nil {
				continue
			}
			n := len(it.Units)
			switch it.What {
			case dajia.TodoChase:
				it.Heading = dajia.Phrasef("%s%s：%d 个单位未报", it.Report.Period.Phrase(), dajia.Text(it.Report.RuleName), n)
			default:
				it.Heading = dajia.Phrasef("%s%s：%d 份报表待签收", it.Report.Period.Phrase(), dajia.Text(it.Report.RuleName), n)
			}
			if n == 1 && it.What == dajia.TodoAccept {
				it.Link, it.Title, it.UnitName, it.Heading = fmt.Sprintf("/reports/%d", it.Report.ID), it.Units[0]+" · "+it.Report.Period.Label()+it.Report.RuleName, it.Units[0], dajia.Phrase{}
				it.Units = nil
			}
		}
	}
	tips, err := a.todoTips(ctx, actor, v.PlanID, today)
	if err != nil {
		return nil, err
	}
	items = append(items, tips...)
	if items, err = a.todoCases(ctx, actor, v, today, items); err != nil {
		return nil, err
	}
	if items, err = a.todoRects(ctx, actor, v, today, items); err != nil {
		return nil, err
	}
	sort.SliceStable(items, func(i, j int) bool {
		if items[i].Own != items[j].Own {
			return items[i].Own
		}
		if items[i].Overdue != items[j].Overdue {
			return items[i].Overdue
		}
		return items[i].Due.Before(items[j].Due)
	})
	return items, nil
}

// countdown is a legal clock's working days left on the app's calendar.
func (a *App) countdown(today, due dajia.Date) dajia.Countdown {
	if a.cal == nil {
		return dajia.CountdownTo(nil, today, due)
	}
	return dajia.CountdownTo(a.cal, today, due)
}

// Countdown is the working days left to a due date, from today.
func (a *App) Countdown(due dajia.Date) dajia.Countdown {
	return a.countdown(dajia.Today(a.clock), due)
}

// RemindLate reminds, in the app, every unit whose report of a rule and
// period is overdue and unsent: the office's one action for a group on
// its to-do list. Each unit is reminded once a day however often it is
// pressed; the sending is audited. It returns how many units were
// reminded now.
func (a *App) RemindLate(ctx context.Context, actor dajia.Actor, v store.PlanVersion, g ChaseGroup) (int, error) {
	if actor.Role != dajia.RoleOffice {
		return 0, dajia.Errorf(dajia.Forbidden, "", "只有打假办可以催报")
	}
	today := dajia.Today(a.clock)
	reps, err := a.db.ReportTodo(ctx, v.PlanID, dajia.ReportTodoQuery{Today: today, ChaseBefore: today})
	if err != nil {
		return 0, err
	}
	var notes []store.Notification
	var keys, units []string
	for _, rep := range reps {
		td, ok := rep.TodoFor(actor, today)
		if !ok || td.What != dajia.TodoChase || rep.RuleIndex != g.Rule || rep.Period.ID() != g.Period {
			continue
		}
		_, text := a.reminderText(dajia.ReminderOverdue, rep, v.Plan.DisplayName(rep.Unit), today)
		notes = append(notes, store.Notification{Unit: rep.Unit, Text: text, Link: fmt.Sprintf("/reports/%d", rep.ID)})
		keys = append(keys, fmt.Sprintf("report:%d:chase:%s:app:%s", rep.ID, today, rep.Unit))
		units = append(units, rep.Unit)
	}
	if len(notes) == 0 {
		return 0, dajia.Errorf(dajia.NotFound, "period", "该报送期没有逾期未报的单位")
	}
	return a.db.RemindBy(ctx, actor, store.AuditEntry{Action: "report.remind",
		Object: fmt.Sprintf("plan:%s/rule:%d/period:%s", v.PlanID, g.Rule, g.Period), After: map[string]any{"units": units}}, notes, keys)
}

// todoTips lists the tips whose legal clock runs for the actor: a unit's
// own, and for the office its queue and every overdue tip.
func (a *App) todoTips(ctx context.Context, actor dajia.Actor, planID string, today dajia.Date) ([]TodoItem, error) {
	open := []dajia.TipStatus{dajia.TipReceived, dajia.TipAccepted, dajia.TipDecided, dajia.TipRefused}
	var filters []store.TipFilter
	switch {
	case actor.Role == dajia.RoleOffice:
		// The office's: the plan's (an office of a city holds every
		// town's and year's plans; its to-do is the one it stands in).
		filters = []store.TipFilter{{PlanID: planID, Units: []string{dajia.OfficeKey}, Statuses: open}, {PlanID: planID, Statuses: open, DueBy: today.AddDays(-1)}}
	case actor.Unit != "" && (actor.Role == dajia.RoleOfficer || actor.Role == dajia.RoleHead || actor.Role == dajia.RoleSupervisor):
		filters = []store.TipFilter{{Units: []string{actor.Unit}, Statuses: open}}
	}
	seen := map[int64]bool{}
	var out []TodoItem
	for _, f := range filters {
		list, err := a.db.Tips(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, t := range list {
			if seen[t.ID] || (actor.Role != dajia.RoleOffice && !slices.Contains(t.Handlers, actor.Unit)) {
				continue
			}
			seen[t.ID] = true
			mine := slices.Contains(t.Handlers, actor.Unit) || (actor.Role == dajia.RoleOffice && slices.Contains(t.Handlers, dajia.OfficeKey))
			it := TodoItem{Link: fmt.Sprintf("/tips/%d", t.ID), Title: fmt.Sprintf("%s %s · %s · %s", t.Kind, t.Code, t.Category, t.BusinessName), What: "办理举报投诉", Own: mine}
			if slices.Contains(t.Handlers, dajia.OfficeKey) {
				it.What = "分派举报投诉"
			}
			if !t.Due.IsZero() {
				it.Due, it.Clock, it.Overdue, it.Reason = t.Due, a.countdown(today, t.Due), today.After(t.Due), dajia.Phrase{Key: string(t.DueWhat.Text())}
			} else if t.Status == dajia.TipRefused || t.Status == dajia.TipDecided {
				it.What = "办结举报投诉"
				it.Due = today
			}
			out = append(out, it)
		}
	}
	return out, nil
}
