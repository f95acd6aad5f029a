package store_test

import (
	"context"
	"strconv"
	"testing"

	"dajia"
	"dajia/store"
)

// An action's results count the clues and cases tagged with it whose day
// (received, opened) falls inside its dates, both days included; a day
// before or after, or no tag, does not count; each unit counts its own.
func TestActionResultsCountTaggedRecordsInsideTheDatesBothDaysIncluded(t *testing.T) {
	db, _ := caseDB(t)
	ctx := context.Background()
	j, err := db.CreateJointAction(ctx, testActor, dajia.JointAction{PlanID: "zs-gangkou-2017", Name: "行动", Start: dajia.MustDate("2017-09-18"),
		End: dajia.MustDate("2017-09-22"), Units: []string{"gsfj", "zjfj"}, Forces: []dajia.ActionForce{{Unit: "office", Staff: 2}, {Unit: "gsfj", Staff: 5, Vehicles: 1}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(j.Units) != 2 || j.Staff() != 7 || j.Vehicles() != 1 {
		t.Fatalf("stored %+v", j)
	}
	add := func(unit, day string, tag int64) dajia.Clue {
		t.Helper()
		c, err := db.CreateClue(ctx, testActor, dajia.Clue{PlanID: "zs-gangkou-2017", Source: dajia.ClueFromInspection, ReceivedOn: dajia.MustDate(day),
			LeadUnit: unit, Summary: "检查发现", Status: dajia.CluePending, ActionID: tag})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	first := add("gsfj", "2017-09-18", j.ID)
	add("gsfj", "2017-09-22", j.ID)
	add("gsfj", "2017-09-17", j.ID)
	add("gsfj", "2017-09-23", j.ID)
	add("gsfj", "2017-09-20", 0)
	add("zjfj", "2017-09-20", j.ID)
	k, err := db.CreateCase(ctx, testActor, store.CaseRecord{PlanID: "zs-gangkou-2017", Case: dajia.Case{Number: "中港质监罚〔2017〕9号", LeadUnit: "gsfj",
		ClueID: first.ID, ActionID: j.ID, Status: dajia.CaseOpened, OpenedOn: dajia.MustDate("2017-09-22"), Violations: []dajia.Violation{dajia.ViolationLabel},
		Sales: 100 * dajia.AmountScale, Unsold: 20 * dajia.AmountScale, Fine: 30 * dajia.AmountScale, Confiscation: 5 * dajia.AmountScale}},
		func(c *dajia.Clue, id int64) (dajia.ClueStep, error) {
			return c.Open(dajia.Actor{Name: "office", Role: dajia.RoleOffice}, dajia.MustDate("2017-09-22"), id)
		})
	if err != nil || k.ActionID != j.ID {
		t.Fatalf("case: %+v %v", k.ActionID, err)
	}
	figures := func(units []string) map[string]store.ActionFigure {
		t.Helper()
		fs, err := db.ActionResults(ctx, j.ID, units)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]store.ActionFigure{}
		for _, f := range fs {
			m[f.Kind] = f
		}
		return m
	}
	all := figures(nil)
	if all["clues"].Count != 3 || all["cases"].Count != 1 || all["cases"].Value != 120*dajia.AmountScale || all["cases"].Fines != 35*dajia.AmountScale {
		t.Fatalf("all: %+v", all)
	}
	if m := figures([]string{"gsfj"}); m["clues"].Count != 2 || m["cases"].Count != 1 {
		t.Errorf("gsfj: %+v", m)
	}
	if m := figures([]string{"syjfj"}); m["clues"].Count != 0 || m["cases"].Count != 0 {
		t.Errorf("a unit not taking part: %+v", m)
	}
	if m := figures([]string{}); m["clues"].Count != 0 {
		t.Errorf("no unit: %+v", m)
	}
	if n, err := db.CountClues(ctx, store.ClueFilter{ActionID: j.ID}, dajia.MustDate("2017-09-29")); err != nil || n.Total != 3 {
		t.Errorf("the clue filter: %+v %v", n, err)
	}
	// Moving the action's dates moves what counts.
	if _, err := db.UpdateJointAction(ctx, testActor, j.ID, func(a *dajia.JointAction) (string, error) {
		a.End = dajia.MustDate("2017-09-23")
		return "update", nil
	}); err != nil {
		t.Fatal(err)
	}
	if m := figures(nil); m["clues"].Count != 4 {
		t.Errorf("after moving the end: %+v", m)
	}
	// The audit trail has the creation and the change, in words of codes.
	recs, err := db.AuditLog(ctx, store.AuditFilter{Object: "action:" + strconv.FormatInt(j.ID, 10)})
	if err != nil || len(recs) != 2 {
		t.Errorf("audit: %d %v", len(recs), err)
	}
}

// Publicity with photos is stored in one transaction; the totals add up
// the reach of the filter.
func TestPublicityStoredWithPhotosAndTotals(t *testing.T) {
	db, _ := caseDB(t)
	ctx := context.Background()
	p, err := db.CreatePublicity(ctx, testActor, dajia.Publicity{PlanID: "zs-gangkou-2017", Unit: "gsfj", On: dajia.MustDate("2017-09-20"),
		Channel: dajia.ChannelLecture, Title: "讲座", Reach: dajia.Reach{People: 80}}, []store.Photo{{ContentType: "image/jpeg", Data: []byte("x")}})
	if err != nil || p.Photos != 1 {
		t.Fatalf("%+v %v", p, err)
	}
	if _, err := db.CreatePublicity(ctx, testActor, dajia.Publicity{PlanID: "zs-gangkou-2017", Unit: "zjfj", On: dajia.MustDate("2017-09-21"),
		Channel: dajia.ChannelWeChat, Title: "推文", Reach: dajia.Reach{Views: 900}}, nil); err != nil {
		t.Fatal(err)
	}
	tot, err := db.CountPublicity(ctx, store.PublicityFilter{})
	if err != nil || tot.Count != 2 || tot.Reach != (dajia.Reach{People: 80, Views: 900}) {
		t.Errorf("totals: %+v %v", tot, err)
	}
	if tot, _ := db.CountPublicity(ctx, store.PublicityFilter{Units: []string{"zjfj"}}); tot.Count != 1 || tot.Reach.People != 0 {
		t.Errorf("one unit: %+v", tot)
	}
	photos, err := db.PublicityPhotos(ctx, p.ID)
	if err != nil || len(photos) != 1 {
		t.Fatal(err)
	}
	if _, err := db.PublicityPhoto(ctx, p.ID+1, photos[0].ID); dajia.ErrorCode(err) != dajia.NotFound {
		t.Errorf("another activity's photo: %v", err)
	}
}
