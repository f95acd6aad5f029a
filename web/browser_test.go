package web_test

import (
	"context"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"dajia"
	"dajia/store"
	"dajia/store/storetest"
)

// chromium is the one headless Chromium the browser tests share: starting
// one per test cost more than the tests. Each test has its own browser
// context in it (cookies and storage of its own, like a private window), so
// the tests run in parallel.
var chromium struct {
	once sync.Once
	ctx  context.Context // the browser's own context: new ones derive from it
	stop func()
	err  error
}

// TestMain stops the shared Chromium once every test has run.
func TestMain(m *testing.M) {
	code := m.Run()
	if chromium.stop != nil {
		chromium.stop()
	}
	os.Exit(code)
}

// browser gives the test a new browser context in the shared headless
// Chromium (Debian's), started at the first call, or skips (fails under CI)
// when Chromium is not installed.
func browser(t *testing.T) context.Context {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		storetest.Skip(t, "Chromium (Debian package chromium)")
	}
	chromium.once.Do(func() {
		dir, err := os.MkdirTemp("", "dajia-chromium-")
		if err != nil {
			chromium.err = err
			return
		}
		opts := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(path),
			chromedp.NoSandbox,
			chromedp.Flag("disable-quic", true),
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			chromedp.UserDataDir(dir),
		)
		actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		bctx, cancelBrowser := chromedp.NewContext(actx)
		chromium.ctx = bctx
		chromium.stop = func() { cancelBrowser(); cancelAlloc(); os.RemoveAll(dir) }
		// The first run starts the browser; it must not have a timeout, or
		// the timeout would stop the browser with it.
		chromium.err = chromedp.Do(bctx)
	})
	if chromium.err != nil {
		t.Fatalf("start Chromium: %v", chromium.err)
	}
	ctx, cancel := chromedp.NewContext(chromium.ctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	ctx, cancel2 := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(cancel2)
	return ctx
}

func TestBrowserOpensOverviewAndCampaign(t *testing.T) {
	t.Parallel()
	ctx := browser(t)
	s := newSite(t, "2017-09-15")
	must := func(v string, err error) string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(s.URL+"/"), chromedp.WaitVisible("h1")); err != nil {
		t.Fatal(err)
	}
	h1 := must(chromedp.Run(ctx, chromedp.Text("h1")))
	phase := must(chromedp.Run(ctx, chromedp.Text(".today-line strong")))
	if err := chromedp.Do(ctx, chromedp.Click(`a[href="/plans/zs-gangkou-2017/campaigns/5"]`), chromedp.WaitVisible(".campaign h1")); err != nil {
		t.Fatal(err)
	}
	campaign := must(chromedp.Run(ctx, chromedp.Text(".campaign h1")))
	text := must(chromedp.Run(ctx, chromedp.Text(".verbatim")))
	if h1 != "2017年中山市港口镇打假工作方案" || phase != "集中整治阶段" {
		t.Errorf("overview: h1 %q, phase %q", h1, phase)
	}
	if !strings.Contains(campaign, "服装专项打假") || !strings.HasPrefix(text, "质监分局负责生产领域") {
		t.Errorf("campaign page: %q / %q", campaign, text)
	}
}

