package web_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"dajia"
)

// fieldFigures reads the hub's figures: each kind's section → its figures
// in order, "label=value".
func fieldFigures(page string) map[string][]string {
	out := map[string][]string{}
	sec := regexp.MustCompile(`(?s)<section class="card field-kind"[^>]*id="field-(\w+)">(.*?)</section>`)
	fig := regexp.MustCompile(`(?s)<dt>([^<]*)</dt><dd>(?:<a[^>]*>)?([^<]*)`)
	for _, m := range sec.FindAllStringSubmatch(page, -1) {
		for _, f := range fig.FindAllStringSubmatch(m[2], -1) {
			out[m[1]] = append(out[m[1]], f[1]+"="+f[2])
		}
	}
	return out
}

// fieldSite is two units' field records (a finding, an inspection, a
// sampling, a joint action and a publicity activity each) and an account
// of every business role.
func fieldSite(t *testing.T) (*site, unitSeed, unitSeed) {
	s := newSite(t, "2017-10-03")
	a := seedUnit(t, s, "gsfj", "工商分局", "A", "2468013", "销售")
	b := seedUnit(t, s, "zjfj", "质监分局", "B", "8642197", "生产")
	s.user(t, "a-officer", dajia.RoleOfficer, a.key, false)
	s.user(t, "a-head", dajia.RoleHead, a.key, false)
	s.user(t, "a-super", dajia.RoleSupervisor, a.key, false)
	s.user(t, "leader", dajia.RoleLeader, "", false)
	return s, a, b
}

// The hub counts what its reader may read: a unit's accounts their unit's
// records, the office and leaders the town's; each figure links to the
// list it counts; a village supervisor gets the kinds they use (findings,
// inspections, publicity), not samplings or joint actions; a leader reads
// and is offered nothing to record.
func TestFieldHubCountsTheReadersRecordsOnly(t *testing.T) {
	s, a, b := fieldSite(t)
	unit := map[string][]string{
		"surveys":     {"全部记录=1", "待处理=1"},
		"inspections": {"全部记录=1", "发现问题=1", "未录 3C 证书=1"},
		"samplings":   {"全部记录=1", "不合格=0", "合格率=100.0%"},
		"actions":     {"全部记录=1"},
		"publicity":   {"全部记录=1", "受众人次=77", "派发资料份数=0", "阅读/收看次数=0"},
	}
	town := map[string][]string{
		"surveys":     {"全部记录=2", "待处理=2"},
		"inspections": {"全部记录=2", "发现问题=2", "未录 3C 证书=2"},
		"samplings":   {"全部记录=2", "不合格=0", "合格率=100.0%"},
		"actions":     {"全部记录=2"},
		"publicity":   {"全部记录=2", "受众人次=154", "派发资料份数=0", "阅读/收看次数=0"},
	}
	super := map[string][]string{"surveys": unit["surveys"], "inspections": unit["inspections"], "publicity": unit["publicity"]}
	for _, c := range []struct {
		name  string
		want  map[string][]string
		adds  int // 新建 buttons
		links []string
	}{
		{"office", town, 5, []string{`href="/actions/new?plan=zs-gangkou-2017"`, `href="/samplings/rates?plan=zs-gangkou-2017"`}},
		{"a-officer", unit, 4, []string{`href="/surveys/new"`, `href="/samplings/new"`, `href="/publicity/new"`}},
		{"a-head", unit, 4, nil},
		{"a-super", super, 3, []string{`href="/surveys?mine=1&amp;plan=zs-gangkou-2017"`}},
		{"leader", town, 0, []string{`href="/surveys/gather?plan=zs-gangkou-2017"`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, page := s.signIn(t, c.name).get(t, "/field")
			if r.StatusCode != 200 {
				t.Fatalf("/field: %d", r.StatusCode)
			}
			if got := fieldFigures(page); fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Errorf("figures\n got %v\nwant %v", got, c.want)
			}
			if n := strings.Count(page, ">新建</a>"); n != c.adds {
				t.Errorf("%d 新建 links, want %d", n, c.adds)
			}
			for _, l := range c.links {
				if !strings.Contains(page, l) {
					t.Errorf("no link %s", l)
				}
			}
			if !strings.Contains(page, `<a href="/field">`) {
				t.Error("the menu does not lead to the hub")
			}
			if c.want["actions"] != nil && !strings.Contains(page, `class="tally-done" href="/actions?done_from=`) {
				t.Error("no planned / done joint actions of the phases")
			}
			// Nothing of the other unit: no record, no figure of the town.
			if c.name != "office" && c.name != "leader" {
				for _, m := range append(b.leaks(), ">2</a></dd>", ">154</a></dd>") {
					if strings.Contains(page, m) {
						t.Errorf("unit %s's reader gets %q", a.key, m)
					}
				}
			}
			_, en := s.signIn(t, c.name).get(t, "/field?lang=en")
			if regexp.MustCompile(`<h2[^>]*>[^<]*<a[^>]*>[^<]*\p{Han}`).MatchString(en) || strings.Contains(en, ">新建<") {
				t.Error("the English hub has Chinese headings or buttons")
			}
		})
	}
	// Every figure links to the list it counts, which says the same number.
	c := s.signIn(t, "a-officer")
	_, page := c.get(t, "/field")
	for _, l := range []struct{ link, says string }{
		{"/surveys?plan=zs-gangkou-2017&amp;status=open", "共 1 条排查记录，其中 1 条待处理"},
		{"/inspections?findings=1&amp;plan=zs-gangkou-2017", "共 1 次检查"},
		{"/samplings?plan=zs-gangkou-2017&amp;result=failed", "共 0 条抽检记录"},
		{"/actions?plan=zs-gangkou-2017", "共 1 次集中行动"},
		{"/publicity?plan=zs-gangkou-2017", "共 1 次宣传活动"},
	} {
		if !strings.Contains(page, `href="`+l.link+`"`) {
			t.Errorf("the hub has no link %s", l.link)
			continue
		}
		_, list := c.get(t, strings.ReplaceAll(l.link, "&amp;", "&"))
		if !strings.Contains(list, l.says) {
			t.Errorf("%s does not say %q", l.link, l.says)
		}
	}
}

