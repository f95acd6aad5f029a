package secret

import (
	"context"
	"runtime"
	"sync/atomic"
	"time"

	"dajia"
)

// Gate bounds how many password hashes run at once. Each argon2id hash
// holds Hasher.Memory (64 MiB by default) while it runs, so twenty sign-ins
// at once would hold 1.3 GB; through a gate sized to the processors they
// hold a few hundred megabytes at most and queue for the rest, since more
// hashes at once would not finish sooner anyway. A caller that gets no
// slot within the wait is answered busy rather than queued for ever.
type Gate struct {
	slots chan struct{}
	wait  time.Duration
	inUse atomic.Int64
	peak  atomic.Int64
}

// DefaultHashWait is how long a hash waits for a slot before the request
// is answered busy: far above the queue of a busy office, short enough that
// a flood is refused before its requests pile up.
const DefaultHashWait = 5 * time.Second

// NewGate lets n hashes run at once (at least one); a hash waits at most
// wait for a slot.
func NewGate(n int, wait time.Duration) *Gate {
	return &Gate{slots: make(chan struct{}, max(n, 1)), wait: wait}
}

// DefaultGate has one slot per processor.
func DefaultGate() *Gate { return NewGate(runtime.NumCPU(), DefaultHashWait) }

// Size is how many hashes may run at once.
func (g *Gate) Size() int { return cap(g.slots) }

// Peak is the most hashes that ran at once since the gate was made.
func (g *Gate) Peak() int { return int(g.peak.Load()) }

// ErrBusy answers a request whose hash found no slot in time.
func ErrBusy() error {
	return dajia.Errorf(dajia.Busy, "", "服务器繁忙，请稍后再试", "the server is busy; please try again in a moment")
}

// Do runs fn in a slot. It returns ErrBusy when no slot frees up within the
// gate's wait, and ctx's error when the request goes away first; fn has
// not run then. A nil gate runs fn at once.
func (g *Gate) Do(ctx context.Context, fn func()) error {
	if g != nil {
		t := time.NewTimer(g.wait)
		defer t.Stop()
		select {
		case g.slots <- struct{}{}:
		case <-t.C:
			return ErrBusy()
		case <-ctx.Done():
			return ctx.Err()
		}
		defer func() { <-g.slots }()
		n := g.inUse.Add(1)
		defer g.inUse.Add(-1)
		for p := g.peak.Load(); n > p && !g.peak.CompareAndSwap(p, n); p = g.peak.Load() {
		}
	}
	fn()
	return nil
}
