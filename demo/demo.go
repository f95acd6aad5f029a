// Package demo fills a database with believable years of anti-counterfeiting
// work under the reference plan: reports, tips, clues, cases, field work,
// joint actions, publicity and rectification notices, each made through the
// use cases of package app on the day it happens, so that the rules and the
// audit trail hold as they do for people.
package demo

import (
	"container/heap"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	"dajia"
	"dajia/app"
	"dajia/store"
)

// Scale is how much the demo makes.
type Scale string

const (
	ScaleTown     Scale = "town"     // the reference plan's town, one year
	ScaleCity     Scale = "city"     // 24 towns, five years
	ScaleProvince Scale = "province" // about 1,600 towns, one year
)

// ParseScale reads a scale's name.
func ParseScale(s string) (Scale, error) {
	switch Scale(s) {
	case ScaleTown, ScaleCity, ScaleProvince:
		return Scale(s), nil
	}
	return "", dajia.Errorf(dajia.Invalid, "scale", "--scale 应为 town、city 或 province，而不是 %q", s)
}

// Clock is the clock the demo moves: the store and the use cases it fills
// through must run on it, so that each record is made on its own day.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock starts at t.
func NewClock(t time.Time) *Clock { return &Clock{now: t} }

func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	c.now = t
	c.mu.Unlock()
}

// Config is what a demo run needs.
type Config struct {
	App   *app.App
	Clock *Clock // the clock App and its store run on
	Scale Scale
	Seed  uint64
	// Today is the last day the demo fills; later steps are left undone, as
	// they would be on that day. Zero: 20 December of the reference year.
	Today dajia.Date
	// Volume scales every count of a town's year (1 is the believable
	// year); the tests make a smaller one.
	Volume float64
	// Towns and Years override the scale's (0: the scale's); for tests.
	Towns, Years int
	// Progress, when not nil, receives the progress: a bar redrawn in place
	// when Terminal, plain lines otherwise.
	Progress io.Writer
	Terminal bool
	// Force fills a database that already holds work: accounts, plans and
	// entities of the same names are reused, and a step the state of a
	// record no longer allows (someone took it already) is skipped.
	Force bool
	// T translates the progress line; nil leaves it in Chinese.
	T func(zh string, args ...any) string
	// Workers, when more than one, runs that many shares of each batch of
	// towns at once, each on a clock, use cases and store handle of its
	// own that NewWorker makes (PostgreSQL: SQLite has one writer). The
	// shares keep to the same day: each finishes a day before any starts
	// the next, so the audit trail's times stay within a day of order.
	Workers   int
	NewWorker func(*Clock) (a *app.App, closeFn func(), err error)
}

// Account is a demo account with its password, printed once.
type Account struct {
	Name, Display string
	Role          dajia.Role
	Unit          string // the unit's name
	Password      string
}

// Result is what a run made.
type Result struct {
	Towns, Years, Plans int
	Counts              map[string]int // records made, by kind
	Steps               int            // use-case calls that changed something
	Skipped             int            // steps skipped under Force
	Accounts            []Account
	Today               dajia.Date
	Elapsed             time.Duration
}

// ReferenceYear is the reference plan's year.
const ReferenceYear = 2017

