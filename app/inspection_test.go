package app_test

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"testing"

	"dajia"
	"dajia/app"
	"dajia/store"
)

const refPlan = "zs-gangkou-2017"

func inspectionEntity(t testing.TB, a *app.App, name string, kind dajia.EntityKind) dajia.Entity {
	t.Helper()
	e, err := a.DB().CreateEntity(context.Background(), office, dajia.Entity{Name: name, Kind: kind})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func lampInspection(unit string, es ...dajia.Entity) app.InspectionInput {
	in := app.InspectionInput{PlanID: refPlan, InspectedOn: "2017-09-29", Unit: unit, Inspectors: []string{"李明", "王芳"}, CampaignNo: 7,
		Village: "港口村", Place: "兴港市场"}
	for _, e := range es {
		in.Entities = append(in.Entities, dajia.InspectedEntity{EntityID: e.ID, Category: "灯具", Product: "LED灯",
			Checks: []dajia.CheckItem{{Item: "3C 标志", Result: dajia.CheckFail}, {Item: "营业执照", Result: dajia.CheckPass}}, Finding: "LED灯无3C标志"})
	}
	return in
}

func TestRecordingAndEditingInspections(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	shop := inspectionEntity(t, a, "港口镇某灯饰商行", dajia.KindGrocer)
	leader := dajia.Actor{UserID: 6, Name: "leader", Role: dajia.RoleLeader}

	for _, tt := range []struct {
		name string
		who  dajia.Actor
		in   func(app.InspectionInput) app.InspectionInput
		want dajia.Code
	}{
		{"leader reads only", leader, func(in app.InspectionInput) app.InspectionInput { return in }, dajia.Forbidden},
		{"auditor", auditor, func(in app.InspectionInput) app.InspectionInput { return in }, dajia.Forbidden},
		{"another unit's", zj, func(in app.InspectionInput) app.InspectionInput { return in }, dajia.Forbidden},
		{"office names no unit", office, func(in app.InspectionInput) app.InspectionInput { in.Unit = ""; return in }, dajia.Invalid},
		{"bad date", gs, func(in app.InspectionInput) app.InspectionInput { in.InspectedOn = "29/9/2017"; return in }, dajia.Invalid},
		{"unknown entity", gs, func(in app.InspectionInput) app.InspectionInput {
			in.Entities = append(in.Entities, dajia.InspectedEntity{EntityID: 999})
			return in
		}, dajia.Invalid},
		{"an item not on the campaign's checklist", gs, func(in app.InspectionInput) app.InspectionInput {
			in.Entities[0].Checks = []dajia.CheckItem{{Item: "食品经营许可证", Result: dajia.CheckPass}}
			return in
		}, dajia.Invalid},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := a.CreateInspection(ctx, tt.who, tt.in(lampInspection("gsfj", shop))); dajia.ErrorCode(err) != tt.want {
				t.Fatalf("got %v, want %s", err, tt.want)
			}
		})
	}
	// Every field's problem at once.
	_, err := a.CreateInspection(ctx, gs, app.InspectionInput{PlanID: refPlan, InspectedOn: "x"})
	var fe dajia.FieldErrors
	if !errors.As(err, &fe) || len(fe) < 4 || fe[0].Field != "inspected_on" {
		t.Fatalf("all problems: %v", err)
	}

	i, err := a.CreateInspection(ctx, gs, lampInspection("", shop))
	if err != nil {
		t.Fatal(err)
	}
	if i.Unit != "gsfj" || i.CCCFlags() != 1 || i.Findings() != 1 || i.CreatedBy != "gs" {
		t.Fatalf("stored %+v", i)
	}
	byOffice, err := a.CreateInspection(ctx, office, lampInspection("zjfj", shop))
	if err != nil || byOffice.Unit != "zjfj" {
		t.Fatalf("office for a unit: %+v %v", byOffice, err)
	}

	edit := lampInspection("", shop)
	edit.Notes, edit.Entities[0].Certificate = "复查已整改", "2017010701000001"
	if _, err := a.UpdateInspection(ctx, zj, i.ID, edit); dajia.ErrorCode(err) != dajia.NotFound {
		t.Fatalf("another unit's edit: %v", err)
	}
	if _, err := a.UpdateInspection(ctx, leader, i.ID, edit); dajia.ErrorCode(err) != dajia.Forbidden {
		t.Fatalf("leader's edit: %v", err)
	}
	// A reader who may not act is told so, whatever the input.
	if _, err := a.InspectionClue(ctx, leader, i.ID, 0, ""); dajia.ErrorCode(err) != dajia.Forbidden {
		t.Fatalf("leader's clue of no entity: %v, want forbidden", err)
	}
	up, err := a.UpdateInspection(ctx, gs, i.ID, edit)
	if err != nil || up.Notes != "复查已整改" || up.CCCFlags() != 0 || up.Unit != "gsfj" {
		t.Fatalf("edit %+v %v", up, err)
	}
	// The office edits any, and may move it to another unit.
	edit.Unit = "zjfj"
	if up, err = a.UpdateInspection(ctx, office, i.ID, edit); err != nil || up.Unit != "zjfj" {
		t.Fatalf("office edit %+v %v", up, err)
	}
	recs, err := a.DB().AuditLog(ctx, store.AuditFilter{Object: "inspection:" + strconv.FormatInt(i.ID, 10), Limit: 10})
	if err != nil || len(recs) != 3 || recs[0].Action != "inspection.update" || recs[2].Action != "inspection.create" {
		t.Fatalf("audit %+v %v", recs, err)
	}
}

