package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The scorecard as the office and the leader see it, on a 390 px phone
// and a 1366 px desktop: no sideways scrolling; the office follows a
// unit's link to the prefilled notice form and the weights form; with
// DAJIA_SCREENSHOTS set to a directory, the screenshots are written there.
func TestBrowserReviewFitsPhoneAndDesktopForOfficeAndLeader(t *testing.T) {
	t.Parallel()
	s, _ := reviewSite(t)
	for _, who := range []string{"office", "leader"} {
		b := browser(t)
		if err := chromedp.Do(b, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Navigate(s.URL+"/login"), chromedp.WaitVisible("#name"),
			chromedp.SendKeys("#name", who), chromedp.SendKeys("#password", "Gangkou#2017"), chromedp.Click("button.primary"),
			chromedp.WaitVisible(`a[href="/account"]`)); err != nil {
			t.Fatal(err)
		}
		for _, vp := range []struct {
			w, h   int
			mobile bool
		}{{390, 844, true}, {1366, 900, false}} {
			opt := chromedp.EmulateViewport(int64(vp.w), int64(vp.h))
			if vp.mobile {
				opt = chromedp.EmulateViewport(int64(vp.w), int64(vp.h), chromedp.EmulateMobile)
			}
			if err := chromedp.Do(b, opt, chromedp.Navigate(s.URL+"/review"), chromedp.WaitVisible("#unit-gsfj")); err != nil {
				t.Fatal(err)
			}
			text, _ := chromedp.Run(b, chromedp.Text("main"))
			if !strings.Contains(text, "按期决定 1/2 条线索") || !strings.Contains(text, "50.0 分 × 权重 20%") {
				t.Errorf("%s's scorecard: %s", who, text)
			}
			width, _ := chromedp.Run(b, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
			client, _ := chromedp.Run(b, chromedp.Evaluate[int](`document.documentElement.clientWidth`))
			if width > client {
				t.Errorf("%s's scorecard scrolls sideways at %d px: %d > %d", who, vp.w, width, client)
			}
			reviewShot(t, b, who+"-review", vp.w)
		}
		if who != "office" {
			if n, _ := chromedp.Run(b, chromedp.Evaluate[int](`document.querySelectorAll('a[href^="/rectifications/new"]').length`)); n != 0 {
				t.Errorf("the leader is offered %d notices to issue", n)
			}
			continue
		}
		if err := chromedp.Do(b, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Navigate(s.URL+"/review"),
			chromedp.WaitVisible("#unit-gsfj"), chromedp.Click(`#unit-gsfj a[href^="/rectifications/new"]`), chromedp.WaitVisible("#title")); err != nil {
			t.Fatal(err)
		}
		unit, _ := chromedp.Run(b, chromedp.Evaluate[string](`document.querySelector('#unit').value`))
		reason, _ := chromedp.Run(b, chromedp.Evaluate[string](`document.querySelector('#reason').value`))
		if unit != "gsfj" || !strings.Contains(reason, "检查总结得分") {
			t.Errorf("the notice form: unit %q, reason %q", unit, reason)
		}
		reviewShot(t, b, "office-review-notice", 390)
		if err := chromedp.Do(b, chromedp.Navigate(s.URL+"/review/weights"), chromedp.WaitVisible("#w_report_on_time"),
			chromedp.SetValue("#w_report_on_time", "30"), chromedp.Click(`form[action="/review/weights"] button.primary`),
			chromedp.WaitVisible(".field-error")); err != nil {
			t.Fatal(err)
		}
		if text, _ := chromedp.Run(b, chromedp.Text("main")); !strings.Contains(text, "各项权重合计应为 100，现为 110") {
			t.Errorf("the weights form: %s", text)
		}
		reviewShot(t, b, "office-review-weights", 390)
	}
}

// reviewShot writes a screenshot when DAJIA_SCREENSHOTS names a directory.
func reviewShot(t *testing.T, b context.Context, name string, width int) {
	t.Helper()
	dir := os.Getenv("DAJIA_SCREENSHOTS")
	if dir == "" {
		return
	}
	jpg, err := chromedp.Run(b, chromedp.FullScreenshot(90))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+"-"+itoa(int64(width))+".jpg"), jpg, 0o644); err != nil {
		t.Fatal(err)
	}
}

// On a 390 px phone the unit attaches a PDF to an item of its answer and
// sees it listed under the item; the page does not scroll sideways.
func TestBrowserRectificationAnswerTakesAFileOnAPhone(t *testing.T) {
	t.Parallel()
	s, c := reportingSite(t, "2017-09-29")
	id := issueRect(t, c["office"], rectForm("gsfj"))
	pdf := filepath.Join(t.TempDir(), "整改台账.pdf")
	if err := os.WriteFile(pdf, []byte("%PDF-1.4\n整改台账\n%%EOF\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	b := browser(t)
	if err := chromedp.Do(b, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Navigate(s.URL+"/login"), chromedp.WaitVisible("#name"),
		chromedp.SendKeys("#name", "gs-officer"), chromedp.SendKeys("#password", "Gangkou#2017"), chromedp.Click("button.primary"),
		chromedp.WaitVisible(`a[href="/account"]`), chromedp.Navigate(s.URL+"/rectifications/"+id), chromedp.WaitVisible("#file_1"),
		chromedp.SetUploadFiles("#file_1", []string{pdf}), chromedp.Click(`#upload-1 button`), chromedp.WaitVisible(".notice")); err != nil {
		t.Fatal(err)
	}
	text, _ := chromedp.Run(b, chromedp.Text("#item-1"))
	if !strings.Contains(text, "整改台账.pdf") {
		t.Errorf("the item lacks its file: %s", text)
	}
	width, _ := chromedp.Run(b, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
	client, _ := chromedp.Run(b, chromedp.Evaluate[int](`document.documentElement.clientWidth`))
	if width > client {
		t.Errorf("the notice scrolls sideways at 390 px: %d > %d", width, client)
	}
	reviewShot(t, b, "unit-rectification-files", 390)
}
