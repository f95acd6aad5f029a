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

// ReportStatus is where a report stands in its workflow.
type ReportStatus string

const (
	ReportDraft     ReportStatus = "draft"     // being filled by the unit
	ReportSubmitted ReportStatus = "submitted" // sent by the information officer
	ReportApproved  ReportStatus = "approved"  // approved by the department head
	ReportAccepted  ReportStatus = "accepted"  // accepted by the office; locked
)

// Name is the status's name.
func (s ReportStatus) Name() Text {
	return map[ReportStatus]Text{ReportDraft: "填报中", ReportSubmitted: "待审核", ReportApproved: "待签收", ReportAccepted: "已签收"}[s]
}

// ReportAction is a step of the workflow.
type ReportAction string

const (
	ActSubmit  ReportAction = "submit"
	ActApprove ReportAction = "approve"
	ActAccept  ReportAction = "accept"
	ActReturn  ReportAction = "return"
	ActReopen  ReportAction = "reopen"
)

// Next says where an action leads from a status, or an error saying why it
// cannot be taken now.
func (s ReportStatus) Next(a ReportAction) (ReportStatus, error) {
	switch {
	case a == ActSubmit && s == ReportDraft:
		return ReportSubmitted, nil
	case a == ActApprove && s == ReportSubmitted:
		return ReportApproved, nil
	case a == ActAccept && s == ReportApproved:
		return ReportAccepted, nil
	case a == ActReturn && (s == ReportSubmitted || s == ReportApproved):
		return ReportDraft, nil
	case a == ActReopen && s == ReportAccepted:
		return ReportDraft, nil
	}
	return s, Errorf(Conflict, "status", "报表当前状态为“%s”，不能执行该操作", s.Name())
}

// MayAct says whether an actor may take an action on a unit's report: the
// unit's officer (or village supervisor) fills and submits, its head
// approves or returns, the office accepts, returns and reopens.
func (a Actor) MayAct(act ReportAction, unit string, status ReportStatus) bool {
	own := a.SignedIn() && a.Unit == unit
	switch act {
	case ActSubmit:
		return own && (a.Role == RoleOfficer || a.Role == RoleSupervisor)
	case ActApprove:
		return own && a.Role == RoleHead
	case ActAccept, ActReopen:
		return a.Role == RoleOffice
	case ActReturn:
		if status == ReportSubmitted {
			return own && a.Role == RoleHead || a.Role == RoleOffice
		}
		return a.Role == RoleOffice
	}
	return false
}

// MayEdit says whether an actor may change a report's content.
func (a Actor) MayEdit(unit string, status ReportStatus) bool {
	return status == ReportDraft && a.MayAct(ActSubmit, unit, status)
}

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

// FieldError is a validation failure of one field; Message, Key and Args
// as in Error.
type FieldError struct {
	Field   string `json:"field"`
	Rule    string `json:"rule"`
	Message string `json:"message"`
	Key     string `json:"-"`
	Args    []any  `json:"-"`
}

// FieldErrorf builds a FieldError from a Chinese format, the catalogue key.
func FieldErrorf(field, rule, format string, args ...any) FieldError {
	return FieldError{Field: field, Rule: rule, Message: fmt.Sprintf(format, args...), Key: format, Args: args}
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
	var errs []FieldError
	all := map[string]Amount{}
	for k, v := range vars {
		all[k] = v
	}
	for _, ind := range inds {
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
	Message string  `json:"message"`
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
			dir := map[bool]string{true: "远高于", false: "远低于"}[high]
			out = append(out, Outlier{Field: ind.Key, Value: vals[ind.Key], Median: m, Ratio: v / math.Max(med, 1),
				Message: fmt.Sprintf("%s %s%s，%s本单位以往的中位数 %s，请核实", ind.Name, vals[ind.Key], ind.Unit, dir, m)})
		}
	}
	return out
}

// ObligationKey names one report duty.
func ObligationKey(rule int, unit, period string) string {
	return fmt.Sprintf("%d/%s/%s", rule, unit, period)
}

// Obligation is one report a unit owes under a rule for a period.
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
