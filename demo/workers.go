package demo

import (
	"context"
	"maps"
	"math/rand/v2"
	"sync"
	"time"

	"dajia"
)

// workers makes Config.Workers gens that share a batch's towns, or none
// when the run has one timeline. Each has its own clock, use cases and
// store handle; they read the accounts setup made and keep their own
// counts, merged into g's as each batch ends.
func (g *gen) workers(ctx context.Context) ([]*gen, error) {
	if g.cfg.Workers < 2 || g.cfg.NewWorker == nil {
		return nil, nil
	}
	var out []*gen
	for range g.cfg.Workers {
		clock := NewClock(g.clock.Now())
		a, closeFn, err := g.cfg.NewWorker(clock)
		if err != nil {
			return out, err
		}
		out = append(out, &gen{cfg: g.cfg, a: a, db: a.DB(), clock: clock, res: Result{Counts: map[string]int{}},
			unusable: g.unusable, office: g.office, leader: g.leader, staff: g.staff, supervisors: g.supervisors,
			typed: g.typed, caseSeq: map[string]int{}, close: closeFn})
	}
	return out, nil
}

// runYearShared is runYear with the towns shared among the workers, which
// run one day at a time side by side: every worker ends a day before any
// starts the next.
func (g *gen) runYearShared(ctx context.Context, towns []town, year int, workers []*gen) error {
	g.prog.startBatch(len(towns))
	per := (len(towns) + len(workers) - 1) / len(workers)
	var busy []*gen
	for i, w := range workers {
		share := towns[min(i*per, len(towns)):min((i+1)*per, len(towns))]
		if len(share) == 0 {
			continue
		}
		// A worker's case numbers go on from where the run left them.
		w.caseSeq = maps.Clone(g.caseSeq)
		w.clock.Set(g.clock.Now())
		var tys []*townYear
		for _, t := range share {
			v, err := w.db.Plan(ctx, t.planID(year))
			if err != nil {
				return err
			}
			ty := &townYear{g: w, t: t, year: year, p: v.Plan, r: rand.New(rand.NewPCG(g.cfg.Seed, uint64(t.index)<<16|uint64(year)))}
			w.later(at(ty.date(1, 3), 9, 0), "entities", ty.makeEntities)
			tys = append(tys, ty)
		}
		for _, ty := range tys {
			ty.plan()
		}
		busy = append(busy, w)
	}
	first := time.Date(year, 1, 1, 0, 0, 0, 0, dajia.ChinaTime)
	for day := first.AddDate(0, 0, 1); ; day = day.AddDate(0, 0, 1) {
		left := false
		for _, w := range busy {
			left = left || w.heap.Len() > 0
		}
		if !left {
			break
		}
		errs := make([]error, len(busy))
		var wg sync.WaitGroup
		for i, w := range busy {
			wg.Go(func() { errs[i] = w.drainUntil(ctx, year, day) })
		}
		wg.Wait()
		steps := g.res.Steps
		for i, w := range busy {
			if errs[i] != nil {
				return errs[i]
			}
			steps += w.res.Steps
		}
		g.prog.at(float64(day.Sub(first))/float64(365*24*time.Hour), steps)
	}
	for _, w := range busy {
		for k, n := range w.res.Counts {
			g.res.Counts[k] += n
		}
		clear(w.res.Counts)
		g.res.Steps += w.res.Steps
		g.res.Skipped += w.res.Skipped
		w.res.Steps, w.res.Skipped = 0, 0
		maps.Copy(g.caseSeq, w.caseSeq)
		if w.clock.Now().After(g.clock.Now()) {
			g.clock.Set(w.clock.Now())
		}
	}
	g.prog.townsDone(len(towns))
	return nil
}