// Every campaign of the reference plan, by each of its categories: the
// finding of an inspection recorded by the lead itself becomes the lead's
// clue, from the inspection's day; recorded by 公安分局 (a supporting unit),
// the lead's clue from the day it is made. Campaign 6's lead is the city
// bureau: the office names the town unit.
func TestAFindingBecomesTheClueOfTheCampaignsLeadWithItsClock(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	p := mustPlan(t, a)
	lead := map[int]string{1: "syjfj", 2: "nyj", 3: "zjj", 4: "zjfj", 5: "gsfj", 6: "", 7: "gsfj", 8: "zjfj", 9: "jtfj", 10: "gsfj"}
	campaign := map[int]int{8: 4} // campaign 8 repeats 4's categories: the first covers them
	gafj := dajia.Actor{UserID: 8, Name: "ga", Role: dajia.RoleOfficer, Unit: "gafj"}
	shop := inspectionEntity(t, a, "港口镇某商店", dajia.KindGrocer)
	n := 0
	for _, c := range p.Campaigns {
		cats := c.Categories
		if len(cats) == 0 {
			cats = []string{""}
		}
		for _, cat := range cats {
			want, no := lead[c.No], c.No
			if campaign[no] != 0 {
				no = campaign[no]
			}
			t.Run(strconv.Itoa(c.No)+cat, func(t *testing.T) {
				for _, who := range []dajia.Actor{gafj, {UserID: 9, Name: want, Role: dajia.RoleOfficer, Unit: want}} {
					if who.Unit == "" {
						continue
					}
					n++
					in := app.InspectionInput{PlanID: refPlan, InspectedOn: "2017-09-20", Inspectors: []string{"李明"}, CampaignNo: c.No, Village: "港口村",
						Entities: []dajia.InspectedEntity{{EntityID: shop.ID, Category: cat, Finding: "销售假冒商品" + strconv.Itoa(n)}}}
					i, err := a.CreateInspection(ctx, who, in)
					if err != nil {
						t.Fatal(err)
					}
					cl, err := a.InspectionClue(ctx, who, i.ID, shop.ID, "")
					if want == "" {
						if dajia.ErrorCode(err) != dajia.Invalid {
							t.Fatalf("an upper-level lead: the office names the unit: %v", err)
						}
						if cl, err = a.InspectionClue(ctx, office, i.ID, shop.ID, "zjfj"); err != nil || cl.LeadUnit != "zjfj" {
							t.Fatalf("the office's choice: %+v %v", cl, err)
						}
						return
					}
					if err != nil {
						t.Fatal(err)
					}
					recv, due := "2017-09-29", "2017-10-26" // made today, across National Day
					if who.Unit == want {
						recv, due = "2017-09-20", "2017-10-17" // found by the lead itself (30 September is a workday)
					}
					if cl.LeadUnit != want || cl.CampaignNo != no || cl.Source != dajia.ClueFromInspection || cl.SourceRef != strconv.FormatInt(i.ID, 10) ||
						cl.EntityID != shop.ID || cl.ReceivedOn.String() != recv || cl.Due.String() != due || cl.Status != dajia.CluePending {
						t.Fatalf("by %s: clue %+v, want lead %s campaign %d received %s due %s", who.Unit, cl, want, no, recv, due)
					}
					if _, err := a.InspectionClue(ctx, who, i.ID, shop.ID, ""); dajia.ErrorCode(err) != dajia.Conflict {
						t.Fatalf("a second clue of the row: %v", err)
					}
					f, err := a.OpenInspection(ctx, who, i.ID)
					if err != nil || f.Inspection.Entities[0].ClueID != cl.ID {
						t.Fatalf("the link: %+v %v", f.Inspection.Entities, err)
					}
					if _, shown := f.Clues[shop.ID]; shown != (who.Unit == want) {
						t.Fatalf("by %s: the clue is shown only to whom may read it", who.Unit)
					}
				}
			})
		}
	}
}

