package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"dajia"
	"dajia/store"
)

// Histories name people, not login names: "张三（工商分局） 报送",
// "张荣钦（打假办） 签收", "公众 已收到"; months read 2017年9月, and
// September 2017 in English.
func TestHistoriesNamePeopleAndTheirUnits(t *testing.T) {
	s := newSite(t, "2017-10-03")
	for _, u := range []store.NewUser{{Name: "gs-officer", DisplayName: "王小明", Role: dajia.RoleOfficer, Unit: "gsfj"},
		{Name: "gs-head", DisplayName: "李建国", Role: dajia.RoleHead, Unit: "gsfj"}} {
		u.PasswordHash = hasher.Hash("Gangkou#2017")
		if _, err := s.db.CreateUser(context.Background(), dajia.CLIActor("test"), u); err != nil {
			t.Fatal(err)
		}
	}
	officer, head, office := s.signIn(t, "gs-officer"), s.signIn(t, "gs-head"), s.signIn(t, "office")
	path := "/reports/" + itoa(s.reportID(t, "gsfj", "2017-09"))
	officer.post(t, path, form("v_inspectors", "12", "v_samples", "5", "v_samples_failed", "1", "v_cases_opened", "2", "v_cases_closed", "1",
		"v_fines", "1.5", "key_cases", "查处某商行销售假冒灯具案", "practices", "联合执法", "then", "submit"))
	head.post(t, path+"/do/approve", nil)
	office.post(t, path+"/do/accept", nil)
	_, body := office.get(t, path)
	for _, want := range []string{"王小明（工商分局） 报送", "李建国（工商分局） 审核通过", "张荣钦（打假办） 签收", "2017年9月"} {
		if !strings.Contains(body, want) {
			t.Errorf("the report's history lacks %q", want)
		}
	}
	for _, login := range []string{"gs-officer 报送", "gs-head", "office 签收"} {
		if strings.Contains(body, login) {
			t.Errorf("the report's history shows the login name %q", login)
		}
	}
	_, en := office.get(t, path+"?lang=en")
	if !strings.Contains(en, "September 2017") {
		t.Error("the English period is not 'September 2017'")
	}
	office.get(t, path+"?lang=zh")

	if r, b := postTip(t, &http.Client{}, s.URL, complaint("13800138000")); r.StatusCode >= 400 {
		t.Fatalf("tip: %d %s", r.StatusCode, b)
	}
	tips, err := s.db.Tips(context.Background(), store.TipFilter{})
	if err != nil || len(tips) != 1 {
		t.Fatalf("tips: %v %d", err, len(tips))
	}
	_, tip := office.get(t, "/tips/"+itoa(tips[0].ID))
	if !strings.Contains(tip, "公众 ") || strings.Contains(tip, "public ") {
		t.Error("the tip's history does not say 公众 for the public")
	}
}
