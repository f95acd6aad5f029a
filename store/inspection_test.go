package store_test

import (
	"context"
	"slices"
	"testing"

	"dajia"
	"dajia/planfile"
	"dajia/store"
	"dajia/store/storetest"
)

func inspectionDB(t *testing.T) (*store.DB, []dajia.Entity) {
	t.Helper()
	ctx := context.Background()
	db := storetest.Open(t, dajia.FixedDayClock{Day: dajia.MustDate("2017-09-29")})
	if _, err := db.ImportPlan(ctx, testActor, referencePlan(t), planfile.Reference()); err != nil {
		t.Fatal(err)
	}
	var es []dajia.Entity
	for _, n := range []string{"港口镇某灯饰商行", "港口镇某玩具店"} {
		e, err := db.CreateEntity(ctx, testActor, dajia.Entity{Name: n, Kind: dajia.KindGrocer})
		if err != nil {
			t.Fatal(err)
		}
		es = append(es, e)
	}
	return db, es
}

func storedInspection(unit string, on string, es ...dajia.Entity) dajia.Inspection {
	i := dajia.Inspection{PlanID: "zs-gangkou-2017", InspectedOn: dajia.MustDate(on), Unit: unit, Inspectors: []string{"李明"}, CampaignNo: 7,
		Village: "港口村", Place: "兴港市场"}
	for _, e := range es {
		i.Entities = append(i.Entities, dajia.InspectedEntity{EntityID: e.ID, Category: "灯具", Product: "LED灯",
			Checks: []dajia.CheckItem{{Item: "3C 标志", Result: dajia.CheckFail}}, Finding: "无3C标志"})
	}
	return i
}

