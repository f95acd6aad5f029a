package app

import (
	"context"
	"slices"
	"strings"

	"dajia"
	"dajia/store"
)

// YearEndInput is what the office sets before generating the year-end
// summary: the document's head (number, issuer, date, addressees, copies)
// and its problems and next steps. An empty field takes the plan's
// suggestion (the number, issuer and addressees) or today (the date);
// empty problems and next steps become draft sentences from the figures.
type YearEndInput struct {
	PlanID     string
	Format     string // docx | xlsx | view: recorded in the audit trail
	Number     string
	Issuer     string
	IssuedOn   string
	Recipients string
	Copies     string
	Problems   string
	NextSteps  string
	// Save keeps the head and texts for the next generation (the page's
	// form): the office finds them there, not the suggestions again.
	Save bool
}

// YearEndFormats are the formats a generation may record.
var YearEndFormats = []string{"docx", "xlsx", "view"}

// mayYearEnd: the office and leaders, who read every unit's records, and
// the operator at the command line, who holds the database itself.
func mayYearEnd(actor dajia.Actor) error {
	if actor.Role != dajia.RoleOffice && actor.Role != dajia.RoleLeader && actor.Role != dajia.RoleOperator {
		return dajia.Errorf(dajia.Forbidden, "", "只有打假办和领导可以生成年度总结")
	}
	return nil
}

// YearEndDefaults is the head the plan suggests on day today, for the
// form the office fills before generating (the office and leaders only).
func (a *App) YearEndDefaults(ctx context.Context, actor dajia.Actor, planID string) (dajia.YearEndHead, *dajia.Plan, error) {
	if err := mayYearEnd(actor); err != nil {
		return dajia.YearEndHead{}, nil, err
	}
	v, err := a.db.Plan(ctx, planID)
	if err != nil {
		return dajia.YearEndHead{}, nil, err
	}
	p := v.Plan
	return dajia.YearEndHead{Number: dajia.SuggestNumber(p), Issuer: dajia.SuggestIssuer(p), IssuedOn: dajia.Today(a.clock),
		Recipients: dajia.SuggestRecipients(p), Copies: p.Document.Issuer}, p, nil
}

// YearEndFigures gathers the year's figures for the office's page, with
// the head the plan suggests; nothing is recorded (the office and leaders
// only).
func (a *App) YearEndFigures(ctx context.Context, actor dajia.Actor, planID string) (dajia.YearEnd, *dajia.Plan, error) {
	def, p, err := a.YearEndDefaults(ctx, actor, planID)
	if err != nil {
		return dajia.YearEnd{}, nil, err
	}
	y, err := a.gatherYearEnd(ctx, p)
	y.Head = def
	if err != nil {
		return y, p, err
	}
	d, ok, err := a.db.YearEndDraftOf(ctx, p.ID)
	if ok {
		y.Head, y.Saved, y.SavedBy = d.Head, d.SavedAt, d.SavedBy
	}
	return y, p, err
}

// YearEnd gathers every figure of the plan's year for the year-end summary
// (the office and leaders only: it counts every unit's records) and
// records the generation in the audit trail. A head that does not check
// out is refused with every problem at once and nothing recorded.
func (a *App) YearEnd(ctx context.Context, actor dajia.Actor, in YearEndInput) (dajia.YearEnd, error) {
	var y dajia.YearEnd
	def, p, err := a.YearEndDefaults(ctx, actor, in.PlanID)
	if err != nil {
		return y, err
	}
	if !slices.Contains(YearEndFormats, in.Format) {
		return y, dajia.Errorf(dajia.Invalid, "format", "格式应为 docx 或 xlsx")
	}
	h := dajia.YearEndHead{Number: strings.TrimSpace(in.Number), Issuer: strings.TrimSpace(in.Issuer), Recipients: strings.TrimSpace(in.Recipients),
		Copies: strings.TrimSpace(in.Copies), Problems: in.Problems, NextSteps: in.NextSteps}
	var errs []dajia.FieldError
	if h.IssuedOn, err = formDate("issued_on", in.IssuedOn, def.IssuedOn); err != nil {
		errs = append(errs, dajia.FieldErrorf("issued_on", "invalid", "日期应为 YYYY-MM-DD"))
		h.IssuedOn = def.IssuedOn
	}
	for _, d := range []struct {
		to  *string
		def string
	}{{&h.Number, def.Number}, {&h.Issuer, def.Issuer}, {&h.Recipients, def.Recipients}} {
		if *d.to == "" {
			*d.to = d.def
		}
	}
	if errs = append(errs, h.Check()...); len(errs) > 0 {
		return y, dajia.FieldErrors(errs)
	}
	y, err = a.gatherYearEnd(ctx, p)
	if err != nil {
		return y, err
	}
	y.Head = h
	e := store.AuditEntry{Action: "yearend.generate", Object: "plan:" + p.ID,
		After: map[string]any{"plan": p.ID, "doc_number": h.Number, "issued_on": h.IssuedOn.String(), "format": in.Format}}
	if in.Save {
		return y, a.db.SaveYearEndDraft(ctx, actor, p.ID, h, e)
	}
	return y, a.db.Audit(ctx, actor, e)
}

