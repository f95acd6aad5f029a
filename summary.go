package dajia

import (
	"fmt"
	"slices"
	"strings"
)

// MatrixCell is one unit's report for one period; an empty cell (no
// report) has a zero Report.
type MatrixCell struct {
	Report     Report
	Timeliness Timeliness
}

// MatrixRow is one unit's reports across the periods, with its rates.
type MatrixRow struct {
	Unit  UnitRef
	Cells []MatrixCell
	Rates Rates
}

// Matrix lays out a rule's reports as units × periods (报送情况), with each
// unit's rates, the town's and how many reports stand in each timeliness.
type Matrix struct {
	Plan    *Plan
	Rule    int
	Rules   []ReportingRule
	Periods []Period
	Rows    []MatrixRow
	Total   Rates
	Counts  map[string]int // by timeliness
}

// Matrix lays out the given reports of a rule on day today, units in the
// plan's order.
func (p *Plan) Matrix(rule int, reps []Report, today Date) Matrix {
	m := Matrix{Plan: p, Rule: rule, Rules: p.Reporting, Counts: map[string]int{}}
	if rule >= 0 && rule < len(p.Reporting) {
		m.Periods = p.ReportingPeriods(p.Reporting[rule])
	}
	byUnit := map[string]map[string]Report{}
	var units []string
	for _, rep := range reps {
		if byUnit[rep.Unit] == nil {
			byUnit[rep.Unit] = map[string]Report{}
			units = append(units, rep.Unit)
		}
		byUnit[rep.Unit][rep.PeriodID] = rep
	}
	p.SortUnitsByPlan(units)
	var all []Timeliness
	for _, u := range units {
		ref, ok := p.Lookup(u)
		if !ok {
			ref = UnitRef{Class: ClassUnit, Unit: Unit{Key: u, Name: u}}
		}
		row := MatrixRow{Unit: ref}
		var ts []Timeliness
		for _, per := range m.Periods {
			rep, ok := byUnit[u][per.ID()]
			c := MatrixCell{Report: rep}
			if ok {
				c.Timeliness = rep.Timeliness(today)
				ts = append(ts, c.Timeliness)
				m.Counts[string(c.Timeliness)]++
			}
			row.Cells = append(row.Cells, c)
		}
		row.Rates = RatesOf(ts)
		all = append(all, ts...)
		m.Rows = append(m.Rows, row)
	}
	m.Total = RatesOf(all)
	return m
}

// Only keeps the rows of the units with at least one report of the given
// timeliness (the units behind the count of 迟报 or 未报); the rates and
// counts stay the town's.
func (m Matrix) Only(t Timeliness) Matrix {
	rows := []MatrixRow{}
	for _, r := range m.Rows {
		if slices.ContainsFunc(r.Cells, func(c MatrixCell) bool { return c.Timeliness == t }) {
			rows = append(rows, r)
		}
	}
	m.Rows = rows
	return m
}

// PeriodSummary is the town's merged figures for one period under a rule
// (汇总), or one unit's own figures when Unit is its key.
type PeriodSummary struct {
	Plan       *Plan
	PlanID     string
	Unit       string
	Rule       int
	RuleName   string
	Period     Period
	Indicators []Indicator
	Units      []SummaryRow
	Totals     map[string]Amount
	Late       []string
	Missing    []string
	NotYetDue  []string
	Due        Date
	KeyCases   []UnitText
	Practices  []UnitText
}

// SummaryRow is one unit's report in a period summary.
type SummaryRow struct {
	Unit       string
	Name       string
	Report     Report
	Timeliness Timeliness
	Values     map[string]Amount
}

// UnitText is a unit's text (key cases, practices) in a summary.
type UnitText struct{ Unit, Text string }

