package bound

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"dajia"
)

var busy = dajia.Error{Message: "繁忙"}

func TestNoMoreThanTheSlotsRunAtOnce(t *testing.T) {
	s := New(3, time.Minute, busy)
	var active, peak atomic.Int32
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := s.Do(context.Background(), func() {
				n := active.Add(1)
				for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
				}
				time.Sleep(5 * time.Millisecond)
				active.Add(-1)
			})
			if err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if peak.Load() != 3 || s.Peak() != 3 {
		t.Fatalf("%d (counted %d) ran at once, want exactly 3", peak.Load(), s.Peak())
	}
}

func TestNoSlotInTimeIsBusyAndFnDoesNotRun(t *testing.T) {
	for _, tt := range []struct {
		name string
		wait time.Duration
		ctx  func() (context.Context, context.CancelFunc)
	}{
		{"the wait ends", 20 * time.Millisecond, func() (context.Context, context.CancelFunc) { return context.WithCancel(context.Background()) }},
		{"the request ends", time.Hour, func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), 20*time.Millisecond)
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := New(1, tt.wait, busy)
			release, err := s.Acquire(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := tt.ctx()
			defer cancel()
			ran := false
			err = s.Do(ctx, func() { ran = true })
			if dajia.ErrorCode(err) != dajia.Busy || ran || dajia.ErrorOf(err).Message != "繁忙" {
				t.Fatalf("err %v, ran %v", err, ran)
			}
			release()
			release() // a second release frees nothing more
			if err := s.Do(context.Background(), func() { ran = true }); err != nil || !ran {
				t.Fatalf("after release: %v %v", err, ran)
			}
			if len(s.ch) != 0 {
				t.Fatalf("%d slots still held", len(s.ch))
			}
		})
	}
}