func TestBrowserPhoneWidthHasNoHorizontalScroll(t *testing.T) {
	t.Parallel()
	ctx := browser(t)
	s := newSite(t, "2017-09-15")
	for _, p := range []string{"/plans/zs-gangkou-2017", "/plans/zs-gangkou-2017/campaigns/1", "/plans/zs-gangkou-2017/units/gsfj"} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Navigate(s.URL+p), chromedp.WaitVisible("h1")); err != nil {
			t.Fatal(err)
		}
		width, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
		if err != nil {
			t.Fatal(err)
		}
		client, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.clientWidth`))
		if err != nil {
			t.Fatal(err)
		}
		if width > client {
			t.Errorf("%s scrolls sideways at 390 px: content %d px wide", p, width)
		}
	}
}

func TestBrowserFirstLoginChangesPasswordAndLogsOut(t *testing.T) {
	t.Parallel()
	ctx := browser(t)
	s := newSite(t, "2017-09-15")
	s.user(t, "xinxiyuan", "officer", "gsfj", true)
	fill := func(sel, text string) chromedp.Action[chromedp.Void] { return chromedp.SendKeys(sel, text) }
	err := chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile),
		chromedp.Navigate(s.URL+"/login"),
		chromedp.WaitVisible("#name"),
		fill("#name", "xinxiyuan"),
		fill("#password", "Gangkou#2017"),
		chromedp.Click(`button[type="submit"].primary`),
		chromedp.WaitVisible("#new"),
	)
	if err != nil {
		t.Fatal(err)
	}
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	if !strings.HasSuffix(loc, "/account/password") {
		t.Fatalf("after the first login the browser is at %s", loc)
	}
	err = chromedp.Do(ctx,
		fill("#current", "Gangkou#2017"),
		fill("#new", "Zhongshan@Gangkou2017"),
		fill("#again", "Zhongshan@Gangkou2017"),
		chromedp.Click(`button[type="submit"].primary`),
		chromedp.WaitVisible(".notice"),
	)
	if err != nil {
		t.Fatal(err)
	}
	notice, _ := chromedp.Run(ctx, chromedp.Text(".notice"))
	if !strings.Contains(notice, "密码已修改") {
		t.Fatalf("notice %q", notice)
	}
	// On a phone the menu is folded under 菜单: 退出 is inside.
	if err := chromedp.Do(ctx, chromedp.Click(".menu-btn"), chromedp.WaitVisible("button.link"), chromedp.Click(`button.link`), chromedp.WaitVisible("#name")); err != nil {
		t.Fatal(err)
	}
	loc, _ = chromedp.Run(ctx, chromedp.Location())
	if !strings.HasSuffix(loc, "/login") {
		t.Fatalf("after logout the browser is at %s", loc)
	}
	// The new password works, the old one does not.
	c := s.client(t)
	if r, _ := c.post(t, "/login", url.Values{"name": {"xinxiyuan"}, "password": {"Gangkou#2017"}}); r.Request.URL.Path != "/login" {
		t.Fatal("old password still works")
	}
	if r, _ := c.post(t, "/login", url.Values{"name": {"xinxiyuan"}, "password": {"Zhongshan@Gangkou2017"}}); r.Request.URL.Path == "/login" {
		t.Fatal("new password does not work")
	}
}

// The reporting round: an officer fills and submits, the head approves, the
// office accepts and sees the unit's cell in the matrix turn green.
func TestBrowserReportRoundTurnsTheMatrixGreen(t *testing.T) {
	t.Parallel()
	s, _ := reportingSite(t, "2017-10-03")
	id := s.reportID(t, "gsfj", "2017-09")
	signIn := func(name string) context.Context {
		ctx := browser(t)
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(s.URL+"/login"), chromedp.WaitVisible("#name"),
			chromedp.SendKeys("#name", name), chromedp.SendKeys("#password", "Gangkou#2017"), chromedp.Click("button.primary"), chromedp.WaitReady(`a[href="/account"]`)); err != nil {
			t.Fatal(err)
		}
		return ctx
	}
	officer := signIn("gs-officer")
	if err := chromedp.Do(officer,
		chromedp.Click(`a[href="/reports/`+itoa(id)+`"]`), chromedp.WaitVisible("#v_inspectors"),
		chromedp.SendKeys("#v_inspectors", "15"), chromedp.SendKeys("#v_samples", "4"), chromedp.SendKeys("#v_samples_failed", "1"),
		chromedp.SendKeys("#v_fines", "0.8"), chromedp.SendKeys("#practices", "与公安分局联合开展灯具市场检查"),
		chromedp.Click(`button[value="submit"]`), chromedp.WaitVisible(".notice")); err != nil {
		t.Fatal(err)
	}
	if n, _ := chromedp.Run(officer, chromedp.Text(".notice")); !strings.Contains(n, "已报送") {
		t.Fatalf("officer sees %q", n)
	}
	head := signIn("gs-head")
	if err := chromedp.Do(head, chromedp.Click(`a[href="/reports/`+itoa(id)+`"]`), chromedp.WaitVisible(`form[action$="/do/approve"] button`),
		chromedp.Click(`form[action$="/do/approve"] button`), chromedp.WaitVisible(".notice")); err != nil {
		t.Fatal(err)
	}
	office := signIn("office")
	if err := chromedp.Do(office, chromedp.Click(`a[href="/reports/`+itoa(id)+`"]`), chromedp.WaitVisible(`form[action$="/do/accept"] button`),
		chromedp.Click(`form[action$="/do/accept"] button`), chromedp.WaitVisible(".notice"),
		chromedp.Navigate(s.URL+"/reports"), chromedp.WaitVisible("table.matrix")); err != nil {
		t.Fatal(err)
	}
	cls, err := chromedp.Run(office, chromedp.Evaluate[string](`document.querySelector('a[href="/reports/`+itoa(id)+`"]').parentElement.className`))
	if err != nil {
		t.Fatal(err)
	}
	color, _ := chromedp.Run(office, chromedp.Evaluate[string](`getComputedStyle(document.querySelector('a[href="/reports/`+itoa(id)+`"]').parentElement).backgroundColor`))
	if cls != "t-on_time" || color != "rgb(218, 251, 225)" {
		t.Fatalf("the matrix cell is %q %q, want on time and green", cls, color)
	}
}

func TestBrowserSignedInPagesFitAPhone(t *testing.T) {
	t.Parallel()
	s, _ := reportingSite(t, "2017-10-03")
	ctx := browser(t)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Navigate(s.URL+"/login"), chromedp.WaitVisible("#name"),
		chromedp.SendKeys("#name", "gs-officer"), chromedp.SendKeys("#password", "Gangkou#2017"), chromedp.Click("button.primary"), chromedp.WaitReady(`a[href="/account"]`)); err != nil {
		t.Fatal(err)
	}
	e, err := s.db.CreateEntity(context.Background(), testActor, dajia.Entity{Name: "港口镇某灯饰有限公司", CreditCode: "91350100M000100Y43", Kind: dajia.KindProducer,
		Address: "港口镇某路 1 号", LegalRepMasked: "欧***"})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/", "/reports/" + itoa(s.reportID(t, "gsfj", "2017-09")), "/account", "/account/password",
		"/entities", "/entities/new", "/entities/" + itoa(e.ID)} {
		if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+p), chromedp.WaitVisible("h1")); err != nil {
			t.Fatal(err)
		}
		width, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
		client, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.clientWidth`))
		if width > client {
			t.Errorf("%s scrolls sideways at 390 px: %d > %d", p, width, client)
		}
	}
}

