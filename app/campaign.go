package app

import (
	"context"
	"slices"

	"dajia"
	"dajia/store"
)

// CampaignFigures adds up the clues and cases of a plan by campaign, as
// the actor may see them: the office and leaders all, a unit the clues it
// leads and the cases it leads or cooperates on, anyone else nothing (ok
// false). Two queries, whatever the number of campaigns.
func (a *App) CampaignFigures(ctx context.Context, actor dajia.Actor, planID string) (_ map[int]store.CampaignFigures, ok bool, err error) {
	units := listUnits(actor, "")
	if units != nil && len(units) == 0 {
		return nil, false, nil
	}
	figs, err := a.db.CampaignFigures(ctx, planID, units)
	return figs, err == nil, err
}

// UnitResult is one unit's row of a campaign's results: its part in the
// campaign (lead, support, or other for a unit the plan does not name in
// it) and what its records add up to.
type UnitResult struct {
	Unit string
	Part string // lead | support | other
	store.UnitWork
}

// ActionResult is a joint action that concerns a campaign (it targets one
// of the campaign's categories, or records of the campaign are tagged with
// it) and what the campaign's records tagged with it and dated inside it
// add up to.
type ActionResult struct {
	Action store.ActionRecord
	store.ActionWork
}

// CampaignResults is what a campaign has done in the plan's year, as the
// reader may count it: per lead and supporting unit (then any other unit
// that recorded work under it), in all, and per joint action.
type CampaignResults struct {
	Units   []UnitResult
	Total   store.UnitWork
	Actions []ActionResult
}

// CampaignResults counts the work of campaign no of the plan as the actor
// may see it (the office and leaders all, a unit its own; anyone else
// nothing: ok false): one grouped query per kind of record and one for
// the plan's actions.
func (a *App) CampaignResults(ctx context.Context, actor dajia.Actor, p *dajia.Plan, no int) (_ CampaignResults, ok bool, err error) {
	var out CampaignResults
	units := listUnits(actor, "")
	if units != nil && len(units) == 0 {
		return out, false, nil
	}
	c, found := p.CampaignByNo(no)
	if !found {
		return out, false, dajia.Errorf(dajia.NotFound, "no", "方案中没有第 %d 项专项", no)
	}
	w, err := a.db.CampaignWork(ctx, p.ID, units)
	if err != nil {
		return out, false, err
	}
	rows := map[string]*UnitResult{}
	var order []string
	row := func(ref, part string) *UnitResult {
		key := ref
		if r, ok := p.Lookup(ref); ok {
			key = r.Unit.Key
		}
		if rows[key] == nil {
			rows[key] = &UnitResult{Unit: key, Part: part}
			order = append(order, key)
		}
		return rows[key]
	}
	mine := func(key string) bool { return units == nil || slices.Contains(units, key) }
	for _, l := range c.Lead {
		row(l.Dept, "lead")
	}
	for _, s := range c.Support {
		row(s, "support")
	}
	// A unit reading sees its own row only.
	order = slices.DeleteFunc(order, func(k string) bool { return !mine(k) })
	var others []string
	for u, x := range w.Units[no] {
		if rows[u] == nil || !mine(u) {
			others = append(others, u)
		}
		r := row(u, "other")
		r.Clues, r.Opened, r.Closed = x.Clues, x.Opened, x.Closed
		r.Inspections, r.InspectionFindings, r.Samplings = x.Inspections, x.InspectionFindings, x.Samplings
		r.Publicity, r.Reach = x.Publicity, x.Reach
	}
	for _, cat := range uniq(c.Categories) {
		for u, x := range w.SurveysByCategory[cat] {
			if rows[u] == nil || !mine(u) {
				others = append(others, u)
			}
			r := row(u, "other")
			r.Surveys += x.Surveys
			r.SurveyClues += x.SurveyClues
		}
	}
	slices.Sort(others)
	for _, u := range slices.Compact(others) {
		if !slices.Contains(order, u) {
			order = append(order, u)
		}
	}
	for _, k := range order {
		r := *rows[k]
		r.Samplings.Key = k
		out.Units = append(out.Units, r)
		out.Total.Add(r.UnitWork)
	}
	// The joint actions the reader sees that target the campaign's
	// categories or hold its records.
	acts, err := a.db.JointActions(ctx, store.ActionFilter{PlanID: p.ID, Units: units, Limit: 500})
	if err != nil {
		return out, false, err
	}
	for _, j := range acts {
		work, tagged := w.Actions[no][j.ID]
		targets := slices.ContainsFunc(j.Categories, func(cat string) bool { return slices.Contains(c.Categories, cat) })
		if !tagged && !targets {
			continue
		}
		r := ActionResult{Action: j, ActionWork: store.ActionWork{ActionID: j.ID}}
		if tagged {
			r.ActionWork = *work
		}
		out.Actions = append(out.Actions, r)
	}
	slices.SortFunc(out.Actions, func(x, y ActionResult) int { return x.Action.Start.Compare(y.Action.Start) })
	return out, true, nil
}

func uniq(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return slices.Compact(out)
}
