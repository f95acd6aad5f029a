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
	for _, want := range []string{"tip.create", "tip.decide", "匿名", "public_reply", "accepted → decided", "需电话核实投诉细节"} {
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
		if len(row) > 9 && row[5] == "report.save" && strings.Contains(row[9], "key_cases") && strings.Contains(row[9], "values.fines") {
			named = true
		}
	}
	if rows[0][9] != "变更字段" || !named {
		t.Fatalf("the export does not name the changed fields: %v", rows[0])
	}
	if n, brk, err := s.db.VerifyAudit(ctx); err != nil || brk != nil || n == 0 {
		t.Fatalf("verify: %d %+v %v", n, brk, err)
	}
}
