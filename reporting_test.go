package dajia_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"dajia"
	"dajia/calendar"
	"dajia/locale"
)

func d(s string) dajia.Date { return dajia.MustDate(s) }

func TestDueDatesForEveryPeriodKind(t *testing.T) {
	cal := calendar.Embedded()
	tests := []struct {
		name   string
		rule   dajia.ReportingRule
		period dajia.Period
		want   string
	}{
		{"seed: monthly for August due on 5 September", dajia.ReportingRule{Period: "monthly", Covers: "previous", DueDay: "5"}, dajia.PeriodOf("monthly", d("2017-08-10")), "2017-09-05"},
		{"covers current with last: due on the last day of the month", dajia.ReportingRule{Period: "monthly", Covers: "current", DueDay: "last"}, dajia.PeriodOf("monthly", d("2017-08-10")), "2017-08-31"},
		{"day 31 in a short month is the month's last day", dajia.ReportingRule{Period: "monthly", Covers: "previous", DueDay: "31"}, dajia.PeriodOf("monthly", d("2017-01-10")), "2017-02-28"},
		{"December report due in January of next year", dajia.ReportingRule{Period: "monthly", DueDay: "5"}, dajia.PeriodOf("monthly", d("2017-12-01")), "2018-01-05"},
		{"seed rule has no shift: due on the National Day holiday stays", dajia.ReportingRule{Period: "monthly", DueDay: "5", DueShift: "none"}, dajia.PeriodOf("monthly", d("2017-09-01")), "2017-10-05"},
		{"next_workday moves past the National Day break", dajia.ReportingRule{Period: "monthly", DueDay: "5", DueShift: "next_workday"}, dajia.PeriodOf("monthly", d("2017-09-01")), "2017-10-09"},
		{"next_workday keeps a make-up Saturday (2017-09-30 is a workday)", dajia.ReportingRule{Period: "monthly", Covers: "current", DueDay: "30", DueShift: "next_workday"}, dajia.PeriodOf("monthly", d("2017-09-01")), "2017-09-30"},
		{"next_workday moves an ordinary Sunday to Monday", dajia.ReportingRule{Period: "monthly", DueDay: "5", DueShift: "next_workday"}, dajia.PeriodOf("monthly", d("2017-10-01")), "2017-11-06"},
		{"quarterly previous: Q3 due in October", dajia.ReportingRule{Period: "quarterly", DueDay: "10"}, dajia.PeriodOf("quarterly", d("2017-08-15")), "2017-10-10"},
		{"quarterly current: due in the quarter's last month", dajia.ReportingRule{Period: "quarterly", Covers: "current", DueDay: "last"}, dajia.PeriodOf("quarterly", d("2017-08-15")), "2017-09-30"},
		{"quarterly Q4 previous crosses the year", dajia.ReportingRule{Period: "quarterly", DueDay: "15", DueShift: "next_workday"}, dajia.PeriodOf("quarterly", d("2017-11-15")), "2018-01-15"},
		{"weekly previous: due on the Monday after", dajia.ReportingRule{Period: "weekly", DueDay: "mon"}, dajia.PeriodOf("weekly", d("2017-09-13")), "2017-09-18"},
		{"weekly current: due on that week's Friday", dajia.ReportingRule{Period: "weekly", Covers: "current", DueDay: "fri"}, dajia.PeriodOf("weekly", d("2017-09-13")), "2017-09-15"},
		{"weekly Monday in the holiday shifts to 9 October", dajia.ReportingRule{Period: "weekly", DueDay: "mon", DueShift: "next_workday"}, dajia.PeriodOf("weekly", d("2017-09-27")), "2017-10-09"},
		{"annual previous: due in January of the next year", dajia.ReportingRule{Period: "annual", DueDay: "01-15"}, dajia.PeriodOf("annual", d("2017-05-01")), "2018-01-15"},
		{"annual current: due in the same year", dajia.ReportingRule{Period: "annual", Covers: "current", DueDay: "12-20"}, dajia.PeriodOf("annual", d("2017-05-01")), "2017-12-20"},
		{"annual shifted past Spring Festival 2018", dajia.ReportingRule{Period: "annual", DueDay: "02-16", DueShift: "next_workday"}, dajia.PeriodOf("annual", d("2017-05-01")), "2018-02-22"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.rule.DueDate(tt.period, cal)
			if err != nil {
				t.Fatal(err)
			}
			if got.String() != tt.want {
				t.Fatalf("due = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestDueDateInYearWithoutCalendarIsAnError(t *testing.T) {
	r := dajia.ReportingRule{Period: "monthly", DueDay: "5", DueShift: "next_workday"}
	_, err := r.DueDate(dajia.PeriodOf("monthly", d("2031-03-01")), calendar.Embedded())
	if err == nil || dajia.ErrorCode(err) != dajia.Invalid {
		t.Fatalf("err = %v, want an invalid error naming the year", err)
	}
	if e := dajia.ErrorOf(err); !contains(e.Message, "2031") {
		t.Fatalf("message %q must name the missing year", e.Message)
	}
}

func TestInvalidDueDayIsRefused(t *testing.T) {
	for _, r := range []dajia.ReportingRule{
		{Period: "monthly", DueDay: "32"}, {Period: "monthly", DueDay: "0"}, {Period: "monthly", DueDay: "mon"},
		{Period: "weekly", DueDay: "5"}, {Period: "annual", DueDay: "13-01"}, {Period: "annual", DueDay: "02-30"},
		{Period: "daily", DueDay: "1"},
	} {
		t.Run(r.Period+" "+r.DueDay, func(t *testing.T) {
			if r.CheckDueDay() == nil {
				t.Errorf("%s due_day %q accepted", r.Period, r.DueDay)
			}
			if _, err := r.DueDate(dajia.PeriodOf(r.Period, d("2017-01-01")), calendar.Embedded()); err == nil {
				t.Errorf("%s due_day %q: DueDate gave no error", r.Period, r.DueDay)
			}
		})
	}
}

func TestPeriodsIDsAndLabels(t *testing.T) {
	tests := []struct{ kind, day, id, label, start, end string }{
		{"weekly", "2017-09-13", "2017-W37", "2017年第37周", "2017-09-11", "2017-09-17"},
		{"weekly", "2017-01-01", "2016-W52", "2016年第52周", "2016-12-26", "2017-01-01"},
		{"monthly", "2017-02-10", "2017-02", "2017年2月", "2017-02-01", "2017-02-28"},
		{"quarterly", "2017-11-30", "2017-Q4", "2017年第4季度", "2017-10-01", "2017-12-31"},
		{"annual", "2017-06-01", "2017", "2017年度", "2017-01-01", "2017-12-31"},
	}
	for _, tt := range tests {
		t.Run(tt.kind+" "+tt.day, func(t *testing.T) {
			p := dajia.PeriodOf(tt.kind, d(tt.day))
			if p.ID() != tt.id || p.Label() != tt.label || p.Start.String() != tt.start || p.End.String() != tt.end {
				t.Errorf("got %s %s %s..%s", p.ID(), p.Label(), p.Start, p.End)
			}
		})
	}
	if n := len(dajia.ReportingRule{Period: "monthly"}.Periods(2017)); n != 12 {
		t.Errorf("monthly periods in 2017 = %d", n)
	}
	if n := len(dajia.ReportingRule{Period: "quarterly"}.Periods(2017)); n != 4 {
		t.Errorf("quarterly periods in 2017 = %d", n)
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

func TestTimeliness(t *testing.T) {
	due := d("2017-10-05")
	at := func(s string) time.Time {
		x, _ := time.ParseInLocation("2006-01-02 15:04", s, dajia.ChinaTime)
		return x
	}
	tests := []struct {
		sent  time.Time
		zero  bool
		today string
		want  dajia.Timeliness
	}{
		{time.Time{}, false, "2017-10-05", dajia.NotYetDue},
		{time.Time{}, false, "2017-10-06", dajia.Missing},
		{at("2017-10-05 23:59"), false, "2017-10-20", dajia.OnTime},
		{at("2017-10-06 00:01"), false, "2017-10-20", dajia.Late},
		{at("2017-10-03 09:00"), true, "2017-10-20", dajia.ZeroReport},
		{at("2017-10-09 09:00"), true, "2017-10-20", dajia.Late},
		// 2017-10-05 16:30 UTC is 6 October in China: late.
		{time.Date(2017, 10, 5, 16, 30, 0, 0, time.UTC), false, "2017-10-20", dajia.Late},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("sent %s zero %v on %s", tt.sent.Format(time.RFC3339), tt.zero, tt.today), func(t *testing.T) {
			if got := dajia.TimelinessOf(due, tt.sent, tt.zero, d(tt.today)); got != tt.want {
				t.Errorf("%s, want %s", got, tt.want)
			}
		})
	}
	r := dajia.RatesOf([]dajia.Timeliness{dajia.OnTime, dajia.ZeroReport, dajia.Late, dajia.Missing, dajia.NotYetDue})
	if r.Reported.Num != 3 || r.Reported.Den != 4 || r.OnTime.Num != 2 || r.OnTime.Percent() != 50 || r.Reported.Percent() != 75 {
		t.Fatalf("rates %+v", r)
	}
}

func TestAmounts(t *testing.T) {
	for in, want := range map[string]string{"12": "12", "3.5": "3.5", "0.0001": "0.0001", "1,234.50": "1234.5", ".5": "0.5", "-2": "-2", "007": "7"} {
		t.Run(in, func(t *testing.T) {
			a, err := dajia.ParseAmount(in)
			if err != nil || a.String() != want {
				t.Errorf("%q → %s %v; want %s", in, a, err, want)
			}
		})
	}
	for _, bad := range []string{"", "abc", "1.23456", "1e5", "1.2.3", "１２", "9999999999999", "0x10"} {
		t.Run("refused "+bad, func(t *testing.T) {
			if _, err := dajia.ParseAmount(bad); err == nil {
				t.Errorf("%q accepted", bad)
			}
		})
	}
}

func TestValidationRules(t *testing.T) {
	inds := dajia.DefaultIndicators()
	v := func(kv ...any) map[string]dajia.Amount {
		m := map[string]dajia.Amount{}
		for i := 0; i < len(kv); i += 2 {
			a, _ := dajia.ParseAmount(kv[i+1].(string))
			m[kv[i].(string)] = a
		}
		return m
	}
	tests := []struct {
		name   string
		vals   map[string]dajia.Amount
		open   string
		fields []string
	}{
		{"clean", v("cases_opened", "3", "cases_closed", "2", "samples", "10", "samples_failed", "1", "fines", "1.25"), "0", nil},
		{"negative", v("inspectors", "-1"), "0", []string{"inspectors"}},
		{"fraction of a count", v("cases_opened", "1.5"), "0", []string{"cases_opened"}},
		{"failed above sampled", v("samples", "2", "samples_failed", "3"), "0", []string{"samples_failed"}},
		{"closed above opened with nothing open before", v("cases_opened", "1", "cases_closed", "2"), "0", []string{"cases_closed"}},
		{"closed covered by cases open before", v("cases_opened", "1", "cases_closed", "2"), "1", nil},
		{"police above cases", v("cases_opened", "1", "police_cases", "3"), "1", []string{"police_cases"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			open, _ := dajia.ParseAmount(tt.open)
			errs := dajia.Validate(inds, tt.vals, map[string]dajia.Amount{"open_before": open}, dajia.DefaultValidationRules())
			var got []string
			for _, e := range errs {
				got = append(got, e.Field)
				if e.Message == "" || !locale.Has("en", e.Message) && !locale.Has("en", e.Key) {
					t.Errorf("error without message")
				}
			}
			if strings.Join(got, ",") != strings.Join(tt.fields, ",") {
				t.Errorf("fields %v, want %v", got, tt.fields)
			}
		})
	}
	// A rule naming an indicator a plan does not have is skipped.
	few := []dajia.Indicator{{Key: "cases_opened", Name: "立案", Unit: "宗"}}
	if errs := dajia.Validate(few, v("cases_opened", "1"), nil, dajia.DefaultValidationRules()); len(errs) != 0 {
		t.Fatalf("%v", errs)
	}
}

func TestOutliersAreFlaggedAgainstTheUnitsHistory(t *testing.T) {
	inds := []dajia.Indicator{{Key: "inspectors", Name: "出动执法人员", Unit: "人次"}}
	h := func(n ...int64) []map[string]dajia.Amount {
		var out []map[string]dajia.Amount
		for _, x := range n {
			out = append(out, map[string]dajia.Amount{"inspectors": dajia.Amount(x * dajia.AmountScale)})
		}
		return out
	}
	val := func(n int64) map[string]dajia.Amount {
		return map[string]dajia.Amount{"inspectors": dajia.Amount(n * dajia.AmountScale)}
	}
	if o := dajia.Outliers(inds, val(500), h(20, 25)); o != nil {
		t.Error("two earlier reports are too few to judge")
	}
	if o := dajia.Outliers(inds, val(30), h(20, 25, 22)); o != nil {
		t.Error("30 against a median of 22 is ordinary")
	}
	if o := dajia.Outliers(inds, val(300), h(20, 25, 22)); len(o) != 1 || !strings.Contains(o[0].Message, "远高于") {
		t.Errorf("300 against 22: %v", o)
	}
	if o := dajia.Outliers(inds, val(1), h(20, 25, 22)); len(o) != 1 || !strings.Contains(o[0].Message, "远低于") {
		t.Errorf("1 against 22: %v", o)
	}
}

func TestSeedObligations(t *testing.T) {
	p := reference(t)
	obs, err := p.Obligations(calendar.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	// 10 town departments (市质监局 reports to the city), August (the first
	// phase starts on 1 August) to December.
	if len(obs) != 50 {
		t.Fatalf("%d obligations", len(obs))
	}
	if obs[0].Period.ID() != "2017-08" || obs[0].Due.String() != "2017-09-05" {
		t.Fatalf("first: %+v", obs[0])
	}
}
