package web

// The cases (案件) for staff: the list, a case's page with its clocks,
// thresholds, transfer, steps, facts and timeline, and opening a case from
// a clue.

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"dajia"
	"dajia/app"
	"dajia/locale"
	"dajia/store"
)

// casesPerPage is the length of a page of the list of cases.
const casesPerPage = 50

// caseStatuses are the statuses of a case in the order of its lifecycle:
// the list's filter offers them.
var caseStatuses = []dajia.CaseStatus{dajia.CaseOpened, dajia.CaseInvestigating, dajia.CaseReviewing, dajia.CaseNotified,
	dajia.CaseHearing, dajia.CaseDecided, dajia.CaseExecuted, dajia.CaseNoPenalty, dajia.CaseTransferred, dajia.CaseWithdrawn,
	dajia.CaseClosed}

// transferStatuses are the states of a transfer the list's filter offers
// ("none": no transfer proposed).
var transferStatuses = []dajia.TransferStatus{"none", store.TransferRunning, dajia.TransferProposed, dajia.TransferApproved, dajia.TransferRefused,
	dajia.TransferSent, dajia.TransferFiled, dajia.TransferNotFiled}

// yuan writes an amount of yuan with thousands separators: ¥60,000.5.
func yuan(a dajia.Amount) string {
	s := a.String()
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteString("." + frac)
	}
	return sign + "¥" + b.String()
}

// Yuan writes an amount of yuan for the pages.
func (p Page) Yuan(a dajia.Amount) string { return yuan(a) }

// RuleText words what a criminal threshold rule adds up: 3 × 销售金额 +
// 尚未销售的货值金额, and the trademarks it asks.
func (p Page) RuleText(r dajia.ThresholdRule) string {
	var parts []string
	for _, t := range []struct {
		factor int
		name   string
	}{{r.SalesFactor, p.T("销售金额")}, {r.UnsoldFactor, p.T("尚未销售的货值金额")}, {r.GainsFactor, p.T("违法所得")}} {
		switch {
		case t.factor == 1:
			parts = append(parts, t.name)
		case t.factor > 1:
			parts = append(parts, fmt.Sprintf("%d × %s", t.factor, t.name))
		}
	}
	s := strings.Join(parts, " + ")
	if r.MarksAtLeast > 0 {
		s += p.T("（假冒注册商标 %d 件以上）", r.MarksAtLeast)
	}
	return s
}

// CaseStepName names a line of a case's timeline.
func (p Page) CaseStepName(action string) string { return p.N(app.CaseStepName(action)) }

type casesPage struct {
	Page
	List      app.CaseList
	Q         app.CaseQuery
	Plans     []store.PlanSummary
	Plan      *dajia.Plan            // the plan whose campaigns and units the filters offer; nil before any
	plans     map[string]*dajia.Plan // the listed cases' plans, for their names
	AllUnits  bool                   // the office and leaders choose a unit
	Units     []dajia.UnitRef
	Statuses  []dajia.CaseStatus
	Transfers []dajia.TransferStatus
	Error     string
}

// UnitName names a unit of a listed case's plan.
func (d casesPage) UnitName(planID, key string) string {
	if p := d.plans[planID]; p != nil {
		return unitDisplay(p, key)
	}
	return key
}

// CampaignName names a campaign of a listed case's plan.
func (d casesPage) CampaignName(planID string, no int) string {
	if p := d.plans[planID]; p != nil {
		if c, ok := p.CampaignByNo(no); ok {
			return fmt.Sprintf("%d · %s", c.No, c.Name)
		}
	}
	return strconv.Itoa(no)
}

// TransferName names a transfer state of the filter.
func (d casesPage) TransferName(t dajia.TransferStatus) string {
	if t == "none" {
		return d.N(dajia.TransferNone.Name())
	}
	if t == store.TransferRunning {
		return d.T("移送中（待决定、待移送或待答复）")
	}
	return d.N(t.Name())
}

// LeftText words what is left before a listed case's deadline; "" when
// it could not be counted.
func (d casesPage) LeftText(r store.CaseRecord) string {
	return d.Say(d.List.Left[r.ID].Phrase())
}

