package web

// Rectification notices (整改要求): the office writes and issues them to a
// unit, the unit answers item by item, the office closes or returns them.
// The pages and the JSON API call the same use cases.

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"dajia"
	"dajia/app"
	"dajia/store"
)

// rectificationRoutes are the routes of rectification notices.
func (s *Server) rectificationRoutes() []route {
	h := s.adapt
	b := dajia.PermBusiness
	return []route{
		{"GET /rectifications", b, h(s.rectList), false},
		{"GET /rectifications/new", dajia.PermManagePlans, h(s.rectNew), false},
		{"POST /rectifications", dajia.PermManagePlans, h(s.rectCreate), false},
		{"GET /rectifications/{id}", b, h(s.rectView), false},
		{"POST /rectifications/{id}/do/{step}", b, h(s.rectStep), false},

		{"GET /api/v1/rectifications", b, h(s.apiRects), false},
		{"POST /api/v1/rectifications", b, h(s.apiRectCreate), false},
		{"GET /api/v1/rectifications/{id}", b, h(s.apiRectGet), false},
		{"POST /api/v1/rectifications/{id}/{step}", b, h(s.apiRectStep), false},
	}
}

// maxRectForm bounds a rectification form's body: 20 answers of 2,000
// characters in UTF-8 and room for the rest.
const maxRectForm = 256 << 10

// --- the list ---

type rectsPage struct {
	Page
	List  app.RectList
	Q     app.RectQuery
	Plans []store.PlanSummary
	Plan  *dajia.Plan
	Units []dajia.UnitRef // the unit filter: the office and leaders only
	// Clocks are the working days left to each notice's deadline.
	Clocks map[int64]dajia.Countdown
}

func (d rectsPage) UnitName(key string) string {
	if d.Plan == nil {
		return key
	}
	return unitDisplay(d.Plan, key)
}

// Statuses are the status filter's choices: a draft is the office's only.
func (d rectsPage) Statuses() []dajia.RectStatus {
	if d.Actor.Role == dajia.RoleOffice {
		return dajia.RectStatuses()
	}
	return dajia.RectStatuses()[1:]
}

// Overdue reports whether the notice is past its deadline and open.
func (d rectsPage) Overdue(r store.RectRecord) bool { return r.Overdue(d.List.Today) }

// Clock is the working days left to the notice's deadline.
func (d rectsPage) Clock(r store.RectRecord) dajia.Countdown { return d.Clocks[r.ID] }

func (d rectsPage) query() url.Values {
	v := url.Values{}
	for k, x := range map[string]string{"plan": d.Q.PlanID, "unit": d.Q.Unit, "status": string(d.Q.Status)} {
		if x != "" {
			v.Set(k, x)
		}
	}
	if d.Q.Overdue {
		v.Set("overdue", "1")
	}
	return v
}

// PageURL is the list at offset with the same filters.
func (d rectsPage) PageURL(offset int) string { return pageURL("/rectifications", d.query(), offset) }

// Prev is the offset of the page before; -1 on the first.
func (d rectsPage) Prev() int { return prevOffset(d.Q.Offset, d.Q.Limit) }

func decodeRectQuery(q url.Values, a dajia.Actor) app.RectQuery {
	rq := app.RectQuery{PlanID: strings.TrimSpace(q.Get("plan")), Status: dajia.RectStatus(q.Get("status")), Limit: 20,
		Overdue: q.Get("overdue") == "1"}
	if !slices.Contains(dajia.RectStatuses(), rq.Status) {
		rq.Status = ""
	}
	if _, all := a.UnitScope(); all {
		rq.Unit = strings.TrimSpace(q.Get("unit"))
	}
	rq.Offset = queryOffset(q)
	return rq
}

func (s *Server) rectList(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	rq := decodeRectQuery(r.URL.Query(), a)
	list, err := s.app.Rectifications(r.Context(), a, rq)
	if err != nil {
		return err
	}
	pg := s.page(r, "")
	pg.Title = pg.T("整改通知")
	d := rectsPage{Page: pg, List: list, Q: rq, Clocks: map[int64]dajia.Countdown{}}
	for _, x := range list.Notices {
		d.Clocks[x.ID] = s.app.Countdown(x.Deadline)
	}
	if d.Plans, d.Plan, d.Units, err = s.listChoices(r, a, false); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "rectifications", d)
}

// --- the office's form ---

type rectFormPage struct {
	Page
	In     app.RectInput
	Items  string // the items, one a line
	Plan   *dajia.Plan
	Units  []dajia.UnitRef
	Errors map[string]string
	Error  string
}

var rectFormFields = map[string]bool{"unit": true, "title": true, "reason": true, "campaign": true, "items": true, "deadline": true}

