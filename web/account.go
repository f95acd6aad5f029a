package web

import (
	"errors"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"dajia"
	"dajia/locale"
	"dajia/secret"
	"dajia/store"
)

type accountPage struct {
	Page
	User      dajia.User
	Policy    dajia.PasswordPolicy
	Expires   string
	Sessions  []store.Session
	Tokens    []store.APIToken
	NewToken  string
	Message   string
	Error     string
	UnitName  string
	MayTOTP   bool
	Enrolment *secret.TOTPEnrollment
	QR        template.URL // the enrolment's QR code, a data: URI we made
}

func (s *Server) accountData(r *http.Request) (accountPage, error) {
	id := identityOf(r)
	pg := s.page(r, "我的账号")
	pg.Title = pg.T("我的账号")
	pol, err := s.db.PasswordPolicy(r.Context())
	if err != nil {
		return accountPage{}, err
	}
	sessions, err := s.db.Sessions(r.Context(), id.User.ID)
	if err != nil {
		return accountPage{}, err
	}
	for i := range sessions {
		sessions[i].Current = sessions[i].ID == id.Session.ID
	}
	tokens, err := s.db.Tokens(r.Context(), id.User.ID)
	if err != nil {
		return accountPage{}, err
	}
	a := accountPage{Page: pg, User: id.User, Policy: pol, Sessions: sessions, Tokens: tokens, MayTOTP: id.User.Role.MayUseTOTP()}
	a.Expires = pg.Date(dajia.DateOf(id.User.PasswordChangedAt.AddDate(0, 0, pol.ExpiryDays).In(dajia.ChinaTime)))
	a.UnitName = s.unitName(r, id.User.Unit)
	return a, nil
}

// unitName shows a unit key as the name the current plan gives it.
func (s *Server) unitName(r *http.Request, key string) string {
	if key == "" {
		return ""
	}
	if p, err := s.currentPlan(r); err == nil {
		return p.DisplayName(key)
	}
	return key
}

// currentPlan is the plan whose departments and units accounts belong to:
// the newest.
func (s *Server) currentPlan(r *http.Request) (*dajia.Plan, error) {
	v, err := s.db.NewestPlan(r.Context())
	if err != nil {
		return nil, err
	}
	return v.Plan, nil
}

// currentPlanIfAny is the current plan, or nil before any plan is
// imported: accounts are managed from the first start, plan or not. Any
// other failure to load it is an error.
func (s *Server) currentPlanIfAny(r *http.Request) (*dajia.Plan, error) {
	p, err := s.currentPlan(r)
	if dajia.ErrorCode(err) == dajia.NotFound {
		return nil, nil
	}
	return p, err
}

func (s *Server) account(w http.ResponseWriter, r *http.Request) error {
	a, err := s.accountData(r)
	if err != nil {
		return err
	}
	a.Message = flashText(a.Page, r.URL.Query().Get("done"))
	return s.render(w, r, http.StatusOK, "account", a)
}

// flashText turns a short result code from a redirect into a sentence.
func flashText(pg Page, code string) string {
	return pg.T(map[string]string{
		"password": "密码已修改，其他设备上的登录已退出",
		"session":  "已退出该设备上的登录",
		"token":    "令牌已撤销",
		"totp":     "动态验证码已启用，下次登录时需要输入",
		"totp-off": "动态验证码已停用",
	}[code])
}

type passwordPage struct {
	Page
	Forced bool
	Policy dajia.PasswordPolicy
	Error  string
}

func (s *Server) passwordForm(w http.ResponseWriter, r *http.Request) error {
	id := identityOf(r)
	pol, err := s.db.PasswordPolicy(r.Context())
	if err != nil {
		return err
	}
	pg := s.page(r, "修改密码")
	pg.Title = pg.T("修改密码")
	return s.render(w, r, http.StatusOK, "password", passwordPage{Page: pg, Forced: s.mustChangePassword(r, id.User), Policy: pol})
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) error {
	id := identityOf(r)
	pol, err := s.db.PasswordPolicy(r.Context())
	if err != nil {
		return err
	}
	pg := s.page(r, "修改密码")
	pg.Title = pg.T("修改密码")
	current, next, again := r.PostFormValue("current"), r.PostFormValue("new"), r.PostFormValue("again")
	retry := func(e error) error {
		return s.render(w, r, statusFor(w, e), "password", passwordPage{Page: pg, Forced: s.mustChangePassword(r, id.User), Policy: pol,
			Error: locale.Error(pg.Lang, dajia.ErrorOf(e))})
	}
	if next != again {
		return retry(dajia.Errorf(dajia.Invalid, "again", "两次输入的新密码不一致"))
	}
	if err := pol.CheckPassword(next, id.User.Name, secret.Common); err != nil {
		return retry(err)
	}
	if err := s.changeLimit.take(clientAddress(r), s.clock.Now()); err != nil {
		return retry(err)
	}
	wrong := dajia.Errorf(dajia.Invalid, "current", "当前密码不正确")
	reused := dajia.Errorf(dajia.Invalid, "new", "新密码不能与最近 %d 次使用过的密码相同", pol.History)
	// One slot of the hashing gate for the new hash and every comparison:
	// they run one after another.
	gerr := s.cfg.Hasher.Gate.Do(r.Context(), func() {
		err = s.db.ChangePassword(r.Context(), id.Actor, id.Session.ID, s.cfg.Hasher.Hash(next), pol.History, func(cur string, prev []string) error {
			if !secret.Verify(cur, current) {
				return wrong
			}
			for _, h := range prev {
				if secret.Verify(h, next) {
					return reused
				}
			}
			return nil
		})
	})
	if gerr != nil {
		return gerr
	}
	if errors.Is(err, wrong) || errors.Is(err, reused) {
		return retry(err)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/account?done=password", http.StatusSeeOther)
	return nil
}

func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, dajia.Errorf(dajia.NotFound, name, "记录不存在")
	}
	return id, nil
}