// Over reports whether a listed case is past its deadline.
func (d casesPage) Over(r store.CaseRecord) bool { return !r.Due.IsZero() && d.Today.After(r.Due) }

// PageURL is the list at another offset, with the same filters.
func (d casesPage) PageURL(offset int) string {
	q := url.Values{}
	for k, v := range d.Page.Query {
		q[k] = v
	}
	q.Del("lang")
	q.Set("offset", strconv.Itoa(offset))
	return "/cases?" + q.Encode()
}

// ExportURL is the export of the list with the same filters, every page.
func (d casesPage) ExportURL() string {
	q := url.Values{}
	for k, v := range d.Page.Query {
		q[k] = v
	}
	q.Del("lang")
	q.Del("offset")
	if len(q) == 0 {
		return "/cases/export.xlsx"
	}
	return "/cases/export.xlsx?" + q.Encode()
}

// PrevOffset is the offset of the page before.
func (d casesPage) PrevOffset() int { return max(d.Q.Offset-casesPerPage, 0) }

// decodeCasesQuery reads the list's filters; what is not one of the
// choices is left out.
func decodeCasesQuery(q url.Values) app.CaseQuery {
	cq := app.CaseQuery{PlanID: strings.TrimSpace(q.Get("plan")), Unit: strings.TrimSpace(q.Get("unit")), Limit: casesPerPage,
		Overdue: q.Get("overdue") == "1", MajorOnly: q.Get("major") == "1", Query: strings.TrimSpace(q.Get("q"))}
	if m := q.Get("month"); m != "" {
		if _, _, ok := dajia.MonthRange(m); ok {
			cq.Month = m
		}
	}
	if n, err := strconv.ParseInt(q.Get("action"), 10, 64); err == nil && n > 0 {
		cq.Action = n
	}
	for _, s := range caseStatuses {
		if q.Get("status") == string(s) {
			cq.Status = s
		}
	}
	for _, t := range transferStatuses {
		if q.Get("transfer") == string(t) {
			cq.Transfer = string(t)
		}
	}
	// The review's sets: checked by the app, a bad value answered 400.
	if t := q.Get("transfer"); t == app.TimelyJudged || t == app.TimelyIn {
		cq.Transfer = t
	}
	cq.Lead, cq.Concluded = q.Get("lead"), q.Get("concluded")
	if n, ok := campaignParam(q.Get("campaign")); ok {
		cq.CampaignNo = n
	}
	cq.Offset = queryOffset(q)
	return cq
}

func (s *Server) casesList(w http.ResponseWriter, r *http.Request) error {
	pg := s.page(r, "")
	pg.Title = pg.T("案件")
	cq := decodeCasesQuery(r.URL.Query())
	_, all := pg.Actor.UnitScope()
	list, err := s.app.Cases(r.Context(), pg.Actor, cq)
	if err != nil {
		return err
	}
	d := casesPage{Page: pg, List: list, Q: cq, AllUnits: all, Statuses: caseStatuses, Transfers: transferStatuses,
		plans: map[string]*dajia.Plan{}}
	if d.Plans, err = s.planChoices(r); err != nil {
		return err
	}
	// The filters offer the chosen plan's campaigns and units, or the
	// current plan's; the rows name units and campaigns in their own plan.
	pick := cq.PlanID
	if pick == "" && len(d.Plans) > 0 {
		pick = d.Plans[0].ID
	}
	if pick != "" {
		if v, err := s.db.Plan(r.Context(), pick); err == nil {
			d.Plan, d.plans[pick] = v.Plan, v.Plan
		} else if dajia.ErrorCode(err) != dajia.NotFound {
			return err
		}
	}
	for _, c := range list.Cases {
		if _, ok := d.plans[c.PlanID]; !ok {
			v, err := s.db.Plan(r.Context(), c.PlanID)
			if err != nil {
				return err
			}
			d.plans[c.PlanID] = v.Plan
		}
	}
	if d.Plan != nil {
		for _, u := range d.Plan.AllUnits() {
			if u.Unit.Key != dajia.OfficeKey {
				d.Units = append(d.Units, u)
			}
		}
	}
	return s.render(w, r, http.StatusOK, "cases", d)
}

