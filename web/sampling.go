package web

// The samplings (监督抽检) for staff: the list with its filters, the pass
// rates, a new sampling, a sampling's page with its objection window and
// clues (and its form while it may be changed), the Excel export, template
// and import.

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

// samplingRoutes are the samplings' pages and API.
func (s *Server) samplingRoutes() []route {
	h := s.adapt
	return []route{
		{"GET /samplings", dajia.PermBusiness, h(s.samplingsList), false},
		{"GET /samplings/rates", dajia.PermBusiness, h(s.samplingRatesPage), false},
		{"GET /samplings/export.xlsx", dajia.PermBusiness, h(s.samplingsXLSX), false},
		{"GET /samplings/template.xlsx", dajia.PermBusiness, h(s.samplingTemplate), false},
		{"POST /samplings/import", dajia.PermBusiness, h(s.samplingImport), false},
		{"GET /samplings/new", dajia.PermBusiness, h(s.samplingNew), false},
		{"POST /samplings", dajia.PermBusiness, h(s.samplingCreate), false},
		{"GET /samplings/{id}", dajia.PermBusiness, h(s.samplingView), false},
		{"POST /samplings/{id}", dajia.PermBusiness, h(s.samplingUpdate), false},
		{"GET /api/v1/samplings", dajia.PermBusiness, h(s.apiSamplings), false},
		{"POST /api/v1/samplings", dajia.PermBusiness, h(s.apiSamplingCreate), false},
		{"GET /api/v1/samplings/rates", dajia.PermBusiness, h(s.apiSamplingRates), false},
		{"GET /api/v1/samplings/{id}", dajia.PermBusiness, h(s.apiSamplingGet), false},
		{"PUT /api/v1/samplings/{id}", dajia.PermBusiness, h(s.apiSamplingPut), false},
	}
}

// decodeSamplingQuery reads the list's filters from a query string. The
// unit filter is the office's and leaders'; a unit's account sees its own.
func decodeSamplingQuery(a dajia.Actor, q url.Values) app.SamplingQuery {
	sq := app.SamplingQuery{PlanID: q.Get("plan"), Campaign: q.Get("campaign"), Category: q.Get("category"), Village: q.Get("village"),
		Result: dajia.SamplingResult(q.Get("result")), CCC: q.Get("ccc") != "", From: q.Get("from"), To: q.Get("to"), Limit: 50}
	if _, all := a.UnitScope(); all {
		sq.Unit = q.Get("unit")
	}
	sq.Offset = queryOffset(q)
	if n, err := strconv.ParseInt(q.Get("action"), 10, 64); err == nil && n > 0 {
		sq.Action = n
	}
	return sq
}

// samplingValues is the query string of a list's filters.
func samplingValues(q app.SamplingQuery) url.Values {
	v := url.Values{}
	for k, x := range map[string]string{"plan": q.PlanID, "unit": q.Unit, "campaign": q.Campaign, "category": q.Category,
		"village": q.Village, "result": string(q.Result), "from": q.From, "to": q.To} {
		if x != "" {
			v.Set(k, x)
		}
	}
	if q.CCC {
		v.Set("ccc", "1")
	}
	if q.Action > 0 {
		v.Set("action", strconv.FormatInt(q.Action, 10))
	}
	return v
}

type samplingsPage struct {
	Page
	List     app.SamplingList
	Q        app.SamplingQuery
	Plans    []store.PlanSummary
	Plan     *dajia.Plan
	Units    []dajia.UnitRef // the unit filter: the office and leaders only
	Results  []dajia.SamplingResult
	MayAdd   bool
	Problems []string // an import's problems, one per cell
	Error    string
	cal      dajia.Workdays
}

// UnitName is a unit's name in the plan.
func (d samplingsPage) UnitName(key string) string {
	if d.Plan == nil {
		return key
	}
	return unitDisplay(d.Plan, key)
}

