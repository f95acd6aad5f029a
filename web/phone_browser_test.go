package web_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"dajia"
)

// roleSite is a site after a month's work as every role meets it: the
// reporting accounts, the three administrators, a complaint routed to
// 工商分局 and a report submitted. It returns the site, each role's account
// and the pages each role opens.
func roleSite(t *testing.T) (*site, map[string]string, map[string][]string) {
	s, c := reportingSite(t, "2017-10-03")
	s.user(t, "sys", dajia.RoleSysadmin, "", false)
	s.user(t, "sec", dajia.RoleSecadmin, "", false)
	s.user(t, "aud", dajia.RoleAuditor, "", false)
	r, _ := postTip(t, &http.Client{}, s.URL, complaint("13912345678"))
	if r.StatusCode != 201 {
		t.Fatalf("tip: %d", r.StatusCode)
	}
	_, list := c["office"].get(t, "/tips")
	m := regexp.MustCompile(`href="(/tips/\d+)"`).FindStringSubmatch(list)
	if m == nil {
		t.Fatal("no tip on the office's list")
	}
	tip := m[1]
	report := "/reports/" + itoa(s.reportID(t, "gsfj", "2017-09"))
	c["officer"].post(t, report, form("v_inspectors", "15", "v_samples", "4", "v_samples_failed", "1", "then", "submit"))
	accounts := map[string]string{"office": "office", "officer": "gs-officer", "head": "gs-head", "leader": "leader",
		"sysadmin": "sys", "secadmin": "sec", "auditor": "aud"}
	pages := map[string][]string{
		"office": {"/", "/field", "/reports", "/reports/period", "/reports/circular", "/reports/contacts", report, "/tips", "/tips/rewards", tip,
			"/clues", "/entities", "/entities/new", "/plans/zs-gangkou-2017", "/plans/zs-gangkou-2017/units/gsfj", "/account"},
		"officer":  {"/", "/field", "/reports", "/reports/period", report, "/tips", tip, "/clues", "/entities", "/account", "/account/password"},
		"head":     {"/", "/field", "/reports", report, "/tips", tip},
		"leader":   {"/", "/field", "/reports", "/reports/period", "/tips"},
		"sysadmin": {"/", "/admin/users", "/account"},
		"secadmin": {"/", "/admin/users", "/admin/security", "/account"},
		"auditor":  {"/", "/audit", "/account"},
	}
	return s, accounts, pages
}

// signInAt opens a browser of the given width signed in as name.
func signInAt(t *testing.T, s *site, name string, width int64) context.Context {
	t.Helper()
	ctx := browser(t)
	opts := []chromedp.EmulateViewportOption{}
	if width < 800 {
		opts = append(opts, chromedp.EmulateMobile)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 844, opts...), chromedp.Navigate(s.URL+"/login"), chromedp.WaitVisible("#name"),
		chromedp.SendKeys("#name", name), chromedp.SendKeys("#password", "Gangkou#2017"), chromedp.Click("button.primary"),
		chromedp.WaitReady(`a[href="/account"]`)); err != nil {
		t.Fatalf("sign in %s: %v", name, err)
	}
	return ctx
}

// fitsJS reports what does not fit a phone: the page wider than the
// screen, and table cells squeezed to about one character a line.
const fitsJS = `(() => {
	const out = [];
	const d = document.documentElement;
	if (d.scrollWidth > d.clientWidth) out.push("page " + d.scrollWidth + " px wide in " + d.clientWidth);
	for (const c of document.querySelectorAll("main td, main th")) {
		const text = c.innerText.trim();
		const fs = parseFloat(getComputedStyle(c).fontSize);
		if (text.length >= 3 && !/^[\d.,%\s-]+$/.test(text) && c.getBoundingClientRect().width > 0 && c.getBoundingClientRect().width < 2.6 * fs) {
			out.push("cell " + JSON.stringify(text.slice(0, 12)) + " squeezed to " + Math.round(c.getBoundingClientRect().width) + " px");
			if (out.length > 8) break;
		}
	}
	return out.join("; ");
})()`

