package web_test

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"dajia"
	"dajia/store"
)

// fromAddress is an HTTP client whose connections come from ip, a loopback
// address of its own, so that the server sees a distinct visitor.
func fromAddress(ip string) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
	return &http.Client{Transport: &http.Transport{DialContext: d.DialContext}}
}

func TestAuditTrailKeepsNeitherTheTipstersAddressNorTheContentOfTipsAndReports(t *testing.T) {
	s, c := reportingSite(t, "2017-09-29")
	const tipster = "127.0.0.77"
	public := fromAddress(tipster)
	tip := complaint("13912345678")
	tip["description"] = "台灯冒烟起火，商家私下承认是从东莞某厂进的无证货"
	r, body := postTip(t, public, s.URL, tip)
	if r.StatusCode != 201 || codeRe.FindStringSubmatch(body) == nil {
		t.Fatalf("public tip: %d", r.StatusCode)
	}
	// The public API too.
	req, _ := http.NewRequest("POST", s.URL+"/api/v1/tips", strings.NewReader(`{"kind":"举报","category":"食品","stage":"销售",
		"business":{"name":"港口镇某副食店"},"description":"该店出售的白酒瓶盖防伪码刮开无效，疑为假酒"}`))
	req.Header.Set("Content-Type", "application/json")
	resp, err := public.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 201 {
		t.Fatalf("public API tip: %d", resp.StatusCode)
	}

	// The unit handles the complaint: notes, a decision and a public reply.
	_, list := c["officer"].get(t, "/tips")
	m := regexp.MustCompile(`href="/tips/(\d+)"`).FindStringSubmatch(list)
	if m == nil {
		t.Fatal("the tip is not on the unit's list")
	}
	tipPath := "/tips/" + m[1]
	c["officer"].post(t, tipPath+"/do/accept", form("note", "已电话联系商家核实"))
	c["officer"].post(t, tipPath+"/do/decide", form("note", "商家同意退货，内部备注：该商行曾被警告", "reply", "经调解，商家同意退货并赔偿。"))
	c["office"].post(t, tipPath+"/reveal", form("reason", "需电话核实投诉细节"))

	// The unit fills and submits a report, the head returns it with a reason.
	path := "/reports/" + itoa(s.reportID(t, "gsfj", "2017-09"))
	c["officer"].post(t, path, form("v_inspectors", "12", "v_samples", "5", "v_samples_failed", "1", "v_cases_opened", "2", "v_cases_closed", "1",
		"v_fines", "3.75", "key_cases", "查处某商行销售假冒灯具案，涉案货值八千元", "practices", "夜间突击联合执法", "then", "submit"))
	c["head"].post(t, path+"/do/return", form("reason", "罚没款单位应为万元请核对"))

	content := []string{tip["description"], "疑为假酒", "已电话联系商家核实", "内部备注", "曾被警告", "经调解，商家同意退货并赔偿", "13912345678", "张三",
		"查处某商行销售假冒灯具案", "八千元", "夜间突击联合执法", "罚没款单位应为万元", "3.75"}
	ctx := context.Background()
	var tipCreates, reportSaves int
	err = s.db.EachAudit(ctx, store.AuditFilter{}, func(rec store.AuditRecord) error {
		row := strings.Join([]string{rec.Actor, rec.Address, rec.Object, rec.Fields, rec.Before, rec.After}, "\x00")
		for _, needle := range append(content, tipster) {
			if strings.Contains(row, needle) {
				t.Errorf("audit record %d (%s) holds %q: %s", rec.Seq, rec.Action, needle, row)
			}
		}
		kind, _, _ := strings.Cut(rec.Object, ":")
		if kind == "tip" || kind == "report" {
			// Of tips and reports only workflow values are kept.
			allowed := map[string]bool{"status": true, "kind": true, "category": true, "handlers": true, "due": true, "extended": true,
				"paused_days": true, "reason": rec.Action == "tip.reveal", "attachment": true, "type": true, "size": true}
			for _, data := range []string{rec.Before, rec.After} {
				var kept map[string]json.RawMessage
				if data != "" {
					if err := json.Unmarshal([]byte(data), &kept); err != nil {
						t.Errorf("record %d: %v", rec.Seq, err)
					}
				}
				for k := range kept {
					if !allowed[k] {
						t.Errorf("record %d (%s) keeps the value of %s: %s", rec.Seq, rec.Action, k, data)
					}
				}
			}
		}
		fields, err := rec.FieldNames()
		if err != nil {
			t.Errorf("record %d: %v", rec.Seq, err)
		}
		if _, err := rec.Changes(); err != nil {
			t.Errorf("record %d: %v", rec.Seq, err)
		}
		names := strings.Join(fields, ",")
		switch rec.Action {
		case "tip.create":
			tipCreates++
			if !strings.HasPrefix(rec.Address, store.AnonymousPrefix) || len(rec.AnonymousTag()) != 16 {
				t.Errorf("the tipster's address is kept as %q", rec.Address)
			}
		case "tip.decide":
			if !strings.Contains(names, "decision") || !strings.Contains(names, "public_reply") || !strings.Contains(names, "status") {
				t.Errorf("tip.decide names %s", names)
			}
			if !strings.Contains(rec.Before, `"accepted"`) || !strings.Contains(rec.After, `"decided"`) {
				t.Errorf("the status change is lost: %s → %s", rec.Before, rec.After)
			}
		case "report.save":
			reportSaves++
			if !strings.Contains(names, "key_cases") || !strings.Contains(names, "values.fines") {
				t.Errorf("report.save names %s", names)
			}
		case "login.ok":
			if rec.Address != "127.0.0.1" {
				t.Errorf("a sign-in's address is %q: accounts' addresses stay readable", rec.Address)
			}
		}
		return nil
	})
	if err != nil || tipCreates != 2 || reportSaves != 1 {
		t.Fatalf("tip.create %d, report.save %d: %v", tipCreates, reportSaves, err)
	}
	// Two submissions from one address on one day: one tag, so a flood is visible.
	creates, _ := s.db.AuditLog(ctx, store.AuditFilter{Action: "tip.create"})
	if creates[0].Address != creates[1].Address {
		t.Errorf("one address, two tags: %s %s", creates[0].Address, creates[1].Address)
	}
	// Nothing stored anywhere holds the tipster's address.
	s.assertNowhereStored(t, tipster)

	// The auditor's page and export show who did what to which record and
	// which fields changed, not the content.
	s.user(t, "aud", dajia.RoleAuditor, "", false)
	aud := s.signIn(t, "aud")
	_, page := aud.get(t, "/audit?object=tip")
	for _, want := range []string{"收到举报投诉", "举报投诉：作出处理决定", "匿名", "公开答复", "状态：已受理，调解中 → 调解结束", "需电话核实投诉细节"} {
		if !strings.Contains(page, want) {
			t.Errorf("the auditor's page lacks %q", want)
		}
	}
	rows := sheetRows(t, aud.getXLSX(t, "/audit/export"), "审计记录")
	var named bool
	for _, row := range rows {
		line := strings.Join(row, "|")
		for _, needle := range append(content, tipster) {
			if strings.Contains(line, needle) {
				t.Errorf("the export holds %q: %s", needle, line)
			}
		}
		if len(row) > 8 && row[5] == "保存报表" && strings.Contains(row[8], "重点案件（已修改）") && strings.Contains(row[8], "数据：罚没款（已修改）") {
			named = true
		}
	}
	if rows[0][8] != "变更" || !named {
		t.Fatalf("the export does not name the changed fields: %v", rows[0])
	}
	if n, brk, err := s.db.VerifyAudit(ctx); err != nil || brk != nil || n == 0 {
		t.Fatalf("verify: %d %+v %v", n, brk, err)
	}
}