// PageURL is the list at offset with the same filters.
func (d samplingsPage) PageURL(offset int) string {
	return pageURL("/samplings", samplingValues(d.Q), offset)
}

// ExportURL is the export of the list as filtered.
func (d samplingsPage) ExportURL() string {
	return "/samplings/export.xlsx?" + samplingValues(d.Q).Encode()
}

// RatesURL is the pass rates of the list's plan, unit and dates.
func (d samplingsPage) RatesURL() string {
	return "/samplings/rates?" + samplingValues(app.SamplingQuery{PlanID: d.Q.PlanID, Unit: d.Q.Unit, From: d.Q.From, To: d.Q.To}).Encode()
}

// Prev is the offset of the page before; -1 on the first.
func (d samplingsPage) Prev() int { return prevOffset(d.Q.Offset, d.Q.Limit) }

// Campaign reports whether the filter chose campaign no.
func (d samplingsPage) Campaign(no int) bool { return d.Q.Campaign == strconv.Itoa(no) }

// Window is a failed sample's objection window as the list shows it.
func (d samplingsPage) Window(r store.SamplingRecord) string {
	return windowText(d.Page, r.Window(d.Today, d.cal), true)
}

// windowText words a window: its state and, while it runs, the days left.
func windowText(pg Page, w dajia.ObjectionWindow, short bool) string {
	if w.State == dajia.WindowNone {
		return ""
	}
	t := pg.N(w.State.Name())
	if w.State == dajia.WindowOpen {
		t += " · " + pg.Say(w.Countdown.Phrase())
		if !short {
			t += " · " + pg.T("截止 %s", pg.Date(w.Due))
		}
	}
	return t
}

func (s *Server) samplingsData(r *http.Request) (samplingsPage, error) {
	a := actorOf(r)
	q := decodeSamplingQuery(a, r.URL.Query())
	pg := s.page(r, "")
	pg.Title = pg.T("抽检")
	d := samplingsPage{Page: pg, Q: q, Results: dajia.SamplingResults(), MayAdd: a.MayRecordSamplings() == nil, cal: s.app.Calendar()}
	var err error
	if d.List, err = s.app.Samplings(r.Context(), a, q); err != nil {
		return d, err
	}
	if d.Plans, d.Plan, d.Units, err = s.listChoices(r, a, false); err != nil {
		return d, err
	}
	return d, nil
}

func (s *Server) samplingsList(w http.ResponseWriter, r *http.Request) error {
	d, err := s.samplingsData(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "samplings", d)
}

type samplingRatesPage struct {
	Page
	Q     app.SamplingQuery
	Rates app.SamplingRates
	Plans []store.PlanSummary
	Plan  *dajia.Plan
	Units []dajia.UnitRef
}

// UnitName is a unit's name in the plan.
func (d samplingRatesPage) UnitName(key string) string {
	if d.Plan == nil {
		return key
	}
	return unitDisplay(d.Plan, key)
}

// CampaignName names a campaign group ("0": none).
func (d samplingRatesPage) CampaignName(key string) string {
	no, _ := strconv.Atoi(key)
	if d.Plan != nil {
		if c, ok := d.Plan.CampaignByNo(no); ok {
			return fmt.Sprintf("%d · %s", c.No, c.Name)
		}
	}
	return d.T("未归入专项")
}

// VillageName names a village group ("": not known).
func (d samplingRatesPage) VillageName(key string) string {
	if key == "" {
		return d.T("村（社区）不详")
	}
	return key
}

// Link is the list behind a figure: the page's plan, unit and dates, the
// group (by "campaign", "category" or "village"; "" for all) and the
// result ("" for every one).
func (d samplingRatesPage) Link(by, key, result string) string {
	q := app.SamplingQuery{PlanID: d.Q.PlanID, Unit: d.Q.Unit, From: d.Q.From, To: d.Q.To, Result: dajia.SamplingResult(result)}
	switch by {
	case "campaign":
		q.Campaign = key
	case "category":
		q.Category = key
	case "village":
		q.Village = key
		if key == "" {
			q.Village = app.VillageNone
		}
	}
	return "/samplings?" + samplingValues(q).Encode()
}

