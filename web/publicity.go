package web

// Publicity (宣传): a unit's activities with their reach and photos.

import (
	"errors"
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

type publicityListPage struct {
	Page
	List     app.PublicityList
	Q        app.PublicityQuery
	Plans    []store.PlanSummary
	Plan     *dajia.Plan
	Units    []dajia.UnitRef // the unit filter: the office and leaders only
	Channels []dajia.PublicityChannel
	MayAdd   bool
}

func (d publicityListPage) UnitName(key string) string {
	if d.Plan == nil {
		return key
	}
	return unitDisplay(d.Plan, key)
}

func (d publicityListPage) query() url.Values {
	v := url.Values{}
	for k, x := range map[string]string{"plan": d.Q.PlanID, "unit": d.Q.Unit, "channel": string(d.Q.Channel), "from": d.Q.From, "to": d.Q.To} {
		if x != "" {
			v.Set(k, x)
		}
	}
	if d.Q.CampaignNo != 0 {
		v.Set("campaign", campaignValue(d.Q.CampaignNo))
	}
	if d.Q.Action != 0 {
		v.Set("action", strconv.FormatInt(d.Q.Action, 10))
	}
	return v
}

// PageURL is the list at offset with the same filters.
func (d publicityListPage) PageURL(offset int) string {
	return pageURL("/publicity", d.query(), offset)
}

// ExportURL is the export of the list with the same filters.
func (d publicityListPage) ExportURL() string { return "/publicity/export.xlsx?" + d.query().Encode() }

// Prev is the offset of the page before; -1 on the first.
func (d publicityListPage) Prev() int { return prevOffset(d.Q.Offset, d.Q.Limit) }

// Campaign reports whether the filter chose campaign no.
func (d publicityListPage) Campaign(no int) bool { return d.Q.CampaignNo == no }

func decodePublicityQuery(q url.Values, a dajia.Actor) app.PublicityQuery {
	pq := app.PublicityQuery{PlanID: strings.TrimSpace(q.Get("plan")), Channel: dajia.PublicityChannel(q.Get("channel")),
		From: strings.TrimSpace(q.Get("from")), To: strings.TrimSpace(q.Get("to")), Limit: 50}
	if _, all := a.UnitScope(); all {
		pq.Unit = strings.TrimSpace(q.Get("unit"))
	}
	if n, ok := campaignParam(q.Get("campaign")); ok {
		pq.CampaignNo = n
	}
	if n, err := strconv.ParseInt(q.Get("action"), 10, 64); err == nil && n > 0 {
		pq.Action = n
	}
	pq.Offset = queryOffset(q)
	return pq
}

func mayRecordPublicity(a dajia.Actor) bool {
	return a.Role == dajia.RoleOffice || (a.Role == dajia.RoleOfficer || a.Role == dajia.RoleHead || a.Role == dajia.RoleSupervisor) && a.Unit != ""
}

func (s *Server) publicityList(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	pq := decodePublicityQuery(r.URL.Query(), a)
	list, err := s.app.Publicities(r.Context(), a, pq)
	if err != nil {
		return err
	}
	pg := s.page(r, "")
	pg.Title = pg.T("宣传")
	d := publicityListPage{Page: pg, List: list, Q: pq, Channels: dajia.PublicityChannels(), MayAdd: mayRecordPublicity(a)}
	if d.Plans, d.Plan, d.Units, err = s.listChoices(r, a, true); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "publicity", d)
}

// --- the form ---

type publicityFormPage struct {
	Page
	ID       int64 // 0: a new activity
	In       app.PublicityInput
	Plan     *dajia.Plan
	Units    []dajia.UnitRef // the office names the unit
	Channels []dajia.PublicityChannel
	Actions  []store.ActionRecord
	Errors   map[string]string
	Error    string
}

func (d publicityFormPage) UnitName(key string) string { return unitDisplay(d.Plan, key) }

// Action is the form's target.
func (d publicityFormPage) Action() string {
	if d.ID == 0 {
		return "/publicity"
	}
	return fmt.Sprintf("/publicity/%d", d.ID)
}

func (s *Server) publicityFormData(r *http.Request, planID string, id int64, in app.PublicityInput) (publicityFormPage, error) {
	pg := s.page(r, "")
	a := pg.Actor
	if !mayRecordPublicity(a) {
		return publicityFormPage{}, dajia.Errorf(dajia.Forbidden, "", "只能登记本单位的宣传活动")
	}
	var v store.PlanVersion
	var err error
	if planID == "" {
		v, err = s.planParam(r)
	} else {
		v, err = s.db.Plan(r.Context(), planID)
	}
	if err != nil {
		return publicityFormPage{}, err
	}
	in.PlanID = v.PlanID
	if a.Role != dajia.RoleOffice {
		in.Unit = a.Unit
	} else if in.Unit == "" {
		in.Unit = dajia.OfficeKey
	}
	if in.On == "" {
		in.On = pg.Today.String()
	}
	pg.Title = pg.T("登记宣传活动")
	if id != 0 {
		pg.Title = pg.T("修改宣传活动")
	}
	d := publicityFormPage{Page: pg, ID: id, In: in, Plan: v.Plan, Channels: dajia.PublicityChannels(), Errors: map[string]string{}}
	if a.Role == dajia.RoleOffice {
		d.Units = v.Plan.AllUnits()
	}
	unit := a.Unit
	if a.Role == dajia.RoleOffice {
		unit = dajia.OfficeKey
	}
	if d.Actions, err = s.app.ActionsOf(r.Context(), v.PlanID, unit); err != nil {
		return d, err
	}
	return d, nil
}

