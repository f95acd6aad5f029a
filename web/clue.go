package web

// The clues (线索) for staff: the list and a clue's page with the steps
// that decide it.

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"dajia"
	"dajia/app"
	"dajia/locale"
	"dajia/store"
)

type cluesPage struct {
	Page
	List    app.ClueList
	Q       app.ClueQuery
	Plans   []store.PlanSummary
	Plan    *dajia.Plan     // the chosen or current plan, for the units' names; nil before any
	Units   []dajia.UnitRef // the unit filter: the office and leaders only
	Sources []dajia.ClueSource
	MayAdd  bool
}

// UnitName is a lead unit's name in the plan.
func (d cluesPage) UnitName(key string) string {
	if d.Plan == nil {
		return key
	}
	return unitDisplay(d.Plan, key)
}

// PageURL is the list at offset with the same filters.
func (d cluesPage) PageURL(offset int) string {
	v := url.Values{}
	for k, x := range map[string]string{"plan": d.Q.PlanID, "unit": d.Q.Unit, "status": string(d.Q.Status), "source": string(d.Q.Source), "timely": d.Q.Timely,
		"q": d.Q.Query} {
		if x != "" {
			v.Set(k, x)
		}
	}
	if d.Q.Overdue {
		v.Set("overdue", "1")
	}
	if d.Q.Action != 0 {
		v.Set("action", strconv.FormatInt(d.Q.Action, 10))
	}
	if offset > 0 {
		v.Set("offset", strconv.Itoa(offset))
	}
	return "/clues?" + v.Encode()
}

// Prev is the offset of the page before; -1 on the first.
func (d cluesPage) Prev() int { return prevOffset(d.Q.Offset, d.Q.Limit) }

// Left words the working days left to a clue's deadline: "" once decided.
func (d cluesPage) Left(c dajia.Clue) string {
	n, ok := d.List.Left[c.ID]
	switch {
	case !ok:
		return ""
	case n < 0:
		return d.T("超期 %d 个工作日", -n)
	case n == 0:
		return d.T("今天到期")
	}
	return d.T("剩 %d 个工作日", n)
}

// Late reports whether a clue is past its deadline.
func (d cluesPage) Late(c dajia.Clue) bool { return d.List.Left[c.ID] < 0 }

func (s *Server) cluesList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	a := actorOf(r)
	cq := app.ClueQuery{PlanID: q.Get("plan"), Status: dajia.ClueStatus(q.Get("status")), Source: dajia.ClueSource(q.Get("source")),
		Overdue: q.Get("overdue") != "", Timely: q.Get("timely"), Query: strings.TrimSpace(q.Get("q")), Limit: 50}
	if n, err := strconv.ParseInt(q.Get("action"), 10, 64); err == nil && n > 0 {
		cq.Action = n
	}
	if n, ok := campaignParam(q.Get("campaign")); ok {
		cq.Campaign = n
	}
	if _, all := a.UnitScope(); all {
		cq.Unit = q.Get("unit")
	}
	if n, err := strconv.Atoi(q.Get("offset")); err == nil && n > 0 {
		cq.Offset = n
	}
	list, err := s.app.Clues(r.Context(), a, cq)
	if err != nil {
		return err
	}
	pg := s.page(r, "")
	pg.Title = pg.T("线索")
	d := cluesPage{Page: pg, List: list, Q: cq, MayAdd: a.Role == dajia.RoleOffice || a.Role == dajia.RoleOfficer || a.Role == dajia.RoleHead}
	if d.Plans, d.Plan, d.Units, err = s.listChoices(r, a, false); err != nil {
		return err
	}
	d.Sources = dajia.ClueSources()
	return s.render(w, r, http.StatusOK, "clues", d)
}

type cluePage struct {
	Page
	File   app.ClueFile
	Acts   map[string]bool
	Units  []dajia.UnitRef // transfer: the plan's other units
	Error  string
	Picker EntityPicker      // to name or change the clue's entity
	Case   *store.CaseRecord // the case the clue opened, when the reader may see it
	Tag    ActionTag         // the joint action the clue is tagged with
	// Inspection is the inspection whose finding the clue is, when the
	// reader may read it; 0 when none.
	Inspection int64
}

// UnitName is a unit's name in the clue's plan.
func (d cluePage) UnitName(key string) string { return unitDisplay(d.File.Plan, key) }

// Note words a history line's note in the page's language.
func (d cluePage) Note(action, note string) string {
	if action == "receive" {
		return ""
	}
	if action == "action" {
		return tagNote(d.Page, note)
	}
	return d.Say(d.File.Clue.NoteText(d.File.Plan, action, note))
}

