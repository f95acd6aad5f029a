package web_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The inspection pages fit a 390 px phone and a desktop for each role that
// uses them; on a phone the officer turns a finding into a clue with one
// tap and lands on the clue. With DAJIA_SCREENSHOTS=DIR each page is
// written to DIR.
func TestBrowserInspectionPagesOnAPhoneAndADesktop(t *testing.T) {
	t.Parallel()
	s, c, shop, _ := inspectionSite(t)
	r, _ := c["officer"].post(t, "/inspections", inspectionForm(shop))
	page := r.Request.URL.Path
	if !strings.HasPrefix(page, "/inspections/") {
		t.Fatalf("no inspection: %s", page)
	}
	shot := func(ctx context.Context, name string) {
		if dir := os.Getenv("DAJIA_SCREENSHOTS"); dir != "" {
			if png, err := chromedp.Run(ctx, chromedp.FullScreenshot(80)); err == nil {
				os.WriteFile(filepath.Join(dir, name+".jpg"), png, 0o644)
			}
		}
	}
	pages := map[string][]string{
		"gs-officer": {"/inspections", "/inspections/new", page, page + "/edit", "/settings/checklists"},
		"office":     {"/inspections", page, "/settings/checklists"},
		"leader":     {"/inspections", page},
	}
	for name, paths := range pages {
		for _, width := range []int64{390, 1366} {
			ctx := signInAt(t, s, name, width)
			for _, p := range paths {
				if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+p), chromedp.WaitReady("main")); err != nil {
					t.Fatal(err)
				}
				bad, err := chromedp.Run(ctx, chromedp.Evaluate[string](fitsJS))
				if err != nil {
					t.Fatal(err)
				}
				if bad != "" {
					t.Errorf("%s as %s at %d px: %s", p, name, width, bad)
				}
				shot(ctx, fmt.Sprintf("inspection-%s-%d-%s", name, width, strings.NewReplacer("/", "_").Replace(strings.Trim(p, "/"))))
			}
		}
	}
	ctx := signInAt(t, s, "gs-officer", 390)
	if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+page), chromedp.WaitVisible(`form[action$="/clue"] button.primary`),
		chromedp.Click(`form[action$="/clue"] button.primary`), chromedp.WaitVisible("h1")); err != nil {
		t.Fatal(err)
	}
	// The tap's navigation may land after the old page's heading showed:
	// wait for the clue's address (a busy machine is slow).
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	for i := 0; i < 100 && !strings.Contains(loc, "/clues/"); i++ {
		time.Sleep(100 * time.Millisecond)
		loc, _ = chromedp.Run(ctx, chromedp.Location())
	}
	chromedp.Do(ctx, chromedp.WaitVisible("h1"))
	h1, _ := chromedp.Run(ctx, chromedp.Text("h1"))
	if !strings.Contains(loc, "/clues/") || !strings.Contains(h1, "线索第") {
		t.Fatalf("the tap led to %s (%s)", loc, h1)
	}
	shot(ctx, "inspection-clue-390")
}
