package web_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/xuri/excelize/v2"

	"dajia"
	"dajia/store"
)

// tipForm posts the public form from a client, with photos.
func postTip(t testing.TB, c *http.Client, base string, fields map[string]string, photos ...[]byte) (*http.Response, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	for i, p := range photos {
		fw, _ := mw.CreateFormFile("photos", "photo"+itoa(int64(i))+".jpg")
		fw.Write(p)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", base+"/tip", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

var (
	codeRe   = regexp.MustCompile(`<dt>查询码</dt><dd><code class="token big">(T[0-9A-Z]{9})</code>`)
	secretRe = regexp.MustCompile(`<dt>密码</dt><dd><code class="token big">([0-9A-Z]{8})</code>`)
)

func complaint(phone string) map[string]string {
	return map[string]string{"kind": "投诉", "category": "灯具", "stage": "销售", "business_name": "港口镇某灯饰商行", "address": "港口镇某路 1 号",
		"village": "胜隆社区", "description": "购买的台灯没有3C标志，使用一周后冒烟，商家拒绝退货，怀疑是假冒产品。", "contact_name": "张三", "contact_phone": phone}
}

func jpegWithEXIF(t testing.TB) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for x := range 40 {
		img.Set(x, 10, color.RGBA{200, 0, 0, 255})
	}
	var buf bytes.Buffer
	jpeg.Encode(&buf, img, nil)
	b := buf.Bytes()
	payload := append([]byte("Exif\x00\x00"), []byte("GPS 22.5N 113.4E SECRET-GPS-MARKER")...)
	seg := append([]byte{0xFF, 0xE1, byte((len(payload) + 2) >> 8), byte(len(payload) + 2)}, payload...)
	return append(append(append([]byte{}, b[:2]...), seg...), b[2:]...)
}

func TestPublicComplaintIsRoutedTrackedAndHandled(t *testing.T) {
	s, c := reportingSite(t, "2017-09-29")
	public := &http.Client{}
	r, body := postTip(t, public, s.URL, complaint("13912345678"), jpegWithEXIF(t))
	code, sec := codeRe.FindStringSubmatch(body), secretRe.FindStringSubmatch(body)
	if r.StatusCode != 201 || code == nil || sec == nil || !strings.Contains(body, "工商分局") || !strings.Contains(body, "2017年10月16日") {
		t.Fatalf("receipt: %d %s", r.StatusCode, body)
	}
	// The officer of 工商分局 (circulation lead of 灯具) sees it, masked.
	_, list := c["officer"].get(t, "/tips")
	m := regexp.MustCompile(`href="/tips/(\d+)"`).FindStringSubmatch(list)
	if m == nil {
		t.Fatal("the routed tip is not on the unit's list")
	}
	tipPath := "/tips/" + m[1]
	_, page := c["officer"].get(t, tipPath)
	if !strings.Contains(page, "张* 139****5678") || strings.Contains(page, "13912345678") || strings.Contains(page, "张三") {
		t.Fatal("the contact is not masked on the officer's page")
	}
	if r, _ := c["other"].get(t, tipPath); r.StatusCode != 404 {
		t.Fatalf("another unit: %d", r.StatusCode)
	}
	// Accept, then end the mediation with a public reply and an internal note.
	c["officer"].post(t, tipPath+"/do/accept", form("note", "已电话联系商家"))
	if r, _ := c["officer"].post(t, tipPath+"/do/decide", form("note", "")); r.StatusCode != 400 {
		t.Fatal("a decision needs a reason")
	}
	c["officer"].post(t, tipPath+"/do/decide", form("note", "商家同意退货并赔偿，内部备注：该商行曾被警告", "reply", "经调解，商家同意退货并赔偿。"))
	// The public tracking page shows the status and reply, nothing private.
	_, track := (&browserClient{public, s.URL}).post(t, "/track", form("code", code[1], "secret", sec[1]))
	if !strings.Contains(track, "调解结束") || !strings.Contains(track, "经调解，商家同意退货并赔偿。") || !strings.Contains(track, "工商分局") {
		t.Fatal("tracking lacks the status or reply")
	}
	for _, private := range []string{"内部备注", "曾被警告", "已电话联系商家", "13912345678", "139****5678", "张三", "张*"} {
		if strings.Contains(track, private) {
			t.Errorf("tracking shows %q", private)
		}
	}
	if r, tr := (&browserClient{public, s.URL}).post(t, "/track", form("code", code[1], "secret", "AAAAAAAA")); r.StatusCode != 404 || !strings.Contains(tr, "查询码或密码不正确") {
		t.Fatal("a wrong secret must not open the tip")
	}
	// The photo was re-encoded: no EXIF, no GPS.
	tipID := m[1]
	photos, _ := s.db.TipPhotos(context.Background(), mustInt(tipID))
	if len(photos) != 1 {
		t.Fatal("photo not stored")
	}
	ph, _ := s.db.TipPhoto(context.Background(), mustInt(tipID), photos[0].ID)
	if bytes.Contains(ph.Data, []byte("Exif")) || bytes.Contains(ph.Data, []byte("SECRET-GPS-MARKER")) {
		t.Fatal("EXIF survived")
	}
	// The report prefills 受理投诉举报 from the tips the unit handles.
	_, rep := c["officer"].get(t, "/reports/"+itoa(s.reportID(t, "gsfj", "2017-09")))
	if !strings.Contains(rep, `id="p_tips_received">系统记录：1`) || !strings.Contains(rep, `name="v_tips_received" inputmode="decimal" value="1"`) {
		t.Fatal("the report does not prefill the tips received")
	}
}

func mustInt(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}

func TestContactIsSealedAtRestAndRevealedOnlyWithAReason(t *testing.T) {
	s, c := reportingSite(t, "2017-09-29")
	phone := "13987654321"
	f := complaint(phone)
	f["kind"] = "举报" // a report: its tipster is protected from the unit (a complainant is not)
	postTip(t, &http.Client{}, s.URL, f)
	tips, _ := s.db.Tips(context.Background(), store.TipFilter{})
	path := "/tips/" + itoa(tips[0].ID)
	// Not the officer, and not without a reason.
	if r, _ := c["officer"].post(t, path+"/reveal", form("reason", "核实")); r.StatusCode != 403 {
		t.Fatalf("officer reveal: %d", r.StatusCode)
	}
	if r, _ := c["office"].post(t, path+"/reveal", form("reason", "")); r.StatusCode != 400 {
		t.Fatal("a reveal needs a reason")
	}
	r, page := c["office"].post(t, path+"/reveal", form("reason", "需电话核实投诉细节"))
	if r.StatusCode != 200 || !strings.Contains(page, phone) || !strings.Contains(page, "张三") || r.Header.Get("Cache-Control") != "no-store" {
		t.Fatal("the office cannot see the contact after giving a reason")
	}
	recs, _ := s.db.AuditLog(context.Background(), store.AuditFilter{Action: "tip.reveal"})
	if len(recs) != 1 || !strings.Contains(recs[0].After, "需电话核实投诉细节") || recs[0].Actor != "office" {
		t.Fatalf("reveal audit: %+v", recs)
	}
	// The API lists contacts masked only.
	_, _, api := s.api(t, "/api/v1/tips")
	if strings.Contains(api, phone) || !strings.Contains(api, "139****4321") {
		t.Fatal("the API shows the contact")
	}
	// Nothing stored holds the phone number in the clear.
	s.assertNowhereStored(t, phone)
}

// assertNowhereStored searches the raw database files (SQLite) or every
// row of every table (PostgreSQL) for a string.
func (s *site) assertNowhereStored(t *testing.T, needle string) {
	t.Helper()
	if !strings.HasPrefix(s.dsn, "postgres") {
		files, _ := filepath.Glob(s.dsn + "*")
		if len(files) == 0 {
			t.Fatal("no database files found")
		}
		for _, f := range files {
			b, _ := os.ReadFile(f)
			if bytes.Contains(b, []byte(needle)) {
				t.Fatalf("%s holds %s in the clear", filepath.Base(f), needle)
			}
		}
		return
	}
	db, err := sql.Open("pgx", s.dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	for _, tb := range tables {
		var n int
		if err := db.QueryRow(`SELECT COUNT(*) FROM "`+tb+`" x WHERE x::text LIKE '%' || $1 || '%'`, needle).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			t.Fatalf("table %s holds %s in the clear", tb, needle)
		}
	}
}

func TestBothKindsAreSplitIntoTwoTips(t *testing.T) {
	s, _ := reportingSite(t, "2017-09-29")
	f := complaint("13800138000")
	f["kind"] = "两者"
	r, body := postTip(t, &http.Client{}, s.URL, f)
	if r.StatusCode != 201 || len(codeRe.FindAllString(body, -1)) != 2 {
		t.Fatalf("split: %d", r.StatusCode)
	}
	tips, _ := s.db.Tips(context.Background(), store.TipFilter{})
	kinds := map[dajia.TipKind]bool{}
	for _, t := range tips {
		kinds[t.Kind] = true
	}
	if len(tips) != 2 || !kinds[dajia.TipComplaint] || !kinds[dajia.TipReport] || tips[0].GroupCode != tips[1].GroupCode {
		t.Fatalf("tips = %+v", tips)
	}
}

func TestPublicFormRefusesBadInput(t *testing.T) {
	s, _ := reportingSite(t, "2017-09-29")
	base := complaint("13800138000")
	tests := []struct {
		name   string
		change map[string]string
		want   string
	}{
		{"complaint without contact", map[string]string{"contact_name": "", "contact_phone": ""}, "投诉须留下姓名和电话"},
		{"bad phone", map[string]string{"contact_phone": "12345"}, "电话号码"},
		{"bad credit code", map[string]string{"credit_code": "91350100M000100Y44"}, "第 18 位校验位不对"},
		{"unknown category", map[string]string{"category": "<script>"}, "产品类别"},
		{"short description", map[string]string{"description": "假货"}, "10 到"},
		{"future date", map[string]string{"occurred_on": "2030-01-01"}, "不能晚于今天"},
		{"hostile text is shown escaped", map[string]string{"business_name": "<img src=x onerror=alert(1)>", "description": "短"}, "&lt;img src=x"},
	}
	for _, tt := range tests {
		f := map[string]string{}
		for k, v := range base {
			f[k] = v
		}
		for k, v := range tt.change {
			f[k] = v
		}
		c := &http.Client{}
		s.resetTipLimit()
		r, body := postTip(t, c, s.URL, f)
		if r.StatusCode != 400 || !strings.Contains(body, tt.want) || strings.Contains(body, "<img src=x") {
			t.Errorf("%s: %d, want %q", tt.name, r.StatusCode, tt.want)
		}
	}
	for name, data := range map[string][]byte{"text named .jpg": []byte("GIF89a not really"), "oversized": append(jpegWithEXIF(t), make([]byte, dajia.MaxTipPhotoBytes)...)} {
		s.resetTipLimit()
		if r, _ := postTip(t, &http.Client{}, s.URL, base, data); r.StatusCode != 400 {
			t.Errorf("%s accepted: %d", name, r.StatusCode)
		}
	}
	if tips, _ := s.db.Tips(context.Background(), store.TipFilter{}); len(tips) != 0 {
		t.Fatalf("%d refused tips were stored", len(tips))
	}
}

func TestAbuseControls(t *testing.T) {
	s, _ := reportingSite(t, "2017-09-29")
	c := &http.Client{}
	f := complaint("13800138000")
	f["website"] = "http://spam.example"
	if r, _ := postTip(t, c, s.URL, f); r.StatusCode != 400 {
		t.Fatal("the honeypot did not stop a bot")
	}
	delete(f, "website")
	postTip(t, c, s.URL, f)
	// From the third submission an address must answer the question.
	r, body := postTip(t, c, s.URL, f)
	if r.StatusCode != 400 || !strings.Contains(body, "等于几") {
		t.Fatalf("no captcha after repeated submissions: %d", r.StatusCode)
	}
	q := regexp.MustCompile(`验证：(.)加(.)等于几`).FindStringSubmatch(body)
	tok := regexp.MustCompile(`name="captcha_token" value="([^"]+)"`).FindStringSubmatch(body)
	digits := map[string]int{"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
	f["captcha"], f["captcha_token"] = itoa(int64(digits[q[1]]+digits[q[2]])), htmlUnescape(tok[1])
	if r, _ := postTip(t, c, s.URL, f); r.StatusCode != 201 {
		t.Fatalf("a right answer was refused: %d", r.StatusCode)
	}
	f["captcha"] = "99"
	if r, _ := postTip(t, c, s.URL, f); r.StatusCode != 400 {
		t.Fatal("a wrong answer was accepted")
	}
	// The API has the same per-address limit.
	var last int
	for range 12 {
		b, _ := json.Marshal(map[string]any{"kind": "举报", "category": "食品", "stage": "销售", "description": "小卖部销售过期的假冒食用油，标签模糊。", "business": map[string]string{"name": "某小卖部"}})
		resp, _ := http.Post(s.URL+"/api/v1/tips", "application/json", bytes.NewReader(b))
		resp.Body.Close()
		last = resp.StatusCode
	}
	if last != http.StatusTooManyRequests {
		t.Fatalf("no rate limit on the API: %d", last)
	}
}

func TestTipAPI(t *testing.T) {
	s, _ := reportingSite(t, "2017-09-29")
	post := func(v any) (int, map[string]any) {
		b, _ := json.Marshal(v)
		resp, err := http.Post(s.URL+"/api/v1/tips", "application/json", bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		json.NewDecoder(resp.Body).Decode(&out)
		return resp.StatusCode, out
	}
	code, out := post(map[string]any{"kind": "举报", "category": "服装", "stage": "生产", "online": true, "occurred_on": "2017-09-20",
		"business":    map[string]string{"name": "某制衣厂", "credit_code": "91350100M000100Y43", "address": "港口镇工业区", "village": "民主社区"},
		"description": "该厂假冒知名品牌生产运动服，夜间开工。"})
	camp, _ := out["campaign"].(map[string]any)
	routed, _ := out["routed_to"].(map[string]any)
	if code != 201 || out["due"] != "2017-10-26" || out["received_on"] != "2017-09-29" || camp["no"] != float64(5) || routed["key"] != "zjfj" || out["secret"] == "" {
		t.Fatalf("create: %d %v", code, out)
	}
	resp, _ := http.Get(s.URL + "/api/v1/tips/track?code=" + out["code"].(string) + "&secret=" + out["secret"].(string))
	var tr map[string]any
	json.NewDecoder(resp.Body).Decode(&tr)
	resp.Body.Close()
	if resp.StatusCode != 200 || tr["status"] != "received" || tr["handled_by"] != "质监分局" {
		t.Fatalf("track: %d %v", resp.StatusCode, tr)
	}
	for _, bad := range []struct {
		body  any
		field string
	}{
		{map[string]any{"kind": "投诉", "category": "食品", "stage": "销售", "description": "买到的食用油是假的，要求退款。", "business": map[string]string{"name": "x店"}}, "contact.phone"},
		{map[string]any{"kind": "建议", "category": "食品", "stage": "销售", "description": "xxxxxxxxxxxxxx"}, "kind"},
		{map[string]any{"kind": "举报", "category": "食品", "stage": "销售", "description": "xxxxxxxxxxxx", "surprise": 1}, "surprise"},
	} {
		s.resetTipLimit() // from the third try the question comes first
		code, out := post(bad.body)
		e, _ := out["error"].(map[string]any)
		if code != 400 || e["field"] != bad.field {
			t.Errorf("%v: %d %v", bad.body, code, out)
		}
	}
}

func TestUnitSendsATipBackToTheOfficeWhichReassigns(t *testing.T) {
	s, c := reportingSite(t, "2017-09-29")
	postTip(t, &http.Client{}, s.URL, complaint("13800138000"))
	tips, _ := s.db.Tips(context.Background(), store.TipFilter{})
	path := "/tips/" + itoa(tips[0].ID)
	if r, _ := c["officer"].post(t, path+"/do/return", form("note", "")); r.StatusCode != 400 {
		t.Fatal("a return needs a reason")
	}
	c["officer"].post(t, path+"/do/return", form("note", "该商行在南区，不属本局辖区"))
	if r, _ := c["officer"].get(t, path); r.StatusCode != 404 {
		t.Fatal("the unit still sees the tip it sent back")
	}
	_, queue := c["office"].get(t, "/tips?view=queue")
	if !strings.Contains(queue, path) {
		t.Fatal("the returned tip is not in the office's queue")
	}
	if r, _ := c["officer"].post(t, path+"/do/assign", form("units", "zjfj")); r.StatusCode != 404 && r.StatusCode != 403 {
		t.Fatal("a unit cannot forward a tip sideways")
	}
	c["office"].post(t, path+"/do/assign", url.Values{"units": {"zjfj"}})
	if r, _ := c["other"].get(t, path); r.StatusCode != 200 {
		t.Fatal("the reassigned unit cannot see the tip")
	}
}

func TestDuplicatesAndChineseSearch(t *testing.T) {
	s, c := reportingSite(t, "2017-09-29")
	f := complaint("13800138000")
	f["kind"] = "举报"
	f["description"] = "该商行销售假冒品牌LED灯具，无3C认证。"
	postTip(t, &http.Client{}, s.URL, f)
	s.resetTipLimit()
	f["description"] = "又看到该商行在卖假冒灯具。"
	postTip(t, &http.Client{}, s.URL, f)
	tips, _ := s.db.Tips(context.Background(), store.TipFilter{})
	_, page := c["office"].get(t, "/tips/"+itoa(tips[0].ID))
	if !strings.Contains(page, "可能重复") {
		t.Fatal("no duplicate suggested")
	}
	for q, n := range map[string]int{"假冒": 2, "LED": 1, "灯饰": 2, "不存在的词": 0, tips[0].Code: 1} {
		found, err := s.db.Tips(context.Background(), store.TipFilter{Query: q})
		if err != nil || len(found) != n {
			t.Errorf("search %q: %d, want %d (%v)", q, len(found), n, err)
		}
	}
	_, list := c["office"].get(t, "/tips?view=all&q="+url.QueryEscape("假冒"))
	if len(regexp.MustCompile(`href="/tips/\d+"`).FindAllString(list, -1)) != 2 {
		t.Fatal("search on the page")
	}
}

// decideTip verifies a report and decides on it, as the office may.
func decideTip(t *testing.T, c *browserClient, id int64) {
	t.Helper()
	for _, step := range []struct{ path, note string }{{"accept", ""}, {"decide", "立案查处"}} {
		if r, _ := c.post(t, "/tips/"+itoa(id)+"/do/"+step.path, form("note", step.note)); r.Request.URL.Path != "/tips/"+itoa(id) {
			t.Fatalf("%s: %d at %s", step.path, r.StatusCode, r.Request.URL.Path)
		}
	}
}

func TestRewardIsComputedForAReport(t *testing.T) {
	s, c := reportingSite(t, "2017-09-29")
	f := complaint("13800138000")
	f["kind"] = "举报"
	postTip(t, &http.Client{}, s.URL, f)
	tips, _ := s.db.Tips(context.Background(), store.TipFilter{})
	// No award before the decision: the form is not even offered.
	if _, page := c["office"].get(t, "/tips/"+itoa(tips[0].ID)); strings.Contains(page, "/do/reward") {
		t.Fatal("a reward form on a new tip")
	}
	if r, _ := c["office"].post(t, "/tips/"+itoa(tips[0].ID)+"/do/reward", form("grade", "2", "fines", "200000")); r.StatusCode != 400 {
		t.Fatalf("a reward before the decision: %d", r.StatusCode)
	}
	decideTip(t, c["office"], tips[0].ID)
	c["office"].post(t, "/tips/"+itoa(tips[0].ID)+"/do/reward", form("grade", "2", "fines", "200000"))
	tip, _ := s.db.Tip(context.Background(), tips[0].ID)
	if tip.RewardAmount != 6000 || tip.RewardGrade != 2 {
		t.Fatalf("reward %d grade %d", tip.RewardAmount, tip.RewardGrade)
	}
}

func TestRoutedTipIsOnTheUnitsToDoListWithItsClock(t *testing.T) {
	s, c := reportingSite(t, "2017-09-29")
	postTip(t, &http.Client{}, s.URL, complaint("13800138000"))
	_, todo := c["officer"].get(t, "/")
	if !strings.Contains(todo, "办理举报投诉") || !strings.Contains(todo, "决定是否受理投诉") || !strings.Contains(todo, "2017年10月16日") {
		t.Fatal("the tip is not on the unit's to-do list with its deadline")
	}
	_, other := c["other"].get(t, "/")
	if strings.Contains(other, "办理举报投诉") {
		t.Fatal("another unit sees the tip on its list")
	}
}

func TestTipStepsThroughTheAPI(t *testing.T) {
	s, _ := reportingSite(t, "2017-09-29")
	postTip(t, &http.Client{}, s.URL, complaint("13800138000"))
	tips, _ := s.db.Tips(context.Background(), store.TipFilter{})
	officer, _ := s.db.UserByName(context.Background(), "zj-officer")
	other, _ := newTokenFor(t, s, officer.ID)
	gs, _ := s.db.UserByName(context.Background(), "gs-officer")
	tok, _ := newTokenFor(t, s, gs.ID)
	call := func(token, step string, body any) (int, map[string]any) {
		return s.apiJSON(t, "POST", "/api/v1/tips/"+itoa(tips[0].ID)+"/"+step, token, body)
	}
	if code, _ := call(other, "accept", map[string]any{}); code != 404 {
		t.Fatalf("another unit: %d", code)
	}
	if code, _ := call(tok, "decide", map[string]any{"note": "x"}); code != 409 {
		t.Fatalf("decide before accept: %d", code)
	}
	if code, out := call(tok, "accept", map[string]any{"reply": "已受理"}); code != 200 || out["status"] != "accepted" || out["due"] != "2017-12-07" {
		t.Fatalf("accept: %d %v", code, out)
	}
	if code, _ := call(tok, "assign", map[string]any{"units": []string{"zjfj"}}); code != 403 {
		t.Fatalf("a unit assigning: %d", code)
	}
	if code, _ := call(s.token, "assign", map[string]any{"units": []string{"质监分局"}}); code != 200 {
		t.Fatalf("the office reassigns: %d", code)
	}
}

func TestRewardGradesAreDataTheOfficeCanChange(t *testing.T) {
	s, c := reportingSite(t, "2017-09-29")
	grades := url.Values{"grade": {"1", "2", "3"}, "percent": {"6", "3", "1"}, "min": {"6000", "3000", "1000"}, "max": {"1000000", "1000000", "1000000"}}
	if r, _ := c["officer"].post(t, "/tips/rewards", grades); r.StatusCode != 403 {
		t.Fatalf("an officer changed the rewards: %d", r.StatusCode)
	}
	bad := url.Values{"grade": {"1", "1"}, "percent": {"6", "3"}, "min": {"6000", "3000"}, "max": {"1000000", "1000000"}}
	if r, body := c["office"].post(t, "/tips/rewards", bad); r.StatusCode != 400 || !strings.Contains(body, "重复") {
		t.Fatalf("repeated grade accepted: %d", r.StatusCode)
	}
	if r, _ := c["office"].post(t, "/tips/rewards", url.Values{"grade": {"1"}, "percent": {"abc"}, "min": {"1"}, "max": {"2"}}); r.StatusCode != 400 {
		t.Fatal("a non-number accepted")
	}
	c["office"].post(t, "/tips/rewards", grades)
	f := complaint("13800138000")
	f["kind"] = "举报"
	postTip(t, &http.Client{}, s.URL, f)
	tips, _ := s.db.Tips(context.Background(), store.TipFilter{})
	decideTip(t, c["office"], tips[0].ID)
	c["office"].post(t, "/tips/"+itoa(tips[0].ID)+"/do/reward", form("grade", "1", "fines", "200000"))
	if tip, _ := s.db.Tip(context.Background(), tips[0].ID); tip.RewardAmount != 12000 {
		t.Fatalf("award with the changed grade: %d", tip.RewardAmount)
	}
	recs, _ := s.db.AuditLog(context.Background(), store.AuditFilter{Action: "settings.reward_grades"})
	if len(recs) != 1 {
		t.Fatal("the change is not audited")
	}
}

func TestListsExportWithoutTheTipstersContact(t *testing.T) {
	s, c := reportingSite(t, "2017-09-29")
	postTip(t, &http.Client{}, s.URL, complaint("13812345678"))
	for _, path := range []string{"/tips.xlsx", "/reports.xlsx"} {
		resp, err := c["office"].Get(s.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		x, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: not xlsx: %v", path, err)
		}
		sheet := x.GetSheetName(0)
		rows, _ := x.GetRows(sheet)
		all := ""
		for _, r := range rows {
			all += strings.Join(r, "|") + "\n"
		}
		if strings.Contains(all, "13812345678") || strings.Contains(all, "138****5678") || strings.Contains(all, "张") {
			t.Errorf("%s exports the tipster", path)
		}
		if path == "/tips.xlsx" && (len(rows) != 2 || !strings.Contains(all, "港口镇某灯饰商行")) {
			t.Errorf("tips export: %v", rows)
		}
		if path == "/reports.xlsx" && (len(rows) != 11 || rows[0][1] != "2017年8月") {
			t.Errorf("matrix export: %d rows, header %v", len(rows), rows[0])
		}
	}
	// An officer's matrix export holds the officer's unit only.
	resp, _ := c["officer"].Get(s.URL + "/reports.xlsx")
	data, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	x, _ := excelize.OpenReader(bytes.NewReader(data))
	if rows, _ := x.GetRows("报送情况"); len(rows) != 2 || rows[1][0] != "工商分局" {
		t.Fatalf("officer's export: %v", rows)
	}
}
