package web_test

import (
	"encoding/json"
	"html"
	"io"
	"io/fs"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"dajia"
	"dajia/web"
)

// dashSite is a site on 3 October 2017 whose units gsfj (A) and zjfj (B)
// each hold a report, tip, clue, case, sampling and more (seedUnit), with
// accounts for every reader of the dashboard.
func dashSite(t *testing.T) (*site, unitSeed, unitSeed) {
	t.Helper()
	s := newSite(t, "2017-10-03")
	a := seedUnit(t, s, "gsfj", "工商分局", "A", "2468013", "销售")
	b := seedUnit(t, s, "zjfj", "质监分局", "B", "8642197", "生产")
	for _, u := range []struct {
		name string
		role dajia.Role
		unit string
	}{{"leader", dajia.RoleLeader, ""}, {"a-officer", dajia.RoleOfficer, "gsfj"}, {"a-head", dajia.RoleHead, "gsfj"},
		{"b-officer", dajia.RoleOfficer, "zjfj"}, {"a-supervisor", dajia.RoleSupervisor, "gsfj"}, {"sysadmin", dajia.RoleSysadmin, ""}} {
		s.user(t, u.name, u.role, u.unit, false)
	}
	return s, a, b
}

// figureLink is a figure of the dashboard that links to a list: the
// list's address and the number shown.
var figureLink = regexp.MustCompile(`<a href="(/(?:tips|cases|clues|samplings)\?[^"]*)">(\d+)</a>`)

// listTotal is how many records a list page says it holds.
var listTotal = map[string]*regexp.Regexp{
	"/tips":      regexp.MustCompile(`共 (\d+)</p>`),
	"/cases":     regexp.MustCompile(`共 (\d+) 件案件`),
	"/clues":     regexp.MustCompile(`共 (\d+) 条线索`),
	"/samplings": regexp.MustCompile(`共 (\d+) 条抽检记录`),
}

// Every figure of the dashboard that counts records links to the list that
// holds exactly those records, for the town's readers and for a unit's.
func TestDashboardFiguresOpenTheListsTheyCount(t *testing.T) {
	s, _, _ := dashSite(t)
	for _, who := range []string{"leader", "office", "a-officer", "b-officer"} {
		t.Run(who, func(t *testing.T) {
			c := s.signIn(t, who)
			resp, body := c.get(t, "/dashboard")
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("dashboard: %d", resp.StatusCode)
			}
			links := figureLink.FindAllStringSubmatch(body, -1)
			if len(links) < 60 {
				t.Fatalf("%d figures link to a list", len(links))
			}
			checked, nonzero := map[string]bool{}, 0
			for _, l := range links {
				href := html.UnescapeString(l[1])
				want, _ := strconv.Atoi(l[2])
				if checked[href+"="+l[2]] {
					continue
				}
				checked[href+"="+l[2]] = true
				path, _, _ := strings.Cut(href, "?")
				r, page := c.get(t, href)
				if r.StatusCode != http.StatusOK {
					t.Errorf("%s: %d", href, r.StatusCode)
					continue
				}
				got := 0
				if m := listTotal[path].FindStringSubmatch(page); m != nil {
					got, _ = strconv.Atoi(m[1])
				} else if path != "/tips" {
					t.Errorf("%s: no total on the page", href)
				}
				if got != want {
					t.Errorf("%s: the dashboard says %d, the list holds %d", href, want, got)
				}
				if want > 0 {
					nonzero++
				}
			}
			if nonzero < 8 {
				t.Errorf("only %d figures count something", nonzero)
			}
		})
	}
}

