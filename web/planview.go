package web

import (
	"net/http"
	"net/url"
	"strconv"

	"dajia"
	"dajia/calendar"
	"dajia/locale"
	"dajia/planfile"
	"dajia/store"
)

// unitLink is a department or unit as a link target.
type unitLink struct {
	Key   string `json:"key"`
	Name  string `json:"name"`
	Known bool   `json:"-"` // the plan lists it, so it has a page
}

type leadView struct {
	unitLink
	Scope string `json:"scope,omitempty"`
	Upper bool   `json:"upper_level"`
}

type campaignView struct {
	dajia.Campaign
	Leads    []leadView
	Supports []unitLink
}

func link(p *dajia.Plan, ref string) unitLink {
	if r, ok := p.Lookup(ref); ok {
		return unitLink{Key: r.Unit.Key, Name: r.Unit.Name, Known: true}
	}
	return unitLink{Key: ref, Name: ref}
}

func viewCampaign(p *dajia.Plan, c dajia.Campaign) campaignView {
	v := campaignView{Campaign: c}
	for _, l := range c.Lead {
		lv := leadView{unitLink: link(p, l.Dept), Scope: l.Scope}
		if r, ok := p.Lookup(l.Dept); ok {
			lv.Upper = p.IsUpperLevel(r.Unit)
		}
		v.Leads = append(v.Leads, lv)
	}
	for _, s := range c.Support {
		v.Supports = append(v.Supports, link(p, s))
	}
	return v
}

// phaseView places a phase on the timeline and says whether it is past,
// running or to come.
type phaseView struct {
	dajia.Phase
	State    string // past | current | future
	Offset   int    // percent of the timeline before it
	Width    int    // percent of the timeline it covers
	DaysLeft int
}

// timeline lays out the phases and marks today.
type timeline struct {
	Phases      []phaseView
	TodayOffset int // percent; -1 when today is outside the timeline
	Status      string
	Current     *phaseView
	DaysToStart int
}

func viewTimeline(p *dajia.Plan, today dajia.Date) timeline {
	var tl timeline
	tl.TodayOffset = -1
	if len(p.Phases) == 0 {
		return tl
	}
	first, last := p.Phases[0].Start, p.Phases[0].End
	for _, ph := range p.Phases {
		if ph.Start.Before(first) {
			first = ph.Start
		}
		if ph.End.After(last) {
			last = ph.End
		}
	}
	total := max(first.DaysUntil(last)+1, 1)
	pct := func(n int) int { return n * 100 / total }
	for _, ph := range p.Phases {
		v := phaseView{Phase: ph, Offset: pct(first.DaysUntil(ph.Start)), Width: max(pct(ph.Start.DaysUntil(ph.End)+1), 1)}
		switch {
		case today.After(ph.End):
			v.State = "past"
		case today.Before(ph.Start):
			v.State = "future"
		default:
			v.State = "current"
			v.DaysLeft = today.DaysUntil(ph.End)
		}
		tl.Phases = append(tl.Phases, v)
	}
	for i := range tl.Phases {
		if tl.Phases[i].State == "current" {
			tl.Current = &tl.Phases[i]
			break
		}
	}
	switch {
	case today.Before(first):
		tl.Status = "before"
		tl.DaysToStart = today.DaysUntil(first)
	case today.After(last):
		tl.Status = "after"
	case tl.Current != nil:
		tl.Status = "running"
		tl.TodayOffset = pct(first.DaysUntil(today))
	default:
		tl.Status = "between"
		tl.TodayOffset = pct(first.DaysUntil(today))
	}
	return tl
}

// describeRule says a reporting rule in words: 每月5日前报送上月情况.
func describeRule(r dajia.ReportingRule, lang string) string {
	prev := r.Covers != "current"
	var day any = dajia.Phrasef("%s日", r.DueDay)
	if r.DueDay == "last" {
		day = dajia.Text("最后一天")
	}
	var s dajia.Phrase
	switch r.Period {
	case dajia.Weekly:
		wd := map[string]dajia.Text{"mon": "星期一", "tue": "星期二", "wed": "星期三", "thu": "星期四", "fri": "星期五", "sat": "星期六", "sun": "星期日"}[r.DueDay]
		s = map[bool]dajia.Phrase{true: dajia.Phrasef("每周%s前报送上周情况", wd), false: dajia.Phrasef("每周%s前报送本周情况", wd)}[prev]
	case dajia.Monthly:
		s = map[bool]dajia.Phrase{true: dajia.Phrasef("每月%s前报送上月情况", day), false: dajia.Phrasef("每月%s前报送本月情况", day)}[prev]
	case dajia.Quarterly:
		s = map[bool]dajia.Phrase{true: dajia.Phrasef("每季度首月%s前报送上季度情况", day), false: dajia.Phrasef("每季度末月%s前报送本季度情况", day)}[prev]
	case dajia.Annual:
		var md any = r.DueDay
		if len(r.DueDay) == 5 {
			m, errM := strconv.Atoi(r.DueDay[:2])
			d, errD := strconv.Atoi(r.DueDay[3:])
			if errM == nil && errD == nil {
				md = dajia.Phrasef("%d月%d日", m, d)
			}
		}
		s = map[bool]dajia.Phrase{true: dajia.Phrasef("每年%s前报送上年度情况", md), false: dajia.Phrasef("每年%s前报送本年度情况", md)}[prev]
	}
	if r.DueShift == "next_workday" {
		return locale.Text(lang, "%s（遇节假日顺延至下一工作日）", s)
	}
	return locale.Phrase(lang, s)
}

