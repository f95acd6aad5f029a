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

// entityTips files two tips about the lamp shop with credit code
// 91350100M000100Y43: one sold (工商分局 handles it) and one made
// (质监分局). It answers their tracking codes.
func entityTips(t *testing.T, s *site) (sold, made string) {
	t.Helper()
	var codes []string
	for _, stage := range []string{"销售", "生产"} {
		s.resetTipLimit()
		tip := lampReport(stage)
		tip["business"] = map[string]string{"name": "港口镇某灯饰商行", "credit_code": "91350100M000100Y43"}
		code, out := s.rawJSON(t, "POST", "/api/v1/tips", "", mustJSON(tip))
		if code != 201 {
			t.Fatalf("tip %s: %d %v", stage, code, out)
		}
		codes = append(codes, out["code"].(string))
	}
	return codes[0], codes[1]
}

func entityForm(name, code, rep string) url.Values {
	return url.Values{"name": {name}, "credit_code": {code}, "kind": {"grocer"}, "address": {"港口镇某路 1 号"}, "village": {"胜隆社区"}, "legal_rep": {rep}}
}

var entityPath = func(resp *http.Response) string { return resp.Request.URL.Path }

// A unit's officer registers a market entity; a credit code that fails one
// of its two checks is refused with the check named; the page masks the
// legal representative and lists only the tips the reader may see.
func TestEntityPagesRegisterSearchAndShowTheirTips(t *testing.T) {
	s := newSite(t, "2017-09-29")
	s.user(t, "gs", dajia.RoleOfficer, "gsfj", false)
	s.user(t, "zj", dajia.RoleOfficer, "zjfj", false)
	s.user(t, "leader", dajia.RoleLeader, "", false)
	s.user(t, "auditor", dajia.RoleAuditor, "", false)
	sold, made := entityTips(t, s)
	gs, zj, office, leader := s.signIn(t, "gs"), s.signIn(t, "zj"), s.signIn(t, "office"), s.signIn(t, "leader")

	for _, tt := range []struct{ code, zh, en string }{
		{"91350100M000100Y56", "组织机构代码校验不通过", "organisation code"},
		{"91350100M000100Y44", "第 18 位校验位不对", "18th character"},
		{"91350100M000200Y43", "都对不上", "neither"},
	} {
		resp, body := gs.post(t, "/entities?lang=zh", entityForm("港口镇某灯饰商行", tt.code, "欧阳娜娜"))
		if resp.StatusCode != 400 || !strings.Contains(body, tt.zh) || strings.Contains(body, "欧阳娜娜") {
			t.Fatalf("%s: %d %s", tt.code, resp.StatusCode, body)
		}
		if resp, body := gs.post(t, "/entities?lang=en", entityForm("x", tt.code, "")); resp.StatusCode != 400 || !strings.Contains(body, tt.en) {
			t.Fatalf("%s in English: %d %s", tt.code, resp.StatusCode, body)
		}
	}
	resp, body := gs.post(t, "/entities?lang=zh", entityForm("", "", ""))
	if resp.StatusCode != 400 || !strings.Contains(body, "请填写市场主体名称") {
		t.Fatalf("no name: %d", resp.StatusCode)
	}

	resp, body = gs.post(t, "/entities", entityForm("港口镇某灯饰商行", "91350100m000100y43", "欧阳娜娜"))
	if resp.StatusCode != 200 || !strings.HasPrefix(entityPath(resp), "/entities/") || !strings.Contains(body, "欧***") || strings.Contains(body, "欧阳娜娜") {
		t.Fatalf("register: %d %s %s", resp.StatusCode, entityPath(resp), body)
	}
	page := entityPath(resp)
	if resp, body := zj.post(t, "/entities", entityForm("另一个名字", "91350100M000100Y43", "")); resp.StatusCode != 409 || !strings.Contains(body, "已登记为第") {
		t.Fatalf("the same code twice: %d", resp.StatusCode)
	}

	for _, q := range []string{"灯饰", "91350100m0", "91350100M000100Y43"} {
		if _, body := leader.get(t, "/entities?q="+url.QueryEscape(q)); !strings.Contains(body, page+`"`) {
			t.Errorf("search %s does not find it", q)
		}
	}
	if _, body := gs.get(t, "/entities?q=%E6%B2%A1%E6%9C%89"); strings.Contains(body, page+`"`) {
		t.Error("search 没有 finds it")
	}

	for _, tt := range []struct {
		who        *browserClient
		sees, hide []string
	}{
		{gs, []string{sold}, []string{made}},
		{zj, []string{made}, []string{sold}},
		{office, []string{sold, made}, nil},
		{leader, []string{sold, made}, nil},
	} {
		resp, body := tt.who.get(t, page)
		if resp.StatusCode != 200 {
			t.Fatalf("%d", resp.StatusCode)
		}
		for _, c := range tt.sees {
			if !strings.Contains(body, c) {
				t.Errorf("does not see %s", c)
			}
		}
		for _, c := range tt.hide {
			if strings.Contains(body, c) {
				t.Errorf("sees %s", c)
			}
		}
	}

	if _, body := gs.get(t, page+"?lang=en"); !strings.Contains(body, "small grocery") || !strings.Contains(body, "Legal representative") || !strings.Contains(body, "Market entities") {
		t.Errorf("the page in English: %s", body)
	}
	if resp, _ := leader.get(t, "/entities/new"); resp.StatusCode != 403 {
		t.Fatalf("a leader's form: %d", resp.StatusCode)
	}
	if resp, _ := leader.post(t, "/entities", entityForm("甲", "", "")); resp.StatusCode != 403 {
		t.Fatalf("a leader registered: %d", resp.StatusCode)
	}
	if resp, _ := s.signIn(t, "auditor").get(t, "/entities"); resp.StatusCode != 403 {
		t.Fatalf("an auditor's list: %d", resp.StatusCode)
	}
	if _, body := gs.get(t, "/"); !strings.Contains(body, `href="/entities"`) {
		t.Error("no link to the entities")
	}

	resp, body = zj.post(t, page, url.Values{"name": {"港口镇某灯饰有限公司"}, "credit_code": {"91350100M000100Y43"}, "kind": {"producer"}})
	if resp.StatusCode != 200 || !strings.Contains(body, "港口镇某灯饰有限公司") || !strings.Contains(body, "欧***") || !strings.Contains(body, "生产企业") {
		t.Fatalf("edit: %d %s", resp.StatusCode, body)
	}
}

