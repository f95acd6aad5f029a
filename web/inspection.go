package web

// Inspections (巡查检查): the list with its filters, the form to record
// or edit one with a row per market entity checked, an inspection's page
// with the step that turns a finding into a clue, and the office's
// checklists.

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"dajia"
	"dajia/app"
	"dajia/locale"
	"dajia/store"
)

// inspectionRoutes are the pages, spreadsheets and API of inspections.
func (s *Server) inspectionRoutes() []route {
	h := s.adapt
	b := dajia.PermBusiness
	return []route{
		{"GET /inspections", b, h(s.inspectionsList), false},
		{"GET /inspections/export.xlsx", b, h(s.inspectionsXLSX), false},
		{"GET /inspections/template.xlsx", b, h(s.inspectionTemplate), false},
		{"POST /inspections/import", b, h(s.inspectionImport), false},
		{"GET /inspections/new", b, h(s.inspectionNew), false},
		{"POST /inspections", b, h(s.inspectionCreate), false},
		{"GET /inspections/{id}", b, h(s.inspectionView), false},
		{"GET /inspections/{id}/edit", b, h(s.inspectionEdit), false},
		{"POST /inspections/{id}", b, h(s.inspectionUpdate), false},
		{"POST /inspections/{id}/clue", b, h(s.inspectionClue), false},
		{"GET /settings/checklists", b, h(s.checklistsForm), false},
		{"POST /settings/checklists", dajia.PermManagePlans, h(s.checklistSave), false},

		{"GET /api/v1/inspections", b, h(s.apiInspections), false},
		{"POST /api/v1/inspections", b, h(s.apiInspectionCreate), false},
		{"GET /api/v1/inspections/{id}", b, h(s.apiInspectionGet), false},
		{"PUT /api/v1/inspections/{id}", b, h(s.apiInspectionPut), false},
		{"POST /api/v1/inspections/{id}/clue", b, h(s.apiInspectionClue), false},
	}
}

const inspectionsPerPage = 30

type inspectionsPage struct {
	Page
	List     app.InspectionList
	Q        app.InspectionQuery
	Plans    []store.PlanSummary
	Plan     *dajia.Plan     // the chosen or current plan: units' and campaigns' names
	Units    []dajia.UnitRef // the unit filter: the office and leaders only
	Villages []string
	MayAdd   bool
	Problems []string // what is wrong with the filters
}

// UnitName is a unit's name in the plan.
func (d inspectionsPage) UnitName(key string) string {
	if d.Plan == nil {
		return key
	}
	return unitDisplay(d.Plan, key)
}

// CampaignName is the name of campaign no of the plan.
func (d inspectionsPage) CampaignName(no int) string {
	if d.Plan != nil {
		if c, ok := d.Plan.CampaignByNo(no); ok {
			return c.Name
		}
	}
	return strconv.Itoa(no)
}

func inspectionValues(q app.InspectionQuery) url.Values {
	v := url.Values{}
	for k, x := range map[string]string{"plan": q.PlanID, "unit": q.Unit, "from": q.From, "to": q.To, "village": q.Village} {
		if x != "" {
			v.Set(k, x)
		}
	}
	if q.CampaignNo != 0 {
		v.Set("campaign", campaignValue(q.CampaignNo))
	}
	if q.ActionID != 0 {
		v.Set("action", strconv.FormatInt(q.ActionID, 10))
	}
	if q.Findings {
		v.Set("findings", "1")
	}
	if q.CCC {
		v.Set("ccc", "1")
	}
	return v
}

// PageURL is the list at offset with the same filters.
func (d inspectionsPage) PageURL(offset int) string {
	return pageURL("/inspections", inspectionValues(d.Q), offset)
}

// ExportURL is the Excel export of the list with the same filters.
func (d inspectionsPage) ExportURL() string {
	return "/inspections/export.xlsx?" + inspectionValues(d.Q).Encode()
}

// PrevOffset is the offset of the page before.
func (d inspectionsPage) PrevOffset() int { return max(d.Q.Offset-inspectionsPerPage, 0) }

