package web

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"dajia"
	"dajia/locale"
	"dajia/store"
)

// Submissions from one address: a captcha from the third within an hour,
// none at all past the tenth.
const (
	tipCaptchaAfter = 2
	tipMaxPerHour   = 10
)

func (l *limiter) count(addr string, now time.Time) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	w, ok := l.seen[addr]
	if !ok || now.Sub(w.start) > l.window {
		return 0
	}
	return w.n
}

type tipFormPage struct {
	Page
	Categories []string
	In         tipInput
	Errors     map[string]string
	Problems   []dajia.FieldError
	Error      string
	Captcha    *captcha
	Results    []intakeResult
}

func (s *Server) tipFormData(r *http.Request) (tipFormPage, error) {
	v, err := s.planParam(r)
	if err != nil {
		return tipFormPage{}, err
	}
	pg := s.page(r, "我要举报投诉")
	pg.Title = pg.T("我要举报投诉")
	d := tipFormPage{Page: pg, Categories: v.Plan.Categories(), Errors: map[string]string{}, In: tipInput{Kind: "举报"}}
	if s.tipLimit.count(clientAddress(r), s.clock.Now()) >= tipCaptchaAfter {
		c := s.newCaptcha()
		d.Captcha = &c
	}
	return d, nil
}

func (s *Server) tipForm(w http.ResponseWriter, r *http.Request) error {
	rememberLang(w, r)
	d, err := s.tipFormData(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "tip", d)
}

// tipSubmit takes the public form: multipart with up to five photos.
func (s *Server) tipSubmit(w http.ResponseWriter, r *http.Request) error {
	d, err := s.tipFormData(r)
	if err != nil {
		return err
	}
	again := func(status int, msg string, problems []dajia.FieldError) error {
		d.Error, d.Problems = msg, problems
		for _, p := range problems {
			d.Errors[p.Field] = locale.Field(d.Lang, p)
		}
		if d.Captcha == nil && s.tipLimit.count(clientAddress(r), s.clock.Now()) >= tipCaptchaAfter {
			c := s.newCaptcha()
			d.Captcha = &c
		}
		return s.render(w, r, status, "tip", d)
	}
	up, err := readUpload(w, r)
	defer up.Close()
	if errors.Is(err, errUpload) {
		return again(http.StatusBadRequest, tr(r, "提交的内容过大或格式不对（照片最多 5 张，每张不超过 5 MB）"), nil)
	} else if err != nil {
		return err
	}
	f := up.Form
	d.In = tipInput{Kind: f.Get("kind"), Category: f.Get("category"), Stage: f.Get("stage"), Online: f.Get("online") == "1",
		BusinessName: f.Get("business_name"), CreditCode: f.Get("credit_code"), Address: f.Get("address"), Village: f.Get("village"),
		Description: f.Get("description"), OccurredOn: f.Get("occurred_on"), ContactName: f.Get("contact_name"), ContactPhone: f.Get("contact_phone"),
		ContactID: f.Get("contact_id")}
	addr := clientAddress(r)
	now := s.clock.Now()
	if !s.tipLimit.allow(addr, now) || s.tipLimit.count(addr, now) > tipMaxPerHour {
		return again(http.StatusTooManyRequests, tr(r, "本地址提交次数过多，请一小时后再试，或拨打 12315"), nil)
	}
	if f.Get("website") != "" { // the honeypot: people never see this field
		return again(http.StatusBadRequest, tr(r, "提交失败，请稍后再试"), nil)
	}
	if d.Captcha != nil {
		if err := s.checkCaptcha(r, f.Get("captcha_token"), f.Get("captcha")); dajia.ErrorCode(err) == dajia.Invalid {
			e := dajia.ErrorOf(err)
			return again(http.StatusBadRequest, tr(r, "请正确回答验证问题"), []dajia.FieldError{{Field: "captcha", Message: e.Message, Key: e.Key, Args: e.Args}})
		} else if err != nil {
			return err
		}
	}
	d.In.Photos = up.readers()
	res, err := s.intake(r, d.In, "public")
	var inv *invalidFields
	if errors.As(err, &inv) {
		return again(http.StatusBadRequest, tr(r, "请按提示修改后再提交"), inv.Fields)
	}
	if dajia.ErrorCode(err) == dajia.Invalid {
		e := dajia.ErrorOf(err)
		return again(http.StatusBadRequest, locale.Error(d.Lang, e), []dajia.FieldError{{Field: e.Field, Message: e.Message, Key: e.Key, Args: e.Args}})
	}
	if err != nil {
		return err
	}
	d.Results, d.In = res, tipInput{}
	return s.render(w, r, http.StatusCreated, "tip_done", d)
}

type trackPage struct {
	Page
	Code, Secret string
	Tip          *store.Tip
	Unit         string
	Events       []store.TipEvent
	Error        string
}

func (s *Server) trackForm(w http.ResponseWriter, r *http.Request) error {
	rememberLang(w, r)
	pg := s.page(r, "查询进度")
	pg.Title = pg.T("查询进度")
	return s.render(w, r, http.StatusOK, "track", trackPage{Page: pg, Code: r.URL.Query().Get("code")})
}

