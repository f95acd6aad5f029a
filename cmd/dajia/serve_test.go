package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	neturl "net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"dajia/store/storetest"
)

func TestServeLoadsTheReferencePlanOnFirstStartAndStandsOnToday(t *testing.T) {
	db := storetest.DSN(t)
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan int)
	go func() {
		done <- Main(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--today", "2017-10-20", "--db", db}, strings.NewReader(""), pw, io.Discard)
		pw.Close()
	}()
	br := bufio.NewReader(pr)
	var printed, url string
	for url == "" {
		line, err := br.ReadString('\n')
		if err != nil {
			t.Fatalf("serve printed %q: %v", printed, err)
		}
		printed += line
		if u := regexp.MustCompile(`http://127\.0\.0\.1:\d+/`).FindString(line); u != "" && strings.Contains(line, "2017-10-20") {
			url = u
		}
	}
	go io.Copy(io.Discard, pr)
	m := regexp.MustCompile(`系统管理员账号 admin，初始密码 (\S+)`).FindStringSubmatch(printed)
	if m == nil {
		t.Fatalf("the first start must print the administrator's password: %q", printed)
	}
	// The printed password signs in, and the first page is the forced change.
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	resp0, err := c.PostForm(url+"login", neturl.Values{"name": {"admin"}, "password": {m[1]}})
	if err != nil {
		t.Fatal(err)
	}
	resp0.Body.Close()
	if resp0.Request.URL.Path != "/account/password" {
		t.Fatalf("after the first login: %s", resp0.Request.URL)
	}
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(b), "2017年中山市港口镇打假工作方案") || !strings.Contains(string(b), "2017年10月20日") {
		t.Fatalf("home: %d", resp.StatusCode)
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
	// A second start finds the plan and does not import it again.
	code, out, _ := run(t, "", "--db", db, "plan", "list")
	if code != 0 || strings.Count(out, "zs-gangkou-2017") != 1 {
		t.Fatalf("list after serve: %s", out)
	}
}

func TestServeRefusesBadToday(t *testing.T) {
	code, _, errs := run(t, "", "serve", "--today", "2017-13-01", "--db", storetest.DSN(t))
	if code != 2 || !strings.Contains(errs, "--today") {
		t.Fatalf("%d %s", code, errs)
	}
}
