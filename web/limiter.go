package web

import (
	"container/list"
	"sync"
	"time"

	"dajia"
)

// limiter counts attempts per address in fixed windows; it protects the
// login and public forms from one address hammering them. Its cost does not
// grow with the addresses it has seen: windows expire in the order they
// began, so they sit in a list by start and the expired ones fall off its
// front, a few at each call; and it holds at most limiterCap addresses, the
// oldest window giving way when a new address comes to a full table, so
// that a flood from countless addresses (IPv6 makes them cheap) costs a
// bounded memory and constant time per request.
type limiter struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	cap    int
	seen   map[string]*list.Element // of *window
	order  *list.List               // windows by start, oldest first
}

type window struct {
	addr  string
	start time.Time
	n     int
}

// limiterCap bounds the addresses a limiter remembers.
const limiterCap = 100_000

func newLimiter(max int, per time.Duration) *limiter {
	return &limiter{max: max, window: per, cap: limiterCap, seen: map[string]*list.Element{}, order: list.New()}
}

// take records an attempt; past the limit it answers TooMany.
func (l *limiter) take(addr string, now time.Time) error {
	if l.allow(addr, now) {
		return nil
	}
	return l.refuse(addr, now, "尝试次数过多，请稍后再试")
}

// refuse is the answer to an address past the limit: TooMany with the time
// left in the address's window as RetryAfter, so that it goes through the
// error table (429 with Retry-After) like every other error.
func (l *limiter) refuse(addr string, now time.Time, zh string) error {
	l.mu.Lock()
	retry := l.window
	if w := l.current(addr, now); w != nil {
		retry = w.start.Add(l.window).Sub(now)
	}
	l.mu.Unlock()
	e := &dajia.Error{Code: dajia.TooMany, Message: zh}
	e.RetryAfter = max(retry, time.Second)
	return e
}

// allow records an attempt and reports whether it is within the limit.
func (l *limiter) allow(addr string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.expire(now)
	w := l.current(addr, now)
	if w == nil {
		if e, ok := l.seen[addr]; ok { // its window is over: a new one, at the back
			l.order.Remove(e)
			delete(l.seen, addr)
		}
		for len(l.seen) >= l.cap {
			oldest := l.order.Front()
			l.order.Remove(oldest)
			delete(l.seen, oldest.Value.(*window).addr)
		}
		w = &window{addr: addr, start: now}
		l.seen[addr] = l.order.PushBack(w)
	}
	w.n++
	return w.n <= l.max
}

// count is how many attempts the address has made in its window.
func (l *limiter) count(addr string, now time.Time) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	if w := l.current(addr, now); w != nil {
		return w.n
	}
	return 0
}

// current is the address's window if it is still open.
func (l *limiter) current(addr string, now time.Time) *window {
	if e, ok := l.seen[addr]; ok {
		if w := e.Value.(*window); now.Sub(w.start) <= l.window {
			return w
		}
	}
	return nil
}

// expire drops a few windows that are over from the front, so that the
// work is spread over the calls.
func (l *limiter) expire(now time.Time) {
	for range 8 {
		e := l.order.Front()
		if e == nil {
			return
		}
		w := e.Value.(*window)
		if now.Sub(w.start) <= l.window {
			return
		}
		l.order.Remove(e)
		delete(l.seen, w.addr)
	}
}

func (l *limiter) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seen, l.order = map[string]*list.Element{}, list.New()
}
