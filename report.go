package dajia

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Reporting periods.
const (
	Weekly    = "weekly"
	Monthly   = "monthly"
	Quarterly = "quarterly"
	Annual    = "annual"
)

// ReportingRule is a reporting duty (信息报送) of the plan.
type ReportingRule struct {
	Name       string      `yaml:"name,omitempty" json:"name,omitempty"`
	Period     string      `yaml:"period" json:"period"`
	Covers     string      `yaml:"covers,omitempty" json:"covers,omitempty"`
	DueDay     string      `yaml:"due_day" json:"due_day"`
	DueShift   string      `yaml:"due_shift,omitempty" json:"due_shift,omitempty"`
	Units      []string    `yaml:"units,omitempty" json:"units,omitempty"`
	To         string      `yaml:"to,omitempty" json:"to,omitempty"`
	Contents   []string    `yaml:"contents,omitempty" json:"contents,omitempty"`
	Indicators []Indicator `yaml:"indicators,omitempty" json:"indicators,omitempty"`
}

// Workdays answers whether a day is a working day on the official calendar,
// or an error when the calendar does not know the day's year.
type Workdays interface {
	IsWorkday(Date) (bool, error)
}

// Period is one reporting period: a week, month, quarter or year.
type Period struct {
	Kind  string
	Start Date
	End   Date
}

// Label names the period the way the office writes it.
func (p Period) Label() string {
	switch p.Kind {
	case Weekly:
		y, w := p.Start.time().ISOWeek()
		return fmt.Sprintf("%d年第%d周", y, w)
	case Monthly:
		return fmt.Sprintf("%d年%d月", p.Start.Year, int(p.Start.Month))
	case Quarterly:
		return fmt.Sprintf("%d年第%d季度", p.Start.Year, (int(p.Start.Month)-1)/3+1)
	default:
		return fmt.Sprintf("%d年度", p.Start.Year)
	}
}

// ID is a stable machine name: 2017-W35, 2017-08, 2017-Q3, 2017.
func (p Period) ID() string {
	switch p.Kind {
	case Weekly:
		y, w := p.Start.time().ISOWeek()
		return fmt.Sprintf("%d-W%02d", y, w)
	case Monthly:
		return fmt.Sprintf("%d-%02d", p.Start.Year, int(p.Start.Month))
	case Quarterly:
		return fmt.Sprintf("%d-Q%d", p.Start.Year, (int(p.Start.Month)-1)/3+1)
	default:
		return strconv.Itoa(p.Start.Year)
	}
}

// PeriodOf returns the period of the given kind that contains d.
func PeriodOf(kind string, d Date) Period {
	switch kind {
	case Weekly:
		back := (int(d.Weekday()) + 6) % 7 // days since Monday
		start := d.AddDays(-back)
		return Period{kind, start, start.AddDays(6)}
	case Monthly:
		start := Date{d.Year, d.Month, 1}
		return Period{kind, start, Date{d.Year, d.Month, DaysIn(d.Year, d.Month)}}
	case Quarterly:
		m := time.Month((int(d.Month)-1)/3*3 + 1)
		return Period{kind, Date{d.Year, m, 1}, Date{d.Year, m + 2, DaysIn(d.Year, m+2)}}
	default:
		return Period{Annual, Date{d.Year, 1, 1}, Date{d.Year, 12, 31}}
	}
}

// Next is the period after p.
func (p Period) Next() Period { return PeriodOf(p.Kind, p.End.AddDays(1)) }

