package web

// The JSON API of the tip chapter: public submission and tracking, and
// the staff's list and handling steps.

import (
	"errors"
	"net/http"

	"dajia"
	"dajia/app"
	"dajia/locale"
)

type apiTipIn struct {
	Kind       string `json:"kind"`
	Category   string `json:"category"`
	Stage      string `json:"stage"`
	Online     bool   `json:"online"`
	OccurredOn string `json:"occurred_on"`
	Business   struct {
		Name       string `json:"name"`
		CreditCode string `json:"credit_code"`
		Address    string `json:"address"`
		Village    string `json:"village"`
	} `json:"business"`
	Description string `json:"description"`
	Contact     struct {
		Name     string `json:"name"`
		Phone    string `json:"phone"`
		IDNumber string `json:"id_number"`
	} `json:"contact"`
	// Captcha answers the question of an earlier captcha_required answer.
	Captcha *struct {
		Token  string `json:"token"`
		Answer string `json:"answer"`
	} `json:"captcha"`
}

func (in apiTipIn) submission() dajia.TipSubmission {
	return dajia.TipSubmission{Kind: in.Kind, Category: in.Category, Stage: in.Stage, Online: in.Online, BusinessName: in.Business.Name,
		CreditCode: in.Business.CreditCode, Address: in.Business.Address, Village: in.Business.Village, Description: in.Description,
		OccurredOn: in.OccurredOn, ContactName: in.Contact.Name, ContactPhone: in.Contact.Phone, ContactID: in.Contact.IDNumber}
}

// captchaNeeded is a submission refused for want of a right answer to the
// check question: the API answers it with code captcha_required.
type captchaNeeded struct{ err error }

func (e captchaNeeded) Error() string { return e.err.Error() }
func (e captchaNeeded) Unwrap() error { return e.err }

// apiTipCreate takes a submission by the form's rules: the same limit per
// address, and from the third submission within an hour a check question.
// While an address must answer one, every refusal carries a new question
// (and its token) beside the error, so a client can ask its user and send
// the answer with the next try. The honeypot has no place here: unknown
// fields are refused anyway.
func (s *Server) apiTipCreate(w http.ResponseWriter, r *http.Request) error {
	addr, now := clientAddress(r), s.clock.Now()
	asked := s.tipLimit.count(addr, now) >= tipCaptchaAfter
	if !s.tipLimit.allow(addr, now) || s.tipLimit.count(addr, now) > tipMaxPerHour {
		return s.tipLimit.refuse(addr, now, "本地址提交次数过多，请一小时后再试")
	}
	err := s.apiTipTake(w, r, asked)
	if err == nil || s.tipLimit.count(addr, now) < tipCaptchaAfter {
		return err
	}
	e := dajia.ErrorOf(err)
	status := statusOf[e.Code]
	if status == 0 || status >= 500 {
		return err
	}
	code := string(e.Code)
	if errors.As(err, new(captchaNeeded)) {
		code = "captcha_required"
	}
	body := apiErrorBody(code, locale.Error(s.lang(r), e), e.Field)
	if fe := (dajia.FieldErrors{}); errors.As(err, &fe) {
		body["error"].(map[string]any)["fields"] = apiFields(fe, s.lang(r))
	}
	c := s.app.NewCaptcha()
	body["captcha"] = map[string]string{"question": locale.Phrase(s.lang(r), c.Question), "token": c.Token}
	writeJSON(w, status, body)
	return nil
}

func (s *Server) apiTipTake(w http.ResponseWriter, r *http.Request, asked bool) error {
	var in apiTipIn
	if err := readJSON(w, r, &in); err != nil {
		return err
	}
	if asked {
		if in.Captcha == nil {
			return captchaNeeded{dajia.Errorf(dajia.Invalid, "captcha", "本地址提交较多，请先回答验证问题（见 captcha.question），把答案和 captcha.token 一起提交")}
		}
		if err := s.app.CheckCaptcha(r.Context(), in.Captcha.Token, in.Captcha.Answer); dajia.ErrorCode(err) == dajia.Invalid {
			return captchaNeeded{err}
		} else if err != nil {
			return err
		}
	}
	if in.Kind != string(dajia.TipComplaint) && in.Kind != string(dajia.TipReport) {
		return dajia.Errorf(dajia.Invalid, "kind", "kind 应为“投诉”或“举报”")
	}
	res, err := s.app.TakeTips(r.Context(), actorOf(r), r.URL.Query().Get("plan"), in.submission(), nil, "api")
	if err != nil {
		return err
	}
	t := res[0]
	out := map[string]any{"code": t.Tip.Code, "secret": t.Secret, "kind": t.Tip.Kind, "received_on": t.Tip.ReceivedOn, "due": t.Clock.Due,
		"routed_to": map[string]string{"key": firstOr(t.Tip.Handlers, dajia.OfficeKey), "name": t.Unit}, "campaign": nil}
	if c := t.Campaign; c != nil {
		out["campaign"] = map[string]any{"no": c.No, "name": c.Name}
	}
	writeJSON(w, http.StatusCreated, out)
	return nil
}

func firstOr(xs []string, def string) string {
	if len(xs) > 0 {
		return xs[0]
	}
	return def
}

// apiTipTrack answers GET /api/v1/tips/track?code=&secret=, kept for
// existing clients; apiTipTrackPost takes the same in a JSON body, which
// keeps the secret out of URLs and so out of access logs.
func (s *Server) apiTipTrack(w http.ResponseWriter, r *http.Request) error {
	return s.apiTrackAnswer(w, r, r.URL.Query().Get("code"), r.URL.Query().Get("secret"))
}