func (s *Server) clueData(r *http.Request, id int64) (cluePage, error) {
	f, err := s.app.OpenClue(r.Context(), actorOf(r), id)
	if err != nil {
		return cluePage{}, err
	}
	pg := s.page(r, "")
	pg.Title = pg.T("线索第 %d 号", f.Clue.ID)
	d := cluePage{Page: pg, File: f, Acts: f.Clue.Steps(pg.Actor), Picker: EntityPicker{Page: pg, Field: "entity_id", Chosen: f.Entity}}
	for _, u := range f.Plan.AllUnits() {
		if u.Unit.Key != f.Clue.LeadUnit && u.Unit.Key != dajia.OfficeKey {
			d.Units = append(d.Units, u)
		}
	}
	d.Case, err = s.openedCase(r, f.Clue)
	if err != nil {
		return d, err
	}
	if d.Tag, err = s.actionTag(r, pg, fmt.Sprintf("/clues/%d/action", id), f.Clue.PlanID, f.Clue.LeadUnit, f.Clue.ActionID, f.Clue.HandledBy(pg.Actor)); err != nil {
		return d, err
	}
	d.Inspection, err = s.app.InspectionOfClue(r.Context(), pg.Actor, f.Clue)
	return d, err
}

func (s *Server) clueView(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := s.clueData(r, id)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "clueview", d)
}

func (s *Server) clueStep(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return dajia.Errorf(dajia.Invalid, "", "表单无法读取")
	}
	in := app.ClueStepInput{Note: r.PostForm.Get("note"), To: r.PostForm.Get("to")}
	if c := strings.TrimSpace(r.PostForm.Get("case")); c != "" {
		if in.Case, err = strconv.ParseInt(c, 10, 64); err != nil {
			in.Case = -1
		}
	}
	_, err = s.app.ClueStep(r.Context(), actorOf(r), id, r.PathValue("step"), in)
	if code := dajia.ErrorCode(err); code == dajia.Invalid || code == dajia.Conflict {
		d, derr := s.clueData(r, id)
		if derr != nil {
			return derr
		}
		d.Error = locale.Error(d.Lang, dajia.ErrorOf(err))
		return s.render(w, r, http.StatusBadRequest, "clueview", d)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/clues/%d", id), http.StatusSeeOther)
	return nil
}

// Tip is the id of the clue's tip, 0 when it is not a tip's.
func (d cluePage) Tip() int64 {
	id, _ := d.File.Clue.TipID()
	return id
}

// Survey is the id of the clue's survey finding, 0 when it is not a
// finding's.
func (d cluePage) Survey() int64 {
	id, _ := d.File.Clue.SurveyID()
	return id
}

// StepName names a step of a clue's history.
func (d cluePage) StepName(action string) string {
	zh := map[string]string{"receive": "收到线索", "open": "立案", "decline": "不予立案", "transfer": "移送", "extend": "延长期限", "entity": "更改市场主体", "action": "关联集中行动"}[action]
	if zh == "" {
		return action
	}
	return d.T(zh)
}

// tipClue turns a tip the account handles into its clue and opens the
// clue's page; a tip that is already a clue shows the tip again with why.
func (s *Server) tipClue(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	c, err := s.app.ClueFromTip(r.Context(), actorOf(r), id, "")
	if code := dajia.ErrorCode(err); code == dajia.Invalid || code == dajia.Conflict {
		return s.tipAgain(w, r, id, err)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/clues/%d", c.ID), http.StatusSeeOther)
	return nil
}

type clueNewPage struct {
	Page
	In      app.ClueInput
	Plan    *dajia.Plan
	Units   []dajia.UnitRef // the office chooses the lead unit among these
	Sources []dajia.ClueSource
	Picker  EntityPicker
	Errors  map[string]string
	Error   string
	Actions []store.ActionRecord // the joint actions the clue may come from
}

// UnitName is a unit's name in the plan.
func (d clueNewPage) UnitName(key string) string { return unitDisplay(d.Plan, key) }

// Campaign reports whether the form chose campaign no.
func (d clueNewPage) Campaign(no int) bool { return d.In.CampaignNo == no }

// newClueData is the new-clue form under the current plan (or ?plan=).
func (s *Server) newClueData(r *http.Request, in app.ClueInput) (clueNewPage, error) {
	pg := s.page(r, "")
	pg.Title = pg.T("登记线索")
	a := pg.Actor
	if a.Role != dajia.RoleOffice && a.Role != dajia.RoleOfficer && a.Role != dajia.RoleHead {
		return clueNewPage{}, dajia.Errorf(dajia.Forbidden, "", "只有承办单位或打假办可以办理")
	}
	id := in.PlanID
	if id == "" {
		id = r.URL.Query().Get("plan")
	}
	var v store.PlanVersion
	var err error
	if id == "" {
		v, err = s.planParam(r)
	} else {
		v, err = s.db.Plan(r.Context(), id)
	}
	if err != nil {
		return clueNewPage{}, err
	}
	in.PlanID = v.PlanID
	if in.ReceivedOn == "" {
		in.ReceivedOn = pg.Today.String()
	}
	if a.Role != dajia.RoleOffice {
		in.LeadUnit = a.Unit
	}
	d := clueNewPage{Page: pg, In: in, Plan: v.Plan, Errors: map[string]string{},
		Picker: EntityPicker{Page: pg, Field: "entity_id"}}
	for _, u := range v.Plan.AllUnits() {
		if u.Unit.Key != dajia.OfficeKey {
			d.Units = append(d.Units, u)
		}
	}
	for _, src := range dajia.ClueSources() {
		if src.TypedIn() {
			d.Sources = append(d.Sources, src)
		}
	}
	unit := in.LeadUnit
	if a.Role == dajia.RoleOffice {
		unit = dajia.OfficeKey // every action of the plan: the lead unit's is checked on saving
	}
	if d.Actions, err = s.app.ActionsOf(r.Context(), v.PlanID, unit); err != nil {
		return d, err
	}
	return d, nil
}

func (s *Server) clueForm(w http.ResponseWriter, r *http.Request) error {
	d, err := s.newClueData(r, app.ClueInput{Source: dajia.ClueFromReferral})
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "cluenew", d)
}

