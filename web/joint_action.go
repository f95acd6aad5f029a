package web

// Joint actions (统一集中行动) and publicity (宣传): the office plans the
// actions and the units record their force; clues and cases are tagged
// with the action they came from, and the action's page counts them.

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"dajia"
	"dajia/app"
	"dajia/locale"
	"dajia/store"
)

// fieldworkRoutes are the routes of joint actions and publicity.
func (s *Server) fieldworkRoutes() []route {
	h := s.adapt
	b := dajia.PermBusiness
	return []route{
		{"GET /actions", b, h(s.actionsList), false},
		{"GET /actions/export.xlsx", b, h(s.actionsXLSX), false},
		{"GET /actions/new", b, h(s.actionNew), false},
		{"POST /actions", b, h(s.actionCreate), false},
		{"GET /actions/{id}", b, h(s.actionView), false},
		{"GET /actions/{id}/edit", b, h(s.actionEdit), false},
		{"POST /actions/{id}", b, h(s.actionUpdate), false},
		{"POST /actions/{id}/force", b, h(s.actionForce), false},
		{"POST /clues/{id}/action", b, h(s.clueTag), false},
		{"POST /cases/{id}/action", b, h(s.caseTag), false},

		{"GET /publicity", b, h(s.publicityList), false},
		{"GET /publicity/export.xlsx", b, h(s.publicityXLSX), false},
		{"GET /publicity/new", b, h(s.publicityNew), false},
		{"POST /publicity", b, h(s.publicityCreate), false},
		{"GET /publicity/{id}", b, h(s.publicityView), false},
		{"GET /publicity/{id}/edit", b, h(s.publicityEdit), false},
		{"POST /publicity/{id}", b, h(s.publicityUpdate), false},
		{"GET /publicity/{id}/photos/{pid}", b, h(s.publicityPhoto), false},

		{"GET /api/v1/actions", b, h(s.apiActions), false},
		{"POST /api/v1/actions", b, h(s.apiActionCreate), false},
		{"GET /api/v1/actions/{id}", b, h(s.apiActionGet), false},
		{"PUT /api/v1/actions/{id}", b, h(s.apiActionPut), false},
		{"POST /api/v1/actions/{id}/force", b, h(s.apiActionForce), false},
		{"GET /api/v1/publicity", b, h(s.apiPublicityList), false},
		{"POST /api/v1/publicity", b, h(s.apiPublicityCreate), false},
		{"GET /api/v1/publicity/{id}", b, h(s.apiPublicityGet), false},
		{"PUT /api/v1/publicity/{id}", b, h(s.apiPublicityPut), false},
	}
}

// fieldErrorsOf places every field's problem of an invalid input: the
// fields the form shows get theirs, and the summary (or the one problem
// that has no field on the form) is answered for the top.
func fieldErrorsOf(pg Page, err error, errs map[string]string, fields map[string]bool) string {
	var fe dajia.FieldErrors
	if errors.As(err, &fe) {
		rest := ""
		for _, f := range fe {
			if fields[f.Field] {
				if errs[f.Field] == "" {
					errs[f.Field] = locale.Field(pg.Lang, f)
				}
			} else if rest == "" {
				rest = locale.Field(pg.Lang, f)
			}
		}
		if rest != "" {
			return rest
		}
		return pg.T("请按提示修改后再提交")
	}
	e := dajia.ErrorOf(err)
	if fields[e.Field] {
		errs[e.Field] = locale.Error(pg.Lang, e)
		return pg.T("请按提示修改后再提交")
	}
	return locale.Error(pg.Lang, e)
}

// --- the list ---

type actionsPage struct {
	Page
	List   app.ActionList
	Q      app.ActionQuery
	Plans  []store.PlanSummary
	Plan   *dajia.Plan
	Units  []dajia.UnitRef // the unit filter: the office and leaders only
	MayAdd bool
}

func (d actionsPage) UnitName(key string) string {
	if d.Plan == nil {
		return key
	}
	return unitDisplay(d.Plan, key)
}

// Status is an action's status today.
func (d actionsPage) Status(j store.ActionRecord) dajia.ActionStatus { return j.Status(d.List.Today) }

// Statuses are the status filter's choices.
func (d actionsPage) Statuses() []dajia.ActionStatus { return dajia.ActionStatuses() }

