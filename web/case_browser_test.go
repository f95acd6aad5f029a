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
// page and proposes the transfer; the head refuses it with the reason,
// takes the case to its decision and publishes it on the exposure page,
// redacted, as the public then reads it. The list and the case page fit a 390 px
// phone and a 1366 px desktop; with DAJIA_SCREENSHOTS set to a directory,
// their screenshots are written there.
func TestBrowserTipToClueToCaseOverTheThresholdToTheRedactedExposure(t *testing.T) {
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
		chromedp.WaitReady(`a[href="/account"]`),
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

	// The unit's head refuses the transfer with the reason, takes the case
	// to its decision, then exposes it: the preview shows what is hidden,
	// and the public reads the case without the person's name, ID number
	// or phone.
	h := browser(t)
	steps := []chromedp.Action[chromedp.Void]{chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Navigate(s.URL + "/login"), chromedp.WaitVisible("#name"),
		chromedp.SendKeys("#name", "gs-head"), chromedp.SendKeys("#password", "Gangkou#2017"), chromedp.Click("button.primary"),
		chromedp.WaitReady(`a[href="/account"]`)}
	for _, st := range []struct{ act, note string }{{"transfer_refuse", "经复核，台灯经检测合格部分不计入销售金额，未达追诉标准"},
		{"investigate", ""}, {"review", ""}, {"notify", ""}, {"decide", ""}} {
		button := `form[action$="/do/` + st.act + `"] button`
		steps = append(steps, chromedp.Navigate(caseURL), chromedp.WaitVisible(button))
		if st.note != "" {
			steps = append(steps, chromedp.SendKeys("#note-"+st.act, st.note))
		}
		steps = append(steps, chromedp.Click(button), chromedp.WaitVisible(".notice"))
	}
	if err := chromedp.Do(h, steps...); err != nil {
		t.Fatal(err)
	}
	if text, _ := chromedp.Run(h, chromedp.Text("main")); !strings.Contains(text, "已作出处罚决定") || !strings.Contains(text, "不批准移送") {
		t.Fatalf("after the decision: %s", text)
	}
	account := "经查，当事人港口镇某灯饰商行（经营者陈国强，身份证号码44200019800101123X，联系电话13800138000，家住港口镇民安路8号）销售无3C标志的台灯2000件，销售金额60000元。"
	if err := chromedp.Do(h, chromedp.Navigate(caseURL), chromedp.WaitVisible(`a[href$="/exposure"]`), chromedp.Click(`a[href$="/exposure"]`),
		chromedp.WaitVisible("#title"), chromedp.SendKeys("#title", "港口镇某灯饰商行销售伪劣台灯案"), chromedp.SetValue("#text", account),
		chromedp.SendKeys("#names", "陈国强"), chromedp.Click(`button[value="preview"]`), chromedp.WaitVisible("#h-preview")); err != nil {
		t.Fatal(err)
	}
	if marks, _ := chromedp.Run(h, chromedp.Evaluate[int](`document.querySelectorAll('.exposure-text mark').length`)); marks != 4 {
		t.Errorf("the preview marks %d redactions, want the name, ID number, phone and home", marks)
	}
	if err := chromedp.Do(h, chromedp.Click(`button[value="publish"]`), chromedp.WaitVisible("article h1")); err != nil {
		t.Fatal(err)
	}
	public, _ := chromedp.Run(h, chromedp.Location())
	visitor := browser(t)
	if err := chromedp.Do(visitor, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Navigate(public), chromedp.WaitVisible("article h1")); err != nil {
		t.Fatal(err)
	}
	page, _ := chromedp.Run(visitor, chromedp.Text("main"))
	for _, leak := range []string{"陈国强", "44200019800101123X", "13800138000", "民安路"} {
		if strings.Contains(page, leak) {
			t.Errorf("the public page shows %q", leak)
		}
	}
	if !strings.Contains(page, "陈某某") || !strings.Contains(page, "中港工商罚〔2017〕1号") || !strings.Contains(page, "港口镇某灯饰商行") {
		t.Errorf("the public page: %s", page)
	}
}
