package dajia_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"dajia"
	"dajia/calendar"
	"dajia/locale"
)

func unitOfficer(unit string) dajia.Actor {
	return dajia.Actor{UserID: 2, Name: unit + "-officer", Role: dajia.RoleOfficer, Unit: unit}
}

func validInspection() dajia.Inspection {
	return dajia.Inspection{ID: 7, PlanID: "zs-gangkou-2017", InspectedOn: d("2017-09-20"), Unit: "gsfj", Inspectors: []string{"李明", "王芳"},
		CampaignNo: 7, Village: "港口村", Place: "兴港市场",
		Entities: []dajia.InspectedEntity{{EntityID: 3, Category: "灯具", Product: "LED灯", Checks: []dajia.CheckItem{{Item: "3C 标志", Result: dajia.CheckFail}},
			Finding: "LED灯无3C标志"}}}
}

func inspectionFieldsOf(t *testing.T, err error) []string {
	t.Helper()
	var fe dajia.FieldErrors
	if !errors.As(err, &fe) {
		t.Fatalf("want FieldErrors, got %v", err)
	}
	var out []string
	for _, f := range fe {
		out = append(out, f.Field)
	}
	return out
}

func TestAnInspectionAnswersEveryFieldProblemAtOnce(t *testing.T) {
	p := reference(t)
	items := p.DefaultChecklist(7)
	i := validInspection()
	if err := i.Check(p, d("2017-09-20"), items); err != nil {
		t.Fatalf("valid inspection refused: %v", err)
	}
	bad := dajia.Inspection{InspectedOn: d("2017-09-21"), Unit: "szjj", Inspectors: []string{" "}, CampaignNo: 11, ActionID: -1,
		Notes: strings.Repeat("字", dajia.MaxInspectionNotes+1),
		Entities: []dajia.InspectedEntity{
			{EntityID: 3, Category: "军火", Checks: []dajia.CheckItem{{Item: "不存在的项目", Result: dajia.CheckPass}}},
			{EntityID: 3, Checks: []dajia.CheckItem{{Item: "3C 标志", Result: "maybe"}}},
			{EntityID: 4, Checks: []dajia.CheckItem{{Item: "3C 标志", Result: dajia.CheckFail}}},
		}}
	got := inspectionFieldsOf(t, bad.Check(p, d("2017-09-20"), items))
	want := []string{"inspected_on", "unit", "inspectors", "campaign_no", "notes", "place", "action_id", "entities.0.category", "entities.0.checks",
		"entities.1.entity_id", "entities.1.checks", "entities.2.finding"}
	if !slices.Equal(got, want) {
		t.Fatalf("fields = %v, want %v", got, want)
	}
	many := validInspection()
	for k := range dajia.MaxInspectionEntities {
		many.Entities = append(many.Entities, dajia.InspectedEntity{EntityID: int64(100 + k)})
	}
	if got := inspectionFieldsOf(t, many.Check(p, d("2017-09-20"), items)); !slices.Equal(got, []string{"entities"}) {
		t.Fatalf("too many entities must be refused: %v", got)
	}
	none := validInspection()
	none.Entities = nil
	if got := inspectionFieldsOf(t, none.Check(p, d("2017-09-20"), items)); !slices.Equal(got, []string{"entities"}) {
		t.Fatalf("no entity: %v", got)
	}
}

func TestInspectorsAreTrimmedDeduplicatedAndBounded(t *testing.T) {
	p := reference(t)
	i := validInspection()
	i.Inspectors = []string{" 李明 ", "李明", "", "王芳"}
	if err := i.Check(p, d("2017-09-20"), p.DefaultChecklist(7)); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(i.Inspectors, []string{"李明", "王芳"}) {
		t.Fatalf("inspectors = %v", i.Inspectors)
	}
	i.Inspectors = nil
	for k := range dajia.MaxInspectors + 1 {
		i.Inspectors = append(i.Inspectors, "人"+string(rune('A'+k)))
	}
	if got := inspectionFieldsOf(t, i.Check(p, d("2017-09-20"), p.DefaultChecklist(7))); !slices.Equal(got, []string{"inspectors"}) {
		t.Fatalf("fields = %v", got)
	}
}