// Only the office merges two records of one business; the merged one
// points to the kept one, its tips join the kept one's history, and the
// merge is audited.
func TestEntityMergeIsTheOfficesAndAudited(t *testing.T) {
	s := newSite(t, "2017-09-29")
	s.user(t, "gs", dajia.RoleOfficer, "gsfj", false)
	gs, office := s.signIn(t, "gs"), s.signIn(t, "office")
	ctx := context.Background()
	kept, err := s.db.CreateEntity(ctx, testActor, dajia.Entity{Name: "港口镇某灯饰有限公司", CreditCode: "91350100M000100Y43", Kind: dajia.KindProducer})
	if err != nil {
		t.Fatal(err)
	}
	dup, err := s.db.CreateEntity(ctx, testActor, dajia.Entity{Name: "港口镇某灯饰商行", Kind: dajia.KindGrocer})
	if err != nil {
		t.Fatal(err)
	}
	s.resetTipLimit()
	if code, out := s.rawJSON(t, "POST", "/api/v1/tips", "", mustJSON(lampReport("销售"))); code != 201 {
		t.Fatalf("tip: %d %v", code, out)
	}
	dupPage, keptPage := fmt.Sprintf("/entities/%d", dup.ID), fmt.Sprintf("/entities/%d", kept.ID)
	if _, body := gs.get(t, dupPage); strings.Contains(body, "/merge") {
		t.Error("a unit is offered the merge")
	}
	into := url.Values{"into": {fmt.Sprint(kept.ID)}}
	if resp, _ := gs.post(t, dupPage+"/merge", into); resp.StatusCode != 403 {
		t.Fatalf("a unit merged: %d", resp.StatusCode)
	}
	if resp, body := office.post(t, dupPage+"/merge", url.Values{"into": {fmt.Sprint(dup.ID)}}); resp.StatusCode != 400 || !strings.Contains(body, "合并到它自己") {
		t.Fatalf("into itself: %d", resp.StatusCode)
	}
	if _, body := office.get(t, keptPage); strings.Contains(body, "港口镇某灯饰商行") {
		t.Fatal("the kept record shows the other's tip before the merge")
	}
	resp, body := office.post(t, dupPage+"/merge", into)
	if resp.StatusCode != 200 || entityPath(resp) != keptPage || !strings.Contains(body, "已合并") || !strings.Contains(body, "港口镇某灯饰商行") {
		t.Fatalf("merge: %d %s", resp.StatusCode, entityPath(resp))
	}
	if _, body := gs.get(t, dupPage); !strings.Contains(body, "本记录已合并到") || !strings.Contains(body, keptPage+`"`) {
		t.Error("the merged record does not point to the kept one")
	}
	if _, body := gs.get(t, "/entities?q="+url.QueryEscape("灯饰")); strings.Contains(body, dupPage+`"`) || !strings.Contains(body, keptPage+`"`) {
		t.Error("the search still lists the merged record")
	}
	if resp, _ := office.post(t, dupPage+"/merge", into); resp.StatusCode != 409 {
		t.Fatalf("merged twice: %d", resp.StatusCode)
	}
	recs, err := s.db.AuditLog(ctx, store.AuditFilter{Action: "entity.merge"})
	if err != nil || len(recs) != 1 || recs[0].Actor != "office" || recs[0].Object != fmt.Sprintf("entity:%d", dup.ID) || !strings.Contains(recs[0].After, fmt.Sprint(kept.ID)) {
		t.Fatalf("audit: %+v %v", recs, err)
	}
}

