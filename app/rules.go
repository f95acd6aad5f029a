package app

import (
	"context"
	"strings"

	"dajia"
)

// CaseRules are the rules of cases in force: the criminal thresholds and
// the major-case rules (the office's edits, or the domain's defaults).
type CaseRules struct {
	Thresholds []dajia.ThresholdRule
	Major      []dajia.MajorRule
}

// CaseRules returns the rules of cases in force.
func (a *App) CaseRules(ctx context.Context) (CaseRules, error) {
	t, err := a.db.ThresholdRules(ctx)
	if err != nil {
		return CaseRules{}, err
	}
	m, err := a.db.MajorRules(ctx)
	return CaseRules{Thresholds: t, Major: m}, err
}

func officeOnly(actor dajia.Actor) error {
	if actor.Role != dajia.RoleOffice {
		return dajia.Errorf(dajia.Forbidden, "", "只有打假办可以修改")
	}
	return nil
}

// SetThresholdRules replaces the criminal thresholds (the office only):
// each rule checked, their ids distinct; audited. An empty list brings
// back the defaults.
func (a *App) SetThresholdRules(ctx context.Context, actor dajia.Actor, rules []dajia.ThresholdRule) error {
	if err := officeOnly(actor); err != nil {
		return err
	}
	seen := map[string]bool{}
	for i := range rules {
		r := &rules[i]
		r.ID, r.Source = strings.TrimSpace(r.ID), strings.TrimSpace(r.Source)
		if err := r.Check(); err != nil {
			return err
		}
		if seen[r.ID] {
			return dajia.Errorf(dajia.Invalid, "id", "规则编号“%s”重复", r.ID)
		}
		seen[r.ID] = true
	}
	return a.db.SetThresholdRules(ctx, actor, rules)
}

// SetMajorRules replaces the major-case rules (the office only): each rule
// checked, their ids distinct; audited. An empty list brings back the
// defaults. Every case's major flag follows in the same transaction.
func (a *App) SetMajorRules(ctx context.Context, actor dajia.Actor, rules []dajia.MajorRule) error {
	if err := officeOnly(actor); err != nil {
		return err
	}
	seen := map[string]bool{}
	for i := range rules {
		r := &rules[i]
		r.ID, r.Source = strings.TrimSpace(r.ID), strings.TrimSpace(r.Source)
		if err := r.Check(); err != nil {
			return err
		}
		if seen[r.ID] {
			return dajia.Errorf(dajia.Invalid, "id", "规则编号“%s”重复", r.ID)
		}
		seen[r.ID] = true
	}
	return a.db.SetMajorRules(ctx, actor, rules)
}

// prefixUnit resolves the unit whose prefix the actor reads or sets: the
// office any unit of the current plan, a unit's head or officer its own
// ("" is the actor's own).
func (a *App) prefixUnit(ctx context.Context, actor dajia.Actor, unit string) (string, error) {
	unit = strings.TrimSpace(unit)
	if unit == "" {
		unit = actor.Unit
	}
	switch actor.Role {
	case dajia.RoleOffice:
	case dajia.RoleHead, dajia.RoleOfficer:
		if unit != actor.Unit {
			return "", dajia.Errorf(dajia.Forbidden, "", "只能设置本单位的案件编号前缀")
		}
	default:
		return "", dajia.Errorf(dajia.Forbidden, "", "只有打假办或本单位负责人可以设置案件编号前缀")
	}
	plans, err := a.db.Plans(ctx)
	if err != nil {
		return "", err
	}
	for _, p := range plans {
		v, err := a.db.Plan(ctx, p.ID)
		if err != nil {
			return "", err
		}
		if r, ok := v.Plan.Lookup(unit); ok && r.Unit.Key != dajia.OfficeKey {
			return r.Unit.Key, nil
		}
	}
	return "", dajia.Errorf(dajia.Invalid, "unit", "方案中没有单位 %q", unit)
}

// CasePrefix returns the case number prefix of a unit ("" is the actor's
// own); false when none is set.
func (a *App) CasePrefix(ctx context.Context, actor dajia.Actor, unit string) (string, bool, error) {
	key, err := a.prefixUnit(ctx, actor, unit)
	if err != nil {
		return "", false, err
	}
	return a.db.CasePrefix(ctx, key)
}

// SetCasePrefix sets the case number prefix of a unit: the office for any
// unit, a unit's head for its own ("" is the actor's own); audited.
func (a *App) SetCasePrefix(ctx context.Context, actor dajia.Actor, unit, prefix string) error {
	key, err := a.prefixUnit(ctx, actor, unit)
	if err != nil {
		return err
	}
	if actor.Role == dajia.RoleOfficer {
		return dajia.Errorf(dajia.Forbidden, "", "只有打假办或本单位负责人可以设置案件编号前缀")
	}
	prefix = strings.TrimSpace(prefix)
	if err := dajia.CheckCasePrefix(prefix); err != nil {
		return err
	}
	return a.db.SetCasePrefix(ctx, actor, key, prefix)
}
