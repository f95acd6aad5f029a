package planfile_test

import (
	"strings"
	"testing"

	"dajia/locale"
	"dajia/planfile"
)

// base is a small plan with no findings at all: the passing case of every rule.
const base = `format: dajia/plan/v1
id: test-2017
title: 测试方案
year: 2017
jurisdiction: {name: 测试镇, level: town}
document:
  issuer: 测试镇人民政府
  issued_on: 2017-01-10
office: {name: 测试打假办, host: 甲局}
departments:
  - {key: a, name: 甲局, aliases: [甲]}
  - {key: b, name: 乙局}
units:
  - {key: v1, name: 一村, kind: village}
campaigns:
  - no: 1
    name: 食品专项
    categories: [食品]
    lead: [{dept: 甲局}]
    support: [乙局]
  - no: 2
    name: 灯具专项
    categories: [灯具]
    lead: [{dept: 乙局, scope: 生产领域}, {dept: 甲局, scope: 流通领域}]
    support: [一村]
phases:
  - {key: p1, name: 一阶段, start: 2017-02-01, end: 2017-06-30}
  - {key: p2, name: 二阶段, start: 2017-07-01, end: 2017-12-31}
reporting:
  period: monthly
  due_day: 5
  units: departments
  to: 测试打假办
`

func TestBasePlanIsClean(t *testing.T) {
	r := planfile.Check([]byte(base))
	if len(r.Findings) != 0 || r.Plan == nil {
		for _, f := range r.Findings {
			t.Log(f.Message)
		}
		t.Fatalf("base plan has %d findings", len(r.Findings))
	}
}

type lintCase struct {
	rule string
	old  string // text of base to replace
	new  string
	at   string // the finding must be on the first line containing this, in the new file
}

var lintCases = []lintCase{
	{"syntax", "year: 2017", "year: [2017", "year: [2017"},
	{"structure", base, "- just\n- a list\n", "- just"},
	{"yaml-alias", "  - {key: b, name: 乙局}", "  - &b {key: b, name: 乙局}", "&b"},
	{"type", "year: 2017", "year: 二零一七", "year:"},
	{"type", "issued_on: 2017-01-10", "issued_on: 2017-02-30", "issued_on"},
	{"type", "    categories: [食品]", "    categories: 食品", "categories: 食品"},
	{"unknown-field", "    support: [乙局]", "    suport: [乙局]", "suport"},
	{"duplicate-field", "title: 测试方案", "title: 测试方案\ntitle: 又一个", "title: 又一个"},
	{"required", "title: 测试方案\n", "", "format:"},
	{"required", "  issuer: 测试镇人民政府\n", "", "document:"},
	{"format", "format: dajia/plan/v1", "format: dajia/plan/v2", "format:"},
	{"id-format", "id: test-2017", "id: Test 2017", "id:"},
	{"year-range", "year: 2017", "year: 1917", "year:"},
	{"enum", "  period: monthly", "  period: daily", "period: daily"},
	{"enum", "scope: 生产领域", "scope: 生产", "scope: 生产}"},
	{"key-format", "{key: b, name: 乙局}", "{key: B局, name: 乙局}", "B局"},
	{"duplicate-key", "{key: b, name: 乙局}", "{key: b, name: 甲局}", "{key: b, name: 甲局}"},
	{"duplicate-number", "  - no: 2", "  - no: 1", "  - no: 1\n    name: 灯具"},
	{"unknown-unit", "    support: [乙局]", "    support: [乙局, 丁局]", "丁局"},
	{"no-lead", "    lead: [{dept: 甲局}]\n", "", "  - no: 1"},
	{"phase-order", "end: 2017-06-30", "end: 2017-01-30", "end: 2017-01-30"},
	{"due-day-range", "  due_day: 5", "  due_day: 32", "due_day: 32"},
	{"lead-is-support", "    support: [乙局]", "    support: [乙局, 甲]", "support: [乙局, 甲]"},
	{"duplicate-campaign", "    name: 灯具专项", "    name: 食品专项", "    name: 食品专项\n    categories: [灯具]"},
	{"duplicate-campaign", "    name: 灯具专项\n    categories: [灯具]\n    lead: [{dept: 乙局, scope: 生产领域}, {dept: 甲局, scope: 流通领域}]", "    name: 食品专项（二）\n    categories: [食品]\n    lead: [{dept: 甲局}]", "食品专项（二）"},
	{"inconsistent-name", "    lead: [{dept: 乙局, scope: 生产领域}, {dept: 甲局, scope: 流通领域}]", "    lead: [{dept: 乙局, scope: 生产领域}, {dept: 甲, scope: 流通领域}]", "{dept: 甲, scope"},
	{"category-overlap", "    categories: [灯具]", "    categories: [灯具, 食品]", "categories: [灯具, 食品]"},
	{"phase-overlap", "start: 2017-07-01", "start: 2017-06-15", "start: 2017-06-15"},
	{"phase-gap", "start: 2017-07-01", "start: 2017-07-15", "start: 2017-07-15"},
	{"phase-out-of-year", "end: 2017-12-31", "end: 2027-12-31", "end: 2027-12-31"},
	{"idle-department", "  - {key: b, name: 乙局}", "  - {key: b, name: 乙局}\n  - {key: c, name: 丙局}", "丙局"},
	{"undeclared-units", "departments:\n  - {key: a, name: 甲局, aliases: [甲]}\n  - {key: b, name: 乙局}\nunits:\n  - {key: v1, name: 一村, kind: village}\n", "", "  - no: 1"},
	{"scope-gap", ", {dept: 甲局, scope: 流通领域}]", "]", "lead: [{dept: 乙局, scope: 生产领域}]"},
	{"phases-in-standing-rules", "year: 2017", "year: 2017\nkind: standing-rules", "  - {key: p1"},
	{"duplicate-support", "    support: [乙局]", "    support: [乙局, 乙局]", "support: [乙局, 乙局]"},
	{"upper-level-lead", "    lead: [{dept: 甲局}]", "    lead: [{dept: 市局}]", "{dept: 市局}"},
	{"no-categories", "    categories: [食品]\n", "", "name: 食品专项"},
	{"phase-before-issue", "start: 2017-02-01", "start: 2017-01-01", "start: 2017-01-01"},
}

