package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"dajia"
	"dajia/app"
	"dajia/store"

	"github.com/chromedp/chromedp"
)

var (
	gsOfficer = dajia.Actor{UserID: 90, Name: "gs-officer", Role: dajia.RoleOfficer, Unit: "gsfj"}
	gsHeadAct = dajia.Actor{UserID: 91, Name: "gs-head", Role: dajia.RoleHead, Unit: "gsfj"}
)

// decidedCase opens a case of gsfj about an entity whose legal
// representative is 王大明, records a fine and decides it.
func decidedCase(t testing.TB, s *site, ref string) store.CaseRecord {
	t.Helper()
	ctx := context.Background()
	a := testApp(t, s.db, dajia.FixedDayClock{Day: dajia.MustDate("2017-09-29")})
	if err := s.db.SetCasePrefix(ctx, testActor, "gsfj", "中港质监罚"); err != nil {
		t.Fatal(err)
	}
	clue, err := a.CreateClue(ctx, gsOfficer, app.ClueInput{PlanID: "zs-gangkou-2017", Source: dajia.ClueFromReferral, SourceRef: ref,
		ReceivedOn: "2017-09-20", Summary: "上级交办"})
	if err != nil {
		t.Fatal(err)
	}
	k, err := a.OpenCase(ctx, gsOfficer, app.CaseInput{ClueID: clue.ID, Violations: []dajia.Violation{dajia.ViolationFakeInferior}})
	if err != nil {
		t.Fatal(err)
	}
	e, err := a.CreateEntity(ctx, gsOfficer, app.EntityInput{Name: "港口镇某灯饰商行" + ref, Kind: dajia.KindProducer, LegalRep: "王大明"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.UpdateCaseFacts(ctx, gsOfficer, k.ID, app.CaseFacts{Violations: []dajia.Violation{dajia.ViolationFakeInferior}, EntityID: e.ID,
		Fine: "20000", Confiscation: "3500"}); err != nil {
		t.Fatal(err)
	}
	for _, st := range []struct {
		who  dajia.Actor
		step string
	}{{gsOfficer, "investigate"}, {gsOfficer, "review"}, {gsOfficer, "notify"}, {gsHeadAct, "decide"}} {
		if k, err = a.CaseStep(ctx, st.who, k.ID, st.step, app.CaseStepInput{}); err != nil {
			t.Fatal(err)
		}
	}
	return k
}

const exposureAccount = "经查，当事人港口镇某灯饰商行（法定代表人王大明，身份证号码44200019800101123X，联系电话13800138000，家住港口镇民安路8号）" +
	"销售不合格灯具。店员李小红在场。"

var digestRe = regexp.MustCompile(`name="digest" value="([0-9a-f]+)"`)

func TestExposurePagesFromPreviewToPublicPage(t *testing.T) {
	s, c := reportingSite(t, "2017-09-29")
	k := decidedCase(t, s, "交办1号")
	path := "/cases/" + itoa(k.ID) + "/exposure"
	hostile := "<script>alert(1)</script>"
	in := url.Values{"title": {"王大明销售不合格灯具案" + hostile}, "text": {exposureAccount + "\n" + hostile}, "names": {"李小红"}, "action": {"preview"}}

	// The case's page leads the head and the office to the exposure, not the officer or the leader.
	for who, want := range map[string]bool{"head": true, "office": true, "officer": false, "leader": false} {
		if _, body := c[who].get(t, "/cases/"+itoa(k.ID)); strings.Contains(body, `href="`+path+`"`) != want {
			t.Errorf("%s: link to the exposure page shown = %v, want %v", who, !want, want)
		}
	}
	// Who reaches the page, and who may publish.
	for _, tt := range []struct {
		who  string
		want int
	}{{"other", 404}, {"officer", 200}, {"head", 200}, {"office", 200}, {"leader", 200}} {
		if r, _ := c[tt.who].get(t, path); r.StatusCode != tt.want {
			t.Fatalf("%s: %d, want %d", tt.who, r.StatusCode, tt.want)
		}
	}
	if r, _ := c["other"].post(t, path, in); r.StatusCode != 404 {
		t.Fatalf("another unit drafts: %d", r.StatusCode)
	}
	if r, body := c["officer"].post(t, path, in); r.StatusCode != 403 || strings.Contains(body, "王某某") {
		t.Fatalf("an officer drafts: %d", r.StatusCode)
	}
	if _, body := c["officer"].get(t, path); strings.Contains(body, `name="title"`) || !strings.Contains(body, "只有打假办或主办单位负责人可以曝光案件") {
		t.Fatal("the officer is offered the form")
	}

	// Hostile and oversized input.
	for _, tt := range []struct {
		name string
		form url.Values
		want string
	}{
		{"no title", url.Values{"text": {"x"}, "action": {"preview"}}, "请填写曝光标题"},
		{"oversized text", url.Values{"title": {"t"}, "text": {strings.Repeat("长", dajia.MaxExposureText+1)}, "action": {"preview"}}, "案情最多"},
		{"two-line title", url.Values{"title": {"a\nb"}, "text": {"x"}, "action": {"preview"}}, "曝光标题只能是一行文字"},
		{"publish without preview", url.Values{"title": {"t"}, "text": {"x"}, "action": {"publish"}}, "请重新预览"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r, body := c["head"].post(t, path, tt.form)
			if r.StatusCode != 400 || !strings.Contains(body, tt.want) {
				t.Fatalf("%d, want %q", r.StatusCode, tt.want)
			}
		})
	}

	// The preview shows every redaction, never the representative's name.
	r, body := c["head"].post(t, path, in)
	if r.StatusCode != 200 {
		t.Fatalf("preview: %d", r.StatusCode)
	}
	for _, want := range []string{"<mark>王某某<small>（自然人姓名）</small></mark>", "（身份证号码）", "（手机号码）", "（自然人住址）", "李某某", "确认发布", "&lt;script&gt;"} {
		if !strings.Contains(body, want) {
			t.Fatalf("the preview lacks %q", want)
		}
	}
	// The form keeps what the publisher typed; the preview above it shows
	// the representative's name nowhere.
	preview, _, _ := strings.Cut(body, `id="h-write"`)
	if strings.Contains(preview, "王大明") || strings.Contains(body, "<script>alert") {
		t.Fatal("the preview shows the legal representative or unescaped script")
	}
	m := digestRe.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no digest")
	}
	// A text changed after the preview is refused with the old digest.
	changed := url.Values{"title": in["title"], "text": {exposureAccount + "另有王小二。"}, "names": in["names"], "digest": {m[1]}, "action": {"publish"}}
	if r, body := c["head"].post(t, path, changed); r.StatusCode != 400 || !strings.Contains(body, "与预览的不一致") {
		t.Fatalf("a changed text: %d", r.StatusCode)
	}
	pub := url.Values{"title": in["title"], "text": in["text"], "names": in["names"], "digest": {m[1]}, "action": {"publish"}}
	if r, _ := c["officer"].post(t, path, pub); r.StatusCode != 403 {
		t.Fatalf("an officer publishes: %d", r.StatusCode)
	}
	r, _ = c["head"].post(t, path, pub)
	if r.StatusCode != 200 || !strings.HasPrefix(r.Request.URL.Path, "/exposure/") {
		t.Fatalf("publish: %d %s", r.StatusCode, r.Request.URL.Path)
	}
	public := r.Request.URL.Path

	// The public reads it without signing in.
	anon := &http.Client{}
	for _, p := range []string{"/exposure", public} {
		resp, err := anon.Get(s.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		buf := make([]byte, 1<<16)
		for {
			n, err := resp.Body.Read(buf)
			b.Write(buf[:n])
			if err != nil {
				break
			}
		}
		resp.Body.Close()
		page := b.String()
		if resp.StatusCode != 200 || !strings.Contains(page, "王某某销售不合格灯具案") || !strings.Contains(page, k.Number) ||
			!strings.Contains(page, "生产、销售伪劣产品") || !strings.Contains(page, "2017年9月29日") {
			t.Fatalf("%s: %d", p, resp.StatusCode)
		}
		for _, leak := range []string{"王大明", "李小红", "44200019800101123X", "13800138000", "民安路", "<script>alert"} {
			if strings.Contains(page, leak) {
				t.Fatalf("%s shows %q", p, leak)
			}
		}
		if p == public && (!strings.Contains(page, "¥20,000") || !strings.Contains(page, "¥3,500") || !strings.Contains(page, "&lt;script&gt;")) {
			t.Fatal("the public page lacks the penalty or the escaped text")
		}
	}
	if _, _, body := s.get(t, public+"?lang=en"); !strings.Contains(body, "Exposed cases") || !strings.Contains(body, "¥20,000") {
		t.Fatal("the English page")
	}
	s.get(t, public+"?lang=zh")
	for _, bad := range []string{"/exposure/0", "/exposure/x", "/exposure/99999999999999999999", "/exposure?before=-1", "/exposure?before=x"} {
		if code, _, _ := s.get(t, bad); code != 404 {
			t.Fatalf("%s: %d", bad, code)
		}
	}
	// A second exposure of the case while one is live is refused.
	if r, body := c["office"].post(t, path, pub); r.StatusCode != 400 || !strings.Contains(body, "请先撤下") {
		t.Fatalf("a second live exposure: %d", r.StatusCode)
	}

	// Withdrawing needs the reason; then the public page is gone.
	eid := strings.TrimPrefix(public, "/exposure/")
	if r, _ := c["officer"].post(t, path+"/"+eid+"/withdraw", url.Values{"reason": {"错误"}}); r.StatusCode != 403 {
		t.Fatalf("an officer withdraws: %d", r.StatusCode)
	}
	if r, body := c["head"].post(t, path+"/"+eid+"/withdraw", url.Values{"reason": {" "}}); r.StatusCode != 400 || !strings.Contains(body, "撤下曝光须写明原因") {
		t.Fatalf("no reason: %d", r.StatusCode)
	}
	if r, _ := c["head"].post(t, "/cases/999/exposure/"+eid+"/withdraw", url.Values{"reason": {"错误"}}); r.StatusCode != 404 {
		t.Fatalf("another case's path: %d", r.StatusCode)
	}
	if r, body := c["head"].post(t, path+"/"+eid+"/withdraw", url.Values{"reason": {"当事人申请复议"}}); r.StatusCode != 200 || !strings.Contains(body, "当事人申请复议") {
		t.Fatalf("withdraw: %d", r.StatusCode)
	}
	if code, _, _ := s.get(t, public); code != 404 {
		t.Fatalf("a withdrawn exposure is public: %d", code)
	}
	if _, _, body := s.get(t, "/exposure"); strings.Contains(body, "王某某销售") || !strings.Contains(body, "目前没有曝光的案件") {
		t.Fatal("the list keeps the withdrawn exposure")
	}
}

func TestBrowserHeadPublishesARedactedExposureOnAPhone(t *testing.T) {
	t.Parallel()
	s, _ := reportingSite(t, "2017-09-29")
	k := decidedCase(t, s, "交办1号")
	ctx := browser(t)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Navigate(s.URL+"/login"), chromedp.WaitVisible("#name"),
		chromedp.SendKeys("#name", "gs-head"), chromedp.SendKeys("#password", "Gangkou#2017"), chromedp.Click("button.primary"),
		chromedp.WaitReady(`a[href="/account"]`),
		chromedp.Navigate(s.URL+"/cases/"+itoa(k.ID)+"/exposure"), chromedp.WaitVisible("#title"),
		chromedp.SendKeys("#title", "港口镇某灯饰商行销售不合格灯具案"),
		chromedp.SetValue("#text", exposureAccount),
		chromedp.SendKeys("#names", "李小红"),
		chromedp.Click(`button[value="preview"]`), chromedp.WaitVisible("#h-preview")); err != nil {
		t.Fatal(err)
	}
	preview, _ := chromedp.Run(ctx, chromedp.Text(".exposure-text"))
	marks, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('.exposure-text mark').length`))
	width, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
	if marks != 5 || !strings.Contains(preview, "王某某") || !strings.Contains(preview, "身份证号码") || strings.Contains(preview, "王大明") {
		t.Fatalf("preview (%d marks): %s", marks, preview)
	}
	if width > 390 {
		t.Errorf("the preview is %d px wide on a 390 px phone", width)
	}
	if err := chromedp.Do(ctx, chromedp.Click(`button[value="publish"]`), chromedp.WaitVisible("article h1")); err != nil {
		t.Fatal(err)
	}
	page, _ := chromedp.Run(ctx, chromedp.Text("main"))
	for _, leak := range []string{"王大明", "李小红", "44200019800101123X", "13800138000", "民安路"} {
		if strings.Contains(page, leak) {
			t.Fatalf("the public page shows %q: %s", leak, page)
		}
	}
	if !strings.Contains(page, "王某某") || !strings.Contains(page, k.Number) || !strings.Contains(page, "¥20,000") {
		t.Fatalf("public page: %s", page)
	}
	// A visitor reads it too, at 390 px without scrolling sideways.
	visitor := browser(t)
	if err := chromedp.Do(visitor, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Navigate(s.URL+"/exposure"),
		chromedp.WaitVisible("article h2 a"), chromedp.Click("article h2 a"), chromedp.WaitVisible("article h1")); err != nil {
		t.Fatal(err)
	}
	if text, _ := chromedp.Run(visitor, chromedp.Text("main")); !strings.Contains(text, "李某某") || strings.Contains(text, "李小红") {
		t.Fatalf("the visitor's page: %s", text)
	}
	if width, _ := chromedp.Run(visitor, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); width > 390 {
		t.Errorf("the public page is %d px wide", width)
	}
}
