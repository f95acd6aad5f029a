package web

// Surveys (排查摸底) for the units and village market supervisors: the
// list, the short phone form, a finding's page with its photos and the
// button that makes it a clue, where problems gather (village × category)
// and the export.

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"dajia"
	"dajia/app"
	"dajia/locale"
	"dajia/store"
)

// surveyRoutes are the routes of surveys, pages and API.
func (s *Server) surveyRoutes() []route {
	h := s.adapt
	b := dajia.PermBusiness
	return []route{
		{"GET /surveys", b, h(s.surveysList), false},
		{"GET /surveys/new", b, h(s.surveyForm), false},
		{"POST /surveys", b, h(s.surveyCreate), false},
		{"GET /surveys/gather", b, h(s.surveyGather), false},
		{"GET /surveys/export.xlsx", b, h(s.surveysXLSX), false},
		{"GET /surveys/{id}", b, h(s.surveyView), false},
		{"GET /surveys/{id}/photos/{pid}", b, h(s.surveyPhoto), false},
		{"POST /surveys/{id}/clue", b, h(s.surveyClue), false},
		{"POST /surveys/{id}/clear", b, h(s.surveyClear), false},
		{"GET /surveys/{id}/edit", b, h(s.surveyEditForm), false},
		{"POST /surveys/{id}/edit", b, h(s.surveyEdit), false},

		{"GET /api/v1/surveys", b, h(s.apiSurveys), false},
		{"POST /api/v1/surveys", b, h(s.apiSurveyCreate), false},
		{"GET /api/v1/surveys/{id}", b, h(s.apiSurveyGet), false},
		{"POST /api/v1/surveys/{id}/clue", b, h(s.apiSurveyClue), false},
		{"POST /api/v1/surveys/{id}/clear", b, h(s.apiSurveyClear), false},
		{"PUT /api/v1/surveys/{id}", b, h(s.apiSurveyUpdate), false},
	}
}

// surveyNames words a finding's codes for the pages.
type surveyNames struct{ Page }

// ProblemsText words a finding's problems.
func (p surveyNames) ProblemsText(ps []dajia.SurveyProblem) string {
	var out []string
	for _, x := range ps {
		out = append(out, p.N(x.Name()))
	}
	sep := "、"
	if p.Lang == "en" {
		sep = "; "
	}
	return strings.Join(out, sep)
}

// StatusName words a finding's status.
func (p surveyNames) StatusName(s dajia.SurveyStatus) string { return p.N(s.Name()) }

// StageName words a stage.
func (p surveyNames) StageName(stage string) string {
	if stage == dajia.StageMaking {
		return p.T("生产环节")
	}
	return p.T("销售环节")
}

// checkQueryText refuses a query string whose values are not text: a NUL
// byte or bytes that are not UTF-8 are no village, category or plan, and
// PostgreSQL cannot even compare them (it fails the query, which would be
// a server error).
func checkQueryText(q url.Values) error {
	for k, vs := range q {
		for _, v := range vs {
			if !utf8.ValidString(k) || !utf8.ValidString(v) || strings.ContainsRune(k+v, 0) {
				return dajia.Errorf(dajia.Invalid, k, "筛选条件含有无效字符")
			}
		}
	}
	return nil
}

func decodeSurveyQuery(q url.Values) app.SurveyQuery {
	sq := app.SurveyQuery{PlanID: q.Get("plan"), Unit: q.Get("unit"), Village: q.Get("village"), Category: q.Get("category"),
		Status: dajia.SurveyStatus(q.Get("status")), From: q.Get("from"), To: q.Get("to"), Mine: q.Get("mine") == "1"}
	sq.Offset = queryOffset(q)
	if n, err := strconv.Atoi(q.Get("campaign")); err == nil && n > 0 && n < 1000 {
		sq.Campaign = n
	}
	return sq
}

// surveyQueryValues is the query as a URL's parameters.
func surveyQueryValues(q app.SurveyQuery) url.Values {
	v := url.Values{}
	for k, x := range map[string]string{"plan": q.PlanID, "unit": q.Unit, "village": q.Village, "category": q.Category,
		"status": string(q.Status), "from": q.From, "to": q.To} {
		if x != "" {
			v.Set(k, x)
		}
	}
	if q.Campaign != 0 {
		v.Set("campaign", strconv.Itoa(q.Campaign))
	}
	if q.Mine {
		v.Set("mine", "1")
	}
	return v
}

