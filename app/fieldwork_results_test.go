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

// fieldWork records, for campaign 7 (灯具: zjfj leads production, gsfj
// circulation) in September 2017, the work of two units, and answers the
// joint action it was tagged with:
//   - gsfj: 2 inspections (1 with a finding, 1 in the action), 2 samplings
//     (1 failed in the action, 1 passed), 1 publicity of 80 people, 2 survey
//     findings of lamps (1 turned into a clue) and 1 of food (campaign 1);
//   - zjfj: 1 inspection without finding, 1 pending sampling, 2 publicity
//     activities (300 copies, 900 views).
//
// The failed sample gives a clue to each (maker and seller), the lamp
// finding turned into a clue one more to gsfj.
func fieldWork(t *testing.T, a *app.App) int64 {
	t.Helper()
	ctx := context.Background()
	in := actionInput()
	in.Categories = []string{"灯具"}
	j, _, err := a.CreateJointAction(ctx, office, in) // 18 to 22 September
	if err != nil {
		t.Fatal(err)
	}
	shop := inspectionEntity(t, a, "港口镇某灯饰商行", dajia.KindGrocer)
	inspect := func(who dajia.Actor, on string, action int64, finding bool) {
		t.Helper()
		in := lampInspection(who.Unit, shop)
		in.InspectedOn, in.ActionID = on, action
		if !finding {
			in.Entities[0].Finding = ""
			in.Entities[0].Checks = []dajia.CheckItem{{Item: "营业执照", Result: dajia.CheckPass}}
		}
		if _, err := a.CreateInspection(ctx, who, in); err != nil {
			t.Fatal(err)
		}
	}
	inspect(gs, "2017-09-20", j.ID, true)
	inspect(gs, "2017-09-05", 0, false)
	inspect(zj, "2017-09-06", 0, false)
	producer, seller := samplingEntities(t, a)
	sample := func(who dajia.Actor, on, result string, action int64) {
		t.Helper()
		in := sampleIn("灯具", "LED台灯", result, producer.ID, seller.ID)
		in.SampledOn, in.ActionID = on, action
		if result == "failed" {
			in.NotifiedOn = on
		}
		if _, err := a.CreateSampling(ctx, who, in); err != nil {
			t.Fatal(err)
		}
	}
	sample(gs, "2017-09-19", "failed", j.ID)
	sample(gs, "2017-09-08", "passed", 0)
	sample(zj, "2017-09-12", "pending", 0)
	publicity := func(who dajia.Actor, on string, people, copies, views int64) {
		t.Helper()
		if _, err := a.CreatePublicity(ctx, who, app.PublicityInput{PlanID: refPlan, On: on, Channel: dajia.ChannelWeChat, CampaignNo: 7,
			Title: "灯具安全", People: people, Copies: copies, Views: views}, nil); err != nil {
			t.Fatal(err)
		}
	}
	publicity(gs, "2017-09-15", 80, 0, 0)
	publicity(zj, "2017-09-16", 0, 300, 0)
	publicity(zj, "2017-09-17", 0, 0, 900)
	// A survey names its recorder's account.
	u, err := a.DB().CreateUser(ctx, dajia.Actor{Name: "sys", Role: dajia.RoleSysadmin}, store.NewUser{Name: "gs-survey", Role: dajia.RoleOfficer,
		Unit: "gsfj", PasswordHash: "x"})
	if err != nil {
		t.Fatal(err)
	}
	recorder := dajia.Actor{UserID: u.ID, Name: u.Name, Role: dajia.RoleOfficer, Unit: "gsfj"}
	survey := func(cat string) dajia.Survey {
		t.Helper()
		s, err := a.CreateSurvey(ctx, recorder, app.SurveyInput{PlanID: refPlan, FoundOn: "2017-09-10", Village: "港口村", EntityName: "某店",
			Category: cat, Problems: []string{string(dajia.ProblemNoCCC)}, Description: "无3C标志"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	lamp := survey("灯具")
	survey("灯具")
	survey("食品")
	if _, _, err := a.SurveyToClue(ctx, recorder, lamp.ID); err != nil {
		t.Fatal(err)
	}
	return j.ID
}

// A campaign's results are exactly the records created: per unit for the
// office, and each unit sees its own row only; the joint action that
// targets the campaign carries what was tagged with it.
func TestCampaignResultsEqualTheRecordsOfEachUnit(t *testing.T) {
	a, db, _ := flowApp(t, time.Date(2017, 10, 10, 9, 0, 0, 0, dajia.ChinaTime))
	ctx := context.Background()
	jid := fieldWork(t, a)
	v, err := db.Plan(ctx, refPlan)
	if err != nil {
		t.Fatal(err)
	}
	results := func(who dajia.Actor, no int) app.CampaignResults {
		t.Helper()
		r, ok, err := a.CampaignResults(ctx, who, v.Plan, no)
		if err != nil || !ok {
			t.Fatalf("%s: %v %v", who.Name, ok, err)
		}
		return r
	}
	row := func(r app.CampaignResults, unit string) store.UnitWork {
		t.Helper()
		for _, u := range r.Units {
			if u.Unit == unit {
				return u.UnitWork
			}
		}
		t.Fatalf("no row for %s in %+v", unit, r.Units)
		return store.UnitWork{}
	}
	wantGS := func(t *testing.T, w store.UnitWork) {
		t.Helper()
		if w.Inspections != 2 || w.InspectionFindings != 1 || w.Samplings.Total() != 2 || w.Samplings.Failed != 1 || w.Samplings.Rate() != "50.0%" ||
			w.Publicity != 1 || w.Reach.People != 80 || w.Surveys != 2 || w.SurveyClues != 1 || w.Clues != 2 {
			t.Errorf("gsfj: %+v", w)
		}
	}
	wantZJ := func(t *testing.T, w store.UnitWork) {
		t.Helper()
		if w.Inspections != 1 || w.InspectionFindings != 0 || w.Samplings.Total() != 1 || w.Samplings.Pending != 1 || w.Samplings.Rate() != "—" ||
			w.Publicity != 2 || w.Reach.Copies != 300 || w.Reach.Views != 900 || w.Surveys != 0 || w.Clues != 1 {
			t.Errorf("zjfj: %+v", w)
		}
	}

	all := results(office, 7)
	// Leads first in the plan's order, then the supporting units.
	var units []string
	for _, u := range all.Units {
		units = append(units, u.Unit+"/"+u.Part)
	}
	if len(units) < 4 || units[0] != "zjfj/lead" || units[1] != "gsfj/lead" || units[2] != "gafj/support" {
		t.Errorf("rows %v", units)
	}
	wantGS(t, row(all, "gsfj"))
	wantZJ(t, row(all, "zjfj"))
	if all.Total.Inspections != 3 || all.Total.Samplings.Total() != 3 || all.Total.Samplings.Failed != 1 || all.Total.Publicity != 3 ||
		all.Total.Surveys != 2 || all.Total.Reach != (dajia.Reach{People: 80, Copies: 300, Views: 900}) {
		t.Errorf("total %+v", all.Total)
	}
	if len(all.Actions) != 1 || all.Actions[0].Action.ID != jid || all.Actions[0].Inspections != 1 || all.Actions[0].Samplings != 1 || all.Actions[0].Failed != 1 {
		t.Errorf("actions %+v", all.Actions)
	}
	// The food finding counts under campaign 1, nothing of the lamps.
	if food := results(office, 1); food.Total.Surveys != 1 || food.Total.Inspections != 0 || len(food.Actions) != 0 {
		t.Errorf("campaign 1: %+v", food)
	}

	// Each unit sees its own row and nothing of the other's.
	g := results(gs, 7)
	if len(g.Units) != 1 || g.Units[0].Unit != "gsfj" {
		t.Fatalf("gsfj's rows %+v", g.Units)
	}
	wantGS(t, g.Total)
	z := results(zj, 7)
	if len(z.Units) != 1 || z.Units[0].Unit != "zjfj" {
		t.Fatalf("zjfj's rows %+v", z.Units)
	}
	wantZJ(t, z.Total)
	if len(z.Actions) != 1 || z.Actions[0].Inspections != 0 || z.Actions[0].Samplings != 0 {
		t.Errorf("zjfj's action figures %+v", z.Actions)
	}

	// The lists behind the figures hold the same records.
	if l, err := a.Surveys(ctx, office, app.SurveyQuery{PlanID: refPlan, Campaign: 7}); err != nil || l.Total != 2 {
		t.Errorf("surveys of campaign 7: %d %v", l.Total, err)
	}
	if l, err := a.Surveys(ctx, zj, app.SurveyQuery{PlanID: refPlan, Campaign: 7}); err != nil || l.Total != 0 {
		t.Errorf("zjfj's surveys of campaign 7: %d %v", l.Total, err)
	}
	if l, err := a.Clues(ctx, office, app.ClueQuery{PlanID: refPlan, Campaign: 7, Unit: "gsfj"}); err != nil || l.Total != 2 {
		t.Errorf("gsfj's clues of campaign 7: %d %v", l.Total, err)
	}
	if l, err := a.Inspections(ctx, office, app.InspectionQuery{PlanID: refPlan, CampaignNo: 7, Unit: "gsfj", Findings: true}); err != nil || l.Count.Total != 1 {
		t.Errorf("gsfj's inspections with findings: %+v %v", l.Count, err)
	}
	if l, err := a.Samplings(ctx, office, app.SamplingQuery{PlanID: refPlan, Campaign: "7", Result: dajia.SampleFailed}); err != nil || l.Total != 1 {
		t.Errorf("failed samplings of campaign 7: %d %v", l.Total, err)
	}
	if l, err := a.Samplings(ctx, office, app.SamplingQuery{PlanID: refPlan, Campaign: "7", Action: jid}); err != nil || l.Total != 1 {
		t.Errorf("samplings of campaign 7 in the action: %d %v", l.Total, err)
	}
	// Those who read no records get none.
	if _, ok, err := a.CampaignResults(ctx, auditor, v.Plan, 7); ok || err != nil {
		t.Errorf("the auditor: %v %v", ok, err)
	}
}

// The monthly report's prefill counts the unit's field work of the month
// under the default indicators: inspectors sent and entities checked,
// samples and failed ones, publicity activities.
func TestReportPrefillCountsFieldWork(t *testing.T) {
	a, db, _ := flowApp(t, time.Date(2017, 10, 10, 9, 0, 0, 0, dajia.ChinaTime))
	ctx := context.Background()
	fieldWork(t, a)
	v, err := db.Plan(ctx, refPlan)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		who  dajia.Actor
		want map[string]string
	}{
		// Two inspections of one entity by two inspectors each.
		{gs, map[string]string{"inspectors": "4", "entities_checked": "2", "samples": "2", "samples_failed": "1", "publicity": "1"}},
		{zj, map[string]string{"inspectors": "2", "entities_checked": "1", "samples": "1", "samples_failed": "0", "publicity": "2"}},
	} {
		rep := dajia.Report{PlanID: v.PlanID, Unit: tt.who.Unit, RuleIndex: -1, Status: dajia.ReportDraft,
			Period: dajia.Period{Kind: dajia.Monthly, Start: dajia.MustDate("2017-09-01"), End: dajia.MustDate("2017-09-30")}, Due: dajia.MustDate("2017-10-05")}
		d, err := a.ReportDetails(ctx, tt.who, rep, v.Plan)
		if err != nil {
			t.Fatal(err)
		}
		for k, want := range tt.want {
			if got := d.Counted[k].String(); got != want {
				t.Errorf("%s %s: counted %s, want %s", tt.who.Unit, k, got, want)
			}
		}
		// October holds none of it.
		rep.Period = dajia.Period{Kind: dajia.Monthly, Start: dajia.MustDate("2017-10-01"), End: dajia.MustDate("2017-10-31")}
		if d, err = a.ReportDetails(ctx, tt.who, rep, v.Plan); err != nil || d.Counted["samples"] != 0 || d.Counted["publicity"] != 0 {
			t.Errorf("%s in October: %v %v", tt.who.Unit, d.Counted, err)
		}
	}
	// The store's figures under a plan's own indicators: surveys and
	// joint actions taken part in.
	f, err := db.FieldFigures(ctx, "gsfj", dajia.MustDate("2017-09-01"), dajia.MustDate("2017-09-30"))
	if err != nil || f.Surveys != 3 || f.JointActions != 1 || f.Inspections != 2 {
		t.Errorf("gsfj's field figures %+v %v", f, err)
	}
	if f, err := db.FieldFigures(ctx, "zjfj", dajia.MustDate("2017-10-01"), dajia.MustDate("2017-10-31")); err != nil || f != (dajia.FieldFigures{}) {
		t.Errorf("zjfj in October %+v %v", f, err)
	}
}