// The dashboard answers each reader with its own figures: the town's to the
// office and leaders, a unit's own to its officer and head, nothing to a
// supervisor or an administrator, and the sign-in to the public; the API
// the same figures as the page.
func TestDashboardFiguresOfUnitsAreTheirOwn(t *testing.T) {
	s, a, b := dashSite(t)
	for _, tt := range []struct {
		who    string
		status int
		unit   string
		cases  float64
	}{
		{"office", 200, "", 2}, {"leader", 200, "", 2}, {"a-officer", 200, "gsfj", 1}, {"a-head", 200, "gsfj", 1}, {"b-officer", 200, "zjfj", 1},
		{"a-supervisor", 403, "", 0}, {"sysadmin", 403, "", 0},
	} {
		t.Run(tt.who, func(t *testing.T) {
			u, err := s.db.UserByName(t.Context(), tt.who)
			if err != nil {
				t.Fatal(err)
			}
			tok, _ := newTokenFor(t, s, u.ID)
			req, _ := http.NewRequest("GET", s.URL+"/api/v1/dashboard?plan=zs-gangkou-2017", nil)
			req.Header.Set("Authorization", "Bearer "+tok)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			raw, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.status {
				t.Fatalf("API: %d, want %d: %s", resp.StatusCode, tt.status, raw)
			}
			c := s.signIn(t, tt.who)
			page, body := c.get(t, "/dashboard")
			if page.StatusCode != tt.status {
				t.Fatalf("page: %d, want %d", page.StatusCode, tt.status)
			}
			if tt.status != 200 {
				return
			}
			var d struct {
				Plan  string `json:"plan"`
				Unit  string `json:"unit"`
				Total struct {
					Opened float64 `json:"cases_opened"`
					Tips   float64 `json:"tips"`
				} `json:"total"`
				Campaigns []map[string]any `json:"campaigns"`
				Months    []map[string]any `json:"months"`
				Reporting []map[string]any `json:"reporting"`
				Phase     struct {
					State    string         `json:"state"`
					Current  map[string]any `json:"current"`
					DaysLeft float64        `json:"days_left"`
				} `json:"phase"`
			}
			if err := json.Unmarshal(raw, &d); err != nil {
				t.Fatal(err)
			}
			if d.Plan != "zs-gangkou-2017" || d.Unit != tt.unit || d.Total.Opened != tt.cases || d.Total.Tips != tt.cases || len(d.Campaigns) != 10 || len(d.Months) != 12 ||
				len(d.Reporting) != 1 || d.Phase.State != "running" || d.Phase.Current["key"] != "action" || d.Phase.DaysLeft != 58 {
				t.Errorf("API answer %s", raw)
			}
			// The page shows the same totals, and a unit's reader never
			// another unit's records (nor its name as the scope).
			if !strings.Contains(body, `<tfoot><tr class="total">`) {
				t.Fatal("no total row")
			}
			// The records of no campaign have their row, linked to the
			// lists filtered on no campaign; the reports sent and sent on
			// time link to the matrix showing them.
			if !strings.Contains(body, `<tr class="unassigned">`) || !strings.Contains(body, `/clues?campaign=0&amp;plan=zs-gangkou-2017`) ||
				!strings.Contains(body, `show=sent`) || !strings.Contains(body, `show=on_time`) {
				t.Error("no row of the records of no campaign, or 已报/按时 not linked")
			}
			foot := body[strings.Index(body, "<tfoot>"):]
			foot = foot[:strings.Index(foot, "</tfoot>")]
			if !strings.Contains(foot, `>`+strconv.Itoa(int(tt.cases))+`</a></td>`) {
				t.Errorf("the page's total row: %s", foot)
			}
			if tt.unit != "" {
				other := b
				if tt.unit == b.key {
					other = a
				}
				for _, leak := range other.leaks() {
					if strings.Contains(body, leak) || strings.Contains(string(raw), leak) {
						t.Errorf("%s reads %s's %q", tt.who, other.key, leak)
					}
				}
				if !strings.Contains(body, "只统计本单位的记录") {
					t.Error("a unit's dashboard does not say it counts the unit's records only")
				}
			}
		})
	}
	// The public is sent to sign in; the API without a token is refused.
	if code, h, _ := s.get(t, "/dashboard"); code != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/login") {
		t.Errorf("public page: %d %s", code, h.Get("Location"))
	}
	resp, err := http.Get(s.URL + "/api/v1/dashboard")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("public API: %d", resp.StatusCode)
	}
	// A leader starts on the dashboard; the office reaches it from its to-do.
	if _, body := s.signIn(t, "leader").get(t, "/"); !strings.Contains(body, `id="chart-campaigns"`) {
		t.Error("a leader's first page is not the dashboard")
	}
	if _, body := s.signIn(t, "office").get(t, "/todo"); !strings.Contains(body, `href="/dashboard?plan=zs-gangkou-2017"`) {
		t.Error("the office's to-do has no way to the dashboard")
	}
	if _, body := s.signIn(t, "a-officer").get(t, "/todo"); strings.Contains(body, `href="/dashboard?`) {
		t.Error("a unit's to-do links to the dashboard")
	}
	// An unknown plan is not found.
	if _, body := s.signIn(t, "leader").get(t, "/dashboard?plan=nope"); !strings.Contains(body, "nope") {
		t.Error("an unknown plan is not named")
	}
}

