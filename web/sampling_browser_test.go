package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The quality bureau's officer records a failed lamp on a phone, picking
// the seller with the entity picker as one types; the page then shows the
// objection window's countdown and the two clues. The list, the page, the
// form and the pass rates fit a 390 px phone and a 1366 px desktop for the
// officer, the office and the leader; with DAJIA_SCREENSHOTS set to a
// directory, their screenshots are written there.
func TestBrowserRecordsAFailedSampleOnAPhone(t *testing.T) {
	t.Parallel()
	s, _, producer, _ := samplingSite(t)
	s.user(t, "zj-leader", "leader", "", false)
	var b context.Context
	login := func(name string) {
		t.Helper()
		b = browser(t) // a browser context of its own: its own cookies
		if err := chromedp.Do(b, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Navigate(s.URL+"/login"), chromedp.WaitVisible("#name"),
			chromedp.SendKeys("#name", name), chromedp.SendKeys("#password", "Gangkou#2017"), chromedp.Click("button.primary"),
			chromedp.WaitReady(`a[href="/account"]`)); err != nil {
			t.Fatal(err)
		}
	}
	shots := func(name, path string) {
		t.Helper()
		for _, w := range []int64{390, 1366} {
			opts := []chromedp.EmulateViewportOption{}
			if w == 390 {
				opts = append(opts, chromedp.EmulateMobile)
			}
			if err := chromedp.Do(b, chromedp.EmulateViewport(w, 900, opts...), chromedp.Navigate(s.URL+path), chromedp.WaitVisible("h1")); err != nil {
				t.Fatal(err)
			}
			width, _ := chromedp.Run(b, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
			client, _ := chromedp.Run(b, chromedp.Evaluate[int](`document.documentElement.clientWidth`))
			if width > client {
				t.Errorf("%s scrolls sideways at %d px: %d > %d", name, w, width, client)
			}
			if dir := os.Getenv("DAJIA_SCREENSHOTS"); dir != "" {
				png, err := chromedp.Run(b, chromedp.FullScreenshot(90))
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, name+"-"+itoa(w)+".jpg"), png, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
		chromedp.Do(b, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	}

	login("zj-officer")
	if err := chromedp.Do(b, chromedp.Navigate(s.URL+"/samplings/new"), chromedp.WaitVisible("#product")); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(b, chromedp.SetValue("#category", "灯具"), chromedp.SendKeys("#product", "LED台灯"), chromedp.SendKeys("#brand", "光明")); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(b, chromedp.SendKeys("#seller_id_q", "某商行"), chromedp.WaitVisible(`#seller_id_results input[type="radio"]`)); err != nil {
		main, _ := chromedp.Run(b, chromedp.OuterHTML("#seller_id_results"))
		t.Fatalf("picker: %v: %s", err, main)
	}
	if err := chromedp.Do(b, chromedp.Click(`#seller_id_results input[type="radio"]`),
		chromedp.SetValue("#sampled_on", "2017-09-10"), chromedp.SendKeys("#lab", "中山市质量计量监督检测所"),
		chromedp.SetValue("#result", "failed"), chromedp.SendKeys("#failed_items", "防触电保护"),
		chromedp.SetValue("#notified_on", "2017-09-20"),
		chromedp.Click(`button.primary[name="save"]`), chromedp.WaitVisible("h1")); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(b, chromedp.WaitVisible("#window")); err != nil {
		main, _ := chromedp.Run(b, chromedp.Text("main"))
		t.Fatalf("no window: %v: %s", err, main)
	}
	text, _ := chromedp.Run(b, chromedp.Text("main"))
	for _, want := range []string{"复检申请期内", "还有 10 天", "港口镇某商行", "工商分局", "无 3C"} {
		if !strings.Contains(text, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	page, _ := chromedp.Run(b, chromedp.Location())
	_, path, _ := strings.Cut(page, s.URL)
	path, _, _ = strings.Cut(path, "?")
	// A second, passed sample of the producer for the rates.
	newSampling(t, s.signIn(t, "zj-officer"), samplingForm("producer_id", itoa(producer.ID)))

	shots("samplings-officer", "/samplings")
	shots("sampling-officer", path)
	shots("samplingnew-officer", "/samplings/new")
	shots("samplingrates-officer", "/samplings/rates")
	login("office")
	shots("samplings-office", "/samplings")
	shots("samplingrates-office", "/samplings/rates")
	shots("sampling-office", path)
	login("zj-leader")
	shots("samplings-leader", "/samplings")
	shots("sampling-leader", path)
}