func (s *Server) rectFormData(r *http.Request, planID string, in app.RectInput) (rectFormPage, error) {
	pg := s.page(r, "")
	if pg.Actor.Role != dajia.RoleOffice {
		return rectFormPage{}, dajia.Errorf(dajia.Forbidden, "", "只有打假办可以下发整改通知")
	}
	var v store.PlanVersion
	var err error
	if planID == "" {
		v, err = s.planParam(r)
	} else {
		v, err = s.db.Plan(r.Context(), planID)
	}
	if err != nil {
		return rectFormPage{}, err
	}
	in.PlanID = v.PlanID
	pg.Title = pg.T("下发整改通知")
	d := rectFormPage{Page: pg, In: in, Items: strings.Join(in.Items, "\n"), Plan: v.Plan, Errors: map[string]string{}}
	for _, u := range v.Plan.AllUnits() {
		if u.Unit.Key != dajia.OfficeKey {
			d.Units = append(d.Units, u)
		}
	}
	return d, nil
}

func (s *Server) rectNew(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	// The scorecard's link prefills the unit, a title and the basis; each
	// cut to what the form keeps.
	in := app.RectInput{Unit: q.Get("unit"), Title: cutRunes(q.Get("title"), dajia.MaxRectTitle), Reason: cutRunes(q.Get("reason"), dajia.MaxRectReason),
		Deadline: dajia.Today(s.clock).AddDays(15).String()}
	for _, l := range rectLines(cutRunes(q.Get("items"), dajia.MaxRectItems*dajia.MaxRectItem)) {
		if len(in.Items) < dajia.MaxRectItems {
			in.Items = append(in.Items, cutRunes(l, dajia.MaxRectItem))
		}
	}
	d, err := s.rectFormData(r, "", in)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "rectificationnew", d)
}

// rectLines splits the items typed one a line, bounded.
func rectLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func (s *Server) rectCreate(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxRectForm)
	if err := r.ParseForm(); err != nil {
		return dajia.Errorf(dajia.Invalid, "", "表单无法读取")
	}
	f := r.PostForm
	in := app.RectInput{PlanID: f.Get("plan"), Unit: f.Get("unit"), Title: f.Get("title"), Reason: f.Get("reason"),
		Items: rectLines(f.Get("items")), Deadline: f.Get("deadline"), Issue: f.Get("issue") == "1"}
	if c := strings.TrimSpace(f.Get("campaign")); c != "" {
		n, err := strconv.Atoi(c)
		if err != nil {
			n = -1
		}
		in.CampaignNo = n
	}
	d, err := s.rectFormData(r, in.PlanID, in)
	if err != nil {
		return err
	}
	in.PlanID = d.In.PlanID
	rec, err := s.app.CreateRectification(r.Context(), actorOf(r), in)
	if formError(err) {
		d.Items = f.Get("items")
		d.Error = fieldErrorsOf(d.Page, err, d.Errors, rectFormFields)
		return s.render(w, r, statusFor(w, err), "rectificationnew", d)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/rectifications/%d?done=%s", rec.ID, rec.Status), http.StatusSeeOther)
	return nil
}

// --- the notice's page ---

type rectPage struct {
	Page
	R       store.RectRecord
	Plan    *dajia.Plan
	Steps   map[string]bool
	Clock   dajia.Countdown
	Overdue bool
	Answers map[string]string // the answer form's texts, by field
	Errors  map[string]string
	Error   string
	Message string
	// Returned is the office's reason of the latest return, while the
	// unit answers again.
	Returned bool
	// Files are the files attached to the answers, by item.
	Files map[int][]store.RectFile
	// Attach: the unit may attach files now.
	Attach bool
}

func (d rectPage) UnitName(key string) string { return unitDisplay(d.Plan, key) }

// Campaign names the campaign the notice concerns.
func (d rectPage) Campaign() string {
	if c, ok := d.Plan.CampaignByNo(d.R.CampaignNo); ok {
		return c.Name
	}
	return ""
}

// AnswerField is the form field of an item's answer.
func (d rectPage) AnswerField(no int) string { return fmt.Sprintf("answer_%d", no) }

// AnswerText is what the answer form shows for an item: what was typed,
// or the unit's latest answer.
func (d rectPage) AnswerText(it dajia.RectItem) string {
	if s, ok := d.Answers[d.AnswerField(it.No)]; ok {
		return s
	}
	if n := len(it.Answers); n > 0 {
		return it.Answers[n-1].Text
	}
	return ""
}

// StepName is a timeline step as staff read it.
func (d rectPage) StepName(action string) string {
	switch action {
	case "create":
		return d.T("起草整改通知")
	case "issue":
		return d.T("签发整改通知")
	case "answer":
		return d.T("整改单位回复整改情况")
	case "close":
		return d.T("核查销号")
	case "return":
		return d.T("退回重新整改")
	}
	return action
}

