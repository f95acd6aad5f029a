package app

import (
	"context"
	"slices"
	"strings"

	"dajia"
	"dajia/store"
)

// InspectionInput is an inspection as staff type it in or a spreadsheet
// row brings it. Unit is the recording unit: a unit's account records for
// its own unit; the office names it.
type InspectionInput struct {
	PlanID      string                  `json:"plan"`
	InspectedOn string                  `json:"inspected_on"`
	Unit        string                  `json:"unit"`
	Inspectors  []string                `json:"inspectors"`
	CampaignNo  int                     `json:"campaign_no"`
	Village     string                  `json:"village"`
	Place       string                  `json:"place"`
	ActionID    int64                   `json:"action_id"`
	Notes       string                  `json:"notes"`
	Entities    []dajia.InspectedEntity `json:"entities"`
}

// planOrCurrent is the plan id, or the current plan's when id is "".
func (a *App) planOrCurrent(ctx context.Context, id string) (store.PlanVersion, error) {
	if id = strings.TrimSpace(id); id == "" {
		plans, err := a.db.Plans(ctx)
		if err != nil {
			return store.PlanVersion{}, err
		}
		if len(plans) == 0 {
			return store.PlanVersion{}, dajia.Errorf(dajia.NotFound, "plan", "还没有导入方案")
		}
		id = plans[0].ID
	}
	return a.db.Plan(ctx, id)
}