// A member of the public reports from a phone and tracks it; the unit's
// officer handles it and the reply shows on the tracking page.
func TestBrowserPublicTipOnAPhoneAndItsHandling(t *testing.T) {
	t.Parallel()
	s, _ := reportingSite(t, "2017-09-29")
	ctx := browser(t)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Navigate(s.URL+"/tip"), chromedp.WaitVisible("#category")); err != nil {
		t.Fatal(err)
	}
	width, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
	if width > 390 {
		t.Errorf("the form is %d px wide on a 390 px phone", width)
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(`input[name="kind"][value="举报"]`),
		chromedp.SetValue("#category", "服装"),
		chromedp.Click(`input[name="stage"][value="销售"]`),
		chromedp.SendKeys("#business_name", "某服装店"),
		chromedp.SendKeys("#village", "西街社区"),
		chromedp.SendKeys("#description", "店里卖的运动鞋是假冒名牌，价格很低。"),
		chromedp.Click(`button[type="submit"].primary`),
		chromedp.WaitVisible(".receipt")); err != nil {
		t.Fatal(err)
	}
	code, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelectorAll('.receipt code')[0].textContent`))
	sec, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelectorAll('.receipt code')[1].textContent`))
	unit, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('.receipt').textContent`))
	if len(code) != 10 || len(sec) != 8 || !strings.Contains(unit, "工商分局") {
		t.Fatalf("receipt: %q %q %q", code, sec, unit)
	}
	// The officer accepts it and replies.
	tips, err := s.db.Tips(context.Background(), store.TipFilter{})
	if err != nil || len(tips) != 1 {
		t.Fatalf("tips = %+v, %v", tips, err)
	}
	officer := browser(t)
	if err := chromedp.Do(officer, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(s.URL+"/login"), chromedp.WaitVisible("#name"),
		chromedp.SendKeys("#name", "gs-officer"), chromedp.SendKeys("#password", "Gangkou#2017"), chromedp.Click("button.primary"), chromedp.WaitReady(`a[href="/account"]`),
		chromedp.Click(`a[href="/tips/`+itoa(tips[0].ID)+`"]`), chromedp.WaitVisible("#reply"),
		chromedp.SendKeys("#reply", "已安排执法人员到店检查。"),
		chromedp.Click(`button[formaction$="/do/accept"]`), chromedp.WaitVisible(".notice")); err != nil {
		t.Fatal(err)
	}
	// The public tracks it.
	if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+"/track"), chromedp.WaitVisible("#code"),
		chromedp.SendKeys("#code", code), chromedp.SendKeys("#secret", sec), chromedp.Click(`button[type="submit"].primary`), chromedp.WaitVisible("dl.meta")); err != nil {
		t.Fatal(err)
	}
	text, _ := chromedp.Run(ctx, chromedp.Text("main"))
	if !strings.Contains(text, "核查中") || !strings.Contains(text, "已安排执法人员到店检查。") || !strings.Contains(text, "工商分局") {
		t.Fatalf("tracking page: %s", text)
	}
}

// An officer on a phone types in an upper level's referral and picks its
// entity from the matches that appear as the name is typed.
func TestBrowserReferralClueWithThePickerOnAPhone(t *testing.T) {
	t.Parallel()
	s, c := reportingSite(t, "2017-09-29")
	shop := registerEntity(t, c["officer"], "港口镇某灯饰商行", "91350100M000100Y43")
	ctx := browser(t)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Navigate(s.URL+"/login"), chromedp.WaitVisible("#name"),
		chromedp.SendKeys("#name", "gs-officer"), chromedp.SendKeys("#password", "Gangkou#2017"), chromedp.Click("button.primary"), chromedp.WaitReady(`a[href="/account"]`),
		chromedp.Navigate(s.URL+"/clues"), chromedp.Click(`a[href="/clues/new"]`), chromedp.WaitVisible("#entity_id_q")); err != nil {
		t.Fatal(err)
	}
	width, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
	if width > 390 {
		t.Errorf("the form is %d px wide on a 390 px phone", width)
	}
	choice := `input[name="entity_id"][value="` + shop + `"]`
	if err := chromedp.Do(ctx,
		chromedp.SetValue("#source", "referral"),
		chromedp.SendKeys("#source_ref", "港市监交〔2017〕12号"),
		chromedp.SetValue("#referral_due", "2017-10-10"),
		chromedp.SendKeys("#entity_id_q", "灯饰"),
		chromedp.WaitVisible(choice),
		chromedp.Click(choice),
		chromedp.SendKeys("#summary", "上级交办某商行销售假冒灯具"),
		chromedp.Click(`button[type="submit"].primary`),
		chromedp.WaitVisible(`a[href="/entities/`+shop+`"]`)); err != nil {
		t.Fatal(err)
	}
	text, _ := chromedp.Run(ctx, chromedp.Text("main"))
	if !strings.Contains(text, "港口镇某灯饰商行") || !strings.Contains(text, "港市监交〔2017〕12号") || !strings.Contains(text, "2017年10月10日") {
		t.Fatalf("the clue's page: %s", text)
	}
}

// On a phone the overview's campaigns are cards of label and value: no
// text of a card (a "、", a "（生产领域）", the 上级机关 tag) may fall into the
// label column or out of the card.
func TestBrowserCampaignCardsKeepTheirTextInTheirCells(t *testing.T) {
	t.Parallel()
	ctx := browser(t)
	s := newSite(t, "2017-09-15")
	for _, width := range []int64{390, 1366} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 844, chromedp.EmulateMobile), chromedp.Navigate(s.URL+"/plans/zs-gangkou-2017"), chromedp.WaitVisible("h1")); err != nil {
			t.Fatal(err)
		}
		bad, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(() => {
			const bad = [];
			for (const td of document.querySelectorAll('.campaigns td')) {
				const card = td.closest('tr').getBoundingClientRect();
				const cell = td.getBoundingClientRect();
				const label = getComputedStyle(td, '::before').content !== 'none' && getComputedStyle(td).display === 'grid' ? parseFloat(getComputedStyle(td).fontSize) * 5.5 : 0;
				const walk = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
				for (let n; (n = walk.nextNode());) {
					if (!n.textContent.trim()) continue;
					const r = document.createRange();
					r.selectNodeContents(n);
					for (const b of r.getClientRects()) {
						if (b.left < cell.left + label - 1 || b.right > card.right + 1 || b.right > cell.right + 1) bad.push(td.dataset.label + ': ' + n.textContent.trim());
					}
				}
			}
			return bad;
		})()`))
		if err != nil {
			t.Fatal(err)
		}
		if len(bad) > 0 {
			t.Errorf("at %d px, text leaves its cell: %q", width, bad)
		}
	}
}

