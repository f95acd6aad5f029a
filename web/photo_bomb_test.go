package web_test

import (
	"bytes"
	"context"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"dajia"
	"dajia/photo/phototest"
	"dajia/planfile"
	"dajia/store"
	"dajia/store/storetest"
	"dajia/web"
)

// Twenty parallel public submissions, each with five decompression bombs,
// from twenty addresses (behind a trusted proxy, so that the per-address
// limits do not stop them before the photos are read): every one is refused
// with 400, the heap stays far below the 300 MB target, and the home page
// answers meanwhile.
func TestParallelPhotoBombsAreRefusedAndTheServerKeepsAnswering(t *testing.T) {
	ctx := context.Background()
	clock := dajia.FixedDayClock{Day: dajia.MustDate("2017-09-29")}
	db, err := store.Open(ctx, store.Config{DSN: storetest.DSN(t), Clock: clock, MAC: storetest.Keys().AuditMAC()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ImportPlan(ctx, testActor, planfile.Check(planfile.Reference()).Plan, planfile.Reference()); err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(web.Config{App: testApp(t, db, clock), Log: slog.New(slog.NewTextHandler(testLog{t}, &slog.HandlerOptions{Level: slog.LevelError})),
		Hasher: hasher, TrustProxy: true})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)

	bomb := phototest.BombPNG(40_000_000, 1)
	deep := phototest.BombPNG(4000, 4000) // within width, height and aspect; 122 MB decoded
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range complaint("13912345678") {
		mw.WriteField(k, v)
	}
	for i, p := range [][]byte{bomb, deep, bomb, deep, bomb} {
		fw, _ := mw.CreateFormFile("photos", "p"+strconv.Itoa(i)+".png")
		fw.Write(p)
	}
	mw.Close()
	runtime.GC() // the rows compressed above are the test's, not the server's

	var peak atomic.Uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapAlloc > peak.Load() {
				peak.Store(m.HeapAlloc)
			}
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest("POST", ts.URL+"/tip", bytes.NewReader(body.Bytes()))
			req.Header.Set("Content-Type", mw.FormDataContentType())
			req.Header.Set("X-Forwarded-For", "203.0.113."+strconv.Itoa(i+1))
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusBadRequest {
				t.Errorf("upload %d: %d, want 400", i, resp.StatusCode)
			}
		}()
	}
	for range 5 {
		start := time.Now()
		resp, err := http.Get(ts.URL + "/")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 || time.Since(start) > 2*time.Second {
			t.Errorf("GET / during the uploads: %d after %v", resp.StatusCode, time.Since(start))
		}
	}
	wg.Wait()
	close(stop)
	<-sampled
	t.Logf("peak heap during 20 parallel bomb uploads: %d MB", peak.Load()>>20)
	if peak.Load() > 300<<20 {
		t.Errorf("peak heap %d MB, over 300 MB", peak.Load()>>20)
	}
	if tips, _ := db.Tips(ctx, store.TipFilter{}); len(tips) != 0 {
		t.Fatalf("%d refused tips were stored", len(tips))
	}
}