// clockView is a running deadline of a case as its page shows it.
type clockView struct {
	dajia.CaseClock
	Left dajia.Countdown // as CaseDue.Countdown counts it
}

// stepView is a step the case's page offers.
type stepView struct {
	Page
	CaseID   int64
	Primary  bool
	Act      dajia.CaseAction
	Required bool   // the note is required
	Note     string // as typed, when the step was refused
	Error    string // why the step was refused
}

type casePage struct {
	Page
	File    app.CaseFile
	Clocks  []clockView
	Steps   []stepView // lifecycle, extension, publication
	Moves   []stepView // the transfer's
	Facts   app.CaseFacts
	Goods   []app.GoodsInput // the form's lines: the recorded or typed ones and blank ones
	Coop    []dajia.UnitRef  // the units that may cooperate
	Picker  EntityPicker
	Errors  map[string]string
	Error   string
	Message string
	Typed   url.Values // the facts form as posted: its fields shown as typed
	Docs    caseDocs   // the documents section
	Tag     ActionTag  // the joint action the case is tagged with
}

// Expose reports whether the reader may publish the case on the exposure
// page (曝光台) now: a decided case, for the office or the lead unit's head.
func (d casePage) Expose() bool {
	c := d.File.Case.Case
	return c.MayExpose(d.Actor) == nil && c.Exposable() == nil
}

// UnitName names a unit of the case's plan.
func (d casePage) UnitName(key string) string { return unitDisplay(d.File.Plan, key) }

// CampaignName names a campaign of the case's plan.
func (d casePage) CampaignName(no int) string {
	if c, ok := d.File.Plan.CampaignByNo(no); ok {
		return fmt.Sprintf("%d · %s", c.No, c.Name)
	}
	return strconv.Itoa(no)
}

// Note words a timeline line's note in the page's language.
func (d casePage) Note(action, note string) string {
	if action == "action" {
		return tagNote(d.Page, note)
	}
	return d.Say(d.File.Case.NoteText(action, note))
}

// AllViolations are the violation types the form offers.
func (d casePage) AllViolations() []dajia.Violation { return dajia.Violations }

// FactLabel labels an amount or count field of the facts form.
func (d casePage) FactLabel(field string) string {
	switch field {
	case "sales":
		return d.T("销售金额")
	case "unsold":
		return d.T("尚未销售的货值金额")
	case "gains":
		return d.T("违法所得")
	case "fine":
		return d.T("罚款")
	case "confiscation":
		return d.T("没收金额")
	case "marks":
		return d.T("假冒注册商标件数")
	case "injured":
		return d.T("受伤人数")
	case "dead":
		return d.T("死亡人数")
	case "excluded_days":
		return d.T("不计入办案期限的天数")
	}
	return field
}

// FactValue is an amount or count field of the facts form as recorded or
// typed.
func (d casePage) FactValue(field string) string {
	if d.Typed != nil {
		return strings.TrimSpace(d.Typed.Get(field))
	}
	f := d.Facts
	count := func(n int) string {
		if n == 0 {
			return ""
		}
		return strconv.Itoa(n)
	}
	amount := func(n json.Number) string {
		if n == "0" {
			return ""
		}
		return string(n)
	}
	switch field {
	case "sales":
		return amount(f.Sales)
	case "unsold":
		return amount(f.Unsold)
	case "gains":
		return amount(f.Gains)
	case "fine":
		return amount(f.Fine)
	case "confiscation":
		return amount(f.Confiscation)
	case "marks":
		return count(f.Marks)
	case "injured":
		return count(f.Injured)
	case "dead":
		return count(f.Dead)
	case "excluded_days":
		return count(f.ExcludedDays)
	}
	return ""
}

// Violated reports whether the form ticks violation v.
func (d casePage) Violated(v dajia.Violation) bool { return slices.Contains(d.Facts.Violations, v) }

// Cooperates reports whether the form ticks unit key as cooperating.
func (d casePage) Cooperates(key string) bool { return slices.Contains(d.Facts.Cooperating, key) }

