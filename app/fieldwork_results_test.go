package app_test

import (
	"context"
	"testing"
	"time"

	"dajia"
	"dajia/app"
	"dajia/store"
)

func fieldFigures(t *testing.T, a *app.App, who dajia.Actor, id int64) map[string]store.ActionFigure {
	t.Helper()
	f, err := a.OpenJointAction(context.Background(), who, id)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]store.ActionFigure{}
	for _, x := range f.Results {
		m[x.Kind] = x
	}
	return m
}

func hasFieldError(err error, field string) bool {
	var fe dajia.FieldErrors
	if !errorsAsFields(err, &fe) {
		return false
	}
	for _, f := range fe {
		if f.Field == field {
			return true
		}
	}
	return false
}

// An action's results count exactly the inspections and samplings tagged
// with it and dated inside its dates (both days included): one tagged but
// dated outside, or dated inside but untagged, does not count; each unit
// counts its own, the office all; the lists filtered by the action hold
// exactly what counts; a unit not taking part may not tag its records.
func TestJointActionCountsInspectionsAndSamplingsTaggedAndDatedInside(t *testing.T) {
	a, _, _ := flowApp(t, time.Date(2017, 10, 10, 9, 0, 0, 0, dajia.ChinaTime))
	ctx := context.Background()
	j, _, err := a.CreateJointAction(ctx, office, actionInput()) // gsfj and zjfj, 18 to 22 September
	if err != nil {
		t.Fatal(err)
	}
	shop := inspectionEntity(t, a, "港口镇某灯饰商行", dajia.KindGrocer)
	inspect := func(who dajia.Actor, unit, on string, action int64, finding bool) dajia.Inspection {
		t.Helper()
		in := lampInspection(unit, shop)
		in.InspectedOn, in.ActionID = on, action
		if !finding {
			in.Entities[0].Finding = ""
			in.Entities[0].Checks = []dajia.CheckItem{{Item: "营业执照", Result: dajia.CheckPass}}
		}
		i, err := a.CreateInspection(ctx, who, in)
		if err != nil {
			t.Fatalf("inspection of %s on %s: %v", unit, on, err)
		}
		return i
	}
	gsFirst := inspect(gs, "gsfj", "2017-09-18", j.ID, true)
	inspect(gs, "gsfj", "2017-09-25", j.ID, true)            // tagged, after
	gsUntagged := inspect(gs, "gsfj", "2017-09-20", 0, true) // inside, untagged
	zjLast := inspect(zj, "zjfj", "2017-09-22", j.ID, false)
	inspect(office, "zjfj", "2017-09-17", j.ID, false) // tagged, before

	producer, seller := samplingEntities(t, a)
	sample := func(who dajia.Actor, on, result string, action int64) store.SamplingRecord {
		t.Helper()
		in := sampleIn("灯具", "LED台灯", result, producer.ID, seller.ID)
		in.SampledOn, in.ActionID = on, action
		if result == "failed" {
			in.NotifiedOn = on
		}
		r, err := a.CreateSampling(ctx, who, in)
		if err != nil {
			t.Fatalf("sampling on %s: %v", on, err)
		}
		return r
	}
	gsFailed := sample(gs, "2017-09-19", "failed", j.ID)
	zjPassed := sample(zj, "2017-09-22", "passed", j.ID)
	zjPending := sample(zj, "2017-09-20", "pending", j.ID)
	sample(gs, "2017-09-23", "passed", j.ID) // tagged, after
	sample(gs, "2017-09-20", "failed", 0)    // inside, untagged

	all := fieldFigures(t, a, office, j.ID)
	if in, sa := all["inspections"], all["samplings"]; in.Count != 2 || in.Findings != 1 || sa.Count != 3 || sa.Rate.Failed != 1 ||
		sa.Rate.Passed != 1 || sa.Rate.Pending != 1 || sa.Rate.Rate() != "50.0%" {
		t.Fatalf("office: inspections %+v samplings %+v", in, sa)
	}
	if m := fieldFigures(t, a, gs, j.ID); m["inspections"].Count != 1 || m["inspections"].Findings != 1 || m["samplings"].Count != 1 || m["samplings"].Rate.Failed != 1 {
		t.Errorf("gsfj: %+v", m)
	}
	if m := fieldFigures(t, a, zj, j.ID); m["inspections"].Count != 1 || m["inspections"].Findings != 0 || m["samplings"].Count != 2 || m["samplings"].Rate.Passed != 1 {
		t.Errorf("zjfj: %+v", m)
	}

	// The lists filtered by the action keep exactly what counts.
	il, err := a.Inspections(ctx, office, app.InspectionQuery{ActionID: j.ID})
	if err != nil || il.Count.Total != 2 || !sameInspections(il.Inspections, gsFirst.ID, zjLast.ID) {
		t.Errorf("inspection list: %+v %v", il.Count, err)
	}
	if il, err := a.Inspections(ctx, gs, app.InspectionQuery{ActionID: j.ID}); err != nil || il.Count.Total != 1 || il.Inspections[0].ID != gsFirst.ID {
		t.Errorf("gsfj's inspection list: %+v %v", il.Count, err)
	}
	sl, err := a.Samplings(ctx, office, app.SamplingQuery{Action: j.ID})
	if err != nil || sl.Total != 3 || !sameSamplings(sl.Items, gsFailed.ID, zjPassed.ID, zjPending.ID) {
		t.Errorf("sampling list: %d %v", sl.Total, err)
	}
	if sl, err := a.Samplings(ctx, office, app.SamplingQuery{Action: j.ID, Result: dajia.SampleFailed}); err != nil || sl.Total != 1 {
		t.Errorf("failed samplings of the action: %d %v", sl.Total, err)
	}
	if sl, err := a.Samplings(ctx, zj, app.SamplingQuery{Action: j.ID}); err != nil || sl.Total != 2 || !sameSamplings(sl.Items, zjPassed.ID, zjPending.ID) {
		t.Errorf("zjfj's sampling list: %d %v", sl.Total, err)
	}

	// Tagging the untagged inspection inside the dates adds it.
	in := lampInspection("gsfj", shop)
	in.InspectedOn, in.ActionID = "2017-09-20", j.ID
	if _, err := a.UpdateInspection(ctx, gs, gsUntagged.ID, in); err != nil {
		t.Fatal(err)
	}
	if m := fieldFigures(t, a, office, j.ID); m["inspections"].Count != 3 {
		t.Errorf("after tagging: %+v", m["inspections"])
	}

	// A unit that does not take part may not tag its inspection or
	// sampling with the action, nor the office a record of such a unit;
	// an action that does not exist is refused too: each a field error.
	sy := dajia.Actor{UserID: 9, Name: "sy", Role: dajia.RoleOfficer, Unit: "syjfj"}
	bad := lampInspection("syjfj", shop)
	bad.InspectedOn, bad.ActionID = "2017-09-20", j.ID
	if _, err := a.CreateInspection(ctx, sy, bad); dajia.ErrorCode(err) != dajia.Invalid || !hasFieldError(err, "action_id") {
		t.Errorf("a unit not taking part tags an inspection: %v", err)
	}
	if _, err := a.CreateInspection(ctx, office, bad); !hasFieldError(err, "action_id") {
		t.Errorf("the office tags a unit not taking part: %v", err)
	}
	bad.Unit, bad.ActionID = "gsfj", j.ID+100
	if _, err := a.CreateInspection(ctx, gs, bad); !hasFieldError(err, "action_id") {
		t.Errorf("an action that does not exist: %v", err)
	}
	badS := sampleIn("灯具", "LED台灯", "passed", producer.ID, seller.ID)
	badS.SampledOn, badS.ActionID = "2017-09-20", j.ID
	if _, err := a.CreateSampling(ctx, sy, badS); dajia.ErrorCode(err) != dajia.Invalid || !hasFieldError(err, "action_id") {
		t.Errorf("a unit not taking part tags a sampling: %v", err)
	}
	upd := app.SamplingInputOf(zjPending.Sampling)
	upd.ActionID = j.ID + 100
	if _, err := a.UpdateSampling(ctx, zj, zjPending.ID, upd); !hasFieldError(err, "action_id") {
		t.Errorf("a sampling changed to an action that does not exist: %v", err)
	}
	if m := fieldFigures(t, a, office, j.ID); m["inspections"].Count != 3 || m["samplings"].Count != 3 {
		t.Errorf("refused records counted: %+v", m)
	}
}

func sameInspections(got []dajia.Inspection, ids ...int64) bool {
	if len(got) != len(ids) {
		return false
	}
	seen := map[int64]bool{}
	for _, i := range got {
		seen[i.ID] = true
	}
	for _, id := range ids {
		if !seen[id] {
			return false
		}
	}
	return true
}

func sameSamplings(got []store.SamplingRecord, ids ...int64) bool {
	if len(got) != len(ids) {
		return false
	}
	seen := map[int64]bool{}
	for _, r := range got {
		seen[r.ID] = true
	}
	for _, id := range ids {
		if !seen[id] {
			return false
		}
	}
	return true
}