func TestInspectionThreeCFlags(t *testing.T) {
	tests := []struct {
		category, product, cert string
		flag                    bool
	}{
		{"灯具", "LED灯", "", true},
		{"灯具", "LED灯", "2017010701000001", false},
		{"小家电", "电饭锅", "  ", true},
		{"玩具", "塑胶玩具", "", true},
		{"汽车零配件", "轮胎", "", true},
		{"汽车零配件", "机油", "", false},
		{"儿童用品", "儿童安全座椅", "", true},
		{"儿童用品", "奶瓶", "", false},
		{"食品", "大米", "", false},
		{"", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.category+tt.product, func(t *testing.T) {
			e := dajia.InspectedEntity{Category: tt.category, Product: tt.product, Certificate: tt.cert}
			if e.CCCMissing() != tt.flag {
				t.Fatalf("flag = %v, want %v", e.CCCMissing(), tt.flag)
			}
			i := dajia.Inspection{Entities: []dajia.InspectedEntity{e, {Category: "食品"}}}
			if want := map[bool]int{true: 1}[tt.flag]; i.CCCFlags() != want {
				t.Fatalf("CCCFlags = %d, want %d", i.CCCFlags(), want)
			}
		})
	}
}

func TestEveryCampaignOfTheReferencePlanHasItsOwnDefaultChecklist(t *testing.T) {
	p := reference(t)
	want := map[int][]string{
		1: {"食品经营许可证", "药品经营许可证"}, 2: {"农药经营许可证", "禁限用农药"}, 3: {"质量检验报告"}, 4: {"3C 标志", "使用年龄与警示说明"},
		5: {"原材料检验登记"}, 6: {"3C 标志"}, 7: {"3C 标志"}, 8: {"3C 标志"}, 9: {"以旧翻新", "生产商授权许可"}, 10: {"收寄验视", "实名收寄"},
	}
	for _, c := range p.Campaigns {
		items := p.DefaultChecklist(c.No)
		if !slices.Contains(items, "营业执照") || !slices.Contains(items, "进货台账") || !slices.Contains(items, "索证索票") {
			t.Errorf("campaign %d lacks the base items: %v", c.No, items)
		}
		for _, w := range want[c.No] {
			if !slices.Contains(items, w) {
				t.Errorf("campaign %d lacks %s: %v", c.No, w, items)
			}
		}
		if _, err := dajia.CheckChecklist(items); err != nil {
			t.Errorf("campaign %d default list is not a valid list: %v", c.No, err)
		}
	}
	if slices.Contains(p.DefaultChecklist(1), "3C 标志") {
		t.Error("food needs no 3C mark")
	}
	if got := p.DefaultChecklist(0); !slices.Equal(got, []string{"营业执照", "进货台账", "索证索票", "标签标识"}) {
		t.Errorf("no campaign: %v", got)
	}
}

func TestTheOfficesChecklistIsCheckedLikeAForm(t *testing.T) {
	items, err := dajia.CheckChecklist([]string{" 营业执照 ", "", "进货台账"})
	if err != nil || !slices.Equal(items, []string{"营业执照", "进货台账"}) {
		t.Fatalf("items %v err %v", items, err)
	}
	for name, in := range map[string][]string{
		"empty":    {" ", ""},
		"repeated": {"营业执照", "营业执照"},
		"too long": {strings.Repeat("长", dajia.MaxChecklistItemLength+1)},
		"too many": nil,
	} {
		if name == "too many" {
			in = nil
			for k := range dajia.MaxChecklistItems + 1 {
				in = append(in, "项目"+string(rune('一'+k)))
			}
		}
		if _, err := dajia.CheckChecklist(in); dajia.ErrorCode(err) != dajia.Invalid {
			t.Errorf("%s: want invalid, got %v", name, err)
		}
	}
	if err := unitOfficer("gsfj").MayEditChecklists(); dajia.ErrorCode(err) != dajia.Forbidden {
		t.Errorf("a unit must not edit checklists: %v", err)
	}
}