// Checklist is the checklist of campaign no (0: none) of the plan: the
// office's list when it edited one, else the default.
func (a *App) Checklist(ctx context.Context, p *dajia.Plan, no int) ([]string, error) {
	m, err := a.db.Checklists(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	if c, ok := m[no]; ok {
		return c.Items, nil
	}
	return p.DefaultChecklist(no), nil
}

// Checklists lists the checklist of every campaign of the plan, then the
// one for inspections under no campaign (number 0).
func (a *App) Checklists(ctx context.Context, actor dajia.Actor, p *dajia.Plan) ([]dajia.Checklist, error) {
	if !actor.Can(dajia.PermBusiness) {
		return nil, dajia.Errorf(dajia.Forbidden, "", "无权查看检查表")
	}
	m, err := a.db.Checklists(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	var out []dajia.Checklist
	nos := []int{}
	for _, c := range p.Campaigns {
		nos = append(nos, c.No)
	}
	for _, no := range append(nos, 0) {
		c, ok := m[no]
		if !ok {
			c = dajia.Checklist{PlanID: p.ID, CampaignNo: no, Items: p.DefaultChecklist(no)}
		}
		out = append(out, c)
	}
	return out, nil
}

// SaveChecklist stores the office's checklist of campaign no of the plan;
// reset goes back to the default list. Inspections already recorded keep
// the results they hold.
func (a *App) SaveChecklist(ctx context.Context, actor dajia.Actor, planID string, no int, items []string, reset bool) error {
	if err := actor.MayEditChecklists(); err != nil {
		return err
	}
	v, err := a.db.Plan(ctx, planID)
	if err != nil {
		return err
	}
	if _, ok := v.Plan.CampaignByNo(no); !ok && no != 0 {
		return dajia.Errorf(dajia.Invalid, "campaign_no", "方案中没有专项 %d", no)
	}
	if reset {
		return a.db.SaveChecklist(ctx, actor, v.PlanID, no, nil)
	}
	items, err = dajia.CheckChecklist(items)
	if err != nil {
		return err
	}
	return a.db.SaveChecklist(ctx, actor, v.PlanID, no, items)
}

// recordingUnit is the recording unit of an inspection the actor records:
// their own unit, or the one the office names.
func recordingUnit(actor dajia.Actor, asked string) (string, error) {
	if err := actor.MayRecordInspections(); err != nil {
		return "", err
	}
	asked = strings.TrimSpace(asked)
	if actor.Role == dajia.RoleOffice {
		return asked, nil
	}
	if asked != "" && asked != actor.Unit {
		return "", dajia.Errorf(dajia.Forbidden, "unit", "只能登记本单位的巡查检查")
	}
	return actor.Unit, nil
}

// inspectionOf builds the inspection of an input under the plan p and
// checks it; old is the stored inspection an edit changes (nil for a new
// one).
func (a *App) inspectionOf(ctx context.Context, actor dajia.Actor, p *dajia.Plan, in InspectionInput, old *dajia.Inspection) (dajia.Inspection, error) {
	unit, err := recordingUnit(actor, in.Unit)
	if err != nil {
		return dajia.Inspection{}, err
	}
	if old != nil && actor.Role != dajia.RoleOffice {
		unit = old.Unit
	}
	i := dajia.Inspection{PlanID: p.ID, Unit: unit, Inspectors: in.Inspectors, CampaignNo: in.CampaignNo, Village: in.Village,
		Place: in.Place, ActionID: in.ActionID, Notes: in.Notes, Entities: in.Entities}
	var errs dajia.FieldErrors
	if i.InspectedOn, err = formDate("inspected_on", in.InspectedOn, dajia.Date{}); err != nil {
		errs = append(errs, dajia.FieldErrorf("inspected_on", "invalid", "日期应为 YYYY-MM-DD"))
	}
	items, err := a.Checklist(ctx, p, in.CampaignNo)
	if err != nil {
		return i, err
	}
	if old != nil {
		for _, it := range old.RecordedItems() {
			if !slices.Contains(items, it) {
				items = append(items, it)
			}
		}
	}
	if err := i.Check(p, dajia.Today(a.clock), items); err != nil {
		fe, ok := err.(dajia.FieldErrors)
		if !ok {
			return i, err
		}
		for _, f := range fe {
			if f.Field == "inspected_on" && len(errs) > 0 {
				continue
			}
			errs = append(errs, f)
		}
	}
	if old != nil {
		if err := i.Keep(*old); err != nil {
			errs = append(errs, err.(dajia.FieldErrors)...)
		}
	}
	if i.ActionID > 0 && !hasField(errs, "action_id") {
		fe, err := a.tagProblem(ctx, i.ActionID, i.Unit, p.ID)
		if err != nil {
			return i, err
		}
		if fe != nil {
			errs = append(errs, *fe)
		}
	}
	if len(errs) > 0 {
		return i, errs
	}
	return i, nil
}

// CreateInspection records an inspection, audited.
func (a *App) CreateInspection(ctx context.Context, actor dajia.Actor, in InspectionInput) (dajia.Inspection, error) {
	if err := actor.MayRecordInspections(); err != nil {
		return dajia.Inspection{}, err
	}
	v, err := a.planOrCurrent(ctx, in.PlanID)
	if err != nil {
		return dajia.Inspection{}, err
	}
	i, err := a.inspectionOf(ctx, actor, v.Plan, in, nil)
	if err != nil {
		return i, err
	}
	out, err := a.db.CreateInspections(ctx, actor, "inspection.create", []dajia.Inspection{i})
	if err != nil {
		return i, err
	}
	return out[0], nil
}

// CheckInspectionImport checks the inspections of a spreadsheet without
// storing them: the problems of every row at once, each field named by
// its row (rowNames[k] + "/" + field).
func (a *App) CheckInspectionImport(ctx context.Context, actor dajia.Actor, planID string, rows []InspectionInput, rowNames []string) ([]dajia.Inspection, error) {
	if err := actor.MayRecordInspections(); err != nil {
		return nil, err
	}
	v, err := a.planOrCurrent(ctx, planID)
	if err != nil {
		return nil, err
	}
	var ins []dajia.Inspection
	var errs dajia.FieldErrors
	for k, in := range rows {
		in.PlanID = v.PlanID
		i, err := a.inspectionOf(ctx, actor, v.Plan, in, nil)
		if fe, ok := err.(dajia.FieldErrors); ok {
			for _, f := range fe {
				f.Field = rowNames[k] + "/" + f.Field
				errs = append(errs, f)
			}
			continue
		}
		if err != nil {
			return nil, err
		}
		ins = append(ins, i)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return ins, nil
}

// ImportInspections records every inspection of a spreadsheet, or none
// (CheckInspectionImport says what is wrong), in one transaction.
func (a *App) ImportInspections(ctx context.Context, actor dajia.Actor, planID string, rows []InspectionInput, rowNames []string) ([]dajia.Inspection, error) {
	ins, err := a.CheckInspectionImport(ctx, actor, planID, rows, rowNames)
	if err != nil {
		return nil, err
	}
	return a.db.CreateInspections(ctx, actor, "inspection.import", ins)
}

// Inspection returns an inspection the actor may see; another unit's is
// not found.
func (a *App) Inspection(ctx context.Context, actor dajia.Actor, id int64) (dajia.Inspection, error) {
	i, err := a.db.Inspection(ctx, id)
	if err != nil {
		return i, err
	}
	if !i.VisibleTo(actor) {
		return dajia.Inspection{}, dajia.Errorf(dajia.NotFound, "inspection", "没有这次巡查检查")
	}
	return i, nil
}

// UpdateInspection edits an inspection: the recording unit its own, the
// office any. The rows whose findings became clues stay, with their clues.
func (a *App) UpdateInspection(ctx context.Context, actor dajia.Actor, id int64, in InspectionInput) (dajia.Inspection, error) {
	old, err := a.Inspection(ctx, actor, id)
	if err != nil {
		return old, err
	}
	if !old.EditableBy(actor) {
		return old, dajia.Errorf(dajia.Forbidden, "", "只有检查单位或打假办可以修改")
	}
	v, err := a.db.Plan(ctx, old.PlanID)
	if err != nil {
		return old, err
	}
	var checked dajia.Inspection
	out, err := a.db.UpdateInspection(ctx, actor, id, func(i *dajia.Inspection) error {
		if !i.EditableBy(actor) {
			return dajia.Errorf(dajia.Forbidden, "", "只有检查单位或打假办可以修改")
		}
		// The rows as stored in this transaction decide what must stay.
		n, err := a.inspectionOf(ctx, actor, v.Plan, in, i)
		if err != nil {
			return err
		}
		checked = n
		*i = n
		return nil
	})
	if err != nil && dajia.ErrorCode(err) == dajia.Invalid {
		return checked, err
	}
	return out, err
}

// InspectionOfClue is the inspection whose finding became the clue c, when
// the actor may read it; 0 when none.
func (a *App) InspectionOfClue(ctx context.Context, actor dajia.Actor, c dajia.Clue) (int64, error) {
	id, ok := c.InspectionID()
	if !ok {
		return 0, nil
	}
	i, err := a.Inspection(ctx, actor, id)
	if dajia.ErrorCode(err) == dajia.NotFound {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	if e, _, ok := i.Row(c.EntityID); !ok || e.ClueID != c.ID {
		return 0, nil
	}
	return id, nil
}

// InspectionFile is an inspection as its page shows it.
type InspectionFile struct {
	Inspection dajia.Inspection
	Plan       *dajia.Plan
	Entities   map[int64]dajia.Entity
	Items      []string // the checklist: the campaign's, then any other item recorded
	Clues      map[int64]dajia.Clue
	Editable   bool
	// Leads is where each row's finding goes when it becomes a clue, by
	// entity id.
	Leads map[int64]dajia.Routing
}

// OpenInspection returns the file of an inspection the actor may see.
func (a *App) OpenInspection(ctx context.Context, actor dajia.Actor, id int64) (InspectionFile, error) {
	i, err := a.Inspection(ctx, actor, id)
	if err != nil {
		return InspectionFile{}, err
	}
	f := InspectionFile{Inspection: i, Editable: i.EditableBy(actor), Entities: map[int64]dajia.Entity{}, Clues: map[int64]dajia.Clue{},
		Leads: map[int64]dajia.Routing{}}
	v, err := a.db.PlanVersion(ctx, i.PlanID, 0)
	if err != nil {
		return f, err
	}
	f.Plan = v.Plan
	if f.Items, err = a.Checklist(ctx, v.Plan, i.CampaignNo); err != nil {
		return f, err
	}
	for _, it := range i.RecordedItems() {
		if !slices.Contains(f.Items, it) {
			f.Items = append(f.Items, it)
		}
	}
	var ids []int64
	for _, e := range i.Entities {
		ids = append(ids, e.EntityID)
	}
	es, err := a.db.EntitiesByID(ctx, ids)
	if err != nil {
		return f, err
	}
	for _, e := range es {
		f.Entities[e.ID] = e
	}
	for _, e := range i.Entities {
		f.Leads[e.EntityID] = v.Plan.RouteFinding(e.Category, f.Entities[e.EntityID].Kind, i.CampaignNo)
		if e.ClueID == 0 {
			continue
		}
		// The clue is shown to whom may read it: its lead unit, the
		// office and leaders.
		if c, err := a.db.Clue(ctx, e.ClueID); err == nil && c.VisibleTo(actor) {
			f.Clues[e.EntityID] = c
		} else if err != nil && dajia.ErrorCode(err) != dajia.NotFound {
			return f, err
		}
	}
	return f, nil
}

// InspectionClue turns the finding at an entity of an inspection into a
// clue of the campaign's lead (the office may name the lead), with its
// clock; one clue per row, in one transaction with the link and the audit.
func (a *App) InspectionClue(ctx context.Context, actor dajia.Actor, id, entityID int64, lead string) (dajia.Clue, error) {
	i, err := a.Inspection(ctx, actor, id)
	if err != nil {
		return dajia.Clue{}, err
	}
	if !i.EditableBy(actor) { // who may act is said before what is wrong with the input
		return dajia.Clue{}, dajia.Errorf(dajia.Forbidden, "", "只有检查单位或打假办可以把发现的问题转为线索")
	}
	v, err := a.db.PlanVersion(ctx, i.PlanID, 0)
	if err != nil {
		return dajia.Clue{}, err
	}
	e, err := a.db.Entity(ctx, entityID)
	if dajia.ErrorCode(err) == dajia.NotFound {
		return dajia.Clue{}, dajia.Errorf(dajia.Invalid, "entity_id", "这次检查没有检查第 %d 号市场主体", entityID)
	}
	if err != nil {
		return dajia.Clue{}, err
	}
	today := dajia.Today(a.clock)
	return a.db.InspectionClue(ctx, actor, id, entityID, func(i dajia.Inspection) (dajia.Clue, error) {
		c, err := i.FindingClue(actor, v.Plan, entityID, e.Kind, lead, today)
		if err != nil {
			return c, err
		}
		return c, c.Reclock(today, a.cal)
	})
}

// InspectionQuery is a list of inspections as staff ask for it.
type InspectionQuery struct {
	PlanID     string
	Unit       string // "" is every unit the actor sees
	CampaignNo int
	From, To   string // YYYY-MM-DD, inclusive
	Village    string
	ActionID   int64
	Findings   bool
	CCC        bool
	Limit      int // per page; 0 is 50
	Offset     int
}

// InspectionList is one page of inspections with the counts over all.
type InspectionList struct {
	Inspections []dajia.Inspection
	Count       store.InspectionCount
	Next        int              // offset of the next page; 0 on the last
	Names       map[int64]string // the entities' names, by id
}

func inspectionFilter(actor dajia.Actor, q InspectionQuery) (store.InspectionFilter, error) {
	f := store.InspectionFilter{PlanID: q.PlanID, Units: listUnits(actor, q.Unit), CampaignNo: q.CampaignNo, Village: strings.TrimSpace(q.Village),
		ActionID: q.ActionID, Findings: q.Findings, CCC: q.CCC, Limit: q.Limit, Offset: max(q.Offset, 0)}
	var errs dajia.FieldErrors
	var err error
	if f.From, err = formDate("from", q.From, dajia.Date{}); err != nil {
		errs = append(errs, dajia.FieldErrorf("from", "invalid", "日期应为 YYYY-MM-DD"))
	}
	if f.To, err = formDate("to", q.To, dajia.Date{}); err != nil {
		errs = append(errs, dajia.FieldErrorf("to", "invalid", "日期应为 YYYY-MM-DD"))
	}
	if len(errs) > 0 {
		return f, errs
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	return f, nil
}

// Inspections lists the inspections the actor may see, the latest first,
// a page at a time.
func (a *App) Inspections(ctx context.Context, actor dajia.Actor, q InspectionQuery) (InspectionList, error) {
	f, err := inspectionFilter(actor, q)
	if err != nil {
		return InspectionList{}, err
	}
	var l InspectionList
	if l.Count, err = a.db.CountInspections(ctx, f); err != nil {
		return l, err
	}
	if l.Inspections, err = a.db.Inspections(ctx, f); err != nil {
		return l, err
	}
	if f.Offset+len(l.Inspections) < l.Count.Total {
		l.Next = f.Offset + len(l.Inspections)
	}
	l.Names, err = a.db.EntityNames(ctx, entityIDs(l.Inspections))
	return l, err
}

func entityIDs(ins []dajia.Inspection) []int64 {
	var ids []int64
	for _, i := range ins {
		for _, e := range i.Entities {
			if !slices.Contains(ids, e.EntityID) {
				ids = append(ids, e.EntityID)
			}
		}
	}
	return ids
}

// InspectionVillages lists the villages of the inspections the actor sees.
func (a *App) InspectionVillages(ctx context.Context, actor dajia.Actor) ([]string, error) {
	return a.db.InspectionVillages(ctx, listUnits(actor, ""))
}

// ExportInspections hands each inspection the actor may see under the
// list's filters to each, with the names of its entities, a page of the
// store at a time however many there are, and records the export in the
// audit trail. q.Offset is ignored: an export is every page.
func (a *App) ExportInspections(ctx context.Context, actor dajia.Actor, q InspectionQuery, each func(i dajia.Inspection, names map[int64]string) error) (int, error) {
	q.Limit, q.Offset = exportPage, 0
	f, err := inspectionFilter(actor, q)
	if err != nil {
		return 0, err
	}
	n := 0
	for f.Units == nil || len(f.Units) > 0 {
		ins, err := a.db.Inspections(ctx, f)
		if err != nil {
			return n, err
		}
		names, err := a.db.EntityNames(ctx, entityIDs(ins))
		if err != nil {
			return n, err
		}
		for _, i := range ins {
			if err := each(i, names); err != nil {
				return n, err
			}
			n++
		}
		if len(ins) < f.Limit {
			break
		}
		f.Offset += len(ins)
	}
	return n, a.db.Audit(ctx, actor, store.AuditEntry{Action: "inspection.export", Object: "inspections",
		After: map[string]any{"plan": q.PlanID, "unit": q.Unit, "campaign": q.CampaignNo, "from": q.From, "to": q.To,
			"village": q.Village, "action_id": q.ActionID, "findings": q.Findings, "ccc": q.CCC, "count": n}})
}

// ResolveEntity finds the live market entity a spreadsheet names, by its
// credit code or its exact name: one only, else why not.
func (a *App) ResolveEntity(ctx context.Context, actor dajia.Actor, text string) (dajia.Entity, error) {
	if err := actor.MayReadEntities(); err != nil {
		return dajia.Entity{}, err
	}
	text = EntityQuery(text)
	if text == "" {
		return dajia.Entity{}, dajia.Errorf(dajia.Invalid, "entity_id", "请填写市场主体的名称或统一社会信用代码")
	}
	hits, err := a.db.LiveEntitiesNamed(ctx, text, strings.ToUpper(text))
	if err != nil {
		return dajia.Entity{}, err
	}
	switch len(hits) {
	case 0:
		return dajia.Entity{}, dajia.Errorf(dajia.Invalid, "entity_id", "没有名称或统一社会信用代码为“%s”的市场主体，请先登记", text)
	case 1:
		return hits[0], nil
	}
	return dajia.Entity{}, dajia.Errorf(dajia.Invalid, "entity_id", "有 %d 个名为“%s”的市场主体，请填写统一社会信用代码", len(hits), text)
}