// The 审计管理员 reads words: actions, records by their names, roles and
// results in Chinese, changes as "字段：旧 → 新"; filters are choices.
func TestAuditPageSpeaksToItsReader(t *testing.T) {
	s, c := reportingSite(t, "2017-10-03")
	path := "/reports/" + itoa(s.reportID(t, "gsfj", "2017-09"))
	c["officer"].post(t, path, form("v_inspectors", "12", "v_samples", "5", "v_samples_failed", "1", "v_cases_opened", "2", "v_cases_closed", "1",
		"v_fines", "1.5", "key_cases", "查处某商行销售假冒灯具案", "practices", "联合执法", "then", "submit"))
	c["head"].post(t, path+"/do/approve", nil)
	s.user(t, "aud", dajia.RoleAuditor, "", false)
	aud := s.signIn(t, "aud")
	_, page := aud.get(t, "/audit")
	for _, want := range []string{"报表：报送", "报表：审核通过", "工商分局 2017年9月月度信息报送", "登录成功", "成功", "信息员", "状态：填报中 → 待审核",
		`<select id="actor"`, `<select id="unit"`, `<select id="action"`, `type="date"`, `<option value="gsfj">工商分局</option>`} {
		if !strings.Contains(page, want) {
			t.Errorf("the audit page lacks %q", want)
		}
	}
	for _, raw := range []string{"login.ok", "report.submit", ">user:", ">report:", "placeholder=", `"status"`, ">officer<", ">ok<"} {
		if strings.Contains(page, raw) {
			t.Errorf("the audit page shows the code %q", raw)
		}
	}
	// By unit: 工商分局's accounts only.
	_, byUnit := aud.get(t, "/audit?unit=zjfj&action=report")
	if strings.Contains(byUnit, "报表：报送") {
		t.Error("the unit filter lets another unit's records through")
	}
	_, byUnit = aud.get(t, "/audit?unit=gsfj&action=report")
	if !strings.Contains(byUnit, "报表：报送") {
		t.Error("the unit filter hides the unit's own records")
	}
	rows := sheetRows(t, aud.getXLSX(t, "/audit/export?unit=gsfj&action=report"), "审计记录")
	if len(rows) < 3 || !strings.Contains(strings.Join(rows[1], "|")+strings.Join(rows[2], "|"), "工商分局 2017年9月月度信息报送") {
		t.Errorf("the export is not in words: %v", rows)
	}
}