// LineValue is the value of a typed line of goods (quantity × unit
// price), or "" when it cannot be reckoned.
func (d casePage) LineValue(g app.GoodsInput) string {
	q, err1 := dajia.ParseAmount(string(g.Quantity))
	p, err2 := dajia.ParseAmount(string(g.UnitPrice))
	if err1 != nil || err2 != nil || q < 0 || p < 0 {
		return ""
	}
	gd := dajia.Goods{Name: "-", Quantity: q, Unit: "-", UnitPrice: p}
	if q > 0 && gd.Check() != nil {
		return ""
	}
	return yuan(gd.Value())
}

// HoursLeft words what is left of a clock in hours.
func (d casePage) HoursLeft(at time.Time) string {
	if d.Now.After(at) {
		return d.T("超期 %d 小时", int(math.Ceil(d.Now.Sub(at).Hours())))
	}
	return d.T("剩 %d 小时", int(math.Ceil(at.Sub(d.Now).Hours())))
}

// TransferClock is the running clock of the transfer, nil when none runs.
func (d casePage) TransferClock() *clockView {
	for _, k := range d.Clocks {
		switch k.What {
		case dajia.DueTransferDecide, dajia.DueTransferSend, dajia.DuePoliceAnswer:
			return &k
		}
	}
	return nil
}

// blankGoods is how many blank lines of goods the form offers, and how
// many 添加一行 adds.
const blankGoods = 3

// caseData is a case's page for the actor, with its facts form as
// recorded.
func (s *Server) caseData(r *http.Request, id int64) (casePage, error) {
	pg := s.page(r, "")
	f, err := s.app.CaseFile(r.Context(), pg.Actor, id)
	if err != nil {
		return casePage{}, err
	}
	pg.Title = f.Case.Number
	if pg.Title == "" {
		pg.Title = pg.T("案件第 %d 号", f.Case.ID)
	}
	d := casePage{Page: pg, File: f, Facts: app.FactsOf(f.Case.Case), Errors: map[string]string{},
		Picker: EntityPicker{Page: pg, Field: "entity_id", Chosen: f.Entity}}
	for i, k := range f.Clocks {
		d.Clocks = append(d.Clocks, clockView{CaseClock: k, Left: f.Left[i]})
	}
	for _, act := range caseActions {
		if !f.Steps[act] {
			continue
		}
		v := stepView{Page: pg, CaseID: id, Act: act, Required: f.Case.NoteRequired(act, f.Crossed)}
		switch act {
		case dajia.TransferPropose, dajia.TransferApprove, dajia.TransferRefuse, dajia.TransferSend, dajia.PoliceFiled, dajia.PoliceRefused:
			v.Primary = act == dajia.TransferPropose && f.ConsiderTransfer
			d.Moves = append(d.Moves, v)
		default:
			v.Primary = len(d.Steps) == 0
			d.Steps = append(d.Steps, v)
		}
	}
	for _, u := range f.Plan.AllUnits() {
		if u.Unit.Key != dajia.OfficeKey && u.Unit.Key != f.Case.LeadUnit {
			d.Coop = append(d.Coop, u)
		}
	}
	d.Goods = append(append([]app.GoodsInput{}, d.Facts.Goods...), make([]app.GoodsInput, blankGoods)...)
	d.Docs, err = s.caseDocsOf(r, f.Case.Case, id)
	if err != nil {
		return d, err
	}
	d.Tag, err = s.actionTag(r, pg, fmt.Sprintf("/cases/%d/action", id), f.Case.PlanID, f.Case.LeadUnit, f.Case.ActionID, f.Case.HandledBy(pg.Actor))
	return d, err
}

func (s *Server) caseView(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := s.caseData(r, id)
	if err != nil {
		return err
	}
	switch done := r.URL.Query().Get("done"); done {
	case "":
	case "facts":
		d.Message = d.T("案情已保存")
	case "open":
		d.Message = d.T("已立案")
	case "document":
		d.Message = d.T("文书已添加")
	case "action":
		d.Message = d.T("已保存集中行动")
	default:
		d.Message = d.T("已办理") + "：" + d.N(dajia.CaseAction(done).Name())
	}
	return s.render(w, r, http.StatusOK, "case", d)
}

// maxCaseForm bounds a case form's body: 200 lines of goods fit well.
const maxCaseForm = 256 << 10

