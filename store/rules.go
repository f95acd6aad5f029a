package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"dajia"
)

// The rules of cases as the office edits them (the criminal thresholds and
// the major-case rules: the domain's defaults while none are stored) and
// the units' case number prefixes.

// ThresholdRules returns the criminal thresholds in force: the stored
// ones, or the domain's defaults.
func (db *DB) ThresholdRules(ctx context.Context) (_ []dajia.ThresholdRule, err error) {
	defer db.wrap(&err, "load the criminal thresholds")
	rows, err := db.read.QueryContext(ctx, `SELECT id, offence, source, sales_factor, unsold_factor, gains_factor, min_amount, marks_at_least
		FROM threshold_rules ORDER BY position`)
	if err != nil {
		return nil, db.dialect.mapErr(err)
	}
	rules, err := collect(rows, func(sc rowScanner) (dajia.ThresholdRule, error) {
		var r dajia.ThresholdRule
		var offence string
		var min int64
		err := sc.Scan(&r.ID, &offence, &r.Source, &r.SalesFactor, &r.UnsoldFactor, &r.GainsFactor, &min, &r.MarksAtLeast)
		r.Offence, r.Min = dajia.Violation(offence), dajia.Amount(min)
		return r, err
	})
	if err != nil || len(rules) == 0 {
		return dajia.DefaultThresholdRules(), err
	}
	return rules, nil
}

// SetThresholdRules replaces the criminal thresholds, audited with the
// rules before and after; an empty list brings back the defaults. The
// caller has checked each rule.
func (db *DB) SetThresholdRules(ctx context.Context, actor dajia.Actor, rules []dajia.ThresholdRule) (err error) {
	defer db.wrap(&err, "set the criminal thresholds")
	before, err := db.ThresholdRules(ctx)
	if err != nil {
		return err
	}
	return db.Transact(ctx, func(tx *Tx) error { return tx.setThresholdRules(ctx, db, actor, before, rules) })
}

func (tx *Tx) setThresholdRules(ctx context.Context, db *DB, actor dajia.Actor, before, rules []dajia.ThresholdRule) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM threshold_rules`); err != nil {
		return err
	}
	for i, r := range rules {
		if _, err := tx.ExecContext(ctx, `INSERT INTO threshold_rules (id, position, offence, source, sales_factor, unsold_factor, gains_factor,
			min_amount, marks_at_least) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			r.ID, i, string(r.Offence), r.Source, r.SalesFactor, r.UnsoldFactor, r.GainsFactor, int64(r.Min), r.MarksAtLeast); err != nil {
			if dajia.ErrorCode(db.dialect.mapErr(err)) == dajia.Conflict {
				return dajia.Errorf(dajia.Invalid, "id", "规则编号“%s”重复", r.ID)
			}
			return err
		}
	}
	after := rules
	if len(after) == 0 {
		after = dajia.DefaultThresholdRules()
	}
	return tx.Audit(ctx, actor, AuditEntry{Action: "settings.threshold_rules", Object: "settings:threshold_rules", Before: before, After: after})
}

// SetCaseRules replaces the criminal thresholds and the major-case rules
// in one transaction, each list audited as SetThresholdRules and
// SetMajorRules do: both are saved or neither. The caller has checked
// each rule.
func (db *DB) SetCaseRules(ctx context.Context, actor dajia.Actor, thresholds []dajia.ThresholdRule, major []dajia.MajorRule) (err error) {
	defer db.wrap(&err, "set the rules of cases")
	beforeT, err := db.ThresholdRules(ctx)
	if err != nil {
		return err
	}
	beforeM, err := db.MajorRules(ctx)
	if err != nil {
		return err
	}
	return db.Transact(ctx, func(tx *Tx) error {
		if err := tx.setThresholdRules(ctx, db, actor, beforeT, thresholds); err != nil {
			return err
		}
		return tx.setMajorRules(ctx, db, actor, beforeM, major)
	})
}

// MajorRules returns the major-case rules in force: the stored ones, or
// the domain's defaults.
func (db *DB) MajorRules(ctx context.Context) (_ []dajia.MajorRule, err error) {
	defer db.wrap(&err, "load the major-case rules")
	rows, err := db.read.QueryContext(ctx, `SELECT id, kind, min_amount, people, source FROM major_rules ORDER BY position`)
	if err != nil {
		return nil, db.dialect.mapErr(err)
	}
	rules, err := collect(rows, func(sc rowScanner) (dajia.MajorRule, error) {
		var r dajia.MajorRule
		var kind string
		var min int64
		err := sc.Scan(&r.ID, &kind, &min, &r.People, &r.Source)
		r.Kind, r.Min = dajia.MajorKind(kind), dajia.Amount(min)
		return r, err
	})
	if err != nil || len(rules) == 0 {
		return dajia.DefaultMajorRules(), err
	}
	return rules, nil
}

