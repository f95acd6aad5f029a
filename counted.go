package dajia

// What dajia counts for a report from the work recorded in it: the tips a
// unit handles, the cases it leads and its field work. The typed figure
// stays the unit's; the count is shown beside it, and a typed figure that
// differs is marked.

// CaseFigures are what the cases a unit leads count for a period.
type CaseFigures struct {
	Opened      int    // cases opened (立案) in the period
	Value       Amount // the sales and unsold goods of those cases (货值), in yuan
	Closed      int    // cases closed (结案) in the period
	Fines       Amount // fines and confiscations of the decisions made in the period, in yuan
	Transferred int    // cases sent to the police in the period
}

// FieldFigures are what a unit's field work counts for a period: the
// inspections it made (with the market entities they checked, 户次, and
// the inspectors they sent, 人次), its samplings sampled in the period and
// those whose standing result is failed, its publicity activities, its
// survey findings, and the joint actions it took part in that were under
// way in the period.
type FieldFigures struct {
	Inspections     int
	EntitiesChecked int
	Inspectors      int
	Samples         int
	SamplesFailed   int
	Publicity       int
	Surveys         int
	JointActions    int
}

// CountedIndicators are the indicators dajia counts, by key: those of the
// default set, and inspections, surveys and joint_actions for a plan that
// names them.
var CountedIndicators = []string{"tips_received", "cases_opened", "cases_closed", "case_value", "fines", "police_cases",
	"inspectors", "entities_checked", "samples", "samples_failed", "publicity", "inspections", "surveys", "joint_actions"}

// FieldIndicators are the counted indicators that come from field work.
var FieldIndicators = CountedIndicators[6:]

// Wan is an amount of yuan in 万元, as the indicators of money take it,
// rounded half up to the ten-thousandth (one yuan).
func (a Amount) Wan() Amount {
	if a < 0 {
		return -(-a).Wan()
	}
	return (a + AmountScale/2) / AmountScale
}

// Counted is the figures counted for a report under indicators inds: the
// tips received, the unit's case figures and its field work, each under
// its indicator's key, for the indicators the rule has.
func Counted(inds []Indicator, tips int, cases CaseFigures, field FieldFigures) map[string]Amount {
	n := func(i int) Amount { return Amount(i) * AmountScale }
	all := map[string]Amount{
		"tips_received":    n(tips),
		"cases_opened":     n(cases.Opened),
		"cases_closed":     n(cases.Closed),
		"case_value":       cases.Value.Wan(),
		"fines":            cases.Fines.Wan(),
		"police_cases":     n(cases.Transferred),
		"inspectors":       n(field.Inspectors),
		"entities_checked": n(field.EntitiesChecked),
		"samples":          n(field.Samples),
		"samples_failed":   n(field.SamplesFailed),
		"publicity":        n(field.Publicity),
		"inspections":      n(field.Inspections),
		"surveys":          n(field.Surveys),
		"joint_actions":    n(field.JointActions),
	}
	out := map[string]Amount{}
	for _, ind := range inds {
		if v, ok := all[ind.Key]; ok {
			out[ind.Key] = v
		}
	}
	return out
}

// StartsFromCount reports whether the report's form starts figure key
// from dajia's count: a draft never saved, the figure never typed.
func (r Report) StartsFromCount(key string) bool {
	_, saved := r.Values[key]
	return !saved && r.Status == ReportDraft && r.Revision == 0
}

// DiffersFromCount reports whether a typed figure differs from the count:
// a figure that is not a number differs; an empty one does not.
func DiffersFromCount(typed string, count Amount) bool {
	if typed == "" {
		return false
	}
	a, err := ParseAmount(typed)
	return err != nil || a != count
}
