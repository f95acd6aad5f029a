package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"dajia"
	"dajia/store"
)

func TestClueAPI(t *testing.T) {
	s, _ := reportingSite(t, "2017-09-29")
	ctx := context.Background()
	postTip(t, &http.Client{}, s.URL, complaint("13800138000"))
	tips, _ := s.db.Tips(ctx, store.TipFilter{})
	gsUser, _ := s.db.UserByName(ctx, "gs-officer")
	gs, _ := newTokenFor(t, s, gsUser.ID)
	zjUser, _ := s.db.UserByName(ctx, "zj-officer")
	zj, _ := newTokenFor(t, s, zjUser.ID)
	tip := map[string]any{"tip": tips[0].ID}

	if code, out := s.apiJSON(t, "POST", "/api/v1/clues", zj, tip); code != 404 {
		t.Fatalf("another unit's tip: %d %v", code, out)
	}
	code, out := s.apiJSON(t, "POST", "/api/v1/clues", gs, tip)
	if code != 201 || out["lead_unit"] != "gsfj" || out["tip"] != float64(tips[0].ID) || out["status"] != "pending" || out["due"] == nil {
		t.Fatalf("from tip: %d %v", code, out)
	}
	gsClue := itoa(int64(out["id"].(float64)))
	if code, out := s.apiJSON(t, "POST", "/api/v1/clues", s.token, map[string]any{"tip": tips[0].ID, "lead_unit": "gsfj"}); code != 409 {
		t.Fatalf("a second clue of the tip: %d %v", code, out)
	}
	if code, out := s.apiJSON(t, "POST", "/api/v1/clues", zj, map[string]any{"source": "referral", "summary": "交办"}); code != 400 || out["error"].(map[string]any)["field"] != "source_ref" {
		t.Fatalf("no document number: %d %v", code, out)
	}
	code, out = s.apiJSON(t, "POST", "/api/v1/clues?lang=en", zj, map[string]any{"source": "transfer", "source_ref": "县公安局", "summary": "某厂生产无证灯具"})
	if code != 201 || out["lead_unit"] != "zjfj" || out["source_name"] == "其他部门移送" || out["source_name"] == "" {
		t.Fatalf("typed in: %d %v", code, out)
	}
	zjClue := itoa(int64(out["id"].(float64)))

	for _, tt := range []struct {
		token string
		q     string
		want  float64
	}{{gs, "", 1}, {zj, "", 1}, {s.token, "", 2}, {s.token, "?unit=zjfj", 1}, {gs, "?unit=zjfj", 0}, {s.token, "?status=decided", 0}} {
		code, out := s.apiJSON(t, "GET", "/api/v1/clues"+tt.q, tt.token, nil)
		if code != 200 || out["total"] != tt.want || len(out["clues"].([]any)) != int(tt.want) {
			t.Fatalf("list %s: %d %v, want %v", tt.q, code, out, tt.want)
		}
	}
	if code, _ := s.apiJSON(t, "GET", "/api/v1/clues/"+gsClue, zj, nil); code != 404 {
		t.Fatalf("another unit's clue: %d", code)
	}
	if code, out := s.apiJSON(t, "GET", "/api/v1/clues/"+gsClue, gs, nil); code != 200 || len(out["history"].([]any)) != 1 {
		t.Fatalf("get: %d %v", code, out)
	}

	step := func(token, id, step string, body any) (int, map[string]any) {
		return s.apiJSON(t, "POST", "/api/v1/clues/"+id+"/"+step, token, body)
	}
	for _, tt := range []struct {
		name, token, id, step string
		body                  map[string]any
		want                  int
	}{
		{"another unit", zj, gsClue, "decline", map[string]any{"note": "不构成违法"}, 404},
		{"no such step", gs, gsClue, "close", nil, 404},
		{"officer extends", gs, gsClue, "extend", map[string]any{"note": "需要检验"}, 403},
		{"no reason", gs, gsClue, "decline", map[string]any{}, 400},
		{"decline", gs, gsClue, "decline", map[string]any{"note": "经核查不构成违法"}, 200},
		{"decided", gs, gsClue, "open", map[string]any{"case": 3}, 409},
		{"unknown field", gs, zjClue, "open", map[string]any{"cases": 3}, 400},
		{"to the police", s.token, zjClue, "transfer", map[string]any{"to": "police", "note": "涉嫌犯罪"}, 200},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if code, out := step(tt.token, tt.id, tt.step, tt.body); code != tt.want {
				t.Fatalf("%d %v, want %d", code, out, tt.want)
			}
		})
	}
	code, out = s.apiJSON(t, "GET", "/api/v1/clues/"+zjClue+"?lang=en", zj, nil)
	hist, _ := out["history"].([]any)
	if code != 200 || out["outcome"] != "police" || len(hist) != 2 || hist[1].(map[string]any)["note"] == "已移送公安机关" || out["due"] != nil {
		t.Fatalf("after transfer: %d %v", code, out)
	}
}

