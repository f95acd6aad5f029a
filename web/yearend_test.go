package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"dajia"
	"dajia/store"
)

// yearendSite is the campaign-work site (campaign 7, lamps: gsfj's two
// inspections, one with a finding, and failed sampling tagged with the
// September joint action; zjfj's inspection and publicity) with a case of
// gsfj under campaign 7 and a joint action whose name and summary are
// hostile to XML (markup, control characters; broken UTF-8 comes in the
// office's text, as PostgreSQL stores none).
func yearendSite(t *testing.T) (*site, map[string]*browserClient) {
	t.Helper()
	s, c, _ := campaignWorkSite(t)
	setPrefixes(t, s)
	storeCase(t, s, dajia.Case{LeadUnit: "gsfj", CampaignNo: 7, Sales: 5000 * dajia.AmountScale, Fine: 2000 * dajia.AmountScale}, "")
	if _, err := s.db.CreateJointAction(context.Background(), dajia.Actor{UserID: 1, Name: "office", Role: dajia.RoleOffice},
		dajia.JointAction{PlanID: "zs-gangkou-2017", Name: "十月<w:t>行动&amp;\x01", Start: dajia.MustDate("2017-10-09"), End: dajia.MustDate("2017-10-20"),
			Units: []string{"zjfj"}, Summary: "]]></w:t>\x1f总结"}); err != nil {
		t.Fatal(err)
	}
	return s, c
}

// download posts the year-end form and answers the file; anything but a
// 200 of the content type fails the test.
func download(t *testing.T, c *browserClient, path string, form url.Values, ctype string) []byte {
	t.Helper()
	r, err := c.PostForm(c.base+path, form)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	b, _ := io.ReadAll(r.Body)
	if r.StatusCode != 200 || !strings.Contains(r.Header.Get("Content-Type"), ctype) || !strings.Contains(r.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("%s: %d %s: %.300s", path, r.StatusCode, r.Header.Get("Content-Type"), b)
	}
	return b
}

// soffice converts file with LibreOffice, headless, in its own profile,
// to the filter given, into a new directory, and answers it. No soffice
// skips the test, unless DAJIA_TEST_REQUIRE is set.
func soffice(t *testing.T, file, to string) string {
	t.Helper()
	bin, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("DAJIA_TEST_REQUIRE") != "" {
			t.Fatal("soffice (LibreOffice) is required")
		}
		t.Skip("no soffice (LibreOffice)")
	}
	out := t.TempDir()
	profile := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-env:UserInstallation=file://"+profile, "--headless", "--norestore", "--convert-to", to, "--outdir", out, file)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice %s: %v\n%s", file, err, b)
	}
	return out
}

func readAll(t *testing.T, dir string) string {
	t.Helper()
	var all strings.Builder
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(files) == 0 {
		t.Fatalf("LibreOffice wrote nothing in %s", dir)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		all.WriteString("== " + filepath.Base(f) + "\n")
		all.Write(b)
	}
	return all.String()
}

// xmlParts opens a .docx or .xlsx and answers its XML parts; a part that
// is not well-formed fails the test.
func xmlParts(t *testing.T, b []byte) map[string]string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	out := map[string]string{}
	for _, f := range z.File {
		r, _ := f.Open()
		body, _ := io.ReadAll(r)
		r.Close()
		if !strings.HasSuffix(f.Name, ".xml") && !strings.HasSuffix(f.Name, ".rels") {
			continue
		}
		dec := xml.NewDecoder(bytes.NewReader(body))
		for {
			if _, err := dec.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s is not well-formed: %v", f.Name, err)
			}
		}
		out[f.Name] = string(body)
	}
	return out
}

// reportingFigures are the town's reporting figures as the records stand
// on the site's day: due, sent, on time.
func reportingFigures(t *testing.T, s *site, today dajia.Date) (due, sent, onTime int) {
	t.Helper()
	reps, err := s.db.Reports(context.Background(), store.ReportFilter{PlanID: "zs-gangkou-2017", Rule: -1})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range reps {
		switch r.Timeliness(today) {
		case dajia.NotYetDue:
		case dajia.Missing:
			due++
		case dajia.Late:
			due, sent = due+1, sent+1
		default:
			due, sent, onTime = due+1, sent+1, onTime+1
		}
	}
	return due, sent, onTime
}

