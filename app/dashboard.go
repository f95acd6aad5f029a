package app

import (
	"context"
	"fmt"
	"strconv"

	"dajia"
	"dajia/store"
)

// Dashboard gathers the figures of plan v for the actor's dashboard (工作看板):
// the office and leaders read the whole town, a unit's officer or head its
// own unit's records; a village supervisor (whose work is the survey, not
// the campaigns' results) and anyone else nothing (Forbidden). Each figure is
// counted with the very filter of the list it links to (the tips, clues,
// cases, samplings, reports and joint actions lists), so that a count
// and its list agree. A fixed number of queries, each scoped to the plan
// through an index, whatever the number of campaigns, units and years kept.
func (a *App) Dashboard(ctx context.Context, actor dajia.Actor, v store.PlanVersion) (dajia.Dashboard, error) {
	p := v.Plan
	today := dajia.Today(a.clock)
	d := dajia.Dashboard{PlanID: v.PlanID, Title: p.Title, Year: p.Year, Today: today, Phase: p.PhaseStateOn(today)}
	units := listUnits(actor, "")
	if (units != nil && len(units) == 0) || actor.Role == dajia.RoleSupervisor {
		return d, dajia.Errorf(dajia.Forbidden, "", "没有权限查看工作看板")
	}
	if len(units) == 1 {
		d.Unit = units[0]
	}
	// Clues and cases by campaign: the plan page's figures.
	figs, err := a.db.CampaignFigures(ctx, v.PlanID, units)
	if err != nil {
		return d, err
	}
	tipf := store.TipFilter{PlanID: v.PlanID, Units: dajia.TipUnits(actor)}
	tips, err := a.db.TallyTips(ctx, tipf)
	if err != nil {
		return d, err
	}
	open := tipf
	open.Statuses = []dajia.TipStatus{dajia.TipReceived, dajia.TipAccepted, dajia.TipDecided, dajia.TipRefused}
	tc, err := a.db.CountTips(ctx, open, today)
	if err != nil {
		return d, err
	}
	d.OverdueTips = tc.Overdue
	rates, err := a.db.SamplingRates(ctx, store.SamplingFilter{PlanID: v.PlanID, Units: units}, store.RateByCampaign)
	if err != nil {
		return d, err
	}
	samples := map[int]dajia.PassRate{}
	for _, r := range rates {
		n, _ := strconv.Atoi(r.Key)
		samples[n] = r
	}
	seen := map[int]bool{}
	for _, c := range p.Campaigns {
		seen[c.No] = true
		f := figs[c.No]
		row := dajia.DashboardCampaign{No: c.No, Name: c.Name, Tips: tips.ByCampaign[c.No], Clues: f.Clues, Opened: f.Opened, Closed: f.Closed,
			Value: f.Value, Fines: f.Fines, Transferred: f.Transferred, Samplings: samples[c.No]}
		row.Samplings.Key = strconv.Itoa(c.No)
		d.Campaigns = append(d.Campaigns, row)
		d.Total.Add(row)
	}
	// The records of no campaign (or of a campaign the plan no longer
	// has) make the 未归入专项 row, so that the rows add up to the total:
	// every record of the plan, what the unfiltered lists show.
	u := &d.Unassigned
	for no, n := range tips.ByCampaign {
		if !seen[no] {
			u.Tips += n
		}
	}
	for no, f := range figs {
		if !seen[no] {
			u.Add(dajia.DashboardCampaign{Clues: f.Clues, Opened: f.Opened, Closed: f.Closed, Value: f.Value, Fines: f.Fines, Transferred: f.Transferred})
		}
	}
	for no, r := range samples {
		if !seen[no] {
			u.Add(dajia.DashboardCampaign{Samplings: r})
		}
	}
	u.Samplings.Key = ""
	d.Total.Add(*u)
	d.Total.Samplings.Key = ""

	// Cases: major, transfers past a deadline, and by month, each with
	// the cases list's own filter.
	cases := func(q CaseQuery) (store.CaseFilter, error) {
		q.PlanID = v.PlanID
		return caseFilter(actor, q, today)
	}
	for _, c := range []struct {
		q  CaseQuery
		to *int
	}{{CaseQuery{MajorOnly: true}, &d.MajorCases}, {CaseQuery{Overdue: true, Transfer: store.TransferRunning}, &d.OverdueTransfers}} {
		f, err := cases(c.q)
		if err != nil {
			return d, err
		}
		n, err := a.db.CountCases(ctx, f, today)
		if err != nil {
			return d, err
		}
		*c.to = n.Total
	}
	f, err := cases(CaseQuery{})
	if err != nil {
		return d, err
	}
	f.OpenedFrom, f.OpenedTo = dajia.Date{Year: p.Year, Month: 1, Day: 1}, dajia.Date{Year: p.Year, Month: 12, Day: 31}
	byMonth, err := a.db.CasesByMonth(ctx, f)
	if err != nil {
		return d, err
	}
	for m := 1; m <= 12; m++ {
		key := fmt.Sprintf("%04d-%02d", p.Year, m)
		d.Months = append(d.Months, dajia.DashboardMonth{Month: key, Tips: tips.ByMonth[key], Cases: byMonth[key]})
	}

	// Reporting: each rule's matrix, as the reporting page counts it.
	for i, rule := range p.Reporting {
		m, err := a.Matrix(ctx, actor, v, i)
		if err != nil {
			return d, err
		}
		d.Reporting = append(d.Reporting, dajia.DashboardReporting{Rule: i, Name: rule.Name, Rates: m.Total,
			Late: m.Counts[string(dajia.Late)], Missing: m.Counts[string(dajia.Missing)]})
	}
	if d.Actions, err = a.ActionTallies(ctx, actor, v.PlanID); err != nil {
		return d, err
	}
	return d, nil
}
