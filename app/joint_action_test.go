package app_test

import (
	"context"
	"io"
	"testing"
	"time"

	"dajia"
	"dajia/app"
	"dajia/store"
)

func actionInput(kv ...string) app.ActionInput {
	in := app.ActionInput{PlanID: "zs-gangkou-2017", Name: "第一次统一集中行动", Start: "2017-09-18", End: "2017-09-22",
		Units: []string{"gsfj", "zjfj"}, Places: []string{"批发市场"}, Categories: []string{"食品"}, Staff: 4, Vehicles: 1}
	for i := 0; i < len(kv); i += 2 {
		switch kv[i] {
		case "start":
			in.Start = kv[i+1]
		case "end":
			in.End = kv[i+1]
		}
	}
	return in
}

// The office plans an action; out of the concentrated phase it warns but
// saves; a unit may not plan one.
func TestOnlyTheOfficePlansJointActionsAndOutOfPhaseWarns(t *testing.T) {
	a, _, _ := flowApp(t, time.Date(2017, 10, 10, 9, 0, 0, 0, dajia.ChinaTime))
	ctx := context.Background()
	if _, _, err := a.CreateJointAction(ctx, gs, actionInput()); dajia.ErrorCode(err) != dajia.Forbidden {
		t.Fatalf("a unit plans: %v", err)
	}
	bad := actionInput("end", "2017-09-01")
	bad.Name, bad.Units = "", []string{"某局"}
	_, _, err := a.CreateJointAction(ctx, office, bad)
	var fe dajia.FieldErrors
	if !errorsAsFields(err, &fe) || len(fe) != 3 {
		t.Fatalf("every problem at once: %v", err)
	}
	r, warn, err := a.CreateJointAction(ctx, office, actionInput())
	if err != nil || len(warn) != 0 || r.Staff() != 4 || len(r.Units) != 2 {
		t.Fatalf("inside the phase: %+v %v %v", r, warn, err)
	}
	r2, warn, err := a.CreateJointAction(ctx, office, actionInput("start", "2017-08-20", "end", "2017-08-25"))
	if err != nil || len(warn) != 1 || warn[0].Rule != "outside_phase" {
		t.Fatalf("outside the phase: %v %v", warn, err)
	}
	// A participating unit adds its own force; not another's.
	if _, err := a.SetActionForce(ctx, gs, r.ID, "gsfj", 12, 3); err != nil {
		t.Fatal(err)
	}
	if _, err := a.SetActionForce(ctx, gs, r.ID, "zjfj", 1, 1); dajia.ErrorCode(err) != dajia.Forbidden {
		t.Errorf("another unit's force: %v", err)
	}
	sy := dajia.Actor{UserID: 9, Name: "sy", Role: dajia.RoleOfficer, Unit: "syjfj"}
	if _, err := a.SetActionForce(ctx, sy, r.ID, "syjfj", 1, 1); dajia.ErrorCode(err) != dajia.NotFound {
		t.Errorf("a unit not taking part: %v", err)
	}
	got, err := a.JointAction(ctx, office, r.ID)
	if err != nil || got.Staff() != 16 || got.Vehicles() != 4 {
		t.Fatalf("forces: %+v %v", got.Forces, err)
	}
	// The office changes the action: the organiser's figures replaced,
	// the unit's kept; marking it done needs the summary.
	in := actionInput()
	in.Staff, in.Done = 6, true
	if _, _, err := a.UpdateJointAction(ctx, office, r.ID, in); dajia.ErrorCode(err) != dajia.Invalid {
		t.Fatalf("done without summary: %v", err)
	}
	in.Summary = "出动执法人员，检查批发市场"
	got, _, err = a.UpdateJointAction(ctx, office, r.ID, in)
	if err != nil || !got.Done || got.DoneOn != dajia.MustDate("2017-10-10") || got.Staff() != 18 {
		t.Fatalf("update: %+v %v", got, err)
	}
	l, err := a.JointActions(ctx, sy, app.ActionQuery{})
	if err != nil || l.Total != 0 {
		t.Errorf("a unit not taking part lists %d", l.Total)
	}
	if l, _ := a.JointActions(ctx, zj, app.ActionQuery{}); l.Total != 2 {
		t.Errorf("a participating unit lists %d", l.Total)
	}
	if l, _ := a.JointActions(ctx, office, app.ActionQuery{Status: dajia.ActionDone}); l.Total != 2 || l.Actions[0].ID != r.ID {
		t.Errorf("done: %d", l.Total)
	}
	_ = r2
}