func (d actionsPage) query() url.Values {
	v := url.Values{}
	for k, x := range map[string]string{"plan": d.Q.PlanID, "unit": d.Q.Unit, "status": string(d.Q.Status), "done_from": d.Q.DoneFrom, "done_to": d.Q.DoneTo,
		"forced": d.Q.Forced} {
		if x != "" {
			v.Set(k, x)
		}
	}
	return v
}

// PageURL is the list at offset with the same filters.
func (d actionsPage) PageURL(offset int) string { return pageURL("/actions", d.query(), offset) }

// ExportURL is the export of the list with the same filters.
func (d actionsPage) ExportURL() string { return "/actions/export.xlsx?" + d.query().Encode() }

// Prev is the offset of the page before; -1 on the first.
func (d actionsPage) Prev() int { return prevOffset(d.Q.Offset, d.Q.Limit) }

func decodeActionsQuery(q url.Values, a dajia.Actor) app.ActionQuery {
	aq := app.ActionQuery{PlanID: strings.TrimSpace(q.Get("plan")), Status: dajia.ActionStatus(q.Get("status")), Limit: 50,
		DoneFrom: q.Get("done_from"), DoneTo: q.Get("done_to"), Forced: q.Get("forced")}
	if !slices.Contains(dajia.ActionStatuses(), aq.Status) {
		aq.Status = ""
	}
	if _, all := a.UnitScope(); all {
		aq.Unit = strings.TrimSpace(q.Get("unit"))
	}
	aq.Offset = queryOffset(q)
	return aq
}

func (s *Server) actionsList(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	aq := decodeActionsQuery(r.URL.Query(), a)
	list, err := s.app.JointActions(r.Context(), a, aq)
	if err != nil {
		return err
	}
	pg := s.page(r, "")
	pg.Title = pg.T("统一集中行动")
	d := actionsPage{Page: pg, List: list, Q: aq, MayAdd: a.Role == dajia.RoleOffice}
	if d.Plans, d.Plan, d.Units, err = s.listChoices(r, a, false); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "actions", d)
}

// --- the form ---

type actionFormPage struct {
	Page
	ID         int64 // 0: a new action
	In         app.ActionInput
	Plan       *dajia.Plan
	Units      []dajia.UnitRef
	Places     []string
	Categories []string
	Errors     map[string]string
	Error      string
}

// Has reports whether the list holds s: a checked box.
func (d actionFormPage) Has(list []string, s string) bool { return slices.Contains(list, s) }

// Action is the form's target.
func (d actionFormPage) Action() string {
	if d.ID == 0 {
		return "/actions"
	}
	return fmt.Sprintf("/actions/%d", d.ID)
}

func (s *Server) actionFormData(r *http.Request, planID string, id int64, in app.ActionInput) (actionFormPage, error) {
	pg := s.page(r, "")
	if pg.Actor.Role != dajia.RoleOffice {
		return actionFormPage{}, dajia.Errorf(dajia.Forbidden, "", "只有打假办可以安排集中行动")
	}
	var v store.PlanVersion
	var err error
	if planID == "" {
		v, err = s.planParam(r)
	} else {
		v, err = s.db.Plan(r.Context(), planID)
	}
	if err != nil {
		return actionFormPage{}, err
	}
	in.PlanID = v.PlanID
	pg.Title = pg.T("安排集中行动")
	if id != 0 {
		pg.Title = pg.T("修改集中行动")
	}
	d := actionFormPage{Page: pg, ID: id, In: in, Plan: v.Plan, Places: v.Plan.ActionPlaces(), Categories: v.Plan.ActionCategories(),
		Errors: map[string]string{}}
	for _, u := range v.Plan.AllUnits() {
		if u.Unit.Key != dajia.OfficeKey {
			d.Units = append(d.Units, u)
		}
	}
	return d, nil
}

func (s *Server) actionNew(w http.ResponseWriter, r *http.Request) error {
	in := app.ActionInput{}
	d, err := s.actionFormData(r, "", 0, in)
	if err != nil {
		return err
	}
	if phs := d.Plan.ActionPhases(); len(phs) > 0 {
		d.In.Start, d.In.End = phs[0].Start.String(), phs[0].Start.String()
	}
	return s.render(w, r, http.StatusOK, "actionform", d)
}

