package web

// The public pages of the tip chapter: the form to send a tip or
// complaint, its receipt, and tracking by code and secret.

import (
	"errors"
	"net/http"
	"net/url"

	"dajia"
	"dajia/app"
	"dajia/locale"
	"dajia/store"
)

// Submissions from one address: a captcha from the third within an hour,
// none at all past the tenth.
const (
	tipCaptchaAfter = 2
	tipMaxPerHour   = 10
)

type tipFormPage struct {
	Page
	PlanID     string
	Categories []string
	In         dajia.TipSubmission
	Errors     map[string]string
	Problems   []dajia.FieldError
	Error      string
	Captcha    *app.Captcha
	Results    []app.TakenTip
}

// tipForm is the public form as posted.
type tipForm struct {
	dajia.TipSubmission
	Website      string // the honeypot: people never see this field
	CaptchaToken string
	Captcha      string
}

func decodeTipForm(f url.Values) tipForm {
	return tipForm{TipSubmission: dajia.TipSubmission{Kind: f.Get("kind"), Category: f.Get("category"), Stage: f.Get("stage"), Online: f.Get("online") == "1",
		BusinessName: f.Get("business_name"), CreditCode: f.Get("credit_code"), Address: f.Get("address"), Village: f.Get("village"),
		Description: f.Get("description"), OccurredOn: f.Get("occurred_on"), ContactName: f.Get("contact_name"), ContactPhone: f.Get("contact_phone"),
		ContactID: f.Get("contact_id")}, Website: f.Get("website"), CaptchaToken: f.Get("captcha_token"), Captcha: f.Get("captcha")}
}

func (s *Server) tipFormData(r *http.Request) (tipFormPage, error) {
	v, err := s.planParam(r)
	if err != nil {
		return tipFormPage{}, err
	}
	pg := s.page(r, "我要举报投诉")
	pg.Title = pg.T("我要举报投诉")
	d := tipFormPage{Page: pg, PlanID: v.PlanID, Categories: v.Plan.Categories(), Errors: map[string]string{}, In: dajia.TipSubmission{Kind: string(dajia.TipReport)}}
	if s.tipLimit.count(clientAddress(r), s.clock.Now()) >= tipCaptchaAfter {
		c := s.app.NewCaptcha()
		d.Captcha = &c
	}
	return d, nil
}

func (s *Server) tipForm(w http.ResponseWriter, r *http.Request) error {
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
			c := s.app.NewCaptcha()
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
	form := decodeTipForm(up.Form)
	d.In = form.TipSubmission
	addr := clientAddress(r)
	now := s.clock.Now()
	if !s.tipLimit.allow(addr, now) || s.tipLimit.count(addr, now) > tipMaxPerHour {
		err := s.tipLimit.refuse(addr, now, "本地址提交次数过多，请一小时后再试，或拨打 12315")
		return again(statusFor(w, err), locale.Error(d.Lang, dajia.ErrorOf(err)), nil)
	}
	if form.Website != "" {
		return again(http.StatusBadRequest, tr(r, "提交失败，请稍后再试"), nil)
	}
	if d.Captcha != nil {
		if err := s.app.CheckCaptcha(r.Context(), form.CaptchaToken, form.Captcha); dajia.ErrorCode(err) == dajia.Invalid {
			e := dajia.ErrorOf(err)
			return again(http.StatusBadRequest, tr(r, "请正确回答验证问题"), []dajia.FieldError{{Field: "captcha", Message: e.Message, Key: e.Key, Args: e.Args}})
		} else if err != nil {
			return err
		}
	}
	res, err := s.app.TakeTips(r.Context(), actorOf(r), d.PlanID, d.In, up.readers(), "public")
	var inv dajia.FieldErrors
	if errors.As(err, &inv) {
		return again(http.StatusBadRequest, tr(r, "请按提示修改后再提交"), inv)
	}
	if dajia.ErrorCode(err) == dajia.Invalid {
		e := dajia.ErrorOf(err)
		return again(http.StatusBadRequest, locale.Error(d.Lang, e), []dajia.FieldError{{Field: e.Field, Message: e.Message, Key: e.Key, Args: e.Args}})
	}
	if err != nil {
		return err
	}
	d.Results, d.In = res, dajia.TipSubmission{}
	return s.render(w, r, http.StatusCreated, "tip_done", d)
}

type trackPage struct {
	Page
	Code, Secret string
	Tip          *dajia.Tip
	Plan         *dajia.Plan
	Unit         string
	Events       []store.TipEvent
	Error        string
}

// EventNote is a public step's note in the page's language.
func (d trackPage) EventNote(e store.TipEvent) string {
	if d.Tip == nil {
		return e.Note
	}
	return tipEventNote(d.Lang, *d.Tip, d.Plan, e)
}

func (s *Server) trackForm(w http.ResponseWriter, r *http.Request) error {
	pg := s.page(r, "查询进度")
	pg.Title = pg.T("查询进度")
	return s.render(w, r, http.StatusOK, "track", trackPage{Page: pg, Code: r.URL.Query().Get("code")})
}

func (s *Server) trackShow(w http.ResponseWriter, r *http.Request) error {
	pg := s.page(r, "查询进度")
	pg.Title = pg.T("查询进度")
	d := trackPage{Page: pg, Code: r.PostFormValue("code")}
	if err := s.trackLimit.take(clientAddress(r), s.clock.Now()); err != nil {
		d.Error = tr(r, "查询次数过多，请稍后再试")
		return s.render(w, r, statusFor(w, err), "track", d)
	}
	tt, err := s.app.TrackTip(r.Context(), r.PostFormValue("code"), r.PostFormValue("secret"))
	if dajia.ErrorCode(err) == dajia.NotFound {
		d.Error = locale.Error(pg.Lang, dajia.ErrorOf(err))
		return s.render(w, r, http.StatusNotFound, "track", d)
	}
	if err != nil {
		return err
	}
	d.Tip, d.Plan, d.Unit, d.Events = &tt.Tip, tt.Plan, tt.Unit, tt.Events
	return s.render(w, r, http.StatusOK, "track", d)
}
