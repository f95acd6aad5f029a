package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"dajia"
	"dajia/store"
)

func (s *site) reportID(t testing.TB, unit, period string) int64 {
	t.Helper()
	reps, err := s.db.Reports(context.Background(), store.ReportFilter{PlanID: "zs-gangkou-2017", Unit: unit, PeriodID: period, Rule: 0})
	if err != nil || len(reps) != 1 {
		t.Fatalf("report %s %s: %v %d", unit, period, err, len(reps))
	}
	return reps[0].ID
}

// reportingSite stands on 3 October 2017 with an officer and a head of
// 工商分局 and an officer of 质监分局.
func reportingSite(t testing.TB, today string) (*site, map[string]*browserClient) {
	s := newSite(t, today)
	s.user(t, "gs-officer", dajia.RoleOfficer, "gsfj", false)
	s.user(t, "gs-head", dajia.RoleHead, "gsfj", false)
	s.user(t, "zj-officer", dajia.RoleOfficer, "zjfj", false)
	s.user(t, "leader", dajia.RoleLeader, "", false)
	return s, map[string]*browserClient{"officer": s.signIn(t, "gs-officer"), "head": s.signIn(t, "gs-head"),
		"other": s.signIn(t, "zj-officer"), "office": s.signIn(t, "office"), "leader": s.signIn(t, "leader")}
}

