package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"dajia"
	"dajia/app"
	"dajia/calendar"
	"dajia/locale"
	"dajia/planfile"
	"dajia/secret"
	"dajia/store"
	"dajia/store/storetest"
	"dajia/web"
)

// site is a running dajia on a real database and a real HTTP listener,
// with the reference plan and an office account whose API token is token.
type site struct {
	*httptest.Server
	db    *store.DB
	token string
	dsn   string
	srv   *web.Server
}

// resetTipLimit forgets the submissions of the test's address, so that a
// test can send more than the public may.
func (s *site) resetTipLimit() { s.srv.ResetLimitsForTest() }

var testActor = dajia.Actor{Name: "tester", Address: "127.0.0.1"}

// A cheap hasher: the tests check rules, not argon2's cost.
var hasher = secret.Hasher{Memory: 1024, Time: 1, Threads: 1}

func newSite(t testing.TB, today string) *site {
	t.Helper()
	return newSiteWithClock(t, dajia.FixedDayClock{Day: dajia.MustDate(today)})
}

func newSiteWithClock(t testing.TB, clock dajia.Clock) *site {
	t.Helper()
	dsn := storetest.DSN(t)
	db, err := store.Open(context.Background(), store.Config{DSN: dsn, Clock: clock, MAC: storetest.Keys().AuditMAC()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	r := planfile.Check(planfile.Reference())
	if _, err := db.ImportPlan(ctx, testActor, r.Plan, planfile.Reference()); err != nil {
		t.Fatal(err)
	}
	if _, err := testApp(t, db, clock).EnsureObligations(ctx, testActor, "zs-gangkou-2017"); err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(web.Config{App: testApp(t, db, clock), Log: slog.New(slog.NewTextHandler(testLog{t}, &slog.HandlerOptions{Level: slog.LevelError})),
		Hasher: hasher})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	u, err := db.CreateUser(ctx, dajia.CLIActor("test"), store.NewUser{Name: "office", DisplayName: "张荣钦", Role: dajia.RoleOffice, PasswordHash: hasher.Hash("Gangkou#2017")})
	if err != nil {
		t.Fatal(err)
	}
	token, hash := secret.NewToken("dj_")
	if _, err := db.CreateToken(ctx, testActor, u.ID, "test", hash); err != nil {
		t.Fatal(err)
	}
	return &site{ts, db, token, dsn, srv}
}

// testLog sends the server's error log to the test's log.
type testLog struct{ t testing.TB }

func (l testLog) Write(b []byte) (int, error) {
	l.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}

// api GETs an API path with the office's token.
func (s *site) api(t testing.TB, path string) (int, http.Header, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", s.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+s.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

func (s *site) get(t testing.TB, path string) (int, http.Header, string) {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(s.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

func TestPagesShowThePlanInChinese(t *testing.T) {
	s := newSite(t, "2017-09-15")
	tests := []struct {
		path string
		want []string
	}{
		{"/plans/zs-gangkou-2017", []string{"中港府办〔2017〕74号", "2017年中山市港口镇打假工作方案", "集中整治阶段", "剩余 76 天", "aria-current=\"step\"",
			"食品、药品（含化妆品）专项打假", "生产领域", "流通领域", "上级机关", "每月5日前报送上月情况", "张荣钦"}},
		{"/plans/zs-gangkou-2017/campaigns/5", []string{"服装专项打假", "负责生产领域", "负责流通领域", "布匹", "质监分局负责生产领域、工商分局负责流通领域，公安分局配合。"}},
		{"/plans/zs-gangkou-2017/campaigns/6", []string{"市质监局", "上级机关", "由打假办转交"}},
		{"/plans/zs-gangkou-2017/units/zjfj", []string{"质监分局", "牵头的专项（4）", "配合的专项（6）", "2017年10月5日", "2017年9月", "月度信息报送"}},
		{"/plans/zs-gangkou-2017/units/" + "经济科技信息局", []string{"经信局", "也称", "经济科技信息局", "配合的专项（5）"}},
		{"/plans", []string{"方案列表", "zs-gangkou-2017"}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			code, h, body := s.get(t, tt.path)
			if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
				t.Fatalf("status %d, type %s", code, h.Get("Content-Type"))
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
		})
	}
}

// The plan's lint findings are for the office, not for every visitor of
// the published plan.
func TestOfficeSeesThePlanCheck(t *testing.T) {
	s := newSite(t, "2017-09-15")
	_, _, anon := s.get(t, "/plans/zs-gangkou-2017")
	if strings.Contains(anon, "方案检查") {
		t.Fatal("a visitor sees the plan check")
	}
	_, body := s.signIn(t, "office").get(t, "/plans/zs-gangkou-2017")
	if !strings.Contains(body, "方案检查") || !strings.Contains(body, "专项 8 与专项 4 重复") || !strings.Contains(body, "inconsistent-name") {
		t.Fatal("the office does not see the seed's defects")
	}
}

func TestHomeGoesToTheOnlyPlan(t *testing.T) {
	s := newSite(t, "2017-09-15")
	code, h, _ := s.get(t, "/")
	if code != http.StatusSeeOther || h.Get("Location") != "/plans/zs-gangkou-2017" {
		t.Fatalf("home: %d %s", code, h.Get("Location"))
	}
}

func TestTodayPhaseFollowsTheClock(t *testing.T) {
	for today, want := range map[string]string{
		"2017-07-20": "方案尚未开始，12 天后开始",
		"2017-08-15": "<strong class=\"now\">宣传部署阶段</strong>",
		"2017-12-31": "<strong class=\"now\">检查总结阶段</strong>（2017年12月1日 至 2017年12月31日，剩余 0 天）",
		"2018-03-01": "方案各阶段已结束",
	} {
		s := newSite(t, today)
		_, _, body := s.get(t, "/plans/zs-gangkou-2017")
		if !strings.Contains(body, want) {
			t.Errorf("on %s the page lacks %q", today, want)
		}
	}
}

func TestUnitPageSaysWhenCalendarYearIsMissing(t *testing.T) {
	// A plan for 2027 whose reports shift to the next working day: the
	// calendar of 2027 is not embedded, so the page must say so, not guess.
	s := newSite(t, "2027-03-01")
	src := strings.NewReplacer("id: zs-gangkou-2017", "id: zs-gangkou-2027", "year: 2017", "year: 2027", "due_shift: none", "due_shift: next_workday").Replace(string(planfile.Reference()))
	r := planfile.Check([]byte(src))
	if _, err := s.db.ImportPlan(context.Background(), testActor, r.Plan, []byte(src)); err != nil {
		t.Fatal(err)
	}
	_, _, body := s.get(t, "/plans/zs-gangkou-2027/units/gafj")
	if !strings.Contains(body, "没有 2027 年的法定节假日安排") {
		t.Fatalf("unit page does not report the missing calendar year")
	}
}

func TestEnglishPages(t *testing.T) {
	s := newSite(t, "2017-09-15")
	_, h, body := s.get(t, "/plans/zs-gangkou-2017?lang=en")
	for _, w := range []string{`lang="en"`, "Campaigns", "Lead", "Support", "Phases", "by day 5 of every month, on the previous month"} {
		if !strings.Contains(body, w) {
			t.Errorf("English page lacks %q", w)
		}
	}
	if !strings.Contains(h.Get("Set-Cookie"), "lang=en") {
		t.Error("the language choice is not remembered")
	}
}

// The brand is the platform's name in the reader's language, in the header
// and the title: never the binary's Latin name.
func TestTheBrandIsThePlatformsName(t *testing.T) {
	s := newSite(t, "2017-09-15")
	for _, tt := range []struct{ lang, brand string }{{"en", "Anti-counterfeiting platform"}, {"zh", "打假工作平台"}} {
		_, _, body := s.get(t, "/plans/zs-gangkou-2017?lang="+tt.lang)
		if !strings.Contains(body, `<a class="brand" href="/">`+tt.brand+`</a>`) || !regexp.MustCompile(`<title>[^<]+ · `+tt.brand+`</title>`).MatchString(body) {
			t.Errorf("%s: the header or title does not show %q", tt.lang, tt.brand)
		}
		if regexp.MustCompile(`(?i)>\s*dajia\b|· dajia<`).MatchString(body) {
			t.Errorf("%s: the Latin name dajia shows", tt.lang)
		}
	}
}

// Every Chinese text a template or handler passes to T has an English
// translation.
func TestEveryTemplateTextHasEnglish(t *testing.T) {
	re := regexp.MustCompile(`\.Tr?[ (]"([^"]+)"|s\.page\(r, "([^"]+)"\)`)
	err := fs.WalkDir(os.DirFS("."), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, "_test.go") || !(strings.HasSuffix(p, ".html") || strings.HasSuffix(p, ".go")) {
			return err
		}
		b, _ := os.ReadFile(p)
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			if m[1] == "" {
				m[1] = m[2]
			}
			if !locale.Has("en", m[1]) {
				t.Errorf("%s: %q has no English", p, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestMissingThingsAre404InTheSiteForm(t *testing.T) {
	s := newSite(t, "2017-09-15")
	for _, p := range []string{"/plans/nope", "/plans/zs-gangkou-2017/campaigns/11", "/plans/zs-gangkou-2017/campaigns/abc", "/plans/zs-gangkou-2017/units/nobody", "/nothing/here", "/static/app.css"} {
		code, _, body := s.get(t, p)
		if code != 404 || !strings.Contains(body, "出错了") {
			t.Errorf("%s: %d", p, code)
		}
	}
}

func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	s := newSite(t, "2017-09-15")
	for _, p := range []string{"/plans/zs-gangkou-2017", "/api/v1/plans", "/nothing", "/api/v1/plans/nope", "/login", "/account"} {
		_, h, _ := s.get(t, p)
		if !strings.Contains(h.Get("Content-Security-Policy"), "frame-ancestors 'none'") || h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" {
			t.Errorf("%s: headers %v", p, h)
		}
	}
}

func TestCrossSitePostIsRefused(t *testing.T) {
	s := newSite(t, "2017-09-15")
	req, _ := http.NewRequest("POST", s.URL+"/plans", strings.NewReader("x=1"))
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("Origin", "https://evil.example")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site POST: %d", resp.StatusCode)
	}
}

func TestAssetsAreFingerprintedAndCached(t *testing.T) {
	s := newSite(t, "2017-09-15")
	_, _, body := s.get(t, "/plans")
	m := regexp.MustCompile(`/static/app\.[0-9a-f]{12}\.css`).FindString(body)
	if m == "" {
		t.Fatal("no fingerprinted stylesheet link")
	}
	code, h, css := s.get(t, m)
	if code != 200 || !strings.Contains(h.Get("Cache-Control"), "immutable") || !strings.Contains(css, "@media print") {
		t.Fatalf("asset: %d %v", code, h)
	}
	if strings.Contains(body, "http://") || strings.Contains(body, "https://") {
		t.Error("a page refers to an outside address")
	}
}

func TestTemplatesEscapePlanText(t *testing.T) {
	s := newSite(t, "2017-09-15")
	src := strings.Replace(string(planfile.Reference()), "id: zs-gangkou-2017", "id: xss-2017", 1)
	src = strings.Replace(src, "title: 2017年中山市港口镇打假工作方案", `title: "<script>alert(1)</script>"`, 1)
	r := planfile.Check([]byte(src))
	if r.HasErrors() {
		t.Fatal(r.Err())
	}
	if _, err := s.db.ImportPlan(context.Background(), testActor, r.Plan, []byte(src)); err != nil {
		t.Fatal(err)
	}
	_, _, body := s.get(t, "/plans/xss-2017")
	if strings.Contains(body, "<script>alert(1)</script>") || !strings.Contains(body, "&lt;script&gt;") {
		t.Fatal("plan text is not escaped")
	}
}

func decode(t testing.TB, body string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, body)
	}
}

func secretToken() (string, string) { return secret.NewToken("dj_") }

// apiJSON calls the API with a token and a JSON body (nil for none) and
// decodes the JSON answer.
func (s *site) apiJSON(t testing.TB, method, path, token string, body any) (int, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, s.URL+path, rd)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

// testApp returns the use cases over a test database.
func testApp(t testing.TB, db *store.DB, clock dajia.Clock) *app.App {
	t.Helper()
	a, err := app.New(app.Config{DB: db, Calendar: calendar.Embedded(), Clock: clock, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Sealer: storetest.Keys().Sealer()})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// In a database of two towns' plans, a unit's pages open on its own
// town's newest plan, not on the newest plan of all (another town's);
// the office's open on the newest of all, as before.
func TestAUnitsPagesOpenOnItsOwnTownsPlan(t *testing.T) {
	s := newSite(t, "2017-10-09")
	// 某甲镇's plan sorts first: it is the newest of all.
	src := regexp.MustCompile(`\{key: ([a-z0-9]+),`).ReplaceAllString(
		strings.NewReplacer("zs-gangkou-2017", "zs-aaa-2017", "港口镇", "某甲镇").Replace(string(planfile.Reference())), "{key: a-$1,")
	r := planfile.Check([]byte(src))
	if r.HasErrors() {
		t.Fatal(r.Err())
	}
	if _, err := s.db.ImportPlan(context.Background(), testActor, r.Plan, []byte(src)); err != nil {
		t.Fatal(err)
	}
	s.user(t, "a-officer", dajia.RoleOfficer, "a-zjfj", false)
	s.user(t, "gk-officer", dajia.RoleOfficer, "zjfj", false)
	s.user(t, "boss", dajia.RoleOffice, dajia.OfficeKey, false)
	for _, c := range []struct{ who, want, not string }{
		{"a-officer", "zs-aaa-2017", "zs-gangkou-2017"},
		{"gk-officer", "zs-gangkou-2017", "zs-aaa-2017"},
	} {
		b := s.signIn(t, c.who)
		for _, p := range []string{"/todo", "/reports"} {
			_, body := b.get(t, p)
			if !strings.Contains(body, c.want) {
				t.Errorf("%s's %s does not open on %s", c.who, p, c.want)
			}
		}
		// The lists' plan choices are the unit's town's plans only.
		for _, p := range []string{"/todo", "/reports", "/clues", "/cases", "/inspections", "/rectifications"} {
			if _, body := b.get(t, p); strings.Contains(body, c.not) {
				t.Errorf("%s's %s offers the other town's plan %s", c.who, p, c.not)
			}
		}
		// The API's reports too: the unit's own plan's, not none.
		u, err := s.db.UserByName(context.Background(), c.who)
		if err != nil {
			t.Fatal(err)
		}
		token, hash := secret.NewToken("dj_")
		if _, err := s.db.CreateToken(context.Background(), testActor, u.ID, "test", hash); err != nil {
			t.Fatal(err)
		}
		code, out := s.apiJSON(t, "GET", "/api/v1/reports", token, nil)
		if code != 200 || out["plan"] != c.want || strings.Contains(fmt.Sprint(out), c.not) {
			t.Errorf("%s's API reports: %d %.300v", c.who, code, out)
		}
	}
	_, body := s.signIn(t, "boss").get(t, "/reports")
	if !strings.Contains(body, "zs-aaa-2017") {
		t.Error("the office's matrix does not open on the newest plan of all")
	}
}

// In a database of more towns' plans than a choice can list, the office's
// lists offer the chosen plan's town's plans (its years), not every town's;
// a unit's offer its own town's.
func TestThePlanChoiceOfManyTownsIsTheChosenTowns(t *testing.T) {
	s := newSite(t, "2017-10-09")
	ref := string(planfile.Reference())
	keys := regexp.MustCompile(`\{key: ([a-z0-9]+),`)
	var srcs []string
	for i := range 41 {
		srcs = append(srcs, keys.ReplaceAllString(strings.NewReplacer("zs-gangkou-2017", fmt.Sprintf("zz-t%02d-2017", i), "港口镇", fmt.Sprintf("第%d镇", i)).Replace(ref),
			fmt.Sprintf("{key: t%02d-$1,", i)))
	}
	// The seventh town has a second year.
	srcs = append(srcs, strings.NewReplacer("zz-t07-2017", "zz-t07-2016", "year: 2017", "year: 2016").Replace(srcs[7]))
	for _, src := range srcs {
		r := planfile.Check([]byte(src))
		if r.HasErrors() {
			t.Fatal(r.Err())
		}
		if _, err := s.db.ImportPlan(context.Background(), testActor, r.Plan, []byte(src)); err != nil {
			t.Fatal(err)
		}
	}
	s.user(t, "boss", dajia.RoleOffice, dajia.OfficeKey, false)
	boss := s.signIn(t, "boss")
	options := func(body string) []string {
		var out []string
		for _, m := range regexp.MustCompile(`<option value="((?:zs|zz)-[a-z0-9-]+)"`).FindAllStringSubmatch(body, -1) {
			if !slices.Contains(out, m[1]) {
				out = append(out, m[1])
			}
		}
		return out
	}
	for _, c := range []struct {
		path string
		want []string
	}{
		// A town of one plan: nothing to choose (every plan's records
		// are the list without ?plan=, as the menu opens it).
		{"/clues", nil},
		{"/cases?plan=zz-t03-2017", nil},
		// A town of two years: its two.
		{"/clues?plan=zz-t07-2016", []string{"zz-t07-2017", "zz-t07-2016"}},
		{"/cases?plan=zz-t07-2017", []string{"zz-t07-2017", "zz-t07-2016"}},
		{"/inspections?plan=zz-t07-2016", []string{"zz-t07-2017", "zz-t07-2016"}},
		{"/dashboard?plan=zz-t07-2017", []string{"zz-t07-2017", "zz-t07-2016"}},
	} {
		_, body := boss.get(t, c.path)
		if got := options(body); !slices.Equal(got, c.want) {
			t.Errorf("%s offers %v, want %v", c.path, got, c.want)
		}
	}
	// The plans page still lists every plan.
	if _, body := boss.get(t, "/plans"); strings.Count(body, `href="/plans/zz-t`) < 42 {
		t.Error("the plans page lost plans")
	}
}