func (s *Server) revokeSession(w http.ResponseWriter, r *http.Request) error {
	sid, err := pathID(r, "id")
	if err != nil {
		return err
	}
	id := identityOf(r)
	if err := s.db.RevokeSession(r.Context(), id.Actor, sid); err != nil {
		return err
	}
	if sid == id.Session.ID {
		s.clearSessionCookie(w, r)
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, "/account?done=session", http.StatusSeeOther)
	return nil
}

func (s *Server) createToken(w http.ResponseWriter, r *http.Request) error {
	id := identityOf(r)
	label := strings.TrimSpace(r.PostFormValue("label"))
	a, err := s.accountData(r)
	if err != nil {
		return err
	}
	if label == "" || len([]rune(label)) > 60 {
		a.Error = a.T("请填写令牌用途（60 字以内），如“数据对接”")
		return s.render(w, r, http.StatusBadRequest, "account", a)
	}
	token, hash := secret.NewToken("dj_")
	if _, err := s.db.CreateToken(r.Context(), id.Actor, id.User.ID, label, hash); err != nil {
		return err
	}
	a, err = s.accountData(r)
	if err != nil {
		return err
	}
	a.NewToken = token
	return s.render(w, r, http.StatusOK, "account", a)
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request) error {
	tid, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.db.RevokeToken(r.Context(), actorOf(r), tid); err != nil {
		return err
	}
	http.Redirect(w, r, "/account?done=token", http.StatusSeeOther)
	return nil
}

// totpEnrol shows a new secret to scan; it is stored sealed but not in
// force until a code from it is confirmed.
func (s *Server) totpEnrol(w http.ResponseWriter, r *http.Request) error {
	id := identityOf(r)
	if !id.User.Role.MayUseTOTP() {
		return dajia.Errorf(dajia.Forbidden, "", "您的角色不使用动态验证码")
	}
	a, err := s.accountData(r)
	if err != nil {
		return err
	}
	if id.User.TOTP {
		return s.render(w, r, http.StatusOK, "account", a)
	}
	en, err := secret.NewTOTP("dajia", id.User.Name)
	if err != nil {
		return err
	}
	if err := s.db.SetTOTP(r.Context(), id.Actor, s.sealer.Seal(en.Secret, totpContext(id.User.ID)), false); err != nil {
		return err
	}
	a.Enrolment = &en
	a.QR = template.URL(en.QR) // safe: a PNG encoded here, not user input
	return s.render(w, r, http.StatusOK, "account", a)
}

func (s *Server) userTOTP(r *http.Request) (string, error) {
	id := identityOf(r)
	sealed, err := s.db.TOTPSecret(r.Context(), id.User.ID)
	if err != nil || sealed == "" {
		return "", dajia.Errorf(dajia.Invalid, "code", "请先生成动态验证码密钥")
	}
	return s.sealer.Open(sealed, totpContext(id.User.ID))
}

func (s *Server) totpConfirm(w http.ResponseWriter, r *http.Request) error {
	id := identityOf(r)
	sec, err := s.userTOTP(r)
	if err != nil {
		return err
	}
	if !secret.CheckTOTP(sec, strings.TrimSpace(r.PostFormValue("code")), s.clock.Now()) {
		a, err := s.accountData(r)
		if err != nil {
			return err
		}
		a.Error = a.T("验证码不正确，请重新扫描后输入应用中显示的 6 位数字")
		return s.render(w, r, http.StatusBadRequest, "account", a)
	}
	if err := s.db.SetTOTP(r.Context(), id.Actor, s.sealer.Seal(sec, totpContext(id.User.ID)), true); err != nil {
		return err
	}
	http.Redirect(w, r, "/account?done=totp", http.StatusSeeOther)
	return nil
}

func (s *Server) totpDisable(w http.ResponseWriter, r *http.Request) error {
	id := identityOf(r)
	sec, err := s.userTOTP(r)
	if err != nil {
		return err
	}
	if !secret.CheckTOTP(sec, strings.TrimSpace(r.PostFormValue("code")), s.clock.Now()) {
		a, err := s.accountData(r)
		if err != nil {
			return err
		}
		a.Error = a.T("验证码不正确")
		return s.render(w, r, http.StatusBadRequest, "account", a)
	}
	if err := s.db.SetTOTP(r.Context(), id.Actor, "", false); err != nil {
		return err
	}
	http.Redirect(w, r, "/account?done=totp-off", http.StatusSeeOther)
	return nil
}
