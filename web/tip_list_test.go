package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"dajia"
	"dajia/locale"
	"dajia/store"
	"dajia/web"
)

// Every status and step of a tip, as staff and the public read them, has
// its English.
func TestTipStatusesAndStepsHaveEnglish(t *testing.T) {
	for _, kind := range []dajia.TipKind{dajia.TipComplaint, dajia.TipReport} {
		for _, st := range []dajia.TipStatus{dajia.TipReceived, dajia.TipAccepted, dajia.TipRefused, dajia.TipDecided, dajia.TipClosed} {
			t.Run(string(kind)+" "+string(st), func(t *testing.T) {
				if !locale.Has("en", string(st.Name(kind))) {
					t.Errorf("%q has no English", st.Name(kind))
				}
			})
		}
	}
	for _, due := range []dajia.TipDue{dajia.DueAccept, dajia.DueMediate, dajia.DueDecide, dajia.DueNotify} {
		t.Run(string(due), func(t *testing.T) {
			if zh := string(due.Text()); !locale.Has("en", zh) {
				t.Errorf("the to-do list words %q with no English", zh)
			}
		})
	}
	for _, step := range []string{"receive", "accept", "refuse", "decide", "close", "reply", "return", "assign", "pause", "resume", "extend", "duplicate", "reward"} {
		t.Run(step, func(t *testing.T) {
			if !locale.Has("en", web.TipStepName(step)) {
				t.Errorf("%q has no English", web.TipStepName(step))
			}
		})
	}
}

// A submission with several problems is answered with all of them, on the
// API as on the form.
func TestTipAPIAnswersEveryFieldProblem(t *testing.T) {
	s := newSite(t, "2017-09-29")
	code, out := s.rawJSON(t, "POST", "/api/v1/tips", "", mustJSON(map[string]any{"kind": "举报", "category": "火箭", "stage": "运输", "description": "短"}))
	e, _ := out["error"].(map[string]any)
	fields, _ := e["fields"].([]any)
	var names []string
	for _, f := range fields {
		names = append(names, f.(map[string]any)["field"].(string))
	}
	if code != 400 || e["code"] != "invalid" || strings.Join(names, " ") != "category stage business.name description" {
		t.Fatalf("%d %v", code, out)
	}
	if !strings.Contains(e["message"].(string), "另有 3 处问题") {
		t.Errorf("the message does not say more problems follow: %v", e["message"])
	}
}

// The list shows a page at a time; the overdue count and the total are
// over every page, not over the page shown.
func TestTipsListIsPagedAndCountsEveryOverdueTip(t *testing.T) {
	s, c := reportingSite(t, "2017-10-20")
	ctx := context.Background()
	v, err := s.db.Plan(ctx, "zs-gangkou-2017")
	if err != nil {
		t.Fatal(err)
	}
	var news []store.NewTip
	for i := range 120 {
		news = append(news, store.NewTip{Code: fmt.Sprintf("TL%08d", i), SecretHash: "x", GroupCode: "g", PlanVersion: v, Source: "public", Kind: dajia.TipReport,
			Category: "灯具", Stage: dajia.StageSelling, Routing: v.Plan.Route("灯具", dajia.StageSelling, false), BusinessName: fmt.Sprintf("商户%d", i),
			Description: "销售假冒伪劣商品的线索内容", Clock: dajia.TipClock{Due: dajia.MustDate("2017-09-01").AddDays(i), What: dajia.DueDecide}})
	}
	if _, err := s.db.CreateTips(ctx, testActor, news); err != nil {
		t.Fatal(err)
	}
	overdue := 49 // due 1 September to 19 October
	code, out := s.apiJSON(t, "GET", "/api/v1/tips?limit=10", s.token, nil)
	if code != 200 || len(out["tips"].([]any)) != 10 || out["total"] != float64(120) || out["overdue"] != float64(overdue) || out["next"] != float64(10) {
		t.Fatalf("first page: %d total %v overdue %v next %v", code, out["total"], out["overdue"], out["next"])
	}
	if code, out := s.apiJSON(t, "GET", "/api/v1/tips?limit=10&offset=110", s.token, nil); code != 200 || len(out["tips"].([]any)) != 10 || out["next"] != nil {
		t.Fatalf("last page: %d next %v", code, out["next"])
	}
	if code, _ := s.apiJSON(t, "GET", "/api/v1/tips?limit=ten", s.token, nil); code != 400 {
		t.Fatalf("a limit that is not a number: %d", code)
	}
	r, page := c["office"].get(t, "/tips")
	if r.StatusCode != 200 || !strings.Contains(page, fmt.Sprintf("逾期 %d", overdue)) || !strings.Contains(page, "共 120") || !strings.Contains(page, "offset=50") {
		t.Fatalf("the page does not count every tip or offer the next page: %d", r.StatusCode)
	}
	if r, page := c["office"].get(t, "/tips?offset=100"); r.StatusCode != 200 || !strings.Contains(page, "TL00000119") || strings.Contains(page, "TL00000000") {
		t.Fatal("the third page shows the wrong tips")
	}
	if r, page := c["office"].get(t, "/tips?plan=zs-gangkou-2017&view=queue"); r.StatusCode != 200 || strings.Contains(page, "逾期") {
		t.Fatal("the office's queue counts tips outside it")
	}
}

