package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"dajia"
)

const policyKey = "password_policy"

// PasswordPolicy returns the policy in force: the stored one, or the 等保
// default.
func (db *DB) PasswordPolicy(ctx context.Context) (_ dajia.PasswordPolicy, err error) {
	defer db.wrap(&err, "load the password policy")
	p := dajia.DefaultPasswordPolicy()
	var v string
	err = db.read.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, policyKey).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return p, nil
	}
	if err != nil {
		return p, db.dialect.mapErr(err)
	}
	if err := json.Unmarshal([]byte(v), &p); err != nil {
		return dajia.DefaultPasswordPolicy(), fmt.Errorf("decode stored %s: %w", policyKey, err)
	}
	return p, nil
}

// SetPasswordPolicy stores a policy; one weaker than the default is refused.
func (db *DB) SetPasswordPolicy(ctx context.Context, actor dajia.Actor, p dajia.PasswordPolicy) (err error) {
	defer db.wrap(&err, "set the password policy")
	if err := p.Validate(); err != nil {
		return err
	}
	before, err := db.PasswordPolicy(ctx)
	if err != nil {
		return err
	}
	b, _ := json.Marshal(p)
	return db.Transact(ctx, func(tx *Tx) error {
		if err := tx.setSetting(ctx, policyKey, string(b)); err != nil {
			return err
		}
		return tx.Audit(ctx, actor, AuditEntry{Action: "settings.password_policy", Object: "settings:" + policyKey, Before: before, After: p})
	})
}

const rewardsKey = "reward_grades"

// RewardGrades returns the reward grades in force: the stored ones, or the
// defaults.
func (db *DB) RewardGrades(ctx context.Context) (_ []dajia.RewardGrade, err error) {
	defer db.wrap(&err, "load the reward grades")
	var v string
	err = db.read.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, rewardsKey).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return dajia.DefaultRewardGrades(), nil
	}
	if err != nil {
		return nil, db.dialect.mapErr(err)
	}
	var g []dajia.RewardGrade
	if err := json.Unmarshal([]byte(v), &g); err != nil {
		return nil, fmt.Errorf("decode stored %s: %w", rewardsKey, err)
	}
	if len(g) == 0 {
		return dajia.DefaultRewardGrades(), nil
	}
	return g, nil
}

// SetRewardGrades stores changed reward grades after checking them.
func (db *DB) SetRewardGrades(ctx context.Context, actor dajia.Actor, g []dajia.RewardGrade) (err error) {
	defer db.wrap(&err, "set the reward grades")
	if err := dajia.CheckRewardGrades(g); err != nil {
		return err
	}
	before, err := db.RewardGrades(ctx)
	if err != nil {
		return err
	}
	b, _ := json.Marshal(g)
	return db.Transact(ctx, func(tx *Tx) error {
		if err := tx.setSetting(ctx, rewardsKey, string(b)); err != nil {
			return err
		}
		return tx.Audit(ctx, actor, AuditEntry{Action: "settings.reward_grades", Object: "settings:" + rewardsKey, Before: before, After: g})
	})
}

const demoKey = "demo"

// DemoMark is what dajia demo wrote when it filled this database (its scale
// and seed), or "" for a database it never filled: serve --demo and the
// page bench touch only a marked or empty database.
func (db *DB) DemoMark(ctx context.Context) (_ string, err error) {
	defer db.wrap(&err, "read the demo mark")
	var v string
	err = db.read.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, demoKey).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, db.dialect.mapErr(err)
}

// MarkDemo records that dajia demo fills this database, before it does.
func (db *DB) MarkDemo(ctx context.Context, actor dajia.Actor, what string) (err error) {
	defer db.wrap(&err, "mark the database as a demo")
	return db.Transact(ctx, func(tx *Tx) error {
		if err := tx.setSetting(ctx, demoKey, what); err != nil {
			return err
		}
		return tx.Audit(ctx, actor, AuditEntry{Action: "settings.demo", Object: "settings:" + demoKey, After: map[string]any{"demo": what}})
	})
}