func errorsAsFields(err error, fe *dajia.FieldErrors) bool {
	for err != nil {
		if f, ok := err.(dajia.FieldErrors); ok {
			*fe = f
			return true
		}
		u, ok := err.(interface{ Unwrap() error })
		if !ok {
			return false
		}
		err = u.Unwrap()
	}
	return false
}

// An action's results are exactly the clues and cases tagged with it and
// dated inside its dates: a tagged clue received after it and an untagged
// one received during it do not count; each unit counts its own.
func TestJointActionResultsCountTaggedRecordsDatedInside(t *testing.T) {
	a, _, _ := flowApp(t, time.Date(2017, 10, 10, 9, 0, 0, 0, dajia.ChinaTime))
	ctx := context.Background()
	j, _, err := a.CreateJointAction(ctx, office, actionInput())
	if err != nil {
		t.Fatal(err)
	}
	clue := func(who dajia.Actor, ref, on string, action int64) dajia.Clue {
		t.Helper()
		c, err := a.CreateClue(ctx, who, app.ClueInput{PlanID: "zs-gangkou-2017", Source: dajia.ClueFromReferral, SourceRef: ref,
			ReceivedOn: on, Summary: "行动中发现", ActionID: action})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	inside := clue(gs, "1", "2017-09-20", j.ID)
	after := clue(gs, "2", "2017-09-25", j.ID)
	untagged := clue(gs, "3", "2017-09-20", 0)
	zjInside := clue(zj, "4", "2017-09-21", j.ID)
	sy := dajia.Actor{UserID: 9, Name: "sy", Role: dajia.RoleOfficer, Unit: "syjfj"}
	if _, err := a.CreateClue(ctx, sy, app.ClueInput{PlanID: "zs-gangkou-2017", Source: dajia.ClueFromReferral, SourceRef: "5",
		ReceivedOn: "2017-09-20", Summary: "x", ActionID: j.ID}); dajia.ErrorCode(err) != dajia.Invalid {
		t.Fatalf("a unit not taking part tags: %v", err)
	}
	// A case opened from the tagged clue inside the dates takes its tag;
	// one from the untagged clue is tagged on the case; one opened after
	// the action does not count.
	k1, err := a.OpenCase(ctx, gs, app.CaseInput{ClueID: inside.ID, OpenedOn: "2017-09-21", Violations: []dajia.Violation{dajia.ViolationFakeInferior}})
	if err != nil || k1.ActionID != j.ID {
		t.Fatalf("case inherits the tag: %+v %v", k1.ActionID, err)
	}
	if _, err := a.UpdateCaseFacts(ctx, gs, k1.ID, amounts2("1000", "500", "200", "50", dajia.ViolationFakeInferior)); err != nil {
		t.Fatal(err)
	}
	k2, err := a.OpenCase(ctx, gs, app.CaseInput{ClueID: untagged.ID, OpenedOn: "2017-09-22", Violations: []dajia.Violation{dajia.ViolationFakeInferior}})
	if err != nil || k2.ActionID != 0 {
		t.Fatal(err)
	}
	if _, err := a.TagCase(ctx, zj, k2.ID, j.ID); dajia.ErrorCode(err) != dajia.NotFound {
		t.Errorf("another unit tags the case: %v", err)
	}
	if k2, err = a.TagCase(ctx, gs, k2.ID, j.ID); err != nil || k2.ActionID != j.ID {
		t.Fatal(err)
	}
	if _, err := a.OpenCase(ctx, gs, app.CaseInput{ClueID: after.ID, OpenedOn: "2017-09-26", Violations: []dajia.Violation{dajia.ViolationFakeInferior}}); err != nil {
		t.Fatal(err)
	}

	figures := func(who dajia.Actor) map[string]store.ActionFigure {
		t.Helper()
		f, err := a.OpenJointAction(ctx, who, j.ID)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]store.ActionFigure{}
		for _, x := range f.Results {
			m[x.Kind] = x
		}
		return m
	}
	all := figures(office)
	if all["clues"].Count != 2 || all["cases"].Count != 2 || all["cases"].Value != amount(t, "1500") || all["cases"].Fines != amount(t, "250") {
		t.Fatalf("office: %+v", all)
	}
	if m := figures(gs); m["clues"].Count != 1 || m["cases"].Count != 2 {
		t.Errorf("gsfj: %+v", m)
	}
	if m := figures(zj); m["clues"].Count != 1 || m["cases"].Count != 0 {
		t.Errorf("zjfj: %+v", m)
	}
	if _, err := a.OpenJointAction(ctx, sy, j.ID); dajia.ErrorCode(err) != dajia.NotFound {
		t.Errorf("a unit not taking part opens it: %v", err)
	}
	// The filtered lists hold exactly the records counted.
	cl, err := a.Clues(ctx, office, app.ClueQuery{Action: j.ID})
	if err != nil || cl.Total != 2 || !sameIDs(cl.Clues, inside.ID, zjInside.ID) {
		t.Errorf("clue list: %d %v", cl.Total, err)
	}
	ks, err := a.Cases(ctx, office, app.CaseQuery{Action: j.ID})
	if err != nil || ks.Total != 2 {
		t.Errorf("case list: %d %v", ks.Total, err)
	}
	// Untagging the clue takes it out.
	if _, err := a.TagClue(ctx, gs, inside.ID, 0); err != nil {
		t.Fatal(err)
	}
	if m := figures(office); m["clues"].Count != 1 {
		t.Errorf("after untagging: %+v", m)
	}
	// The overview's planned / done: the action ended on 22 September.
	tallies, err := a.ActionTallies(ctx, office, "zs-gangkou-2017")
	if err != nil || len(tallies) != 1 || tallies[0].Planned != 2 || tallies[0].Done != 1 {
		t.Fatalf("tallies: %+v %v", tallies, err)
	}
	ph := tallies[0].Phase
	l, err := a.JointActions(ctx, office, app.ActionQuery{PlanID: "zs-gangkou-2017", DoneFrom: ph.Start.String(), DoneTo: ph.End.String()})
	if err != nil || l.Total != 1 {
		t.Errorf("the list behind done: %d %v", l.Total, err)
	}
	if tallies, _ := a.ActionTallies(ctx, sy, "zs-gangkou-2017"); len(tallies) != 1 || tallies[0].Done != 0 {
		t.Errorf("a unit not taking part: %+v", tallies)
	}
	if tallies, _ := a.ActionTallies(ctx, auditor, "zs-gangkou-2017"); tallies != nil {
		t.Errorf("an administrator: %+v", tallies)
	}
}