type surveysPage struct {
	surveyNames
	List     app.SurveyList
	Q        app.SurveyQuery
	Plans    []store.PlanSummary
	Plan     *dajia.Plan
	Units    []dajia.UnitRef // the unit filter: the office and leaders only
	Statuses []dajia.SurveyStatus
	MayAdd   bool
	Error    string
}

// UnitName is a unit's name in the plan.
func (d surveysPage) UnitName(key string) string {
	if d.Plan == nil {
		return key
	}
	return unitDisplay(d.Plan, key)
}

// PageURL is the list at offset with the same filters.
func (d surveysPage) PageURL(offset int) string {
	return pageURL("/surveys", surveyQueryValues(d.Q), offset)
}

// ExportURL is the export of the list as filtered.
func (d surveysPage) ExportURL() string {
	return "/surveys/export.xlsx?" + surveyQueryValues(d.Q).Encode()
}

// GatherURL is the grid under the same filters.
func (d surveysPage) GatherURL() string { return "/surveys/gather?" + surveyQueryValues(d.Q).Encode() }

// Prev is the offset of the page before; -1 on the first.
func (d surveysPage) Prev() int { return prevOffset(d.Q.Offset, d.Q.Limit) }

// surveyListBase fills what the list and the grid share: the plans, the
// chosen plan and the unit filter of the town's readers.
func (s *Server) surveyListBase(r *http.Request, q *app.SurveyQuery) (surveysPage, error) {
	pg := s.page(r, "")
	a := pg.Actor
	if _, all := a.UnitScope(); !all {
		q.Unit = ""
	}
	d := surveysPage{surveyNames: surveyNames{pg}, Q: *q, MayAdd: a.MayRecordSurvey(), Statuses: dajia.SurveyStatuses()}
	var err error
	if d.Plans, d.Plan, d.Units, err = s.listChoices(r, a, true); err != nil {
		return d, err
	}
	return d, nil
}

func (s *Server) surveysList(w http.ResponseWriter, r *http.Request) error {
	if err := checkQueryText(r.URL.Query()); err != nil {
		return err
	}
	q := decodeSurveyQuery(r.URL.Query())
	q.Limit = 50
	d, err := s.surveyListBase(r, &q)
	if err != nil {
		return err
	}
	d.Title = d.T("排查摸底")
	d.List, err = s.app.Surveys(r.Context(), d.Actor, d.Q)
	if formError(err) {
		d.Error = locale.Error(d.Lang, dajia.ErrorOf(err))
		return s.render(w, r, http.StatusBadRequest, "surveys", d)
	}
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "surveys", d)
}

type surveyGatherPage struct {
	surveysPage
	Grid app.SurveyGrid
}

// CellURL is the list of the findings of a village and a category (either
// may be "": every one) under the grid's filters; open keeps the open ones.
func (d surveyGatherPage) CellURL(village, category string, open bool) string {
	q := d.Q
	q.Village, q.Category, q.Offset = village, category, 0
	if open {
		q.Status = dajia.SurveyOpen
	}
	return "/surveys?" + surveyQueryValues(q).Encode()
}

func (s *Server) surveyGather(w http.ResponseWriter, r *http.Request) error {
	if err := checkQueryText(r.URL.Query()); err != nil {
		return err
	}
	q := decodeSurveyQuery(r.URL.Query())
	q.Village, q.Category, q.Offset = "", "", 0
	d, err := s.surveyListBase(r, &q)
	if err != nil {
		return err
	}
	d.Title = d.T("问题分布")
	g := surveyGatherPage{surveysPage: d}
	g.Grid, err = s.app.SurveyGather(r.Context(), d.Actor, d.Q, d.Plan)
	if formError(err) {
		g.Error = locale.Error(d.Lang, dajia.ErrorOf(err))
		return s.render(w, r, http.StatusBadRequest, "surveygather", g)
	}
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "surveygather", g)
}

type surveyNewPage struct {
	surveyNames
	In         app.SurveyInput
	Plan       *dajia.Plan
	Villages   []string // the plan's villages; none: typed in
	Categories []string
	Problems   []dajia.SurveyProblem
	Picker     EntityPicker
	Errors     map[string]string
	Error      string
	EditID     int64 // the finding changed; 0: a new one
}

