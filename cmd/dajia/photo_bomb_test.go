package main

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"dajia/photo/phototest"
	"dajia/store/storetest"
)

// vmHWM is the peak resident memory of a process, from /proc.
func vmHWM(t *testing.T, pid int) int64 {
	t.Helper()
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		t.Skipf("no /proc here: %v", err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb << 10
		}
	}
	t.Fatal("no VmHWM in /proc status")
	return 0
}

// The real server, as started in production, under twenty parallel public
// submissions of five photos each from twenty addresses: ten of
// decompression bombs, ten of heavy honest photos. Bombs are refused with
// 400, heavy photos are stored (201) or the sender is asked to come back
// (503): the photos wait in temporary files and are worked on one
// submission at a time. The peak resident memory of the process stays
// under 300 MB, and the home page answers meanwhile.
func TestPhotoFloodKeepsTheServerUnder300MB(t *testing.T) {
	if testing.Short() {
		t.Skip("a load test")
	}
	bin := dajiaBinary(t)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	srv := startServe(t, ctx, bin, "--today", "2017-10-20", "--trust-proxy", "--db", storetest.DSN(t), "--key", filepath.Join(t.TempDir(), "dajia.key"))

	body := func(photos ...[]byte) ([]byte, string) {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		for k, v := range map[string]string{"kind": "投诉", "category": "灯具", "stage": "销售", "business_name": "港口镇某灯饰商行",
			"address": "港口镇某路 1 号", "village": "胜隆社区", "description": "购买的台灯没有3C标志，使用一周后冒烟，商家拒绝退货。",
			"contact_name": "张三", "contact_phone": "13912345678"} {
			mw.WriteField(k, v)
		}
		for i, p := range photos {
			fw, _ := mw.CreateFormFile("photos", "p"+strconv.Itoa(i)+".jpg")
			fw.Write(p)
		}
		mw.Close()
		return b.Bytes(), mw.FormDataContentType()
	}
	bomb, deep := phototest.BombPNG(40_000_000, 1), phototest.BombPNG(4000, 4000)
	heavy := phototest.NoisyJPEG(3600, 2700, 40)
	bombs, bombType := body(bomb, deep, bomb, deep, bomb)
	honest, honestType := body(heavy, heavy, heavy, heavy, heavy)
	t.Logf("bombs %d KB, honest %d KB a submission", len(bombs)>>10, len(honest)>>10)

	client := &http.Client{Timeout: 60 * time.Second}
	var mu sync.Mutex
	statuses := map[string]map[int]int{"bombs": {}, "honest": {}}
	var wg sync.WaitGroup
	for i := range 20 {
		kind, data, ctype := "bombs", bombs, bombType
		if i%2 == 1 {
			kind, data, ctype = "honest", honest, honestType
		}
		wg.Go(func() {
			req, _ := http.NewRequestWithContext(ctx, "POST", srv.url+"tip", bytes.NewReader(data))
			req.Header.Set("Content-Type", ctype)
			req.Header.Set("X-Forwarded-For", "203.0.113."+strconv.Itoa(i+1))
			resp, err := client.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			mu.Lock()
			statuses[kind][resp.StatusCode]++
			mu.Unlock()
		})
	}
	var slowest time.Duration
	for range 10 {
		start := time.Now()
		resp, err := client.Get(srv.url)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("GET / during the uploads: %d", resp.StatusCode)
		}
		slowest = max(slowest, time.Since(start))
		time.Sleep(200 * time.Millisecond)
	}
	wg.Wait()
	peak := vmHWM(t, srv.cmd.Process.Pid)
	t.Logf("statuses %v; slowest GET / %v; peak RSS %d MB", statuses, slowest, peak>>20)
	if slowest > 2*time.Second {
		t.Errorf("the home page took %v during the flood", slowest)
	}
	if statuses["bombs"][http.StatusBadRequest] != 10 {
		t.Errorf("bombs answered %v, want 400 ten times", statuses["bombs"])
	}
	for code, n := range statuses["honest"] {
		if code != http.StatusCreated && code != http.StatusServiceUnavailable {
			t.Errorf("honest photos answered %d %d times, want 201 or 503", code, n)
		}
	}
	if statuses["honest"][http.StatusCreated] == 0 {
		t.Errorf("no honest submission was stored: %v", statuses["honest"])
	}
	if peak > 300<<20 {
		t.Errorf("peak RSS %d MB, over 300 MB", peak>>20)
	}
}