// caseStep takes one step posted from the case's page and lands on its
// timeline; a step refused shows the page again with why, next to the
// step, the note as typed.
func (s *Server) caseStep(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxCaseForm)
	if err := r.ParseForm(); err != nil {
		return dajia.Errorf(dajia.Invalid, "", "表单无法读取")
	}
	step := r.PathValue("step")
	in := app.CaseStepInput{Note: r.PostForm.Get("note")}
	if v := strings.TrimSpace(r.PostForm.Get("days")); v != "" {
		if in.Days, err = strconv.Atoi(v); err != nil {
			in.Days = -1
		}
	}
	_, err = s.app.CaseStep(r.Context(), actorOf(r), id, step, in)
	if c := dajia.ErrorCode(err); c == dajia.Invalid || c == dajia.Conflict || c == dajia.Forbidden {
		d, derr := s.caseData(r, id)
		if derr != nil {
			return derr
		}
		msg := locale.Error(d.Lang, dajia.ErrorOf(err))
		d.Error = msg
		for _, list := range [][]stepView{d.Steps, d.Moves} {
			for i := range list {
				if string(list[i].Act) == step {
					list[i].Note, list[i].Error = in.Note, msg
				}
			}
		}
		return s.render(w, r, statusFor(w, err), "case", d)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/cases/%d?done=%s#timeline", id, url.QueryEscape(step)), http.StatusSeeOther)
	return nil
}

// formViolations reads the ticked violations; an empty value is none.
func formViolations(f url.Values) []dajia.Violation {
	var out []dajia.Violation
	for _, v := range f["violations"] {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, dajia.Violation(v))
		}
	}
	return out
}

// formInt reads a whole number field: empty is 0; what is not one is
// refused at its field.
func formInt(f url.Values, field string) (int, error) {
	v := strings.TrimSpace(f.Get(field))
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > 1_000_000 {
		return 0, dajia.Errorf(dajia.Invalid, field, "请填写不小于 0 的整数")
	}
	return n, nil
}

// decodeCaseFacts reads the facts form: the lines of goods as typed
// (blank lines left out; at most one more than a case keeps, which the use
// case refuses), and the first number that is not one.
func decodeCaseFacts(f url.Values) (app.CaseFacts, error) {
	in := app.CaseFacts{Sales: jsonNumber(f, "sales"), Unsold: jsonNumber(f, "unsold"), Gains: jsonNumber(f, "gains"),
		Fine: jsonNumber(f, "fine"), Confiscation: jsonNumber(f, "confiscation"), Cooperating: f["cooperating"],
		EntityID: formID(f, "entity_id"), CrossRegion: f.Get("cross_region") == "1", Media: f.Get("media") == "1",
		SupervisedBy: f.Get("supervised_by")}
	in.Violations = formViolations(f)
	if n, err := strconv.Atoi(strings.TrimSpace(f.Get("campaign_no"))); err == nil && n > 0 && n < 1000 {
		in.CampaignNo = n
	}
	at := func(k string, i int) string {
		if i < len(f[k]) {
			return strings.TrimSpace(f[k][i])
		}
		return ""
	}
	for i := range f["g_name"] {
		g := app.GoodsInput{Name: at("g_name", i), Brand: at("g_brand", i), Quantity: jsonNum(at("g_qty", i)), Unit: at("g_unit", i),
			UnitPrice: jsonNum(at("g_price", i))}
		if g == (app.GoodsInput{}) {
			continue
		}
		if len(in.Goods) > app.MaxCaseGoods {
			break
		}
		in.Goods = append(in.Goods, g)
	}
	var first error
	for _, p := range []struct {
		field string
		v     *int
	}{{"marks", &in.Marks}, {"injured", &in.Injured}, {"dead", &in.Dead}, {"excluded_days", &in.ExcludedDays}} {
		n, err := formInt(f, p.field)
		if err != nil && first == nil {
			first = err
		}
		*p.v = n
	}
	return in, first
}

func jsonNum(s string) json.Number { return json.Number(s) }

func jsonNumber(f url.Values, field string) json.Number {
	return jsonNum(strings.TrimSpace(f.Get(field)))
}