// Every campaign of the reference plan, reached by each of its categories
// (campaign 10 by the inspection's campaign: it has none), at a producer and
// at a shop: the clue goes to the lead the plan names for that stage, under
// the campaign that covers the category, with the legal clock.
func TestAFindingBecomesAClueForTheLeadOfEveryCampaignOfTheReferencePlan(t *testing.T) {
	p := reference(t)
	cal := calendar.Embedded()
	type want struct {
		lead     string // "" : the office must choose
		campaign int
	}
	leads := map[int]func(stage string) want{
		1: func(string) want { return want{"syjfj", 1} },
		2: func(string) want { return want{"nyj", 2} },
		3: func(string) want { return want{"zjj", 3} },
		4: func(string) want { return want{"zjfj", 4} },
		5: func(s string) want {
			if s == dajia.StageMaking {
				return want{"zjfj", 5}
			}
			return want{"gsfj", 5}
		},
		6: func(string) want { return want{"", 6} },
		7: func(s string) want {
			if s == dajia.StageMaking {
				return want{"zjfj", 7}
			}
			return want{"gsfj", 7}
		},
		8:  func(string) want { return want{"zjfj", 4} }, // its categories are campaign 4's: the first campaign covers them
		9:  func(string) want { return want{"jtfj", 9} },
		10: func(string) want { return want{"gsfj", 10} },
	}
	inspected, today := d("2017-09-29"), d("2017-10-09")
	for _, c := range p.Campaigns {
		cats := c.Categories
		if len(cats) == 0 {
			cats = []string{""}
		}
		for _, cat := range cats {
			for _, kind := range []dajia.EntityKind{dajia.KindProducer, dajia.KindGrocer} {
				stage := dajia.StageOf(kind)
				w := leads[c.No](stage)
				t.Run(c.Name+"/"+cat+"/"+stage, func(t *testing.T) {
					for _, recorder := range []string{"gafj", w.lead} {
						if recorder == "" {
							continue
						}
						i := dajia.Inspection{ID: 42, PlanID: p.ID, InspectedOn: inspected, Unit: recorder, Inspectors: []string{"李明"}, CampaignNo: c.No,
							Village: "港口村", Entities: []dajia.InspectedEntity{{EntityID: 9, Category: cat, Finding: "假冒商标"}}}
						cl, err := i.FindingClue(unitOfficer(recorder), p, 9, kind, "", today)
						if w.lead == "" {
							if dajia.ErrorCode(err) != dajia.Invalid || dajia.ErrorOf(err).Field != "lead_unit" {
								t.Fatalf("an upper-level lead must send the finding to the office: %v", err)
							}
							cl, err = i.FindingClue(office, p, 9, kind, "zjfj", today)
							if err != nil || cl.LeadUnit != "zjfj" {
								t.Fatalf("the office names the lead: %+v %v", cl, err)
							}
							return
						}
						if err != nil {
							t.Fatal(err)
						}
						if cl.LeadUnit != w.lead || cl.CampaignNo != w.campaign || cl.Source != dajia.ClueFromInspection || cl.SourceRef != "42" ||
							cl.EntityID != 9 || cl.Summary != "假冒商标" || cl.Status != dajia.CluePending {
							t.Fatalf("recorded by %s: clue %+v, want lead %s campaign %d", recorder, cl, w.lead, w.campaign)
						}
						// The lead that found it itself counts from the day of the
						// inspection; another unit from the day it receives it.
						from := today
						if recorder == w.lead {
							from = inspected
						}
						if cl.ReceivedOn != from {
							t.Fatalf("recorded by %s: received %s, want %s", recorder, cl.ReceivedOn, from)
						}
						if err := cl.Reclock(today, cal); err != nil {
							t.Fatal(err)
						}
						// 15 working days across National Day 2017 (30 September
						// is a make-up workday).
						due := map[string]string{"2017-09-29": "2017-10-26", "2017-10-09": "2017-10-30"}[from.String()]
						if cl.Due.String() != due || cl.DueWhat != dajia.ClueDueDecide {
							t.Fatalf("recorded by %s: due %s (%s), want %s", recorder, cl.Due, cl.DueWhat, due)
						}
					}
				})
			}
		}
	}
}

