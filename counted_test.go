package dajia_test

import (
	"testing"

	"dajia"
)

func TestCountedFigures(t *testing.T) {
	yuan := func(s string) dajia.Amount {
		a, err := dajia.ParseAmount(s)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	for _, tt := range []struct{ yuan, wan string }{
		{"0", "0"}, {"10000", "1"}, {"52345.67", "5.2346"}, {"6234.5", "0.6235"}, {"6234.4999", "0.6234"}, {"0.5", "0.0001"}, {"0.4999", "0"},
	} {
		t.Run("wan "+tt.yuan, func(t *testing.T) {
			if got := yuan(tt.yuan).Wan().String(); got != tt.wan {
				t.Fatalf("¥%s is %s 万元, want %s", tt.yuan, got, tt.wan)
			}
		})
	}
	figs := dajia.CaseFigures{Opened: 2, Value: yuan("52345.67"), Closed: 1, Fines: yuan("800"), Transferred: 3}
	field := dajia.FieldFigures{Inspections: 3, EntitiesChecked: 7, Inspectors: 6, Samples: 5, SamplesFailed: 2, Publicity: 1, Surveys: 4, JointActions: 2}
	t.Run("the rule's indicators only", func(t *testing.T) {
		got := dajia.Counted([]dajia.Indicator{{Key: "cases_opened"}, {Key: "fines"}, {Key: "samples"}, {Key: "dens_destroyed"}}, 4, figs, field)
		if len(got) != 3 || got["cases_opened"] != yuan("2") || got["fines"] != yuan("0.08") || got["samples"] != yuan("5") {
			t.Fatalf("%v", got)
		}
	})
	t.Run("field work under a plan's own indicators", func(t *testing.T) {
		got := dajia.Counted([]dajia.Indicator{{Key: "inspections"}, {Key: "surveys"}, {Key: "joint_actions"}}, 4, figs, field)
		if len(got) != 3 || got["inspections"] != yuan("3") || got["surveys"] != yuan("4") || got["joint_actions"] != yuan("2") {
			t.Fatalf("%v", got)
		}
	})
	t.Run("the default indicators", func(t *testing.T) {
		got := dajia.Counted(dajia.DefaultIndicators(), 4, figs, field)
		want := map[string]string{"tips_received": "4", "cases_opened": "2", "cases_closed": "1", "case_value": "5.2346", "fines": "0.08", "police_cases": "3",
			"inspectors": "6", "entities_checked": "7", "samples": "5", "samples_failed": "2", "publicity": "1"}
		if len(got) != len(want) {
			t.Fatalf("%v", got)
		}
		for k, v := range want {
			if got[k].String() != v {
				t.Errorf("%s: %s, want %s", k, got[k], v)
			}
		}
	})
	for _, tt := range []struct {
		name  string
		typed string
		count string
		want  bool
	}{
		{"empty", "", "1", false}, {"same", "1", "1", false}, {"same written otherwise", "1.0", "1", false},
		{"differs", "3", "1", true}, {"not a number", "x", "1", true},
	} {
		t.Run("differs: "+tt.name, func(t *testing.T) {
			if got := dajia.DiffersFromCount(tt.typed, yuan(tt.count)); got != tt.want {
				t.Fatalf("%v, want %v", got, tt.want)
			}
		})
	}
	for _, tt := range []struct {
		name string
		r    dajia.Report
		want bool
	}{
		{"an untouched draft", dajia.Report{Status: dajia.ReportDraft}, true},
		{"a figure typed", dajia.Report{Status: dajia.ReportDraft, Values: map[string]dajia.Amount{"cases_opened": 0}}, false},
		{"saved once", dajia.Report{Status: dajia.ReportDraft, Revision: 1}, false},
		{"sent", dajia.Report{Status: dajia.ReportSubmitted}, false},
	} {
		t.Run("starts from the count: "+tt.name, func(t *testing.T) {
			if got := tt.r.StartsFromCount("cases_opened"); got != tt.want {
				t.Fatalf("%v, want %v", got, tt.want)
			}
		})
	}
}
