package store

import (
	"container/list"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"dajia"
)

// PlanVersion is one imported version of a plan.
type PlanVersion struct {
	ID         int64 // the version's row id: what records point to
	PlanID     string
	Version    int
	Digest     string
	ImportedAt time.Time
	ImportedBy string
	Plan       *dajia.Plan
	Source     []byte // the file as it was imported
}

// PlanSummary is a line of the list of plans.
type PlanSummary struct {
	ID        string
	Title     string
	Year      int
	Version   int
	UpdatedAt time.Time
}

// ImportResult says what an import did.
type ImportResult struct {
	Version PlanVersion
	Created bool // a new plan
	Changed bool // a new version (true for a new plan too)
}

func digest(p *dajia.Plan) (string, []byte, error) {
	doc, err := json.Marshal(p)
	if err != nil {
		return "", nil, fmt.Errorf("encode plan: %w", err)
	}
	sum := sha256.Sum256(doc)
	return hex.EncodeToString(sum[:]), doc, nil
}

// ImportPlan stores a checked plan. Importing the same content again changes
// nothing; changed content becomes the plan's next version.
func (db *DB) ImportPlan(ctx context.Context, actor dajia.Actor, p *dajia.Plan, source []byte) (_ ImportResult, err error) {
	defer db.wrap(&err, "import plan %s", p.ID)
	var res ImportResult
	dg, doc, err := digest(p)
	if err != nil {
		return res, err
	}
	err = db.Transact(ctx, func(tx *Tx) error {
		var cur int
		err := tx.QueryRowContext(ctx, `SELECT current_version FROM plans WHERE id = $1`, p.ID).Scan(&cur)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			res.Created = true
			if _, err := tx.ExecContext(ctx, `INSERT INTO plans (id, title, year, current_version, created_at, updated_at) VALUES ($1, $2, $3, 0, $4, $4)`,
				p.ID, p.Title, p.Year, tx.Now); err != nil {
				return err
			}
		case err != nil:
			return err
		default:
			var curDigest string
			if err := tx.QueryRowContext(ctx, `SELECT digest FROM plan_versions WHERE plan_id = $1 AND version = $2`, p.ID, cur).Scan(&curDigest); err != nil {
				return err
			}
			if curDigest == dg {
				v, err := tx.planVersion(ctx, p.ID, cur)
				res.Version = v
				return err
			}
		}
		res.Changed = true
		next := cur + 1
		var vid int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO plan_versions (plan_id, version, digest, document, source, imported_at, imported_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, p.ID, next, dg, string(doc), string(source), tx.Now, actor.Name).Scan(&vid); err != nil {
			return err
		}
		for _, u := range p.AllUnits() {
			if _, err := tx.ExecContext(ctx, `INSERT INTO plan_units (version_id, unit_key, name, class, level) VALUES ($1, $2, $3, $4, $5)`,
				vid, u.Unit.Key, u.Unit.Name, string(u.Class), u.Unit.Level); err != nil {
				return err
			}
		}
		for _, c := range p.Campaigns {
			if _, err := tx.ExecContext(ctx, `INSERT INTO plan_campaigns (version_id, no, name) VALUES ($1, $2, $3)`, vid, c.No, c.Name); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE plans SET title = $1, year = $2, current_version = $3, updated_at = $4 WHERE id = $5`,
			p.Title, p.Year, next, tx.Now, p.ID); err != nil {
			return err
		}
		action := "plan.import"
		if !res.Created {
			action = "plan.new_version"
		}
		if err := tx.Audit(ctx, actor, AuditEntry{Action: action, Object: fmt.Sprintf("plan:%s@%d", p.ID, next),
			After: map[string]any{"title": p.Title, "version": next, "digest": dg, "campaigns": len(p.Campaigns)}}); err != nil {
			return err
		}
		v, err := tx.planVersion(ctx, p.ID, next)
		res.Version = v
		return err
	})
	if err == nil && res.Changed {
		db.currentPlans.forget()
	}
	return res, err
}

// Plans lists the stored plans, newest year first.
func (db *DB) Plans(ctx context.Context) (_ []PlanSummary, err error) {
	defer db.wrap(&err, "list plans")
	rows, err := db.read.QueryContext(ctx, `SELECT id, title, year, current_version, updated_at FROM plans ORDER BY year DESC, id`)
	if err != nil {
		return nil, db.dialect.mapErr(err)
	}
	defer rows.Close()
	var out []PlanSummary
	for rows.Next() {
		var s PlanSummary
		if err := rows.Scan(&s.ID, &s.Title, &s.Year, &s.Version, &s.UpdatedAt); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// CountPlans is how many plans the database holds.
func (db *DB) CountPlans(ctx context.Context) (n int, err error) {
	defer db.wrap(&err, "count plans")
	err = db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM plans`).Scan(&n)
	return n, err
}

// plansOfUnit is the plans whose current version names unit $1, newest
// first (as Plans lists them), for PlansOfUnit and NewestPlanOfUnit.
const plansOfUnit = `FROM plan_units u
	JOIN plan_versions v ON v.id = u.version_id
	JOIN plans p ON p.id = v.plan_id AND p.current_version = v.version
	WHERE u.unit_key = $1 ORDER BY p.year DESC, p.id`

// PlansOfUnit are the plans whose current version names the unit, in the
// order of Plans: a unit's account chooses among them (its town's years),
// not among every town's.
func (db *DB) PlansOfUnit(ctx context.Context, unit string) (_ []PlanSummary, err error) {
	defer db.wrap(&err, "list the plans of unit %s", unit)
	rows, err := db.read.QueryContext(ctx, `SELECT p.id, p.title, p.year, p.current_version, p.updated_at `+plansOfUnit, unit)
	if err != nil {
		return nil, db.dialect.mapErr(err)
	}
	return collect(rows, func(sc rowScanner) (PlanSummary, error) {
		var s PlanSummary
		err := sc.Scan(&s.ID, &s.Title, &s.Year, &s.Version, &s.UpdatedAt)
		return s, err
	})
}

// NewestPlanOfUnit is the id of the newest plan (by year, then id, as
// Plans lists them) whose current version names the unit; "" when none
// does. A unit's pages open on it: in a database of many towns, the
// newest plan of all is another town's.
func (db *DB) NewestPlanOfUnit(ctx context.Context, unit string) (_ string, err error) {
	defer db.wrap(&err, "the newest plan of unit %s", unit)
	var id string
	err = db.read.QueryRowContext(ctx, `SELECT p.id `+plansOfUnit+` LIMIT 1`, unit).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return id, err
}

// NewestPlan returns the current version of the newest plan, the first
// that Plans lists (the latest year, then by id): the plan a page stands
// in when none is named. One row, however many plans a city keeps.
func (db *DB) NewestPlan(ctx context.Context) (_ PlanVersion, err error) {
	defer db.wrap(&err, "load the newest plan")
	var vid int64
	err = db.read.QueryRowContext(ctx, `SELECT v.id FROM plans p JOIN plan_versions v ON v.plan_id = p.id AND v.version = p.current_version
		ORDER BY p.year DESC, p.id LIMIT 1`).Scan(&vid)
	if errors.Is(err, sql.ErrNoRows) {
		return PlanVersion{}, dajia.Errorf(dajia.NotFound, "plan", "还没有导入方案")
	}
	if err != nil {
		return PlanVersion{}, db.dialect.mapErr(err)
	}
	if v, ok := db.plans.get(vid); ok {
		return v, nil
	}
	v, err := loadPlanVersion(ctx, db.read, vid)
	if err != nil {
		return PlanVersion{}, db.dialect.mapErr(err)
	}
	db.plans.put(v)
	return v, nil
}

// Plan returns the current version of a plan.
func (db *DB) Plan(ctx context.Context, id string) (PlanVersion, error) {
	return db.PlanVersion(ctx, id, 0)
}

// PlanVersion returns one version of a plan; version 0 is the current one.
// Which version is meant is asked of the database every time (a cheap
// lookup in the index of plan and version), so that a version imported by
// another process is seen at once; the version itself, which never changes
// once stored, comes from the cache when it has been decoded before. The
// plan it carries is shared: callers read it and never change it.
func (db *DB) PlanVersion(ctx context.Context, id string, version int) (PlanVersion, error) {
	vid, err := planVersionID(ctx, db.read, id, version)
	if err != nil {
		return PlanVersion{}, db.planErr(err, id, version)
	}
	if v, ok := db.plans.get(vid); ok {
		return v, nil
	}
	v, err := loadPlanVersion(ctx, db.read, vid)
	if err != nil {
		return PlanVersion{}, db.planErr(err, id, version)
	}
	db.plans.put(v)
	return v, nil
}

// planErr says which plan a failed lookup was for; a plan or version that
// is not there is the domain's NotFound.
func (db *DB) planErr(err error, id string, version int) error {
	if errors.Is(err, sql.ErrNoRows) {
		return dajia.Errorf(dajia.NotFound, "id", "没有找到方案 %s", id)
	}
	return fmt.Errorf("store: load plan %s@%d: %w", id, version, db.dialect.mapErr(err))
}

// PlanVersions lists every version of a plan, oldest first, without bodies.
func (db *DB) PlanVersions(ctx context.Context, id string) (_ []PlanVersion, err error) {
	defer db.wrap(&err, "list versions of plan %s", id)
	rows, err := db.read.QueryContext(ctx, `SELECT id, plan_id, version, digest, imported_at, imported_by FROM plan_versions WHERE plan_id = $1 ORDER BY version`, id)
	if err != nil {
		return nil, db.dialect.mapErr(err)
	}
	defer rows.Close()
	var out []PlanVersion
	for rows.Next() {
		var v PlanVersion
		if err := rows.Scan(&v.ID, &v.PlanID, &v.Version, &v.Digest, &v.ImportedAt, &v.ImportedBy); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, dajia.Errorf(dajia.NotFound, "id", "没有找到方案 %s", id)
	}
	return out, nil
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func (tx *Tx) planVersion(ctx context.Context, id string, version int) (PlanVersion, error) {
	v, err := queryPlanVersion(ctx, tx, id, version)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return v, fmt.Errorf("load plan %s@%d: %w", id, version, err)
	}
	return v, err
}

// queryPlanVersion reads one version through q (a transaction, so that a
// use case reads what it writes), without the cache; version 0 is the
// current one.
func queryPlanVersion(ctx context.Context, q querier, id string, version int) (PlanVersion, error) {
	vid, err := planVersionID(ctx, q, id, version)
	if err != nil {
		return PlanVersion{}, err
	}
	return loadPlanVersion(ctx, q, vid)
}

// planVersionID finds the row of a plan's version; version 0 is the current
// one.
func planVersionID(ctx context.Context, q querier, id string, version int) (int64, error) {
	var vid int64
	err := q.QueryRowContext(ctx, `SELECT v.id FROM plan_versions v JOIN plans p ON p.id = v.plan_id
		WHERE v.plan_id = $1 AND v.version = CASE WHEN $2 = 0 THEN p.current_version ELSE $2 END`, id, version).Scan(&vid)
	return vid, err
}

// loadPlanVersion reads and decodes one stored version.
func loadPlanVersion(ctx context.Context, q querier, vid int64) (PlanVersion, error) {
	var v PlanVersion
	var doc, src string
	err := q.QueryRowContext(ctx, `SELECT id, plan_id, version, digest, imported_at, imported_by, document, source
		FROM plan_versions WHERE id = $1`, vid).
		Scan(&v.ID, &v.PlanID, &v.Version, &v.Digest, &v.ImportedAt, &v.ImportedBy, &doc, &src)
	if err != nil {
		return v, err
	}
	v.Source = []byte(src)
	v.Plan = new(dajia.Plan)
	if err := json.Unmarshal([]byte(doc), v.Plan); err != nil {
		return v, fmt.Errorf("decode stored plan %s@%d: %w", v.PlanID, v.Version, err)
	}
	return v, nil
}

// planCache keeps decoded plan versions by their row id, the most recently
// used first, up to max of them. A stored version never changes, so an
// entry never goes stale; only which version is current does, and that is
// not cached.
type planCache struct {
	mu    sync.Mutex
	max   int
	order *list.List // of PlanVersion, most recently used at the front
	byID  map[int64]*list.Element
}

// planCacheSize bounds the cache: a plan a year, a few versions each.
const planCacheSize = 32

func newPlanCache(max int) *planCache {
	return &planCache{max: max, order: list.New(), byID: map[int64]*list.Element{}}
}

func (c *planCache) get(vid int64) (PlanVersion, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byID[vid]
	if !ok {
		return PlanVersion{}, false
	}
	c.order.MoveToFront(e)
	return e.Value.(PlanVersion), true
}

func (c *planCache) put(v PlanVersion) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.byID[v.ID]; ok {
		c.order.MoveToFront(e)
		return
	}
	c.byID[v.ID] = c.order.PushFront(v)
	for c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.byID, last.Value.(PlanVersion).ID)
	}
}