// The API registers, searches and reads entities; a bad credit code is a
// field error naming the check; a unit reads only its own tips.
func TestEntityAPI(t *testing.T) {
	s := newSite(t, "2017-09-29")
	u := s.user(t, "gs", dajia.RoleOfficer, "gsfj", false)
	gsToken, _ := newTokenFor(t, s, u.ID)
	l := s.user(t, "leader", dajia.RoleLeader, "", false)
	leaderToken, _ := newTokenFor(t, s, l.ID)
	sold, made := entityTips(t, s)

	code, out := s.apiJSON(t, "POST", "/api/v1/entities", gsToken, map[string]string{"name": "港口镇某灯饰商行", "credit_code": "91350100M000100Y56", "kind": "grocer"})
	fields, _ := out["error"].(map[string]any)["fields"].([]any)
	if code != 400 || len(fields) != 1 || fields[0].(map[string]any)["field"] != "credit_code" || !strings.Contains(fields[0].(map[string]any)["message"].(string), "GB 11714") {
		t.Fatalf("bad code: %d %v", code, out)
	}
	if code, out := s.rawJSON(t, "POST", "/api/v1/entities", gsToken, []byte(`{"name":"x","kind":"grocer","owner":"y"}`)); code != 400 || out["error"].(map[string]any)["field"] != "owner" {
		t.Fatalf("unknown field: %d %v", code, out)
	}
	if code, _ := s.apiJSON(t, "POST", "/api/v1/entities", leaderToken, map[string]string{"name": "x", "kind": "grocer"}); code != 403 {
		t.Fatalf("a leader registered: %d", code)
	}
	code, out = s.apiJSON(t, "POST", "/api/v1/entities", gsToken, map[string]string{"name": "港口镇某灯饰商行", "credit_code": "91350100m000100y43",
		"kind": "grocer", "legal_rep": "张三"})
	if code != 201 || out["credit_code"] != "91350100M000100Y43" || out["legal_rep"] != "张*" || out["kind_name"] != "小食杂店" {
		t.Fatalf("create: %d %v", code, out)
	}
	id := int64(out["id"].(float64))

	code, out = s.apiJSON(t, "GET", "/api/v1/entities?q=91350100M0", leaderToken, nil)
	if list, _ := out["entities"].([]any); code != 200 || len(list) != 1 {
		t.Fatalf("search: %d %v", code, out)
	}
	for _, tt := range []struct {
		token string
		want  []string
	}{{gsToken, []string{sold}}, {leaderToken, []string{sold, made}}, {s.token, []string{sold, made}}} {
		code, out := s.apiJSON(t, "GET", fmt.Sprintf("/api/v1/entities/%d?lang=en", id), tt.token, nil)
		tips, _ := out["tips"].([]any)
		if code != 200 || len(tips) != len(tt.want) || out["kind_name"] != "small grocery" {
			t.Fatalf("get: %d %v", code, out)
		}
		for i, c := range tt.want {
			if tips[i].(map[string]any)["code"] != c && tips[len(tips)-1-i].(map[string]any)["code"] != c {
				t.Errorf("tips %v lack %s", tips, c)
			}
		}
	}
	if code, _ := s.apiJSON(t, "GET", "/api/v1/entities/999", gsToken, nil); code != 404 {
		t.Fatalf("missing: %d", code)
	}
}