func (s *Server) actionEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	j, err := s.app.JointAction(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	in := app.ActionInput{Name: j.Name, Arrangement: j.Arrangement, Start: j.Start.String(), End: j.End.String(), Units: j.Units,
		Places: j.Places, Categories: j.Categories, Staff: j.Force(dajia.OfficeKey).Staff, Vehicles: j.Force(dajia.OfficeKey).Vehicles,
		Done: j.Done, Summary: j.Summary, Notes: j.Notes}
	d, err := s.actionFormData(r, j.PlanID, id, in)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "actionform", d)
}

// maxActionForm bounds the action form's body.
const maxActionForm = 128 << 10

func formCount(f url.Values, field string) int {
	n, err := strconv.Atoi(strings.TrimSpace(f.Get(field)))
	if err != nil {
		if strings.TrimSpace(f.Get(field)) != "" {
			return -1 // not a number: the range check names it
		}
		return 0
	}
	return n
}

func decodeActionForm(f url.Values) app.ActionInput {
	return app.ActionInput{PlanID: f.Get("plan"), Name: f.Get("name"), Arrangement: f.Get("arrangement"), Start: f.Get("start"), End: f.Get("end"),
		Units: f["units"], Places: f["places"], Categories: f["categories"], Staff: formCount(f, "staff"), Vehicles: formCount(f, "vehicles"),
		Done: f.Get("done") == "1", Summary: f.Get("summary"), Notes: f.Get("notes")}
}

var actionFormFields = map[string]bool{"name": true, "arrangement": true, "start": true, "end": true, "units": true, "places": true,
	"categories": true, "staff": true, "vehicles": true, "summary": true, "done": true, "notes": true}

func (s *Server) actionSave(w http.ResponseWriter, r *http.Request, id int64) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxActionForm)
	if err := r.ParseForm(); err != nil {
		return dajia.Errorf(dajia.Invalid, "", "表单无法读取")
	}
	in := decodeActionForm(r.PostForm)
	planID := in.PlanID
	if id != 0 {
		cur, err := s.app.JointAction(r.Context(), actorOf(r), id)
		if err != nil {
			return err
		}
		planID = cur.PlanID
	}
	d, err := s.actionFormData(r, planID, id, in)
	if err != nil {
		return err
	}
	in.PlanID = d.In.PlanID
	var rec store.ActionRecord
	if id == 0 {
		rec, _, err = s.app.CreateJointAction(r.Context(), actorOf(r), in)
	} else {
		rec, _, err = s.app.UpdateJointAction(r.Context(), actorOf(r), id, in)
	}
	if formError(err) {
		d.Error = fieldErrorsOf(d.Page, err, d.Errors, actionFormFields)
		return s.render(w, r, statusFor(w, err), "actionform", d)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/actions/%d?done=saved", rec.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) actionCreate(w http.ResponseWriter, r *http.Request) error {
	return s.actionSave(w, r, 0)
}

func (s *Server) actionUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.actionSave(w, r, id)
}

// --- the action's page ---

type actionPage struct {
	Page
	File    app.ActionFile
	MayEdit bool
	Forces  []string // the units whose staff and vehicles the reader may record
	Error   string
	Message string
}

func (d actionPage) UnitName(key string) string { return unitDisplay(d.File.Plan, key) }

// Figure is the result of one kind.
func (d actionPage) Figure(kind string) store.ActionFigure {
	for _, f := range d.File.Results {
		if f.Kind == kind {
			return f
		}
	}
	return store.ActionFigure{Kind: kind}
}

// ID is the action's id, for links.
func (d actionPage) ID() int64 { return d.File.Action.ID }

func (s *Server) actionData(r *http.Request, id int64) (actionPage, error) {
	a := actorOf(r)
	f, err := s.app.OpenJointAction(r.Context(), a, id)
	if err != nil {
		return actionPage{}, err
	}
	pg := s.page(r, f.Action.Name)
	d := actionPage{Page: pg, File: f, MayEdit: f.Action.EditableBy(a)}
	for _, u := range append([]string{dajia.OfficeKey}, f.Action.Units...) {
		if f.Action.ForceBy(a, u) {
			d.Forces = append(d.Forces, u)
		}
	}
	return d, nil
}

func (s *Server) actionView(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := s.actionData(r, id)
	if err != nil {
		return err
	}
	switch r.URL.Query().Get("done") {
	case "saved":
		d.Message = d.T("集中行动已保存")
	case "force":
		d.Message = d.T("出动人员和车辆已保存")
	}
	return s.render(w, r, http.StatusOK, "action", d)
}