// SummarizePeriod merges the reports of one period under a rule (reps, all
// of the same period, at least one) with their figures by unit (values of
// sent reports only) on day today.
func (p *Plan) SummarizePeriod(rule int, reps []Report, values map[string]map[string]Amount, today Date) PeriodSummary {
	ps := PeriodSummary{Plan: p, Rule: rule, Totals: map[string]Amount{}}
	if rule >= 0 && rule < len(p.Reporting) {
		ps.Indicators = p.Reporting[rule].IndicatorsOf()
	}
	if len(reps) > 0 {
		ps.PlanID, ps.RuleName, ps.Period, ps.Due = reps[0].PlanID, reps[0].RuleName, reps[0].Period, reps[0].Due
	}
	units := make([]string, 0, len(reps))
	byUnit := map[string]Report{}
	for _, rep := range reps {
		units = append(units, rep.Unit)
		byUnit[rep.Unit] = rep
	}
	p.SortUnitsByPlan(units)
	for _, u := range units {
		rep := byUnit[u]
		name := p.DisplayName(u)
		row := SummaryRow{Unit: u, Name: name, Report: rep, Timeliness: rep.Timeliness(today), Values: values[u]}
		for k, a := range values[u] {
			ps.Totals[k] += a
		}
		switch row.Timeliness {
		case Late:
			ps.Late = append(ps.Late, name)
		case Missing:
			ps.Missing = append(ps.Missing, name)
		case NotYetDue:
			ps.NotYetDue = append(ps.NotYetDue, name)
		}
		if rep.Sent() {
			if t := strings.TrimSpace(rep.KeyCases); t != "" {
				ps.KeyCases = append(ps.KeyCases, UnitText{name, t})
			}
			if t := strings.TrimSpace(rep.Practices); t != "" {
				ps.Practices = append(ps.Practices, UnitText{name, t})
			}
		}
		ps.Units = append(ps.Units, row)
	}
	return ps
}

// Circular drafts the office's 通报 of the period on day today: who
// reported on time, who was late and who is missing, what the late and
// missing units must do, and the town's merged figures.
func (ps PeriodSummary) Circular(today Date) string {
	var b strings.Builder
	office := "镇打假办"
	if ps.Plan.Office != nil && ps.Plan.Office.Name != "" {
		office = ps.Plan.Office.Name
	}
	fmt.Fprintf(&b, "关于%s打假信息报送情况的通报\n\n", ps.Period.Label())
	fmt.Fprintf(&b, "各有关单位：\n\n")
	fmt.Fprintf(&b, "    根据《%s》关于信息报送的要求，各单位应于%s前报送%s的%s。", ps.Plan.Title, ps.Due.Chinese(), ps.Period.Label(), ps.RuleName)
	on := 0
	for _, u := range ps.Units {
		if u.Timeliness == OnTime || u.Timeliness == ZeroReport {
			on++
		}
	}
	fmt.Fprintf(&b, "截至%s，应报单位%d个，按时报送%d个", today.Chinese(), len(ps.Units), on)
	if len(ps.Late) > 0 {
		fmt.Fprintf(&b, "，逾期报送%d个（%s）", len(ps.Late), strings.Join(ps.Late, "、"))
	}
	if len(ps.Missing) > 0 {
		fmt.Fprintf(&b, "，未报送%d个（%s）", len(ps.Missing), strings.Join(ps.Missing, "、"))
	}
	b.WriteString("。\n\n")
	if len(ps.Late)+len(ps.Missing) > 0 {
		fmt.Fprintf(&b, "    请逾期和未报送的单位高度重视，指定专人负责信息报送，未报送的单位于接到本通报后3个工作日内补报，并在今后按时、准确、全面报送。\n\n")
	} else {
		fmt.Fprintf(&b, "    各单位均按时报送，望继续保持。\n\n")
	}
	var parts []string
	for _, ind := range ps.Indicators {
		if a := ps.Totals[ind.Key]; a != 0 {
			parts = append(parts, fmt.Sprintf("%s%s%s", ind.Name, a, ind.Unit))
		}
	}
	if len(parts) > 0 {
		fmt.Fprintf(&b, "    本期全镇汇总：%s。\n\n", strings.Join(parts, "，"))
	}
	fmt.Fprintf(&b, "%s\n%s\n", office, today.Chinese())
	return b.String()
}
