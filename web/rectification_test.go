package web_test

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"dajia"
)

var rectPathRE = regexp.MustCompile(`^/rectifications/(\d+)$`)

func rectForm(unit string, kv ...string) url.Values {
	f := form("plan", "zs-gangkou-2017", "unit", unit, "title", "关于"+unit+"报送整改的通知", "reason", "9月报表逾期未报",
		"campaign", "5", "items", "补报9月报表\n落实专人负责报送", "deadline", "2017-10-20", "issue", "1")
	for i := 0; i < len(kv); i += 2 {
		f.Set(kv[i], kv[i+1])
	}
	return f
}

// issueRect issues a notice through the office's form and answers its id.
func issueRect(t *testing.T, c *browserClient, f url.Values) string {
	t.Helper()
	r, body := c.post(t, "/rectifications", f)
	m := rectPathRE.FindStringSubmatch(r.Request.URL.Path)
	if r.StatusCode != 200 || m == nil {
		t.Fatalf("issue: %d %s %s", r.StatusCode, r.Request.URL, body)
	}
	return m[1]
}

// The pages: only the office writes a notice (every problem at once);
// the unit answers each item on the notice's page, the office returns it
// with a reason and closes it; the timeline names the people; another
// unit and supervisors find nothing; the overdue filter and the to-do.
func TestRectificationPagesIssueAnswerReturnClose(t *testing.T) {
	s, c := caseSite(t)
	s.user(t, "gs-sup", dajia.RoleSupervisor, "gsfj", false)
	c["sup"] = s.signIn(t, "gs-sup")
	if r, _ := c["officer"].get(t, "/rectifications/new"); r.StatusCode != 403 {
		t.Fatalf("a unit's form: %d", r.StatusCode)
	}
	if r, _ := c["officer"].post(t, "/rectifications", rectForm("gsfj")); r.StatusCode != 403 {
		t.Fatalf("a unit posts a notice: %d", r.StatusCode)
	}
	r, body := c["office"].post(t, "/rectifications", rectForm("", "title", "", "items", "\n", "deadline", "2017-09-29"))
	if r.StatusCode != 400 || strings.Count(body, `class="field-error"`) != 4 || !strings.Contains(body, "请至少填写一项整改要求") ||
		!strings.Contains(body, "整改期限应晚于签发日期") {
		t.Fatalf("every problem at once: %d %s", r.StatusCode, body)
	}
	id := issueRect(t, c["office"], rectForm("gsfj"))
	other := issueRect(t, c["office"], rectForm("zjfj", "title", "关于质监分局的整改通知"))
	path := "/rectifications/" + id
	_, body = c["officer"].get(t, path)
	if !strings.Contains(body, "打假整改〔2017〕1号") || !strings.Contains(body, `name="answer_2"`) || !strings.Contains(body, "还有") {
		t.Fatalf("the unit's page: %s", body)
	}
	for _, who := range []string{"other", "third", "sup"} {
		if r, _ := c[who].get(t, path); r.StatusCode != 404 {
			t.Errorf("%s opens gsfj's notice: %d", who, r.StatusCode)
		}
	}
	if r, _ := c["sup"].get(t, "/rectifications"); r.StatusCode != 403 {
		t.Errorf("a supervisor's list: %d", r.StatusCode)
	}
	if _, body := c["other"].get(t, "/rectifications"); strings.Contains(body, path+`"`) || !strings.Contains(body, "/rectifications/"+other+`"`) {
		t.Errorf("zjfj's list: %s", body)
	}
	if _, body := c["officer"].get(t, "/"); !strings.Contains(body, path) || !strings.Contains(body, "回复整改情况") {
		t.Errorf("the unit's to-do: %s", body)
	}
	// The leader reads, but is offered nothing.
	if _, body := c["leader"].get(t, path); strings.Contains(body, "/do/") || !strings.Contains(body, "补报9月报表") {
		t.Errorf("the leader's page: %s", body)
	}
	if r, _ := c["leader"].post(t, path+"/do/close", form()); r.StatusCode != 403 {
		t.Errorf("the leader closes: %d", r.StatusCode)
	}
	r, body = c["officer"].post(t, path+"/do/answer", form("answer_1", "已补报"))
	if r.StatusCode != 400 || !strings.Contains(body, "请填写第 2 项的整改情况") || !strings.Contains(body, "已补报") {
		t.Fatalf("an item unanswered: %d %s", r.StatusCode, body)
	}
	if r, _ := c["officer"].post(t, path+"/do/answer", form("answer_1", "已补报", "answer_2", "已指定")); r.Request.URL.Query().Get("done") != "answer" {
		t.Fatalf("answer: %s", r.Request.URL)
	}
	if r, _ := c["officer"].post(t, path+"/do/close", form()); r.StatusCode != 403 {
		t.Errorf("the unit closes its own: %d", r.StatusCode)
	}
	if r, body := c["office"].post(t, path+"/do/return", form("reason", " ")); r.StatusCode != 400 || !strings.Contains(body, "请填写退回理由") {
		t.Fatalf("a return without reason: %d", r.StatusCode)
	}
	c["office"].post(t, path+"/do/return", form("reason", "第2项未落实到人"))
	if _, body := c["head"].get(t, path); !strings.Contains(body, "第2项未落实到人") || !strings.Contains(body, `name="answer_1"`) {
		t.Fatalf("returned: %s", body)
	}
	c["head"].post(t, path+"/do/answer", form("answer_1", "已补报", "answer_2", "已指定专人张三"))
	r, body = c["office"].post(t, path+"/do/close", form("comment", "经核查已整改到位"))
	if r.Request.URL.Query().Get("done") != "close" || !strings.Contains(body, "已销号") || !strings.Contains(body, "已指定专人张三") {
		t.Fatalf("closed: %s %s", r.Request.URL, body)
	}
	for _, step := range []string{"起草整改通知", "签发整改通知", "回复整改情况", "退回重新整改", "核查销号", "第2项未落实到人", "gs-head"} {
		if !strings.Contains(body, step) {
			t.Errorf("the timeline lacks %q", step)
		}
	}
	if _, body := c["office"].get(t, "/rectifications?status=closed"); !strings.Contains(body, path+`"`) || strings.Contains(body, "/rectifications/"+other+`"`) {
		t.Errorf("the status filter: %s", body)
	}
	if _, body := c["office"].get(t, "/rectifications?overdue=1"); strings.Contains(body, "/rectifications/"+other+`"`) {
		t.Errorf("a notice not yet due is overdue")
	}
	recs, err := s.db.AuditLog(context.Background(), storeAuditFilter("rectification."))
	if err != nil || len(recs) < 8 {
		t.Fatalf("audit %d %v", len(recs), err)
	}
}