// EntityNames words the entities an inspection checked.
func (d inspectionsPage) EntityNames(i dajia.Inspection) string {
	var names []string
	for _, e := range i.Entities {
		n := d.List.Names[e.EntityID]
		if n == "" {
			n = d.T("第 %d 号市场主体", e.EntityID)
		}
		names = append(names, n)
	}
	sep := "、"
	if d.Lang == "en" {
		sep = "; "
	}
	return strings.Join(names, sep)
}

// decodeInspectionsQuery reads the list's filters; one out of bounds is
// left out.
func decodeInspectionsQuery(q url.Values) app.InspectionQuery {
	iq := app.InspectionQuery{PlanID: strings.TrimSpace(q.Get("plan")), Unit: strings.TrimSpace(q.Get("unit")), From: strings.TrimSpace(q.Get("from")),
		To: strings.TrimSpace(q.Get("to")), Village: truncateText(strings.TrimSpace(q.Get("village")), dajia.MaxInspectionVillage),
		Findings: q.Get("findings") == "1", CCC: q.Get("ccc") == "1", Limit: inspectionsPerPage}
	if n, ok := campaignParam(q.Get("campaign")); ok {
		iq.CampaignNo = n
	}
	if n, err := strconv.ParseInt(q.Get("action"), 10, 64); err == nil && n > 0 {
		iq.ActionID = n
	}
	iq.Offset = queryOffset(q)
	return iq
}

func (s *Server) inspectionsList(w http.ResponseWriter, r *http.Request) error {
	pg := s.page(r, "")
	pg.Title = pg.T("巡查检查")
	q := decodeInspectionsQuery(r.URL.Query())
	d := inspectionsPage{Page: pg, Q: q, MayAdd: pg.Actor.MayRecordInspections() == nil}
	list, err := s.app.Inspections(r.Context(), pg.Actor, q)
	if dajia.ErrorCode(err) == dajia.Invalid {
		d.Problems = append(d.Problems, locale.Error(pg.Lang, dajia.ErrorOf(err)))
		d.Q.From, d.Q.To = "", ""
		list, err = s.app.Inspections(r.Context(), pg.Actor, d.Q)
	}
	if err != nil {
		return err
	}
	d.List = list
	if d.Plans, d.Plan, d.Units, err = s.listChoices(r, pg.Actor, false); err != nil {
		return err
	}
	if d.Villages, err = s.app.InspectionVillages(r.Context(), pg.Actor); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "inspections", d)
}

// rowLetters name the rows of the form: the picker's field names take
// letters only.
const rowLetters = "abcdefghijklmnopqrst"

// formRow is one market entity checked, as the form shows it.
type formRow struct {
	Letter string
	E      dajia.InspectedEntity
	Picker EntityPicker
	Errors map[string]string
}

type inspectionFormPage struct {
	Page
	ID    int64 // the inspection edited; 0 for a new one
	In    app.InspectionInput
	Plan  *dajia.Plan
	Units []dajia.UnitRef // the office names the recording unit
	Items []string        // the checklist of the chosen campaign
	// Actions are the joint actions it may be tagged with.
	Actions []store.ActionRecord
	Rows    []formRow
	More    bool // another row may be added
	Errors  map[string]string
	Error   string
}

// Action is where the form posts.
func (d inspectionFormPage) Action() string {
	if d.ID != 0 {
		return fmt.Sprintf("/inspections/%d", d.ID)
	}
	return "/inspections"
}

// UnitName is a unit's name in the plan.
func (d inspectionFormPage) UnitName(key string) string { return unitDisplay(d.Plan, key) }

// Categories are the plan's product categories.
func (d inspectionFormPage) Categories() []string { return d.Plan.Categories() }

// Inspectors words the inspectors as typed.
func (d inspectionFormPage) Inspectors() string { return strings.Join(d.In.Inspectors, "、") }

// maxInspectionForm bounds the form's body: twenty rows of short fields
// and findings of 2000 characters.
const maxInspectionForm = 512 << 10

var inspectorSep = regexp.MustCompile(`[、,，;；\s]+`)

// splitNames reads the inspectors typed in one field.
func splitNames(s string) []string {
	var out []string
	for _, n := range inspectorSep.Split(strings.TrimSpace(s), -1) {
		if n != "" {
			out = append(out, n)
		}
	}
	return out
}

