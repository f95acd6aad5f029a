package dajia

// What dajia counts for a report from the work recorded in it: the tips a
// unit handles and the cases it leads. The typed figure stays the unit's;
// the count is shown beside it, and a typed figure that differs is marked.

// CaseFigures are what the cases a unit leads count for a period.
type CaseFigures struct {
	Opened      int    // cases opened (立案) in the period
	Value       Amount // the sales and unsold goods of those cases (货值), in yuan
	Closed      int    // cases closed (结案) in the period
	Fines       Amount // fines and confiscations of the decisions made in the period, in yuan
	Transferred int    // cases sent to the police in the period
}

// CountedIndicators are the indicators dajia counts, by key.
var CountedIndicators = []string{"tips_received", "cases_opened", "cases_closed", "case_value", "fines", "police_cases"}

// Wan is an amount of yuan in 万元, as the indicators of money take it,
// rounded half up to the ten-thousandth (one yuan).
func (a Amount) Wan() Amount {
	if a < 0 {
		return -(-a).Wan()
	}
	return (a + AmountScale/2) / AmountScale
}

// Counted is the figures counted for a report under indicators inds: the
// tips received and the unit's case figures, each under its indicator's
// key, for the indicators the rule has.
func Counted(inds []Indicator, tips int, cases CaseFigures) map[string]Amount {
	all := map[string]Amount{
		"tips_received": Amount(tips) * AmountScale,
		"cases_opened":  Amount(cases.Opened) * AmountScale,
		"cases_closed":  Amount(cases.Closed) * AmountScale,
		"case_value":    cases.Value.Wan(),
		"fines":         cases.Fines.Wan(),
		"police_cases":  Amount(cases.Transferred) * AmountScale,
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