func (s *Server) samplingRatesPage(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	q := decodeSamplingQuery(a, r.URL.Query())
	q = app.SamplingQuery{PlanID: q.PlanID, Unit: q.Unit, From: q.From, To: q.To}
	pg := s.page(r, "")
	pg.Title = pg.T("抽检合格率")
	d := samplingRatesPage{Page: pg}
	v, err := s.planParam(r)
	if err != nil {
		return err
	}
	d.Plan = v.Plan
	if q.PlanID == "" {
		q.PlanID = v.PlanID
	}
	d.Q = q
	if d.Rates, err = s.app.PassRates(r.Context(), a, q); err != nil {
		return err
	}
	if d.Plans, err = s.planChoices(r); err != nil {
		return err
	}
	if _, all := a.UnitScope(); all {
		for _, u := range d.Plan.AllUnits() {
			if u.Unit.Key != dajia.OfficeKey {
				d.Units = append(d.Units, u)
			}
		}
	}
	return s.render(w, r, http.StatusOK, "samplingrates", d)
}

// samplingForm is the data of the sampling form (templates/_samplingform.html):
// a new sampling, or the change of a stored one (ID set).
type samplingForm struct {
	Page
	ID       int64
	In       app.SamplingInput
	Plan     *dajia.Plan
	Units    []dajia.UnitRef // the office chooses the recording unit
	Results  []dajia.SamplingResult
	Producer EntityPicker
	Seller   EntityPicker
	Actions  []store.ActionRecord // the joint actions it may be tagged with
	Errors   map[string]string
	Error    string
}

// UnitName is a unit's name in the plan.
func (d samplingForm) UnitName(key string) string { return unitDisplay(d.Plan, key) }

// Action is where the form posts.
func (d samplingForm) Action() string {
	if d.ID == 0 {
		return "/samplings"
	}
	return fmt.Sprintf("/samplings/%d", d.ID)
}

func (s *Server) samplingFormData(r *http.Request, pg Page, p *dajia.Plan, in app.SamplingInput) (samplingForm, error) {
	d := samplingForm{Page: pg, In: in, Plan: p, Results: dajia.SamplingResults(), Errors: map[string]string{},
		Producer: EntityPicker{Page: pg, Field: "producer_id", Legend: pg.T("生产者")},
		Seller:   EntityPicker{Page: pg, Field: "seller_id", Legend: pg.T("销售者")}}
	for _, u := range p.AllUnits() {
		if u.Unit.Key != dajia.OfficeKey {
			d.Units = append(d.Units, u)
		}
	}
	for _, f := range []struct {
		id int64
		to *EntityPicker
	}{{in.ProducerID, &d.Producer}, {in.SellerID, &d.Seller}} {
		if f.id > 0 {
			if e, err := s.app.Entity(r.Context(), pg.Actor, f.id); err == nil {
				f.to.Chosen = &e
			}
		}
	}
	var err error
	d.Actions, err = s.actionChoices(r, p.ID, in.ActionID)
	return d, err
}

// maxSamplingForm bounds the sampling form's body.
const maxSamplingForm = 64 << 10

func decodeSamplingForm(f url.Values) app.SamplingInput {
	in := app.SamplingInput{PlanID: f.Get("plan"), Unit: f.Get("unit"), Category: f.Get("category"), Product: f.Get("product"),
		Brand: f.Get("brand"), Model: f.Get("model"), Batch: f.Get("batch"), ProducerID: formID(f, "producer_id"),
		SellerID: formID(f, "seller_id"), SampledOn: f.Get("sampled_on"), Lab: f.Get("lab"), Standard: f.Get("standard"),
		TestItems: f.Get("test_items"), Result: f.Get("result"), FailedItems: f.Get("failed_items"), Certificate: f.Get("certificate"),
		ActionID: formID(f, "action_id"), Notes: f.Get("notes"), NotifiedOn: f.Get("notified_on"), Objected: f.Get("objected") != "",
		ObjectedOn: f.Get("objected_on"), RetestResult: f.Get("retest_result")}
	if n, err := strconv.Atoi(strings.TrimSpace(f.Get("campaign_no"))); err == nil && n > 0 && n < 1000 {
		in.CampaignNo = n
	}
	return in
}