// decodeInspectionForm reads the form: the inspection's fields, then its
// rows; a row left wholly empty is dropped. The checklist's items come
// with the form (item_N), so that a result keeps its item even when the
// office changed the list meanwhile.
func decodeInspectionForm(f url.Values) app.InspectionInput {
	in := app.InspectionInput{PlanID: f.Get("plan"), InspectedOn: f.Get("inspected_on"), Unit: f.Get("unit"),
		Inspectors: splitNames(f.Get("inspectors")), Village: f.Get("village"), Place: f.Get("place"), Notes: f.Get("notes")}
	if len(in.Inspectors) > dajia.MaxInspectors+1 {
		in.Inspectors = in.Inspectors[:dajia.MaxInspectors+1]
	}
	if n, err := strconv.Atoi(strings.TrimSpace(f.Get("campaign_no"))); err == nil && n > 0 && n < 1000 {
		in.CampaignNo = n
	}
	in.ActionID = formID(f, "action_id")
	var items []string
	for k := 0; k < dajia.MaxChecklistItems*2; k++ {
		it, ok := f["item_"+strconv.Itoa(k)]
		if !ok {
			break
		}
		items = append(items, it[0])
	}
	for _, l := range rowLetters {
		L := string(l)
		e := dajia.InspectedEntity{EntityID: formID(f, "entity_"+L), Category: f.Get("category_" + L), Product: f.Get("product_" + L),
			Certificate: f.Get("cert_" + L), Finding: f.Get("finding_" + L)}
		for k, it := range items {
			if r := f.Get("check_" + L + "_" + strconv.Itoa(k)); r != "" {
				e.Checks = append(e.Checks, dajia.CheckItem{Item: it, Result: dajia.CheckResult(r)})
			}
		}
		typed := strings.TrimSpace(f.Get("entity_"+L+"_q")) != ""
		if e.EntityID == 0 && !typed && strings.TrimSpace(e.Category+e.Product+e.Certificate+e.Finding) == "" && len(e.Checks) == 0 {
			continue
		}
		in.Entities = append(in.Entities, e)
	}
	return in
}

// inspectionForm builds the form for in under the plan (in.PlanID, or the
// current one) for the inspection id (0: new), with one row per entity and
// extra empty rows.
func (s *Server) inspectionForm(r *http.Request, id int64, in app.InspectionInput, extra int) (inspectionFormPage, error) {
	pg := s.page(r, "")
	pg.Title = pg.T("登记巡查检查")
	if id != 0 {
		pg.Title = pg.T("修改巡查检查第 %d 号", id)
	}
	if err := pg.Actor.MayRecordInspections(); err != nil {
		return inspectionFormPage{}, err
	}
	var v store.PlanVersion
	var err error
	if in.PlanID == "" {
		v, err = s.planParam(r)
	} else {
		v, err = s.db.Plan(r.Context(), in.PlanID)
	}
	if err != nil {
		return inspectionFormPage{}, err
	}
	in.PlanID = v.PlanID
	if pg.Actor.Role != dajia.RoleOffice && id == 0 {
		in.Unit = pg.Actor.Unit
	}
	d := inspectionFormPage{Page: pg, ID: id, In: in, Plan: v.Plan, Errors: map[string]string{}}
	for _, u := range v.Plan.AllUnits() {
		if u.Unit.Key != dajia.OfficeKey && !v.Plan.IsUpperLevel(u.Unit) {
			d.Units = append(d.Units, u)
		}
	}
	if d.Items, err = s.app.Checklist(r.Context(), v.Plan, in.CampaignNo); err != nil {
		return d, err
	}
	if d.Actions, err = s.actionChoices(r, v.PlanID, in.ActionID); err != nil {
		return d, err
	}
	for _, e := range in.Entities {
		for _, c := range e.Checks {
			if !containsString(d.Items, c.Item) {
				d.Items = append(d.Items, c.Item)
			}
		}
	}
	n := min(max(len(in.Entities)+extra, 1), len(rowLetters))
	for k := range n {
		row := formRow{Letter: rowLetters[k : k+1], Errors: map[string]string{}}
		if k < len(in.Entities) {
			row.E = in.Entities[k]
		}
		row.Picker = EntityPicker{Page: pg, Field: "entity_" + row.Letter, Legend: pg.T("检查的市场主体")}
		if row.E.EntityID > 0 {
			if e, err := s.app.Entity(r.Context(), pg.Actor, row.E.EntityID); err == nil {
				row.Picker.Chosen = &e
			}
		}
		d.Rows = append(d.Rows, row)
	}
	d.More = n < dajia.MaxInspectionEntities
	return d, nil
}

