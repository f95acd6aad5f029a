package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"dajia"
	"dajia/secret"
	"dajia/store"
	"io"
)

// tipInput is one submission from the public, by form or API.
type tipInput struct {
	Kind         string // 投诉, 举报 or 两者 (split into one of each)
	Category     string
	Stage        string
	Online       bool
	BusinessName string
	CreditCode   string
	Address      string
	Village      string
	Description  string
	OccurredOn   string
	ContactName  string
	ContactPhone string
	ContactID    string
	Photos       []io.Reader // read once, by the photo cleaner
}

// tipContact is what is sealed: never stored or logged in the clear.
type tipContact struct {
	Name  string `json:"name,omitempty"`
	Phone string `json:"phone,omitempty"`
	ID    string `json:"id,omitempty"`
}

const codeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

func randomCode(n int) string {
	b := make([]byte, n)
	out := make([]byte, n)
	rand.Read(b)
	for i := range b {
		out[i] = codeAlphabet[int(b[i])%len(codeAlphabet)]
	}
	return string(out)
}

// check validates a submission, with an error per field.
func (in *tipInput) check(p *dajia.Plan, today dajia.Date) []dajia.FieldError {
	var errs []dajia.FieldError
	bad := func(field, zh string, args ...any) {
		errs = append(errs, dajia.FieldErrorf(field, "invalid", zh, args...))
	}
	trim := func(s *string) { *s = strings.TrimSpace(*s) }
	for _, s := range []*string{&in.Kind, &in.Category, &in.Stage, &in.BusinessName, &in.CreditCode, &in.Address, &in.Village, &in.Description,
		&in.OccurredOn, &in.ContactName, &in.ContactPhone, &in.ContactID} {
		trim(s)
		if !utf8.ValidString(*s) || strings.ContainsFunc(*s, func(r rune) bool { return r < 0x20 && r != '\n' && r != '\r' && r != '\t' }) {
			bad("", "内容含有无法识别的字符")
			return errs
		}
	}
	if in.Kind != "投诉" && in.Kind != "举报" && in.Kind != "两者" {
		bad("kind", "请选择“投诉”或“举报”")
	}
	if !slices.Contains(p.Categories(), in.Category) {
		bad("category", "请从列表中选择产品类别（没有合适的选“其他”）")
	}
	if in.Stage != dajia.StageMaking && in.Stage != dajia.StageSelling {
		bad("stage", "请选择是生产环节还是销售环节的问题")
	}
	limits := []struct {
		field, v string
		n        int
		zh       dajia.Text
	}{{"business.name", in.BusinessName, 100, "经营者名称"}, {"business.address", in.Address, 200, "地址"}, {"business.village", in.Village, 50, "村（社区）"},
		{"contact.name", in.ContactName, 30, "姓名"}, {"contact.id", in.ContactID, 18, "身份证号"}}
	for _, l := range limits {
		if utf8.RuneCountInString(l.v) > l.n {
			bad(l.field, "%s最多 %d 个字", l.zh, l.n)
		}
	}
	if in.BusinessName == "" && in.Address == "" {
		bad("business.name", "请至少填写经营者名称或地址，以便核查")
	}
	if in.CreditCode != "" {
		in.CreditCode = strings.ToUpper(in.CreditCode)
		if err := dajia.CheckCreditCode(in.CreditCode); err != nil {
			bad("business.credit_code", "%s", err)
		}
	}
	if n := utf8.RuneCountInString(in.Description); n < 10 || n > dajia.MaxTipDescription {
		bad("description", "请用 10 到 %d 个字说明发生了什么", dajia.MaxTipDescription)
	}
	if in.OccurredOn != "" {
		d, err := dajia.ParseDate(in.OccurredOn)
		if err != nil {
			bad("occurred_on", "日期应为 YYYY-MM-DD")
		} else if d.After(today) {
			bad("occurred_on", "发生日期不能晚于今天")
		}
	}
	if in.Kind == "投诉" || in.Kind == "两者" {
		if in.ContactName == "" || in.ContactPhone == "" {
			bad("contact.phone", "投诉须留下姓名和电话，以便受理和调解")
		}
	}
	if in.ContactPhone != "" {
		if err := dajia.CheckPhone(in.ContactPhone); err != nil {
			bad("contact.phone", "%s", err)
		}
	}
	if in.ContactID != "" && (len(in.ContactID) != 18 || strings.Trim(strings.ToUpper(in.ContactID), "0123456789X") != "") {
		bad("contact.id", "身份证号应为 18 位")
	}
	if len(in.Photos) > dajia.MaxTipPhotos {
		bad("photos", "最多上传 %d 张照片", dajia.MaxTipPhotos)
	}
	return errs
}

// tipClock is the running legal deadline of a stored tip. While paused the
// clock stands: the days since the pause count as paused.
func (s *Server) tipClock(t store.Tip) (dajia.TipClock, bool, error) {
	paused := t.PausedDays
	if !t.PausedSince.IsZero() {
		n, err := s.cal.WorkdaysBetween(t.PausedSince, dajia.Today(s.clock))
		if err != nil {
			return dajia.TipClock{}, false, err
		}
		paused += n
	}
	return dajia.TipClockOf(t.Kind, t.Status, t.ReceivedOn, t.AcceptedOn, t.DecidedOn, t.Extended, paused, t.Named, s.cal)
}

// intakeResult is what the tipster takes away: codes and secrets.
type intakeResult struct {
	Tip    store.Tip
	Secret string
	Clock  dajia.TipClock
	Unit   string // the handling unit's name
}

