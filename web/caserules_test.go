package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"dajia"
	"dajia/app"
)

// rulesForm is the rules page's form for the rules given, as posted.
func rulesForm(in app.CaseRulesInput) url.Values {
	f := url.Values{"action": {"save"}, "t_rows": {fmt.Sprint(len(in.Thresholds))}, "m_rows": {fmt.Sprint(len(in.Major))}}
	for i, t := range in.Thresholds {
		p := fmt.Sprintf("t%d_", i)
		f.Set(p+"id", t.ID)
		f.Set(p+"offence", t.Offence)
		f.Set(p+"source", t.Source)
		f.Set(p+"sales", string(t.SalesFactor))
		f.Set(p+"unsold", string(t.UnsoldFactor))
		f.Set(p+"gains", string(t.GainsFactor))
		f.Set(p+"min", string(t.Min))
		f.Set(p+"marks", string(t.MarksAtLeast))
	}
	for i, m := range in.Major {
		p := fmt.Sprintf("m%d_", i)
		f.Set(p+"id", m.ID)
		f.Set(p+"kind", m.Kind)
		f.Set(p+"min", string(m.Min))
		f.Set(p+"people", string(m.People))
		f.Set(p+"source", m.Source)
	}
	return f
}

func TestTheOfficeEditsTheCaseRulesAsRows(t *testing.T) {
	s, c := reportingSite(t, "2017-09-29")
	ctx := context.Background()
	for _, tt := range []struct {
		who  string
		want int
	}{{"office", 200}, {"head", 403}, {"officer", 403}, {"leader", 403}} {
		if r, _ := c[tt.who].get(t, "/settings/case-rules"); r.StatusCode != tt.want {
			t.Fatalf("%s: %d, want %d", tt.who, r.StatusCode, tt.want)
		}
	}
	_, body := c["office"].get(t, "/settings/case-rules")
	if !strings.Contains(body, "立案追诉标准（一）第16条") || !strings.Contains(body, `value="50000"`) || !strings.Contains(body, "新增一条") {
		t.Fatal("the page lacks the default rules")
	}
	defaults := app.CaseRules{Thresholds: dajia.DefaultThresholdRules(), Major: dajia.DefaultMajorRules()}.Input()

	// Bad rows are refused with their row and field; nothing is saved.
	bad := rulesForm(defaults)
	bad.Set("t1_min", "十五万")
	bad.Set("t2_offence", "murder")
	bad.Set("t3_sales", "0")
	bad.Set("t3_unsold", "0")
	bad.Set("m2_people", "-1")
	bad.Set("t4_id", "fake-sales")
	if r, _ := c["head"].post(t, "/settings/case-rules", bad); r.StatusCode != 403 {
		t.Fatalf("a head saves the rules: %d", r.StatusCode)
	}
	r, body := c["office"].post(t, "/settings/case-rules", bad)
	if r.StatusCode != 400 {
		t.Fatalf("bad rows: %d", r.StatusCode)
	}
	for _, want := range []string{"刑事追诉标准第 2 条：金额应为不小于 0 的数", "刑事追诉标准第 3 条：没有违法行为类型", "刑事追诉标准第 4 条：至少一项金额的倍数应大于 0",
		"刑事追诉标准第 5 条：规则编号“fake-sales”重复", "大要案规则第 3 条：应为不小于 0 的整数", "均未保存", `id="t1_min" name="t1_min" value="十五万" inputmode="decimal" aria-invalid="true"`} {
		if !strings.Contains(body, want) {
			t.Fatalf("the page lacks %q", want)
		}
	}
	rules, err := testApp(t, s.db, dajia.FixedDayClock{Day: dajia.MustDate("2017-09-29")}).CaseRules(ctx)
	if err != nil || len(rules.Thresholds) != len(defaults.Thresholds) || rules.Thresholds[1].Min != 150_000*dajia.AmountScale {
		t.Fatalf("half saved: %+v %v", rules, err)
	}

	// Change one, remove one, add one.
	good := rulesForm(defaults)
	good.Set("t0_min", "60000")
	good.Set("t1_remove", "1")
	n := len(defaults.Thresholds)
	good.Set("t_rows", fmt.Sprint(n+1))
	for k, v := range map[string]string{"id": "labels", "offence": "counterfeit_mark", "source": "立案追诉标准（一）第71条<script>", "gains": "1", "min": "20000"} {
		good.Set(fmt.Sprintf("t%d_%s", n, k), v)
	}
	r, body = c["office"].post(t, "/settings/case-rules", good)
	if r.StatusCode != 200 || !strings.Contains(body, "已保存") || !strings.Contains(body, `value="60000"`) || !strings.Contains(body, "&lt;script&gt;") {
		t.Fatalf("save: %d", r.StatusCode)
	}
	rules, _ = testApp(t, s.db, dajia.FixedDayClock{Day: dajia.MustDate("2017-09-29")}).CaseRules(ctx)
	if len(rules.Thresholds) != n || rules.Thresholds[0].Min != 60_000*dajia.AmountScale || rules.Thresholds[1].ID != "fake-mixed" || rules.Thresholds[n-1].ID != "labels" {
		t.Fatalf("saved %+v", rules.Thresholds)
	}
	// Reset brings back the defaults.
	if r, _ := c["office"].post(t, "/settings/case-rules", url.Values{"action": {"reset"}}); r.StatusCode != 200 {
		t.Fatalf("reset: %d", r.StatusCode)
	}
	rules, _ = testApp(t, s.db, dajia.FixedDayClock{Day: dajia.MustDate("2017-09-29")}).CaseRules(ctx)
	if len(rules.Thresholds) != n || rules.Thresholds[0].Min != 50_000*dajia.AmountScale {
		t.Fatalf("reset %+v", rules.Thresholds)
	}
	// Hostile row counts.
	for _, rows := range []string{"x", "-1", "100000"} {
		f := rulesForm(defaults)
		f.Set("t_rows", rows)
		if r, _ := c["office"].post(t, "/settings/case-rules", f); r.StatusCode != 400 {
			t.Fatalf("t_rows=%s: %d", rows, r.StatusCode)
		}
	}
}