// dutyView is a unit's reporting duty under one rule, with its next due date.
type dutyView struct {
	Rule         dajia.ReportingRule
	Describe     string
	Next         *dajia.Obligation
	WorkdaysLeft int
	Problem      string // why the next due date cannot be given
}

type unitView struct {
	Ref      dajia.UnitRef
	Upper    bool
	Leads    []dajia.CampaignRole
	Supports []dajia.CampaignRole
	Duties   []dutyView
	Next     *dutyView
}

func viewUnit(p *dajia.Plan, ref dajia.UnitRef, today dajia.Date, cal *calendar.Calendar, lang string) unitView {
	v := unitView{Ref: ref, Upper: p.IsUpperLevel(ref.Unit), Leads: p.LeadsOf(ref.Unit.Key), Supports: p.SupportsOf(ref.Unit.Key)}
	for i := range p.Reporting {
		r := p.Reporting[i]
		single := &dajia.Plan{Year: p.Year, Jurisdiction: p.Jurisdiction, Office: p.Office, Departments: p.Departments, Units: p.Units, Reporting: []dajia.ReportingRule{r}}
		isDuty := false
		for _, k := range p.ReportingUnits(r) {
			if k == ref.Unit.Key {
				isDuty = true
			}
		}
		if !isDuty {
			continue
		}
		d := dutyView{Rule: r, Describe: describeRule(r, lang)}
		duty, ok, err := single.NextObligation(ref.Unit.Key, today, cal)
		switch {
		case err != nil:
			d.Problem = locale.Error(lang, dajia.ErrorOf(err))
		case ok:
			d.Next = &duty
			if n, err := cal.WorkdaysBetween(today, duty.Due); err == nil {
				d.WorkdaysLeft = n
			}
		}
		v.Duties = append(v.Duties, d)
	}
	for i := range v.Duties {
		if n := v.Duties[i].Next; n != nil && (v.Next == nil || n.Due.Before(v.Next.Next.Due)) {
			v.Next = &v.Duties[i]
		}
	}
	return v
}

// lintStored lints the file a version was imported from, so that positions
// point into that file; a version stored without its file is linted as
// exported.
func lintStored(v store.PlanVersion) (planfile.Result, error) {
	src := v.Source
	if len(src) == 0 {
		b, err := planfile.Export(v.Plan)
		if err != nil {
			return planfile.Result{}, err
		}
		src = b
	}
	return planfile.Check(src), nil
}

// campaignCount is what one campaign's clues and cases add up to for the
// plan's year, each figure with the list behind it.
type campaignCount struct {
	No   int
	Name string
	store.CampaignFigures
	Value, Fines string // in 万元
	Clues, Cases string // the lists: /clues?…, /cases?… of the campaign
}

// campaignCounts adds up the plan's clues and cases by campaign as the
// actor may see them (two queries for all the campaigns); nothing for
// those who see no cases.
func (s *Server) campaignCounts(r *http.Request, v store.PlanVersion) ([]campaignCount, error) {
	figs, ok, err := s.app.CampaignFigures(r.Context(), actorOf(r), v.PlanID)
	if err != nil || !ok {
		return nil, err
	}
	var out []campaignCount
	for _, c := range v.Plan.Campaigns {
		f := figs[c.No]
		q := url.Values{"plan": {v.PlanID}, "campaign": {strconv.Itoa(c.No)}}.Encode()
		out = append(out, campaignCount{No: c.No, Name: c.Name, CampaignFigures: f, Value: f.Value.Wan().String(), Fines: f.Fines.Wan().String(),
			Clues: "/clues?" + q, Cases: "/cases?" + q})
	}
	return out, nil
}