func form(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

func TestReportWorkflowThroughThePages(t *testing.T) {
	s, c := reportingSite(t, "2017-10-03")
	id := s.reportID(t, "gsfj", "2017-09")
	path := "/reports/" + itoa(id)

	// The officer's to-do list shows the September report, due 5 October.
	_, todo := c["officer"].get(t, "/")
	if !strings.Contains(todo, path) || !strings.Contains(todo, "填报并报送") || !strings.Contains(todo, "2017年10月5日") {
		t.Fatal("the to-do list lacks the report due on the 5th")
	}
	// Broken figures block the submission with a message at each field.
	r, body := c["officer"].post(t, path, form("v_samples", "2", "v_samples_failed", "5", "v_cases_opened", "1", "v_cases_closed", "3", "then", "submit"))
	if r.StatusCode != 400 || !strings.Contains(body, "抽检不合格批次不能多于抽检批次") || !strings.Contains(body, "结案数不能多于") || !strings.Contains(body, `aria-invalid="true"`) {
		t.Fatalf("validation: %d", r.StatusCode)
	}
	// The same problems in English for an English reader.
	r, body = c["officer"].post(t, path+"?lang=en", form("v_samples", "2", "v_samples_failed", "5", "then", "submit"))
	if r.StatusCode != 400 || !strings.Contains(body, "failed samples cannot exceed samples") || strings.Contains(body, "抽检不合格批次不能多于抽检批次") {
		t.Fatalf("validation in English: %d", r.StatusCode)
	}
	c["officer"].get(t, path+"?lang=zh") // the choice is kept: back to Chinese
	// Text that is not a number is refused and nothing is saved.
	r, body = c["officer"].post(t, path, form("v_inspectors", "十二", "then", "save"))
	if r.StatusCode != 400 || !strings.Contains(body, "不是整数") {
		t.Fatalf("bad number: %d", r.StatusCode)
	}
	// Another unit's officer cannot see or change it.
	if r, _ := c["other"].get(t, path); r.StatusCode != 404 {
		t.Fatalf("another unit's report: %d", r.StatusCode)
	}
	if r, _ := c["other"].post(t, path, form("v_inspectors", "1", "then", "save")); r.StatusCode != 404 {
		t.Fatalf("another unit's save: %d", r.StatusCode)
	}
	// Good figures go through.
	r, _ = c["officer"].post(t, path, form("v_inspectors", "12", "v_samples", "5", "v_samples_failed", "1", "v_cases_opened", "2", "v_cases_closed", "1",
		"v_fines", "1.5", "key_cases", "查处某商行销售假冒灯具案", "practices", "联合执法", "then", "submit"))
	if !strings.Contains(r.Request.URL.String(), "done=submit") {
		t.Fatalf("submit went to %s", r.Request.URL)
	}
	// The officer can no longer change it; the office cannot accept before the head approves.
	if r, _ := c["officer"].post(t, path, form("v_inspectors", "99", "then", "save")); r.StatusCode == 200 && !strings.Contains(r.Request.URL.String(), "done") {
		// a 400 page is fine; a redirect to done=saved is not
	} else if strings.Contains(r.Request.URL.String(), "done=saved") {
		t.Fatal("a sent report was changed")
	}
	if r, _ := c["office"].post(t, path+"/do/accept", nil); r.StatusCode != 400 {
		t.Fatalf("accept before approval: %d", r.StatusCode)
	}
	// The head returns it with a reason, the officer resubmits, the head approves.
	if r, _ := c["head"].post(t, path+"/do/return", form("reason", "")); r.StatusCode != 400 {
		t.Fatal("return without a reason must be refused")
	}
	c["head"].post(t, path+"/do/return", form("reason", "罚没款单位应为万元，请核对"))
	_, todo = c["officer"].get(t, "/")
	if !strings.Contains(todo, "修改后重新报送") || !strings.Contains(todo, "罚没款单位应为万元") {
		t.Fatal("the returned report is not on the officer's list with its reason")
	}
	c["officer"].post(t, path, form("v_inspectors", "12", "v_samples", "5", "v_samples_failed", "1", "v_cases_opened", "2", "v_cases_closed", "1",
		"v_fines", "0.15", "then", "submit"))
	if r, _ := c["head"].post(t, path+"/do/approve", nil); !strings.Contains(r.Request.URL.String(), "done=approve") {
		t.Fatalf("approve: %s", r.Request.URL)
	}
	if r, _ := c["office"].post(t, path+"/do/accept", nil); !strings.Contains(r.Request.URL.String(), "done=accept") {
		t.Fatalf("accept: %s", r.Request.URL)
	}
	rep, _ := s.db.Report(context.Background(), id)
	if rep.Status != dajia.ReportAccepted || rep.Values["fines"].String() != "0.15" || rep.Timeliness(dajia.MustDate("2017-10-20")) != dajia.OnTime {
		t.Fatalf("report = %+v", rep)
	}
	// Accepted is locked; reopening is its own step, for the office, with a reason.
	if r, _ := c["head"].post(t, path+"/do/reopen", form("reason", "x")); r.StatusCode != 403 {
		t.Fatalf("head reopens: %d", r.StatusCode)
	}
	c["office"].post(t, path+"/do/reopen", form("reason", "数据有误需更正"))
	if rep, _ := s.db.Report(context.Background(), id); rep.Status != dajia.ReportDraft {
		t.Fatal("not reopened")
	}
	recs, _ := s.db.AuditLog(context.Background(), store.AuditFilter{Object: "report:" + itoa(id)})
	actions := map[string]int{}
	for _, r := range recs {
		actions[r.Action]++
	}
	if actions["report.submit"] != 2 || actions["report.return"] != 1 || actions["report.approve"] != 1 || actions["report.accept"] != 1 || actions["report.reopen"] != 1 {
		t.Fatalf("audited steps: %v", actions)
	}
}

func TestZeroReportIsARealSubmission(t *testing.T) {
	s, c := reportingSite(t, "2017-10-03")
	id := s.reportID(t, "gsfj", "2017-09")
	r, body := c["officer"].post(t, "/reports/"+itoa(id), form("then", "submit"))
	if r.StatusCode != 400 || !strings.Contains(body, "零申报") {
		t.Fatal("an empty report must ask for an explicit zero report")
	}
	c["officer"].post(t, "/reports/"+itoa(id), form("zero", "1", "then", "submit"))
	rep, _ := s.db.Report(context.Background(), id)
	if rep.Status != dajia.ReportSubmitted || rep.Timeliness(dajia.MustDate("2017-10-20")) != dajia.ZeroReport {
		t.Fatalf("zero report: %+v", rep)
	}
}

func TestMatrixRatesAndCircular(t *testing.T) {
	s, c := reportingSite(t, "2017-10-09") // after the 5 October deadline
	// 工商分局 sent September on time (back-dated through the store's clock is
	// not possible here, so it is sent late; 质监分局 sends nothing).
	id := s.reportID(t, "gsfj", "2017-09")
	c["officer"].post(t, "/reports/"+itoa(id), form("v_inspectors", "3", "then", "submit"))
	_, body := c["office"].get(t, "/reports")
	for _, w := range []string{"报送率", "按时率", `class="t-late"`, `class="t-missing"`, `class="t-not_due"`, "工商分局", "交通分局"} {
		if !strings.Contains(body, w) {
			t.Errorf("matrix lacks %q", w)
		}
	}
	// Through September: 10 units × 2 months due (August and September);
	// one report sent (late).
	if !strings.Contains(body, "<strong>5%</strong>（1/20）") || !strings.Contains(body, "<strong>0%</strong>（0/20）") {
		t.Errorf("overall rates wrong")
	}
	_, circ := c["office"].get(t, "/reports/circular?plan=zs-gangkou-2017&rule=0&period=2017-09")
	if !strings.Contains(circ, "逾期报送1个（工商分局）") || !strings.Contains(circ, "未报送9个") || !strings.Contains(circ, "质监分局") || !strings.Contains(circ, "镇打假办") {
		t.Fatalf("circular: %s", circ)
	}
	_, sum := c["leader"].get(t, "/reports/period?plan=zs-gangkou-2017&rule=0&period=2017-09")
	if !strings.Contains(sum, "合计") || !strings.Contains(sum, "<strong>3</strong>") {
		t.Fatal("merged figures")
	}
	if r, _ := c["leader"].get(t, "/reports/circular?plan=zs-gangkou-2017&rule=0&period=2017-09"); r.StatusCode != 403 {
		t.Fatalf("the circular is the office's: %d", r.StatusCode)
	}
	// An officer's matrix shows only the officer's own unit.
	_, own := c["officer"].get(t, "/reports")
	if strings.Contains(own, "交通分局") || !strings.Contains(own, "工商分局") {
		t.Fatal("an officer sees other units in the matrix")
	}
}

func TestExcelRoundTripAndBrokenTemplate(t *testing.T) {
	s, c := reportingSite(t, "2017-10-03")
	id := s.reportID(t, "gsfj", "2017-09")
	c["officer"].post(t, "/reports/"+itoa(id), form("v_inspectors", "7", "v_fines", "2.5", "key_cases", "案件一", "then", "save"))
	resp, err := c["officer"].Get(s.URL + "/reports/" + itoa(id) + "/xlsx")
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	x, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not xlsx: %v", err)
	}
	if v, _ := x.GetCellValue("报表", "D3"); v != "7" {
		t.Fatalf("D3 = %q", v)
	}
	// Fill offline: change figures, then upload.
	x.SetCellValue("报表", "D3", 9)
	x.SetCellValue("报表", "D5", 1)
	x.SetCellValue("重点案件", "A2", "案件二")
	var buf bytes.Buffer
	x.WriteTo(&buf)
	upload := func(b []byte) (*http.Response, string) {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		fw, _ := mw.CreateFormFile("file", "report.xlsx")
		fw.Write(b)
		mw.Close()
		req, _ := http.NewRequest("POST", s.URL+"/reports/"+itoa(id)+"/xlsx", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		resp, err := c["officer"].Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		out, _ := io.ReadAll(resp.Body)
		return resp, string(out)
	}
	if r, _ := upload(buf.Bytes()); !strings.Contains(r.Request.URL.String(), "done=imported") {
		t.Fatalf("import: %s", r.Request.URL)
	}
	rep, _ := s.db.Report(context.Background(), id)
	if rep.Values["inspectors"].String() != "9" || rep.Values["dens_destroyed"].String() != "1" || rep.KeyCases != "案件二" {
		t.Fatalf("after import: %+v", rep)
	}
	// A broken template: every bad cell is named and nothing is saved.
	x.SetCellValue("报表", "D3", "很多")
	x.SetCellValue("报表", "D4", -2)
	x.SetCellValue("报表", "D6", 1.5) // 立案 is a count
	x.SetCellValue("报表", "A20", "bogus_key")
	buf.Reset()
	x.WriteTo(&buf)
	r, body := upload(buf.Bytes())
	for _, w := range []string{"D3", "D4", "D6", "A20", "没有导入任何内容"} {
		if !strings.Contains(body, w) {
			t.Errorf("broken template: message lacks %s", w)
		}
	}
	if r.StatusCode != 400 {
		t.Fatalf("status %d", r.StatusCode)
	}
	if rep2, _ := s.db.Report(context.Background(), id); rep2.Values["inspectors"].String() != "9" {
		t.Fatal("a broken import changed the report")
	}
	// Not an Excel file at all.
	if r, body := upload([]byte("%PDF-1.4 not excel")); r.StatusCode != 400 || !strings.Contains(body, "不是有效的 Excel") {
		t.Fatalf("garbage upload: %d", r.StatusCode)
	}
}

func TestTownSummaryExport(t *testing.T) {
	s, c := reportingSite(t, "2017-10-03")
	c["officer"].post(t, "/reports/"+itoa(s.reportID(t, "gsfj", "2017-09")), form("v_inspectors", "7", "v_fines", "2.5", "practices", "经验甲", "then", "submit"))
	resp, err := c["office"].Get(s.URL + "/reports/period.xlsx?plan=zs-gangkou-2017&rule=0&period=2017-09")
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	x, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not xlsx: %v", err)
	}
	rows, _ := x.GetRows("汇总")
	last := rows[len(rows)-1]
	if len(rows) != 13 || last[0] != "合计" || last[2] != "7" || rows[1][2] != "出动执法人员（人次）" {
		t.Fatalf("summary rows: %d %v", len(rows), last)
	}
	p, _ := x.GetRows("经验做法")
	if len(p) != 2 || p[1][1] != "经验甲" {
		t.Fatalf("practices sheet %v", p)
	}
}

