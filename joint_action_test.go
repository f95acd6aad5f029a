package dajia_test

import (
	"strings"
	"testing"

	"dajia"
)

func action(kv ...string) dajia.JointAction {
	j := dajia.JointAction{PlanID: "zs-gangkou-2017", Name: "第一次统一集中行动", Start: dajia.MustDate("2017-09-18"), End: dajia.MustDate("2017-09-22"),
		Units: []string{"工商分局", "zjfj"}, Places: []string{"批发市场"}, Categories: []string{"食品"}}
	for i := 0; i < len(kv); i += 2 {
		switch kv[i] {
		case "start":
			j.Start = dajia.MustDate(kv[i+1])
		case "end":
			j.End = dajia.MustDate(kv[i+1])
		}
	}
	return j
}

func fields(errs []dajia.FieldError) string {
	var out []string
	for _, e := range errs {
		out = append(out, e.Field+":"+e.Message)
	}
	return strings.Join(out, "; ")
}

// A joint action names its units, places and categories from the plan,
// and every problem is reported at once.
func TestJointActionCheckReportsEveryProblemAtOnce(t *testing.T) {
	p := reference(t)
	today := dajia.MustDate("2017-09-20")
	j := action()
	if errs := j.Check(p, today); len(errs) != 0 {
		t.Fatalf("a whole action: %s", fields(errs))
	}
	if strings.Join(j.Units, ",") != "gsfj,zjfj" {
		t.Errorf("units resolved to keys: %v", j.Units)
	}
	for _, tt := range []struct {
		name  string
		edit  func(*dajia.JointAction)
		field []string
	}{
		{"nothing", func(j *dajia.JointAction) { *j = dajia.JointAction{} }, []string{"name", "start", "units"}},
		{"end before start", func(j *dajia.JointAction) { j.End = dajia.MustDate("2017-09-01") }, []string{"end"}},
		{"too long", func(j *dajia.JointAction) { j.End = dajia.MustDate("2018-12-01") }, []string{"end"}},
		{"unknown unit, the office, place and category", func(j *dajia.JointAction) {
			j.Units = []string{"某局", "office"}
			j.Places, j.Categories = []string{"月球"}, []string{"飞船"}
		}, []string{"units", "units", "places", "categories"}},
		{"a long name and negative staff", func(j *dajia.JointAction) {
			j.Name = strings.Repeat("行", dajia.MaxActionName+1)
			j.Forces = []dajia.ActionForce{{Unit: "office", Staff: -1, Vehicles: dajia.MaxActionVehicles + 1}}
		}, []string{"name", "staff", "vehicles"}},
		{"a unit that does not take part", func(j *dajia.JointAction) { j.Forces = []dajia.ActionForce{{Unit: "syjfj", Staff: 3}} }, []string{"staff"}},
		{"done without summary", func(j *dajia.JointAction) { j.Done = true }, []string{"summary"}},
		{"done before it starts", func(j *dajia.JointAction) {
			j.Start, j.End, j.Done, j.Summary = dajia.MustDate("2017-10-09"), dajia.MustDate("2017-10-10"), true, "小结"
		}, []string{"done"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			j := action()
			tt.edit(&j)
			errs := j.Check(p, today)
			var got []string
			for _, e := range errs {
				got = append(got, e.Field)
			}
			if strings.Join(got, ",") != strings.Join(tt.field, ",") {
				t.Fatalf("fields %v, want %v (%s)", got, tt.field, fields(errs))
			}
		})
	}
}

// Dates outside the phase that asks for joint actions (the seed's 集中整治,
// 2017-09-01..11-30) warn but do not refuse.
func TestJointActionOutsideTheConcentratedPhaseWarns(t *testing.T) {
	p := reference(t)
	for _, tt := range []struct {
		start, end string
		warn       bool
	}{
		{"2017-09-01", "2017-09-05", false},
		{"2017-11-25", "2017-11-30", false},
		{"2017-08-28", "2017-09-03", true},
		{"2017-11-28", "2017-12-02", true},
		{"2017-12-10", "2017-12-12", true},
	} {
		j := action("start", tt.start, "end", tt.end)
		if errs := j.Check(p, dajia.MustDate("2017-12-31")); len(errs) != 0 {
			t.Fatalf("%s..%s refused: %s", tt.start, tt.end, fields(errs))
		}
		w := j.Warnings(p)
		if (len(w) > 0) != tt.warn {
			t.Errorf("%s..%s warnings %s", tt.start, tt.end, fields(w))
		}
		if tt.warn && (!strings.Contains(w[0].Message, "集中整治阶段") || w[0].Rule != "outside_phase") {
			t.Errorf("the warning: %+v", w[0])
		}
	}
	noPhase := *p
	noPhase.Phases = nil
	j := action()
	if w := j.Warnings(&noPhase); len(w) != 1 || !strings.Contains(w[0].Message, "没有要求") {
		t.Errorf("a plan without such a phase: %s", fields(w))
	}
}