func (s *Server) apiTipTrackPost(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Code   string `json:"code"`
		Secret string `json:"secret"`
	}
	if err := readJSON(w, r, &in); err != nil {
		return err
	}
	return s.apiTrackAnswer(w, r, in.Code, in.Secret)
}

func (s *Server) apiTrackAnswer(w http.ResponseWriter, r *http.Request, code, secret string) error {
	if addr, now := clientAddress(r), s.clock.Now(); !s.trackLimit.allow(addr, now) {
		return s.trackLimit.refuse(addr, now, "查询次数过多，请稍后再试")
	}
	tt, err := s.app.TrackTip(r.Context(), code, secret)
	if err != nil {
		return err
	}
	t, lang := tt.Tip, s.lang(r)
	var hist []map[string]any
	for _, e := range tt.Events {
		hist = append(hist, map[string]any{"at": e.At.In(dajia.ChinaTime), "step": tipStepName(e.Action), "reply": tipEventNote(lang, t, tt.Plan, e)})
	}
	out := map[string]any{"code": t.Code, "kind": t.Kind, "status": t.Status, "status_name": t.Status.Name(t.Kind), "received_on": t.ReceivedOn,
		"handled_by": tt.Unit, "public_reply": t.PublicReply, "history": hist}
	if !t.Due.IsZero() {
		out["due"] = t.Due
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// The staff API.

// apiTips lists the tips an account may see, with their clocks, a page at
// a time: ?q= words, ?plan= a plan's only, ?view= as the page's (all by
// default), ?limit= (at most 500, 200 by default) and ?offset=. Contacts
// are masked. total and overdue count every page; next is the offset of
// the next page, null on the last.
func (s *Server) apiTips(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	tq := app.TipQuery{PlanID: q.Get("plan"), Query: q.Get("q"), View: q.Get("view"), Month: q.Get("month"), Limit: 200}
	if tq.View == "" {
		tq.View = "all"
	}
	if err := apiInts(q.Get, apiInt{"limit", &tq.Limit}, apiInt{"offset", &tq.Offset}); err != nil {
		return err
	}
	// The filters the dashboard's figures link with, as the page reads them.
	if c := q.Get("campaign"); c != "" {
		n, ok := campaignParam(c)
		if !ok {
			return dajia.Errorf(dajia.Invalid, "campaign", "campaign 应为专项序号（0 为未归入专项）")
		}
		tq.Campaign = n
	}
	switch q.Get("overdue") {
	case "", "0":
	case "1":
		tq.Overdue = true
	default:
		return dajia.Errorf(dajia.Invalid, "overdue", "overdue 只能是 1 或 0")
	}
	list, err := s.app.Tips(r.Context(), actorOf(r), tq)
	if err != nil {
		return err
	}
	lang := s.lang(r)
	out := []map[string]any{}
	for _, t := range list.Tips {
		out = append(out, apiTipOf(t, lang))
	}
	writeJSON(w, http.StatusOK, map[string]any{"tips": out, "total": list.Total, "overdue": list.Overdue, "next": nextOf(list.Next)})
	return nil
}

// apiTipOf is a tip as the API lists it; the contact is masked.
func apiTipOf(t dajia.Tip, lang string) map[string]any {
	item := map[string]any{"id": t.ID, "code": t.Code, "kind": t.Kind, "category": t.Category, "stage": t.Stage, "online": t.Online,
		"campaign_no": t.CampaignNo, "business": map[string]string{"name": t.BusinessName, "credit_code": t.CreditCode, "address": t.Address, "village": t.Village},
		"description": t.Description, "received_on": t.ReceivedOn, "status": t.Status, "handlers": t.Handlers, "contact": t.ContactMasked}
	if !t.Due.IsZero() {
		item["due"], item["due_what"], item["due_code"] = t.Due, localized(lang, string(t.DueWhat.Text())), t.DueWhat
	}
	return item
}

// apiTipGet answers GET /api/v1/tips/{id}: a tip the account may see, as
// the list gives it, with why it was routed, its decision and replies, the
// units told of it and its history (notes worded in the request's
// language). The contact is masked.
func (s *Server) apiTipGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := s.app.OpenTip(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	t, lang := f.Tip, s.lang(r)
	out := apiTipOf(t, lang)
	out["route"], out["route_code"] = locale.Phrase(lang, t.RouteText(f.Plan)), t.RouteReason
	out["notified"], out["decision"], out["public_reply"], out["extended"], out["paused"] = t.Notified, t.Decision, t.PublicReply, t.Extended, !t.PausedSince.IsZero()
	if t.DuplicateOf != 0 {
		out["duplicate_of"] = t.DuplicateOf
	}
	hist := []map[string]any{}
	for _, e := range f.Events {
		hist = append(hist, map[string]any{"at": e.At.In(dajia.ChinaTime), "actor": e.Actor, "step": e.Action, "note": tipEventNote(lang, t, f.Plan, e), "public": e.Public})
	}
	out["history"] = hist
	writeJSON(w, http.StatusOK, out)
	return nil
}

// apiTipStep takes a handling step for other systems: POST
// /api/v1/tips/{id}/{step} with {"note", "reply", "units", "of", "grade",
// "fines"}. A step the tip's state does not allow answers 409.
func (s *Server) apiTipStep(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in tipStepForm
	if r.ContentLength != 0 {
		if err := readJSON(w, r, &in); err != nil {
			return err
		}
	}
	after, err := s.app.TipStep(r.Context(), actorOf(r), id, r.PathValue("step"), app.TipStepInput(in))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": after.ID, "code": after.Code, "status": after.Status, "handlers": after.Handlers,
		"due": after.Due, "due_what": localized(s.lang(r), string(after.DueWhat.Text())), "due_code": after.DueWhat, "public_reply": after.PublicReply})
	return nil
}
