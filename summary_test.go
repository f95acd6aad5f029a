package dajia_test

import (
	"strings"
	"testing"
	"time"

	"dajia"
)

// sent is a report of unit for September 2017 first sent on day (none when
// day is "").
func sent(unit, day string, zero bool, keyCases string) dajia.Report {
	r := dajia.Report{PlanID: "zs-gangkou-2017", RuleName: "月度信息报送", Unit: unit, Period: dajia.PeriodOf(dajia.Monthly, d("2017-09-01")),
		PeriodID: "2017-09", Due: d("2017-10-05"), Status: dajia.ReportDraft, Zero: zero, KeyCases: keyCases}
	if day != "" {
		r.Status = dajia.ReportSubmitted
		r.FirstSubmittedAt = time.Date(d(day).Year, d(day).Month, d(day).Day, 10, 0, 0, 0, dajia.ChinaTime)
	}
	return r
}

func TestPeriodSummaryAndCircular(t *testing.T) {
	p := reference(t)
	reps := []dajia.Report{
		sent("zjfj", "", false, ""),
		sent("gsfj", "2017-10-08", false, "查处假冒灯具案"),
		sent("gafj", "2017-10-04", true, ""),
	}
	vals := map[string]map[string]dajia.Amount{"gsfj": {"inspectors": 7 * dajia.AmountScale, "fines": 25000}}
	ps := p.SummarizePeriod(0, reps, vals, d("2017-10-09"))
	order := []string{"zjfj", "gsfj", "gafj"}
	p.SortUnitsByPlan(order)
	var got []string
	for _, u := range ps.Units {
		got = append(got, u.Unit)
	}
	tests := []struct {
		name string
		ok   bool
	}{
		{"units in the plan's order", strings.Join(got, ",") == strings.Join(order, ",")},
		{"the late and the missing are named", strings.Join(ps.Late, "") == "工商分局" && strings.Join(ps.Missing, "") == "质监分局"},
		{"figures are merged", ps.Totals["inspectors"] == 7*dajia.AmountScale},
		{"the texts of sent reports are kept", len(ps.KeyCases) == 1 && ps.KeyCases[0].Text == "查处假冒灯具案"},
		{"the due date and rule come from the reports", ps.Due == d("2017-10-05") && ps.RuleName == "月度信息报送"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !tt.ok {
				t.Fatalf("summary = %+v", ps)
			}
		})
	}
	circ := ps.Circular(d("2017-10-09"))
	for _, want := range []string{"关于2017年9月打假信息报送情况的通报", "应报单位3个，按时报送1个", "逾期报送1个（工商分局）", "未报送1个（质监分局）",
		"3个工作日内补报", "本期全镇汇总：出动执法人员7人次，罚没款2.5万元", "2017年10月9日"} {
		t.Run("the circular says "+want, func(t *testing.T) {
			if !strings.Contains(circ, want) {
				t.Fatalf("circular:\n%s", circ)
			}
		})
	}
	t.Run("everyone on time is praised", func(t *testing.T) {
		ok := p.SummarizePeriod(0, []dajia.Report{sent("gafj", "2017-10-04", true, "")}, nil, d("2017-10-09")).Circular(d("2017-10-09"))
		if !strings.Contains(ok, "各单位均按时报送") || strings.Contains(ok, "补报") {
			t.Fatalf("circular:\n%s", ok)
		}
	})
}

func TestMatrixRowsAndRates(t *testing.T) {
	p := reference(t)
	aug := sent("gsfj", "2017-09-04", false, "")
	aug.Period, aug.PeriodID, aug.Due = dajia.PeriodOf(dajia.Monthly, d("2017-08-01")), "2017-08", d("2017-09-05")
	m := p.Matrix(0, []dajia.Report{aug, sent("gsfj", "2017-10-08", false, ""), sent("zjfj", "", false, "")}, d("2017-10-09"))
	if len(m.Periods) != 5 || m.Periods[0].ID() != "2017-08" {
		t.Fatalf("periods %v", m.Periods)
	}
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"a row per unit with reports", len(m.Rows), 2},
		{"a unit's reported rate counts due reports", m.Rows[0].Rates.Reported, dajia.Rate{Num: 2, Den: 2}},
		{"a unit's on-time rate", m.Rows[0].Rates.OnTime, dajia.Rate{Num: 1, Den: 2}},
		{"the town's rates", m.Total.Reported, dajia.Rate{Num: 2, Den: 3}},
		{"a missing report is counted", m.Counts[string(dajia.Missing)], 1},
		{"a period without a report is an empty cell", m.Rows[1].Cells[0].Report.ID == 0 && m.Rows[1].Cells[0].Timeliness == "", true},
		{"the units behind the missing count", len(m.Only(dajia.Missing).Rows) == 1 && m.Only(dajia.Missing).Rows[0].Unit.Unit.Key == "zjfj", true},
		{"the units behind the late count", len(m.Only(dajia.Late).Rows) == 1 && m.Only(dajia.Late).Rows[0].Unit.Unit.Key == "gsfj", true},
		{"only keeps the town's counts", m.Only(dajia.Late).Counts[string(dajia.Missing)], 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Fatalf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
}
