package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	neturl "net/url"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"dajia/store/storetest"
)

// serveProcess is dajia serve running as a child process.
type serveProcess struct {
	cmd    *exec.Cmd
	url    string
	stderr *syncBuffer
	done   chan struct{} // closed when the process has exited
}

// syncBuffer collects a child's log for failure messages.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServe starts `dajia serve` on a free port and waits for the address
// it prints.
func startServe(t *testing.T, ctx context.Context, bin string, args ...string) *serveProcess {
	t.Helper()
	cmd := exec.CommandContext(ctx, bin, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	cmd.Dir, cmd.Env = t.TempDir(), childEnv()
	p := &serveProcess{cmd: cmd, stderr: &syncBuffer{}, done: make(chan struct{})}
	cmd.Stderr = p.stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if u := regexp.MustCompile(`http://127\.0\.0\.1:\d+/`).FindString(sc.Text()); u != "" {
				select {
				case urls <- u:
				default:
				}
			}
		}
		cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-p.done
	})
	select {
	case p.url = <-urls:
		return p
	case <-p.done:
		t.Fatalf("dajia serve exited before it listened:\n%s", p.stderr)
	case <-ctx.Done():
		t.Fatalf("dajia serve did not start in time:\n%s", p.stderr)
	}
	return nil
}

// A tip whose tracking code was answered with 201 is in the database: kill
// -9 under load from 64 clients loses none, and the audit chain still
// verifies after the restart. On SQLite this holds only because commits
// reach the disk before the answer (WAL; a process crash, unlike a power
// cut, keeps even synchronous=NORMAL commits), on PostgreSQL because the
// transaction commits before the handler answers.
func TestAcknowledgedTipsSurviveKill9UnderLoad(t *testing.T) {
	bin := dajiaBinary(t)
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	global := []string{"--db", storetest.DSN(t), "--key", filepath.Join(t.TempDir(), "dajia.key")}
	args := append([]string{"--today", "2017-10-20", "--trust-proxy"}, global...)
	srv := startServe(t, ctx, bin, args...)

	const clients = 64
	type ack struct{ code, secret string }
	var (
		mu        sync.Mutex
		acked     []ack
		unexpect  []string
		next      atomic.Int64
		killed    atomic.Bool
		wg        sync.WaitGroup
		transport = &http.Transport{MaxIdleConnsPerHost: clients}
		client    = &http.Client{Timeout: 20 * time.Second, Transport: transport}
	)
	defer transport.CloseIdleConnections()
	for range clients {
		wg.Go(func() {
			for ctx.Err() == nil {
				n := int(next.Add(1))
				status, out, err := postTip(client, srv.url, n)
				switch {
				case err != nil && killed.Load():
					return // the server is gone: this tip was never acknowledged
				case err != nil || status != http.StatusCreated:
					mu.Lock()
					unexpect = append(unexpect, strings.TrimSpace(http.StatusText(status)+" "+errString(err)))
					mu.Unlock()
					return
				}
				code, _ := out["code"].(string)
				secret, _ := out["secret"].(string)
				mu.Lock()
				acked = append(acked, ack{code, secret})
				mu.Unlock()
			}
		})
	}
	// Kill once the load is well under way: a few hundred answers, or five
	// seconds on a slow machine.
	for loadStart := time.Now(); time.Since(loadStart) < 5*time.Second; time.Sleep(20 * time.Millisecond) {
		mu.Lock()
		n, bad := len(acked), len(unexpect)
		mu.Unlock()
		if n >= 400 || bad > 0 {
			break
		}
	}
	killed.Store(true)
	if err := srv.cmd.Process.Kill(); err != nil { // SIGKILL
		t.Fatal(err)
	}
	<-srv.done
	wg.Wait()
	if len(unexpect) > 0 {
		t.Fatalf("%d submissions failed before the kill, first: %s\n%s", len(unexpect), unexpect[0], srv.stderr)
	}
	if len(acked) < clients {
		t.Fatalf("only %d tips were acknowledged before the kill: the load did not get going\n%s", len(acked), srv.stderr)
	}
	inFlight := int(next.Load()) - len(acked)
	t.Logf("killed with %d tips acknowledged and %d in flight, %.1fs in", len(acked), inFlight, time.Since(start).Seconds())

	srv = startServe(t, ctx, bin, args...)
	var lost atomic.Int64
	var firstLost atomic.Value
	jobs := make(chan int)
	for range 16 {
		wg.Go(func() {
			for i := range jobs {
				a := acked[i]
				status, code, err := track(client, srv.url, a.code, a.secret, i)
				if err != nil || status != http.StatusOK || code != a.code {
					lost.Add(1)
					firstLost.CompareAndSwap(nil, a.code+": "+http.StatusText(status)+" "+errString(err))
				}
			}
		})
	}
	for i := range acked {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	if lost.Load() > 0 {
		t.Fatalf("%d of %d acknowledged tips do not track after kill -9, first %v\n%s", lost.Load(), len(acked), firstLost.Load(), srv.stderr)
	}
	srv.cmd.Process.Kill()
	<-srv.done

	cmd := exec.CommandContext(ctx, bin, append(global, "audit", "verify")...)
	cmd.Env = childEnv()
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "审计记录完整") {
		t.Fatalf("audit verify after kill -9: %v\n%s", err, out)
	}
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("the fault test took %s; it must stay within about 30 s", d.Round(time.Second))
	}
}

// track looks a tip up by code and secret through the public API, as the
// i-th distinct client address.
func track(c *http.Client, url, code, secret string, i int) (int, string, error) {
	req, _ := http.NewRequest("GET", url+"api/v1/tips/track?code="+neturl.QueryEscape(code)+"&secret="+neturl.QueryEscape(secret), nil)
	req.Header.Set("X-Forwarded-For", clientIP(1<<23+i))
	resp, err := c.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	var out struct {
		Code string `json:"code"`
	}
	err = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out.Code, err
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