// SetMajorRules replaces the major-case rules, audited; an empty list
// brings back the defaults. The caller has checked each rule.
func (db *DB) SetMajorRules(ctx context.Context, actor dajia.Actor, rules []dajia.MajorRule) (err error) {
	defer db.wrap(&err, "set the major-case rules")
	before, err := db.MajorRules(ctx)
	if err != nil {
		return err
	}
	return db.Transact(ctx, func(tx *Tx) error { return tx.setMajorRules(ctx, db, actor, before, rules) })
}

func (tx *Tx) setMajorRules(ctx context.Context, db *DB, actor dajia.Actor, before, rules []dajia.MajorRule) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM major_rules`); err != nil {
		return err
	}
	for i, r := range rules {
		if _, err := tx.ExecContext(ctx, `INSERT INTO major_rules (id, position, kind, min_amount, people, source) VALUES ($1, $2, $3, $4, $5, $6)`,
			r.ID, i, string(r.Kind), int64(r.Min), r.People, r.Source); err != nil {
			if dajia.ErrorCode(db.dialect.mapErr(err)) == dajia.Conflict {
				return dajia.Errorf(dajia.Invalid, "id", "规则编号“%s”重复", r.ID)
			}
			return err
		}
	}
	after := rules
	if len(after) == 0 {
		after = dajia.DefaultMajorRules()
	}
	if err := tx.remark(ctx, after); err != nil {
		return err
	}
	return tx.Audit(ctx, actor, AuditEntry{Action: "settings.major_rules", Object: "settings:major_rules", Before: before, After: after})
}

// remark sets the major flag of every case again under the rules: the
// list of major cases follows the office's edit at once.
func (tx *Tx) remark(ctx context.Context, rules []dajia.MajorRule) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, sales, unsold, cross_region, injured, dead, media, supervised_by, major FROM cases`)
	if err != nil {
		return err
	}
	changed := map[int64]bool{}
	for rows.Next() {
		var c dajia.Case
		var sales, unsold int64
		var was bool
		if err := rows.Scan(&c.ID, &sales, &unsold, &c.CrossRegion, &c.Injured, &c.Dead, &c.Media, &c.SupervisedBy, &was); err != nil {
			rows.Close()
			return err
		}
		c.Sales, c.Unsold = dajia.Amount(sales), dajia.Amount(unsold)
		if major, _ := c.Major(rules); major != was {
			changed[c.ID] = major
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for id, major := range changed {
		if _, err := tx.ExecContext(ctx, `UPDATE cases SET major = $1 WHERE id = $2`, major, id); err != nil {
			return fmt.Errorf("mark case %d: %w", id, err)
		}
	}
	return nil
}

func (tx *Tx) casePrefix(ctx context.Context, unit string) (string, bool, error) {
	var p string
	err := tx.QueryRowContext(ctx, `SELECT prefix FROM case_prefixes WHERE unit = $1`, unit).Scan(&p)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	return p, err == nil, err
}

// CasePrefix returns a unit's case number prefix; false when none is set.
func (db *DB) CasePrefix(ctx context.Context, unit string) (_ string, _ bool, err error) {
	defer db.wrap(&err, "load the case number prefix of %s", unit)
	var p string
	err = db.read.QueryRowContext(ctx, `SELECT prefix FROM case_prefixes WHERE unit = $1`, unit).Scan(&p)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	return p, err == nil, err
}

// CasePrefixes returns every unit's prefix by its key.
func (db *DB) CasePrefixes(ctx context.Context) (_ map[string]string, err error) {
	defer db.wrap(&err, "load the case number prefixes")
	rows, err := db.read.QueryContext(ctx, `SELECT unit, prefix FROM case_prefixes`)
	if err != nil {
		return nil, db.dialect.mapErr(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var u, p string
		if err := rows.Scan(&u, &p); err != nil {
			return nil, err
		}
		out[u] = p
	}
	return out, rows.Err()
}

// SetCasePrefix sets a unit's case number prefix, audited. The caller has
// checked it.
func (db *DB) SetCasePrefix(ctx context.Context, actor dajia.Actor, unit, prefix string) (err error) {
	defer db.wrap(&err, "set the case number prefix of %s", unit)
	return db.Transact(ctx, func(tx *Tx) error {
		before, _, err := tx.casePrefix(ctx, unit)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE case_prefixes SET prefix = $1, updated_by = $2, updated_at = $3 WHERE unit = $4`, prefix, actor.Name, tx.Now, unit)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			if _, err := tx.ExecContext(ctx, `INSERT INTO case_prefixes (unit, prefix, updated_by, updated_at) VALUES ($1, $2, $3, $4)`, unit, prefix, actor.Name, tx.Now); err != nil {
				return fmt.Errorf("insert the prefix: %w", err)
			}
		}
		return tx.Audit(ctx, actor, AuditEntry{Action: "settings.case_prefix", Object: "settings:case_prefix/" + unit,
			Before: map[string]any{"prefix": before}, After: map[string]any{"prefix": prefix}})
	})
}
