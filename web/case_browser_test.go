package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"dajia/store"
)

// A unit's officer on a phone turns a tip into a clue with the tip page's
// button, opens a case from it, records goods and sales over the threshold
// of 生产、销售伪劣产品 (¥50,000 sales), sees the transfer task on the case
// page and proposes the transfer. The list and the case page fit a 390 px
// phone and a 1366 px desktop; with DAJIA_SCREENSHOTS set to a directory,
// their screenshots are written there.
func TestBrowserTipToClueToCaseOverTheThresholdProposesTheTransfer(t *testing.T) {
	t.Parallel()
	s, _ := reportingSite(t, "2017-09-29")
	ctx := context.Background()
	if err := s.db.SetCasePrefix(ctx, testActor, "gsfj", "中港工商罚"); err != nil {
		t.Fatal(err)
	}
	tip := map[string]string{"kind": "举报", "category": "灯具", "stage": "销售", "business_name": "港口镇某灯饰商行", "address": "港口镇某路 1 号",
		"village": "胜隆社区", "description": "店里大量销售没有3C标志的台灯，疑似伪劣产品。"}
	if r, body := postTip(t, s.client(t).Client, s.URL, tip); r.StatusCode != 201 {
		t.Fatalf("tip: %d %s", r.StatusCode, body)
	}
	tips, err := s.db.Tips(ctx, store.TipFilter{})
	if err != nil || len(tips) != 1 || len(tips[0].Handlers) == 0 || tips[0].Handlers[0] != "gsfj" {
		t.Fatalf("tips = %+v, %v", tips, err)
	}

	b := browser(t)
	if err := chromedp.Do(b, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Navigate(s.URL+"/login"), chromedp.WaitVisible("#name"),
		chromedp.SendKeys("#name", "gs-officer"), chromedp.SendKeys("#password", "Gangkou#2017"), chromedp.Click("button.primary"),
		chromedp.WaitVisible(`a[href="/account"]`),
		chromedp.Navigate(s.URL+"/tips/"+itoa(tips[0].ID)), chromedp.WaitVisible(`form[action$="/clue"] button`),
		chromedp.Click(`form[action$="/clue"] button`), chromedp.WaitVisible(`a[href^="/cases/new?clue="]`),
		chromedp.Click(`a[href^="/cases/new?clue="]`), chromedp.WaitVisible("#number")); err != nil {
		t.Fatal(err)
	}
	hint, _ := chromedp.Run(b, chromedp.Text("#number-hint"))
	if !strings.Contains(hint, "中港工商罚〔2017〕1号") {
		t.Errorf("the number's hint: %q", hint)
	}
	if err := chromedp.Do(b,
		chromedp.Click(`input[name="violations"][value="fake_inferior"]`),
		chromedp.Click(`button.primary[name="save"]`),
		chromedp.WaitVisible("#g_name_0"),
		chromedp.SendKeys("#g_name_0", "台灯"), chromedp.SendKeys("#g_brand_0", "某牌"), chromedp.SendKeys("#g_qty_0", "2000"),
		chromedp.SendKeys("#g_unit_0", "件"), chromedp.SendKeys("#g_price_0", "35.5"),
		chromedp.SendKeys("#sales", "60000"), chromedp.SendKeys("#unsold", "11000"),
		chromedp.Click(`form.case-facts button.primary`),
		chromedp.WaitVisible("#h-consider")); err != nil {
		t.Fatal(err)
	}
	task, _ := chromedp.Run(b, chromedp.Text(`section[aria-labelledby="h-consider"]`))
	if !strings.Contains(task, "考虑移送公安机关") || !strings.Contains(task, "¥60,000 ≥ ¥50,000") || !strings.Contains(task, "立案追诉标准（一）第16条") {
		t.Fatalf("the transfer task: %q", task)
	}
	caseURL, _ := chromedp.Run(b, chromedp.Location())
	caseURL, _, _ = strings.Cut(caseURL, "?")
	shots := func(name string) {
		t.Helper()
		for _, w := range []int64{390, 1366} {
			opts := []chromedp.EmulateViewportOption{}
			if w == 390 {
				opts = append(opts, chromedp.EmulateMobile)
			}
			if err := chromedp.Do(b, chromedp.EmulateViewport(w, 900, opts...), chromedp.Reload(), chromedp.WaitVisible("h1")); err != nil {
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
	shots("case")

	if err := chromedp.Do(b, chromedp.Navigate(caseURL), chromedp.WaitVisible("#note-transfer_propose"),
		chromedp.SendKeys("#note-transfer_propose", "销售金额超过五万元，涉嫌生产、销售伪劣产品罪"),
		chromedp.Click(`form[action$="/do/transfer_propose"] button`), chromedp.WaitVisible(".notice")); err != nil {
		t.Fatal(err)
	}
	text, _ := chromedp.Run(b, chromedp.Text("main"))
	for _, want := range []string{"已办理：提请移送公安", "已提请移送，待负责人决定", "负责人决定是否移送公安", "销售金额超过五万元"} {
		if !strings.Contains(text, want) {
			t.Errorf("after the proposal the page lacks %s", want)
		}
	}
	if strings.Contains(text, "待办：考虑移送公安机关") {
		t.Error("the task stays once the transfer is proposed")
	}
	if err := chromedp.Do(b, chromedp.Navigate(s.URL+"/cases"), chromedp.WaitVisible("h1")); err != nil {
		t.Fatal(err)
	}
	list, _ := chromedp.Run(b, chromedp.Text("main"))
	if !strings.Contains(list, "中港工商罚〔2017〕1号") || !strings.Contains(list, "港口镇某灯饰商行") && !strings.Contains(list, "未关联市场主体") {
		t.Errorf("the list: %q", list)
	}
	shots("cases")
}