func (s *Server) trackShow(w http.ResponseWriter, r *http.Request) error {
	pg := s.page(r, "查询进度")
	pg.Title = pg.T("查询进度")
	d := trackPage{Page: pg, Code: r.PostFormValue("code")}
	if !s.trackLimit.allow(clientAddress(r), s.clock.Now()) {
		d.Error = tr(r, "查询次数过多，请稍后再试")
		return s.render(w, r, http.StatusTooManyRequests, "track", d)
	}
	t, err := s.tracked(r, r.PostFormValue("code"), r.PostFormValue("secret"))
	if dajia.ErrorCode(err) == dajia.NotFound {
		d.Error = locale.Error(pg.Lang, dajia.ErrorOf(err))
		return s.render(w, r, http.StatusNotFound, "track", d)
	}
	if err != nil {
		return err
	}
	d.Tip = &t
	d.Unit = s.publicUnit(r, t)
	if d.Events, err = s.db.TipEvents(r.Context(), t.ID, true); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "track", d)
}

// publicUnit names the unit handling a tip, for the public.
func (s *Server) publicUnit(r *http.Request, t store.Tip) string {
	v, err := s.db.PlanVersion(r.Context(), t.PlanID, 0)
	if err != nil || len(t.Handlers) == 0 {
		return "镇打假办"
	}
	return v.Plan.DisplayName(t.Handlers[0])
}

// The public API.

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
		writeJSON(w, http.StatusTooManyRequests, apiErrorBody("rate_limited", tr(r, "本地址提交次数过多，请一小时后再试"), ""))
		return nil
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
	body["captcha"] = s.newCaptcha()
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
		if err := s.checkCaptcha(r, in.Captcha.Token, in.Captcha.Answer); dajia.ErrorCode(err) == dajia.Invalid {
			return captchaNeeded{err}
		} else if err != nil {
			return err
		}
	}
	if in.Kind != string(dajia.TipComplaint) && in.Kind != string(dajia.TipReport) {
		return dajia.Errorf(dajia.Invalid, "kind", "kind 应为“投诉”或“举报”")
	}
	res, err := s.intake(r, tipInput{Kind: in.Kind, Category: in.Category, Stage: in.Stage, Online: in.Online, BusinessName: in.Business.Name,
		CreditCode: in.Business.CreditCode, Address: in.Business.Address, Village: in.Business.Village, Description: in.Description,
		OccurredOn: in.OccurredOn, ContactName: in.Contact.Name, ContactPhone: in.Contact.Phone, ContactID: in.Contact.IDNumber}, "api")
	var inv *invalidFields
	if errors.As(err, &inv) {
		f := inv.Fields[0]
		return &dajia.Error{Code: dajia.Invalid, Field: f.Field, Message: f.Message, Key: f.Key, Args: f.Args}
	}
	if err != nil {
		return err
	}
	t := res[0]
	out := map[string]any{"code": t.Tip.Code, "secret": t.Secret, "kind": t.Tip.Kind, "received_on": t.Tip.ReceivedOn, "due": t.Clock.Due,
		"routed_to": map[string]string{"key": firstOr(t.Tip.Handlers, dajia.OfficeKey), "name": t.Unit}, "campaign": nil}
	if t.Tip.CampaignNo != 0 {
		v, _ := s.db.PlanVersion(r.Context(), t.Tip.PlanID, 0)
		if c, ok := v.Plan.CampaignByNo(t.Tip.CampaignNo); ok {
			out["campaign"] = map[string]any{"no": c.No, "name": c.Name}
		}
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
	if !s.trackLimit.allow(clientAddress(r), s.clock.Now()) {
		writeJSON(w, http.StatusTooManyRequests, apiErrorBody("rate_limited", tr(r, "查询次数过多，请稍后再试"), ""))
		return nil
	}
	t, err := s.tracked(r, code, secret)
	if err != nil {
		return err
	}
	events, err := s.db.TipEvents(r.Context(), t.ID, true)
	if err != nil {
		return err
	}
	var hist []map[string]any
	for _, e := range events {
		hist = append(hist, map[string]any{"at": e.At.In(dajia.ChinaTime), "step": tr(r, string(tipStepName(e.Action))), "reply": e.Note})
	}
	out := map[string]any{"code": t.Code, "kind": t.Kind, "status": t.Status, "status_name": tr(r, string(t.Status.Name(t.Kind))), "received_on": t.ReceivedOn,
		"handled_by": s.publicUnit(r, t), "public_reply": t.PublicReply, "history": hist}
	if !t.Due.IsZero() {
		out["due"] = t.Due
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// tipStepName names a handling step for the public and staff.
func tipStepName(action string) dajia.Text {
	if n, ok := map[string]dajia.Text{"receive": "已收到", "accept": "已受理/开始核查", "refuse": "已决定不予受理", "decide": "已作出处理决定",
		"close": "已办结", "reply": "已答复", "return": "已退回打假办", "assign": "已分派", "pause": "已暂停计时", "resume": "已恢复计时",
		"extend": "已延长核查期限", "duplicate": "已标记为重复", "reward": "已核定举报奖励"}[action]; ok {
		return n
	}
	return dajia.Text(strings.ReplaceAll(action, "_", " "))
}
