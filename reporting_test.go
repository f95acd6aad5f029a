package dajia_test

import (
	"strings"
	"testing"
	"time"

	"dajia"
	"dajia/calendar"
	"dajia/locale"
)

func TestReportWorkflowTransitions(t *testing.T) {
	legal := []struct {
		from dajia.ReportStatus
		act  dajia.ReportAction
		to   dajia.ReportStatus
	}{
		{dajia.ReportDraft, dajia.ActSubmit, dajia.ReportSubmitted},
		{dajia.ReportSubmitted, dajia.ActApprove, dajia.ReportApproved},
		{dajia.ReportApproved, dajia.ActAccept, dajia.ReportAccepted},
		{dajia.ReportSubmitted, dajia.ActReturn, dajia.ReportDraft},
		{dajia.ReportApproved, dajia.ActReturn, dajia.ReportDraft},
		{dajia.ReportAccepted, dajia.ActReopen, dajia.ReportDraft},
	}
	ok := map[string]bool{}
	for _, l := range legal {
		got, err := l.from.Next(l.act)
		if err != nil || got != l.to {
			t.Errorf("%s --%s--> %s, %v; want %s", l.from, l.act, got, err, l.to)
		}
		ok[string(l.from)+string(l.act)] = true
	}
	for _, s := range []dajia.ReportStatus{dajia.ReportDraft, dajia.ReportSubmitted, dajia.ReportApproved, dajia.ReportAccepted} {
		for _, a := range []dajia.ReportAction{dajia.ActSubmit, dajia.ActApprove, dajia.ActAccept, dajia.ActReturn, dajia.ActReopen} {
			if ok[string(s)+string(a)] {
				continue
			}
			if _, err := s.Next(a); dajia.ErrorCode(err) != dajia.Conflict {
				t.Errorf("%s --%s--> must be refused, got %v", s, a, err)
			}
		}
	}
}

func TestWhoMayTakeWhichStep(t *testing.T) {
	officer := dajia.Actor{UserID: 1, Role: dajia.RoleOfficer, Unit: "gsfj"}
	other := dajia.Actor{UserID: 2, Role: dajia.RoleOfficer, Unit: "zjfj"}
	head := dajia.Actor{UserID: 3, Role: dajia.RoleHead, Unit: "gsfj"}
	office := dajia.Actor{UserID: 4, Role: dajia.RoleOffice}
	leader := dajia.Actor{UserID: 5, Role: dajia.RoleLeader}
	tests := []struct {
		a    dajia.Actor
		act  dajia.ReportAction
		st   dajia.ReportStatus
		want bool
	}{
		{officer, dajia.ActSubmit, dajia.ReportDraft, true},
		{other, dajia.ActSubmit, dajia.ReportDraft, false},
		{head, dajia.ActSubmit, dajia.ReportDraft, false},
		{head, dajia.ActApprove, dajia.ReportSubmitted, true},
		{officer, dajia.ActApprove, dajia.ReportSubmitted, false},
		{head, dajia.ActReturn, dajia.ReportSubmitted, true},
		{head, dajia.ActReturn, dajia.ReportApproved, false},
		{office, dajia.ActReturn, dajia.ReportApproved, true},
		{office, dajia.ActAccept, dajia.ReportApproved, true},
		{head, dajia.ActAccept, dajia.ReportApproved, false},
		{office, dajia.ActReopen, dajia.ReportAccepted, true},
		{leader, dajia.ActAccept, dajia.ReportApproved, false},
		{office, dajia.ActSubmit, dajia.ReportDraft, false},
	}
	for _, tt := range tests {
		if got := tt.a.MayAct(tt.act, "gsfj", tt.st); got != tt.want {
			t.Errorf("%s/%s %s on %s: %v", tt.a.Role, tt.a.Unit, tt.act, tt.st, got)
		}
	}
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
		if got := dajia.TimelinessOf(due, tt.sent, tt.zero, d(tt.today)); got != tt.want {
			t.Errorf("sent %v zero %v on %s: %s, want %s", tt.sent, tt.zero, tt.today, got, tt.want)
		}
	}
	r := dajia.RatesOf([]dajia.Timeliness{dajia.OnTime, dajia.ZeroReport, dajia.Late, dajia.Missing, dajia.NotYetDue})
	if r.Reported.Num != 3 || r.Reported.Den != 4 || r.OnTime.Num != 2 || r.OnTime.Percent() != 50 || r.Reported.Percent() != 75 {
		t.Fatalf("rates %+v", r)
	}
}

func TestAmounts(t *testing.T) {
	for in, want := range map[string]string{"12": "12", "3.5": "3.5", "0.0001": "0.0001", "1,234.50": "1234.5", ".5": "0.5", "-2": "-2", "007": "7"} {
		a, err := dajia.ParseAmount(in)
		if err != nil || a.String() != want {
			t.Errorf("%q → %s %v; want %s", in, a, err, want)
		}
	}
	for _, bad := range []string{"", "abc", "1.23456", "1e5", "1.2.3", "１２", "9999999999999", "0x10"} {
		if _, err := dajia.ParseAmount(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
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
		open, _ := dajia.ParseAmount(tt.open)
		errs := dajia.Validate(inds, tt.vals, map[string]dajia.Amount{"open_before": open}, dajia.DefaultValidationRules())
		var got []string
		for _, e := range errs {
			got = append(got, e.Field)
			if e.Message == "" || !locale.Has("en", e.Message) && !locale.Has("en", e.Key) {
				t.Errorf("%s: error without message", tt.name)
			}
		}
		if strings.Join(got, ",") != strings.Join(tt.fields, ",") {
			t.Errorf("%s: fields %v, want %v", tt.name, got, tt.fields)
		}
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
