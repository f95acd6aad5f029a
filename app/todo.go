package app

import (
	"context"
	"fmt"
	"slices"
	"sort"

	"dajia"
	"dajia/store"
)

// TodoItem is one thing an account has to do, with its deadline.
type TodoItem struct {
	Report   dajia.Report // the report, for a report item
	Link     string
	Title    string
	UnitName string
	What     string
	Overdue  bool
	Due      dajia.Date
	DaysLeft int
	Reason   dajia.Phrase
}

// Todo lists what an account has to act on under a plan, most urgent
// first: its reports (selected in SQL, each decided by the domain) and the
// tips whose legal clock runs for it.
func (a *App) Todo(ctx context.Context, actor dajia.Actor, v store.PlanVersion) ([]TodoItem, error) {
	p := v.Plan
	today := dajia.Today(a.clock)
	var items []TodoItem
	if f := (store.ReportFilter{PlanID: v.PlanID}); scopeReports(actor, &f) {
		reps, err := a.db.ReportTodo(ctx, v.PlanID, actor.ReportTodoQuery(today))
		if err != nil {
			return nil, err
		}
		for _, rep := range reps {
			td, ok := rep.TodoFor(actor, today)
			if !ok || (f.Unit != "" && rep.Unit != f.Unit) {
				continue
			}
			items = append(items, TodoItem{Report: rep, UnitName: p.DisplayName(rep.Unit), Due: rep.Due, DaysLeft: today.DaysUntil(rep.Due),
				Link: fmt.Sprintf("/reports/%d", rep.ID), Title: p.DisplayName(rep.Unit) + " · " + rep.Period.Label() + rep.RuleName,
				What: td.What, Reason: td.Reason, Overdue: td.Overdue})
		}
	}
	tips, err := a.todoTips(ctx, actor, today)
	if err != nil {
		return nil, err
	}
	items = append(items, tips...)
	if items, err = a.todoCases(ctx, actor, v, today, items); err != nil {
		return nil, err
	}
	sort.SliceStable(items, func(i, j int) bool {
		if items[i].Overdue != items[j].Overdue {
			return items[i].Overdue
		}
		return items[i].Due.Before(items[j].Due)
	})
	return items, nil
}

// todoTips lists the tips whose legal clock runs for the actor: a unit's
// own, and for the office its queue and every overdue tip.
func (a *App) todoTips(ctx context.Context, actor dajia.Actor, today dajia.Date) ([]TodoItem, error) {
	open := []dajia.TipStatus{dajia.TipReceived, dajia.TipAccepted, dajia.TipDecided, dajia.TipRefused}
	var filters []store.TipFilter
	switch {
	case actor.Role == dajia.RoleOffice:
		filters = []store.TipFilter{{Units: []string{dajia.OfficeKey}, Statuses: open}, {Statuses: open, DueBy: today.AddDays(-1)}}
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
			it := TodoItem{Link: fmt.Sprintf("/tips/%d", t.ID), Title: fmt.Sprintf("%s %s · %s · %s", t.Kind, t.Code, t.Category, t.BusinessName), What: "办理举报投诉"}
			if slices.Contains(t.Handlers, dajia.OfficeKey) {
				it.What = "分派举报投诉"
			}
			if !t.Due.IsZero() {
				it.Due, it.DaysLeft, it.Overdue, it.Reason = t.Due, today.DaysUntil(t.Due), today.After(t.Due), dajia.Phrase{Key: string(t.DueWhat.Text())}
			} else if t.Status == dajia.TipRefused || t.Status == dajia.TipDecided {
				it.What = "办结举报投诉"
				it.Due = today
			}
			out = append(out, it)
		}
	}
	return out, nil
}