func TestCluePages(t *testing.T) {
	s, c := reportingSite(t, "2017-09-29")
	ctx := context.Background()
	clue, err := s.db.CreateClue(ctx, testActor, dajia.Clue{PlanID: "zs-gangkou-2017", Source: dajia.ClueFromReferral, SourceRef: "港市监交〔2017〕12号",
		ReceivedOn: dajia.MustDate("2017-09-25"), LeadUnit: "gsfj", Summary: "上级交办某商行销售假冒灯具", Status: dajia.CluePending})
	if err != nil {
		t.Fatal(err)
	}
	page := fmt.Sprintf("/clues/%d", clue.ID)
	if _, body := c["officer"].get(t, "/clues"); !strings.Contains(body, page+`"`) {
		t.Fatalf("the list lacks the clue: %s", body)
	}
	if _, body := c["other"].get(t, "/clues"); strings.Contains(body, page+`"`) {
		t.Fatal("another unit lists the clue")
	}
	if r, _ := c["other"].get(t, page); r.StatusCode != 404 {
		t.Fatalf("another unit opens the clue: %d", r.StatusCode)
	}
	r, body := c["officer"].get(t, page)
	if r.StatusCode != 200 || !strings.Contains(body, "上级交办某商行销售假冒灯具") || !strings.Contains(body, "/do/decline") || strings.Contains(body, "/do/extend") {
		t.Fatalf("the officer's page: %d %s", r.StatusCode, body)
	}
	if _, body := c["head"].get(t, page); !strings.Contains(body, "/do/extend") {
		t.Fatal("the head is not offered the extension")
	}
	if r, body := c["officer"].post(t, page+"/do/decline", url.Values{}); r.StatusCode != 400 || !strings.Contains(body, "不予立案须写明理由") {
		t.Fatalf("no reason: %d", r.StatusCode)
	}
	if r, _ := c["officer"].post(t, page+"/do/decline", url.Values{"note": {"经核查不构成违法"}}); r.StatusCode != 200 {
		t.Fatalf("decline: %d", r.StatusCode)
	}
	if _, body := c["officer"].get(t, page+"?lang=en"); !strings.Contains(body, "经核查不构成违法") || strings.Contains(body, "/do/decline") {
		t.Fatalf("after the decision: %s", body)
	}
	if r, body := c["officer"].post(t, page+"/do/open?lang=zh", url.Values{"case": {"3"}}); r.StatusCode != 400 || !strings.Contains(body, "不能执行该操作") {
		t.Fatalf("decided twice: %d", r.StatusCode)
	}

	// A tip becomes its clue from the tip's page, once.
	postTip(t, &http.Client{}, s.URL, complaint("13800138000"))
	tips, _ := s.db.Tips(ctx, store.TipFilter{})
	tipPage := fmt.Sprintf("/tips/%d", tips[0].ID)
	if _, body := c["other"].get(t, tipPage); strings.Contains(body, tipPage+"/clue") {
		t.Fatal("another unit is offered the clue")
	}
	if _, body := c["officer"].get(t, tipPage); !strings.Contains(body, tipPage+"/clue") {
		t.Fatal("the handler is not offered the clue")
	}
	r, body = c["officer"].post(t, tipPage+"/clue", url.Values{})
	if r.StatusCode != 200 || !strings.HasPrefix(r.Request.URL.Path, "/clues/") || !strings.Contains(body, tipPage+`"`) {
		t.Fatalf("to a clue: %d %s", r.StatusCode, r.Request.URL)
	}
	if _, body := c["officer"].get(t, tipPage); strings.Contains(body, tipPage+"/clue") || !strings.Contains(body, r.Request.URL.Path+`"`) {
		t.Fatal("the tip's page does not link its clue")
	}
	if r, body := c["office"].post(t, tipPage+"/clue", url.Values{}); r.StatusCode != 400 || !strings.Contains(body, "号线索") {
		t.Fatalf("a second clue: %d", r.StatusCode)
	}
}