func sameIDs(cs []dajia.Clue, ids ...int64) bool {
	if len(cs) != len(ids) {
		return false
	}
	seen := map[int64]bool{}
	for _, c := range cs {
		seen[c.ID] = true
	}
	for _, id := range ids {
		if !seen[id] {
			return false
		}
	}
	return true
}

// Publicity: a unit records and sees its own; the office all; the totals
// add up the reach of every page.
func TestPublicityByUnitWithReachTotals(t *testing.T) {
	a, _, _ := flowApp(t, time.Date(2017, 10, 10, 9, 0, 0, 0, dajia.ChinaTime))
	ctx := context.Background()
	j, _, err := a.CreateJointAction(ctx, office, actionInput())
	if err != nil {
		t.Fatal(err)
	}
	rec := func(who dajia.Actor, in app.PublicityInput) store.PublicityRecord {
		t.Helper()
		in.PlanID = "zs-gangkou-2017"
		r, err := a.CreatePublicity(ctx, who, in, []io.ReadSeeker(nil))
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	g1 := rec(gs, app.PublicityInput{On: "2017-09-20", Channel: dajia.ChannelLeaflet, Title: "资料派发", People: 100, Copies: 500, ActionID: j.ID, CampaignNo: 1})
	rec(gs, app.PublicityInput{On: "2017-10-01", Channel: dajia.ChannelWeChat, Title: "推文", Views: 2000})
	z := rec(zj, app.PublicityInput{On: "2017-09-21", Channel: dajia.ChannelDesk, Title: "咨询台", People: 50})
	if g1.Unit != "gsfj" || z.Unit != "zjfj" {
		t.Fatalf("units %s %s", g1.Unit, z.Unit)
	}
	if _, err := a.CreatePublicity(ctx, zj, app.PublicityInput{PlanID: "zs-gangkou-2017", Unit: "gsfj", On: "2017-09-20", Channel: dajia.ChannelTV,
		Title: "x"}, nil); err != nil {
		t.Fatal(err) // a unit's account records its own unit whatever it names
	}
	sy := dajia.Actor{UserID: 9, Name: "sy", Role: dajia.RoleOfficer, Unit: "syjfj"}
	if _, err := a.CreatePublicity(ctx, sy, app.PublicityInput{PlanID: "zs-gangkou-2017", On: "2017-09-20", Channel: dajia.ChannelTV,
		Title: "x", ActionID: j.ID}, nil); dajia.ErrorCode(err) != dajia.Invalid {
		t.Errorf("an action the unit does not take part in: %v", err)
	}
	for _, tt := range []struct {
		who                   dajia.Actor
		q                     app.PublicityQuery
		n                     int
		people, copies, views int64
	}{
		{office, app.PublicityQuery{}, 4, 150, 500, 2000},
		{gs, app.PublicityQuery{}, 2, 100, 500, 2000},
		{gs, app.PublicityQuery{Unit: "zjfj"}, 0, 0, 0, 0},
		{zj, app.PublicityQuery{}, 2, 50, 0, 0},
		{office, app.PublicityQuery{Channel: dajia.ChannelLeaflet}, 1, 100, 500, 0},
		{office, app.PublicityQuery{From: "2017-09-21", To: "2017-09-30"}, 1, 50, 0, 0},
		{office, app.PublicityQuery{CampaignNo: 1}, 1, 100, 500, 0},
		{office, app.PublicityQuery{Action: j.ID}, 1, 100, 500, 0},
		{sy, app.PublicityQuery{}, 0, 0, 0, 0},
	} {
		l, err := a.Publicities(ctx, tt.who, tt.q)
		if err != nil || l.Totals.Count != tt.n || len(l.Items) != tt.n || l.Totals.Reach != (dajia.Reach{People: tt.people, Copies: tt.copies, Views: tt.views}) {
			t.Errorf("%s %+v: %d %+v %v", tt.who.Name, tt.q, l.Totals.Count, l.Totals.Reach, err)
		}
	}
	if _, err := a.Publicity(ctx, zj, g1.ID); dajia.ErrorCode(err) != dajia.NotFound {
		t.Errorf("another unit's: %v", err)
	}
	if _, err := a.UpdatePublicity(ctx, zj, g1.ID, app.PublicityInput{On: "2017-09-20", Channel: dajia.ChannelTV, Title: "x"}); dajia.ErrorCode(err) != dajia.NotFound {
		t.Errorf("another unit changes it: %v", err)
	}
	up, err := a.UpdatePublicity(ctx, gs, g1.ID, app.PublicityInput{On: "2017-09-20", Channel: dajia.ChannelLeaflet, Title: "资料派发（更正）", People: 120, Copies: 500})
	if err != nil || up.Reach.People != 120 || up.ActionID != 0 || up.Title != "资料派发（更正）" {
		t.Fatalf("update: %+v %v", up, err)
	}
	f, err := a.OpenJointAction(ctx, office, j.ID)
	if err != nil || f.Publicity.Count != 0 {
		t.Errorf("the action's publicity after the update: %+v %v", f.Publicity, err)
	}
}

func amount(t *testing.T, s string) dajia.Amount {
	t.Helper()
	a, err := dajia.ParseAmount(s)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