// Note words a timeline step's note: the round of an answer.
func (d rectPage) Note(action, note string) string {
	if action == "answer" {
		return d.T("第 %s 轮", note)
	}
	return note
}

func (s *Server) rectData(r *http.Request, id int64) (rectPage, error) {
	a := actorOf(r)
	rec, err := s.app.Rectification(r.Context(), a, id)
	if err != nil {
		return rectPage{}, err
	}
	v, err := s.db.PlanVersion(r.Context(), rec.PlanID, 0)
	if err != nil {
		return rectPage{}, err
	}
	title := rec.Title
	pg := s.page(r, title)
	d := rectPage{Page: pg, R: rec, Plan: v.Plan, Steps: rec.Steps(a), Overdue: rec.Overdue(dajia.Today(s.clock)),
		Errors: map[string]string{}, Returned: rec.Status == dajia.RectIssued && rec.Round > 1}
	if !rec.Deadline.IsZero() {
		d.Clock = s.app.Countdown(rec.Deadline)
	}
	files, err := s.app.RectFiles(r.Context(), a, id)
	if err != nil {
		return rectPage{}, err
	}
	d.Files = map[int][]store.RectFile{}
	for _, f := range files {
		d.Files[f.Item] = append(d.Files[f.Item], f)
	}
	d.Attach = d.Steps["answer"]
	return d, nil
}

func (s *Server) rectView(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := s.rectData(r, id)
	if err != nil {
		return err
	}
	switch r.URL.Query().Get("done") {
	case "draft":
		d.Message = d.T("整改通知草稿已保存")
	case "issued", "issue":
		d.Message = d.T("整改通知已签发")
	case "answer":
		d.Message = d.T("整改情况已回复")
	case "attached":
		d.Message = d.T("附件已上传")
	case "close":
		d.Message = d.T("整改通知已核查销号")
	case "return":
		d.Message = d.T("已退回重新整改")
	}
	return s.render(w, r, http.StatusOK, "rectification", d)
}

// rectStep takes one step of the lifecycle from the notice's page.
func (s *Server) rectStep(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	step := r.PathValue("step")
	if step == "answer" && strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		return s.rectAnswerWithFiles(w, r, id)
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxRectForm)
	if err := r.ParseForm(); err != nil {
		return dajia.Errorf(dajia.Invalid, "", "表单无法读取")
	}
	a, f := actorOf(r), r.PostForm
	answers := map[int]string{}
	typed := map[string]string{}
	switch step {
	case "issue":
		_, err = s.app.IssueRectification(r.Context(), a, id)
	case "answer":
		for k := range f {
			if no, ok := strings.CutPrefix(k, "answer_"); ok {
				if n, err := strconv.Atoi(no); err == nil && n > 0 && n <= dajia.MaxRectItems {
					answers[n] = f.Get(k)
					typed[k] = f.Get(k)
				}
			}
		}
		_, err = s.app.AnswerRectification(r.Context(), a, id, answers)
	case "close":
		_, err = s.app.CloseRectification(r.Context(), a, id, f.Get("comment"))
	case "return":
		_, err = s.app.ReturnRectification(r.Context(), a, id, f.Get("reason"))
	default:
		return dajia.Errorf(dajia.NotFound, "step", "没有这个办理步骤")
	}
	if formError(err) {
		d, derr := s.rectData(r, id)
		if derr != nil {
			return derr
		}
		d.Answers = typed
		fields := map[string]bool{"comment": true, "reason": true}
		for k := range typed {
			fields[k] = true
		}
		for _, it := range d.R.Items {
			fields[d.AnswerField(it.No)] = true
		}
		d.Error = fieldErrorsOf(d.Page, err, d.Errors, fields)
		return s.render(w, r, statusFor(w, err), "rectification", d)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/rectifications/%d?done=%s", id, step), http.StatusSeeOther)
	return nil
}

// --- the JSON API ---

// apiRectOf is a notice as the API shows it on day today.
func apiRectOf(r store.RectRecord, today dajia.Date, lang string) map[string]any {
	items := []map[string]any{}
	for _, it := range r.Items {
		answers := []map[string]any{}
		for _, x := range it.Answers {
			answers = append(answers, map[string]any{"round": x.Round, "text": x.Text, "by": x.By})
		}
		items = append(items, map[string]any{"no": it.No, "text": it.Text, "answers": answers})
	}
	out := map[string]any{"id": r.ID, "plan": r.PlanID, "unit": r.Unit, "number": r.Number, "title": r.Title, "reason": r.Reason,
		"campaign": r.CampaignNo, "items": items, "deadline": r.Deadline, "status": r.Status, "status_name": localized(lang, string(r.Status.Name())),
		"round": r.Round, "overdue": r.Overdue(today), "returned": r.Returned}
	if !r.IssuedOn.IsZero() {
		out["issued_on"] = r.IssuedOn
	}
	if !r.ClosedOn.IsZero() {
		out["closed_on"] = r.ClosedOn
	}
	return out
}