// The API: the same rules and lifecycle, the list narrowed to the unit.
func TestRectificationAPI(t *testing.T) {
	s, _ := caseSite(t)
	ctx := context.Background()
	token := func(name string) string {
		u, err := s.db.UserByName(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		tok, _ := newTokenFor(t, s, u.ID)
		return tok
	}
	office, gs, zj, leader := token("office"), token("gs-officer"), token("zj-officer"), token("leader")
	in := map[string]any{"unit": "gsfj", "title": "关于工商分局报送整改的通知", "reason": "逾期未报", "items": []string{"补报", "专人"},
		"deadline": "2017-10-20"}
	if code, _ := s.apiJSON(t, "POST", "/api/v1/rectifications", gs, in); code != 403 {
		t.Fatalf("a unit writes: %d", code)
	}
	code, out := s.apiJSON(t, "POST", "/api/v1/rectifications", office, map[string]any{"unit": "x", "items": []string{}})
	if code != 400 || len(out["error"].(map[string]any)["fields"].([]any)) < 4 {
		t.Fatalf("every field: %d %v", code, out)
	}
	code, out = s.apiJSON(t, "POST", "/api/v1/rectifications", office, in)
	if code != 201 || out["status"] != "draft" {
		t.Fatalf("create: %d %v", code, out)
	}
	id := itoa(int64(out["id"].(float64)))
	if code, _ := s.apiJSON(t, "GET", "/api/v1/rectifications/"+id, gs, nil); code != 404 {
		t.Errorf("the unit reads a draft: %d", code)
	}
	if code, out = s.apiJSON(t, "POST", "/api/v1/rectifications/"+id+"/issue", office, nil); code != 200 || out["number"] != "打假整改〔2017〕1号" {
		t.Fatalf("issue: %d %v", code, out)
	}
	if code, _ := s.apiJSON(t, "GET", "/api/v1/rectifications/"+id, zj, nil); code != 404 {
		t.Errorf("another unit reads: %d", code)
	}
	answers := map[string]any{"answers": []map[string]any{{"item": 1, "text": "已补报"}, {"item": 2, "text": "已指定"}}}
	if code, _ := s.apiJSON(t, "POST", "/api/v1/rectifications/"+id+"/answer", zj, answers); code != 404 {
		t.Errorf("another unit answers: %d", code)
	}
	if code, _ := s.apiJSON(t, "POST", "/api/v1/rectifications/"+id+"/answer", leader, answers); code != 403 {
		t.Errorf("a leader answers: %d", code)
	}
	if code, out = s.apiJSON(t, "POST", "/api/v1/rectifications/"+id+"/answer", gs, answers); code != 200 || out["status"] != "answered" {
		t.Fatalf("answer: %d %v", code, out)
	}
	if code, _ := s.apiJSON(t, "POST", "/api/v1/rectifications/"+id+"/return", office, map[string]any{}); code != 400 {
		t.Errorf("a return without reason: %d", code)
	}
	if code, out = s.apiJSON(t, "POST", "/api/v1/rectifications/"+id+"/return", office, map[string]any{"reason": "未落实"}); code != 200 || out["round"].(float64) != 2 {
		t.Fatalf("return: %d %v", code, out)
	}
	if code, _ := s.apiJSON(t, "POST", "/api/v1/rectifications/"+id+"/close", office, nil); code != 409 {
		t.Errorf("closed while waiting for answers: %d", code)
	}
	s.apiJSON(t, "POST", "/api/v1/rectifications/"+id+"/answer", gs, answers)
	if code, out = s.apiJSON(t, "POST", "/api/v1/rectifications/"+id+"/close", office, map[string]any{"comment": "好"}); code != 200 || out["status"] != "closed" {
		t.Fatalf("close: %d %v", code, out)
	}
	code, out = s.apiJSON(t, "GET", "/api/v1/rectifications/"+id, leader, nil)
	if code != 200 || len(out["timeline"].([]any)) != 6 || len(out["items"].([]any)[0].(map[string]any)["answers"].([]any)) != 2 {
		t.Fatalf("get: %d %v", code, out)
	}
	if code, out = s.apiJSON(t, "GET", "/api/v1/rectifications", zj, nil); code != 200 || out["total"].(float64) != 0 {
		t.Errorf("another unit's list: %d %v", code, out)
	}
	if code, out = s.apiJSON(t, "GET", "/api/v1/rectifications?unit=gsfj", zj, nil); code != 200 || out["total"].(float64) != 0 {
		t.Errorf("another unit asks for gsfj's: %d %v", code, out)
	}
	if code, out = s.apiJSON(t, "GET", "/api/v1/rectifications?status=closed", gs, nil); code != 200 || out["total"].(float64) != 1 {
		t.Errorf("the unit's list: %d %v", code, out)
	}
	if code, _ := s.apiJSON(t, "GET", "/api/v1/rectifications?overdue=maybe", office, nil); code != 400 {
		t.Errorf("a bad filter: %d", code)
	}
}
