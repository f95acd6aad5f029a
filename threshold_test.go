package dajia_test

import (
	"slices"
	"testing"

	"dajia"
	"dajia/locale"
)

func crossedIDs(c dajia.Case, rules []dajia.ThresholdRule) []string {
	var ids []string
	for _, r := range c.Crossed(rules) {
		ids = append(ids, r.ID)
	}
	return ids
}

// Each prong at, just below and just above its limit (one fen).
func TestCriminalThresholdProngsAtJustBelowAndJustAboveTheirLimits(t *testing.T) {
	rules := dajia.DefaultThresholdRules()
	fake := []dajia.Violation{dajia.ViolationFakeInferior}
	mark := []dajia.Violation{dajia.ViolationCounterfeitMark}
	sell := []dajia.Violation{dajia.ViolationSellCounterfeitMark}
	tests := []struct {
		name   string
		v      []dajia.Violation
		sales  string
		unsold string
		gains  string
		marks  int
		want   []string
	}{
		{"伪劣: sales just below", fake, "49999.99", "0", "0", 0, nil},
		{"伪劣: sales at", fake, "50000", "0", "0", 0, []string{"fake-sales", "fake-mixed"}},
		{"伪劣: sales just above", fake, "50000.01", "0", "0", 0, []string{"fake-sales", "fake-mixed"}},
		{"伪劣: unsold just below", fake, "0", "149999.99", "0", 0, nil},
		{"伪劣: unsold at", fake, "0", "150000", "0", 0, []string{"fake-unsold", "fake-mixed"}},
		{"伪劣: unsold just above", fake, "0", "150000.01", "0", 0, []string{"fake-unsold", "fake-mixed"}},
		{"伪劣: 3 × sales + unsold just below", fake, "40000", "29999.99", "0", 0, nil},
		{"伪劣: 3 × sales + unsold at", fake, "40000", "30000", "0", 0, []string{"fake-mixed"}},
		{"伪劣: 3 × sales + unsold just above", fake, "40000", "30000.01", "0", 0, []string{"fake-mixed"}},
		{"伪劣: gains do not count", fake, "0", "0", "1000000", 0, nil},
		{"伪劣 amounts under another offence", []dajia.Violation{dajia.ViolationLabel}, "60000", "0", "0", 0, nil},
		{"假冒: turnover just below", mark, "20000", "29999.99", "0", 1, nil},
		{"假冒: turnover at", mark, "20000", "30000", "0", 1, []string{"mark-turnover"}},
		{"假冒: turnover just above", mark, "20000", "30000.01", "0", 1, []string{"mark-turnover"}},
		{"假冒: gains just below", mark, "0", "0", "29999.99", 1, nil},
		{"假冒: gains at", mark, "0", "0", "30000", 1, []string{"mark-gains"}},
		{"假冒: gains just above", mark, "0", "0", "30000.01", 1, []string{"mark-gains"}},
		{"假冒 two marks: turnover just below", mark, "29999.99", "0", "0", 2, nil},
		{"假冒 two marks: turnover at", mark, "30000", "0", "0", 2, []string{"marks-turnover"}},
		{"假冒 one mark: the two-mark limit does not apply", mark, "30000", "0", "0", 1, nil},
		{"假冒 two marks: gains just below", mark, "0", "0", "19999.99", 2, nil},
		{"假冒 two marks: gains at", mark, "0", "0", "20000", 2, []string{"marks-gains"}},
		{"假冒 two marks: gains just above", mark, "0", "0", "20000.01", 3, []string{"marks-gains"}},
		{"销售假冒: sales just below", sell, "49999.99", "0", "0", 0, nil},
		{"销售假冒: sales at", sell, "50000", "0", "0", 0, []string{"sell-mark-sales"}},
		{"销售假冒: sales just above", sell, "50000.01", "0", "0", 0, []string{"sell-mark-sales"}},
		{"销售假冒: unsold just below", sell, "0", "149999.99", "0", 0, nil},
		{"销售假冒: unsold at", sell, "0", "150000", "0", 0, []string{"sell-mark-unsold", "sell-mark-mixed"}},
		{"销售假冒: sales + unsold just below", sell, "40000", "109999.99", "0", 0, nil},
		{"销售假冒: sales + unsold at", sell, "40000", "110000", "0", 0, []string{"sell-mark-mixed"}},
		{"销售假冒: sales + unsold just above", sell, "40000", "110000.01", "0", 0, []string{"sell-mark-mixed"}},
		{"销售假冒: gains just below", sell, "0", "0", "29999.99", 0, nil},
		{"销售假冒: gains at", sell, "0", "0", "30000", 0, []string{"sell-mark-gains"}},
		{"two offences: each counts its own", []dajia.Violation{dajia.ViolationFakeInferior, dajia.ViolationSellCounterfeitMark}, "50000", "0", "0", 0, []string{"fake-sales", "fake-mixed", "sell-mark-sales"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCase()
			c.Violations, c.Sales, c.Unsold, c.Gains, c.Marks = tt.v, yuan(tt.sales), yuan(tt.unsold), yuan(tt.gains), tt.marks
			if got := crossedIDs(c, rules); !slices.Equal(got, tt.want) {
				t.Fatalf("crossed %v, want %v", got, tt.want)
			}
			if c.ConsiderTransfer(rules) != (len(tt.want) > 0) {
				t.Fatal("the transfer task must follow the crossing")
			}
		})
	}
}

