package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"dajia/store"
)

// The office's to-do on 15 October 2017 once held one "催报" card per unit
// and month. Late reports now come as one item per rule and period with one
// button that reminds every unit behind it; what the office decides itself
// (签收, a tip to assign) comes first; the list stays short however many
// units the plan has.
func TestOfficeTodoGroupsLateUnitsAndRemindsThemAtOnce(t *testing.T) {
	s, c := reportingSite(t, "2017-10-15")
	// 工商分局's September report waits for the office to accept it.
	path := "/reports/" + itoa(s.reportID(t, "gsfj", "2017-09"))
	c["officer"].post(t, path, form("v_inspectors", "12", "v_samples", "5", "v_samples_failed", "1", "v_cases_opened", "2", "v_cases_closed", "1",
		"v_fines", "1.5", "key_cases", "查处某商行销售假冒灯具案", "practices", "联合执法", "then", "submit"))
	if r, _ := c["head"].post(t, path+"/do/approve", nil); !strings.Contains(r.Request.URL.String(), "done=approve") {
		t.Fatalf("approve went to %s", r.Request.URL)
	}

	_, body := c["office"].get(t, "/todo")
	items := strings.Count(body, `<li class="todo-item`)
	if n := strings.Count(body, "催报（逾期未报）"); n != 2 {
		t.Errorf("%d 催报 cards, want one per rule and period (August and September)", n)
	}
	if items > 6 {
		t.Errorf("%d items on the office's to-do, want a short list", items)
	}
	if !strings.Contains(body, "2017年9月月度信息报送：") || !strings.Contains(body, "个单位未报") || !strings.Contains(body, "等 ") {
		t.Fatalf("no group of late units: %s", body)
	}
	if i, j := strings.Index(body, `<span class="what">签收`), strings.Index(body, "个单位未报"); i < 0 || i > j {
		t.Errorf("the report to accept (at %d) is not before the late units (at %d)", i, j)
	}
	if strings.Contains(body, "还有") && strings.Contains(body, " 天") {
		t.Errorf("calendar days on the to-do: %s", body)
	}

	// One press reminds them all, once a day, audited.
	r, after := c["office"].post(t, "/todo/remind?plan=zs-gangkou-2017&rule=0&period=2017-08", nil)
	if r.StatusCode != 200 || !strings.Contains(after, "已提醒") {
		t.Fatalf("remind: %d %s", r.StatusCode, after)
	}
	_, notes := c["officer"].get(t, "/todo")
	if !strings.Contains(notes, "至今未报送，请尽快补报") {
		t.Error("the late unit's officer sees no reminder")
	}
	recs, err := s.db.AuditLog(context.Background(), store.AuditFilter{Action: "report.remind"})
	if err != nil || len(recs) != 1 || recs[0].Object != "plan:zs-gangkou-2017/rule:0/period:2017-08" {
		t.Errorf("audit of the reminding: %v %+v", err, recs)
	}
	if r, _ := c["officer"].post(t, "/todo/remind?plan=zs-gangkou-2017&rule=0&period=2017-08", nil); r.StatusCode != http.StatusForbidden {
		t.Errorf("an officer reminds the units: %d", r.StatusCode)
	}
}

// Legal clocks count working days wherever they are shown: the to-do, the
// tip's page and the report's page say the same "还有 7 个工作日".
func TestClocksSayWorkingDaysEverywhere(t *testing.T) {
	s, c := reportingSite(t, "2017-10-15")
	if r, b := postTip(t, &http.Client{}, s.URL, complaint("13800138000")); r.StatusCode >= 400 {
		t.Fatalf("tip: %d %s", r.StatusCode, b)
	}
	tips, err := s.db.Tips(context.Background(), store.TipFilter{})
	if err != nil || len(tips) != 1 {
		t.Fatalf("tips: %v %d", err, len(tips))
	}
	_, todo := c["officer"].get(t, "/todo")
	_, tip := c["officer"].get(t, "/tips/"+itoa(tips[0].ID))
	_, rep := c["officer"].get(t, "/reports/"+itoa(s.reportID(t, "gsfj", "2017-09")))
	for name, page := range map[string]string{"to-do": todo, "tip": tip} {
		if !strings.Contains(page, "还有 7 个工作日") {
			t.Errorf("the %s page does not say 还有 7 个工作日", name)
		}
	}
	if !strings.Contains(todo, "已逾期 5 个工作日") || !strings.Contains(rep, "已逾期 5 个工作日") {
		t.Error("the September report, due 5 October, is not 已逾期 5 个工作日 on the to-do and its page")
	}
	if strings.Contains(todo, " 天") {
		t.Error("the to-do counts calendar days")
	}
}