func lineOf(src, at string) int {
	i := strings.Index(src, at)
	if i < 0 {
		return -1
	}
	return strings.Count(src[:i], "\n") + 1
}

func TestEachLintRuleFindsItsProblemAtItsLine(t *testing.T) {
	covered := map[string]bool{}
	for _, c := range lintCases {
		covered[c.rule] = true
		t.Run(c.rule, func(t *testing.T) {
			if !strings.Contains(base, c.old) {
				t.Fatalf("test case does not apply: %q not in base", c.old)
			}
			src := strings.Replace(base, c.old, c.new, 1)
			if c.rule == "upper-level-lead" {
				src = strings.Replace(src, "  - {key: b, name: 乙局}", "  - {key: b, name: 乙局}\n  - {key: c, name: 市局, level: city}", 1)
			}
			want := lineOf(src, c.at)
			if want < 0 {
				t.Fatalf("marker %q not in the edited file", c.at)
			}
			r := planfile.Check([]byte(src))
			for _, f := range r.Findings {
				if f.Rule == c.rule && f.Line == want {
					if f.Severity != planfile.Rules[c.rule] {
						t.Errorf("severity %s, want %s", f.Severity, planfile.Rules[c.rule])
					}
					if f.Message == "" || !locale.Has("en", f.Key) || f.Column < 1 {
						t.Errorf("finding lacks a message or column: %+v", f)
					}
					return
				}
			}
			for _, f := range r.Findings {
				t.Log(f.Message)
			}
			t.Fatalf("no %s finding on line %d", c.rule, want)
		})
	}
	for rule := range planfile.Rules {
		if !covered[rule] && rule != "file-size" {
			t.Errorf("rule %s has no failing case in lintCases", rule)
		}
	}
}

func TestOversizedFileIsRefused(t *testing.T) {
	src := base + "goals: " + strings.Repeat("长", planfile.MaxSize) + "\n"
	r := planfile.Check([]byte(src))
	if len(r.Findings) != 1 || r.Findings[0].Rule != "file-size" || r.Plan != nil {
		t.Fatalf("findings = %+v", r.Findings)
	}
}

func TestUnknownFieldSuggestsTheRightOne(t *testing.T) {
	r := planfile.Check([]byte(strings.Replace(base, "    support: [乙局]", "    suport: [乙局]", 1)))
	if !r.HasErrors() || !strings.Contains(r.Findings[0].Message, "support") {
		t.Fatalf("findings = %+v", r.Findings)
	}
}

func TestUnknownUnitSuggestsCloseName(t *testing.T) {
	r := planfile.Check([]byte(strings.Replace(base, "    support: [乙局]", "    support: [乙 局]", 1)))
	if !r.HasErrors() || !strings.Contains(r.Findings[0].Message, "乙局") {
		t.Fatalf("findings = %+v", r.Findings)
	}
}

func TestShorthandsAreAccepted(t *testing.T) {
	// reporting as one rule (not a list) and units as one word are in base;
	// here the long forms must read the same.
	long := strings.Replace(base, "reporting:\n  period: monthly\n  due_day: 5\n  units: departments\n  to: 测试打假办\n",
		"reporting:\n  - period: monthly\n    due_day: 5\n    units: [departments]\n    to: 测试打假办\n", 1)
	a, b := planfile.Check([]byte(base)), planfile.Check([]byte(long))
	if b.HasErrors() || len(a.Plan.Reporting) != 1 || len(b.Plan.Reporting) != 1 || a.Plan.Reporting[0].Units[0] != b.Plan.Reporting[0].Units[0] {
		t.Fatalf("long form: %+v", b.Findings)
	}
}

func TestErrorsStopTheLintBeforeContentRules(t *testing.T) {
	src := strings.Replace(base, "year: 2017", "year: x\nbogus: 1", 1)
	r := planfile.Check([]byte(src))
	if r.Plan != nil || len(r.Findings) != 2 {
		t.Fatalf("findings = %+v", r.Findings)
	}
}
