package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"dajia"
	"dajia/secret"
	"dajia/web"
)

// TestSignInNeverRedirectsOffSite sends the known open-redirect bypasses as
// next=, as a link would carry them (decoded once by the server) and
// encoded once more, through a real sign-in: each ends at the landing page,
// and the login form does not carry it on either.
func TestSignInNeverRedirectsOffSite(t *testing.T) {
	s := newSite(t, "2017-09-15")
	bad := []string{
		"//evil.com", "///evil.com", "////evil.com", "/\\evil.com", "/%5Cevil.com", "\\\\evil.com", "/%5C%5Cevil.com",
		"/%09/evil.com", "/%0A/evil.com", "/%0D/evil.com", "/%0d%0aSet-Cookie:%20x=1", "%0d%0a/evil.com", "/%00/evil.com",
		"/%2F/evil.com", "/%2f%2fevil.com", "/%252F/evil.com", "/%25252F%25252Fevil.com",
		"https://evil.com", "http:evil.com", "https:/evil.com", "//evil.com/%2F..", "javascript:alert(1)", "JavaScript:alert(1)",
		"data:text/html,<script>alert(1)</script>", "evil.com", ".//evil.com", "/.//evil.com", "/./evil.com", "/../evil.com",
		"/%2e%2e//evil.com", "/%2E/%2Fevil.com", "/a/..//evil.com", "/ /evil.com%20%2F%2F", "/%E2%80%AE//evil.com",
		" //evil.com", "/%7F/evil.com", "/%C2%85/evil.com",
	}
	for _, next := range bad {
		for _, raw := range []string{next, url.QueryEscape(next)} {
			s.resetTipLimit() // the per-address limit of sign-ins
			c := s.client(t)
			c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
			_, form := c.get(t, "/login?next="+url.QueryEscape(raw))
			if !strings.Contains(form, `name="next" value=""`) {
				t.Errorf("next=%s: the login form carries it on", raw)
			}
			r, body := c.postRaw(t, "/login", "name=office&password=Gangkou%232017&next="+raw)
			if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/" {
				t.Errorf("next=%s: %d to %q, want the landing page\n%s", raw, r.StatusCode, r.Header.Get("Location"), body)
			}
		}
	}
	// Paths on the site are kept.
	for next, want := range map[string]string{
		"/reports": "/reports",
		"/reports/period?plan=zs-gangkou-2017&period=2017-08": "/reports/period?plan=zs-gangkou-2017&period=2017-08",
		"/tips?q=%E7%99%BD%E9%85%92":                          "/tips?q=%E7%99%BD%E9%85%92",
		"/plans/zs-gangkou-2017/units/gsfj":                   "/plans/zs-gangkou-2017/units/gsfj",
	} {
		s.resetTipLimit()
		c := s.client(t)
		c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		r, _ := c.post(t, "/login", url.Values{"name": {"office"}, "password": {"Gangkou#2017"}, "next": {next}})
		if r.Header.Get("Location") != want {
			t.Errorf("next=%s went to %q", next, r.Header.Get("Location"))
		}
	}
}

// postRaw posts a form body as given, without encoding it again.
func (c *browserClient) postRaw(t testing.TB, path, body string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", c.base+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// gatedSite is a second server on s's database whose password hashing goes
// through gate, behind a trusted proxy so that each request may come from
// its own address.
func gatedSite(t *testing.T, s *site, gate *secret.Gate) *httptest.Server {
	t.Helper()
	h := secret.Hasher{Memory: 8 * 1024, Time: 1, Threads: 1, Gate: gate} // a few ms a hash, so that sign-ins overlap
	srv, err := web.New(web.Config{App: testApp(t, s.db, dajia.FixedDayClock{Day: dajia.MustDate("2017-09-15")}),
		Log: slog.New(slog.NewTextHandler(testLog{t}, &slog.HandlerOptions{Level: slog.LevelError})), Hasher: h,
		TrustProxy: true})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts
}

func signInFrom(ts *httptest.Server, name, password, addr string) (*http.Response, error) {
	req, _ := http.NewRequest("POST", ts.URL+"/login", strings.NewReader(url.Values{"name": {name}, "password": {password}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-For", addr)
	resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	if err == nil {
		resp.Body.Close()
	}
	return resp, err
}

// TestParallelSignInsNeverHashMoreThanTheGateAllows: twenty sign-ins at
// once, right and wrong passwords and unknown names, from twenty
// addresses; at most the gate's size of argon2id hashes (64 MiB each in
// production) ever run at once, and every sign-in is answered.
func TestParallelSignInsNeverHashMoreThanTheGateAllows(t *testing.T) {
	s := newSite(t, "2017-09-15")
	for i := range 10 {
		s.user(t, fmt.Sprintf("u%d", i), dajia.RoleLeader, "", false)
	}
	gate := secret.NewGate(2, secret.DefaultHashWait)
	ts := gatedSite(t, s, gate)
	start := make(chan struct{})
	var wg sync.WaitGroup
	status := make([]int, 20)
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			name, pw := fmt.Sprintf("u%d", i%10), "Gangkou#2017"
			if i%2 == 1 {
				pw = "wrong"
			}
			if i%5 == 4 {
				name = fmt.Sprintf("nobody%d", i)
			}
			r, err := signInFrom(ts, name, pw, fmt.Sprintf("10.1.0.%d", i+1))
			if err != nil {
				t.Error(err)
				return
			}
			status[i] = r.StatusCode
		}()
	}
	close(start)
	wg.Wait()
	for i, st := range status {
		if st != http.StatusSeeOther && st != http.StatusUnauthorized {
			t.Errorf("sign-in %d answered %d", i, st)
		}
	}
	if p := gate.Peak(); p < 1 || p > gate.Size() {
		t.Fatalf("%d hashes ran at once, the gate allows %d", p, gate.Size())
	}
}

// TestSignInAnswersBusyWhenNoHashingSlotFrees: while every slot is taken
// beyond the wait, a sign-in is answered 503 in the page's words, and the
// attempt does not count towards the lockout.
func TestSignInAnswersBusyWhenNoHashingSlotFrees(t *testing.T) {
	s := newSite(t, "2017-09-15")
	gate := secret.NewGate(1, 50*time.Millisecond)
	ts := gatedSite(t, s, gate)
	taken, release := make(chan struct{}), make(chan struct{})
	go gate.Do(context.Background(), func() { close(taken); <-release })
	<-taken
	req, _ := http.NewRequest("POST", ts.URL+"/login", strings.NewReader("name=office&password=Gangkou%232017"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(b), "服务器繁忙，请稍后再试") || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("%d %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	if u, _ := s.db.UserByName(context.Background(), "office"); u.FailedLogins != 0 {
		t.Fatalf("a busy answer counted as a failure: %d", u.FailedLogins)
	}
	close(release)
	if r, err := signInFrom(ts, "office", "Gangkou#2017", "10.2.0.1"); err != nil || r.StatusCode != http.StatusSeeOther {
		t.Fatalf("after the slot freed: %v %v", r, err)
	}
}
