package web

import (
	"fmt"
	"testing"
	"time"
)

func TestLimiterCountsPerAddressWindow(t *testing.T) {
	l := newLimiter(2, time.Minute)
	t0 := time.Date(2017, 9, 1, 9, 0, 0, 0, time.UTC)
	if !l.allow("a", t0) || !l.allow("a", t0.Add(time.Second)) || l.allow("a", t0.Add(2*time.Second)) {
		t.Fatal("the third attempt within the window must be refused")
	}
	if !l.allow("b", t0.Add(3*time.Second)) {
		t.Error("another address has its own window")
	}
	if err := l.refuse("a", t0.Add(30*time.Second), "x"); err == nil {
		t.Fatal("refuse must answer an error")
	}
	if n := l.count("a", t0.Add(59*time.Second)); n != 3 {
		t.Errorf("count = %d, want 3", n)
	}
	if !l.allow("a", t0.Add(61*time.Second)) || l.count("a", t0.Add(61*time.Second)) != 1 {
		t.Error("after the window a new one begins")
	}
}

// A flood from countless addresses keeps the table bounded and each call
// cheap; the addresses within their windows keep their counts.
func TestLimiterBoundedUnderAFloodOfAddresses(t *testing.T) {
	l := newLimiter(10, time.Hour)
	l.cap = 1000
	t0 := time.Date(2017, 9, 1, 9, 0, 0, 0, time.UTC)
	for i := range 50_000 {
		l.allow(fmt.Sprintf("10.0.%d.%d", i>>8, i&255), t0.Add(time.Duration(i)*time.Millisecond))
	}
	if len(l.seen) != 1000 || l.order.Len() != 1000 {
		t.Fatalf("the table holds %d addresses (list %d), want the cap 1000", len(l.seen), l.order.Len())
	}
	last := fmt.Sprintf("10.0.%d.%d", 49_999>>8, 49_999&255)
	if l.count(last, t0.Add(50*time.Second)) != 1 {
		t.Error("the newest address must still be counted")
	}
	// Windows over fall off the front as calls come.
	later := t0.Add(3 * time.Hour)
	for i := range 200 {
		l.allow(fmt.Sprintf("10.9.0.%d", i), later)
	}
	if len(l.seen) != 200 {
		t.Errorf("expired windows linger: %d addresses held, want the 200 new ones", len(l.seen))
	}
}

func BenchmarkLimiterManyAddresses(b *testing.B) {
	l := newLimiter(10, time.Hour)
	t0 := time.Now()
	for i := 0; b.Loop(); i++ {
		l.allow(fmt.Sprintf("10.%d.%d.%d", byte(i>>16), byte(i>>8), byte(i)), t0)
	}
}
