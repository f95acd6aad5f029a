package dajia_test

import (
	"testing"

	"dajia"
	"dajia/calendar"
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
		if r.CheckDueDay() == nil {
			t.Errorf("%s due_day %q accepted", r.Period, r.DueDay)
		}
		if _, err := r.DueDate(dajia.PeriodOf(r.Period, d("2017-01-01")), calendar.Embedded()); err == nil {
			t.Errorf("%s due_day %q: DueDate gave no error", r.Period, r.DueDay)
		}
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
		p := dajia.PeriodOf(tt.kind, d(tt.day))
		if p.ID() != tt.id || p.Label() != tt.label || p.Start.String() != tt.start || p.End.String() != tt.end {
			t.Errorf("%s %s: got %s %s %s..%s", tt.kind, tt.day, p.ID(), p.Label(), p.Start, p.End)
		}
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
