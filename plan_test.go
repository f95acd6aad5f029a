package dajia_test

import (
	"slices"
	"testing"

	"dajia"
	"dajia/calendar"
	"dajia/planfile"
)

func reference(t *testing.T) *dajia.Plan {
	t.Helper()
	r := planfile.Check(planfile.Reference())
	if r.HasErrors() {
		t.Fatal(r.Err())
	}
	return r.Plan
}

func TestLookupFindsKeyNameAliasAndOffice(t *testing.T) {
	p := reference(t)
	for ref, key := range map[string]string{"jxj": "jxj", "经信局": "jxj", "经济科技信息局": "jxj", "镇打假办": dajia.OfficeKey, "质监分局": "zjfj"} {
		u, ok := p.Lookup(ref)
		if !ok || u.Unit.Key != key {
			t.Errorf("Lookup(%q) = %+v, %v; want %s", ref, u, ok, key)
		}
	}
	if _, ok := p.Lookup("不存在局"); ok {
		t.Error("an unknown name must not resolve")
	}
}

func TestCityBureauIsUpperLevelInTownPlan(t *testing.T) {
	p := reference(t)
	u, _ := p.Lookup("市质监局")
	if !p.IsUpperLevel(u.Unit) {
		t.Fatal("市质监局 must be upper-level in a town plan")
	}
	z, _ := p.Lookup("质监分局")
	if p.IsUpperLevel(z.Unit) {
		t.Fatal("质监分局 is a town department")
	}
}

func TestLeadsAndSupportsOfQualityBureau(t *testing.T) {
	p := reference(t)
	var leads []int
	for _, r := range p.LeadsOf("zjfj") {
		leads = append(leads, r.Campaign.No)
	}
	if !slices.Equal(leads, []int{4, 5, 7, 8}) {
		t.Fatalf("质监分局 leads %v", leads)
	}
	scope := p.LeadsOf("gsfj")
	if len(scope) != 3 || scope[0].Scope != dajia.ScopeCirculation {
		t.Fatalf("工商分局 leads %+v", scope)
	}
	var sup []int
	for _, r := range p.SupportsOf("jxj") {
		sup = append(sup, r.Campaign.No)
	}
	if !slices.Equal(sup, []int{1, 2, 4, 7, 8}) {
		t.Fatalf("经信局 supports %v (aliases count as the same department)", sup)
	}
}

func TestSeedReportsComeFromTownDepartmentsOnly(t *testing.T) {
	p := reference(t)
	units := p.ReportingUnits(p.Reporting[0])
	if len(units) != 10 || slices.Contains(units, "szjj") {
		t.Fatalf("reporting units = %v; want the 10 town departments without 市质监局", units)
	}
}

func TestNextObligationOfDepartment(t *testing.T) {
	p := reference(t)
	cal := calendar.Embedded()
	tests := []struct{ today, due, period string }{
		{"2017-09-15", "2017-10-05", "2017-09"},
		{"2017-10-05", "2017-10-05", "2017-09"},
		{"2017-10-06", "2017-11-05", "2017-10"},
		{"2017-12-20", "2018-01-05", "2017-12"},
	}
	for _, tt := range tests {
		t.Run(tt.today, func(t *testing.T) {
			duty, ok, err := p.NextObligation("gafj", d(tt.today), cal)
			if err != nil || !ok || duty.Due.String() != tt.due || duty.Period.ID() != tt.period {
				t.Errorf("on %s: %+v %v %v; want due %s for %s", tt.today, duty, ok, err, tt.due, tt.period)
			}
		})
	}
	if _, ok, _ := p.NextObligation("gafj", d("2018-01-06"), cal); ok {
		t.Error("after the last report of the plan year there is no next duty")
	}
	if _, ok, _ := p.NextObligation("szjj", d("2017-09-15"), cal); ok {
		t.Error("an upper-level body has no reporting duty to the town office")
	}
}

func TestPhaseOnDay(t *testing.T) {
	p := reference(t)
	for day, want := range map[string]string{"2017-08-01": "deploy", "2017-09-01": "action", "2017-11-30": "action", "2017-12-31": "review"} {
		ph, ok := p.PhaseOn(d(day))
		if !ok || ph.Key != want {
			t.Errorf("%s: phase %+v, want %s", day, ph, want)
		}
	}
	if _, ok := p.PhaseOn(d("2018-01-01")); ok {
		t.Error("no phase after the plan")
	}
}

func TestDateParsingRefusesImpossibleDates(t *testing.T) {
	for _, s := range []string{"2017-02-30", "2017-13-01", "17-01-01", "", "2017/01/01"} {
		if _, err := dajia.ParseDate(s); err == nil {
			t.Errorf("%q accepted", s)
		}
	}
}