// Every signed-in page of every role fits a 390 px phone: no sideways
// scroll (wide tables scroll inside their own box), no unit name one
// character a line.
func TestBrowserEveryRolesPagesFitAPhone(t *testing.T) {
	t.Parallel()
	s, accounts, pages := roleSite(t)
	for role, name := range accounts {
		t.Run(role, func(t *testing.T) {
			ctx := signInAt(t, s, name, 390)
			for _, p := range pages[role] {
				if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+p), chromedp.WaitReady("body")); err != nil {
					t.Fatal(err)
				}
				if loc, _ := chromedp.Run(ctx, chromedp.Location()); strings.HasSuffix(loc, "/login") {
					t.Fatalf("%s: signed out at %s", p, loc)
				}
				bad, err := chromedp.Run(ctx, chromedp.Evaluate[string](fitsJS))
				if err != nil {
					t.Fatal(err)
				}
				if bad != "" {
					wide, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !(e.parentElement && e.parentElement.closest(".table-scroll"))).slice(0, 5).map(e => e.tagName + "." + e.className + "#" + e.id + " " + Math.round(e.getBoundingClientRect().right)).join(", ")`))
					t.Errorf("%s at 390 px: %s (%s)", p, bad, wide)
				}
			}
		})
	}
}

// With DAJIA_SCREENSHOTS=DIR, every role's first page (where signing in
// lands) is written to DIR as ROLE-390.png and ROLE-1366.png, whole pages:
//
//	DAJIA_SCREENSHOTS=/tmp/shots go test ./web/ -run TestScreenshots
func TestScreenshotsOfEveryRolesFirstPage(t *testing.T) {
	dir := os.Getenv("DAJIA_SCREENSHOTS")
	if dir == "" {
		t.Skip("DAJIA_SCREENSHOTS names no folder to write the screenshots to")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	s, accounts, _ := roleSite(t)
	accounts["public"] = ""
	for role, name := range accounts {
		for _, width := range []int64{390, 1366} {
			var ctx context.Context
			if name == "" {
				ctx = browser(t)
				opts := []chromedp.EmulateViewportOption{}
				if width < 800 {
					opts = append(opts, chromedp.EmulateMobile)
				}
				if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 844, opts...), chromedp.Navigate(s.URL+"/")); err != nil {
					t.Fatal(err)
				}
			} else {
				ctx = signInAt(t, s, name, width)
			}
			time.Sleep(100 * time.Millisecond)
			png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%d.png", role, width)), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// The tip page puts the action the tip waits for first, assigns with
// checkboxes, shows only the forms that apply, labels the tipster by kind,
// and lets the unit handling a complaint see the complainant's contact
// with a reason.
func TestBrowserTipPageLeadsWithItsNextAction(t *testing.T) {
	t.Parallel()
	s, c := reportingSite(t, "2017-09-29")
	f := complaint("13912345678")
	f["address"] = ""
	if r, _ := postTip(t, &http.Client{}, s.URL, f); r.StatusCode != 201 {
		t.Fatalf("tip: %d", r.StatusCode)
	}
	_, list := c["office"].get(t, "/tips")
	m := regexp.MustCompile(`href="(/tips/\d+)"`).FindStringSubmatch(list)
	if m == nil {
		t.Fatal("no tip")
	}
	tip := m[1]
	shot := func(ctx context.Context, name string) {
		if dir := os.Getenv("DAJIA_SCREENSHOTS"); dir != "" {
			if png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
				os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
			}
		}
	}
	// before reports whether the first element comes before the second.
	before := func(ctx context.Context, a, b string) bool {
		v, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!(document.querySelector("`+a+`").compareDocumentPosition(document.querySelector("`+b+`")) & Node.DOCUMENT_POSITION_FOLLOWING)`))
		if err != nil {
			t.Fatalf("%s before %s: %v", a, b, err)
		}
		return v
	}
	text := func(ctx context.Context, sel string) string {
		v, _ := chromedp.Run(ctx, chromedp.Text(sel))
		return v
	}
	for _, width := range []int64{390, 1366} {
		office := signInAt(t, s, "office", width)
		if err := chromedp.Do(office, chromedp.Navigate(s.URL+tip), chromedp.WaitVisible("#h-do")); err != nil {
			t.Fatal(err)
		}
		shot(office, fmt.Sprintf("tip-office-%d", width))
		if n, _ := chromedp.Run(office, chromedp.Evaluate[int](`document.querySelectorAll("select[multiple]").length`)); n != 0 {
			t.Error("units are picked from a multi-select list box")
		}
		if n, _ := chromedp.Run(office, chromedp.Evaluate[int](`document.querySelectorAll('#h-assign ~ form input[type=checkbox][name=units]').length`)); n < 10 {
			t.Errorf("%d unit checkboxes", n)
		}
		if checked, _ := chromedp.Run(office, chromedp.Evaluate[string](`[...document.querySelectorAll("input[name=units]:checked")].map(e => e.value).join()`)); checked != "gsfj" {
			t.Errorf("checked units %q, want the handler gsfj", checked)
		}
		if !before(office, "#h-do", "dl.meta") || !before(office, "#h-assign", "dl.meta") {
			t.Error("the actions come after the tip's details")
		}
		if n, _ := chromedp.Run(office, chromedp.Evaluate[int](`document.querySelectorAll('form[action$="/do/reward"]').length`)); n != 0 {
			t.Error("a reward form on a new complaint")
		}
		meta := text(office, "dl.meta")
		if !strings.Contains(meta, "投诉人") || strings.Contains(meta, "举报人") {
			t.Errorf("the complainant is not labelled 投诉人: %s", meta)
		}
		if strings.Contains(meta, "· 胜隆社区") || !strings.Contains(meta, "胜隆社区") {
			t.Errorf("the empty address: %s", meta)
		}
		bad, _ := chromedp.Run(office, chromedp.Evaluate[string](fitsJS))
		if bad != "" {
			t.Errorf("at %d px: %s", width, bad)
		}
	}
	// The unit's officer reveals the complainant's contact, with a reason.
	officer := signInAt(t, s, "gs-officer", 390)
	if err := chromedp.Do(officer, chromedp.Navigate(s.URL+tip), chromedp.WaitVisible("#h-do"),
		chromedp.Click("details.reveal summary"), chromedp.WaitVisible("#reason"),
		chromedp.SendKeys("#reason", "电话联系投诉人调解"), chromedp.Click(`form[action$="/reveal"] button`), chromedp.WaitVisible("dl.meta strong")); err != nil {
		t.Fatal(err)
	}
	shot(officer, "tip-officer-revealed-390")
	if meta := text(officer, "dl.meta"); !strings.Contains(meta, "13912345678") {
		t.Errorf("the officer does not see the complainant's phone: %s", meta)
	}
	// Returned to the office, the tip waits for its assignment: that comes first.
	c["officer"].post(t, tip+"/do/return", form("note", "不属本局职责"))
	office := signInAt(t, s, "office", 1366)
	if err := chromedp.Do(office, chromedp.Navigate(s.URL+tip), chromedp.WaitVisible("#h-assign")); err != nil {
		t.Fatal(err)
	}
	if !before(office, "#h-assign", "#h-do") {
		t.Error("a returned tip does not lead with its assignment")
	}
	if btn := text(office, `form[action$="/do/assign"] button`); btn != "分派" {
		t.Errorf("assign button %q", btn)
	}
}