func TestThresholdRulesAreDataThatNameTheirSource(t *testing.T) {
	ids := map[string]bool{}
	for _, r := range dajia.DefaultThresholdRules() {
		if err := r.Check(); err != nil {
			t.Errorf("%s: %v", r.ID, err)
		}
		if ids[r.ID] {
			t.Errorf("%s twice", r.ID)
		}
		ids[r.ID] = true
	}
	good := dajia.DefaultThresholdRules()[0]
	tests := []struct {
		name  string
		edit  func(*dajia.ThresholdRule)
		field string
	}{
		{"no id", func(r *dajia.ThresholdRule) { r.ID = "" }, "id"},
		{"unknown offence", func(r *dajia.ThresholdRule) { r.Offence = "x" }, "offence"},
		{"no source", func(r *dajia.ThresholdRule) { r.Source = " " }, "source"},
		{"no factor", func(r *dajia.ThresholdRule) { r.SalesFactor = 0 }, "factor"},
		{"negative factor", func(r *dajia.ThresholdRule) { r.UnsoldFactor = -1 }, "factor"},
		{"no minimum", func(r *dajia.ThresholdRule) { r.Min = 0 }, "min"},
		{"negative marks", func(r *dajia.ThresholdRule) { r.MarksAtLeast = -1 }, "marks"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := good
			tt.edit(&r)
			if e := dajia.ErrorOf(r.Check()); e.Code != dajia.Invalid || e.Field != tt.field {
				t.Fatalf("Check = %v, want %s", e, tt.field)
			}
		})
	}
	// An edited rule is what counts: the office raises the sales limit.
	c := newCase()
	c.Sales = yuan("60000")
	edited := []dajia.ThresholdRule{good}
	edited[0].Min = yuan("100000")
	if len(c.Crossed(edited)) != 0 {
		t.Fatal("the edited limit is not used")
	}
	for _, v := range dajia.Violations {
		if locale.Text("en", string(v.Name())) == string(v.Name()) {
			t.Errorf("violation %s has no English", v)
		}
	}
}

func TestMajorCaseRulesSayWhetherAndWhy(t *testing.T) {
	rules := dajia.DefaultMajorRules()
	tests := []struct {
		name string
		edit func(*dajia.Case)
		want []dajia.MajorKind
	}{
		{"an ordinary case", func(*dajia.Case) {}, nil},
		{"value just below", func(c *dajia.Case) { c.Sales, c.Unsold = yuan("50000"), yuan("49999.99") }, nil},
		{"value at", func(c *dajia.Case) { c.Sales, c.Unsold = yuan("50000"), yuan("50000") }, []dajia.MajorKind{dajia.MajorAmount}},
		{"across regions", func(c *dajia.Case) { c.CrossRegion = true }, []dajia.MajorKind{dajia.MajorCrossRegion}},
		{"someone hurt", func(c *dajia.Case) { c.Injured = 1 }, []dajia.MajorKind{dajia.MajorInjury}},
		{"someone dead", func(c *dajia.Case) { c.Dead = 1 }, []dajia.MajorKind{dajia.MajorDeath}},
		{"in the news", func(c *dajia.Case) { c.Media = true }, []dajia.MajorKind{dajia.MajorMedia}},
		{"supervised", func(c *dajia.Case) { c.SupervisedBy = "省打假办" }, []dajia.MajorKind{dajia.MajorSupervised}},
		{"blank supervisor", func(c *dajia.Case) { c.SupervisedBy = " " }, nil},
		{"several reasons", func(c *dajia.Case) { c.Dead, c.Injured, c.Media = 1, 3, true }, []dajia.MajorKind{dajia.MajorInjury, dajia.MajorDeath, dajia.MajorMedia}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCase()
			tt.edit(&c)
			major, why := c.Major(rules)
			var kinds []dajia.MajorKind
			for _, r := range why {
				kinds = append(kinds, r.Kind)
			}
			if major != (len(tt.want) > 0) || !slices.Equal(kinds, tt.want) {
				t.Fatalf("Major = %v %v, want %v", major, kinds, tt.want)
			}
		})
	}
	// The rules are data: three injured make it major under a rule of three.
	c := newCase()
	c.Injured = 2
	three := []dajia.MajorRule{{ID: "injury", Kind: dajia.MajorInjury, People: 3, Source: "打假办设定"}}
	if major, _ := c.Major(three); major {
		t.Fatal("two of three")
	}
	c.Injured = 3
	if major, _ := c.Major(three); !major {
		t.Fatal("three of three")
	}
	for _, r := range rules {
		if err := r.Check(); err != nil {
			t.Errorf("%s: %v", r.ID, err)
		}
		if locale.Text("en", string(r.Kind.Name())) == string(r.Kind.Name()) {
			t.Errorf("%s has no English", r.Kind)
		}
	}
	for _, bad := range []dajia.MajorRule{
		{ID: "", Kind: dajia.MajorMedia},
		{ID: "x", Kind: "weather"},
		{ID: "x", Kind: dajia.MajorAmount},
		{ID: "x", Kind: dajia.MajorDeath},
	} {
		if dajia.ErrorCode(bad.Check()) != dajia.Invalid {
			t.Errorf("%+v passed", bad)
		}
	}
}
