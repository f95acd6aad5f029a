package app

import (
	"context"
	"fmt"
	"time"

	"dajia"
	"dajia/store"
)

// todoCases adds to the to-do list the cases the actor acts on: for a
// unit's officer or head, the cases the unit leads whose deadlines run
// (each running clock an item), the "consider transfer" task of a case
// over a criminal threshold, and for the head the closing that waits for
// its approval; for the office, every case past a deadline and every case
// of the plan ended over a threshold without transfer, with the reason as
// written (no 以罚代刑). A unit never sees another unit's case here.
func (a *App) todoCases(ctx context.Context, actor dajia.Actor, v store.PlanVersion, today dajia.Date, items []TodoItem) ([]TodoItem, error) {
	now := a.clock.Now()
	var out []TodoItem
	switch {
	case actor.Role == dajia.RoleOffice:
		late, err := a.db.CasesDueBy(ctx, v.PlanID, today)
		if err != nil {
			return nil, err
		}
		for _, r := range late {
			clocks, err := r.Clocks(today, a.cal)
			if err != nil {
				return nil, err
			}
			for _, k := range clocks {
				if k.OverdueAt(now) {
					out = append(out, caseClockItem(a.cal, v.Plan, r, k, now, true))
				}
			}
		}
		ended, err := a.db.CasesWithoutTransfer(ctx, v.PlanID)
		if err != nil {
			return nil, err
		}
		for _, r := range ended {
			out = append(out, TodoItem{Link: caseLink(r), Title: caseTitle(v.Plan, r, true), What: "核查未移送公安的理由",
				Due: r.ClosedOn, Reason: dajia.Phrase{Key: r.NoTransferReason}})
		}
	case actor.Unit != "" && (actor.Role == dajia.RoleOfficer || actor.Role == dajia.RoleHead):
		cases, err := a.db.LeadCases(ctx, actor.Unit)
		if err != nil {
			return nil, err
		}
		rules, err := a.CaseRules(ctx)
		if err != nil {
			return nil, err
		}
		for _, r := range cases {
			if r.LeadUnit != actor.Unit || !r.HandledBy(actor) {
				continue
			}
			clocks, err := r.Clocks(today, a.cal)
			if err != nil {
				return nil, err
			}
			for _, k := range clocks {
				out = append(out, caseClockItem(a.cal, v.Plan, r, k, now, false))
			}
			if r.ConsiderTransfer(rules.Thresholds) {
				var sources dajia.List
				for _, t := range r.Crossed(rules.Thresholds) {
					sources = append(sources, t.Source)
				}
				out = append(out, TodoItem{Link: caseLink(r), Title: caseTitle(v.Plan, r, false), What: "考虑提请移送公安",
					Due: today, Reason: dajia.Phrasef("案件达到刑事追诉标准（%s）", distinct(sources))})
			}
			if r.Steps(actor)[dajia.CaseClose] {
				out = append(out, TodoItem{Link: caseLink(r), Title: caseTitle(v.Plan, r, false), What: "批准结案", Due: today,
					Reason: dajia.Phrase{Key: string(r.Status.Name())}})
			}
		}
	}
	return append(items, out...), nil
}

// caseClockItem is one running deadline of a case as a to-do item; the
// office's names the lead unit.
func caseClockItem(cal dajia.Workdays, p *dajia.Plan, r store.CaseRecord, k dajia.CaseClock, now time.Time, office bool) TodoItem {
	today := dajia.DateOf(now.In(dajia.ChinaTime))
	return TodoItem{Link: caseLink(r), Title: caseTitle(p, r, office), What: string(k.What.Text()), Due: k.Due,
		Clock: k.What.Countdown(cal, today, k.Due), Overdue: k.OverdueAt(now),
		Reason: dajia.Phrase{Key: string(r.Status.Name())}}
}

func caseLink(r store.CaseRecord) string { return fmt.Sprintf("/cases/%d", r.ID) }

func caseTitle(p *dajia.Plan, r store.CaseRecord, office bool) string {
	if office {
		return p.DisplayName(r.LeadUnit) + " · " + r.Number
	}
	return r.Number
}
