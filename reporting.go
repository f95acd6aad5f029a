package dajia

import (
	"fmt"
	"math"
	"slices"
	"sort"
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
func (p Period) Label() string { return p.Phrase().String() }

// Phrase is the period's name, for the reader's language.
func (p Period) Phrase() Phrase {
	switch p.Kind {
	case Weekly:
		y, w := p.Start.time().ISOWeek()
		return Phrasef("%d年第%d周", y, w)
	case Monthly:
		return Phrasef("%d年%s", p.Start.Year, monthNames[p.Start.Month-1])
	case Quarterly:
		return Phrasef("%d年第%d季度", p.Start.Year, (int(p.Start.Month)-1)/3+1)
	default:
		return Phrasef("%d年度", p.Start.Year)
	}
}

// monthNames name the months, so that a period reads "2017年8月" and, in
// English, "August 2017".
var monthNames = [12]Text{"1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"}

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

// ObligationKey names one report duty.
func ObligationKey(rule int, unit, period string) string {
	return fmt.Sprintf("%d/%s/%s", rule, unit, period)
}

// Obligation is one report a unit owes under a rule for a period: the
// plan's reporting duty (报送义务) of that unit, with its due date.
type Obligation struct {
	Rule   int // index into the plan's reporting rules
	Unit   string
	Period Period
	Due    Date
}

// Obligations lists every report the plan asks for, from its start to the
// end of its year.
func (p *Plan) Obligations(cal Workdays) ([]Obligation, error) {
	var out []Obligation
	for i, r := range p.Reporting {
		units := p.ReportingUnits(r)
		for _, per := range p.ReportingPeriods(r) {
			due, err := r.DueDate(per, cal)
			if err != nil {
				return nil, err
			}
			for _, u := range units {
				out = append(out, Obligation{Rule: i, Unit: u, Period: per, Due: due})
			}
		}
	}
	return out, nil
}

// NextObligation returns the first report a unit owes that falls due on or
// after today, within the plan year's periods.
func (p *Plan) NextObligation(key string, today Date, cal Workdays) (Obligation, bool, error) {
	var best Obligation
	found := false
	for i := range p.Reporting {
		r := p.Reporting[i]
		if !slices.Contains(p.ReportingUnits(r), key) {
			continue
		}
		for _, per := range p.ReportingPeriods(r) {
			due, err := r.DueDate(per, cal)
			if err != nil {
				return Obligation{}, false, err
			}
			if due.Before(today) {
				continue
			}
			if !found || due.Before(best.Due) {
				best, found = Obligation{Rule: i, Unit: key, Period: per, Due: due}, true
			}
			break
		}
	}
	return best, found, nil
}

// DefaultIndicators is the set used when a reporting rule names none: the
// figures of the usual 打击侵权假冒 statistics forms.
func DefaultIndicators() []Indicator {
	return []Indicator{
		{Key: "inspectors", Name: "出动执法人员", Unit: "人次"},
		{Key: "entities_checked", Name: "检查生产经营主体", Unit: "户次"},
		{Key: "dens_destroyed", Name: "捣毁制假售假窝点", Unit: "个"},
		{Key: "cases_opened", Name: "立案", Unit: "宗"},
		{Key: "cases_closed", Name: "结案", Unit: "宗"},
		{Key: "case_value", Name: "案值", Unit: "万元"},
		{Key: "fines", Name: "罚没款", Unit: "万元"},
		{Key: "police_cases", Name: "移送公安机关案件", Unit: "宗"},
		{Key: "police_persons", Name: "移送公安机关人员", Unit: "人"},
		{Key: "samples", Name: "抽检", Unit: "批次"},
		{Key: "samples_failed", Name: "抽检不合格", Unit: "批次"},
		{Key: "tips_received", Name: "受理投诉举报", Unit: "件"},
		{Key: "publicity", Name: "开展宣传活动", Unit: "次"},
	}
}

// IndicatorsOf is the rule's indicators, or the default set.
func (r ReportingRule) IndicatorsOf() []Indicator {
	if len(r.Indicators) > 0 {
		return r.Indicators
	}
	return DefaultIndicators()
}

// Decimal reports whether an indicator takes fractions (amounts in 万元);
// counts are whole numbers.
func (i Indicator) Decimal() bool { return strings.Contains(i.Unit, "元") }

// Amount is a non-negative quantity kept exactly as ten-thousandths, so
// that 0.0001 万元 (one yuan) adds up without rounding.
type Amount int64

// AmountScale is how many units make 1.
const AmountScale = 10000

// ParseAmount reads "12", "3.5" or "0.0001"; at most four decimals.
func ParseAmount(s string) (Amount, error) {
	s = strings.TrimSpace(strings.ReplaceAll(s, ",", ""))
	if s == "" {
		return 0, fmt.Errorf("empty")
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" {
		whole = "0"
	}
	if len(frac) > 4 || len(whole) > 12 {
		return 0, fmt.Errorf("too many digits")
	}
	for _, r := range whole + frac {
		if r < '0' || r > '9' {
			return 0, fmt.Errorf("not a number")
		}
	}
	w, _ := strconv.ParseInt(whole, 10, 64)
	f, _ := strconv.ParseInt((frac + "0000")[:4], 10, 64)
	a := Amount(w*AmountScale + f)
	if neg {
		a = -a
	}
	return a, nil
}

// String writes the amount without trailing zeros: 12, 3.5, 0.0001.
func (a Amount) String() string {
	sign := ""
	if a < 0 {
		sign, a = "-", -a
	}
	s := fmt.Sprintf("%s%d", sign, a/AmountScale)
	if f := a % AmountScale; f != 0 {
		s += strings.TrimRight(fmt.Sprintf(".%04d", f), "0")
	}
	return s
}

// Whole reports whether the amount has no fraction.
func (a Amount) Whole() bool { return a%AmountScale == 0 }

// Float is the amount as a number, for spreadsheets.
func (a Amount) Float() float64 { return float64(a) / AmountScale }

// Timeliness is how a report stands against its due date.
type Timeliness string

const (
	NotYetDue  Timeliness = "not_due" // due date ahead, nothing sent yet
	OnTime     Timeliness = "on_time"
	ZeroReport Timeliness = "zero"    // an explicit zero report (零申报), on time
	Late       Timeliness = "late"    // sent after the due date
	Missing    Timeliness = "missing" // nothing sent and the due date has passed
)

// TimelinessOf judges a report by when it was first sent. A report is on
// time when sent on or before its due day in China time.
func TimelinessOf(due Date, firstSubmitted time.Time, zero bool, today Date) Timeliness {
	if firstSubmitted.IsZero() {
		if today.After(due) {
			return Missing
		}
		return NotYetDue
	}
	if DateOf(firstSubmitted.In(ChinaTime)).After(due) {
		return Late
	}
	if zero {
		return ZeroReport
	}
	return OnTime
}

// Name is the timeliness's name.
func (t Timeliness) Name() Text {
	return map[Timeliness]Text{NotYetDue: "未到期", OnTime: "按时", ZeroReport: "零申报", Late: "迟报", Missing: "未报"}[t]
}

// Rate is a share of reports, as a fraction with its counts.
type Rate struct {
	Num, Den int
}

// Percent is the rate in percent, rounded; 0 when nothing is due.
func (r Rate) Percent() int {
	if r.Den == 0 {
		return 0
	}
	return int(math.Round(float64(r.Num) * 100 / float64(r.Den)))
}

// Rates are a unit's (or the town's) reporting figures over due reports.
type Rates struct {
	Reported Rate // sent at all, of the reports due
	OnTime   Rate // sent on time, of the reports due
}

// RatesOf counts timeliness values; reports not yet due do not count.
func RatesOf(ts []Timeliness) Rates {
	var r Rates
	for _, t := range ts {
		if t == NotYetDue {
			continue
		}
		r.Reported.Den++
		r.OnTime.Den++
		if t != Missing {
			r.Reported.Num++
		}
		if t == OnTime || t == ZeroReport {
			r.OnTime.Num++
		}
	}
	return r
}

// SortUnitsByPlan orders unit keys as the plan lists them.
func (p *Plan) SortUnitsByPlan(keys []string) {
	order := map[string]int{}
	for i, u := range p.AllUnits() {
		order[u.Unit.Key] = i
	}
	slices.SortStableFunc(keys, func(a, b string) int { return order[a] - order[b] })
}

// ValidationRule is a check of a report's figures, as data: a left side, an
// operator and a right side, each side a sum of indicator keys, variables
// and numbers ("cases_opened + open_before").
type ValidationRule struct {
	ID      string
	Left    string
	Op      string // <= < >= > ==
	Right   string
	Field   string // the field the message belongs to
	Message string // Chinese: the catalogue key
}

// DefaultValidationRules are the checks of the statistics forms. Every
// indicator is also checked to be non-negative.
func DefaultValidationRules() []ValidationRule {
	return []ValidationRule{
		{"failed-le-sampled", "samples_failed", "<=", "samples", "samples_failed", "抽检不合格批次不能多于抽检批次"},
		{"closed-le-open", "cases_closed", "<=", "cases_opened + open_before", "cases_closed", "结案数不能多于本期立案数加上期初未结案件数"},
		{"police-le-cases", "police_cases", "<=", "cases_opened + open_before", "police_cases", "移送公安机关案件数不能多于本期立案数加上期初未结案件数"},
	}
}

// term evaluates one side of a rule.
func evalSide(expr string, vals map[string]Amount) (Amount, bool) {
	var sum Amount
	sign := Amount(1)
	for _, tok := range strings.Fields(strings.NewReplacer("+", " + ", "-", " - ").Replace(expr)) {
		switch tok {
		case "+":
			sign = 1
		case "-":
			sign = -1
		default:
			if v, ok := vals[tok]; ok {
				sum += sign * v
			} else if n, err := ParseAmount(tok); err == nil {
				sum += sign * n
			} else {
				return 0, false // the rule names an indicator this report lacks
			}
		}
	}
	return sum, true
}

// Validate checks values against the indicators (non-negative, whole counts)
// and the rules; vars are extra figures such as open_before.
func Validate(inds []Indicator, vals map[string]Amount, vars map[string]Amount, rules []ValidationRule) []FieldError {
	return validate(inds, vals, vars, rules, nil)
}

// validate is Validate; the figures in unreadable could not be read, so
// they are not checked and a rule that uses one is left until they can be.
func validate(inds []Indicator, vals map[string]Amount, vars map[string]Amount, rules []ValidationRule, unreadable map[string]bool) []FieldError {
	var errs []FieldError
	all := map[string]Amount{}
	for k, v := range vars {
		all[k] = v
	}
	for _, ind := range inds {
		if unreadable[ind.Key] {
			continue
		}
		v := vals[ind.Key]
		all[ind.Key] = v
		if v < 0 {
			errs = append(errs, FieldErrorf(ind.Key, "non-negative", "%s不能为负数", ind.Name))
		} else if !ind.Decimal() && !v.Whole() {
			errs = append(errs, FieldErrorf(ind.Key, "whole", "%s应为整数（%s）", ind.Name, ind.Unit))
		}
	}
	for _, r := range rules {
		l, ok1 := evalSide(r.Left, all)
		rv, ok2 := evalSide(r.Right, all)
		if !ok1 || !ok2 {
			continue
		}
		ok := map[string]bool{"<=": l <= rv, "<": l < rv, ">=": l >= rv, ">": l > rv, "==": l == rv}[r.Op]
		if !ok {
			errs = append(errs, FieldError{Field: r.Field, Rule: r.ID, Message: r.Message})
		}
	}
	return errs
}

// Outlier is a figure far from the unit's own history: flagged for a
// follow-up question, never blocking.
type Outlier struct {
	Field   string  `json:"field"`
	Value   Amount  `json:"value"`
	Median  Amount  `json:"median"`
	Message string  `json:"message"` // Chinese
	Note    Phrase  `json:"-"`       // Message, for the reader's language
	Ratio   float64 `json:"-"`
}

// Outliers compares each value with the median of the unit's earlier
// reports (at least three): more than three times the median (and more
// than 10 above it), or under a third of a median of at least 6.
func Outliers(inds []Indicator, vals map[string]Amount, history []map[string]Amount) []Outlier {
	if len(history) < 3 {
		return nil
	}
	var out []Outlier
	for _, ind := range inds {
		var xs []float64
		for _, h := range history {
			xs = append(xs, h[ind.Key].Float())
		}
		sort.Float64s(xs)
		med := xs[len(xs)/2]
		if len(xs)%2 == 0 {
			med = (xs[len(xs)/2-1] + xs[len(xs)/2]) / 2
		}
		v := vals[ind.Key].Float()
		high := v > 3*med && v-med > 10
		low := med >= 6 && v < med/3
		if high || low {
			m := Amount(math.Round(med * AmountScale))
			note := Phrasef("%s %s%s，远低于本单位以往的中位数 %s，请核实", ind.Name, vals[ind.Key].String(), ind.Unit, m.String())
			if high {
				note = Phrasef("%s %s%s，远高于本单位以往的中位数 %s，请核实", ind.Name, vals[ind.Key].String(), ind.Unit, m.String())
			}
			out = append(out, Outlier{Field: ind.Key, Value: vals[ind.Key], Median: m, Ratio: v / math.Max(med, 1), Message: note.String(), Note: note})
		}
	}
	return out
}
