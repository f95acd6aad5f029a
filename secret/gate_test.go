package secret_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"dajia"
	"dajia/secret"
)

// TestHashingNeverRunsMoreThanTheGateAllows: forty hashes and checks asked
// for at once run at most the gate's size at a time, counted from inside
// the work itself, and all of them finish.
func TestHashingNeverRunsMoreThanTheGateAllows(t *testing.T) {
	gate := secret.NewGate(2, 10*time.Second)
	h := secret.Hasher{Memory: 4 * 1024, Time: 1, Threads: 1, Gate: gate}
	encoded := h.Hash("Gangkou#2017")
	var running, most atomic.Int32
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			var err error
			if i%2 == 0 {
				err = gate.Do(context.Background(), func() {
					n := running.Add(1)
					for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
					}
					secret.Verify(encoded, "wrong")
					running.Add(-1)
				})
			} else if i%4 == 1 {
				_, err = h.Verify(context.Background(), encoded, "Gangkou#2017")
			} else {
				_, err = h.HashContext(context.Background(), "Gangkou#2017")
			}
			if err != nil {
				t.Error(err)
			}
		}()
	}
	close(start)
	wg.Wait()
	if m := most.Load(); m < 1 || m > 2 {
		t.Fatalf("%d ran at once inside the gate of 2", m)
	}
	if p := gate.Peak(); p > 2 {
		t.Fatalf("the gate let %d in at once", p)
	}
}

// TestHashingAnswersBusyAfterTheWait: with every slot taken, a hash gives up
// after the wait with a busy error and does not run; a cancelled request
// gives up at once.
func TestHashingAnswersBusyAfterTheWait(t *testing.T) {
	gate := secret.NewGate(1, 80*time.Millisecond)
	h := secret.Hasher{Memory: 1024, Time: 1, Threads: 1, Gate: gate}
	taken, release := make(chan struct{}), make(chan struct{})
	go gate.Do(context.Background(), func() { close(taken); <-release })
	<-taken
	t0 := time.Now()
	ok, err := h.Verify(context.Background(), h.Hash("x"), "x")
	if ok || dajia.ErrorCode(err) != dajia.Busy || time.Since(t0) < 80*time.Millisecond {
		t.Fatalf("ok %v, err %v after %s", ok, err, time.Since(t0))
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := h.HashContext(ctx, "x"); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: %v", err)
	}
	close(release)
	if ok, err := h.Verify(context.Background(), h.Hash("x"), "x"); !ok || err != nil {
		t.Fatalf("after the slot freed: %v %v", ok, err)
	}
}
