package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	neturl "net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"dajia/store/storetest"
)

// The demo says what it will do, fills an empty database, leaves an audit
// trail that verifies, and refuses a database that holds work unless
// forced.
func TestDemoFillsOnceAndRefusesADatabaseWithWork(t *testing.T) {
	db := storetest.DSN(t)
	key := filepath.Join(t.TempDir(), "demo.key")
	code, out, errs := run(t, "", "--db", db, "--key", key, "demo", "--volume", "0.1", "--seed", "5")
	if code != 0 || !strings.Contains(out, "将在数据库") || !strings.Contains(out, "中山市港口镇一年") || !strings.Contains(out, "已生成") {
		t.Fatalf("demo: %d\n%s\n%s", code, out, errs)
	}
	for _, name := range []string{"office", "leader", "zjfj-officer", "zjfj-head", "gsfj-officer", "gsfj-head", "gsfj-supervisor", "sysadmin", "secadmin", "auditor"} {
		if !regexp.MustCompile(`(?m)^` + name + `\s+\S{12,}\s`).MatchString(out) {
			t.Errorf("the account %s and its password are not printed:\n%s", name, out)
		}
	}
	if code, out, errs := run(t, "", "--db", db, "--key", key, "audit", "verify"); code != 0 {
		t.Fatalf("audit verify after the demo: %d %s %s", code, out, errs)
	}
	code, out, errs = run(t, "", "--db", db, "--key", key, "demo", "--volume", "0.1")
	if code != 2 || !strings.Contains(errs, "已有工作记录") || strings.Contains(out, "已生成") {
		t.Fatalf("a second demo: %d\n%s\n%s", code, out, errs)
	}
	if code, _, errs := run(t, "", "--db", db, "--key", key, "demo", "--scale", "county"); code != 2 || !strings.Contains(errs, "--scale") {
		t.Fatalf("a bad scale: %d %s", code, errs)
	}
}

// serve --demo fills an empty database, prints the accounts, stands on a
// day of the demo year, and a printed account signs in over HTTP and
// lands on its to-do list.
func TestServeDemoFillsAndSignsInWithAPrintedAccount(t *testing.T) {
	db := storetest.DSN(t)
	key := filepath.Join(t.TempDir(), "demo.key")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan int)
	go func() {
		done <- Main(ctx, []string{"serve", "--demo", "--demo-volume", "0.3", "--addr", "127.0.0.1:0", "--db", db, "--key", key}, strings.NewReader(""), pw, io.Discard)
		pw.Close()
	}()
	br := bufio.NewReader(pr)
	var printed, url string
	for url == "" {
		line, err := br.ReadString('\n')
		if err != nil {
			t.Fatalf("serve --demo printed %q: %v", printed, err)
		}
		printed += line
		if u := regexp.MustCompile(`http://127\.0\.0\.1:\d+/`).FindString(line); u != "" && strings.Contains(line, "2017-12-20") {
			url = u
		}
	}
	go io.Copy(io.Discard, pr)
	m := regexp.MustCompile(`(?m)^zjfj-officer\s+(\S+)\s`).FindStringSubmatch(printed)
	if m == nil {
		t.Fatalf("serve --demo printed no account: %q", printed)
	}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	resp, err := c.PostForm(url+"login", neturl.Values{"name": {"zjfj-officer"}, "password": {m[1]}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Request.URL.Path != "/" || !strings.Contains(string(b), "质监分局") {
		t.Fatalf("after signing in: %d %s\n%.2000s", resp.StatusCode, resp.Request.URL, b)
	}
	resp, err = c.Get(url + "cases")
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(b), "中港质监罚〔2017〕") {
		t.Fatalf("the unit's cases: %d\n%.2000s", resp.StatusCode, b)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("serve exited %d", code)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
	// A second start serves the same data without filling it again.
	code, out, errs := run(t, "", "--db", db, "--key", key, "demo", "--volume", "0.1")
	if code != 2 || !strings.Contains(errs, "已有工作记录") {
		t.Fatalf("the demo database after serve --demo: %d %s %s", code, out, errs)
	}
}

// A database with real accounts is no demo's: serve --demo neither fills
// it nor starts on it, dajia demo fills it only when forced, and the page
// bench does not run on it.
func TestDemoLeavesARealDatabaseAlone(t *testing.T) {
	db := storetest.DSN(t)
	key := filepath.Join(t.TempDir(), "real.key")
	if code, _, errs := run(t, "Gangkou#2017\n", "--db", db, "--key", key, "user", "add", "zhang", "--role", "office", "--password-stdin"); code != 0 {
		t.Fatal(errs)
	}
	code, out, errs := run(t, "", "--db", db, "--key", key, "serve", "--demo", "--addr", "127.0.0.1:0")
	if code != 2 || !strings.Contains(errs, "不是演示数据库") || strings.Contains(out, "将在数据库") {
		t.Fatalf("serve --demo on a real database: %d\n%s\n%s", code, out, errs)
	}
	code, out, errs = run(t, "", "--db", db, "--key", key, "demo", "--volume", "0.1")
	if code != 2 || !strings.Contains(errs, "已有账号或工作记录") || strings.Contains(out, "已生成") {
		t.Fatalf("demo on a real database: %d\n%s\n%s", code, out, errs)
	}
	if code, out, errs := run(t, "", "--db", db, "--key", key, "user", "list"); code != 0 || strings.Contains(out, "sysadmin") || !strings.Contains(out, "zhang") {
		t.Fatalf("accounts after the refusals: %d\n%s\n%s", code, out, errs)
	}
}