// Checked reports whether the form chose problem p.
func (d surveyNewPage) Checked(p dajia.SurveyProblem) bool {
	for _, x := range d.In.Problems {
		if x == string(p) {
			return true
		}
	}
	return false
}

// newSurveyData is the phone form under the current plan (or ?plan=):
// the village defaults to the account's own when its unit is a village.
func (s *Server) newSurveyData(r *http.Request, in app.SurveyInput) (surveyNewPage, error) {
	pg := s.page(r, "")
	pg.Title = pg.T("记录排查")
	if !pg.Actor.MayRecordSurvey() {
		return surveyNewPage{}, dajia.Errorf(dajia.Forbidden, "", "只有村组市场监督员、各单位和打假办可以记录排查情况")
	}
	var v store.PlanVersion
	var err error
	if in.PlanID != "" {
		v, err = s.db.Plan(r.Context(), in.PlanID)
	} else {
		v, err = s.planParam(r)
	}
	if err != nil {
		return surveyNewPage{}, err
	}
	in.PlanID = v.PlanID
	if in.FoundOn == "" {
		in.FoundOn = pg.Today.String()
	}
	if in.Village == "" {
		in.Village = v.Plan.HomeVillage(pg.Actor.Unit)
	}
	if in.Stage == "" {
		in.Stage = dajia.StageSelling
	}
	return surveyNewPage{surveyNames: surveyNames{pg}, In: in, Plan: v.Plan, Villages: v.Plan.Villages(), Categories: v.Plan.Categories(),
		Problems: dajia.SurveyProblems(), Picker: EntityPicker{Page: pg, Field: "entity_id"}, Errors: map[string]string{}}, nil
}

func (s *Server) surveyForm(w http.ResponseWriter, r *http.Request) error {
	d, err := s.newSurveyData(r, app.SurveyInput{})
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "surveynew", d)
}

func decodeSurveyForm(f url.Values) app.SurveyInput {
	in := app.SurveyInput{PlanID: f.Get("plan"), FoundOn: f.Get("found_on"), Village: f.Get("village"), EntityID: formID(f, "entity_id"),
		EntityName: f.Get("entity_name"), EntityAddress: f.Get("entity_address"), Category: f.Get("category"), Stage: f.Get("stage"),
		Problems: f["problems"], Description: f.Get("description")}
	if len(in.Problems) > app.MaxSurveyProblems {
		in.Problems = in.Problems[:app.MaxSurveyProblems+1]
	}
	return in
}

// surveyFields are the form's fields that show their own error.
var surveyFields = map[string]bool{"found_on": true, "village": true, "entity_name": true, "entity_address": true, "category": true,
	"stage": true, "problems": true, "description": true, "photos": true}