// samplingFields are the form's fields that show their own error.
var samplingFields = map[string]bool{"unit": true, "category": true, "product": true, "brand": true, "model": true, "batch": true,
	"sampled_on": true, "lab": true, "standard": true, "test_items": true, "result": true, "failed_items": true, "certificate": true,
	"action_id": true, "notes": true, "notified_on": true, "objected": true, "objected_on": true, "retest_result": true, "campaign_no": true}

// placeSamplingErrors puts every field's problem next to its field (the
// entities' on their pickers) and answers the message above the form.
func placeSamplingErrors(d *samplingForm, err error) {
	var fe dajia.FieldErrors
	if !errors.As(err, &fe) {
		e := dajia.ErrorOf(err)
		fe = dajia.FieldErrors{{Field: e.Field, Message: e.Message, Key: e.Key, Args: e.Args}}
	}
	d.Error = d.T("请按提示修改后再提交")
	for _, f := range fe {
		msg := locale.Field(d.Lang, f)
		switch {
		case f.Field == "producer_id":
			d.Producer.Error = msg
		case f.Field == "seller_id":
			d.Seller.Error = msg
		case samplingFields[f.Field]:
			if d.Errors[f.Field] == "" {
				d.Errors[f.Field] = msg
			}
		default:
			d.Error = msg
		}
	}
}

// pickBoth is the two pickers as the form sent them; true when a 查找
// button was pressed (the form is shown again instead of saved).
func (s *Server) pickBoth(r *http.Request, d *samplingForm) (bool, error) {
	legend := map[string]string{"producer_id": d.Producer.Legend, "seller_id": d.Seller.Legend}
	found := false
	for _, p := range []*EntityPicker{&d.Producer, &d.Seller} {
		picker, find, err := s.pickFor(r, d.Page, r.PostForm, p.Field)
		if err != nil {
			return false, err
		}
		picker.Legend = legend[p.Field]
		if picker.Chosen == nil && r.PostForm.Get(p.Field) == "" {
			picker.Chosen = p.Chosen
		}
		*p = picker
		found = found || find
	}
	return found, nil
}

func (s *Server) samplingNew(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	if err := a.MayRecordSamplings(); err != nil {
		return err
	}
	v, err := s.planParam(r)
	if err != nil {
		return err
	}
	pg := s.page(r, "")
	pg.Title = pg.T("登记抽检")
	in := app.SamplingInput{PlanID: v.PlanID, SampledOn: pg.Today.String(), Result: string(dajia.SamplePending)}
	if a.Role != dajia.RoleOffice {
		in.Unit = a.Unit
	}
	d, err := s.samplingFormData(r, pg, v.Plan, in)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "samplingnew", d)
}

func (s *Server) samplingCreate(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	if err := a.MayRecordSamplings(); err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxSamplingForm)
	if err := r.ParseForm(); err != nil {
		return dajia.Errorf(dajia.Invalid, "", "表单无法读取")
	}
	in := decodeSamplingForm(r.PostForm)
	v, err := s.db.Plan(r.Context(), in.PlanID)
	if err != nil {
		return err
	}
	pg := s.page(r, "")
	pg.Title = pg.T("登记抽检")
	d, err := s.samplingFormData(r, pg, v.Plan, in)
	if err != nil {
		return err
	}
	find, err := s.pickBoth(r, &d)
	if err != nil {
		return err
	}
	if find {
		return s.render(w, r, http.StatusOK, "samplingnew", d)
	}
	rec, err := s.app.CreateSampling(r.Context(), a, in)
	if formError(err) {
		placeSamplingErrors(&d, err)
		return s.render(w, r, statusFor(w, err), "samplingnew", d)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/samplings/%d?done=saved", rec.ID), http.StatusSeeOther)
	return nil
}

