package web_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

// On a 390 px phone the scorecard's summary shows each unit's total and
// grade on screen, without scrolling sideways; at 1366 px the weights
// form's heading and its fields share their left edge.
func TestBrowserReviewTotalsOnAPhoneAndWeightsFormAligned(t *testing.T) {
	t.Parallel()
	s, _ := reviewSite(t)
	b := browser(t)
	if err := chromedp.Do(b, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Navigate(s.URL+"/login"), chromedp.WaitVisible("#name"),
		chromedp.SendKeys("#name", "office"), chromedp.SendKeys("#password", "Gangkou#2017"), chromedp.Click("button.primary"),
		chromedp.WaitReady(`a[href="/account"]`), chromedp.Navigate(s.URL+"/review?plan=zs-gangkou-2017"), chromedp.WaitVisible("main table.grid")); err != nil {
		t.Fatal(err)
	}
	// The right edge of every total and grade cell of the summary.
	right, err := chromedp.Run(b, chromedp.Evaluate[float64](`(() => {
		const heads = [...document.querySelectorAll('main table.grid thead th')].map(th => th.textContent.trim());
		const idx = [heads.indexOf('总分'), heads.indexOf('等级')];
		return Math.max(...[...document.querySelectorAll('main table.grid tbody tr')].flatMap(tr =>
			idx.map(i => tr.children[i].getBoundingClientRect().right)));
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if right > 390 || right <= 0 {
		t.Errorf("a total or grade ends at %.0f px on a 390 px phone", right)
	}
	width, _ := chromedp.Run(b, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
	if width > 390 {
		t.Errorf("the scorecard scrolls sideways at 390 px: %d", width)
	}
	if dir := os.Getenv("DAJIA_SCREENSHOTS"); dir != "" {
		jpg, _ := chromedp.Run(b, chromedp.FullScreenshot(90))
		os.WriteFile(filepath.Join(dir, "review-390.jpg"), jpg, 0o644)
	}
	if err := chromedp.Do(b, chromedp.EmulateViewport(1366, 900), chromedp.Navigate(s.URL+"/review/weights?plan=zs-gangkou-2017"), chromedp.WaitVisible("h1")); err != nil {
		t.Fatal(err)
	}
	gap, err := chromedp.Run(b, chromedp.Evaluate[float64](`Math.abs(document.querySelector('main h1').getBoundingClientRect().left -
		document.querySelector('#w_report_on_time').getBoundingClientRect().left)`))
	if err != nil {
		t.Fatal(err)
	}
	if gap > 2 {
		t.Errorf("the weights form's heading and fields are %.0f px apart at 1366 px", gap)
	}
}