// An administrator has no field work; a visitor is sent to sign in.
func TestFieldHubIsForBusinessRolesOnly(t *testing.T) {
	s := newSite(t, "2017-10-03")
	s.user(t, "sys", dajia.RoleSysadmin, "", false)
	if r, _ := s.signIn(t, "sys").get(t, "/field"); r.StatusCode != 403 {
		t.Errorf("sysadmin: %d", r.StatusCode)
	}
}

// fieldPages is every page of the field work a role opens, with records.
func fieldPages(role string, a unitSeed) []string {
	read := []string{"/field", "/surveys", "/surveys/gather", fmt.Sprintf("/surveys/%d", a.survey), "/inspections",
		fmt.Sprintf("/inspections/%d", a.inspection), "/samplings", "/samplings/rates", fmt.Sprintf("/samplings/%d", a.sampling),
		"/actions", fmt.Sprintf("/actions/%d", a.action), "/publicity", fmt.Sprintf("/publicity/%d", a.publicity), "/settings/checklists"}
	switch role {
	case "office":
		return append(read, "/surveys/new", "/inspections/new", "/samplings/new", "/actions/new", "/publicity/new",
			fmt.Sprintf("/actions/%d/edit", a.action), fmt.Sprintf("/publicity/%d/edit", a.publicity))
	case "officer", "head":
		return append(read, "/surveys/new", "/inspections/new", "/samplings/new", "/publicity/new")
	case "supervisor":
		return []string{"/field", "/surveys", "/surveys/gather", fmt.Sprintf("/surveys/%d", a.survey), "/surveys/new",
			"/inspections", "/inspections/new", "/publicity", "/publicity/new", fmt.Sprintf("/publicity/%d", a.publicity)}
	}
	return read
}

