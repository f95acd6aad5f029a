package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"dajia/store/storetest"
)

func TestServeRefusesUnknownSQLiteSync(t *testing.T) {
	code, _, errs := run(t, "", "serve", "--sqlite-sync", "off", "--db", storetest.DSN(t))
	if code != 2 || !strings.Contains(errs, "--sqlite-sync 应为 full 或 normal") {
		t.Fatalf("%d %s", code, errs)
	}
}

// serveInProcess runs Main serve with args until the benchmark or test
// ends, and returns the URL it prints.
func serveInProcess(tb testing.TB, args ...string) string {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- Main(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), strings.NewReader(""), pw, io.Discard)
		pw.Close()
	}()
	tb.Cleanup(func() { cancel(); <-done })
	br := bufio.NewReader(pr)
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			tb.Fatalf("serve stopped before it printed its address: %v", err)
		}
		if u := regexp.MustCompile(`http://127\.0\.0\.1:\d+/`).FindString(line); u != "" {
			go io.Copy(io.Discard, br)
			return u
		}
	}
}

// tipBody is a public tip as the API takes it.
func tipBody(n int) []byte {
	b, _ := json.Marshal(map[string]any{"kind": "举报", "category": "食品", "stage": "销售",
		"description": fmt.Sprintf("小卖部销售假冒食用油，标签模糊（第 %d 条）。", n), "business": map[string]string{"name": "某小卖部"}})
	return b
}

// postTip submits a tip as the n-th distinct client address (behind a
// trusted proxy) and returns the status and the answer.
func postTip(c *http.Client, url string, n int) (int, map[string]any, error) {
	req, _ := http.NewRequest("POST", url+"api/v1/tips", bytes.NewReader(tipBody(n)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Forwarded-For", clientIP(n))
	resp, err := c.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return resp.StatusCode, nil, err
	}
	return resp.StatusCode, out, nil
}

// clientIP is a distinct address per request, so that the per-address
// limits and the captcha (which protect the real service) stay on.
func clientIP(n int) string { return fmt.Sprintf("10.%d.%d.%d", n>>16&255, n>>8&255, n&255) }

// BenchmarkPublicTipSubmission is the cost of one public tip, end to end
// through the API, with each SQLite synchronous setting:
//
//	go test ./cmd/dajia -run '^$' -bench PublicTipSubmission -benchtime 3s
func BenchmarkPublicTipSubmission(b *testing.B) {
	if os.Getenv(storetest.EnvPostgres) != "" {
		b.Skip("a SQLite setting")
	}
	for _, sync := range []string{"normal", "full"} {
		b.Run("sync="+sync, func(b *testing.B) {
			url := serveInProcess(b, "--db", filepath.Join(b.TempDir(), "dajia.db"), "--today", "2017-10-20", "--trust-proxy", "--sqlite-sync", sync)
			n := 0
			for b.Loop() {
				n++
				code, out, err := postTip(http.DefaultClient, url, n)
				if err != nil || code != http.StatusCreated {
					b.Fatalf("tip %d: %d %v %v", n, code, out, err)
				}
			}
		})
	}
}
