// Package bound limits how many of one kind of costly work run at once
// (password hashes, photo decoding). A caller waits for a slot up to a
// deadline and is answered busy after it, rather than queued for ever:
// under a flood the work in memory stays at the number of slots.
package bound

import (
	"context"
	"sync/atomic"
	"time"

	"dajia"
)

// Slots is a counting semaphore with a wait and a busy answer.
type Slots struct {
	ch    chan struct{}
	wait  time.Duration
	busy  dajia.Error // the answer when no slot frees up in time
	inUse atomic.Int64
	peak  atomic.Int64
}

// New lets n (at least one) run at once; a caller waits at most wait for a
// slot and is then answered busy, a dajia.Busy error in the caller's words.
func New(n int, wait time.Duration, busy dajia.Error) *Slots {
	busy.Code = dajia.Busy
	return &Slots{ch: make(chan struct{}, max(n, 1)), wait: wait, busy: busy}
}

// Size is how many may run at once.
func (s *Slots) Size() int { return cap(s.ch) }

// Peak is the most that ran at once since the slots were made.
func (s *Slots) Peak() int { return int(s.peak.Load()) }

// Acquire takes a slot, waiting at most the slots' wait and no longer than
// ctx lives. The release it returns frees the slot; calling it more than
// once frees it once. A nil Slots never waits.
func (s *Slots) Acquire(ctx context.Context) (release func(), err error) {
	if s == nil {
		return func() {}, nil
	}
	t := time.NewTimer(s.wait)
	defer t.Stop()
	select {
	case s.ch <- struct{}{}:
	case <-t.C:
		return nil, s.refuse(context.DeadlineExceeded)
	case <-ctx.Done():
		return nil, s.refuse(ctx.Err())
	}
	n := s.inUse.Add(1)
	for p := s.peak.Load(); n > p && !s.peak.CompareAndSwap(p, n); p = s.peak.Load() {
	}
	var once atomic.Bool
	return func() {
		if once.CompareAndSwap(false, true) {
			s.inUse.Add(-1)
			<-s.ch
		}
	}, nil
}

// Do runs fn in a slot; when no slot is had, fn does not run.
func (s *Slots) Do(ctx context.Context, fn func()) error {
	release, err := s.Acquire(ctx)
	if err != nil {
		return err
	}
	defer release()
	fn()
	return nil
}

func (s *Slots) refuse(cause error) error {
	e := s.busy
	e.Err = cause
	return &e
}