// HasWork reports whether the database already holds work records: tips,
// clues, cases, field work, joint actions, publicity or rectifications.
func HasWork(ctx context.Context, a *app.App) (bool, error) {
	// The operator reads as the office, which reads every plan's records;
	// the id stands for no account (the lists only read, nothing is
	// audited under it).
	office := dajia.Actor{UserID: -1, Name: "cli:demo", Role: dajia.RoleOffice}
	checks := []func() (int, error){
		func() (int, error) {
			l, err := a.Tips(ctx, office, app.TipQuery{View: "all", Limit: 1})
			return l.Total, err
		},
		func() (int, error) { l, err := a.Clues(ctx, office, app.ClueQuery{Limit: 1}); return l.Total, err },
		func() (int, error) { l, err := a.Cases(ctx, office, app.CaseQuery{Limit: 1}); return l.Total, err },
		func() (int, error) {
			l, err := a.Samplings(ctx, office, app.SamplingQuery{Limit: 1})
			return l.Total, err
		},
		func() (int, error) { l, err := a.Surveys(ctx, office, app.SurveyQuery{Limit: 1}); return l.Total, err },
		func() (int, error) {
			l, err := a.JointActions(ctx, office, app.ActionQuery{Limit: 1})
			return l.Total, err
		},
		func() (int, error) {
			l, err := a.Rectifications(ctx, office, app.RectQuery{Limit: 1})
			return l.Total, err
		},
		func() (int, error) {
			l, err := a.Inspections(ctx, office, app.InspectionQuery{Limit: 1})
			return len(l.Inspections), err
		},
		func() (int, error) {
			l, err := a.Publicities(ctx, office, app.PublicityQuery{Limit: 1})
			return len(l.Items), err
		},
		func() (int, error) {
			rs, err := a.Reports(ctx, office, store.ReportFilter{Rule: -1, Statuses: []dajia.ReportStatus{dajia.ReportSubmitted, dajia.ReportApproved, dajia.ReportAccepted}})
			return len(rs), err
		},
	}
	for _, c := range checks {
		n, err := c()
		if err != nil {
			return false, err
		}
		if n > 0 {
			return true, nil
		}
	}
	return false, nil
}

// Run fills the database. It refuses nothing itself: the caller checks
// HasWork first.
func Run(ctx context.Context, cfg Config) (Result, error) {
	start := time.Now()
	if cfg.Volume <= 0 {
		cfg.Volume = 1
	}
	if cfg.Today.IsZero() {
		cfg.Today = dajia.Date{Year: ReferenceYear, Month: 12, Day: 20}
	}
	towns, years := townsOf(cfg.Scale, cfg.Seed), yearsOf(cfg.Scale, cfg.Today.Year)
	if cfg.Towns > 0 && cfg.Towns < len(towns) {
		towns = towns[:cfg.Towns]
	}
	if cfg.Years > 0 && cfg.Years < len(years) {
		years = years[len(years)-cfg.Years:]
	}
	g := &gen{cfg: cfg, a: cfg.App, db: cfg.App.DB(), clock: cfg.Clock, res: Result{Counts: map[string]int{}, Today: cfg.Today,
		Towns: len(towns), Years: len(years)}}
	g.prog = newProgress(cfg.Progress, cfg.Terminal, len(towns)*len(years), cfg.T)
	if err := g.setup(ctx, towns, years); err != nil {
		return g.res, err
	}
	const batch = 24 // towns whose year runs on one timeline
	workers, err := g.workers(ctx)
	defer func() {
		for _, w := range workers {
			w.close()
		}
	}()
	if err != nil {
		return g.res, err
	}
	step := batch * max(len(workers), 1)
	for _, y := range years {
		for i := 0; i < len(towns); i += step {
			j := min(i+step, len(towns))
			if len(workers) > 0 {
				err = g.runYearShared(ctx, towns[i:j], y, workers)
			} else {
				err = g.runYear(ctx, towns[i:j], y)
			}
			if err != nil {
				return g.res, err
			}
		}
	}
	g.clock.Set(at(cfg.Today, 18, 0))
	if err := g.finishAccounts(ctx); err != nil {
		return g.res, err
	}
	g.prog.end(g.res.Steps)
	g.res.Elapsed = time.Since(start)
	return g.res, nil
}

// gen is one run's state.
type gen struct {
	cfg   Config
	a     *app.App
	db    *store.DB
	clock *Clock
	res   Result
	prog  *progress
	// unusable is the hash of a password nobody knows: the accounts whose
	// passwords are not printed carry it until an administrator resets them.
	unusable string
	printed  []printedAccount
	// officeActor, leader, supervisor of the first town.
	office, leader dajia.Actor
	staff          map[string]staff // by unit key: its officer and head
	supervisors    map[string]dajia.Actor
	// typed are the case number prefixes of units whose officers type the
	// numbers (no prefix set); caseSeq their last numbers, by unit and year.
	typed   map[string]string
	caseSeq map[string]int
	heap    events
	seq     int
	// close, on a worker (Config.Workers), closes its store handle.
	close func()
}