// intake routes, seals and stores a submission.
func (s *Server) intake(r *http.Request, in tipInput, source string) ([]intakeResult, error) {
	v, err := s.planParam(r)
	if err != nil {
		return nil, err
	}
	today := dajia.Today(s.clock)
	if errs := in.check(v.Plan, today); len(errs) > 0 {
		return nil, fieldsError(errs)
	}
	photos, release, err := s.app.CleanPhotos(r.Context(), in.Photos)
	if err != nil {
		return nil, err
	}
	defer release() // once stored: the slot bounds what the cleaned photos hold
	kinds := []dajia.TipKind{dajia.TipKind(in.Kind)}
	if in.Kind == "两者" {
		kinds = []dajia.TipKind{dajia.TipComplaint, dajia.TipReport}
	}
	group := randomCode(8)
	var news []store.NewTip
	var secrets []string
	for _, k := range kinds {
		code := "T" + randomCode(dajia.TipTrackingCodeLength-1)
		sec := randomCode(8)
		rt := v.Plan.Route(in.Category, in.Stage, in.Online)
		named := in.ContactName != "" || in.ContactPhone != ""
		nt := store.NewTip{Code: code, SecretHash: secret.HashToken(sec), GroupCode: group, PlanVersion: v, Source: source, Kind: k,
			Category: in.Category, Stage: in.Stage, Online: in.Online, Routing: rt, BusinessName: in.BusinessName, CreditCode: in.CreditCode,
			Address: in.Address, Village: in.Village, Description: in.Description, OccurredOn: in.OccurredOn, Named: named, Photos: photos}
		if named || in.ContactID != "" {
			b, _ := json.Marshal(tipContact{in.ContactName, in.ContactPhone, in.ContactID})
			nt.ContactSealed = s.sealer.Seal(string(b), "tips.contact:"+code)
			nt.ContactMasked = strings.TrimSpace(dajia.MaskName(in.ContactName) + " " + dajia.MaskPhone(in.ContactPhone))
		}
		c, _, err := dajia.TipClockOf(k, dajia.TipReceived, today, dajia.Date{}, dajia.Date{}, false, 0, named, s.cal)
		if err != nil {
			return nil, err
		}
		nt.Clock = c
		news = append(news, nt)
		secrets = append(secrets, sec)
	}
	tips, err := s.db.CreateTips(r.Context(), actorOf(r), news)
	if err != nil {
		return nil, err
	}
	var out []intakeResult
	for i, t := range tips {
		unit := "镇打假办"
		if len(t.Handlers) > 0 {
			unit = v.Plan.DisplayName(t.Handlers[0])
		}
		out = append(out, intakeResult{Tip: t, Secret: secrets[i], Clock: news[i].Clock, Unit: unit})
	}
	return out, nil
}

// tracked finds a tip by code and secret; either wrong is the same answer.
func (s *Server) tracked(r *http.Request, code, sec string) (store.Tip, error) {
	notFound := dajia.Errorf(dajia.NotFound, "code", "查询码或密码不正确")
	code, sec = strings.ToUpper(strings.TrimSpace(code)), strings.ToUpper(strings.TrimSpace(sec))
	if len(code) != dajia.TipTrackingCodeLength || len(sec) != 8 {
		return store.Tip{}, notFound
	}
	t, err := s.db.TipByCode(r.Context(), code)
	if err != nil {
		if dajia.ErrorCode(err) == dajia.NotFound {
			return t, notFound
		}
		return t, err
	}
	if subtle.ConstantTimeCompare([]byte(t.SecretHash), []byte(secret.HashToken(sec))) != 1 {
		return store.Tip{}, notFound
	}
	return t, nil
}

// captcha is an offline arithmetic question whose answer travels sealed in
// the form, so any server can check it. The token carries a random nonce
// that the first answer spends (store.UseCaptcha): an answered question,
// right or wrong, never lets a second submission in.
type captcha struct {
	Question string `json:"question"`
	Token    string `json:"token"`
}

var cnDigits = []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}

const captchaLifetime = 15 * time.Minute

func (s *Server) newCaptcha() captcha {
	b := make([]byte, 2)
	rand.Read(b)
	a, c := int(b[0])%9+1, int(b[1])%9+1
	exp := s.clock.Now().Add(captchaLifetime).Unix()
	return captcha{Question: fmt.Sprintf("%s加%s等于几？（填阿拉伯数字）", cnDigits[a], cnDigits[c]),
		Token: s.sealer.Seal(fmt.Sprintf("%d|%d|%s", a+c, exp, randomCode(16)), "captcha")}
}

// checkCaptcha spends the question of token and checks the answer. The
// error is a field error on "captcha" that says whether the answer was
// wrong or the question is no longer valid (used, expired or forged).
func (s *Server) checkCaptcha(r *http.Request, token, answer string) error {
	stale := dajia.Errorf(dajia.Invalid, "captcha", "验证问题已用过或已过期，请回答新的问题")
	plain, err := s.sealer.Open(token, "captcha")
	if err != nil {
		return stale
	}
	parts := strings.Split(plain, "|")
	if len(parts) != 3 {
		return stale
	}
	exp, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil || s.clock.Now().Unix() > exp {
		return stale
	}
	fresh, err := s.db.UseCaptcha(r.Context(), parts[2], time.Unix(exp, 0))
	if err != nil {
		return err
	}
	if !fresh {
		return stale
	}
	if strings.TrimSpace(answer) != parts[0] {
		return dajia.Errorf(dajia.Invalid, "captcha", "验证问题的答案不对，请回答新的问题")
	}
	return nil
}