var spaces = regexp.MustCompile(`[ \t\r\n\x{3000}]+`)

// The office generates the year-end summary and the year's workbook from
// its page; LibreOffice opens both and reads back the organ, the number,
// the title, each campaign with its figures as the records add them up,
// the joint actions (hostile names as typed), the reporting rates and the
// office's problems; the files' XML is well-formed with the fonts named in
// the styles; each generation is in the audit trail.
func TestYearEndSummaryOpensInLibreOfficeWithTheRecordsFigures(t *testing.T) {
	s, c := yearendSite(t)
	ctx := context.Background()
	today := dajia.MustDate("2017-10-03")
	// The page shows the figures, each linking to its records, and the
	// suggested head.
	r, page := c["office"].get(t, "/yearend?plan=zs-gangkou-2017")
	for _, want := range []string{`value="港打假〔2017〕1号"`, `value="中山市港口镇打假办"`, `value="2017-10-03"`,
		`href="/inspections?campaign=7&amp;plan=zs-gangkou-2017">3</a>`, `href="/cases?campaign=7&amp;plan=zs-gangkou-2017">1</a>`,
		`href="/samplings?campaign=7&amp;plan=zs-gangkou-2017">1</a>`, `href="/publicity?campaign=7&amp;plan=zs-gangkou-2017">1</a>`,
		`formaction="/yearend.xlsx"`, `>7 · 灯具专项打假</a>`, `<tr class="total">`, `href="/inspections?plan=zs-gangkou-2017">3</a>`,
		`href="/cases?plan=zs-gangkou-2017">0.50</a>`} {
		if r.StatusCode != 200 || !strings.Contains(page, want) {
			t.Errorf("the page (%d) lacks %s", r.StatusCode, want)
		}
	}
	form := url.Values{"plan": {"zs-gangkou-2017"}, "number": {"港打假〔2017〕12号"}, "issuer": {"中山市港口镇打假办"},
		"issued_on": {"2017-12-29"}, "recipients": {"食药监分局、工商分局、质监分局"}, "copies": {"中山市港口镇人民政府办公室"},
		"problems": {"灯具抽检<不合格>&\x02较多\xff。\n部分单位报送不及时。"}}
	docx := download(t, c["office"], "/yearend.docx", form, "wordprocessingml")
	parts := xmlParts(t, docx)
	for part, wants := range map[string][]string{
		"word/styles.xml":        {`w:eastAsia="方正小标宋简体"`, `w:eastAsia="仿宋_GB2312"`, `w:eastAsia="黑体"`, `w:eastAsia="楷体_GB2312"`, `<w:sz w:val="32"/>`},
		"word/fontTable.xml":     {`w:name="方正小标宋简体"><w:altName w:val="宋体"/>`},
		"word/document.xml":      {`w:top="2098"`, `w:bottom="1984"`, `w:left="1587"`, `w:right="1474"`},
		"word/charts/chart1.xml": {`<c:v>7.灯具</c:v>`},
		"word/footer1.xml":       {" PAGE "},
	} {
		for _, w := range wants {
			if !strings.Contains(parts[part], w) {
				t.Errorf("%s lacks %s", part, w)
			}
		}
	}
	dir := t.TempDir()
	if d := os.Getenv("DAJIA_YEAREND_OUT"); d != "" { // to look at it
		dir = d
	}
	file := filepath.Join(dir, "summary.docx")
	if err := os.WriteFile(file, docx, 0o644); err != nil {
		t.Fatal(err)
	}
	text := spaces.ReplaceAllString(readAll(t, soffice(t, file, "txt:Text")), "")
	due, sent, onTime := reportingFigures(t, s, today)
	pct := func(n, d int) int {
		if d == 0 {
			return 0
		}
		return (n*200 + d) / (2 * d)
	}
	for _, want := range []string{
		"中山市港口镇打假办文件", "港打假〔2017〕12号", "关于2017年打假工作情况的总结", "食药监分局、工商分局、质监分局：",
		"一、总体情况", "二、各专项打假工作情况", "三、统一集中行动开展情况", "四、信息报送情况", "五、存在的问题", "六、下一步工作",
		"食品、药品（含化妆品）专项打假", "本年度系统中没有该专项",
		// Campaign 7 as the records add it up: the failed sample's clue,
		// gsfj's case (5,000 yuan sold, 2,000 fined), three inspections
		// with one finding, the failed sample, zjfj's publicity.
		"灯具专项打假", "全年受理线索1条，立案1宗、结案0宗，涉案货值0.50万元，罚没款0.20万元，移送公安机关0宗；开展检查3次，发现问题1次；抽检1批次，不合格1批次，合格率0.0%；",
		"开展宣传活动1场。",
		"九月统一集中行动", "行动期间受理线索0条，立案0宗，检查1次，抽检1批次（不合格1批次）", "十月<w:t>行动&amp;", "]]></w:t>总结",
		fmt.Sprintf("各单位全年应报送报表%d份，已报送%d份，报送率%d%%；按时报送%d份，及时率%d%%。", due, sent, pct(sent, due), onTime, pct(onTime, due)),
		"1.灯具抽检<不合格>&较多\uFFFD。", "2.部分单位报送不及时。",
		"中山市港口镇打假办", "2017年12月29日", "抄送：中山市港口镇人民政府办公室。", "2017年12月29日印发",
	} {
		if !strings.Contains(text, spaces.ReplaceAllString(want, "")) {
			t.Errorf("the document as LibreOffice reads it lacks %s", want)
		}
	}
	if due == 0 {
		t.Error("no report is due: the reporting figures are not exercised")
	}
	if strings.Contains(text, "\x01") || strings.Contains(text, "\x02") {
		t.Error("a control character reached the document")
	}
	if t.Failed() {
		t.Logf("text: %s", text)
	}

	// The workbook: every sheet as CSV.
	xlsx := download(t, c["office"], "/yearend.xlsx", form, "spreadsheetml")
	xmlParts(t, xlsx)
	xfile := filepath.Join(dir, "figures.xlsx")
	if err := os.WriteFile(xfile, xlsx, 0o644); err != nil {
		t.Fatal(err)
	}
	csv := readAll(t, soffice(t, xfile, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"))
	for _, want := range []string{
		"发文字号,港打假〔2017〕12号",
		"7,灯具专项打假,质监分局（生产领域）、工商分局（流通领域）,1,1,0,0.5,0.2,0,3,1,1,0,1,0,0,0,1,0,0,900",
		"7,灯具专项打假,工商分局,1,1,0,2,1,1,0,1,0,0,0,0,0,0",
		"7,灯具专项打假,质监分局,0,0,0,1,0,0,0,0,,0,1,0,0,900",
		"2017-09,0,1,0,3,1,1,1", "2017-10,1,0,0,0,0,0,0",
		"月度信息报送,2017年8月,食药监分局,2017-09-05,,未报",
		"九月统一集中行动,2017-09-01,2017-09-30",
		"十月<w:t>行动&amp;", "]]></w:t>总结",
		fmt.Sprintf("合计,%d,%d,", due, sent),
	} {
		if !strings.Contains(csv, want) {
			t.Errorf("the workbook as LibreOffice reads it lacks %s", want)
		}
	}
	if t.Failed() {
		t.Logf("csv: %s", csv)
	}

	// Each generation is in the audit trail, with its number and format.
	recs, err := s.db.AuditLog(ctx, store.AuditFilter{Action: "yearend.generate", Limit: 10})
	if err != nil || len(recs) != 2 {
		t.Fatalf("audit: %v, %d records", err, len(recs))
	}
}

// Only the office and leaders generate the year-end summary: it counts
// every unit. A unit's officer is refused the page, the downloads and the
// API, and nothing is recorded for it.
func TestYearEndIsTheOfficesAndLeadersOnly(t *testing.T) {
	s, c := yearendSite(t)
	ctx := context.Background()
	form := url.Values{"plan": {"zs-gangkou-2017"}}
	download(t, c["leader"], "/yearend.docx", form, "wordprocessingml")
	if r, _ := c["leader"].get(t, "/yearend"); r.StatusCode != 200 {
		t.Errorf("the leader's page: %d", r.StatusCode)
	}
	for _, who := range []string{"officer", "head", "other"} {
		if r, _ := c[who].get(t, "/yearend?plan=zs-gangkou-2017"); r.StatusCode != http.StatusForbidden {
			t.Errorf("%s: the page answers %d", who, r.StatusCode)
		}
		for _, path := range []string{"/yearend.docx", "/yearend.xlsx"} {
			if r, body := c[who].post(t, path, form); r.StatusCode != http.StatusForbidden || strings.Contains(body, "PK") {
				t.Errorf("%s: %s answers %d", who, path, r.StatusCode)
			}
		}
	}
	gs, _ := s.db.UserByName(ctx, "gs-officer")
	tok, _ := newTokenFor(t, s, gs.ID)
	for _, path := range []string{"/api/v1/yearend.docx?plan=zs-gangkou-2017", "/api/v1/yearend.xlsx?plan=zs-gangkou-2017"} {
		if code, _ := s.apiJSON(t, "GET", path, tok, nil); code != http.StatusForbidden {
			t.Errorf("an officer's token: %s answers %d", path, code)
		}
	}
	// The office's token gets the files.
	code, h, body := s.api(t, "/api/v1/yearend.xlsx?plan=zs-gangkou-2017&number="+url.QueryEscape("港打假〔2017〕3号"))
	if code != 200 || !strings.Contains(h.Get("Content-Type"), "spreadsheetml") || !strings.HasPrefix(body, "PK") {
		t.Errorf("the office's API: %d %s", code, h.Get("Content-Type"))
	}
	if code, _, _ := s.api(t, "/api/v1/yearend.docx"); code != http.StatusBadRequest {
		t.Errorf("no plan: %d", code)
	}
	recs, err := s.db.AuditLog(ctx, store.AuditFilter{Action: "yearend.generate", Limit: 10})
	if err != nil || len(recs) != 2 {
		t.Errorf("audit: %v, %d records (the leader's and the office's)", err, len(recs))
	}
}

// A head that does not check out shows the form again with every problem
// at its field, and no file.
func TestYearEndFormShowsEveryProblemAtItsField(t *testing.T) {
	_, c := yearendSite(t)
	r, body := c["office"].post(t, "/yearend.docx", url.Values{"plan": {"zs-gangkou-2017"}, "number": {strings.Repeat("号", 101)},
		"issued_on": {"2017-13-45"}, "recipients": {"各单位"}, "problems": {strings.Repeat("问", 5001)}})
	if r.StatusCode != http.StatusBadRequest || !strings.Contains(r.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("%d %s", r.StatusCode, r.Header.Get("Content-Type"))
	}
	for _, want := range []string{"最多 100 个字", "日期应为 YYYY-MM-DD", "最多 5000 个字", `id="number" name="number"`, `aria-invalid="true"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the form lacks %s", want)
		}
	}
}

// The longest texts the form allows fit its body, URL-encoded.
func TestYearEndFormTakesItsLongestTexts(t *testing.T) {
	_, c := yearendSite(t)
	text := strings.Repeat("问", 5000)
	r, _ := c["office"].post(t, "/yearend.docx", url.Values{"plan": {"zs-gangkou-2017"}, "problems": {text}, "next_steps": {text}})
	if r.StatusCode != http.StatusOK || !strings.Contains(r.Header.Get("Content-Type"), "officedocument") {
		t.Fatalf("%d %s", r.StatusCode, r.Header.Get("Content-Type"))
	}
}

// The year-end page fits a 390 px phone and a desktop, as the office and
// as a leader. With DAJIA_SCREENSHOTS=DIR each page is written to DIR.
func TestBrowserYearEndPageOnAPhoneAndADesktop(t *testing.T) {
	t.Parallel()
	s, _ := yearendSite(t)
	for _, name := range []string{"office", "leader"} {
		for _, width := range []int64{390, 1366} {
			ctx := signInAt(t, s, name, width)
			if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+"/yearend?plan=zs-gangkou-2017"), chromedp.WaitVisible("#ye-head")); err != nil {
				t.Fatal(err)
			}
			out, err := chromedp.Run(ctx, chromedp.Evaluate[string](fitsJS))
			if err != nil {
				t.Fatal(err)
			}
			if out != "" {
				t.Errorf("as %s at %d px: %s", name, width, out)
			}
			if dir := os.Getenv("DAJIA_SCREENSHOTS"); dir != "" {
				if png, err := chromedp.Run(ctx, chromedp.FullScreenshot(80)); err == nil {
					os.WriteFile(filepath.Join(dir, fmt.Sprintf("yearend-%s-%d.jpg", name, width)), png, 0o644)
				}
			}
		}
	}
}

// What the office typed is there on the page next time: the texts of the
// last generation from the form (a bad form keeps nothing), who and when;
// the API's generations keep nothing. The page is the office's and the
// leaders' only, as before.
func TestYearEndFormKeepsWhatWasTypedForNextTime(t *testing.T) {
	s, c := yearendSite(t)
	_, body := c["office"].get(t, "/yearend?plan=zs-gangkou-2017")
	if strings.Contains(body, "上次生成时填写") {
		t.Fatal("a saved draft before any generation")
	}
	// A refused form keeps nothing.
	c["office"].post(t, "/yearend.docx", url.Values{"plan": {"zs-gangkou-2017"}, "issued_on": {"2017-13-45"}, "problems": {"不该保存"}})
	if _, body := c["office"].get(t, "/yearend?plan=zs-gangkou-2017"); strings.Contains(body, "不该保存") {
		t.Fatal("a refused form was kept")
	}
	download(t, c["office"], "/yearend.docx", url.Values{"plan": {"zs-gangkou-2017"}, "number": {"港打假〔2017〕12号"},
		"problems": {"一是<b>部门</b>联动不够。\n二是宣传覆盖面不广。"}, "next_steps": {"加强培训。"}}, "wordprocessingml")
	// The API's generation with other texts does not replace them.
	if code, _, _ := s.api(t, "/api/v1/yearend.docx?plan=zs-gangkou-2017&problems="+url.QueryEscape("接口的文字")); code != 200 {
		t.Fatalf("API: %d", code)
	}
	for _, who := range []string{"office", "leader"} {
		_, body := c[who].get(t, "/yearend?plan=zs-gangkou-2017")
		for _, want := range []string{`value="港打假〔2017〕12号"`, "一是&lt;b&gt;部门&lt;/b&gt;联动不够。\n二是宣传覆盖面不广。</textarea>", "加强培训。</textarea>", "上次生成时填写"} {
			if !strings.Contains(body, want) {
				t.Errorf("%s's page lacks %s", who, want)
			}
		}
		if strings.Contains(body, "接口的文字") {
			t.Errorf("%s's page has the API's text", who)
		}
	}
	for _, who := range []string{"officer", "other"} {
		if r, body := c[who].get(t, "/yearend?plan=zs-gangkou-2017"); r.StatusCode != http.StatusForbidden || strings.Contains(body, "联动不够") {
			t.Errorf("%s reads the draft: %d", who, r.StatusCode)
		}
	}
	// Emptied, the number is the plan's suggestion again.
	download(t, c["office"], "/yearend.docx", url.Values{"plan": {"zs-gangkou-2017"}, "number": {""}}, "wordprocessingml")
	if _, body := c["office"].get(t, "/yearend?plan=zs-gangkou-2017"); strings.Contains(body, "〔2017〕12号") || strings.Contains(body, "联动不够") {
		t.Error("emptied fields came back")
	}
	recs, err := s.db.AuditLog(context.Background(), store.AuditFilter{Action: "yearend.generate", Limit: 10})
	if err != nil || len(recs) != 3 {
		t.Errorf("audit: %v, %d records", err, len(recs))
	}
}