func containsString(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// Result is the result the row holds for item.
func (r formRow) Result(item string) string { return string(r.E.Result(item)) }

// Results are the results a checklist item may take, for the form.
func (d inspectionFormPage) Results() []dajia.CheckResult { return dajia.CheckResults }

func (s *Server) inspectionNew(w http.ResponseWriter, r *http.Request) error {
	d, err := s.inspectionForm(r, 0, app.InspectionInput{InspectedOn: dajia.Today(s.clock).String()}, 0)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "inspectionform", d)
}

func (s *Server) inspectionEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	i, err := s.app.Inspection(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	if !i.EditableBy(actorOf(r)) {
		return dajia.Errorf(dajia.Forbidden, "", "只有检查单位或打假办可以修改")
	}
	in := app.InspectionInput{PlanID: i.PlanID, InspectedOn: i.InspectedOn.String(), Unit: i.Unit, Inspectors: i.Inspectors, CampaignNo: i.CampaignNo,
		Village: i.Village, Place: i.Place, ActionID: i.ActionID, Notes: i.Notes, Entities: i.Entities}
	d, err := s.inspectionForm(r, id, in, 0)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "inspectionform", d)
}

// inspectionFields are the form's fields that show their own error; any
// other problem shows above the form.
var inspectionFields = map[string]bool{"inspected_on": true, "unit": true, "inspectors": true, "campaign_no": true, "village": true,
	"place": true, "action_id": true, "notes": true, "entities": true}

var rowField = regexp.MustCompile(`^entities\.(\d+)\.([a-z_]+)$`)

// placeInspectionErrors puts every problem next to its field or row, and
// answers what to show above the form.
func placeInspectionErrors(d *inspectionFormPage, err error) {
	var all []*dajia.Error
	if fe, ok := err.(dajia.FieldErrors); ok {
		for _, f := range fe {
			all = append(all, f.Problem())
		}
	} else {
		all = append(all, dajia.ErrorOf(err))
	}
	summary := d.T("有 %d 处需要修改，见各项下方的提示", len(all))
	for _, e := range all {
		msg := locale.Error(d.Lang, e)
		if m := rowField.FindStringSubmatch(e.Field); m != nil {
			k, _ := strconv.Atoi(m[1])
			if k < len(d.Rows) {
				if m[2] == "entity_id" {
					d.Rows[k].Picker.Error = msg
				} else {
					d.Rows[k].Errors[m[2]] = msg
				}
				d.Error = summary
				continue
			}
		}
		if inspectionFields[e.Field] {
			d.Errors[e.Field] = msg
			d.Error = summary
			continue
		}
		d.Error = msg
	}
}

// saveInspectionForm handles a posted form, new (id 0) or an edit:
// 添加检查对象, 更新检查表 and the pickers' 查找 show it again as typed,
// nothing saved; a problem shows it again with every message at its field.
func (s *Server) saveInspectionForm(w http.ResponseWriter, r *http.Request, id int64) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxInspectionForm)
	if err := r.ParseForm(); err != nil {
		return dajia.Errorf(dajia.Invalid, "", "表单无法读取")
	}
	in := decodeInspectionForm(r.PostForm)
	extra := 0
	if r.PostForm.Get("more") != "" {
		extra = 1
	}
	d, err := s.inspectionForm(r, id, in, extra)
	if err != nil {
		return err
	}
	find := false
	for k := range d.Rows {
		p, pressed, err := s.pickFor(r, d.Page, r.PostForm, d.Rows[k].Picker.Field)
		if err != nil {
			return err
		}
		p.Legend = d.Rows[k].Picker.Legend
		d.Rows[k].Picker, find = p, find || pressed
	}
	if find || extra > 0 || r.PostForm.Get("refresh") != "" {
		return s.render(w, r, http.StatusOK, "inspectionform", d)
	}
	var i dajia.Inspection
	if id == 0 {
		i, err = s.app.CreateInspection(r.Context(), actorOf(r), in)
	} else {
		i, err = s.app.UpdateInspection(r.Context(), actorOf(r), id, in)
	}
	if code := dajia.ErrorCode(err); code == dajia.Invalid || code == dajia.Conflict {
		placeInspectionErrors(&d, err)
		return s.render(w, r, http.StatusBadRequest, "inspectionform", d)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/inspections/%d", i.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) inspectionCreate(w http.ResponseWriter, r *http.Request) error {
	return s.saveInspectionForm(w, r, 0)
}