func TestInspectionsAreStoredWithTheirRowsAndAudit(t *testing.T) {
	ctx := context.Background()
	db, es := inspectionDB(t)
	in := storedInspection("gsfj", "2017-09-20", es...)
	in.Entities[1].Finding, in.Entities[1].Checks, in.Entities[1].Certificate = "", nil, "2017010701000001"
	saved, err := db.CreateInspections(ctx, testActor, "inspection.create", []dajia.Inspection{in})
	if err != nil {
		t.Fatal(err)
	}
	got, err := db.Inspection(ctx, saved[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Entities) != 2 || got.Entities[0].Checks[0].Result != dajia.CheckFail || got.Findings() != 1 || got.CCCFlags() != 1 ||
		!slices.Equal(got.Inspectors, []string{"李明"}) || got.InspectedOn != in.InspectedOn {
		t.Fatalf("stored %+v", got)
	}
	recs, err := db.AuditLog(ctx, store.AuditFilter{Object: "inspection:", Limit: 10})
	if err != nil || len(recs) != 1 || recs[0].Action != "inspection.create" {
		t.Fatalf("audit %v %v", recs, err)
	}
	if _, err := db.Inspection(ctx, 999); dajia.ErrorCode(err) != dajia.NotFound {
		t.Fatalf("missing inspection: %v", err)
	}
	// An unknown entity leaves nothing behind: all or none.
	bad := storedInspection("gsfj", "2017-09-21", es[0])
	bad.Entities = append(bad.Entities, dajia.InspectedEntity{EntityID: 999})
	if _, err := db.CreateInspections(ctx, testActor, "inspection.import", []dajia.Inspection{storedInspection("gsfj", "2017-09-21", es[0]), bad}); dajia.ErrorCode(err) != dajia.Invalid {
		t.Fatalf("an unknown entity: %v", err)
	}
	if n, err := db.CountInspections(ctx, store.InspectionFilter{}); err != nil || n.Total != 1 {
		t.Fatalf("count %+v %v", n, err)
	}
}

func TestInspectionFiltersAndUnitScope(t *testing.T) {
	ctx := context.Background()
	db, es := inspectionDB(t)
	a := storedInspection("gsfj", "2017-09-20", es[0])
	b := storedInspection("zjfj", "2017-09-25", es[1])
	b.Entities[0].Finding, b.Entities[0].Checks, b.Entities[0].Certificate, b.Village, b.CampaignNo = "", nil, "X1", "沙港村", 4
	b.Entities[0].Category = "玩具"
	c := storedInspection("gsfj", "2017-09-28", es[1])
	// The action filter keeps what the action's results count: tagged
	// and inspected inside its dates.
	j, err := db.CreateJointAction(ctx, testActor, dajia.JointAction{PlanID: "zs-gangkou-2017", Name: "行动", Start: dajia.MustDate("2017-09-25"),
		End: dajia.MustDate("2017-09-28"), Units: []string{"gsfj", "zjfj"}})
	if err != nil {
		t.Fatal(err)
	}
	c.ActionID = j.ID
	a.ActionID = j.ID // tagged, inspected before it
	if _, err := db.CreateInspections(ctx, testActor, "inspection.create", []dajia.Inspection{a, b, c}); err != nil {
		t.Fatal(err)
	}
	count := func(f store.InspectionFilter) int {
		t.Helper()
		l, err := db.Inspections(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		n, err := db.CountInspections(ctx, f)
		if err != nil || n.Total != len(l) {
			t.Fatalf("count %+v vs %d: %v", n, len(l), err)
		}
		return len(l)
	}
	for name, tt := range map[string]struct {
		f    store.InspectionFilter
		want int
	}{
		"all":           {store.InspectionFilter{}, 3},
		"one unit":      {store.InspectionFilter{Units: []string{"gsfj"}}, 2},
		"no unit":       {store.InspectionFilter{Units: []string{}}, 0},
		"campaign":      {store.InspectionFilter{CampaignNo: 4}, 1},
		"from":          {store.InspectionFilter{From: dajia.MustDate("2017-09-25")}, 2},
		"to":            {store.InspectionFilter{To: dajia.MustDate("2017-09-25")}, 2},
		"village":       {store.InspectionFilter{Village: "沙港村"}, 1},
		"findings":      {store.InspectionFilter{Findings: true}, 2},
		"3C":            {store.InspectionFilter{CCC: true}, 2},
		"joint action":  {store.InspectionFilter{ActionID: j.ID}, 1},
		"plan":          {store.InspectionFilter{PlanID: "other"}, 0},
		"page":          {store.InspectionFilter{Limit: 2, Offset: 2}, 1},
		"unit and date": {store.InspectionFilter{Units: []string{"gsfj"}, From: dajia.MustDate("2017-09-21")}, 1},
	} {
		t.Run(name, func(t *testing.T) {
			if tt.f.Limit != 0 {
				l, err := db.Inspections(ctx, tt.f)
				if err != nil || len(l) != tt.want {
					t.Fatalf("page: %d %v", len(l), err)
				}
				return
			}
			if got := count(tt.f); got != tt.want {
				t.Fatalf("got %d, want %d", got, tt.want)
			}
		})
	}
	vs, err := db.InspectionVillages(ctx, []string{"zjfj"})
	if err != nil || !slices.Equal(vs, []string{"沙港村"}) {
		t.Fatalf("villages %v %v", vs, err)
	}
}

func TestAFindingBecomesOneClueInOneTransaction(t *testing.T) {
	ctx := context.Background()
	db, es := inspectionDB(t)
	saved, err := db.CreateInspections(ctx, testActor, "inspection.create", []dajia.Inspection{storedInspection("gsfj", "2017-09-20", es...)})
	if err != nil {
		t.Fatal(err)
	}
	id := saved[0].ID
	mk := func(i dajia.Inspection) (dajia.Clue, error) {
		return dajia.Clue{PlanID: i.PlanID, Source: dajia.ClueFromInspection, SourceRef: "1", ReceivedOn: i.InspectedOn, LeadUnit: "gsfj",
			EntityID: es[0].ID, Summary: "无3C标志", Status: dajia.CluePending}, nil
	}
	c, err := db.InspectionClue(ctx, testActor, id, es[0].ID, mk)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := db.Inspection(ctx, id)
	if got.Entities[0].ClueID != c.ID || got.Entities[0].ClueUnit != "gsfj" || got.Entities[1].ClueID != 0 {
		t.Fatalf("link %+v", got.Entities)
	}
	// The row already holds a clue: the second clue is not stored.
	before, _ := db.CountClues(ctx, store.ClueFilter{}, dajia.MustDate("2017-09-29"))
	if _, err := db.InspectionClue(ctx, testActor, id, es[0].ID, mk); dajia.ErrorCode(err) != dajia.Conflict {
		t.Fatalf("second clue: %v", err)
	}
	after, _ := db.CountClues(ctx, store.ClueFilter{}, dajia.MustDate("2017-09-29"))
	if after.Total != before.Total {
		t.Fatalf("a refused clue was stored: %d → %d", before.Total, after.Total)
	}
	recs, err := db.AuditLog(ctx, store.AuditFilter{Object: "inspection:", Limit: 10})
	if err != nil || len(recs) != 2 || recs[0].Action != "inspection.clue" {
		t.Fatalf("audit %+v %v", recs, err)
	}
	// An edit keeps the link.
	up, err := db.UpdateInspection(ctx, testActor, id, func(i *dajia.Inspection) error {
		i.Notes = "复查"
		i.Entities = i.Entities[:1]
		return nil
	})
	if err != nil || up.Entities[0].ClueID != c.ID || len(up.Entities) != 1 || up.Notes != "复查" {
		t.Fatalf("update %+v %v", up, err)
	}
}

func TestTheOfficesChecklistsAreStoredPerPlanAndCampaign(t *testing.T) {
	ctx := context.Background()
	db, _ := inspectionDB(t)
	if m, err := db.Checklists(ctx, "zs-gangkou-2017"); err != nil || len(m) != 0 {
		t.Fatalf("none yet: %v %v", m, err)
	}
	if err := db.SaveChecklist(ctx, testActor, "zs-gangkou-2017", 7, []string{"营业执照", "3C 标志"}); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveChecklist(ctx, testActor, "zs-gangkou-2017", 7, []string{"营业执照", "3C 标志", "灯具能效标识"}); err != nil {
		t.Fatal(err)
	}
	m, err := db.Checklists(ctx, "zs-gangkou-2017")
	if err != nil || !slices.Equal(m[7].Items, []string{"营业执照", "3C 标志", "灯具能效标识"}) || !m[7].Edited || len(m) != 1 {
		t.Fatalf("checklists %+v %v", m, err)
	}
	if err := db.SaveChecklist(ctx, testActor, "zs-gangkou-2017", 7, nil); err != nil {
		t.Fatal(err)
	}
	if m, _ := db.Checklists(ctx, "zs-gangkou-2017"); len(m) != 0 {
		t.Fatalf("reset: %v", m)
	}
	recs, err := db.AuditLog(ctx, store.AuditFilter{Object: "checklist:", Limit: 10})
	if err != nil || len(recs) != 3 || recs[0].Action != "checklist.reset" || recs[2].Action != "checklist.update" {
		t.Fatalf("audit %+v %v", recs, err)
	}
}
