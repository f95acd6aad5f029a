package app

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"dajia"
)

// ThresholdInput is a criminal threshold rule as the office types it:
// factors and marks as whole numbers, the minimum in yuan as decimal text.
type ThresholdInput struct {
	ID           string      `json:"id"`
	Offence      string      `json:"offence"`
	Source       string      `json:"source"`
	SalesFactor  json.Number `json:"sales_factor"`
	UnsoldFactor json.Number `json:"unsold_factor"`
	GainsFactor  json.Number `json:"gains_factor"`
	Min          json.Number `json:"min"`
	MarksAtLeast json.Number `json:"marks_at_least"`
}

// MajorInput is a major-case rule as the office types it: the minimum in
// yuan as decimal text (for amount), people as a whole number (for injury
// and death).
type MajorInput struct {
	ID     string      `json:"id"`
	Kind   string      `json:"kind"`
	Min    json.Number `json:"min"`
	People json.Number `json:"people"`
	Source string      `json:"source"`
}

// CaseRulesInput is every rule of cases as the office edits them. An empty
// list brings back that list's defaults.
type CaseRulesInput struct {
	Thresholds []ThresholdInput `json:"thresholds"`
	Major      []MajorInput     `json:"major"`
}

// MaxRuleRows is how many rules a list holds.
const MaxRuleRows = 100

// InputOf is the rules in force as their form and the API show them.
func (r CaseRules) Input() CaseRulesInput {
	in := CaseRulesInput{Thresholds: []ThresholdInput{}, Major: []MajorInput{}}
	n := func(i int) json.Number { return json.Number(strconv.Itoa(i)) }
	for _, t := range r.Thresholds {
		in.Thresholds = append(in.Thresholds, ThresholdInput{ID: t.ID, Offence: string(t.Offence), Source: t.Source, SalesFactor: n(t.SalesFactor),
			UnsoldFactor: n(t.UnsoldFactor), GainsFactor: n(t.GainsFactor), Min: json.Number(t.Min.String()), MarksAtLeast: n(t.MarksAtLeast)})
	}
	for _, m := range r.Major {
		in.Major = append(in.Major, MajorInput{ID: m.ID, Kind: string(m.Kind), Min: json.Number(m.Min.String()), People: n(m.People), Source: m.Source})
	}
	return in
}

// rowErrors collects the problems of the rows, each named by its list,
// row (from 1) and field: thresholds.2.min.
type rowErrors struct{ errs dajia.FieldErrors }

func (re *rowErrors) add(list string, row int, err error) {
	e := dajia.ErrorOf(err)
	field := e.Field
	if field == "" {
		field = "id"
	}
	re.errs = append(re.errs, dajia.FieldError{Field: fmt.Sprintf("%s.%d.%s", list, row, field), Rule: "invalid", Message: e.Message, Key: e.Key, Args: e.Args})
}

func wholeNumber(field string, s json.Number) (int, error) {
	t := strings.TrimSpace(string(s))
	if t == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(t)
	if err != nil || n < 0 || n > 1_000_000 {
		return 0, dajia.Errorf(dajia.Invalid, field, "应为不小于 0 的整数")
	}
	return n, nil
}

