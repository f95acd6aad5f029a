package dajia_test

import (
	"testing"

	"dajia"
)

func TestPhaseStateOnPlacesADayInThePlansPhases(t *testing.T) {
	d := dajia.MustDate
	p := &dajia.Plan{Phases: []dajia.Phase{
		{Key: "deploy", Name: "宣传部署阶段", Start: d("2017-08-01"), End: d("2017-08-31"), Text: "长文"},
		{Key: "action", Name: "集中整治阶段", Start: d("2017-09-05"), End: d("2017-11-30")},
	}}
	for _, tt := range []struct {
		day, state, current, next string
		left, to                  int
	}{
		{"2017-07-30", "before", "", "deploy", 0, 2},
		{"2017-08-01", "running", "deploy", "action", 30, 35},
		{"2017-08-31", "running", "deploy", "action", 0, 5},
		{"2017-09-02", "between", "", "action", 0, 3},
		{"2017-11-30", "running", "action", "", 0, 0},
		{"2017-12-01", "after", "", "", 0, 0},
	} {
		s := p.PhaseStateOn(d(tt.day))
		cur, next := "", ""
		if s.Current != nil {
			cur = s.Current.Key
			if s.Current.Text != "" {
				t.Errorf("%s: the phase's text is carried", tt.day)
			}
		}
		if s.Next != nil {
			next = s.Next.Key
		}
		if s.State != tt.state || cur != tt.current || next != tt.next || s.DaysLeft != tt.left || s.DaysTo != tt.to {
			t.Errorf("%s: %s %q→%q left %d to %d; want %s %q→%q %d %d", tt.day, s.State, cur, next, s.DaysLeft, s.DaysTo, tt.state, tt.current, tt.next, tt.left, tt.to)
		}
	}
	if s := (&dajia.Plan{}).PhaseStateOn(d("2017-09-01")); s.State != "none" || s.Current != nil || s.Next != nil {
		t.Errorf("a plan without phases: %+v", s)
	}
}

func TestMonthRangeIsTheMonthsFirstAndLastDay(t *testing.T) {
	for _, tt := range []struct {
		month, first, last string
	}{{"2017-02", "2017-02-01", "2017-02-28"}, {"2016-02", "2016-02-01", "2016-02-29"}, {"2017-12", "2017-12-01", "2017-12-31"}} {
		f, l, ok := dajia.MonthRange(tt.month)
		if !ok || f.String() != tt.first || l.String() != tt.last {
			t.Errorf("%s: %s %s %v", tt.month, f, l, ok)
		}
	}
	for _, bad := range []string{"", "2017-13", "2017-00", "2017-1", "17-01", "2017/01", "abcd-ef", "2017-01-01"} {
		if _, _, ok := dajia.MonthRange(bad); ok {
			t.Errorf("%q is taken for a month", bad)
		}
	}
}