func TestAttachmentTypesAreCheckedByContent(t *testing.T) {
	s, c := reportingSite(t, "2017-10-03")
	id := s.reportID(t, "gsfj", "2017-09")
	up := func(name string, data []byte) int {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		fw, _ := mw.CreateFormFile("file", name)
		fw.Write(data)
		mw.Close()
		req, _ := http.NewRequest("POST", s.URL+"/reports/"+itoa(id)+"/attachments", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		resp, err := c["officer"].Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if up("通报.pdf", []byte("%PDF-1.4\n...")) != 200 {
		t.Fatal("a PDF was refused")
	}
	if up("innocent.pdf", []byte("<html><script>alert(1)</script></html>")) != 400 {
		t.Fatal("HTML named .pdf was accepted")
	}
	if up("empty.png", nil) != 400 {
		t.Fatal("an empty file was accepted")
	}
	if up("big.pdf", append([]byte("%PDF-1.4\n"), make([]byte, store.MaxAttachment+10)...)) != 400 {
		t.Fatal("an oversized file was accepted")
	}
	// A file's name ends in what it is: a picture named .html is kept as a
	// .png, a Word package named .jar as a .docx; a zip that is no Word or
	// Excel package is refused.
	png := []byte("\x89PNG\r\n\x1a\n<script>alert(1)</script>")
	if up("整改材料.html", png) != 200 {
		t.Fatal("a PNG named .html was refused")
	}
	office := func(parts ...string) []byte {
		var b bytes.Buffer
		z := zip.NewWriter(&b)
		for _, p := range parts {
			w, _ := z.Create(p)
			w.Write([]byte("<x/>"))
		}
		z.Close()
		return b.Bytes()
	}
	if up("报告.jar", office("[Content_Types].xml", "word/document.xml")) != 200 {
		t.Fatal("a Word package was refused")
	}
	if up("整改报告.docx", office("payload.class", "META-INF/MANIFEST.MF")) != 400 {
		t.Fatal("a zip that is no Word package was accepted as one")
	}
	files, _ := s.db.Attachments(context.Background(), id)
	var names []string
	for _, f := range files {
		names = append(names, f.Name)
	}
	slices.Sort(names)
	if want := []string{"通报.pdf", "报告.docx", "整改材料.png"}; !slices.Equal(names, slices.Sorted(slices.Values(want))) {
		t.Fatalf("files = %v, want %v", names, want)
	}
	if r, _ := c["other"].get(t, "/reports/"+itoa(id)+"/attachments/"+itoa(files[0].ID)); r.StatusCode != 404 {
		t.Fatal("another unit read the attachment")
	}
}

func TestReportsAPI(t *testing.T) {
	s, _ := reportingSite(t, "2017-10-03")
	ctx := context.Background()
	officer, _ := s.db.UserByName(ctx, "gs-officer")
	tok, hash := newTokenFor(t, s, officer.ID)
	_ = hash
	call := func(method, path, token string, body any) (int, map[string]any) {
		return s.apiJSON(t, method, path, token, body)
	}
	code, out := call("GET", "/api/v1/reports?period=2017-09", tok, nil)
	reps, _ := out["reports"].([]any)
	if code != 200 || len(reps) != 1 {
		t.Fatalf("officer's list: %d %v", code, out)
	}
	first := reps[0].(map[string]any)
	if first["due"] != "2017-10-05" || first["status"] != "draft" || first["timeliness"] != "not_due" {
		t.Fatalf("report = %v", first)
	}
	code, out = call("GET", "/api/v1/reports?period=2017-09", s.token, nil)
	if all, _ := out["reports"].([]any); code != 200 || len(all) != 10 {
		t.Fatalf("office's list: %d", len(all))
	}
	id := itoa(int64(first["id"].(float64)))
	// Malformed and hostile bodies.
	for _, bad := range []struct {
		body any
		want string
	}{
		{map[string]any{"values": map[string]any{"inspectors": "abc"}}, "不是整数"},
		{map[string]any{"values": map[string]any{"fines": "abc"}}, "不是有效的数"},
		{map[string]any{"values": map[string]any{"nope": 1}}, "未知的指标"},
		{map[string]any{"valuez": 1}, "valuez"},
		{map[string]any{"key_cases": strings.Repeat("长", 20001)}, "过长"},
	} {
		code, out := call("PUT", "/api/v1/reports/"+id, tok, bad.body)
		e, _ := out["error"].(map[string]any)
		if code != 400 || !strings.Contains(e["message"].(string)+e["field"].(string), bad.want) {
			t.Errorf("%v: %d %v", bad.body, code, out)
		}
	}
	// Every field's problem comes back, not only the first.
	code, out = call("PUT", "/api/v1/reports/"+id, tok, map[string]any{"values": map[string]any{"inspectors": "abc", "fines": "1.23456", "nope": 1}})
	if e, _ := out["error"].(map[string]any); code != 400 || len(e["fields"].([]any)) != 3 {
		t.Fatalf("three bad values: %d %v", code, out)
	}
	code, out = call("PUT", "/api/v1/reports/"+id, tok, map[string]any{"values": map[string]any{"samples": 1, "samples_failed": 2}, "revision": 0})
	if code != 200 {
		t.Fatalf("put: %d %v", code, out)
	}
	if code, _ := call("PUT", "/api/v1/reports/"+id, tok, map[string]any{"values": map[string]any{"samples": 3}, "revision": 0}); code != 409 {
		t.Fatalf("a stale revision must conflict: %d", code)
	}
	code, out = call("POST", "/api/v1/reports/"+id+"/submit", tok, nil)
	e, _ := out["error"].(map[string]any)
	if fields, _ := e["fields"].([]any); code != 400 || len(fields) != 1 {
		t.Fatalf("invalid submit: %d %v", code, out)
	}
	call("PUT", "/api/v1/reports/"+id, tok, map[string]any{"values": map[string]any{"samples": 3, "samples_failed": 2}})
	if code, out := call("POST", "/api/v1/reports/"+id+"/submit", tok, nil); code != 200 || out["status"] != "submitted" {
		t.Fatalf("submit: %d %v", code, out)
	}
	if code, _ := call("POST", "/api/v1/reports/"+id+"/approve", tok, nil); code != 403 {
		t.Fatalf("an officer approving: %d", code)
	}
	// A step the status does not allow is a conflict: accepting twice.
	head, _ := s.db.UserByName(ctx, "gs-head")
	headTok, _ := newTokenFor(t, s, head.ID)
	if code, out := call("POST", "/api/v1/reports/"+id+"/approve", headTok, nil); code != 200 || out["status"] != "approved" {
		t.Fatalf("approve: %d %v", code, out)
	}
	if code, out := call("POST", "/api/v1/reports/"+id+"/accept", s.token, nil); code != 200 || out["status"] != "accepted" {
		t.Fatalf("accept: %d %v", code, out)
	}
	code, out = call("POST", "/api/v1/reports/"+id+"/accept", s.token, nil)
	if e, _ := out["error"].(map[string]any); code != 409 || e["code"] != "conflict" {
		t.Fatalf("accepting an accepted report: %d %v", code, out)
	}
	if code, _ := call("PUT", "/api/v1/reports/"+id, tok, map[string]any{"values": map[string]any{"samples": 4}}); code != 409 {
		t.Fatalf("changing an accepted report: %d", code)
	}
	other := itoa(s.reportID(t, "zjfj", "2017-09"))
	if code, _ := call("GET", "/api/v1/reports/"+other, tok, nil); code != 404 {
		t.Fatalf("another unit's report: %d", code)
	}
	if code, _ := call("POST", "/api/v1/reports/"+id+"/explode", tok, nil); code != 404 {
		t.Fatal("unknown action")
	}
}

func newTokenFor(t testing.TB, s *site, userID int64) (string, string) {
	t.Helper()
	tok, hash := secretToken()
	if _, err := s.db.CreateToken(context.Background(), testActor, userID, "test", hash); err != nil {
		t.Fatal(err)
	}
	return tok, hash
}

// A reader who switches to English on any page stays in English on the
// pages after it, and back.
func TestTheLanguageChosenOnAnyPageIsKept(t *testing.T) {
	_, c := reportingSite(t, "2017-10-03")
	office := c["office"]
	if _, body := office.get(t, "/?lang=en"); !strings.Contains(body, "Reporting") {
		t.Fatal("the to-do page in English is not English")
	}
	for _, p := range []string{"/", "/tips", "/entities"} {
		if _, body := office.get(t, p); !strings.Contains(body, `lang="en"`) {
			t.Errorf("%s after choosing English is not English", p)
		}
	}
	office.get(t, "/tips?lang=zh")
	if _, body := office.get(t, "/"); !strings.Contains(body, `lang="zh-CN"`) {
		t.Error("back to Chinese does not stay")
	}
}
