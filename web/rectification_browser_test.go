package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// On a 390 px phone: the office issues a notice with two items, the unit
// answers both, the office sends one back with a reason, the unit answers
// again, and the office closes it. The list and the notice's page do not
// scroll sideways, on the phone nor on a desktop; with DAJIA_SCREENSHOTS set to a directory, their
// screenshots are written there.
func TestBrowserRectificationIssuedAnsweredReturnedAndClosedOnAPhone(t *testing.T) {
	t.Parallel()
	s, _ := reportingSite(t, "2017-09-29")
	signIn := func(name string) context.Context {
		t.Helper()
		b := browser(t)
		if err := chromedp.Do(b, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Navigate(s.URL+"/login"), chromedp.WaitVisible("#name"),
			chromedp.SendKeys("#name", name), chromedp.SendKeys("#password", "Gangkou#2017"), chromedp.Click("button.primary"),
			chromedp.WaitReady(`a[href="/account"]`)); err != nil {
			t.Fatal(err)
		}
		return b
	}
	office, unit := signIn("office"), signIn("gs-officer")
	fits := func(b context.Context, name string) {
		t.Helper()
		width, _ := chromedp.Run(b, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
		client, _ := chromedp.Run(b, chromedp.Evaluate[int](`document.documentElement.clientWidth`))
		if width > client {
			t.Errorf("%s scrolls sideways at 390 px: %d > %d", name, width, client)
		}
		if dir := os.Getenv("DAJIA_SCREENSHOTS"); dir != "" {
			jpg, err := chromedp.Run(b, chromedp.FullScreenshot(90))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, name+"-390.jpg"), jpg, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}

	if err := chromedp.Do(office, chromedp.Navigate(s.URL+"/rectifications"), chromedp.WaitVisible(`a[href^="/rectifications/new"]`),
		chromedp.Click(`a[href^="/rectifications/new"]`), chromedp.WaitVisible("#title"),
		chromedp.SetValue("#unit", "gsfj"), chromedp.SendKeys("#title", "关于工商分局信息报送整改的通知"),
		chromedp.SendKeys("#reason", "8月报表逾期未报"), chromedp.SetValue("#items", "补报8月报表\n落实专人负责报送"),
		chromedp.SetValue("#deadline", "2017-10-20")); err != nil {
		t.Fatal(err)
	}
	fits(office, "rectificationnew")
	if err := chromedp.Do(office, chromedp.Click(`button[name="issue"][value="1"]`), chromedp.WaitVisible("#h-items")); err != nil {
		t.Fatal(err)
	}
	text, _ := chromedp.Run(office, chromedp.Text("main"))
	if !strings.Contains(text, "整改通知已签发") || !strings.Contains(text, "打假整改〔2017〕1号") || !strings.Contains(text, "还有") {
		t.Fatalf("issued: %s", text)
	}
	url, _ := chromedp.Run(office, chromedp.Location())
	url, _, _ = strings.Cut(url, "?")
	path := url[strings.Index(url, "/rectifications/"):]

	// The unit finds it on its list and answers both items.
	if err := chromedp.Do(unit, chromedp.Navigate(s.URL+"/rectifications"), chromedp.WaitVisible(`a[href="`+path+`"]`)); err != nil {
		t.Fatal(err)
	}
	fits(unit, "rectifications")
	if err := chromedp.Do(unit, chromedp.Click(`a[href="`+path+`"]`), chromedp.WaitVisible("#answer_2")); err != nil {
		t.Fatal(err)
	}
	fits(unit, "rectification-answer")
	if err := chromedp.Do(unit, chromedp.SendKeys("#answer_1", "已于9月30日补报"), chromedp.SendKeys("#answer_2", "已指定专人"),
		chromedp.Click(`form[action$="/do/answer"] button`), chromedp.WaitVisible(".notice")); err != nil {
		t.Fatal(err)
	}

	// The office sends it back over the second item.
	if err := chromedp.Do(office, chromedp.Navigate(url), chromedp.WaitVisible("#h-verify")); err != nil {
		t.Fatal(err)
	}
	fits(office, "rectification-verify")
	if err := chromedp.Do(office, chromedp.SendKeys("#reason", "第2项未明确责任人姓名"),
		chromedp.Click(`form[action$="/do/return"] button`), chromedp.WaitVisible(".notice")); err != nil {
		t.Fatal(err)
	}

	// The unit reads the reason and answers again.
	if err := chromedp.Do(unit, chromedp.Navigate(url), chromedp.WaitVisible("#answer_2")); err != nil {
		t.Fatal(err)
	}
	if text, _ := chromedp.Run(unit, chromedp.Text("main")); !strings.Contains(text, "第2项未明确责任人姓名") {
		t.Fatalf("the reason: %s", text)
	}
	if err := chromedp.Do(unit, chromedp.SetValue("#answer_2", "已指定信息员张三负责报送"),
		chromedp.Click(`form[action$="/do/answer"] button`), chromedp.WaitVisible(".notice")); err != nil {
		t.Fatal(err)
	}

	// The office closes it.
	if err := chromedp.Do(office, chromedp.Navigate(url), chromedp.WaitVisible("#h-verify"),
		chromedp.SendKeys("#comment", "经核查已整改到位"), chromedp.Click(`form[action$="/do/close"] button`), chromedp.WaitVisible(".notice")); err != nil {
		t.Fatal(err)
	}
	text, _ = chromedp.Run(office, chromedp.Text("main"))
	for _, want := range []string{"整改通知已核查销号", "已销号", "已指定信息员张三负责报送", "第 2 轮回复", "退回重新整改", "核查销号"} {
		if !strings.Contains(text, want) {
			t.Errorf("the closed notice lacks %q: %s", want, text)
		}
	}
	fits(office, "rectification-closed")
	// The office's desktop: the list and the notice fit 1366 px too.
	for _, page := range []string{"/rectifications", path} {
		if err := chromedp.Do(office, chromedp.EmulateViewport(1366, 900), chromedp.Navigate(s.URL+page), chromedp.WaitVisible("h1")); err != nil {
			t.Fatal(err)
		}
		width, _ := chromedp.Run(office, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
		if width > 1366 {
			t.Errorf("%s scrolls sideways at 1366 px: %d", page, width)
		}
	}
}