// On a phone the menu folds under one 菜单 button that opens and closes
// it (Escape too); on a wide screen every link shows in one row and the
// button does not.
func TestBrowserMenuFoldsOnAPhone(t *testing.T) {
	t.Parallel()
	s, _ := reportingSite(t, "2017-10-03")
	ctx := browser(t)
	visible := func(sel string) bool {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(()=>{const e=document.querySelector('`+sel+`');return !!e&&e.getClientRects().length>0&&getComputedStyle(e).visibility!=='hidden'})()`))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Navigate(s.URL+"/login"), chromedp.WaitVisible("#name"),
		chromedp.SendKeys("#name", "gs-officer"), chromedp.SendKeys("#password", "Gangkou#2017"), chromedp.Click("button.primary"), chromedp.WaitReady(`a[href="/account"]`)); err != nil {
		t.Fatal(err)
	}
	if !visible(".menu-btn") || visible(`nav a[href="/tips"]`) {
		t.Fatal("at 390 px the menu is not folded under its button")
	}
	if err := chromedp.Do(ctx, chromedp.Click(".menu-btn"), chromedp.WaitVisible(`nav a[href="/tips"]`)); err != nil {
		t.Fatal(err)
	}
	if exp, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('.menu-btn').getAttribute('aria-expanded')`)); exp != "true" {
		t.Fatalf("aria-expanded %q after opening", exp)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent("\x1b")); err != nil {
		t.Fatal(err)
	}
	if visible(`nav a[href="/tips"]`) {
		t.Fatal("Escape did not close the menu")
	}
	if err := chromedp.Do(ctx, chromedp.Click(".menu-btn"), chromedp.WaitVisible(`nav a[href="/tips"]`), chromedp.Click(`nav a[href="/tips"]`), chromedp.WaitVisible("h1")); err != nil {
		t.Fatal(err)
	}
	if loc, _ := chromedp.Run(ctx, chromedp.Location()); !strings.HasSuffix(loc, "/tips") {
		t.Fatalf("the menu's link led to %s", loc)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1366, 900), chromedp.Navigate(s.URL+"/"), chromedp.WaitVisible("h1")); err != nil {
		t.Fatal(err)
	}
	if visible(".menu-btn") || !visible(`nav a[href="/tips"]`) || !visible(`nav a[href="/account"]`) {
		t.Fatal("at 1366 px the menu is folded")
	}
	// One row: the first and the last link stand at the same height.
	same, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`(()=>{const a=document.querySelectorAll('nav a');return Math.abs(a[0].getBoundingClientRect().top-a[a.length-1].getBoundingClientRect().top)<4})()`))
	if !same {
		t.Error("at 1366 px the menu takes more than one row")
	}
}