// actionForce records the staff and vehicles a unit deployed.
func (s *Server) actionForce(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxClueForm)
	if err := r.ParseForm(); err != nil {
		return dajia.Errorf(dajia.Invalid, "", "表单无法读取")
	}
	a := actorOf(r)
	unit := r.PostForm.Get("unit")
	if unit == "" {
		unit = a.Unit
	}
	_, err = s.app.SetActionForce(r.Context(), a, id, unit, formCount(r.PostForm, "staff"), formCount(r.PostForm, "vehicles"))
	if formError(err) {
		d, derr := s.actionData(r, id)
		if derr != nil {
			return derr
		}
		d.Error = fieldErrorsOf(d.Page, err, map[string]string{}, nil)
		return s.render(w, r, statusFor(w, err), "action", d)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/actions/%d?done=force", id), http.StatusSeeOther)
	return nil
}

// --- tagging clues and cases ---

// ActionTag is the joint-action part of a clue's or a case's page: the
// action it is tagged with and, for those who handle it, the choice of
// the actions its lead unit takes part in.
type ActionTag struct {
	Page
	Path    string // where the choice is posted
	Current *store.ActionRecord
	Choices []store.ActionRecord
	May     bool
	Error   string
}

// actionTag is the tag part of a record of unit under plan tagged with
// action id; may: the reader handles the record.
func (s *Server) actionTag(r *http.Request, pg Page, path, planID, unit string, id int64, may bool) (ActionTag, error) {
	t := ActionTag{Page: pg, Path: path, May: may}
	if id != 0 {
		j, err := s.db.JointAction(r.Context(), id)
		if err != nil {
			return t, err
		}
		t.Current = &j
	}
	if may {
		var err error
		if t.Choices, err = s.app.ActionsOf(r.Context(), planID, unit); err != nil {
			return t, err
		}
	}
	return t, nil
}

func (s *Server) clueTag(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxClueForm)
	if err := r.ParseForm(); err != nil {
		return dajia.Errorf(dajia.Invalid, "", "表单无法读取")
	}
	_, err = s.app.TagClue(r.Context(), actorOf(r), id, formID(r.PostForm, "action_id"))
	if formError(err) {
		d, derr := s.clueData(r, id)
		if derr != nil {
			return derr
		}
		d.Error = locale.Error(d.Lang, dajia.ErrorOf(err))
		return s.render(w, r, statusFor(w, err), "clueview", d)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/clues/%d", id), http.StatusSeeOther)
	return nil
}

func (s *Server) caseTag(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxClueForm)
	if err := r.ParseForm(); err != nil {
		return dajia.Errorf(dajia.Invalid, "", "表单无法读取")
	}
	_, err = s.app.TagCase(r.Context(), actorOf(r), id, formID(r.PostForm, "action_id"))
	if formError(err) {
		d, derr := s.caseData(r, id)
		if derr != nil {
			return derr
		}
		d.Error = locale.Error(d.Lang, dajia.ErrorOf(err))
		return s.render(w, r, statusFor(w, err), "case", d)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/cases/%d?done=action", id), http.StatusSeeOther)
	return nil
}

// tagNote words the note of a tagging step in a history: the action by
// its number, or its removal.
func tagNote(pg Page, note string) string {
	if note == "0" {
		return pg.T("不再关联集中行动")
	}
	return pg.T("关联第 %s 号集中行动", note)
}

// Warn words a warning of the action in the page's language.
func (d actionPage) Warn(w dajia.FieldError) string { return locale.Field(d.Lang, w) }

// actionTally is a phase's planned / done joint actions on the overview,
// each figure with the list behind it.
type actionTally struct {
	dajia.ActionTally
	All      string // the plan's actions
	DoneList string // those done inside the phase
}

// actionTallies are the overview's planned / done joint actions, for those
// who read actions (app decides: nothing for visitors and administrators).
func (s *Server) actionTallies(r *http.Request, planID string) ([]actionTally, error) {
	ts, err := s.app.ActionTallies(r.Context(), actorOf(r), planID)
	if err != nil {
		return nil, err
	}
	var out []actionTally
	for _, t := range ts {
		all := url.Values{"plan": {planID}}
		done := url.Values{"plan": {planID}, "done_from": {t.Phase.Start.String()}, "done_to": {t.Phase.End.String()}}
		out = append(out, actionTally{ActionTally: t, All: "/actions?" + all.Encode(), DoneList: "/actions?" + done.Encode()})
	}
	return out, nil
}
