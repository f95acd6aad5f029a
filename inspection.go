package dajia

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// An inspection (巡查检查) is one visit of a unit's inspectors to a place,
// checking one or more market entities against the checklist of a
// campaign. Each entity checked has its own row: the checklist results,
// the product and its 3C certificate where relevant, and what was found.
// A finding becomes a clue for the lead unit of the campaign that covers
// the product's category.

// Bounds of an inspection.
const (
	MaxInspectors          = 10
	MaxInspectorName       = 20
	MaxInspectionEntities  = 20
	MaxInspectionNotes     = 2000
	MaxInspectionFinding   = 2000
	MaxInspectionPlace     = 200
	MaxInspectionVillage   = 50
	MaxInspectionProduct   = 100
	MaxInspectionCert      = 50
	MaxChecklistItems      = 30
	MaxChecklistItemLength = 30
)

// CheckResult is the result of one checklist item. It is stored as a code.
type CheckResult string

const (
	CheckPass CheckResult = "pass" // 符合
	CheckFail CheckResult = "fail" // 不符合
	CheckNA   CheckResult = "na"   // 不适用
)

// CheckResults is every result in the order forms offer them.
var CheckResults = []CheckResult{CheckPass, CheckFail, CheckNA}

var checkResultNames = map[CheckResult]Text{
	CheckPass: "符合",
	CheckFail: "不符合",
	CheckNA:   "不适用",
}

// Name is the result as staff read it.
func (r CheckResult) Name() Text { return nameIn(checkResultNames, r) }

// Valid reports whether r is one of CheckResults.
func (r CheckResult) Valid() bool { _, ok := checkResultNames[r]; return ok }

// ParseCheckResult reads a result by its code or its Chinese name.
func ParseCheckResult(s string) (CheckResult, bool) {
	s = strings.TrimSpace(s)
	for _, r := range CheckResults {
		if s == string(r) || s == string(checkResultNames[r]) {
			return r, true
		}
	}
	return "", false
}

// CheckItem is the result of one item of the checklist for one entity.
type CheckItem struct {
	Item   string      `json:"item"`
	Result CheckResult `json:"result"`
}

// InspectedEntity is one market entity checked in an inspection.
type InspectedEntity struct {
	EntityID    int64       `json:"entity_id"`
	Category    string      `json:"category"`    // the product category, one of the plan's
	Product     string      `json:"product"`     // the product checked, where relevant
	Certificate string      `json:"certificate"` // its 3C certificate number, where it needs one
	Checks      []CheckItem `json:"checks"`
	Finding     string      `json:"finding"` // what was found wrong; "" when nothing
	ClueID      int64       `json:"clue,omitempty"`
	ClueUnit    string      `json:"-"` // the clue's lead unit, which reads the inspection behind its clue
}

// CCCMissing is the row's 3C flag: the product needs a compulsory
// certificate and none was recorded.
func (e InspectedEntity) CCCMissing() bool { return CCCMissing(e.Category, e.Product, e.Certificate) }

// Failed lists the items the entity did not meet.
func (e InspectedEntity) Failed() []string {
	var out []string
	for _, c := range e.Checks {
		if c.Result == CheckFail {
			out = append(out, c.Item)
		}
	}
	return out
}

// Result is the result recorded for item; "" when none.
func (e InspectedEntity) Result(item string) CheckResult {
	for _, c := range e.Checks {
		if c.Item == item {
			return c.Result
		}
	}
	return ""
}

