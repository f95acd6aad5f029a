package dajia

import (
	"fmt"
	"time"
)

// Dashboard is the state of a plan's work on one day, as a leader reads it
// (工作看板): where the plan stands in its phases, what each campaign has
// recorded, how the units report, what is overdue, and the year's trend.
// Every figure is counted as the reader may see the records: the whole
// town for the office and leaders, one unit's own for its accounts (Unit).
type Dashboard struct {
	PlanID string
	Title  string
	Year   int
	Today  Date
	Unit   string // the unit the figures are narrowed to; "" the whole town
	Phase  PhaseState

	Campaigns []DashboardCampaign
	// Unassigned is what the records of no campaign add up to (未归入专项):
	// the campaigns' rows and this one add up to Total.
	Unassigned DashboardCampaign
	Total      DashboardCampaign

	Reporting []DashboardReporting

	OverdueTips      int // open tips past their running legal deadline
	OverdueTransfers int // cases being transferred to the police, past a deadline
	MajorCases       int // 大要案 under the case rules

	Months  []DashboardMonth
	Actions []ActionTally
}

// PhaseState is where a plan stands in its phases on a day: in a phase
// (running, with the days left to its last day), before the first, between
// two, after the last, or a plan without phases (none).
type PhaseState struct {
	State    string // running | before | between | after | none
	Current  *Phase
	DaysLeft int // to the current phase's last day (0: today is the last)
	Next     *Phase
	DaysTo   int // to the next phase's first day
}

// PhaseStateOn places day today in the plan's phases.
func (p *Plan) PhaseStateOn(today Date) PhaseState {
	var s PhaseState
	if len(p.Phases) == 0 {
		s.State = "none"
		return s
	}
	if ph, ok := p.PhaseOn(today); ok {
		c := *ph
		c.Text = ""
		s.State, s.Current, s.DaysLeft = "running", &c, today.DaysUntil(ph.End)
	}
	started := false
	for i := range p.Phases {
		ph := p.Phases[i]
		if !ph.Start.After(today) {
			started = true
		}
		if ph.Start.After(today) && (s.Next == nil || ph.Start.Before(s.Next.Start)) {
			n := ph
			n.Text = ""
			s.Next, s.DaysTo = &n, today.DaysUntil(ph.Start)
		}
	}
	switch {
	case s.Current != nil:
	case !started:
		s.State = "before"
	case s.Next == nil:
		s.State = "after"
	default:
		s.State = "between"
	}
	return s
}

// DashboardCampaign is what a campaign's records add up to: the tips it
// received, the clues and cases of its lead units (opened, closed, their
// goods' value and fines, transfers to the police) and the samplings with
// their pass rate. The total row has No 0.
type DashboardCampaign struct {
	No          int
	Name        string
	Tips        int
	Clues       int
	Opened      int
	Closed      int
	Value       Amount // sales and unsold of the cases (货值), yuan
	Fines       Amount // fines and confiscations (罚没), yuan
	Transferred int
	Samplings   PassRate
}

// Add adds another row's figures to this one.
func (c *DashboardCampaign) Add(o DashboardCampaign) {
	c.Tips += o.Tips
	c.Clues += o.Clues
	c.Opened += o.Opened
	c.Closed += o.Closed
	c.Value += o.Value
	c.Fines += o.Fines
	c.Transferred += o.Transferred
	c.Samplings = c.Samplings.Add(o.Samplings)
}

// DashboardReporting is one reporting rule's figures over the reports
// due so far: sent, sent on time, late and missing.
type DashboardReporting struct {
	Rule    int
	Name    string
	Rates   Rates
	Late    int
	Missing int
}

// DashboardMonth is one month of the plan's year: the tips received and
// the cases opened in it.
type DashboardMonth struct {
	Month string // YYYY-MM
	Tips  int
	Cases int
}

// MonthRange is the first and last day of month "YYYY-MM"; false when it
// is not such a month.
func MonthRange(month string) (first, last Date, ok bool) {
	var y, m int
	if len(month) != 7 || month[4] != '-' {
		return first, last, false
	}
	if _, err := fmt.Sscanf(month, "%4d-%2d", &y, &m); err != nil || y < 2000 || y > 2100 || m < 1 || m > 12 {
		return first, last, false
	}
	first = Date{Year: y, Month: time.Month(m), Day: 1}
	return first, DateOf(time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC)), true
}

// WanText is the amount in 万元 with two decimals ("184.18"), rounded half
// away from zero: how the dashboard and the year-end summary show goods
// value and fines.
func (a Amount) WanText() string {
	sign := ""
	if a < 0 {
		sign, a = "-", -a
	}
	const unit = AmountScale * 100 // 0.01 万元 = 100 yuan
	n := (a + unit/2) / unit
	return fmt.Sprintf("%s%d.%02d", sign, n/100, n%100)
}