// The charts come from the site itself: the library and the page's script
// are fingerprinted assets served for a year, the only script in the page
// is the figures as JSON (the CSP allows no inline script), and the
// library's licence and notice are served beside it.
func TestDashboardChartsComeFromTheSiteItself(t *testing.T) {
	s, _, _ := dashSite(t)
	resp, body := s.signIn(t, "leader").get(t, "/dashboard")
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self';") {
		t.Errorf("CSP %q", csp)
	}
	scripts := regexp.MustCompile(`<script([^>]*)>`).FindAllStringSubmatch(body, -1)
	var srcs []string
	for _, m := range scripts {
		switch src := regexp.MustCompile(`src="([^"]+)"`).FindStringSubmatch(m[1]); {
		case src != nil:
			srcs = append(srcs, src[1])
		case !strings.Contains(m[1], `type="application/json"`):
			t.Errorf("an inline script: %s", m[0])
		}
	}
	// The menu's script on every page, then the charts'.
	if len(srcs) != 3 || !regexp.MustCompile(`^/static/menu\.[0-9a-f]{12}\.js$`).MatchString(srcs[0]) ||
		!regexp.MustCompile(`^/static/echarts/echarts\.common\.min\.[0-9a-f]{12}\.js$`).MatchString(srcs[1]) ||
		!regexp.MustCompile(`^/static/dashboard\.[0-9a-f]{12}\.js$`).MatchString(srcs[2]) {
		t.Fatalf("scripts %v", srcs)
	}
	for _, src := range srcs[1:] {
		code, h, js := s.get(t, src)
		if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/javascript") || !strings.Contains(h.Get("Cache-Control"), "immutable") || len(js) < 1000 {
			t.Errorf("%s: %d %v, %d bytes", src, code, h, len(js))
		}
	}
	for name, want := range map[string]string{"LICENSE": "Apache License", "NOTICE": "Apache ECharts"} {
		files, err := fs.Glob(web.StaticFS(), "static/echarts/"+name)
		if err != nil || len(files) != 1 {
			t.Fatalf("%s: %v %v", name, files, err)
		}
		b, _ := fs.ReadFile(web.StaticFS(), files[0])
		if !strings.Contains(string(b), want) {
			t.Errorf("%s does not say %q", name, want)
		}
	}
}

// The cases API takes the dashboard's filters too: the month a case was
// opened and a transfer under way; a month that is not one is refused.
func TestCasesAPIFiltersByMonthAndRunningTransfer(t *testing.T) {
	s, _, _ := dashSite(t)
	for _, tt := range []struct {
		query  string
		status int
		total  float64
	}{{"month=2017-10", 200, 2}, {"month=2017-09", 200, 0}, {"transfer=running", 200, 0}, {"month=2017-10&transfer=none", 200, 2},
		{"month=2017-13", 400, 0}, {"month=October", 400, 0}} {
		code, body := s.apiJSON(t, "GET", "/api/v1/cases?plan=zs-gangkou-2017&"+tt.query, s.token, nil)
		if code != tt.status || (code == 200 && body["total"] != tt.total) {
			t.Errorf("%s: %d %v", tt.query, code, body["total"])
		}
	}
}