// gatherYearEnd adds up the plan's records: one grouped query per kind of
// record for the campaigns and the months, one for the cases' amounts, the
// plan's reports and its joint actions a page at a time.
func (a *App) gatherYearEnd(ctx context.Context, p *dajia.Plan) (dajia.YearEnd, error) {
	today := dajia.Today(a.clock)
	y := dajia.YearEnd{PlanID: p.ID, PlanTitle: p.Title, PlanNo: p.Document.Number, Year: p.Year, Today: today}
	work, err := a.db.CampaignWork(ctx, p.ID, nil)
	if err != nil {
		return y, err
	}
	figs, err := a.db.CampaignFigures(ctx, p.ID, nil)
	if err != nil {
		return y, err
	}
	// Each campaign's row, then the row of the records of no campaign (or
	// of a campaign the plan no longer has: 未归入专项), so that the rows
	// add up to the town's whole figures (Total).
	inPlan := map[int]bool{}
	for _, c := range p.Campaigns {
		inPlan[c.No] = true
	}
	var others []int
	for no := range figs {
		if !inPlan[no] && !slices.Contains(others, no) {
			others = append(others, no)
		}
	}
	for no := range work.Units {
		if !inPlan[no] && !slices.Contains(others, no) {
			others = append(others, no)
		}
	}
	slices.Sort(others)
	covered := map[string]bool{}
	for _, c := range p.Campaigns {
		for _, cat := range c.Categories {
			covered[cat] = true
		}
	}
	row := func(cy *dajia.CampaignYear, nos []int, cats []string) {
		units := map[string]*dajia.UnitYear{}
		unit := func(u string) *dajia.UnitYear {
			if units[u] == nil {
				units[u] = &dajia.UnitYear{CampaignNo: cy.No, Campaign: cy.Name, Unit: u, Name: p.DisplayName(u)}
			}
			return units[u]
		}
		for _, no := range nos {
			f := figs[no]
			cy.Clues += f.Clues
			cy.Opened += f.Opened
			cy.Closed += f.Closed
			cy.Value += f.Value
			cy.Fines += f.Fines
			cy.Transferred += f.Transferred
			for _, u := range sortedKeys(work.Units[no]) {
				x := work.Units[no][u]
				uy := unit(u)
				uy.Clues += x.Clues
				uy.Opened += x.Opened
				uy.Closed += x.Closed
				uy.Inspections += x.Inspections
				uy.Findings += x.InspectionFindings
				uy.Samplings = uy.Samplings.Add(x.Samplings)
				uy.Publicity += x.Publicity
				uy.Reach = uy.Reach.Add(x.Reach)
				cy.Inspections += x.Inspections
				cy.Findings += x.InspectionFindings
				cy.Samplings = cy.Samplings.Add(x.Samplings)
				cy.Publicity += x.Publicity
				cy.Reach = cy.Reach.Add(x.Reach)
			}
		}
		for _, cat := range uniq(cats) {
			for u, x := range work.SurveysByCategory[cat] {
				cy.Surveys += x.Surveys
				unit(u).Surveys += x.Surveys
			}
		}
		keys := sortedKeys(units)
		p.SortUnitsByPlan(keys)
		for _, k := range keys {
			y.Units = append(y.Units, *units[k])
		}
		y.Total.Add(*cy)
	}
	for _, c := range p.Campaigns {
		cy := dajia.CampaignYear{No: c.No, Name: c.Name}
		for _, l := range c.Lead {
			name := p.DisplayName(l.Dept)
			if l.Scope != "" {
				name += "（" + l.Scope + "）"
			}
			cy.Leads = append(cy.Leads, name)
		}
		row(&cy, []int{c.No}, c.Categories)
		y.Campaigns = append(y.Campaigns, cy)
	}
	var loose []string // survey categories no campaign covers
	for cat := range work.SurveysByCategory {
		if !covered[cat] {
			loose = append(loose, cat)
		}
	}
	slices.Sort(loose)
	y.Unassigned = dajia.CampaignYear{Name: dajia.UnassignedName}
	row(&y.Unassigned, others, loose)
	// The town's survey findings, each once (a category two campaigns
	// cover counts under both): not the rows' sum.
	y.Total.Surveys = 0
	for _, byUnit := range work.SurveysByCategory {
		for _, x := range byUnit {
			y.Total.Surveys += x.Surveys
		}
	}
	y.Total.Name = "合计"
	// Joint actions, with what the campaigns' records tagged with them add up to.
	var acts []dajia.JointAction
	f := store.ActionFilter{PlanID: p.ID, Limit: 500}
	for {
		recs, err := a.db.JointActions(ctx, f)
		if err != nil {
			return y, err
		}
		for _, r := range recs {
			acts = append(acts, r.JointAction)
		}
		if len(recs) < f.Limit {
			break
		}
		f.Offset += len(recs)
	}
	slices.SortStableFunc(acts, func(x, z dajia.JointAction) int { return x.Start.Compare(z.Start) })
	for _, j := range acts {
		ay := dajia.ActionYear{Name: j.Name, Start: j.Start, End: j.End, Done: j.Status(today) == dajia.ActionDone, Summary: j.Summary}
		for _, u := range j.Units {
			ay.Units = append(ay.Units, p.DisplayName(u))
		}
		for _, byAction := range work.Actions {
			if w := byAction[j.ID]; w != nil {
				ay.Clues += w.Clues
				ay.Cases += w.Cases
				ay.Inspections += w.Inspections
				ay.Samplings += w.Samplings
				ay.Failed += w.Failed
			}
		}
		y.Actions = append(y.Actions, ay)
	}
	y.Phases = dajia.TallyActions(p, acts, today)
	// Reporting discipline: every rule's reports, by unit in the plan's order.
	reps, err := a.db.Reports(ctx, store.ReportFilter{PlanID: p.ID, Rule: -1})
	if err != nil {
		return y, err
	}
	byUnit := map[string][]dajia.Timeliness{}
	var units []string
	var all []dajia.Timeliness
	for _, r := range reps {
		if _, ok := byUnit[r.Unit]; !ok {
			units = append(units, r.Unit)
		}
		t := r.Timeliness(today)
		line := dajia.ReportLine{Rule: r.RuleName, Period: r.Period.Label(), Unit: r.Unit, Name: p.DisplayName(r.Unit), Due: r.Due, Timeliness: t}
		if !r.FirstSubmittedAt.IsZero() {
			line.SubmittedOn = dajia.DateOf(r.FirstSubmittedAt.In(dajia.ChinaTime))
		}
		y.Reports = append(y.Reports, line)
		byUnit[r.Unit] = append(byUnit[r.Unit], t)
		all = append(all, t)
	}
	p.SortUnitsByPlan(units)
	rank := map[string]int{}
	for i, u := range units {
		rank[u] = i
	}
	// The reports rule by rule, period by period, units in the plan's order.
	slices.SortStableFunc(y.Reports, func(x, z dajia.ReportLine) int {
		if c := x.Due.Compare(z.Due); c != 0 {
			return c
		}
		return rank[x.Unit] - rank[z.Unit]
	})
	for _, u := range units {
		y.Reporting = append(y.Reporting, dajia.UnitReporting{Unit: u, Name: p.DisplayName(u), Rates: dajia.RatesOf(byUnit[u])})
	}
	y.ReportingTotal = dajia.RatesOf(all)
	if y.Months, err = a.db.MonthlyWork(ctx, p.ID); err != nil {
		return y, err
	}
	return y, nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
