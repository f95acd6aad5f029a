package web_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The search as a phone and a desktop use it: the term typed into the
// page's own box, the counts and the marked hits on a page that fits, a
// hit that opens its record.
func TestBrowserSearchFromItsOwnBoxOnAPhoneAndADesktop(t *testing.T) {
	t.Parallel()
	s, _ := searchSite(t)
	for _, w := range []int64{390, 1366} {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			ctx := signInAt(t, s, "gs-officer", w)
			if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+"/search"), chromedp.WaitVisible("#search-q"),
				chromedp.SendKeys("#search-q", "假冒"), chromedp.Submit("#search-q"), chromedp.WaitVisible(".search-counts")); err != nil {
				t.Fatal(err)
			}
			counts, err := chromedp.Run(ctx, chromedp.Text(".search-counts"))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(counts, "举报投诉 2 条") || !strings.Contains(counts, "线索 2 条") || !strings.Contains(counts, "案件 0 件") {
				t.Errorf("counts %q", counts)
			}
			marks, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("main mark").length`))
			if err != nil || marks < 4 {
				t.Errorf("%d marked words (%v)", marks, err)
			}
			if bad, _ := chromedp.Run(ctx, chromedp.Evaluate[string](fitsJS)); bad != "" {
				t.Errorf("%d px: %s", w, bad)
			}
			// The box and each hit are big enough for a thumb.
			small, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll("#search-q, main .search-hits a")].
				filter(e => e.getBoundingClientRect().height < 40).map(e => e.outerHTML.slice(0, 40)).join("; ")`))
			if err != nil || small != "" {
				t.Errorf("too small to tap: %s %v", small, err)
			}
			if dir := os.Getenv("DAJIA_SCREENSHOTS"); dir != "" {
				if jpg, err := chromedp.Run(ctx, chromedp.FullScreenshot(85)); err == nil {
					os.WriteFile(filepath.Join(dir, fmt.Sprintf("search-%d.jpg", w)), jpg, 0o644)
				}
			}
			if err := chromedp.Do(ctx, chromedp.Click(`#found-tips .search-hits a`), chromedp.WaitVisible("h1")); err != nil {
				t.Fatal(err)
			}
			if loc, _ := chromedp.Run(ctx, chromedp.Location()); !strings.Contains(loc, "/tips/") {
				t.Errorf("a hit opens %s", loc)
			}
		})
	}
}