func mustPlan(t *testing.T, a *app.App) *dajia.Plan {
	t.Helper()
	v, err := a.DB().Plan(context.Background(), refPlan)
	if err != nil {
		t.Fatal(err)
	}
	return v.Plan
}

func TestTheOfficeEditsTheChecklistOfACampaign(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	p := mustPlan(t, a)
	shop := inspectionEntity(t, a, "港口镇某灯饰商行", dajia.KindGrocer)
	if err := a.SaveChecklist(ctx, gs, refPlan, 7, []string{"营业执照"}, false); dajia.ErrorCode(err) != dajia.Forbidden {
		t.Fatalf("a unit: %v", err)
	}
	if err := a.SaveChecklist(ctx, office, refPlan, 11, []string{"营业执照"}, false); dajia.ErrorCode(err) != dajia.Invalid {
		t.Fatalf("no campaign 11: %v", err)
	}
	if err := a.SaveChecklist(ctx, office, refPlan, 7, []string{"营业执照", "营业执照"}, false); dajia.ErrorCode(err) != dajia.Invalid {
		t.Fatalf("repeated: %v", err)
	}
	old, err := a.CreateInspection(ctx, gs, lampInspection("", shop))
	if err != nil {
		t.Fatal(err)
	}
	if err := a.SaveChecklist(ctx, office, refPlan, 7, []string{"营业执照", "灯具能效标识"}, false); err != nil {
		t.Fatal(err)
	}
	lists, err := a.Checklists(ctx, office, p)
	if err != nil || len(lists) != len(p.Campaigns)+1 {
		t.Fatalf("lists %v %v", lists, err)
	}
	for _, l := range lists {
		want := p.DefaultChecklist(l.CampaignNo)
		if l.CampaignNo == 7 {
			want = []string{"营业执照", "灯具能效标识"}
		}
		if !slices.Equal(l.Items, want) || l.Edited != (l.CampaignNo == 7) {
			t.Errorf("campaign %d: %v (edited %v)", l.CampaignNo, l.Items, l.Edited)
		}
	}
	// A new inspection uses the office's list: the old item is refused, the new one taken.
	in := lampInspection("", shop)
	if _, err := a.CreateInspection(ctx, gs, in); dajia.ErrorCode(err) != dajia.Invalid {
		t.Fatalf("an item the office removed: %v", err)
	}
	in.Entities[0].Checks = []dajia.CheckItem{{Item: "灯具能效标识", Result: dajia.CheckFail}}
	if _, err := a.CreateInspection(ctx, gs, in); err != nil {
		t.Fatal(err)
	}
	// An inspection recorded before keeps its items when edited.
	edit := lampInspection("", shop)
	edit.Notes = "补记"
	if _, err := a.UpdateInspection(ctx, gs, old.ID, edit); err != nil {
		t.Fatalf("the recorded items stay: %v", err)
	}
	f, err := a.OpenInspection(ctx, gs, old.ID)
	if err != nil || !slices.Equal(f.Items, []string{"营业执照", "灯具能效标识", "3C 标志"}) {
		t.Fatalf("items shown %v %v", f.Items, err)
	}
	if err := a.SaveChecklist(ctx, office, refPlan, 7, nil, true); err != nil {
		t.Fatal(err)
	}
	if items, _ := a.Checklist(ctx, p, 7); !slices.Equal(items, p.DefaultChecklist(7)) {
		t.Fatalf("reset: %v", items)
	}
}

