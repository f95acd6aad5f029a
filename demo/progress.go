package demo

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// progress reports how far a run is: a bar redrawn in place on a terminal,
// a plain line every few seconds otherwise. Its fraction is the town
// years done plus how far through its year the running batch is.
type progress struct {
	w        io.Writer
	t        func(zh string, args ...any) string // translates
	terminal bool
	total    int // town years
	finished int
	batch    int // towns in the running batch
	start    time.Time
	last     time.Time
}

func newProgress(w io.Writer, terminal bool, total int, t func(string, ...any) string) *progress {
	if t == nil {
		t = fmt.Sprintf
	}
	return &progress{w: w, t: t, terminal: terminal, total: total, batch: 1, start: time.Now()}
}

// at notes that the running batch is frac through its year, with steps
// taken so far.
func (p *progress) at(frac float64, steps int) {
	if p == nil || p.w == nil {
		return
	}
	now := time.Now()
	every := 5 * time.Second
	if p.terminal {
		every = 200 * time.Millisecond
	}
	if now.Sub(p.last) < every {
		return
	}
	p.last = now
	frac = min(max(frac, 0), 1)
	f := (float64(p.finished) + frac*float64(p.batch)) / float64(p.total)
	p.print(f, steps, now)
}

func (p *progress) print(f float64, steps int, now time.Time) {
	el := now.Sub(p.start)
	rate := float64(steps) / max(el.Seconds(), 0.001)
	eta := "?"
	if f > 0.01 {
		eta = (time.Duration(float64(el)/f) - el).Round(time.Second).String()
	}
	if p.terminal {
		const width = 30
		n := int(f * width)
		fmt.Fprintf(p.w, "\r[%s%s] %s   ", strings.Repeat("#", n), strings.Repeat(".", width-n), p.t("%3.0f%%  %d 步  %.0f 步/秒  剩余约 %s", f*100, steps, rate, eta))
		return
	}
	fmt.Fprintln(p.w, p.t("%3.0f%%  %d 步  %.0f 步/秒  剩余约 %s", f*100, steps, rate, eta))
}

// startBatch notes that a batch of n town years starts.
func (p *progress) startBatch(n int) { p.batch = n }

// townsDone notes the running batch finished.
func (p *progress) townsDone(n int) { p.finished += n }

// end prints the end.
func (p *progress) end(steps int) {
	if p == nil || p.w == nil {
		return
	}
	p.print(1, steps, time.Now())
	if p.terminal {
		fmt.Fprintln(p.w)
	}
}