func TestHeadsSetTheirOwnPrefixAndTheOfficeAny(t *testing.T) {
	s, c := reportingSite(t, "2017-09-29")
	ctx := context.Background()
	if _, body := c["head"].get(t, "/account"); !strings.Contains(body, `href="/settings/case-prefixes"`) {
		t.Fatal("a head cannot reach the prefixes")
	}
	r, body := c["head"].get(t, "/settings/case-prefixes")
	if r.StatusCode != 200 || !strings.Contains(body, `value="gsfj"`) || strings.Contains(body, `value="zjfj"`) {
		t.Fatalf("the head's page: %d", r.StatusCode)
	}
	if r, _ := c["officer"].get(t, "/settings/case-prefixes"); r.StatusCode != 403 {
		t.Fatalf("an officer: %d", r.StatusCode)
	}
	if r, _ := c["head"].post(t, "/settings/case-prefixes", url.Values{"unit": {"zjfj"}, "prefix": {"中港质检罚"}}); r.StatusCode != 403 {
		t.Fatalf("another unit's prefix: %d", r.StatusCode)
	}
	if r, body := c["head"].post(t, "/settings/case-prefixes", url.Values{"unit": {"gsfj"}, "prefix": {"中港1罚"}}); r.StatusCode != 400 || !strings.Contains(body, `aria-invalid="true"`) {
		t.Fatalf("a bad prefix: %d", r.StatusCode)
	}
	if r, body := c["head"].post(t, "/settings/case-prefixes", url.Values{"unit": {"gsfj"}, "prefix": {"中港质监罚"}}); r.StatusCode != 200 || !strings.Contains(body, `value="中港质监罚"`) {
		t.Fatalf("the head's own: %d", r.StatusCode)
	}
	if r, _ := c["office"].post(t, "/settings/case-prefixes", url.Values{"unit": {"zjfj"}, "prefix": {"中港质检罚"}}); r.StatusCode != 200 {
		t.Fatalf("the office: %d", r.StatusCode)
	}
	if p, ok, err := s.db.CasePrefix(ctx, "zjfj"); p != "中港质检罚" || !ok || err != nil {
		t.Fatalf("zjfj prefix %q %v %v", p, ok, err)
	}
}

