package app

import (
	"context"
	"slices"

	"dajia"
	"dajia/store"
)

// ReviewCard is a plan's scorecard (检查总结) as an account reads it.
type ReviewCard struct {
	dajia.Review
	Plan *dajia.Plan
	// Stored tells whether the office set the weights; false: the defaults.
	Stored bool
	// Own is the unit of a unit's account: the card holds its row only
	// (none when it leads no campaign).
	Own string
}

// ReadsReview reports whether the actor may open the scorecard: the office
// and leaders read every row, a unit's officer and head their unit's own.
func ReadsReview(a dajia.Actor) bool {
	unit, all := a.UnitScope()
	return all || ((a.Role == dajia.RoleOfficer || a.Role == dajia.RoleHead) && unit != "")
}

// Review computes the scorecard of a plan on today's date from the
// records: the reporting matrix's rates over every rule, the clues and
// transfers judged against their clocks, the cases, joint actions and
// publicity of each lead unit. The queries are a fixed number whatever the
// number of units: the reports, then the four of store.ReviewRecords.
func (a *App) Review(ctx context.Context, actor dajia.Actor, v store.PlanVersion) (ReviewCard, error) {
	if !ReadsReview(actor) {
		return ReviewCard{}, dajia.Errorf(dajia.Forbidden, "", "无权查看检查总结")
	}
	p := v.Plan
	now := a.clock.Now()
	today := dajia.Today(a.clock)
	w, stored, err := a.db.ReviewWeights(ctx, v.PlanID)
	if err != nil {
		return ReviewCard{}, err
	}
	card := ReviewCard{Review: dajia.Review{PlanID: v.PlanID, Today: today, Weights: w}, Plan: p, Stored: stored}
	units := p.ReviewUnits()
	rf := store.ReportFilter{PlanID: v.PlanID, Rule: -1}
	if unit, all := actor.UnitScope(); !all {
		card.Own = unit
		if !slices.Contains(units, unit) {
			return card, nil
		}
		units, rf.Unit = []string{unit}, unit
	}
	if len(units) == 0 {
		return card, nil
	}
	in := make(map[string]*dajia.ReviewInputs, len(units))
	for _, u := range units {
		in[u] = &dajia.ReviewInputs{}
	}

	// Reporting: the matrix of each rule, its rows' rates added up.
	reps, err := a.db.Reports(ctx, rf)
	if err != nil {
		return card, err
	}
	byRule := map[int][]dajia.Report{}
	for _, r := range reps {
		byRule[r.RuleIndex] = append(byRule[r.RuleIndex], r)
	}
	for rule := range p.Reporting {
		for _, row := range p.Matrix(rule, byRule[rule], today).Rows {
			if x, ok := in[row.Unit.Unit.Key]; ok {
				x.Reports.OnTime.Num += row.Rates.OnTime.Num
				x.Reports.OnTime.Den += row.Rates.OnTime.Den
				x.Reports.Reported.Num += row.Rates.Reported.Num
				x.Reports.Reported.Den += row.Rates.Reported.Den
			}
		}
	}

	recs, err := a.db.ReviewRecords(ctx, v.PlanID, units)
	if err != nil {
		return card, err
	}
	for _, c := range recs.Clues {
		x := in[c.LeadUnit]
		judged, inTime, err := c.Timely(today, a.cal)
		if err != nil {
			return card, err
		}
		if judged {
			x.Clues.Add(inTime)
		} else {
			x.CluesPending++
		}
	}
	for _, c := range recs.Cases {
		x := in[c.LeadUnit]
		x.Cases.Add(c.Status.Decided())
		judged, inTime, err := c.TransferTimely(now, a.cal)
		if err != nil {
			return card, err
		}
		switch {
		case judged:
			x.Transfers.Add(inTime)
		case c.Transfer.Status != dajia.TransferNone:
			x.TransfersPending++
		}
	}
	for _, j := range recs.Actions {
		if j.Status(today) != dajia.ActionDone {
			continue
		}
		for _, u := range j.Units {
			if x, ok := in[u]; ok {
				f := j.Force(u)
				x.Actions.Add(f.Staff > 0 || f.Vehicles > 0)
			}
		}
	}
	for u, n := range recs.Publicity {
		if x, ok := in[u]; ok {
			x.Publicity = n
		}
	}
	for _, u := range units {
		row, err := dajia.ScoreReview(u, *in[u], w)
		if err != nil {
			return card, err
		}
		card.Rows = append(card.Rows, row)
	}
	return card, nil
}

// ReviewWeights returns a plan's weights for the office's form.
func (a *App) ReviewWeights(ctx context.Context, actor dajia.Actor, planID string) (dajia.ReviewWeights, bool, error) {
	if actor.Role != dajia.RoleOffice {
		return dajia.ReviewWeights{}, false, dajia.Errorf(dajia.Forbidden, "", "只有打假办可以设置考核权重")
	}
	return a.db.ReviewWeights(ctx, planID)
}

// SetReviewWeights stores the office's weights of a plan; weights that do
// not add up to 100 are refused with every field's problem.
func (a *App) SetReviewWeights(ctx context.Context, actor dajia.Actor, planID string, w dajia.ReviewWeights) error {
	if actor.Role != dajia.RoleOffice {
		return dajia.Errorf(dajia.Forbidden, "", "只有打假办可以设置考核权重")
	}
	if _, err := a.db.Plan(ctx, planID); err != nil {
		return err
	}
	return a.db.SetReviewWeights(ctx, actor, planID, w)
}

// ExportReview is the scorecard for the workbook of the summary meeting,
// the export recorded in the audit trail.
func (a *App) ExportReview(ctx context.Context, actor dajia.Actor, v store.PlanVersion) (ReviewCard, error) {
	card, err := a.Review(ctx, actor, v)
	if err != nil {
		return card, err
	}
	return card, a.db.Audit(ctx, actor, store.AuditEntry{Action: "review.export", Object: "review:" + v.PlanID,
		After: map[string]any{"plan": v.PlanID, "count": len(card.Rows)}})
}