func (in CaseRulesInput) rules() ([]dajia.ThresholdRule, []dajia.MajorRule, error) {
	var re rowErrors
	if len(in.Thresholds) > MaxRuleRows || len(in.Major) > MaxRuleRows {
		return nil, nil, dajia.Errorf(dajia.Invalid, "", "每类规则最多 %d 条", MaxRuleRows)
	}
	var ts []dajia.ThresholdRule
	seen := map[string]bool{}
	for i, t := range in.Thresholds {
		row := i + 1
		r := dajia.ThresholdRule{ID: strings.TrimSpace(t.ID), Offence: dajia.Violation(strings.TrimSpace(t.Offence)), Source: strings.TrimSpace(t.Source)}
		bad := false
		for _, f := range []struct {
			field string
			s     json.Number
			to    *int
		}{{"sales_factor", t.SalesFactor, &r.SalesFactor}, {"unsold_factor", t.UnsoldFactor, &r.UnsoldFactor},
			{"gains_factor", t.GainsFactor, &r.GainsFactor}, {"marks", t.MarksAtLeast, &r.MarksAtLeast}} {
			var err error
			if *f.to, err = wholeNumber(f.field, f.s); err != nil {
				re.add("thresholds", row, err)
				bad = true
			}
		}
		min, err := amount("min", t.Min)
		if err != nil {
			re.add("thresholds", row, err)
			bad = true
		}
		r.Min = min
		switch {
		case bad:
		case len([]rune(r.ID)) > 40 || len([]rune(r.Source)) > 200:
			re.add("thresholds", row, dajia.Errorf(dajia.Invalid, "source", "规则编号最多 %d 个字，依据最多 %d 个字", 40, 200))
		case r.Check() != nil:
			re.add("thresholds", row, r.Check())
		case seen[r.ID]:
			re.add("thresholds", row, dajia.Errorf(dajia.Invalid, "id", "规则编号“%s”重复", r.ID))
		}
		seen[r.ID] = true
		ts = append(ts, r)
	}
	var ms []dajia.MajorRule
	seen = map[string]bool{}
	for i, m := range in.Major {
		row := i + 1
		r := dajia.MajorRule{ID: strings.TrimSpace(m.ID), Kind: dajia.MajorKind(strings.TrimSpace(m.Kind)), Source: strings.TrimSpace(m.Source)}
		bad := false
		var err error
		if r.People, err = wholeNumber("people", m.People); err != nil {
			re.add("major", row, err)
			bad = true
		}
		if r.Min, err = amount("min", m.Min); err != nil {
			re.add("major", row, err)
			bad = true
		}
		switch {
		case bad:
		case len([]rune(r.ID)) > 40 || len([]rune(r.Source)) > 200:
			re.add("major", row, dajia.Errorf(dajia.Invalid, "source", "规则编号最多 %d 个字，依据最多 %d 个字", 40, 200))
		case r.Check() != nil:
			re.add("major", row, r.Check())
		case seen[r.ID]:
			re.add("major", row, dajia.Errorf(dajia.Invalid, "id", "规则编号“%s”重复", r.ID))
		}
		seen[r.ID] = true
		ms = append(ms, r)
	}
	if len(re.errs) > 0 {
		return nil, nil, re.errs
	}
	return ts, ms, nil
}

// SaveCaseRules replaces the criminal thresholds and the major-case rules
// (the office only): every row of both lists is checked first, and each
// problem is named by list, row and field (thresholds.2.min); only when
// all are good are both lists saved, in one transaction, each audited. An empty list brings
// back its defaults. It answers the rules in force.
func (a *App) SaveCaseRules(ctx context.Context, actor dajia.Actor, in CaseRulesInput) (CaseRules, error) {
	if err := officeOnly(actor); err != nil {
		return CaseRules{}, err
	}
	ts, ms, err := in.rules()
	if err != nil {
		return CaseRules{}, err
	}
	if err := a.db.SetCaseRules(ctx, actor, ts, ms); err != nil {
		return CaseRules{}, err
	}
	return a.CaseRules(ctx)
}

// CaseRulesFor returns the rules in force to the office.
func (a *App) CaseRulesFor(ctx context.Context, actor dajia.Actor) (CaseRules, error) {
	if err := officeOnly(actor); err != nil {
		return CaseRules{}, dajia.Errorf(dajia.Forbidden, "", "只有打假办可以查看和修改案件规则")
	}
	return a.CaseRules(ctx)
}

// UnitPrefix is a unit's case number prefix ("" when none is set).
type UnitPrefix struct {
	Unit   string `json:"unit"`
	Name   string `json:"name"`
	Prefix string `json:"prefix"`
}

// CasePrefixes lists the case number prefixes the actor may set, with
// the units of the current plan: the office every unit's, a unit's head
// its own.
func (a *App) CasePrefixes(ctx context.Context, actor dajia.Actor) ([]UnitPrefix, error) {
	if actor.Role != dajia.RoleOffice && actor.Role != dajia.RoleHead {
		return nil, dajia.Errorf(dajia.Forbidden, "", "只有打假办或本单位负责人可以设置案件编号前缀")
	}
	plans, err := a.db.Plans(ctx)
	if err != nil {
		return nil, err
	}
	if len(plans) == 0 {
		return nil, dajia.Errorf(dajia.NotFound, "plan", "还没有导入方案")
	}
	v, err := a.db.Plan(ctx, plans[0].ID)
	if err != nil {
		return nil, err
	}
	set, err := a.db.CasePrefixes(ctx)
	if err != nil {
		return nil, err
	}
	out := []UnitPrefix{}
	for _, u := range v.Plan.AllUnits() {
		if u.Unit.Key == dajia.OfficeKey || actor.Role == dajia.RoleHead && u.Unit.Key != actor.Unit {
			continue
		}
		out = append(out, UnitPrefix{Unit: u.Unit.Key, Name: v.Plan.DisplayName(u.Unit.Key), Prefix: set[u.Unit.Key]})
	}
	return out, nil
}