// apiRects lists the notices an account reads: ?plan=, ?unit=, ?status=
// (draft, issued, answered, closed), ?overdue=true, ?limit= (at most 500)
// and ?offset=.
func (s *Server) apiRects(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	rq := app.RectQuery{PlanID: q.Get("plan"), Unit: q.Get("unit"), Status: dajia.RectStatus(q.Get("status")), Limit: 200}
	switch q.Get("overdue") {
	case "", "false", "0":
	case "true", "1":
		rq.Overdue = true
	default:
		return dajia.Errorf(dajia.Invalid, "overdue", "overdue 应为 true 或 false")
	}
	if err := apiInts(q.Get, apiInt{"limit", &rq.Limit}, apiInt{"offset", &rq.Offset}); err != nil {
		return err
	}
	l, err := s.app.Rectifications(r.Context(), actorOf(r), rq)
	if err != nil {
		return err
	}
	lang := s.lang(r)
	out := []map[string]any{}
	for _, x := range l.Notices {
		out = append(out, apiRectOf(x, l.Today, lang))
	}
	writeJSON(w, http.StatusOK, map[string]any{"rectifications": out, "total": l.Total, "next": nextOf(l.Next)})
	return nil
}

// apiRectGet answers one notice with its items, answers and timeline.
func (s *Server) apiRectGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rec, err := s.app.Rectification(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	out := apiRectOf(rec, dajia.Today(s.clock), s.lang(r))
	events := []map[string]any{}
	for _, e := range rec.Events {
		events = append(events, map[string]any{"action": e.Action, "note": e.Note, "actor": e.Actor, "at": e.At})
	}
	out["timeline"] = events
	files, err := s.app.RectFiles(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	fs := []map[string]any{}
	for _, f := range files {
		fs = append(fs, map[string]any{"id": f.ID, "item": f.Item, "round": f.Round, "name": f.Name, "type": f.ContentType, "size": f.Size,
			"uploaded_at": f.UploadedAt, "by": f.UploadedBy, "url": fmt.Sprintf("/rectifications/%d/files/%d", rec.ID, f.ID)})
	}
	out["files"] = fs
	writeJSON(w, http.StatusOK, out)
	return nil
}

// apiRectCreate writes a notice (the office): RectInput's fields, the
// current plan when "plan" is left out; "issue": true issues it at once.
func (s *Server) apiRectCreate(w http.ResponseWriter, r *http.Request) error {
	var in app.RectInput
	if err := readJSON(w, r, &in); err != nil {
		return err
	}
	if in.PlanID == "" && actorOf(r).Role == dajia.RoleOffice {
		v, err := s.planParam(r)
		if err != nil {
			return err
		}
		in.PlanID = v.PlanID
	}
	rec, err := s.app.CreateRectification(r.Context(), actorOf(r), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, apiRectOf(rec, dajia.Today(s.clock), s.lang(r)))
	return nil
}

// rectStepInput is the body of a step: the answers (answer), the comment
// (close) or the reason (return).
type rectStepInput struct {
	Answers []struct {
		Item int    `json:"item"`
		Text string `json:"text"`
	} `json:"answers"`
	Comment string `json:"comment"`
	Reason  string `json:"reason"`
}

// apiRectStep takes a step: issue, answer, close or return.
func (s *Server) apiRectStep(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in rectStepInput
	if r.ContentLength != 0 {
		if err := readJSON(w, r, &in); err != nil {
			return err
		}
	}
	a := actorOf(r)
	var rec store.RectRecord
	switch r.PathValue("step") {
	case "issue":
		rec, err = s.app.IssueRectification(r.Context(), a, id)
	case "answer":
		if len(in.Answers) > dajia.MaxRectItems*5 {
			return dajia.Errorf(dajia.Invalid, "answers", "整改要求最多 %d 项", dajia.MaxRectItems)
		}
		answers := map[int]string{}
		for _, x := range in.Answers {
			answers[x.Item] = x.Text
		}
		rec, err = s.app.AnswerRectification(r.Context(), a, id, answers)
	case "close":
		rec, err = s.app.CloseRectification(r.Context(), a, id, in.Comment)
	case "return":
		rec, err = s.app.ReturnRectification(r.Context(), a, id, in.Reason)
	default:
		return dajia.Errorf(dajia.NotFound, "step", "没有这个办理步骤")
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, apiRectOf(rec, dajia.Today(s.clock), s.lang(r)))
	return nil
}