func (s *Server) inspectionUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.saveInspectionForm(w, r, id)
}

type inspectionPage struct {
	Page
	File  app.InspectionFile
	Units []dajia.UnitRef // the office names a clue's lead among these
	Error string
	Row   int64 // the entity whose clue step failed
}

// ErrorOnRow reports whether the error shows at a checked entity's row.
func (d inspectionPage) ErrorOnRow() bool {
	_, _, ok := d.File.Inspection.Row(d.Row)
	return ok
}

// UnitName is a unit's name in the inspection's plan.
func (d inspectionPage) UnitName(key string) string { return unitDisplay(d.File.Plan, key) }

// CampaignName is the name of the inspection's campaign.
func (d inspectionPage) CampaignName(no int) string {
	if c, ok := d.File.Plan.CampaignByNo(no); ok {
		return c.Name
	}
	return ""
}

// EntityName is the name of a checked entity.
func (d inspectionPage) EntityName(id int64) string {
	if e, ok := d.File.Entities[id]; ok {
		return e.Name
	}
	return d.T("第 %d 号市场主体", id)
}

// Inspectors words the inspectors.
func (d inspectionPage) Inspectors() string {
	return strings.Join(d.File.Inspection.Inspectors, "、")
}

// Lead words where the finding of a row goes as a clue: the lead unit and
// its campaign, or why the office names it.
func (d inspectionPage) Lead(e dajia.InspectedEntity) string {
	rt := d.File.Leads[e.EntityID]
	no := 0
	if rt.Campaign != nil {
		no = rt.Campaign.No
	}
	if rt.ToOffice() {
		return d.Say(rt.Reason.Text(d.File.Plan, e.Category, dajia.StageOf(d.File.Entities[e.EntityID].Kind), no))
	}
	var names []string
	for _, u := range rt.Units {
		names = append(names, unitDisplay(d.File.Plan, u))
	}
	if no == 0 {
		return strings.Join(names, "、")
	}
	return d.T("%s（专项 %d）", strings.Join(names, "、"), no)
}

// ToOffice reports whether the office must name the lead of a row's clue.
func (d inspectionPage) ToOffice(e dajia.InspectedEntity) bool {
	return d.File.Leads[e.EntityID].ToOffice()
}

// Clue is the clue a row's finding became, when the reader may see it.
func (d inspectionPage) Clue(e dajia.InspectedEntity) *dajia.Clue {
	if c, ok := d.File.Clues[e.EntityID]; ok {
		return &c
	}
	return nil
}

func (s *Server) inspectionData(r *http.Request, id int64) (inspectionPage, error) {
	f, err := s.app.OpenInspection(r.Context(), actorOf(r), id)
	if err != nil {
		return inspectionPage{}, err
	}
	pg := s.page(r, "")
	pg.Title = pg.T("巡查检查第 %d 号", id)
	d := inspectionPage{Page: pg, File: f}
	for _, u := range f.Plan.AllUnits() {
		if u.Unit.Key != dajia.OfficeKey && !f.Plan.IsUpperLevel(u.Unit) {
			d.Units = append(d.Units, u)
		}
	}
	return d, nil
}

func (s *Server) inspectionView(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := s.inspectionData(r, id)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "inspection", d)
}

// inspectionClue turns the finding of one checked entity into a clue and
// opens the clue; a refusal shows the inspection again with why, at the row.
func (s *Server) inspectionClue(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		return dajia.Errorf(dajia.Invalid, "", "表单无法读取")
	}
	entity := formID(r.PostForm, "entity_id")
	c, err := s.app.InspectionClue(r.Context(), actorOf(r), id, entity, r.PostForm.Get("lead_unit"))
	if code := dajia.ErrorCode(err); code == dajia.Invalid || code == dajia.Conflict {
		d, derr := s.inspectionData(r, id)
		if derr != nil {
			return derr
		}
		d.Error, d.Row = locale.Error(d.Lang, dajia.ErrorOf(err)), entity
		return s.render(w, r, http.StatusBadRequest, "inspection", d)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/clues/%d", c.ID), http.StatusSeeOther)
	return nil
}