// Inspection is one inspection (巡查检查) recorded by a unit.
type Inspection struct {
	ID          int64
	PlanID      string
	InspectedOn Date
	Unit        string   // the recording unit's key
	Inspectors  []string // the inspectors' names
	CampaignNo  int      // 0: none
	Village     string   // the village or community
	Place       string   // the place checked (market, street, site)
	ActionID    int64    // the joint action it was part of; 0: none
	Notes       string
	Entities    []InspectedEntity
	CreatedBy   string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Findings counts the entities with a finding.
func (i Inspection) Findings() int {
	n := 0
	for _, e := range i.Entities {
		if e.Finding != "" {
			n++
		}
	}
	return n
}

// CCCFlags counts the entities whose product needs a 3C certificate and
// has none recorded.
func (i Inspection) CCCFlags() int {
	n := 0
	for _, e := range i.Entities {
		if e.CCCMissing() {
			n++
		}
	}
	return n
}

// Row is the row of the entity id; false when the inspection did not check it.
func (i Inspection) Row(entityID int64) (InspectedEntity, int, bool) {
	for k, e := range i.Entities {
		if e.EntityID == entityID {
			return e, k, true
		}
	}
	return InspectedEntity{}, -1, false
}

// Check trims the inspection and checks every field under the plan p on
// day today, answering all problems at once as FieldErrors. items is the
// checklist each entity's results may name (the campaign's, plus what the
// inspection already recorded). It does not look the entities up: that
// the ids exist is the use case's to check.
func (i *Inspection) Check(p *Plan, today Date, items []string) error {
	var errs FieldErrors
	bad := func(field, zh string, args ...any) {
		errs = append(errs, FieldErrorf(field, "invalid", zh, args...))
	}
	i.Village, i.Place, i.Notes, i.Unit = strings.TrimSpace(i.Village), strings.TrimSpace(i.Place), strings.TrimSpace(i.Notes), strings.TrimSpace(i.Unit)
	var unread []FieldError
	unreadable(&unread, "village", i.Village, "place", i.Place, "notes", i.Notes, "inspectors", i.Inspectors)
	for _, e := range i.Entities {
		unreadable(&unread, "entities", []string{e.Product, e.Certificate, e.Finding})
	}
	errs = append(errs, unread...)
	switch {
	case i.InspectedOn.IsZero():
		errs = append(errs, FieldErrorf("inspected_on", "required", "请填写检查日期"))
	case i.InspectedOn.After(today):
		bad("inspected_on", "检查日期不能晚于今天")
	}
	if r, ok := p.Lookup(i.Unit); !ok || r.Unit.Key == OfficeKey || p.IsUpperLevel(r.Unit) {
		bad("unit", "请选择检查单位")
	} else {
		i.Unit = r.Unit.Key
	}
	var names []string
	for _, n := range i.Inspectors {
		if n = strings.TrimSpace(n); n != "" && !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	i.Inspectors = names
	switch {
	case len(names) == 0:
		errs = append(errs, FieldErrorf("inspectors", "required", "请填写检查人员"))
	case len(names) > MaxInspectors:
		bad("inspectors", "检查人员最多 %d 人", MaxInspectors)
	}
	for _, n := range names {
		if utf8.RuneCountInString(n) > MaxInspectorName {
			bad("inspectors", "检查人员姓名最多 %d 个字", MaxInspectorName)
			break
		}
	}
	if i.CampaignNo != 0 {
		if _, ok := p.CampaignByNo(i.CampaignNo); !ok {
			bad("campaign_no", "方案中没有专项 %d", i.CampaignNo)
		}
	}
	for _, f := range []struct {
		field string
		v     string
		max   int
	}{{"village", i.Village, MaxInspectionVillage}, {"place", i.Place, MaxInspectionPlace}, {"notes", i.Notes, MaxInspectionNotes}} {
		if utf8.RuneCountInString(f.v) > f.max {
			bad(f.field, "不能超过 %d 个字", f.max)
		}
	}
	if i.Village == "" && i.Place == "" {
		errs = append(errs, FieldErrorf("place", "required", "请填写检查地点或所在村（社区）"))
	}
	if i.ActionID < 0 {
		bad("action_id", "集中行动编号应为正整数")
	}
	switch {
	case len(i.Entities) == 0:
		errs = append(errs, FieldErrorf("entities", "required", "请选择至少一个检查的市场主体"))
	case len(i.Entities) > MaxInspectionEntities:
		bad("entities", "一次检查最多 %d 个市场主体", MaxInspectionEntities)
	}
	cats := p.Categories()
	seen := map[int64]bool{}
	for k := range i.Entities {
		e := &i.Entities[k]
		field := func(name string) string { return "entities." + strconv.Itoa(k) + "." + name }
		e.Category, e.Product, e.Certificate, e.Finding = strings.TrimSpace(e.Category), strings.TrimSpace(e.Product),
			strings.TrimSpace(e.Certificate), strings.TrimSpace(e.Finding)
		switch {
		case e.EntityID <= 0:
			errs = append(errs, FieldErrorf(field("entity_id"), "required", "请选择市场主体"))
		case seen[e.EntityID]:
			bad(field("entity_id"), "第 %d 号市场主体重复", e.EntityID)
		}
		seen[e.EntityID] = true
		if e.Category != "" && !slices.Contains(cats, e.Category) {
			bad(field("category"), "方案中没有产品类别“%s”", e.Category)
		}
		if utf8.RuneCountInString(e.Product) > MaxInspectionProduct {
			bad(field("product"), "不能超过 %d 个字", MaxInspectionProduct)
		}
		if utf8.RuneCountInString(e.Certificate) > MaxInspectionCert {
			bad(field("certificate"), "不能超过 %d 个字", MaxInspectionCert)
		}
		if utf8.RuneCountInString(e.Finding) > MaxInspectionFinding {
			bad(field("finding"), "不能超过 %d 个字", MaxInspectionFinding)
		}
		if len(e.Checks) > MaxChecklistItems {
			bad(field("checks"), "检查项目最多 %d 项", MaxChecklistItems)
			continue
		}
		done := map[string]bool{}
		var checks []CheckItem
		for _, c := range e.Checks {
			c.Item = strings.TrimSpace(c.Item)
			switch {
			case c.Item == "" && c.Result == "":
				continue
			case !slices.Contains(items, c.Item):
				bad(field("checks"), "检查项目“%s”不在本次检查的检查表中", truncateRunes(c.Item, MaxChecklistItemLength))
			case done[c.Item]:
				bad(field("checks"), "检查项目“%s”重复", c.Item)
			case !c.Result.Valid():
				bad(field("checks"), "请为检查项目“%s”选择符合、不符合或不适用", c.Item)
			}
			done[c.Item] = true
			checks = append(checks, c)
		}
		e.Checks = checks
		if len(e.Failed()) > 0 && e.Finding == "" {
			errs = append(errs, FieldErrorf(field("finding"), "required", "有不符合的检查项目，请写明发现的问题"))
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// Keep carries over, into the edited inspection i, what the stored one
// old holds that an edit does not change: its id, plan, author and the
// clues its findings became. A checked entity whose finding became a clue
// stays on the inspection.
func (i *Inspection) Keep(old Inspection) error {
	i.ID, i.PlanID, i.CreatedBy, i.CreatedAt = old.ID, old.PlanID, old.CreatedBy, old.CreatedAt
	var errs FieldErrors
	for _, o := range old.Entities {
		if o.ClueID == 0 {
			continue
		}
		_, k, ok := i.Row(o.EntityID)
		if !ok {
			errs = append(errs, FieldErrorf("entities", "invalid", "第 %d 号市场主体的问题已转为第 %d 号线索，不能从检查中删除", o.EntityID, o.ClueID))
			continue
		}
		i.Entities[k].ClueID, i.Entities[k].ClueUnit = o.ClueID, o.ClueUnit
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// RecordedItems lists the checklist items the inspection already holds
// results for: an edit may keep them after the office changed the list.
func (i Inspection) RecordedItems() []string {
	var out []string
	for _, e := range i.Entities {
		for _, c := range e.Checks {
			if !slices.Contains(out, c.Item) {
				out = append(out, c.Item)
			}
		}
	}
	return out
}

// MayRecordInspections says whether the actor may record inspections: the
// office (for any unit) and a unit's officer, head or market supervisor
// (for their own unit).
func (a Actor) MayRecordInspections() error {
	switch a.Role {
	case RoleOffice:
		return nil
	case RoleOfficer, RoleHead, RoleSupervisor:
		if a.Unit != "" {
			return nil
		}
	}
	return Errorf(Forbidden, "", "无权登记巡查检查")
}

// VisibleTo reports whether the actor may read the inspection: the office
// and leaders read all, a unit its own and those whose finding became a
// clue it leads (the evidence behind its clue).
func (i Inspection) VisibleTo(a Actor) bool {
	unit, all := a.UnitScope()
	if all || (unit != "" && unit == i.Unit) {
		return true
	}
	for _, e := range i.Entities {
		if unit != "" && e.ClueUnit == unit {
			return true
		}
	}
	return false
}

// InspectionID is the id of the inspection of a clue made from its
// finding; a clue typed in by staff may name something else, so the
// inspection's row must name the clue too.
func (c Clue) InspectionID() (int64, bool) {
	if c.Source != ClueFromInspection {
		return 0, false
	}
	id, err := strconv.ParseInt(c.SourceRef, 10, 64)
	return id, err == nil && id > 0
}

// EditableBy reports whether the actor may edit the inspection: the
// office, or the recording unit's staff.
func (i Inspection) EditableBy(a Actor) bool {
	if a.MayRecordInspections() != nil {
		return false
	}
	return a.Role == RoleOffice || a.Unit == i.Unit
}

// StageOf is the stage a finding at an entity of kind k is about: making
// at a producer, a food workshop or a dyeing works; selling elsewhere.
func StageOf(k EntityKind) string {
	switch k {
	case KindProducer, KindWorkshop, KindDyeing:
		return StageMaking
	}
	return StageSelling
}

// RouteFinding is where a finding about a product of category, at an
// entity of kind k, in an inspection under campaign no (0: none) goes: by
// the category to the campaign that covers it (Plan.Route); a finding
// without a category goes to the inspection's campaign's lead.
func (p *Plan) RouteFinding(category string, k EntityKind, no int) Routing {
	stage := StageOf(k)
	if category != "" {
		return p.Route(category, stage, false)
	}
	c, ok := p.CampaignByNo(no)
	if !ok {
		return Routing{Units: []string{OfficeKey}, Reason: RouteNoCampaign}
	}
	if len(c.Categories) > 0 {
		rt := p.Route(c.Categories[0], stage, false)
		rt.Campaign = c
		return rt
	}
	rt := Routing{Campaign: c, Reason: RouteByCategory}
	for _, l := range c.LeadsFor(stage) {
		r, ok := p.Lookup(l.Dept)
		if !ok {
			return Routing{Campaign: c, Units: []string{OfficeKey}, Reason: RouteLeadUnknown}
		}
		if p.IsUpperLevel(r.Unit) {
			return Routing{Campaign: c, Units: []string{OfficeKey}, Reason: RouteUpperLevel}
		}
		if !slices.Contains(rt.Units, r.Unit.Key) {
			rt.Units = append(rt.Units, r.Unit.Key)
		}
	}
	if len(rt.Units) == 0 {
		return Routing{Campaign: c, Units: []string{OfficeKey}, Reason: RouteNoLead}
	}
	return rt
}

// FindingClue makes the clue of the finding at entity entityID (of kind k)
// of the inspection, for the actor on day today. The lead is the campaign's
// that covers the product's category (RouteFinding); of co-responsible
// leads, the actor's own unit when it is one, else the first. lead, when
// given, is the office's choice, needed when the finding routes to the
// office's queue (an upper-level lead, no campaign). The clock runs from
// the inspection's day when the recording unit leads (it found the
// violation itself), from today when another unit receives it. A row
// becomes one clue only.
func (i Inspection) FindingClue(a Actor, p *Plan, entityID int64, k EntityKind, lead string, today Date) (Clue, error) {
	if !i.VisibleTo(a) {
		return Clue{}, Errorf(NotFound, "inspection", "没有这次巡查检查")
	}
	if !i.EditableBy(a) {
		return Clue{}, Errorf(Forbidden, "", "只有检查单位或打假办可以把发现的问题转为线索")
	}
	row, _, ok := i.Row(entityID)
	switch {
	case !ok:
		return Clue{}, Errorf(Invalid, "entity_id", "这次检查没有检查第 %d 号市场主体", entityID)
	case row.ClueID != 0:
		return Clue{}, Errorf(Conflict, "entity_id", "这个问题已转为第 %d 号线索", row.ClueID)
	case row.Finding == "":
		return Clue{}, Errorf(Invalid, "finding", "这个市场主体没有发现问题，不能转为线索")
	}
	rt := p.RouteFinding(row.Category, k, i.CampaignNo)
	lead = strings.TrimSpace(lead)
	switch {
	case lead != "" && a.Role == RoleOffice:
		r, ok := p.Lookup(lead)
		if !ok || r.Unit.Key == OfficeKey || p.IsUpperLevel(r.Unit) {
			return Clue{}, Errorf(Invalid, "lead_unit", "请选择承办单位")
		}
		lead = r.Unit.Key
	case rt.ToOffice():
		return Clue{}, Errorf(Invalid, "lead_unit", "%s：请打假办指定承办单位", rt.Reason.Text(p, row.Category, StageOf(k), campaignNo(rt)))
	case lead != "" && slices.Contains(rt.Units, lead):
	case slices.Contains(rt.Units, a.Unit):
		lead = a.Unit
	default:
		lead = rt.Units[0]
	}
	c := Clue{PlanID: i.PlanID, Source: ClueFromInspection, SourceRef: strconv.FormatInt(i.ID, 10), ReceivedOn: today,
		LeadUnit: lead, CampaignNo: campaignNo(rt), EntityID: entityID, Summary: row.Finding, Status: CluePending}
	if c.CampaignNo == 0 {
		c.CampaignNo = i.CampaignNo
	}
	if lead == i.Unit {
		c.ReceivedOn = i.InspectedOn
	}
	return c, c.Check(today)
}

func campaignNo(rt Routing) int {
	if rt.Campaign == nil {
		return 0
	}
	return rt.Campaign.No
}