func TestCaseRulesAndPrefixesAPI(t *testing.T) {
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
	gs, gsHead := token("gs-officer"), token("gs-head")
	office := s.token

	code, out := s.apiJSON(t, "GET", "/api/v1/case-rules", office, nil)
	ths, _ := out["thresholds"].([]any)
	if code != 200 || len(ths) != len(dajia.DefaultThresholdRules()) || ths[0].(map[string]any)["min"] != float64(50000) {
		t.Fatalf("get: %d %v", code, out)
	}
	if code, _ := s.apiJSON(t, "GET", "/api/v1/case-rules", gsHead, nil); code != 403 {
		t.Fatalf("a head reads the rules: %d", code)
	}
	for _, tt := range []struct {
		name, token, body string
		want              int
		field             string
	}{
		{"a head", gsHead, `{"thresholds": [], "major": []}`, 403, ""},
		{"not JSON", office, `{"thresholds": [`, 400, ""},
		{"unknown field", office, `{"thresholds": [], "major": [], "x": 1}`, 400, ""},
		{"bad minimum in row 2", office, `{"thresholds": [{"id": "a", "offence": "fake_inferior", "source": "s", "sales_factor": 1, "min": 1},
			{"id": "b", "offence": "fake_inferior", "source": "s", "sales_factor": 1, "min": -5}], "major": []}`, 400, "thresholds.2.min"},
		{"no factor", office, `{"thresholds": [{"id": "a", "offence": "label", "source": "s", "min": 1}], "major": []}`, 400, "thresholds.1.factor"},
		{"bad people", office, `{"thresholds": [], "major": [{"id": "i", "kind": "injury", "people": 0, "source": "s"}]}`, 400, "major.1.people"},
		{"too many rows", office, `{"thresholds": [` + strings.Repeat(`{},`, 100) + `{}], "major": []}`, 400, ""},
		{"good", office, `{"thresholds": [{"id": "a", "offence": "fake_inferior", "source": "第16条", "sales_factor": "1", "min": "60000"}],
			"major": [{"id": "amount", "kind": "amount", "min": 200000, "source": "打假办设定"}]}`, 200, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, out := s.rawPut(t, "/api/v1/case-rules", tt.token, tt.body)
			if code != tt.want {
				t.Fatalf("%d %v, want %d", code, out, tt.want)
			}
			if tt.field != "" {
				e, _ := out["error"].(map[string]any)
				fields, _ := e["fields"].([]any)
				if len(fields) == 0 || fields[0].(map[string]any)["field"] != tt.field {
					t.Fatalf("fields %v, want %s", out, tt.field)
				}
			}
		})
	}
	if _, out := s.apiJSON(t, "GET", "/api/v1/case-rules", office, nil); len(out["thresholds"].([]any)) != 1 || len(out["major"].([]any)) != 1 {
		t.Fatalf("after the put: %v", out)
	}

	if code, out := s.apiJSON(t, "GET", "/api/v1/case-prefixes", gsHead, nil); code != 200 || len(out["prefixes"].([]any)) != 1 {
		t.Fatalf("a head's prefixes: %d %v", code, out)
	}
	if code, _ := s.apiJSON(t, "GET", "/api/v1/case-prefixes", gs, nil); code != 403 {
		t.Fatalf("an officer's prefixes: %d", code)
	}
	for _, tt := range []struct {
		name, token, body string
		want              int
	}{
		{"an officer", gs, `{"prefix": "中港质监罚"}`, 403},
		{"another unit", gsHead, `{"unit": "zjfj", "prefix": "中港质检罚"}`, 403},
		{"digits", gsHead, `{"prefix": "中港1罚"}`, 400},
		{"own", gsHead, `{"prefix": "中港质监罚"}`, 200},
		{"the office", office, `{"unit": "zjfj", "prefix": "中港质检罚"}`, 200},
	} {
		t.Run("prefix "+tt.name, func(t *testing.T) {
			if code, out := s.rawPut(t, "/api/v1/case-prefixes", tt.token, tt.body); code != tt.want {
				t.Fatalf("%d %v, want %d", code, out, tt.want)
			}
		})
	}
	if p, _, _ := s.db.CasePrefix(ctx, "gsfj"); p != "中港质监罚" {
		t.Fatalf("gsfj %q", p)
	}
}

// rawPut puts a body as it is.
func (s *site) rawPut(t *testing.T, path, token, body string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest("PUT", s.URL+path, strings.NewReader(body))
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