func TestInspectionsOfOneUnitAreNotAnothersInListsAndExports(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	shop := inspectionEntity(t, a, "港口镇某灯饰商行", dajia.KindGrocer)
	for k := range 3 {
		in := lampInspection("", shop)
		in.InspectedOn = "2017-09-2" + strconv.Itoa(k+1)
		if _, err := a.CreateInspection(ctx, gs, in); err != nil {
			t.Fatal(err)
		}
	}
	zjIn := lampInspection("", shop)
	zjIn.Village, zjIn.Entities[0].Finding, zjIn.Entities[0].Checks, zjIn.Entities[0].Certificate = "沙港村", "", nil, "C1"
	zjI, err := a.CreateInspection(ctx, zj, zjIn)
	if err != nil {
		t.Fatal(err)
	}
	leader := dajia.Actor{UserID: 6, Name: "leader", Role: dajia.RoleLeader}
	for _, tt := range []struct {
		name string
		who  dajia.Actor
		q    app.InspectionQuery
		want int
	}{
		{"gs sees its own", gs, app.InspectionQuery{}, 3},
		{"gs asks for zj's", gs, app.InspectionQuery{Unit: "zjfj"}, 0},
		{"zj", zj, app.InspectionQuery{}, 1},
		{"office", office, app.InspectionQuery{}, 4},
		{"leader by unit", leader, app.InspectionQuery{Unit: "zjfj"}, 1},
		{"auditor sees none", auditor, app.InspectionQuery{}, 0},
		{"with findings", office, app.InspectionQuery{Findings: true}, 3},
		{"3C", office, app.InspectionQuery{CCC: true}, 3},
		{"village", office, app.InspectionQuery{Village: "沙港村"}, 1},
		{"date range", gs, app.InspectionQuery{From: "2017-09-22", To: "2017-09-23"}, 2},
		{"campaign", office, app.InspectionQuery{CampaignNo: 4}, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			l, err := a.Inspections(ctx, tt.who, tt.q)
			if err != nil || l.Count.Total != tt.want || len(l.Inspections) != tt.want {
				t.Fatalf("list %d/%d %v, want %d", len(l.Inspections), l.Count.Total, err, tt.want)
			}
			n, err := a.ExportInspections(ctx, tt.who, tt.q, func(i dajia.Inspection, names map[int64]string) error {
				if names[shop.ID] != shop.Name {
					t.Errorf("names %v", names)
				}
				return nil
			})
			if err != nil || n != tt.want {
				t.Fatalf("export %d %v, want %d", n, err, tt.want)
			}
		})
	}
	if _, err := a.Inspections(ctx, gs, app.InspectionQuery{From: "yesterday"}); dajia.ErrorCode(err) != dajia.Invalid {
		t.Fatalf("bad date filter: %v", err)
	}
	l, err := a.Inspections(ctx, gs, app.InspectionQuery{Limit: 2})
	if err != nil || len(l.Inspections) != 2 || l.Next != 2 || l.Inspections[0].InspectedOn.String() != "2017-09-23" {
		t.Fatalf("paged %+v %v", l, err)
	}
	if _, err := a.Inspection(ctx, gs, zjI.ID); dajia.ErrorCode(err) != dajia.NotFound {
		t.Fatalf("another unit's inspection: %v", err)
	}
	if _, err := a.InspectionClue(ctx, gs, zjI.ID, shop.ID, ""); dajia.ErrorCode(err) != dajia.NotFound {
		t.Fatalf("another unit's clue: %v", err)
	}
	recs, err := a.DB().AuditLog(ctx, store.AuditFilter{Object: "inspections", Limit: 50})
	if err != nil || len(recs) == 0 || recs[0].Action != "inspection.export" {
		t.Fatalf("export audit %v %v", recs, err)
	}
	vs, err := a.InspectionVillages(ctx, zj)
	if err != nil || !slices.Equal(vs, []string{"沙港村"}) {
		t.Fatalf("villages %v %v", vs, err)
	}
}