// maxClueForm bounds the new-clue form's body: its fields are short.
const maxClueForm = 64 << 10

func decodeClueForm(f url.Values) app.ClueInput {
	in := app.ClueInput{PlanID: f.Get("plan"), Source: dajia.ClueSource(f.Get("source")), SourceRef: f.Get("source_ref"),
		ReferralDue: f.Get("referral_due"), ReceivedOn: f.Get("received_on"), LeadUnit: f.Get("lead_unit"),
		EntityID: formID(f, "entity_id"), Summary: f.Get("summary"), ActionID: formID(f, "action_id")}
	if n, err := strconv.Atoi(strings.TrimSpace(f.Get("campaign_no"))); err == nil && n > 0 && n < 1000 {
		in.CampaignNo = n
	}
	return in
}

// clueCreate takes in a clue typed in on the new-clue form; the picker's
// 查找 shows the form again with the matches; a problem shows it again with
// the message at its field, as typed.
func (s *Server) clueCreate(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxClueForm)
	if err := r.ParseForm(); err != nil {
		return dajia.Errorf(dajia.Invalid, "", "表单无法读取")
	}
	in := decodeClueForm(r.PostForm)
	d, err := s.newClueData(r, in)
	if err != nil {
		return err
	}
	d.In.ReceivedOn = in.ReceivedOn // as typed, even empty
	picker, find, err := s.pickFor(r, d.Page, r.PostForm, "entity_id")
	if err != nil {
		return err
	}
	d.Picker = picker
	if find {
		return s.render(w, r, http.StatusOK, "cluenew", d)
	}
	c, err := s.app.CreateClue(r.Context(), actorOf(r), in)
	if formError(err) {
		d.Error = placeError(d.Page, err, d.T("请按提示修改后再提交"), &d.Picker, d.Errors, clueNewFields)
		return s.render(w, r, statusFor(w, err), "cluenew", d)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/clues/%d", c.ID), http.StatusSeeOther)
	return nil
}

// clueEntity names or changes the market entity of a pending clue with
// the picker; 查找 shows the clue again with the matches.
func (s *Server) clueEntity(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxClueForm)
	if err := r.ParseForm(); err != nil {
		return dajia.Errorf(dajia.Invalid, "", "表单无法读取")
	}
	d, err := s.clueData(r, id)
	if err != nil {
		return err
	}
	picker, find, err := s.pickFor(r, d.Page, r.PostForm, "entity_id")
	if err != nil {
		return err
	}
	if picker.Chosen == nil {
		picker.Chosen = d.Picker.Chosen
	}
	d.Picker = picker
	if find {
		return s.render(w, r, http.StatusOK, "clueview", d)
	}
	eid := formID(r.PostForm, "entity_id")
	if eid == 0 && r.PostForm.Get("entity_id") == "" {
		eid = d.File.Clue.EntityID // nothing chosen: no change
	}
	_, err = s.app.SetClueEntity(r.Context(), actorOf(r), id, eid)
	if formError(err) {
		d.Picker.Error = locale.Error(d.Lang, dajia.ErrorOf(err))
		d.Error = d.Picker.Error
		return s.render(w, r, statusFor(w, err), "clueview", d)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/clues/%d", id), http.StatusSeeOther)
	return nil
}

// clueNewFields are the new-clue form's fields that show their own error.
var clueNewFields = map[string]bool{"source": true, "source_ref": true, "referral_due": true, "received_on": true, "lead_unit": true, "summary": true, "action_id": true}
