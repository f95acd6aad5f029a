package web_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"dajia"
	"dajia/secret"
	"dajia/store"
	"dajia/store/storetest"
)

// browserClient is an HTTP client with cookies, like a browser.
type browserClient struct {
	*http.Client
	base string
}

func (s *site) client(t testing.TB) *browserClient {
	jar, _ := cookiejar.New(nil)
	return &browserClient{&http.Client{Jar: jar}, s.URL}
}

func (c *browserClient) post(t testing.TB, path string, form url.Values) (*http.Response, string) {
	t.Helper()
	resp, err := c.PostForm(c.base+path, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// getXLSX downloads an Excel file and opens it; anything but a 200 with an
// xlsx body fails the test. The file is closed after the test.
func (c *browserClient) getXLSX(t testing.TB, path string) *excelize.File {
	t.Helper()
	resp, err := c.Get(c.base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Type"), "spreadsheetml") {
		t.Fatalf("%s: %d %s, not an xlsx: %.200s", path, resp.StatusCode, resp.Header.Get("Content-Type"), b)
	}
	x, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: not an xlsx: %v", path, err)
	}
	t.Cleanup(func() { x.Close() })
	return x
}

// sheetRows reads a sheet's rows; a sheet that cannot be read fails the test.
func sheetRows(t testing.TB, x *excelize.File, sheet string) [][]string {
	t.Helper()
	rows, err := x.GetRows(sheet)
	if err != nil {
		t.Fatalf("sheet %s: %v", sheet, err)
	}
	return rows
}

func (c *browserClient) get(t testing.TB, path string) (*http.Response, string) {
	t.Helper()
	resp, err := c.Get(c.base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func (s *site) user(t testing.TB, name string, role dajia.Role, unit string, mustChange bool) dajia.User {
	t.Helper()
	u, err := s.db.CreateUser(context.Background(), dajia.CLIActor("test"), store.NewUser{Name: name, Role: role, Unit: unit,
		PasswordHash: hasher.Hash("Gangkou#2017"), MustChangePassword: mustChange})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// signIn logs a new browser in as name with the standard test password.
func (s *site) signIn(t testing.TB, name string) *browserClient {
	t.Helper()
	c := s.client(t)
	resp, body := c.post(t, "/login", url.Values{"name": {name}, "password": {"Gangkou#2017"}})
	if resp.Request.URL.Path == "/login" {
		t.Fatalf("login of %s failed: %s", name, body)
	}
	return c
}

func TestLoginSetsASafeCookieAndLandsByRole(t *testing.T) {
	s := newSite(t, "2017-09-15")
	s.user(t, "sys", dajia.RoleSysadmin, "", false)
	s.user(t, "aud", dajia.RoleAuditor, "", false)
	for name, want := range map[string]string{"office": "/", "sys": "/admin/users", "aud": "/audit"} {
		c := s.client(t)
		c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		resp, _ := c.post(t, "/login", url.Values{"name": {name}, "password": {"Gangkou#2017"}})
		cookie := resp.Header.Get("Set-Cookie")
		if !strings.Contains(cookie, "HttpOnly") || !strings.Contains(cookie, "SameSite=Lax") || !strings.Contains(cookie, "dajia_session=s_") {
			t.Errorf("cookie %q", cookie)
		}
		c.CheckRedirect = nil
		r2, _ := c.get(t, resp.Header.Get("Location"))
		if r2.Request.URL.Path != want {
			t.Errorf("%s lands on %s, want %s", name, r2.Request.URL.Path, want)
		}
	}
}

func TestWrongPasswordAndUnknownUserLookTheSame(t *testing.T) {
	s := newSite(t, "2017-09-15")
	c := s.client(t)
	r1, b1 := c.post(t, "/login", url.Values{"name": {"office"}, "password": {"wrong"}})
	r2, b2 := c.post(t, "/login", url.Values{"name": {"nobody"}, "password": {"wrong"}})
	msg := regexp.MustCompile(`<p class="alert" role="alert">([^<]*)</p>`)
	m1, m2 := msg.FindStringSubmatch(b1), msg.FindStringSubmatch(b2)
	if r1.StatusCode != 401 || r2.StatusCode != 401 || m1 == nil || m2 == nil || m1[1] != m2[1] {
		t.Fatalf("%d %d %v %v", r1.StatusCode, r2.StatusCode, m1, m2)
	}
}

func TestFirstLoginMustChangePasswordBeforeAnythingElse(t *testing.T) {
	s := newSite(t, "2017-09-15")
	s.user(t, "newbie", dajia.RoleOfficer, "gsfj", true)
	c := s.signIn(t, "newbie")
	for _, p := range []string{"/account", "/"} {
		resp, _ := c.get(t, p)
		if resp.Request.URL.Path != "/account/password" {
			t.Fatalf("%s went to %s", p, resp.Request.URL.Path)
		}
	}
	// A weak or common password is refused with a reason.
	for pw, why := range map[string]string{"short1A": "至少 8 个字符", "alllowercase": "至少 3 种", "Password123": "太常见", "Newbie#2017x": "不能包含用户名"} {
		resp, body := c.post(t, "/account/password", url.Values{"current": {"Gangkou#2017"}, "new": {pw}, "again": {pw}})
		if resp.StatusCode != 400 || !strings.Contains(body, why) {
			t.Errorf("%s: %d, want %q", pw, resp.StatusCode, why)
		}
	}
	long := strings.Repeat("长密码短语Long-1 ", 8) // 64+ characters, accepted whole
	resp, _ := c.post(t, "/account/password", url.Values{"current": {"Gangkou#2017"}, "new": {long}, "again": {long}})
	if resp.Request.URL.Path != "/account" {
		t.Fatalf("after the change: %s", resp.Request.URL.Path)
	}
	// The whole long password is the password: a truncated one is not.
	c2 := s.client(t)
	if r, _ := c2.post(t, "/login", url.Values{"name": {"newbie"}, "password": {long[:60]}}); r.Request.URL.Path != "/login" {
		t.Fatal("a prefix of the password signed in")
	}
	if r, _ := c2.post(t, "/login", url.Values{"name": {"newbie"}, "password": {long}}); r.Request.URL.Path == "/login" {
		t.Fatal("the long password does not sign in")
	}
}

func TestReusedPasswordIsRefused(t *testing.T) {
	s := newSite(t, "2017-09-15")
	c := s.signIn(t, "office")
	resp, body := c.post(t, "/account/password", url.Values{"current": {"Gangkou#2017"}, "new": {"Gangkou#2017"}, "again": {"Gangkou#2017"}})
	if resp.StatusCode != 400 || !strings.Contains(body, "最近 5 次") {
		t.Fatalf("%d", resp.StatusCode)
	}
}

func TestLogoutEndsTheSession(t *testing.T) {
	s := newSite(t, "2017-09-15")
	c := s.signIn(t, "office")
	if r, _ := c.get(t, "/account"); r.Request.URL.Path != "/account" {
		t.Fatal("not signed in")
	}
	jarCookies := c.Jar.Cookies(mustURL(s.URL))
	c.post(t, "/logout", nil)
	if r, _ := c.get(t, "/account"); r.Request.URL.Path != "/login" {
		t.Fatal("still signed in after logout")
	}
	// The old cookie, replayed, is dead too.
	c3 := s.client(t)
	c3.Jar.SetCookies(mustURL(s.URL), jarCookies)
	if r, _ := c3.get(t, "/account"); r.Request.URL.Path != "/login" {
		t.Fatal("a logged-out session cookie still works")
	}
}

func mustURL(s string) *url.URL { u, _ := url.Parse(s); return u }

func TestIdleSessionEndsAfterThirtyMinutes(t *testing.T) {
	clock := storetest.NewClock(time.Date(2017, 9, 15, 9, 0, 0, 0, dajia.ChinaTime))
	s := newSiteWithClock(t, clock)
	c := s.signIn(t, "office")
	clock.Advance(25 * time.Minute)
	if r, _ := c.get(t, "/account"); r.Request.URL.Path != "/account" {
		t.Fatal("ended after 25 minutes")
	}
	clock.Advance(31 * time.Minute)
	if r, _ := c.get(t, "/account"); r.Request.URL.Path != "/login" {
		t.Fatal("still signed in after 31 idle minutes")
	}
}

func TestThreeAdministratorsAreSeparate(t *testing.T) {
	s := newSite(t, "2017-09-15")
	s.user(t, "sys", dajia.RoleSysadmin, "", false)
	s.user(t, "sec", dajia.RoleSecadmin, "", false)
	s.user(t, "aud", dajia.RoleAuditor, "", false)
	sys, sec, aud, office := s.signIn(t, "sys"), s.signIn(t, "sec"), s.signIn(t, "aud"), s.signIn(t, "office")
	refused := []struct {
		who  *browserClient
		name string
		do   func(t *testing.T, c *browserClient) *http.Response
	}{
		{sys, "sysadmin reads the audit trail", func(t *testing.T, c *browserClient) *http.Response { r, _ := c.get(t, "/audit"); return r }},
		{sys, "sysadmin edits the security policy", func(t *testing.T, c *browserClient) *http.Response { r, _ := c.get(t, "/admin/security"); return r }},
		{sys, "sysadmin grants an administrator role", func(t *testing.T, c *browserClient) *http.Response {
			r, _ := c.post(t, "/admin/users", url.Values{"name": {"x2"}, "role": {"auditor"}})
			return r
		}},
		{sec, "secadmin creates accounts", func(t *testing.T, c *browserClient) *http.Response {
			r, _ := c.post(t, "/admin/users", url.Values{"name": {"x3"}, "role": {"leader"}})
			return r
		}},
		{sec, "secadmin reads the audit trail", func(t *testing.T, c *browserClient) *http.Response { r, _ := c.get(t, "/audit"); return r }},
		{aud, "auditor manages users", func(t *testing.T, c *browserClient) *http.Response { r, _ := c.get(t, "/admin/users"); return r }},
		{aud, "auditor edits the policy", func(t *testing.T, c *browserClient) *http.Response { r, _ := c.get(t, "/admin/security"); return r }},
		{office, "office reads the audit trail", func(t *testing.T, c *browserClient) *http.Response { r, _ := c.get(t, "/audit"); return r }},
		{office, "office manages users", func(t *testing.T, c *browserClient) *http.Response { r, _ := c.get(t, "/admin/users"); return r }},
	}
	for _, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			if r := tt.do(t, tt.who); r.StatusCode != http.StatusForbidden && r.StatusCode != http.StatusBadRequest {
				t.Errorf("%s: %d", tt.name, r.StatusCode)
			}
		})
	}
	for _, n := range []string{"x2", "x3"} {
		if _, err := s.db.UserByName(context.Background(), n); err == nil {
			t.Errorf("account %s was created", n)
		}
	}
	// The domain rule behind it: no administrator sees business data.
	for _, r := range []dajia.Role{dajia.RoleSysadmin, dajia.RoleSecadmin, dajia.RoleAuditor} {
		a := dajia.Actor{UserID: 1, Role: r}
		if a.Can(dajia.PermBusiness) || a.SeesUnit("gsfj") {
			t.Errorf("%s may see business data", r)
		}
	}
}

func TestSysadminCreatesAccountWithOneTimePassword(t *testing.T) {
	s := newSite(t, "2017-09-15")
	s.user(t, "sys", dajia.RoleSysadmin, "", false)
	sys := s.signIn(t, "sys")
	resp, body := sys.post(t, "/admin/users", url.Values{"name": {"gs-li"}, "display_name": {"李四"}, "role": {"officer"}, "unit": {"工商分局"}})
	m := regexp.MustCompile(`<code class="token">([^<]+)</code>`).FindStringSubmatch(body)
	if resp.StatusCode != 200 || m == nil {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	u, err := s.db.UserByName(context.Background(), "gs-li")
	if err != nil || u.Unit != "gsfj" || !u.MustChangePassword || u.Role != dajia.RoleOfficer {
		t.Fatalf("user = %+v %v", u, err)
	}
	c := s.client(t)
	if r, _ := c.post(t, "/login", url.Values{"name": {"gs-li"}, "password": {htmlUnescape(m[1])}}); r.Request.URL.Path != "/account/password" {
		t.Fatalf("the one-time password leads to %s", r.Request.URL.Path)
	}
	// An officer needs a unit; a bad unit is refused with a reason.
	r2, body2 := sys.post(t, "/admin/users", url.Values{"name": {"x"}, "role": {"officer"}, "unit": {"不存在"}})
	if r2.StatusCode != 400 || !strings.Contains(body2, "没有部门或单位") {
		t.Fatalf("bad unit: %d", r2.StatusCode)
	}
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&#43;", "+", "&#34;", `"`, "&#39;", "'", "&#61;", "=").Replace(s)
}

func TestSecadminChangesRolesUnlocksAndRefusesAWeakerPolicy(t *testing.T) {
	s := newSite(t, "2017-09-15")
	s.user(t, "sec", dajia.RoleSecadmin, "", false)
	target := s.user(t, "zh", dajia.RoleLeader, "", false)
	sec := s.signIn(t, "sec")
	zh := s.signIn(t, "zh")
	if r, _ := sec.post(t, "/admin/users/"+itoa(target.ID)+"/role", url.Values{"role": {"officer"}, "unit": {"zjfj"}}); r.StatusCode != 200 {
		t.Fatalf("role change: %d", r.StatusCode)
	}
	u, _ := s.db.User(context.Background(), target.ID)
	if u.Role != dajia.RoleOfficer || u.Unit != "zjfj" {
		t.Fatalf("user = %+v", u)
	}
	if r, _ := zh.get(t, "/account"); r.Request.URL.Path != "/login" {
		t.Fatal("a role change must end the user's sessions")
	}
	r, body := sec.post(t, "/admin/security", url.Values{"min_length": {"6"}, "min_classes": {"3"}, "expiry_days": {"90"}, "history": {"5"}, "retention_days": {"0"}})
	if r.StatusCode != 400 || !strings.Contains(body, "8 到 128") {
		t.Fatalf("weaker policy: %d", r.StatusCode)
	}
	r, body = sec.post(t, "/admin/security", url.Values{"min_length": {"12"}, "min_classes": {"4"}, "expiry_days": {"60"}, "history": {"10"}, "retention_days": {"90"}})
	if p, _ := s.db.PasswordPolicy(context.Background()); r.StatusCode != 400 || !strings.Contains(body, "至少保存 180 天") || p.MinLength != 8 {
		t.Fatalf("a 90-day retention must be refused and nothing saved: %d %+v", r.StatusCode, p)
	}
	r, _ = sec.post(t, "/admin/security", url.Values{"min_length": {"12"}, "min_classes": {"4"}, "expiry_days": {"60"}, "history": {"10"}, "retention_days": {"365"}})
	p, _ := s.db.PasswordPolicy(context.Background())
	keep, _ := s.db.AuditRetentionDays(context.Background())
	if r.StatusCode != 200 || p.MinLength != 12 || p.History != 10 || keep != 365 {
		t.Fatalf("stricter policy not saved: %+v %d", p, keep)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestAnotherUsersSessionOrTokenIsNotFound(t *testing.T) {
	s := newSite(t, "2017-09-15")
	s.user(t, "a1", dajia.RoleOfficer, "gsfj", false)
	s.user(t, "b1", dajia.RoleOfficer, "zjfj", false)
	a := s.signIn(t, "a1")
	s.signIn(t, "b1")
	bUser, _ := s.db.UserByName(context.Background(), "b1")
	sessions, _ := s.db.Sessions(context.Background(), bUser.ID)
	tokens, _ := s.db.Tokens(context.Background(), 1) // the office's token
	if len(sessions) == 0 || len(tokens) == 0 {
		t.Fatal("setup")
	}
	for _, p := range []string{"/account/sessions/" + itoa(sessions[0].ID) + "/revoke", "/account/tokens/" + itoa(tokens[0].ID) + "/revoke", "/account/sessions/999999/revoke"} {
		if r, _ := a.post(t, p, nil); r.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", p, r.StatusCode)
		}
	}
	if after, _ := s.db.Sessions(context.Background(), bUser.ID); len(after) != len(sessions) {
		t.Fatal("b's session was revoked")
	}
}

func TestAPINeedsAValidToken(t *testing.T) {
	s := newSite(t, "2017-09-15")
	req := func(token string) int {
		r, _ := http.NewRequest("GET", s.URL+"/api/v1/plans", nil)
		if token != "" {
			r.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if req("") != 401 || req("dj_nonsense") != 401 || req(s.token) != 200 {
		t.Fatal("token checks")
	}
	// A session cookie does not open the API (no CSRF through the API).
	c := s.signIn(t, "office")
	if r, _ := c.get(t, "/api/v1/plans"); r.StatusCode != 401 {
		t.Fatalf("cookie on the API: %d", r.StatusCode)
	}
	u, _ := s.db.UserByName(context.Background(), "office")
	s.db.SetDisabled(context.Background(), dajia.Actor{UserID: 999, Name: "sys", Role: dajia.RoleSysadmin}, u.ID, true)
	if req(s.token) != 401 {
		t.Fatal("a disabled account's token still works")
	}
}

func TestTokenCreatedOnTheAccountPageWorksUntilRevoked(t *testing.T) {
	s := newSite(t, "2017-09-15")
	s.user(t, "ld", dajia.RoleLeader, "", false)
	c := s.signIn(t, "ld")
	_, body := c.post(t, "/account/tokens", url.Values{"label": {"大屏"}})
	m := regexp.MustCompile(`<code class="token">(dj_[^<]+)</code>`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no token shown")
	}
	get := func() int {
		r, _ := http.NewRequest("GET", s.URL+"/api/v1/me", nil)
		r.Header.Set("Authorization", "Bearer "+m[1])
		resp, _ := http.DefaultClient.Do(r)
		resp.Body.Close()
		return resp.StatusCode
	}
	if get() != 200 {
		t.Fatal("new token refused")
	}
	u, _ := s.db.UserByName(context.Background(), "ld")
	toks, _ := s.db.Tokens(context.Background(), u.ID)
	c.post(t, "/account/tokens/"+itoa(toks[0].ID)+"/revoke", nil)
	if get() != 401 {
		t.Fatal("revoked token accepted")
	}
}

func TestLoginRateLimitPerAddress(t *testing.T) {
	s := newSite(t, "2017-09-15")
	c := s.client(t)
	var last *http.Response
	for range 21 {
		last, _ = c.post(t, "/login", url.Values{"name": {"nobody"}, "password": {"x"}})
	}
	if last.StatusCode != http.StatusTooManyRequests || last.Header.Get("Retry-After") == "" {
		t.Fatalf("21st attempt: %d, Retry-After %q", last.StatusCode, last.Header.Get("Retry-After"))
	}
}

func TestCrossSiteLoginPostIsRefused(t *testing.T) {
	s := newSite(t, "2017-09-15")
	req, _ := http.NewRequest("POST", s.URL+"/login", strings.NewReader("name=office&password=Gangkou%232017"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 403 || resp.Header.Get("Set-Cookie") != "" {
		t.Fatalf("%d %s", resp.StatusCode, resp.Header.Get("Set-Cookie"))
	}
}

func TestOpenRedirectAfterLoginIsRefused(t *testing.T) {
	s := newSite(t, "2017-09-15")
	for _, next := range []string{"//evil.example/x", "https://evil.example", "/\\evil.example"} {
		c := s.client(t)
		resp, _ := c.post(t, "/login", url.Values{"name": {"office"}, "password": {"Gangkou#2017"}, "next": {next}})
		if resp.Request.URL.Host != mustURL(s.URL).Host {
			t.Errorf("next %q went to %s", next, resp.Request.URL)
		}
	}
}

func TestSecondFactorForOffice(t *testing.T) {
	clock := storetest.NewClock(time.Date(2017, 9, 15, 9, 0, 0, 0, dajia.ChinaTime))
	s := newSiteWithClock(t, clock)
	c := s.signIn(t, "office")
	_, body := c.get(t, "/account/totp")
	m := regexp.MustCompile(`<code class="token">([A-Z2-7]+)</code>`).FindStringSubmatch(body)
	if m == nil || !strings.Contains(body, `src="data:image/png;base64,`) {
		t.Fatal("no key or QR shown")
	}
	key := m[1]
	if r, _ := c.post(t, "/account/totp", url.Values{"code": {"000000"}}); r.StatusCode != 400 {
		t.Fatal("a wrong code enabled the second factor")
	}
	c.post(t, "/account/totp", url.Values{"code": {secret.TOTPCode(key, clock.Now())}})
	if u, _ := s.db.UserByName(context.Background(), "office"); !u.TOTP {
		t.Fatal("second factor not on")
	}
	// Signing in now needs the code; the password alone opens nothing.
	c2 := s.client(t)
	r, _ := c2.post(t, "/login", url.Values{"name": {"office"}, "password": {"Gangkou#2017"}})
	if r.Request.URL.Path != "/login/totp" {
		t.Fatalf("after the password: %s", r.Request.URL.Path)
	}
	if r, _ := c2.get(t, "/account"); r.Request.URL.Path != "/login" {
		t.Fatal("a half-signed-in session opened the account page")
	}
	if r, _ := c2.post(t, "/login/totp", url.Values{"code": {"123456"}}); r.StatusCode != 401 {
		t.Fatalf("wrong code: %d", r.StatusCode)
	}
	r, _ = c2.post(t, "/login/totp", url.Values{"code": {secret.TOTPCode(key, clock.Now())}})
	if r.Request.URL.Path != "/" {
		t.Fatalf("after the code: %s", r.Request.URL.Path)
	}
	recs, _ := s.db.AuditLog(context.Background(), store.AuditFilter{Action: "login"})
	if len(recs) < 3 || recs[0].Action != "login.ok" || recs[1].Result != "failed" {
		t.Fatalf("audit: %+v", recs[:2])
	}
}

func TestAuditorBrowsesFiltersAndExports(t *testing.T) {
	s := newSite(t, "2017-09-15")
	s.user(t, "aud", dajia.RoleAuditor, "", false)
	s.client(t).post(t, "/login", url.Values{"name": {"office"}, "password": {"bad"}})
	aud := s.signIn(t, "aud")
	_, body := aud.get(t, "/audit?action=login.failed")
	if !strings.Contains(body, "登录失败") || strings.Contains(body, "创建账号") {
		t.Fatal("filter by action")
	}
	if r, body := aud.get(t, "/audit?from=2017-02-30"); r.StatusCode != 400 || !strings.Contains(body, "2017-02-30") {
		t.Fatalf("bad date: %d", r.StatusCode)
	}
	rows := sheetRows(t, aud.getXLSX(t, "/audit/export?action=user"), "审计记录")
	if len(rows) != 3 || rows[0][0] != "序号" || rows[1][5] != "创建账号" || rows[2][5] != "创建账号" || !strings.Contains(rows[1][8], "角色：— → 打假办") {
		t.Fatalf("rows = %v", rows)
	}
	recs, _ := s.db.AuditLog(context.Background(), store.AuditFilter{Action: "audit.export"})
	if len(recs) != 1 || recs[0].Actor != "aud" {
		t.Fatal("the export is not audited")
	}
}

func TestAuditTrailRecordsEveryChangeOfThisIssue(t *testing.T) {
	s := newSite(t, "2017-09-15")
	c := s.signIn(t, "office")
	c.post(t, "/account/tokens", url.Values{"label": {"x"}})
	c.post(t, "/logout", nil)
	want := []string{"plan.import", "report.obligations", "user.create", "token.create", "login.ok", "token.create", "logout"}
	recs, _ := s.db.AuditLog(context.Background(), store.AuditFilter{})
	if len(recs) != len(want) {
		t.Fatalf("%d records", len(recs))
	}
	for i, w := range want {
		r := recs[len(recs)-1-i]
		if r.Action != w || r.At.IsZero() {
			t.Errorf("record %d: %s, want %s", i+1, r.Action, w)
		}
	}
	if n, brk, err := s.db.VerifyAudit(context.Background()); err != nil || brk != nil || n != int64(len(want)) {
		t.Fatalf("verify: %d %+v %v", n, brk, err)
	}
}

// Guessing the current password on the change form is limited per address:
// past the limit the answer is 429 with Retry-After, and the form says why.
func TestPasswordChangeRateLimitPerAddress(t *testing.T) {
	s := newSite(t, "2017-09-15")
	s.user(t, "gs-li", dajia.RoleOfficer, "gsfj", false)
	c := s.signIn(t, "gs-li")
	var last *http.Response
	var body string
	for range 11 {
		last, body = c.post(t, "/account/password", url.Values{"current": {"Wrong#2017x"}, "new": {"Gangkou#2018"}, "again": {"Gangkou#2018"}})
	}
	if last.StatusCode != http.StatusTooManyRequests || last.Header.Get("Retry-After") == "" || !strings.Contains(body, "尝试次数过多") {
		t.Fatalf("11th change: %d, Retry-After %q", last.StatusCode, last.Header.Get("Retry-After"))
	}
}
