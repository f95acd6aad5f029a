package secret

import (
	"runtime"
	"time"

	"dajia"
	"dajia/bound"
)

// Gate bounds how many password hashes run at once. Each argon2id hash
// holds Hasher.Memory (64 MiB by default) while it runs, so twenty sign-ins
// at once would hold 1.3 GB; through a gate sized to the processors they
// hold a few hundred megabytes at most and queue for the rest, since more
// hashes at once would not finish sooner anyway. A caller that gets no
// slot within the wait is answered busy rather than queued for ever.
type Gate = bound.Slots

// DefaultHashWait is how long a hash waits for a slot before the request
// is answered busy: far above the queue of a busy office, short enough that
// a flood is refused before its requests pile up.
const DefaultHashWait = 5 * time.Second

// NewGate lets n hashes run at once (at least one); a hash waits at most
// wait for a slot.
func NewGate(n int, wait time.Duration) *Gate {
	return bound.New(n, wait, dajia.Error{Message: "服务器繁忙，请稍后再试"})
}

// DefaultGate has one slot per processor.
func DefaultGate() *Gate { return NewGate(runtime.NumCPU(), DefaultHashWait) }