func TestAFindingBecomesOneClueOnlyAndOnlyByItsUnitOrTheOffice(t *testing.T) {
	p := reference(t)
	today := d("2017-09-22")
	i := validInspection()
	if _, err := i.FindingClue(unitOfficer("zjfj"), p, 3, dajia.KindGrocer, "", today); dajia.ErrorCode(err) != dajia.NotFound {
		t.Fatalf("another unit must not see it: %v", err)
	}

	if _, err := i.FindingClue(leader, p, 3, dajia.KindGrocer, "", today); dajia.ErrorCode(err) != dajia.Forbidden {
		t.Fatalf("a leader reads only: %v", err)
	}
	if _, err := i.FindingClue(unitOfficer("gsfj"), p, 99, dajia.KindGrocer, "", today); dajia.ErrorCode(err) != dajia.Invalid {
		t.Fatalf("an entity not checked: %v", err)
	}
	c, err := i.FindingClue(unitOfficer("gsfj"), p, 3, dajia.KindGrocer, "zjfj", today)
	if err != nil || c.LeadUnit != "gsfj" {
		t.Fatalf("a unit cannot send it outside the plan's routing: %+v %v", c, err)
	}
	c, err = i.FindingClue(office, p, 3, dajia.KindGrocer, "zjj", today)
	if err != nil || c.LeadUnit != "zjj" {
		t.Fatalf("the office may name another lead: %+v %v", c, err)
	}
	i.Entities[0].ClueID = 12
	if _, err := i.FindingClue(unitOfficer("gsfj"), p, 3, dajia.KindGrocer, "", today); dajia.ErrorCode(err) != dajia.Conflict {
		t.Fatalf("a second clue of one row: %v", err)
	}
	i.Entities[0].ClueID, i.Entities[0].Finding = 0, ""
	if _, err := i.FindingClue(unitOfficer("gsfj"), p, 3, dajia.KindGrocer, "", today); dajia.ErrorCode(err) != dajia.Invalid {
		t.Fatalf("a row without a finding: %v", err)
	}
}

func TestAnEditKeepsTheRowsThatBecameClues(t *testing.T) {
	old := validInspection()
	old.Entities = append(old.Entities, dajia.InspectedEntity{EntityID: 4})
	old.Entities[0].ClueID = 12
	edit := validInspection()
	edit.Entities = []dajia.InspectedEntity{{EntityID: 4}, {EntityID: 3, Finding: "改写"}}
	if err := edit.Keep(old); err != nil || edit.Entities[1].ClueID != 12 || edit.ID != old.ID {
		t.Fatalf("keep: %+v %v", edit.Entities, err)
	}
	edit.Entities = []dajia.InspectedEntity{{EntityID: 4}}
	if got := inspectionFieldsOf(t, edit.Keep(old)); !slices.Equal(got, []string{"entities"}) {
		t.Fatalf("a row with a clue must stay: %v", got)
	}
}

func TestWhoReadsAndEditsAnInspection(t *testing.T) {
	i := validInspection()
	sup := dajia.Actor{UserID: 9, Name: "sup", Role: dajia.RoleSupervisor, Unit: "gsfj"}

	admin := dajia.Actor{UserID: 6, Name: "sys", Role: dajia.RoleSysadmin}
	for _, tt := range []struct {
		name       string
		a          dajia.Actor
		read, edit bool
	}{
		{"office", office, true, true},
		{"recording unit", unitOfficer("gsfj"), true, true},
		{"its supervisor", sup, true, true},
		{"another unit", unitOfficer("zjfj"), false, false},
		{"leader", leader, true, false},
		{"administrator", admin, false, false},
	} {
		if i.VisibleTo(tt.a) != tt.read || i.EditableBy(tt.a) != tt.edit {
			t.Errorf("%s: read %v edit %v, want %v %v", tt.name, i.VisibleTo(tt.a), i.EditableBy(tt.a), tt.read, tt.edit)
		}
	}
	// The lead unit of a finding's clue reads the inspection behind it,
	// and edits nothing.
	i.Entities[0].ClueID, i.Entities[0].ClueUnit = 12, "zjfj"
	if !i.VisibleTo(unitOfficer("zjfj")) || i.EditableBy(unitOfficer("zjfj")) || i.VisibleTo(unitOfficer("nyj")) {
		t.Error("the clue's lead reads the inspection, and only reads it")
	}
}

func TestCheckResultsReadTheirChineseNames(t *testing.T) {
	for in, want := range map[string]dajia.CheckResult{"符合": dajia.CheckPass, "不符合": dajia.CheckFail, "不适用": dajia.CheckNA, "fail": dajia.CheckFail} {
		if r, ok := dajia.ParseCheckResult(in); !ok || r != want {
			t.Errorf("%s = %s", in, r)
		}
	}
	if _, ok := dajia.ParseCheckResult("还行"); ok {
		t.Error("an unknown result must not parse")
	}
}

func TestEveryDefaultChecklistItemHasEnglish(t *testing.T) {
	p := reference(t)
	for _, c := range append(p.Campaigns, dajia.Campaign{No: 0}) {
		for _, it := range p.DefaultChecklist(c.No) {
			if !locale.Has("en", it) {
				t.Errorf("campaign %d: %q has no English", c.No, it)
			}
		}
	}
	for _, r := range dajia.CheckResults {
		if !locale.Has("en", string(r.Name())) {
			t.Errorf("%s has no English", r)
		}
	}
}