func TestImportingInspectionsIsAllOrNothing(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	shop := inspectionEntity(t, a, "港口镇某灯饰商行", dajia.KindGrocer)
	good := lampInspection("", shop)
	bad := lampInspection("", shop)
	bad.InspectedOn, bad.Inspectors = "2017-10-30", nil
	_, err := a.ImportInspections(ctx, gs, refPlan, []app.InspectionInput{good, bad}, []string{"第 3 行", "第 4 行"})
	var fe dajia.FieldErrors
	if !errors.As(err, &fe) || len(fe) != 2 || fe[0].Field != "第 4 行/inspected_on" || fe[1].Field != "第 4 行/inspectors" {
		t.Fatalf("errors %v", err)
	}
	if l, _ := a.Inspections(ctx, office, app.InspectionQuery{}); l.Count.Total != 0 {
		t.Fatalf("a broken import stored %d", l.Count.Total)
	}
	ins, err := a.ImportInspections(ctx, gs, refPlan, []app.InspectionInput{good, good}, []string{"第 3 行", "第 4 行"})
	if err != nil || len(ins) != 2 {
		t.Fatalf("import %v %v", ins, err)
	}
	recs, _ := a.DB().AuditLog(ctx, store.AuditFilter{Object: "inspection:", Limit: 10})
	if len(recs) != 2 || recs[0].Action != "inspection.import" {
		t.Fatalf("audit %+v", recs)
	}
}

func TestASpreadsheetNamesItsEntityByNameOrCreditCode(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	one, err := a.DB().CreateEntity(ctx, office, dajia.Entity{Name: "港口镇某灯饰商行", Kind: dajia.KindGrocer, CreditCode: "91442000MA4UJ8HX5T"})
	if err != nil {
		t.Fatal(err)
	}
	inspectionEntity(t, a, "港口镇某灯饰商行分店", dajia.KindGrocer)
	twin1 := inspectionEntity(t, a, "同名商店", dajia.KindGrocer)
	inspectionEntity(t, a, "同名商店", dajia.KindGrocer)
	for _, tt := range []struct {
		text string
		want int64
		code dajia.Code
	}{
		{"港口镇某灯饰商行", one.ID, ""},
		{"91442000ma4uj8hx5t", one.ID, ""},
		{"港口镇某灯饰", 0, dajia.Invalid},
		{"同名商店", 0, dajia.Invalid},
		{"", 0, dajia.Invalid},
	} {
		e, err := a.ResolveEntity(ctx, gs, tt.text)
		if (err == nil) != (tt.code == "") || (err != nil && dajia.ErrorCode(err) != tt.code) || e.ID != tt.want {
			t.Errorf("%q: %d %v", tt.text, e.ID, err)
		}
	}
	if _, err := a.MergeEntities(ctx, office, twin1.ID+1, twin1.ID); err != nil {
		t.Fatal(err)
	}
	if e, err := a.ResolveEntity(ctx, gs, "同名商店"); err != nil || e.ID != twin1.ID {
		t.Errorf("a merged record is not named: %d %v", e.ID, err)
	}
	if _, err := a.ResolveEntity(ctx, auditor, "同名商店"); dajia.ErrorCode(err) != dajia.Forbidden {
		t.Errorf("an auditor: %v", err)
	}
}