// Every field-work page of every role that uses it fits a 390 px phone,
// with records in it, in Chinese and in English. With DAJIA_SCREENSHOTS
// set, each is written as ROLE-PAGE-WIDTH.png at 390 and 1366 px.
func TestBrowserFieldPagesFitAPhoneForEveryRole(t *testing.T) {
	t.Parallel()
	s, a, _ := fieldSite(t)
	dir := os.Getenv("DAJIA_SCREENSHOTS")
	widths := []int64{390}
	if dir != "" {
		widths = append(widths, 1366)
		os.MkdirAll(dir, 0o755)
	}
	accounts := map[string]string{"office": "office", "officer": "a-officer", "head": "a-head", "supervisor": "a-super", "leader": "leader"}
	roles := []string{"office", "officer", "head", "supervisor", "leader"}
	for _, role := range roles {
		t.Run(role, func(t *testing.T) {
			for _, width := range widths {
				ctx := signInAt(t, s, accounts[role], width)
				for _, p := range fieldPages(role, a) {
					for _, lang := range []string{"zh", "en"} {
						sep := map[bool]string{true: "&", false: "?"}[strings.Contains(p, "?")]
						if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+p+sep+"lang="+lang), chromedp.WaitReady("body")); err != nil {
							t.Fatal(err)
						}
						if h1, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector("h1")||{}).innerText||""`)); h1 == "" {
							t.Errorf("%s (%s): no heading", p, lang)
						}
						if width == 390 {
							bad, err := chromedp.Run(ctx, chromedp.Evaluate[string](fitsJS))
							if err != nil {
								t.Fatal(err)
							}
							if bad != "" {
								wide, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll("main *")].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !(e.parentElement && e.parentElement.closest(".table-scroll"))).slice(0, 4).map(e => e.tagName + "." + e.className + " " + Math.round(e.getBoundingClientRect().right)).join(", ")`))
								t.Errorf("%s (%s) at 390 px as %s: %s (%s)", p, lang, role, bad, wide)
							}
						}
						if lang == "en" && !regexp.MustCompile(`\d`).MatchString(p) {
							// Visible Chinese on an English list, form or the
							// hub: headings, buttons and figure labels carry no
							// record's words there.
							zh, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll("main h1, main button, main .button, main dt, main .filters label")].map(e => e.innerText).filter(s => /[\u4e00-\u9fff]/.test(s)).slice(0, 6).join(" | ")`))
							if zh != "" {
								t.Errorf("%s in English as %s still says: %s", p, role, zh)
							}
						}
						if dir != "" && lang == "zh" {
							time.Sleep(50 * time.Millisecond)
							png, err := chromedp.Run(ctx, chromedp.FullScreenshot(80))
							if err != nil {
								t.Fatal(err)
							}
							name := strings.NewReplacer("/", "_", "?", "_", "&", "_", "=", "_").Replace(strings.TrimPrefix(p, "/"))
							os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%s-%d.jpg", role, name, width)), png, 0o644)
						}
					}
				}
			}
		})
	}
}

// Every link of the hub opens for the role that sees it: no link leads a
// reader to a page they may not use.
func TestFieldHubLinksOpenForTheirReader(t *testing.T) {
	s, _, _ := fieldSite(t)
	href := regexp.MustCompile(`href="(/[^"]*)"`)
	for _, name := range []string{"office", "a-officer", "a-head", "a-super", "leader"} {
		c := s.signIn(t, name)
		_, page := c.get(t, "/field")
		_, main, _ := strings.Cut(page, `<main`)
		main, _, _ = strings.Cut(main, `</main>`)
		links := href.FindAllStringSubmatch(main, -1)
		if len(links) < 5 {
			t.Fatalf("%s: %d links on the hub", name, len(links))
		}
		for _, m := range links {
			link := strings.ReplaceAll(m[1], "&amp;", "&")
			if r, _ := c.get(t, link); r.StatusCode != 200 {
				t.Errorf("%s: %s answers %d", name, link, r.StatusCode)
			}
		}
	}
}
