package web_test

import (
	"context"
	"fmt"
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
