package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
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
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	go io.Copy(io.Discard, pr)
	url := regexp.MustCompile(`http://127\.0\.0\.1:\d+/`).FindString(line)
	if url == "" || !strings.Contains(line, "2017-10-20") {
		t.Fatalf("serve printed %q", line)
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
