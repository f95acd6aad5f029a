package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// An office user on a phone plans a joint action on the form: its results
// start empty; once a unit's clue received during the action and the case
// opened from it are tagged with it, the action's page shows them, each
// figure linking to its list. The list and the action's page fit a 390 px
// phone and a 1366 px desktop; with DAJIA_SCREENSHOTS set to a directory,
// their screenshots are written there.
func TestBrowserOfficePlansAJointActionAndSeesItsResultsFillIn(t *testing.T) {
	t.Parallel()
	s, c := reportingSite(t, "2017-09-29")
	if err := s.db.SetCasePrefix(context.Background(), testActor, "gsfj", "中港工商罚"); err != nil {
		t.Fatal(err)
	}
	b := browser(t)
	if err := chromedp.Do(b, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Navigate(s.URL+"/login"), chromedp.WaitVisible("#name"),
		chromedp.SendKeys("#name", "office"), chromedp.SendKeys("#password", "Gangkou#2017"), chromedp.Click("button.primary"),
		chromedp.WaitReady(`a[href="/account"]`),
		chromedp.Navigate(s.URL+"/actions"), chromedp.WaitVisible(`a[href^="/actions/new"]`),
		chromedp.Click(`a[href^="/actions/new"]`), chromedp.WaitVisible("#name"),
		chromedp.SendKeys("#name", "第一次统一集中行动"),
		chromedp.SetValue("#start", "2017-09-18"), chromedp.SetValue("#end", "2017-09-22"),
		chromedp.Click(`input[name="units"][value="gsfj"]`), chromedp.Click(`input[name="units"][value="zjfj"]`),
		chromedp.Click(`input[name="categories"][value="食品"]`),
		chromedp.SetValue("#staff", "6"), chromedp.SetValue("#vehicles", "2"),
		chromedp.Click(`button.primary[name="save"]`), chromedp.WaitVisible("#h-results")); err != nil {
		t.Fatal(err)
	}
	text, _ := chromedp.Run(b, chromedp.Text("main"))
	if !strings.Contains(text, "集中行动已保存") || !strings.Contains(text, "6 人次、2 车次") || strings.Contains(text, "行动日期不在") {
		t.Fatalf("the new action: %s", text)
	}
	clues, _ := chromedp.Run(b, chromedp.Text("#result-clues"))
	cases, _ := chromedp.Run(b, chromedp.Text("#result-cases"))
	if clues != "0" || cases != "0" {
		t.Fatalf("results before: %s %s", clues, cases)
	}
	actionURL, _ := chromedp.Run(b, chromedp.Location())
	actionURL, _, _ = strings.Cut(actionURL, "?")
	id := actionURL[strings.LastIndex(actionURL, "/")+1:]

	// The unit's officer types in the clue found during the action, tagged
	// on the form, and opens its case, which takes the tag.
	clue := newClue(t, c["officer"], "received_on", "2017-09-20", "action_id", id)
	openCase(t, c["officer"], openCaseForm(clue, "opened_on", "2017-09-21"))

	if err := chromedp.Do(b, chromedp.Reload(), chromedp.WaitVisible("#h-results")); err != nil {
		t.Fatal(err)
	}
	clues, _ = chromedp.Run(b, chromedp.Text("#result-clues"))
	cases, _ = chromedp.Run(b, chromedp.Text("#result-cases"))
	if clues != "1" || cases != "1" {
		t.Fatalf("results after: %s %s", clues, cases)
	}
	if err := chromedp.Do(b, chromedp.Click("#result-clues"), chromedp.WaitVisible("h1")); err != nil {
		t.Fatal(err)
	}
	list, _ := chromedp.Run(b, chromedp.Text("main"))
	if !strings.Contains(list, "线索第 "+clue+" 号") || !strings.Contains(list, "共 1 条线索") {
		t.Errorf("the clues behind the figure: %s", list)
	}

	shots := func(name, url string) {
		t.Helper()
		for _, w := range []int64{390, 1366} {
			opts := []chromedp.EmulateViewportOption{}
			if w == 390 {
				opts = append(opts, chromedp.EmulateMobile)
			}
			if err := chromedp.Do(b, chromedp.EmulateViewport(w, 900, opts...), chromedp.Navigate(url), chromedp.WaitVisible("h1")); err != nil {
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
	}
	// The unit's officer records the publicity of the action on a phone;
	// the office reads it on the action's page and the list's totals.
	o := browser(t)
	if err := chromedp.Do(o, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Navigate(s.URL+"/login"), chromedp.WaitVisible("#name"),
		chromedp.SendKeys("#name", "gs-officer"), chromedp.SendKeys("#password", "Gangkou#2017"), chromedp.Click("button.primary"),
		chromedp.WaitReady(`a[href="/account"]`),
		chromedp.Navigate(s.URL+"/actions/"+id), chromedp.WaitVisible(`a[href^="/publicity/new?action="]`),
		chromedp.Click(`a[href^="/publicity/new?action="]`), chromedp.WaitVisible("#title"),
		chromedp.SetValue("#on", "2017-09-20"), chromedp.SendKeys("#title", "打假宣传进市场"), chromedp.SendKeys("#people", "300"),
		chromedp.SendKeys("#copies", "1200"), chromedp.Click(`button.primary[name="save"]`), chromedp.WaitVisible(".notice")); err != nil {
		t.Fatal(err)
	}
	if text, _ := chromedp.Run(o, chromedp.Text("main")); !strings.Contains(text, "第一次统一集中行动") || !strings.Contains(text, "1200") {
		t.Errorf("the publicity page: %s", text)
	}
	if err := chromedp.Do(b, chromedp.Navigate(actionURL), chromedp.WaitVisible("#h-results")); err != nil {
		t.Fatal(err)
	}
	if n, _ := chromedp.Run(b, chromedp.Text("#result-publicity")); n != "1" {
		t.Errorf("the action's publicity: %q", n)
	}
	shots("publicity", s.URL+"/publicity")
	shots("action", actionURL)
	shots("actions", s.URL+"/actions")
	shots("actionform", s.URL+"/actions/new")
	shots("plan", s.URL+"/plans/zs-gangkou-2017")
}