type staff struct{ officer, head dajia.Actor }

type printedAccount struct {
	actor    dajia.Actor
	display  string
	unitName string
}

// at is the time on day d at hh:mm in China.
func at(d dajia.Date, hh, mm int) time.Time {
	return time.Date(d.Year, d.Month, d.Day, hh, mm, 0, 0, dajia.ChinaTime)
}

// events is the timeline of one year: steps ordered by their time.
type event struct {
	at   time.Time
	seq  int
	what string
	run  func(ctx context.Context) error
}

type events []event

func (h events) Len() int { return len(h) }
func (h events) Less(i, j int) bool {
	if !h[i].at.Equal(h[j].at) {
		return h[i].at.Before(h[j].at)
	}
	return h[i].seq < h[j].seq
}
func (h events) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *events) Push(x any)   { *h = append(*h, x.(event)) }
func (h *events) Pop() any {
	old := *h
	e := old[len(old)-1]
	*h = old[:len(old)-1]
	return e
}

// later schedules a step at t; steps after the demo's today are dropped,
// as they have not happened yet.
func (g *gen) later(t time.Time, what string, fn func(ctx context.Context) error) {
	if dajia.DateOf(t.In(dajia.ChinaTime)).After(g.cfg.Today) {
		return
	}
	g.seq++
	heap.Push(&g.heap, event{at: t, seq: g.seq, what: what, run: fn})
}

// drain runs the timeline in order, the clock on each step's time.
func (g *gen) drain(ctx context.Context, year int) error {
	return g.drainUntil(ctx, year, time.Time{})
}

// drainUntil runs the timeline's steps before until (zero: all of them).
func (g *gen) drainUntil(ctx context.Context, year int, until time.Time) error {
	first := time.Date(year, 1, 1, 0, 0, 0, 0, dajia.ChinaTime)
	for g.heap.Len() > 0 && (until.IsZero() || g.heap[0].at.Before(until)) {
		if err := ctx.Err(); err != nil {
			return err
		}
		e := heap.Pop(&g.heap).(event)
		g.clock.Set(e.at)
		if err := e.run(ctx); g.cfg.Force && dajia.ErrorCode(err) == dajia.Conflict {
			g.res.Skipped++
			continue
		} else if err != nil {
			return fmt.Errorf("demo %s on %s: %w", e.what, e.at.Format("2006-01-02 15:04"), describe(err))
		}
		g.res.Steps++
		g.prog.at(float64(e.at.Sub(first))/float64(365*24*time.Hour), g.res.Steps)
	}
	return nil
}

// count notes a record of a kind made.
func (g *gen) count(kind string) { g.res.Counts[kind]++ }

// workday moves d forward to a working day on the official calendar.
func (g *gen) workday(d dajia.Date) dajia.Date {
	for i := 0; i < 15; i++ {
		if ok, err := g.a.Calendar().IsWorkday(d); err != nil || ok {
			return d
		}
		d = d.AddDays(1)
	}
	return d
}

// officeHours is a time on the working day on or after d.
func (g *gen) officeHours(r *rand.Rand, d dajia.Date) time.Time {
	d = g.workday(d)
	return at(d, 8+r.IntN(9), r.IntN(60))
}

// pick is one element of a list.
func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// chance is true with probability p.
func chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

// personName is a believable Chinese name.
func personName(r *rand.Rand) string { return pick(r, surnames) + pick(r, givenNames) }

// trimTo cuts s to n characters.
func trimTo(s string, n int) string {
	rs := []rune(s)
	if len(rs) > n {
		return string(rs[:n])
	}
	return s
}

// describe spells out every field problem of an error, for the demo's own
// failures (a use case refusing what the demo made is a bug of the demo).
func describe(err error) error {
	if fe, ok := err.(dajia.FieldErrors); ok {
		var parts []string
		for _, f := range fe {
			parts = append(parts, f.Field+": "+f.Message)
		}
		return fmt.Errorf("%w [%s]", err, strings.Join(parts, "; "))
	}
	return err
}