// placeError puts a form's error where it belongs: on the entity picker,
// on its field when the form shows that field's error (fields), or at the
// top; it answers the message for the top of the form, summary when the
// error sits at its field.
func placeError(pg Page, err error, summary string, picker *EntityPicker, errs map[string]string, fields map[string]bool) string {
	e := dajia.ErrorOf(err)
	msg := locale.Error(pg.Lang, e)
	switch {
	case e.Field == "entity_id":
		picker.Error = msg
	case fields[e.Field]:
		errs[e.Field] = msg
	default:
		return msg
	}
	return summary
}

// caseFactsFields are the facts form's fields that show their own error;
// any other problem shows above the form.
var caseFactsFields = map[string]bool{"violations": true, "goods": true, "sales": true, "unsold": true, "gains": true, "fine": true,
	"confiscation": true, "marks": true, "cooperating": true, "campaign_no": true, "injured": true, "dead": true,
	"supervised_by": true, "excluded_days": true}

// caseFacts records the facts posted from the case's page. 添加一行 and
// the picker's 查找 show the form again as typed, nothing saved; a problem
// shows it again with the message at its field.
func (s *Server) caseFacts(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxCaseForm)
	if err := r.ParseForm(); err != nil {
		return dajia.Errorf(dajia.Invalid, "", "表单无法读取")
	}
	in, ferr := decodeCaseFacts(r.PostForm)
	d, err := s.caseData(r, id)
	if err != nil {
		return err
	}
	if !d.File.EditFacts {
		return dajia.Errorf(dajia.Forbidden, "", "只有主办单位或打假办可以办理")
	}
	picker, find, err := s.pickFor(r, d.Page, r.PostForm, "entity_id")
	if err != nil {
		return err
	}
	d.Facts, d.Picker, d.Typed = in, picker, r.PostForm
	d.Goods = append([]app.GoodsInput{}, in.Goods...)
	blank := blankGoods
	if r.PostForm.Get("more") == "1" {
		blank += blankGoods
	}
	if len(d.Goods) < app.MaxCaseGoods {
		d.Goods = append(d.Goods, make([]app.GoodsInput, min(blank, app.MaxCaseGoods-len(d.Goods)))...)
	}
	if find || r.PostForm.Get("more") == "1" {
		return s.render(w, r, http.StatusOK, "case", d)
	}
	err = ferr
	if err == nil {
		_, err = s.app.UpdateCaseFacts(r.Context(), actorOf(r), id, in)
	}
	if formError(err) {
		d.Error = placeError(d.Page, err, d.T("案情未保存：请按提示修改后再提交"), &d.Picker, d.Errors, caseFactsFields)
		return s.render(w, r, statusFor(w, err), "case", d)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/cases/%d?done=facts#facts", id), http.StatusSeeOther)
	return nil
}

type caseNewPage struct {
	Page
	File   app.ClueFile
	In     app.CaseInput
	Prefix string // the lead unit's prefix; "" when none is set
	Next   string // how an automatic number looks
	Coop   []dajia.UnitRef
	Picker EntityPicker
	Errors map[string]string
	Error  string
	// Actions are the joint actions the clue's lead unit takes part in:
	// the case's tag, the clue's by default.
	Actions []store.ActionRecord
}

// UnitName names a unit of the clue's plan.
func (d caseNewPage) UnitName(key string) string { return unitDisplay(d.File.Plan, key) }

// AllViolations are the violation types the form offers.
func (d caseNewPage) AllViolations() []dajia.Violation { return dajia.Violations }

// Violated reports whether the form ticks violation v.
func (d caseNewPage) Violated(v dajia.Violation) bool { return slices.Contains(d.In.Violations, v) }

// Cooperates reports whether the form ticks unit key as cooperating.
func (d caseNewPage) Cooperates(key string) bool { return slices.Contains(d.In.Cooperating, key) }

