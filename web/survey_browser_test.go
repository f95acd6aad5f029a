package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"dajia"
	"dajia/store"
)

// On a 390 px phone a village supervisor goes from the first page to the
// survey form, records a finding in 西街村 with a photo, and turns it into a
// clue with one click; 工商分局, the selling lead of the lamp campaign, then
// finds the clue on its list, and from it the finding with its photo. Each
// page fits the phone and a 1366 px desktop; with DAJIA_SCREENSHOTS set to
// a directory, their screenshots are written there.
func TestBrowserSupervisorRecordsAFindingOnAPhoneAndTheLeadGetsItsClue(t *testing.T) {
	t.Parallel()
	s := newSite(t, "2017-09-25")
	s.user(t, "xj-sup", dajia.RoleSupervisor, "xijie", false)
	s.user(t, "gs-officer", dajia.RoleOfficer, "gsfj", false)
	photo := filepath.Join(t.TempDir(), "lamp.jpg")
	if err := os.WriteFile(photo, jpegWithEXIF(t), 0o600); err != nil {
		t.Fatal(err)
	}
	fits := func(b context.Context, name string) {
		t.Helper()
		for _, w := range []int64{1366, 390} {
			opts := []chromedp.EmulateViewportOption{}
			if w == 390 {
				opts = append(opts, chromedp.EmulateMobile)
			}
			if err := chromedp.Do(b, chromedp.EmulateViewport(w, 844, opts...), chromedp.WaitVisible("h1")); err != nil {
				t.Fatal(err)
			}
			width, _ := chromedp.Run(b, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
			client, _ := chromedp.Run(b, chromedp.Evaluate[int](`document.documentElement.clientWidth`))
			if width > client {
				t.Errorf("%s scrolls sideways at %d px: %d > %d", name, w, width, client)
			}
			if dir := os.Getenv("DAJIA_SCREENSHOTS"); dir != "" {
				shot, err := chromedp.Run(b, chromedp.FullScreenshot(90))
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, name+"-"+itoa(w)+".jpg"), shot, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}

	b := signInAt(t, s, "xj-sup", 390)
	fits(b, "survey-todo")
	if err := chromedp.Do(b, chromedp.Click(`main a[href="/surveys/new"]`), chromedp.WaitVisible("#village")); err != nil {
		t.Fatal(err)
	}
	fits(b, "survey-new")
	if err := chromedp.Do(b,
		chromedp.SendKeys("#village", "西街村"),
		chromedp.SendKeys("#entity_name", "港口镇某灯饰店"), chromedp.SendKeys("#entity_address", "西街 12 号"),
		chromedp.SetValue("#category", "灯具"),
		chromedp.Click(`input[name="problems"][value="no_ccc"]`), chromedp.Click(`input[name="problems"][value="label"]`),
		chromedp.SendKeys("#description", "LED 吸顶灯无 3C 标志，标签无厂名厂址"),
		chromedp.SetUploadFiles("#photos", []string{photo}),
		chromedp.Click(`button.primary[name="save"]`),
		chromedp.WaitVisible(`form[action$="/clue"] button`)); err != nil {
		t.Fatal(err)
	}
	if n, err := photoLoaded(b); err != nil || n != "1 40" {
		t.Errorf("the finding's photo is not shown: %q %v", n, err)
	}
	fits(b, "survey")
	if err := chromedp.Do(b, chromedp.Click(`form[action$="/clue"] button`), chromedp.WaitNotPresent(`form[action$="/clue"]`), chromedp.WaitVisible("h1")); err != nil {
		t.Fatal(err)
	}
	text, _ := chromedp.Run(b, chromedp.Text("main"))
	if !strings.Contains(text, "已转为线索") || !strings.Contains(text, "工商分局") {
		t.Fatalf("after the click the finding says: %q", text)
	}
	clues, err := s.db.Clues(context.Background(), store.ClueFilter{Units: []string{"gsfj"}})
	if err != nil || len(clues) != 1 || clues[0].Source != dajia.ClueFromSurvey || clues[0].Due != dajia.MustDate("2017-10-20") {
		t.Fatalf("the lead's clues: %+v %v", clues, err)
	}
	if err := chromedp.Do(b, chromedp.Navigate(s.URL+"/surveys"), chromedp.WaitVisible("h1")); err != nil {
		t.Fatal(err)
	}
	fits(b, "surveys")
	if err := chromedp.Do(b, chromedp.Navigate(s.URL+"/surveys/gather"), chromedp.WaitVisible("table.gather")); err != nil {
		t.Fatal(err)
	}
	fits(b, "survey-gather")

	g := signInAt(t, s, "gs-officer", 390)
	if err := chromedp.Do(g, chromedp.Navigate(s.URL+"/clues"), chromedp.WaitVisible(`a[href="/clues/`+itoa(clues[0].ID)+`"]`),
		chromedp.Click(`a[href="/clues/`+itoa(clues[0].ID)+`"]`), chromedp.WaitVisible(`a[href^="/surveys/"]`)); err != nil {
		t.Fatal(err)
	}
	fits(g, "survey-clue")
	if err := chromedp.Do(g, chromedp.Click(`main a[href^="/surveys/"]`), chromedp.WaitVisible(".photos img")); err != nil {
		t.Fatal(err)
	}
	if n, err := photoLoaded(g); err != nil || n != "1 40" {
		t.Errorf("the lead does not see the finding's photo: %q %v", n, err)
	}
	text, _ = chromedp.Run(g, chromedp.Text("main"))
	if !strings.Contains(text, "LED 吸顶灯无 3C 标志") || strings.Contains(text, "转为线索\n") {
		t.Errorf("the lead's view of the finding: %q", text)
	}
}

// photoLoaded waits (up to 10 s) until every photo of the page has finished
// loading, then answers how many there are and the first one's natural
// width ("1 40"). A photo checked before it has loaded has no width yet.
func photoLoaded(ctx context.Context) (string, error) {
	return chromedp.Run(ctx, chromedp.Poll[string](`(() => {
		const imgs = [...document.querySelectorAll(".photos img")];
		if (imgs.length === 0 || !imgs.every(i => i.complete)) return false;
		return imgs.length + " " + imgs[0].naturalWidth;
	})()`, chromedp.WithPollingTimeout(10*time.Second)))
}