// An action is planned, under way or done by its dates, or done once
// marked; it counts as done on its last day or the day it was marked.
func TestJointActionStatusByDatesOrMarkedDone(t *testing.T) {
	j := action()
	for day, want := range map[string]dajia.ActionStatus{"2017-09-17": dajia.ActionPlanned, "2017-09-18": dajia.ActionUnderWay,
		"2017-09-22": dajia.ActionUnderWay, "2017-09-23": dajia.ActionDone} {
		if got := j.Status(dajia.MustDate(day)); got != want {
			t.Errorf("%s: %s, want %s", day, got, want)
		}
	}
	if _, ok := j.DoneDay(dajia.MustDate("2017-09-22")); ok {
		t.Error("done on its last day")
	}
	if d, ok := j.DoneDay(dajia.MustDate("2017-12-01")); !ok || d != j.End {
		t.Errorf("ended: %v %v", d, ok)
	}
	j.Done, j.DoneOn = true, dajia.MustDate("2017-09-20")
	if j.Status(dajia.MustDate("2017-09-20")) != dajia.ActionDone {
		t.Error("marked done")
	}
	if d, _ := j.DoneDay(dajia.MustDate("2017-09-20")); d != j.DoneOn {
		t.Errorf("marked done on %v", d)
	}
	j.DoneOn = dajia.MustDate("2017-12-05")
	if d, _ := j.DoneDay(dajia.MustDate("2017-12-05")); d != j.End {
		t.Errorf("marked done after its end counts on its end: %v", d)
	}
}

// The overview's planned / done: the phase's required number, and the
// actions done inside the phase.
func TestTallyActionsCountsActionsDoneInsideThePhase(t *testing.T) {
	p := reference(t)
	today := dajia.MustDate("2017-12-15")
	inside := action()
	running := action("start", "2017-11-20", "end", "2017-12-20")
	after := action("start", "2017-12-01", "end", "2017-12-03")
	marked := action("start", "2017-11-20", "end", "2017-12-20")
	marked.Done, marked.DoneOn = true, dajia.MustDate("2017-11-28")
	tallies := dajia.TallyActions(p, []dajia.JointAction{inside, running, after, marked}, today)
	if len(tallies) != 1 || tallies[0].Phase.Name != "集中整治阶段" || tallies[0].Planned != 2 || tallies[0].Done != 2 {
		t.Fatalf("tallies = %+v", tallies)
	}
}

// Staff and vehicles add up over the units; who may record them.
func TestJointActionForcesAndWhoMayRecordThem(t *testing.T) {
	j := action()
	p := reference(t)
	j.Forces = []dajia.ActionForce{{Unit: "office", Staff: 4, Vehicles: 1}, {Unit: "gsfj", Staff: 10, Vehicles: 2}, {Unit: "zjfj"}}
	if errs := j.Check(p, dajia.MustDate("2017-09-20")); len(errs) != 0 {
		t.Fatal(fields(errs))
	}
	if j.Staff() != 14 || j.Vehicles() != 3 || len(j.Forces) != 2 {
		t.Errorf("totals %d %d %v", j.Staff(), j.Vehicles(), j.Forces)
	}
	office := dajia.Actor{UserID: 1, Name: "o", Role: dajia.RoleOffice}
	gs := dajia.Actor{UserID: 2, Name: "g", Role: dajia.RoleOfficer, Unit: "gsfj"}
	sy := dajia.Actor{UserID: 3, Name: "s", Role: dajia.RoleOfficer, Unit: "syjfj"}
	leader := dajia.Actor{UserID: 4, Name: "l", Role: dajia.RoleLeader}
	for _, tt := range []struct {
		who                 dajia.Actor
		see, edit, gsf, zjf bool
	}{{office, true, true, true, true}, {gs, true, false, true, false}, {sy, false, false, false, false}, {leader, true, false, false, false}} {
		if j.VisibleTo(tt.who) != tt.see || j.EditableBy(tt.who) != tt.edit || j.ForceBy(tt.who, "gsfj") != tt.gsf || j.ForceBy(tt.who, "zjfj") != tt.zjf {
			t.Errorf("%s: see %v edit %v", tt.who.Name, j.VisibleTo(tt.who), j.EditableBy(tt.who))
		}
	}
}

// A clue is tagged only with an action of its plan its lead unit takes
// part in, by those who handle it.
func TestClueTagsOnlyAnActionItsUnitTakesPartIn(t *testing.T) {
	j := action()
	j.ID, j.Units = 7, []string{"gsfj"}
	c := dajia.Clue{PlanID: "zs-gangkou-2017", LeadUnit: "gsfj", Status: dajia.CluePending}
	gs := dajia.Actor{UserID: 2, Name: "g", Role: dajia.RoleOfficer, Unit: "gsfj"}
	if st, err := c.TagAction(gs, &j); err != nil || c.ActionID != 7 || st.Note != "7" {
		t.Fatalf("tag: %v %+v", err, st)
	}
	if _, err := c.TagAction(gs, &j); dajia.ErrorCode(err) != dajia.Invalid {
		t.Errorf("the same action again: %v", err)
	}
	if st, err := c.TagAction(gs, nil); err != nil || c.ActionID != 0 || st.Note != "0" {
		t.Errorf("clear: %v", err)
	}
	zj := dajia.Clue{PlanID: "zs-gangkou-2017", LeadUnit: "zjfj", Status: dajia.CluePending}
	if _, err := zj.TagAction(dajia.Actor{Role: dajia.RoleOffice}, &j); dajia.ErrorCode(err) != dajia.Invalid {
		t.Errorf("a unit not taking part: %v", err)
	}
	if _, err := zj.TagAction(gs, &j); dajia.ErrorCode(err) != dajia.Forbidden {
		t.Errorf("another unit's clue: %v", err)
	}
	other := j
	other.PlanID = "x"
	if _, err := c.TagAction(gs, &other); dajia.ErrorCode(err) != dajia.Invalid {
		t.Errorf("another plan's action: %v", err)
	}
}
