package store

import (
	"context"
	"sync"
	"time"

	"dajia"
)

// currentPlans remembers, for a moment, which plan is the newest and which
// version of each is current: the public intake asks for every tip, and a
// burst of thousands of tips a second must not ask the database each time.
// An import in this process forgets it at once; one in another process
// (several servers on one PostgreSQL) is seen within currentPlansFor.
type currentPlans struct {
	mu      sync.Mutex
	read    time.Time // wall time of the last read; zero: read again
	newest  string
	current map[string]int64 // plan id → row id of its current version
}

const currentPlansFor = time.Second

func (c *currentPlans) forget() {
	c.mu.Lock()
	c.read = time.Time{}
	c.mu.Unlock()
}

// lookup gives the current version's row id of plan id ("" is the newest
// plan, as the list of plans orders them), reading them all again when the
// memory is older than currentPlansFor.
func (c *currentPlans) lookup(ctx context.Context, db *DB, id string) (string, int64, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.read.IsZero() || time.Since(c.read) > currentPlansFor {
		rows, err := db.read.QueryContext(ctx, `SELECT p.id, v.id FROM plans p JOIN plan_versions v ON v.plan_id = p.id AND v.version = p.current_version
			ORDER BY p.year DESC, p.id`)
		if err != nil {
			return "", 0, err
		}
		defer rows.Close()
		current, newest := map[string]int64{}, ""
		for rows.Next() {
			var pid string
			var vid int64
			if err := rows.Scan(&pid, &vid); err != nil {
				return "", 0, err
			}
			if newest == "" {
				newest = pid
			}
			current[pid] = vid
		}
		if err := rows.Err(); err != nil {
			return "", 0, err
		}
		c.current, c.newest, c.read = current, newest, time.Now()
	}
	if id == "" {
		if c.newest == "" {
			return "", 0, dajia.Errorf(dajia.NotFound, "plan", "还没有导入方案")
		}
		id = c.newest
	}
	vid, ok := c.current[id]
	if !ok {
		return id, 0, dajia.Errorf(dajia.NotFound, "id", "没有找到方案 %s", id)
	}
	return id, vid, nil
}

// RecentPlan returns the current version of a plan ("" is the newest
// plan) as it stood at most a second ago: for the public intake, which
// takes a tip in under whichever version is current as it arrives.
func (db *DB) RecentPlan(ctx context.Context, id string) (_ PlanVersion, err error) {
	defer db.wrap(&err, "load plan %s", id)
	id, vid, err := db.currentPlans.lookup(ctx, db, id)
	if err != nil {
		return PlanVersion{}, err
	}
	if v, ok := db.plans.get(vid); ok {
		return v, nil
	}
	v, err := loadPlanVersion(ctx, db.read, vid)
	if err != nil {
		return PlanVersion{}, db.planErr(err, id, 0)
	}
	db.plans.put(v)
	return v, nil
}