type checklistsPage struct {
	Page
	Plan   *dajia.Plan
	Lists  []dajia.Checklist
	Edit   bool
	Error  string
	Failed int    // the campaign whose list was refused
	Typed  string // what was typed there
	Done   bool
}

// CampaignName is the name of campaign no; 0 is inspections under none.
func (d checklistsPage) CampaignName(no int) string {
	if c, ok := d.Plan.CampaignByNo(no); ok {
		return fmt.Sprintf("%d · %s", c.No, c.Name)
	}
	return d.T("不属于专项行动的检查")
}

// Lines is a list as the form's text: one item a line.
func (d checklistsPage) Lines(c dajia.Checklist) string {
	if d.Failed == c.CampaignNo && d.Error != "" {
		return d.Typed
	}
	return strings.Join(c.Items, "\n")
}

func (s *Server) checklistsData(r *http.Request) (checklistsPage, error) {
	pg := s.page(r, "")
	pg.Title = pg.T("检查表")
	v, err := s.planParam(r)
	if err != nil {
		return checklistsPage{}, err
	}
	d := checklistsPage{Page: pg, Plan: v.Plan, Edit: pg.Actor.MayEditChecklists() == nil, Failed: -1}
	d.Lists, err = s.app.Checklists(r.Context(), pg.Actor, v.Plan)
	return d, err
}

// checklistsForm shows the checklist of every campaign: the office edits
// them, the units read what their inspections check.
func (s *Server) checklistsForm(w http.ResponseWriter, r *http.Request) error {
	d, err := s.checklistsData(r)
	if err != nil {
		return err
	}
	d.Done = r.URL.Query().Get("done") == "1"
	return s.render(w, r, http.StatusOK, "checklists", d)
}

func (s *Server) checklistSave(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, 32<<10)
	if err := r.ParseForm(); err != nil {
		return dajia.Errorf(dajia.Invalid, "", "表单无法读取")
	}
	no, err := strconv.Atoi(r.PostForm.Get("campaign_no"))
	if err != nil || no < 0 {
		return dajia.Errorf(dajia.Invalid, "campaign_no", "方案中没有专项 %s", truncateText(r.PostForm.Get("campaign_no"), 10))
	}
	planID := r.PostForm.Get("plan")
	typed := r.PostForm.Get("items")
	err = s.app.SaveChecklist(r.Context(), actorOf(r), planID, no, strings.Split(typed, "\n"), r.PostForm.Get("reset") != "")
	if dajia.ErrorCode(err) == dajia.Invalid {
		r.URL.RawQuery = url.Values{"plan": {planID}}.Encode()
		d, derr := s.checklistsData(r)
		if derr != nil {
			return derr
		}
		d.Error, d.Failed, d.Typed = locale.Error(d.Lang, dajia.ErrorOf(err)), no, typed
		return s.render(w, r, http.StatusBadRequest, "checklists", d)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/settings/checklists?"+url.Values{"plan": {planID}, "done": {"1"}}.Encode()+"#c"+strconv.Itoa(no), http.StatusSeeOther)
	return nil
}

// actionChoices are the joint actions of the plan a record of the actor
// may be tagged with, as the clue form offers them: a unit's those it
// takes part in, the office's every one (the unit it names is checked on
// saving). The action the record is tagged with stays a choice.
func (s *Server) actionChoices(r *http.Request, planID string, current int64) ([]store.ActionRecord, error) {
	a := actorOf(r)
	unit := a.Unit
	if a.Role == dajia.RoleOffice {
		unit = dajia.OfficeKey
	}
	acts, err := s.app.ActionsOf(r.Context(), planID, unit)
	if err != nil || current <= 0 {
		return acts, err
	}
	for _, j := range acts {
		if j.ID == current {
			return acts, nil
		}
	}
	if j, err := s.app.JointAction(r.Context(), a, current); err == nil {
		acts = append(acts, j)
	} else if dajia.ErrorCode(err) != dajia.NotFound {
		return nil, err
	}
	return acts, nil
}