type samplingPage struct {
	Page
	File app.SamplingFile
	Form samplingForm
	Done bool
}

// UnitName is a unit's name in the sampling's plan.
func (d samplingPage) UnitName(key string) string { return unitDisplay(d.File.Plan, key) }

// CampaignName names the sampling's campaign; "" for none.
func (d samplingPage) CampaignName() string {
	if c, ok := d.File.Plan.CampaignByNo(d.File.Record.CampaignNo); ok {
		return fmt.Sprintf("%d · %s", c.No, c.Name)
	}
	return ""
}

// WindowText words the objection window with its last day.
func (d samplingPage) WindowText() string { return windowText(d.Page, d.File.Window, false) }

// ClueVisible reports whether the reader may open a clue of the sampling.
func (d samplingPage) ClueVisible(c dajia.Clue) bool { return c.VisibleTo(d.Actor) }

func (s *Server) samplingData(r *http.Request, id int64) (samplingPage, error) {
	f, err := s.app.OpenSampling(r.Context(), actorOf(r), id)
	if err != nil {
		return samplingPage{}, err
	}
	pg := s.page(r, "")
	pg.Title = pg.T("抽检第 %d 号", id)
	d := samplingPage{Page: pg, File: f, Done: r.URL.Query().Get("done") == "saved"}
	if f.Editable {
		if d.Form, err = s.samplingFormData(r, pg, f.Plan, app.SamplingInputOf(f.Record.Sampling)); err != nil {
			return d, err
		}
		d.Form.ID = id
	}
	return d, nil
}

func (s *Server) samplingView(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := s.samplingData(r, id)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "samplingview", d)
}

func (s *Server) samplingUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxSamplingForm)
	if err := r.ParseForm(); err != nil {
		return dajia.Errorf(dajia.Invalid, "", "表单无法读取")
	}
	d, err := s.samplingData(r, id)
	if err != nil {
		return err
	}
	if !d.File.Editable {
		return dajia.Errorf(dajia.Forbidden, "", "抽检结论已确定，只有打假办可以修改")
	}
	in := decodeSamplingForm(r.PostForm)
	if d.Form, err = s.samplingFormData(r, d.Page, d.File.Plan, in); err != nil {
		return err
	}
	d.Form.ID = id
	find, err := s.pickBoth(r, &d.Form)
	if err != nil {
		return err
	}
	if find {
		return s.render(w, r, http.StatusOK, "samplingview", d)
	}
	_, err = s.app.UpdateSampling(r.Context(), actorOf(r), id, in)
	if formError(err) {
		placeSamplingErrors(&d.Form, err)
		return s.render(w, r, statusFor(w, err), "samplingview", d)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/samplings/%d?done=saved", id), http.StatusSeeOther)
	return nil
}

// rateGroup is one table of the pass-rate page.
type rateGroup struct {
	By, Title, Head string
	Rates           []dajia.PassRate
}

// Groups are the page's tables: by campaign, category and village.
func (d samplingRatesPage) Groups() []rateGroup {
	return []rateGroup{{"campaign", d.T("按专项行动"), d.T("专项行动"), d.Rates.ByCampaign},
		{"category", d.T("按产品类别"), d.T("产品类别"), d.Rates.ByCategory},
		{"village", d.T("按村（社区）"), d.T("村（社区）"), d.Rates.ByVillage}}
}

// GroupName names a group's row.
func (d samplingRatesPage) GroupName(by, key string) string {
	switch by {
	case "campaign":
		return d.CampaignName(key)
	case "village":
		return d.VillageName(key)
	}
	return key
}