var weekdays = map[string]time.Weekday{"mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday, "sun": time.Sunday}

// CheckDueDay says whether due_day is meaningful for the rule's period:
// 1..31 or "last" for monthly and quarterly, mon..sun for weekly, "MM-DD" for
// annual. The error says what is wrong.
func (r ReportingRule) CheckDueDay() *Error {
	d := strings.TrimSpace(r.DueDay)
	switch r.Period {
	case Monthly, Quarterly:
		if d == "last" {
			return nil
		}
		n, err := strconv.Atoi(d)
		if err != nil || n < 1 || n > 31 {
			return Errorf(Invalid, "due_day", "按月或按季报送的 due_day 应为 1 到 31 的日数或 last（月末），而不是 %q", d)
		}
	case Weekly:
		if _, ok := weekdays[d]; !ok {
			return Errorf(Invalid, "due_day", "按周报送的 due_day 应为 mon、tue、wed、thu、fri、sat 或 sun，而不是 %q", d)
		}
	case Annual:
		t, err := time.Parse("01-02", d)
		if err != nil || t.Format("01-02") != d {
			return Errorf(Invalid, "due_day", "按年报送的 due_day 应为 \"MM-DD\" 形式的日期（如 \"01-15\"），而不是 %q", d)
		}
	default:
		return Errorf(Invalid, "due_day", "period 应为 weekly、monthly、quarterly 或 annual，而不是 %q", r.Period)
	}
	return nil
}

// DueDate is the last on-time day of the report for period p: computed from
// covers and due_day, then moved to the next working day when due_shift says
// so. A day past the end of a month (31 in February) is the month's last day.
//
// With covers "previous" the report falls due in the period after p; with
// "current" it falls due within p itself: in the same week, in the month, in
// the quarter's last month, or in the same year.
func (r ReportingRule) DueDate(p Period, cal Workdays) (Date, error) {
	if r.CheckDueDay() != nil {
		return Date{}, Errorf(Invalid, "due_day", "报送规则 %q 的 due_day %q 无效", r.Name, r.DueDay)
	}
	in := p // the period the due day falls in
	if r.Covers != "current" {
		in = p.Next()
	}
	var due Date
	switch r.Period {
	case Weekly:
		due = in.Start.AddDays((int(weekdays[r.DueDay]) + 6) % 7)
	case Monthly, Quarterly:
		y, m := in.Start.Year, in.Start.Month
		if r.Period == Quarterly && r.Covers == "current" {
			m = in.End.Month
		}
		day := DaysIn(y, m)
		if r.DueDay != "last" {
			n, _ := strconv.Atoi(r.DueDay)
			day = min(n, day)
		}
		due = Date{y, m, day}
	case Annual:
		t, _ := time.Parse("01-02", r.DueDay)
		day := min(t.Day(), DaysIn(in.Start.Year, t.Month()))
		due = Date{in.Start.Year, t.Month(), day}
	}
	if r.DueShift == "next_workday" {
		for range 60 {
			ok, err := cal.IsWorkday(due)
			if err != nil {
				return Date{}, err
			}
			if ok {
				break
			}
			due = due.AddDays(1)
		}
	}
	return due, nil
}

// Periods lists the periods of the rule that overlap the plan's year.
func (r ReportingRule) Periods(year int) []Period {
	var out []Period
	for p := PeriodOf(r.Period, Date{year, 1, 1}); p.Start.Year <= year; p = p.Next() {
		out = append(out, p)
	}
	return out
}

// Start is the first day the plan runs: its first phase's start, or 1
// January of its year when it has no phases.
func (p *Plan) Start() Date {
	start := Date{p.Year, 1, 1}
	for i, ph := range p.Phases {
		if i == 0 || ph.Start.Before(start) {
			start = ph.Start
		}
	}
	return start
}

// ReportingPeriods lists the periods a rule asks reports for: those of the
// plan's year that end on or after the plan's start. A plan issued in
// August asks for no report on January.
func (p *Plan) ReportingPeriods(r ReportingRule) []Period {
	start := p.Start()
	var out []Period
	for _, per := range r.Periods(p.Year) {
		if !per.End.Before(start) {
			out = append(out, per)
		}
	}
	return out
}

// ReportingUnits lists the keys of the units a rule applies to.
func (p *Plan) ReportingUnits(r ReportingRule) []string {
	var out []string
	add := func(k string) {
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	units := r.Units
	if len(units) == 0 {
		units = []string{"departments"}
	}
	for _, sel := range units {
		switch sel {
		case "departments", "all":
			for _, u := range p.Departments {
				if !p.IsUpperLevel(u) {
					add(u.Key)
				}
			}
			if sel == "departments" {
				continue
			}
			fallthrough
		case "units":
			for _, u := range p.Units {
				add(u.Key)
			}
		default:
			add(p.KeyOf(sel))
		}
	}
	return out
}

// Duty is one reporting obligation of a unit: which rule, which period, when.
type Duty struct {
	Rule   *ReportingRule
	Period Period
	Due    Date
}

// NextDuty returns the first report of a unit falling due on or after today,
// within the plan year's periods.
func (p *Plan) NextDuty(key string, today Date, cal Workdays) (Duty, bool, error) {
	var best Duty
	found := false
	for i := range p.Reporting {
		r := &p.Reporting[i]
		if !slices.Contains(p.ReportingUnits(*r), key) {
			continue
		}
		for _, per := range p.ReportingPeriods(*r) {
			due, err := r.DueDate(per, cal)
			if err != nil {
				return Duty{}, false, err
			}
			if due.Before(today) {
				continue
			}
			if !found || due.Before(best.Due) {
				best, found = Duty{Rule: r, Period: per, Due: due}, true
			}
			break
		}
	}
	return best, found, nil
}
