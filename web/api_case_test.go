package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"dajia"
)

// rawAPI posts a body as it is.
func (s *site) rawAPI(t *testing.T, path, token, body string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest("POST", s.URL+path, bytes.NewReader([]byte(body)))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

func TestCaseAPI(t *testing.T) {
	s, _ := reportingSite(t, "2017-09-29")
	ctx := context.Background()
	token := func(name string) string {
		u, err := s.db.UserByName(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		tok, _ := newTokenFor(t, s, u.ID)
		return tok
	}
	gs, gsHead, zj, leader := token("gs-officer"), token("gs-head"), token("zj-officer"), token("leader")
	sys := s.user(t, "sys", dajia.RoleSysadmin, "", false)
	admin, _ := newTokenFor(t, s, sys.ID)
	office := s.token

	clue := func(tok string) int64 {
		code, out := s.apiJSON(t, "POST", "/api/v1/clues", tok, map[string]any{"source": "inspection", "summary": "检查发现某商行销售假冒灯具"})
		if code != 201 {
			t.Fatalf("clue: %d %v", code, out)
		}
		return int64(out["id"].(float64))
	}
	gsClue, zjClue := clue(gs), clue(zj)
	open := map[string]any{"clue": gsClue, "violations": []string{"fake_inferior"}, "cooperating": []string{"zjfj"}}

	// Without a prefix, the refusal names the field and who sets it.
	code, out := s.apiJSON(t, "POST", "/api/v1/cases", gs, open)
	if e, _ := out["error"].(map[string]any); code != 400 || e["field"] != "number" || !strings.Contains(e["message"].(string), "前缀") {
		t.Fatalf("no prefix: %d %v", code, out)
	}
	if code, out := s.apiJSON(t, "POST", "/api/v1/cases", zj, open); code != 404 {
		t.Fatalf("another unit's clue: %d %v", code, out)
	}
	if code, out := s.apiJSON(t, "POST", "/api/v1/cases", leader, open); code != 403 {
		t.Fatalf("a leader opens: %d %v", code, out)
	}
	typed := map[string]any{"clue": gsClue, "violations": []string{"fake_inferior"}, "cooperating": []string{"zjfj"}, "number": "中港质监罚〔2017〕12号"}
	code, out = s.apiJSON(t, "POST", "/api/v1/cases", gs, typed)
	if code != 201 || out["number"] != "中港质监罚〔2017〕12号" || out["status"] != "opened" || out["due_code"] != "decide" || out["clue"] != float64(gsClue) {
		t.Fatalf("open: %d %v", code, out)
	}
	gsCase := itoa(int64(out["id"].(float64)))
	// The clue's open step opens a case too.
	if err := s.db.SetCasePrefix(ctx, testActor, "zjfj", "中港质检罚"); err != nil {
		t.Fatal(err)
	}
	if code, out := s.apiJSON(t, "POST", "/api/v1/clues/"+itoa(zjClue)+"/open", zj, map[string]any{"case": 3}); code != 400 {
		t.Fatalf("a bare case id: %d %v", code, out)
	}
	code, out = s.apiJSON(t, "POST", "/api/v1/clues/"+itoa(zjClue)+"/open", zj, map[string]any{"violations": []string{"label"}})
	if code != 200 || out["outcome"] != "case" || out["case"] == nil {
		t.Fatalf("open step: %d %v", code, out)
	}
	zjCase := itoa(int64(out["case"].(float64)))

	// Who sees what.
	for _, tt := range []struct {
		name, token, id string
		want            int
	}{
		{"own", gs, gsCase, 200}, {"cooperating", zj, gsCase, 200}, {"another unit's", gs, zjCase, 404}, {"office", office, zjCase, 200},
		{"leader", leader, gsCase, 200}, {"admin", admin, gsCase, 403}, {"no such case", gs, "999", 404}, {"bad id", gs, "x", 404},
	} {
		t.Run("get "+tt.name, func(t *testing.T) {
			if code, out := s.apiJSON(t, "GET", "/api/v1/cases/"+tt.id, tt.token, nil); code != tt.want {
				t.Fatalf("%d %v, want %d", code, out, tt.want)
			}
		})
	}
	for _, tt := range []struct {
		token, q string
		want     float64
		code     int
	}{{gs, "", 1, 200}, {zj, "", 2, 200}, {office, "", 2, 200}, {leader, "", 2, 200}, {gs, "?unit=zjfj", 0, 200}, {office, "?unit=zjfj", 2, 200},
		{office, "?status=closed", 0, 200}, {office, "?overdue=true", 0, 200}, {office, "?major=true", 0, 200}, {office, "?transfer=none", 2, 200},
		{office, "?limit=1", 2, 200}, {office, "?limit=-1", 0, 400}, {office, "?overdue=maybe", 0, 400}, {office, "?transfer=lost", 0, 400},
		{admin, "", 0, 403}} {
		code, out := s.apiJSON(t, "GET", "/api/v1/cases"+tt.q, tt.token, nil)
		if code != tt.code || code == 200 && out["total"] != tt.want {
			t.Fatalf("list %s: %d %v, want %v", tt.q, code, out, tt.want)
		}
		if tt.q == "?limit=1" && (len(out["cases"].([]any)) != 1 || out["next"] != float64(1)) {
			t.Fatalf("page: %v", out)
		}
	}

	// Facts: hostile and malformed bodies, bad amounts.
	factsPath := "/api/v1/cases/" + gsCase + "/facts"
	good := `{"violations": ["fake_inferior"], "cooperating": ["zjfj"], "sales": "60000", "goods": [{"name": "台灯", "brand": "某牌", "quantity": 100, "unit": "件", "unit_price": "35.5"}]}`
	for _, tt := range []struct {
		name, token, body string
		want              int
	}{
		{"not JSON", gs, `{"violations": [`, 400},
		{"an array", gs, `[1, 2]`, 400},
		{"unknown field", gs, `{"violations": ["label"], "owner": "x"}`, 400},
		{"amount as an object", gs, `{"violations": ["label"], "sales": {"x": 1}}`, 400},
		{"amount not a number", gs, `{"violations": ["label"], "sales": "一万"}`, 400},
		{"negative", gs, `{"violations": ["label"], "fine": "-5"}`, 400},
		{"five decimals", gs, `{"violations": ["label"], "gains": 0.00001}`, 400},
		{"huge", gs, `{"violations": ["label"], "unsold": "99999999999999999999"}`, 400},
		{"unknown violation", gs, `{"violations": ["murder"]}`, 400},
		{"negative count", gs, `{"violations": ["label"], "injured": -1}`, 400},
		{"oversized", gs, `{"violations": ["label"], "supervised_by": "` + strings.Repeat("督", 300<<10) + `"}`, 413},
		{"cooperating unit", zj, good, 403},
		{"leader", leader, good, 403},
		{"another unit", gs, `{"violations": ["label"]}`, 0},
		{"a violation twice", gs, `{"violations": ["label", "label"], "cooperating": ["zjfj"]}`, 200},
		{"good", gs, good, 200},
	} {
		t.Run("facts "+tt.name, func(t *testing.T) {
			path := factsPath
			if tt.want == 0 {
				path, tt.want = "/api/v1/cases/"+zjCase+"/facts", 404
			}
			if code, out := s.rawAPI(t, path, tt.token, tt.body); code != tt.want && !(tt.want == 413 && code == 400) {
				t.Fatalf("%d %v, want %d", code, out, tt.want)
			}
		})
	}
	code, out = s.apiJSON(t, "GET", "/api/v1/cases/"+gsCase, gs, nil)
	crossed, _ := out["crossed"].([]any)
	if code != 200 || out["consider_transfer"] != true || len(crossed) == 0 || out["sales"] != "60000" || out["goods_value"] != "3550" {
		t.Fatalf("over the threshold: %d %v", code, out)
	}
	if steps, _ := out["steps"].([]any); len(steps) != 2 || steps[0] != "investigate" || steps[1] != "transfer_propose" {
		t.Fatalf("steps %v", steps)
	}
	if _, out := s.apiJSON(t, "GET", "/api/v1/cases/"+gsCase, zj, nil); out["steps"] == nil || len(out["steps"].([]any)) != 0 || out["edit_facts"] != false {
		t.Fatalf("a cooperating unit's steps: %v", out)
	}

	step := func(token, step string, body any) (int, map[string]any) {
		return s.apiJSON(t, "POST", "/api/v1/cases/"+gsCase+"/"+step, token, body)
	}
	for _, tt := range []struct {
		name, token, step string
		body              any
		want              int
	}{
		{"no such step", gs, "finish", nil, 404},
		{"cooperating unit", zj, "investigate", nil, 403},
		{"leader", leader, "investigate", nil, 403},
		{"illegal edge", gsHead, "decide", nil, 409},
		{"oversized note", gs, "investigate", map[string]any{"note": strings.Repeat("长", dajia.MaxCaseNote+1)}, 400},
		{"days as text", gsHead, "extend_more", map[string]string{"days": "ten"}, 400},
		{"investigate", gs, "investigate", nil, 200},
		{"propose", gs, "transfer_propose", map[string]any{"note": "销售金额超过5万元"}, 200},
		{"officer approves", gs, "transfer_approve", nil, 403},
		{"refuse without reason", gsHead, "transfer_refuse", map[string]any{}, 400},
		{"approve", gsHead, "transfer_approve", nil, 200},
		{"send", gs, "transfer_send", nil, 200},
		{"police file", gs, "police_filed", nil, 200},
		{"close", gsHead, "close", nil, 200},
		{"closed", gsHead, "close", nil, 409},
	} {
		t.Run("step "+tt.name, func(t *testing.T) {
			if code, out := step(tt.token, tt.step, tt.body); code != tt.want {
				t.Fatalf("%d %v, want %d", code, out, tt.want)
			}
		})
	}
	if code, out := s.apiJSON(t, "POST", "/api/v1/cases/"+zjCase+"/investigate", gs, nil); code != 404 {
		t.Fatalf("another unit's case: %d %v", code, out)
	}
	if code, out := s.apiJSON(t, "POST", "/api/v1/cases/"+zjCase+"/investigate", office, nil); code != 200 || out["status"] != "investigating" {
		t.Fatalf("the office takes a step: %d %v", code, out)
	}
	code, out = s.apiJSON(t, "GET", "/api/v1/cases/"+gsCase+"?lang=en", office, nil)
	events, _ := out["events"].([]any)
	tr, _ := out["transfer"].(map[string]any)
	if code != 200 || out["status"] != "closed" || tr["status"] != "filed" || len(events) != 9 || out["status_name"] == "已结案" {
		t.Fatalf("after: %d %v", code, out)
	}
	if e := events[4].(map[string]any); e["step"] != "transfer_propose" || e["step_name"] != "Propose transfer to the police" || e["note"] != "销售金额超过5万元" || e["actor"] != "gs-officer" {
		t.Fatalf("event %v", e)
	}
	s.apiJSON(t, "GET", "/api/v1/cases/"+gsCase+"?lang=zh", office, nil)
	if code, out := s.rawAPI(t, factsPath, gs, good); code != 409 {
		t.Fatalf("facts of a closed case: %d %v", code, out)
	}
}