// surveyCreate takes the phone form: multipart with up to five photos,
// re-encoded as for tips. The picker's 查找 shows the form again with the
// matches (the photos are chosen again); a problem shows the form again
// with every field's message.
func (s *Server) surveyCreate(w http.ResponseWriter, r *http.Request) error {
	up, err := readUpload(w, r)
	defer up.Close()
	if err != nil && !errors.Is(err, errUpload) {
		return err
	}
	in := decodeSurveyForm(up.Form)
	d, derr := s.newSurveyData(r, in)
	if derr != nil {
		return derr
	}
	d.In.FoundOn = in.FoundOn
	if errors.Is(err, errUpload) {
		d.Error = d.T("提交的内容过大或格式不对（照片最多 5 张，每张不超过 5 MB）")
		return s.render(w, r, http.StatusBadRequest, "surveynew", d)
	}
	picker, find, err := s.pickFor(r, d.Page, up.Form, "entity_id")
	if err != nil {
		return err
	}
	d.Picker = picker
	if find {
		return s.render(w, r, http.StatusOK, "surveynew", d)
	}
	sv, err := s.app.CreateSurvey(r.Context(), d.Actor, in, up.readers())
	var inv dajia.FieldErrors
	if errors.As(err, &inv) {
		for _, p := range inv {
			msg := locale.Field(d.Lang, p)
			if p.Field == "entity_id" {
				d.Picker.Error = msg
			} else if surveyFields[p.Field] {
				d.Errors[p.Field] = msg
			}
		}
		d.Error = d.T("请按提示修改后再提交")
		return s.render(w, r, http.StatusBadRequest, "surveynew", d)
	}
	if formError(err) {
		d.Error = placeError(d.Page, err, d.T("请按提示修改后再提交"), &d.Picker, d.Errors, surveyFields)
		return s.render(w, r, statusFor(w, err), "surveynew", d)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/surveys/%d", sv.ID), http.StatusSeeOther)
	return nil
}

// editSurveyData is the form of an open finding the reader may change,
// filled with in (what it records, or what was sent back).
func (s *Server) editSurveyData(r *http.Request, id int64, in *app.SurveyInput) (surveyNewPage, error) {
	a := actorOf(r)
	cur, err := s.app.Survey(r.Context(), a, id)
	if err != nil {
		return surveyNewPage{}, err
	}
	if !cur.Steps(a)["edit"] {
		return surveyNewPage{}, cur.Edit(a, cur)
	}
	if in == nil {
		in = &app.SurveyInput{FoundOn: cur.FoundOn.String(), Village: cur.Village, EntityID: cur.EntityID, EntityName: cur.EntityName,
			EntityAddress: cur.EntityAddress, Category: cur.Category, Stage: cur.Stage, Description: cur.Description}
		for _, p := range cur.Problems {
			in.Problems = append(in.Problems, string(p))
		}
	}
	in.PlanID = cur.PlanID
	d, err := s.newSurveyData(r, *in)
	if err != nil {
		return d, err
	}
	d.EditID, d.Title = id, d.T("修改排查记录第 %d 号", id)
	d.Picker.Chosen = nil
	if in.EntityID != 0 {
		if e, err := s.app.Entity(r.Context(), a, in.EntityID); err == nil {
			d.Picker.Chosen = &e
		}
	}
	return d, nil
}

func (s *Server) surveyEditForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := s.editSurveyData(r, id, nil)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "surveynew", d)
}

// surveyEdit takes the changed form (no photos: they stay as recorded).
func (s *Server) surveyEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	up, err := readUpload(w, r)
	defer up.Close()
	if err != nil {
		return dajia.Errorf(dajia.Invalid, "", "表单无法读取")
	}
	in := decodeSurveyForm(up.Form)
	d, err := s.editSurveyData(r, id, &in)
	if err != nil {
		return err
	}
	picker, find, err := s.pickFor(r, d.Page, up.Form, "entity_id")
	if err != nil {
		return err
	}
	d.Picker = picker
	if find {
		return s.render(w, r, http.StatusOK, "surveynew", d)
	}
	_, err = s.app.EditSurvey(r.Context(), d.Actor, id, in)
	if formError(err) {
		d.Error = placeError(d.Page, err, d.T("请按提示修改后再提交"), &d.Picker, d.Errors, surveyFields)
		return s.render(w, r, statusFor(w, err), "surveynew", d)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/surveys/%d", id), http.StatusSeeOther)
	return nil
}

type surveyPage struct {
	surveyNames
	File  app.SurveyFile
	Acts  map[string]bool
	Error string
}

// UnitName is a unit's name in the finding's plan.
func (d surveyPage) UnitName(key string) string { return unitDisplay(d.File.Plan, key) }

func (s *Server) surveyData(r *http.Request, id int64) (surveyPage, error) {
	f, err := s.app.OpenSurvey(r.Context(), actorOf(r), id)
	if err != nil {
		return surveyPage{}, err
	}
	pg := s.page(r, "")
	pg.Title = pg.T("排查记录第 %d 号", f.Survey.ID)
	return surveyPage{surveyNames: surveyNames{pg}, File: f, Acts: f.Survey.Steps(pg.Actor)}, nil
}

func (s *Server) surveyView(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := s.surveyData(r, id)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "survey", d)
}

func (s *Server) surveyPhoto(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	pid, err := pathID(r, "pid")
	if err != nil {
		return err
	}
	ph, err := s.app.SurveyPhoto(r.Context(), actorOf(r), id, pid)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", ph.ContentType)
	w.Header().Set("Cache-Control", "private, no-store")
	w.Write(ph.Data)
	return nil
}

