package web_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"dajia"
	"dajia/app"
)

// The report shows beside each figure what dajia counted from the unit's
// cases, starting an untouched draft from it and marking a typed figure
// that differs; the plan's and the campaign's pages add up each campaign's
// clues and cases for those who see cases, each figure a link to its list.
func TestCaseFiguresOnTheReportAndThePlan(t *testing.T) {
	s, c := reportingSite(t, "2017-10-03")
	ctx := context.Background()
	a := testApp(t, s.db, dajia.FixedDayClock{Day: dajia.MustDate("2017-10-03")})
	gs := dajia.Actor{UserID: 2, Name: "gs-officer", Role: dajia.RoleOfficer, Unit: "gsfj"}
	if err := a.SetCasePrefix(ctx, dajia.Actor{UserID: 1, Name: "office", Role: dajia.RoleOffice}, "gsfj", "中港质监罚"); err != nil {
		t.Fatal(err)
	}
	clue, err := a.CreateClue(ctx, gs, app.ClueInput{PlanID: "zs-gangkou-2017", Source: dajia.ClueFromInspection, ReceivedOn: "2017-09-20",
		CampaignNo: 1, Summary: "检查发现某商行销售假冒灯具"})
	if err != nil {
		t.Fatal(err)
	}
	k, err := a.OpenCase(ctx, gs, app.CaseInput{ClueID: clue.ID, OpenedOn: "2017-09-25", Violations: []dajia.Violation{dajia.ViolationLabel}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.UpdateCaseFacts(ctx, gs, k.ID, app.CaseFacts{Violations: []dajia.Violation{dajia.ViolationLabel}, CampaignNo: 1,
		Sales: json.Number("30000"), Unsold: json.Number("12345.67")}); err != nil {
		t.Fatal(err)
	}

	// The case's clock is on its unit's to-do, not on another unit's.
	casePath := `href="/cases/` + itoa(k.ID) + `"`
	if _, todo := c["officer"].get(t, "/"); !strings.Contains(todo, casePath) || !strings.Contains(todo, "作出处理决定") {
		t.Error("the unit's to-do lacks its case")
	}
	if _, todo := c["other"].get(t, "/"); strings.Contains(todo, casePath) {
		t.Error("another unit's to-do shows the case")
	}

	// September: one case opened, ¥42,345.67 of goods = 4.2346 万元.
	path := "/reports/" + itoa(s.reportID(t, "gsfj", "2017-09"))
	_, rep := c["officer"].get(t, path)
	for _, want := range []string{`id="p_cases_opened">系统记录：1`, `name="v_cases_opened" inputmode="decimal" value="1"`,
		`id="p_case_value">系统记录：4.2346`, `id="p_police_cases">系统记录：0`} {
		if !strings.Contains(rep, want) {
			t.Errorf("the report lacks %s", want)
		}
	}
	if strings.Contains(rep, `differs" id="p_cases_opened"`) {
		t.Error("the count is marked as differing from itself")
	}
	// The unit types its own figure: it stays, marked beside the count.
	if r, _ := c["officer"].post(t, path, form("v_cases_opened", "3", "v_case_value", "4.2346")); r.StatusCode != 200 {
		t.Fatalf("save: %d", r.StatusCode)
	}
	_, rep = c["officer"].get(t, path)
	if !strings.Contains(rep, `name="v_cases_opened" inputmode="decimal" value="3"`) || !strings.Contains(rep, `class="prefill differs" id="p_cases_opened"`) ||
		strings.Contains(rep, `differs" id="p_case_value"`) {
		t.Error("the typed figure is not kept and marked")
	}

	// The plan's campaigns: the office and gsfj see the case, zjfj none,
	// the public no figures at all.
	list := "/cases?campaign=1&amp;plan=zs-gangkou-2017"
	for _, tt := range []struct {
		who  string
		want string
	}{
		{"office", `<td data-label="立案"><a href="` + list + `">1</a></td>`},
		{"officer", `<td data-label="立案"><a href="` + list + `">1</a></td>`},
		{"other", `<td data-label="立案"><a href="` + list + `">0</a></td>`},
	} {
		_, page := c[tt.who].get(t, "/plans/zs-gangkou-2017")
		if !strings.Contains(page, "专项行动办案情况") || !strings.Contains(page, tt.want) ||
			!strings.Contains(page, `href="/clues?campaign=1&amp;plan=zs-gangkou-2017"`) {
			t.Errorf("%s: the plan's campaign figures lack %s", tt.who, tt.want)
		}
	}
	if _, _, page := s.get(t, "/plans/zs-gangkou-2017"); strings.Contains(page, "专项行动办案情况") {
		t.Error("the public sees the campaigns' cases")
	}
	_, camp := c["office"].get(t, "/plans/zs-gangkou-2017/campaigns/1")
	if !strings.Contains(camp, "办案情况") || !strings.Contains(camp, `<a href="`+list+`">4.2346</a>`) {
		t.Error("the campaign's page lacks its figures")
	}
}