// newCaseData is the form that opens a case from the clue in.ClueID.
func (s *Server) newCaseData(r *http.Request, in app.CaseInput) (caseNewPage, error) {
	pg := s.page(r, "")
	pg.Title = pg.T("立案")
	f, err := s.app.OpenClue(r.Context(), pg.Actor, in.ClueID)
	if err != nil {
		return caseNewPage{}, err
	}
	// The clue's own rules say who may open it, and when.
	probe := f.Clue
	if _, err := probe.Open(pg.Actor, pg.Today, 1); err != nil {
		return caseNewPage{}, err
	}
	d := caseNewPage{Page: pg, File: f, In: in, Errors: map[string]string{}, Picker: EntityPicker{Page: pg, Field: "entity_id", Chosen: f.Entity}}
	prefix, ok, err := s.app.CasePrefix(r.Context(), pg.Actor, f.Clue.LeadUnit)
	if err != nil {
		return d, err
	}
	if ok {
		d.Prefix = prefix
		d.Next = dajia.FormatCaseNumber(prefix, pg.Today.Year, 1)
	}
	for _, u := range f.Plan.AllUnits() {
		if u.Unit.Key != dajia.OfficeKey && u.Unit.Key != f.Clue.LeadUnit {
			d.Coop = append(d.Coop, u)
		}
	}
	d.Actions, err = s.app.ActionsOf(r.Context(), f.Clue.PlanID, f.Clue.LeadUnit)
	return d, err
}

func (s *Server) caseNew(w http.ResponseWriter, r *http.Request) error {
	clue, err := strconv.ParseInt(r.URL.Query().Get("clue"), 10, 64)
	if err != nil || clue <= 0 {
		return dajia.Errorf(dajia.NotFound, "clue", "没有这条线索")
	}
	d, err := s.newCaseData(r, app.CaseInput{ClueID: clue})
	if err != nil {
		return err
	}
	d.In.CampaignNo, d.In.EntityID, d.In.OpenedOn = d.File.Clue.CampaignNo, d.File.Clue.EntityID, d.Today.String()
	d.In.ActionID = d.File.Clue.ActionID
	return s.render(w, r, http.StatusOK, "casenew", d)
}

// caseOpenFields are the open-case form's fields that show their own
// error.
var caseOpenFields = map[string]bool{"number": true, "campaign_no": true, "cooperating": true, "violations": true, "opened_on": true, "action_id": true}

// caseCreate opens a case from a clue (立案) as the form typed it; the
// picker's 查找 shows the form again with the matches; a problem shows it
// again with the message at its field, as typed.
func (s *Server) caseCreate(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxClueForm)
	if err := r.ParseForm(); err != nil {
		return dajia.Errorf(dajia.Invalid, "", "表单无法读取")
	}
	f := r.PostForm
	in := app.CaseInput{ClueID: formID(f, "clue"), Number: strings.TrimSpace(f.Get("number")), Cooperating: f["cooperating"],
		EntityID: formID(f, "entity_id"), OpenedOn: strings.TrimSpace(f.Get("opened_on"))}
	in.Violations = formViolations(f)
	if n, err := strconv.Atoi(strings.TrimSpace(f.Get("campaign_no"))); err == nil && n > 0 && n < 1000 {
		in.CampaignNo = n
	}
	if n, err := strconv.ParseInt(strings.TrimSpace(f.Get("action_id")), 10, 64); err == nil && n >= -1 {
		in.ActionID = n
	}
	if in.ClueID <= 0 {
		return dajia.Errorf(dajia.NotFound, "clue", "没有这条线索")
	}
	d, err := s.newCaseData(r, in)
	if err != nil {
		return err
	}
	picker, find, err := s.pickFor(r, d.Page, f, "entity_id")
	if err != nil {
		return err
	}
	d.Picker = picker
	if find {
		return s.render(w, r, http.StatusOK, "casenew", d)
	}
	c, err := s.app.OpenCase(r.Context(), actorOf(r), in)
	if formError(err) {
		d.Error = placeError(d.Page, err, d.T("请按提示修改后再提交"), &d.Picker, d.Errors, caseOpenFields)
		return s.render(w, r, statusFor(w, err), "casenew", d)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/cases/%d?done=open", c.ID), http.StatusSeeOther)
	return nil
}

// openedCase is the case a clue opened, when the reader may see it (nil
// otherwise): the clue's page links it by its number.
func (s *Server) openedCase(r *http.Request, c dajia.Clue) (*store.CaseRecord, error) {
	if c.CaseID == 0 {
		return nil, nil
	}
	rec, err := s.app.Case(r.Context(), actorOf(r), c.CaseID)
	if dajia.ErrorCode(err) == dajia.NotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &rec, nil
}