func (s *Server) publicityNew(w http.ResponseWriter, r *http.Request) error {
	d, err := s.publicityFormData(r, "", 0, app.PublicityInput{Channel: dajia.ChannelLeaflet})
	if err != nil {
		return err
	}
	if n, err := strconv.ParseInt(r.URL.Query().Get("action"), 10, 64); err == nil && n > 0 {
		d.In.ActionID = n
	}
	return s.render(w, r, http.StatusOK, "publicityform", d)
}

func (s *Server) publicityEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	u, err := s.app.Publicity(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	if !u.EditableBy(actorOf(r)) {
		return dajia.Errorf(dajia.Forbidden, "", "只能登记本单位的宣传活动")
	}
	in := app.PublicityInput{Unit: u.Unit, On: u.On.String(), Channel: u.Channel, CampaignNo: u.CampaignNo, Title: u.Title, Content: u.Content,
		People: u.Reach.People, Copies: u.Reach.Copies, Views: u.Reach.Views, ActionID: u.ActionID}
	d, err := s.publicityFormData(r, u.PlanID, id, in)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "publicityform", d)
}

func formInt64(f url.Values, field string) int64 {
	s := strings.TrimSpace(f.Get(field))
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return -1 // not a number: the range check names it
	}
	return n
}

func decodePublicityForm(f url.Values) app.PublicityInput {
	in := app.PublicityInput{PlanID: f.Get("plan"), Unit: f.Get("unit"), On: f.Get("on"), Channel: dajia.PublicityChannel(f.Get("channel")),
		Title: f.Get("title"), Content: f.Get("content"), People: formInt64(f, "people"), Copies: formInt64(f, "copies"), Views: formInt64(f, "views"),
		ActionID: formID(f, "action_id")}
	if n, err := strconv.Atoi(strings.TrimSpace(f.Get("campaign_no"))); err == nil && n > 0 && n < 1000 {
		in.CampaignNo = n
	}
	return in
}

var publicityFormFields = map[string]bool{"unit": true, "on": true, "channel": true, "campaign_no": true, "title": true, "content": true,
	"people": true, "copies": true, "views": true, "action_id": true, "photos": true}

func (s *Server) publicityCreate(w http.ResponseWriter, r *http.Request) error {
	up, err := readUpload(w, r)
	defer up.Close()
	if errors.Is(err, errUpload) {
		return dajia.Errorf(dajia.Invalid, "photos", "提交的内容过大或格式不对（照片最多 5 张，每张不超过 5 MB）")
	} else if err != nil {
		return err
	}
	in := decodePublicityForm(up.Form)
	d, err := s.publicityFormData(r, in.PlanID, 0, in)
	if err != nil {
		return err
	}
	in.PlanID = d.In.PlanID
	rec, err := s.app.CreatePublicity(r.Context(), actorOf(r), in, up.readers())
	if formError(err) {
		d.Error = fieldErrorsOf(d.Page, err, d.Errors, publicityFormFields)
		return s.render(w, r, statusFor(w, err), "publicityform", d)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/publicity/%d?done=saved", rec.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) publicityUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxActionForm)
	if err := r.ParseForm(); err != nil {
		return dajia.Errorf(dajia.Invalid, "", "表单无法读取")
	}
	cur, err := s.app.Publicity(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	in := decodePublicityForm(r.PostForm)
	d, err := s.publicityFormData(r, cur.PlanID, id, in)
	if err != nil {
		return err
	}
	_, err = s.app.UpdatePublicity(r.Context(), actorOf(r), id, in)
	if formError(err) {
		d.Error = fieldErrorsOf(d.Page, err, d.Errors, publicityFormFields)
		return s.render(w, r, statusFor(w, err), "publicityform", d)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/publicity/%d?done=saved", id), http.StatusSeeOther)
	return nil
}

// --- the activity's page ---

type publicityPage struct {
	Page
	File    app.PublicityFile
	MayEdit bool
	Message string
}

func (d publicityPage) UnitName(key string) string { return unitDisplay(d.File.Plan, key) }

// CampaignName is the activity's campaign by its name.
func (d publicityPage) CampaignName() string {
	if c, ok := d.File.Plan.CampaignByNo(d.File.Publicity.CampaignNo); ok {
		return c.Name
	}
	return ""
}

func (s *Server) publicityView(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actorOf(r)
	f, err := s.app.OpenPublicity(r.Context(), a, id)
	if err != nil {
		return err
	}
	pg := s.page(r, f.Publicity.Title)
	d := publicityPage{Page: pg, File: f, MayEdit: f.Publicity.EditableBy(a)}
	if r.URL.Query().Get("done") == "saved" {
		d.Message = d.T("宣传活动已保存")
	}
	return s.render(w, r, http.StatusOK, "publicityview", d)
}

// publicityPhoto serves a photo of an activity the reader may see.
func (s *Server) publicityPhoto(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	pid, err := pathID(r, "pid")
	if err != nil {
		return err
	}
	ph, err := s.app.PublicityPhoto(r.Context(), actorOf(r), id, pid)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", ph.ContentType)
	w.Header().Set("Cache-Control", "private, no-store")
	w.Write(ph.Data)
	return nil
}

var _ = locale.Text