// Deadlines and routing are stored as codes and worded in the reader's
// language.
func TestTipDeadlineAndRoutingAreWordedInTheReadersLanguage(t *testing.T) {
	s, c := reportingSite(t, "2017-09-29")
	_, receipt := postTip(t, &http.Client{}, s.URL, complaint("13800138000"))
	if !strings.Contains(receipt, "决定是否受理投诉") {
		t.Fatal("the receipt does not say what is due")
	}
	tips, _ := s.db.Tips(context.Background(), store.TipFilter{})
	if tips[0].DueWhat != dajia.DueAccept || tips[0].RouteReason != dajia.RouteByCategory {
		t.Fatalf("stored: %q %q", tips[0].DueWhat, tips[0].RouteReason)
	}
	path := fmt.Sprintf("/tips/%d", tips[0].ID)
	tests := []struct {
		lang string
		want []string
	}{
		{"zh", []string{"决定是否受理投诉", "按产品类别“灯具”分派到专项"}},
		{"en", []string{"decide whether to accept the complaint", "routed by the product category 灯具 to campaign"}},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			for _, p := range []string{path, "/tips"} {
				r, page := c["office"].get(t, p+"?lang="+tt.lang)
				if r.StatusCode != 200 || !strings.Contains(page, tt.want[0]) {
					t.Fatalf("%s does not say what is due in %s", p, tt.lang)
				}
			}
			if _, page := c["office"].get(t, path+"?lang="+tt.lang); !strings.Contains(page, tt.want[1]) || strings.Contains(page, ">category<") {
				t.Fatalf("the tip does not say why it was routed in %s", tt.lang)
			}
			if code, one := s.apiJSON(t, "GET", "/api/v1"+path+"?lang="+tt.lang, s.token, nil); code != 200 || !strings.HasPrefix(one["route"].(string), tt.want[1]) ||
				one["route_code"] != "category" || len(one["history"].([]any)) != 1 || one["contact"] != "张* 138****8000" {
				t.Fatalf("GET /api/v1/tips/{id}: %d %v", code, one)
			}
			code, out := s.apiJSON(t, "GET", "/api/v1/tips?lang="+tt.lang, s.token, nil)
			item := out["tips"].([]any)[0].(map[string]any)
			if code != 200 || item["due_what"] != map[string]string{"zh": "决定是否受理投诉", "en": "decide whether to accept the complaint"}[tt.lang] || item["due_code"] != "accept" {
				t.Fatalf("the API: %v", item)
			}
		})
	}
}

// The tip form's, the tip API's and tracking's limits answer through the
// one error table: 429, code rate_limited, with Retry-After.
func TestTipLimitsAnswerTooManyWithRetryAfter(t *testing.T) {
	s := newSite(t, "2017-09-29")
	var resp *http.Response
	for range 31 {
		r, err := http.Post(s.URL+"/api/v1/tips/track", "application/json", strings.NewReader(`{"code":"T222222222","secret":"22222222"}`))
		if err != nil {
			t.Fatal(err)
		}
		r.Body.Close()
		resp = r
	}
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("tracking past the limit: %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	code, out := s.rawJSON(t, "POST", "/api/v1/tips/track", "", []byte(`{"code":"T222222222","secret":"22222222"}`))
	if c, _, _ := apiError(out); code != 429 || c != "rate_limited" {
		t.Fatalf("the API's answer: %d %v", code, out)
	}
	for range 11 {
		s.rawJSON(t, "POST", "/api/v1/tips", "", mustJSON(lampReport("销售")))
	}
	r, err := http.Post(s.URL+"/api/v1/tips", "application/json", strings.NewReader(string(mustJSON(lampReport("销售")))))
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if r.StatusCode != 429 || r.Header.Get("Retry-After") == "" {
		t.Fatalf("sending past the limit: %d, Retry-After %q", r.StatusCode, r.Header.Get("Retry-After"))
	}
}