// surveyAgain shows the finding again with why a step was refused.
func (s *Server) surveyAgain(w http.ResponseWriter, r *http.Request, id int64, err error) error {
	d, derr := s.surveyData(r, id)
	if derr != nil {
		return derr
	}
	d.Error = locale.Error(d.Lang, dajia.ErrorOf(err))
	return s.render(w, r, statusFor(w, err), "survey", d)
}

// surveyClue makes the finding a clue and opens the clue's page when the
// reader may see it (the office, or the recording unit when it leads),
// else the finding's page, which names the clue.
func (s *Server) surveyClue(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	_, c, err := s.app.SurveyToClue(r.Context(), actorOf(r), id)
	if code := dajia.ErrorCode(err); code == dajia.Invalid || code == dajia.Conflict {
		return s.surveyAgain(w, r, id, err)
	}
	if err != nil {
		return err
	}
	to := fmt.Sprintf("/surveys/%d", id)
	if c.VisibleTo(actorOf(r)) {
		to = fmt.Sprintf("/clues/%d", c.ID)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// maxSurveyStepForm bounds the body of a step: a note of 500 characters.
const maxSurveyStepForm = 16 << 10

func (s *Server) surveyClear(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxSurveyStepForm)
	if err := r.ParseForm(); err != nil {
		return dajia.Errorf(dajia.Invalid, "", "表单无法读取")
	}
	_, err = s.app.ClearSurvey(r.Context(), actorOf(r), id, r.PostForm.Get("note"))
	if code := dajia.ErrorCode(err); code == dajia.Invalid || code == dajia.Conflict {
		return s.surveyAgain(w, r, id, err)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/surveys/%d", id), http.StatusSeeOther)
	return nil
}

// surveyExportHead is the header row of the survey ledger (排查摸底台账).
var surveyExportHead = []string{"编号", "排查日期", "记录单位", "记录人", "村（社区）", "市场主体", "地址", "产品类别", "环节", "发现的问题",
	"情况描述", "状态", "线索", "核查情况"}

// surveysXLSX streams the list as filtered on screen, every page of it:
// GET /surveys/export.xlsx with the list's query. What the account may not
// read is not in it (app decides); every text is a text cell.
func (s *Server) surveysXLSX(w http.ResponseWriter, r *http.Request) error {
	if err := checkQueryText(r.URL.Query()); err != nil {
		return err
	}
	pg := s.page(r, "")
	names := surveyNames{pg}
	t := func(zh string) string { return pg.T(zh) }
	q := decodeSurveyQuery(r.URL.Query())
	x := excelize.NewFile()
	defer x.Close()
	sheet := t("排查摸底台账")
	x.SetSheetName("Sheet1", sheet)
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	sw.SetColWidth(5, 7, 20)
	sw.SetColWidth(10, 11, 30)
	head := make([]any, len(surveyExportHead))
	for i, h := range surveyExportHead {
		head[i] = t(h)
	}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	plans := map[string]*dajia.Plan{}
	row := 1
	_, err = s.app.ExportSurveys(r.Context(), pg.Actor, q, func(sv dajia.Survey, entity string) error {
		if _, ok := plans[sv.PlanID]; !ok {
			v, err := s.db.Plan(r.Context(), sv.PlanID)
			if err != nil && dajia.ErrorCode(err) != dajia.NotFound {
				return err
			}
			plans[sv.PlanID] = v.Plan
		}
		unit := sv.Unit
		if p := plans[sv.PlanID]; p != nil {
			unit = unitDisplay(p, sv.Unit)
		}
		if entity == "" {
			entity = sv.EntityName
		}
		clue := ""
		if sv.ClueID != 0 {
			clue = strconv.FormatInt(sv.ClueID, 10)
		}
		row++
		cell, _ := excelize.CoordinatesToCellName(1, row)
		return sw.SetRow(cell, []any{sv.ID, sv.FoundOn.String(), unit, sv.Recorder, sv.Village, entity, sv.EntityAddress,
			sv.Category, names.StageName(sv.Stage), names.ProblemsText(sv.Problems), sv.Description, names.StatusName(sv.Status), clue,
			sv.Note})
	})
	if err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return writeXLSX(w, x, t("排查摸底台账")+"-"+dajia.Today(s.clock).String()+".xlsx")
}
