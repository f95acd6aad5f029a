package web

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode"

	"dajia"
	"dajia/locale"
	"dajia/secret"
	"dajia/store"
)

const sessionCookie = "dajia_session"

type ctxKey int

const identityKey ctxKey = 0

// identity is who made the request.
type identity struct {
	Lang    string // the page language chosen for this request
	Actor   dajia.Actor
	User    dajia.User
	Session store.Session // zero for API tokens and visitors
}

func identityOf(r *http.Request) identity {
	id, _ := r.Context().Value(identityKey).(identity)
	if id.Actor.Address == "" {
		id.Actor.Address = remoteHost(r)
	}
	return id
}

func actorOf(r *http.Request) dajia.Actor { return identityOf(r).Actor }

// clientAddress is the address the request came from, as identify worked
// it out (through a trusted proxy's X-Forwarded-For when configured).
func clientAddress(r *http.Request) string { return identityOf(r).Actor.Address }

func remoteHost(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// address takes the client address from X-Forwarded-For only when dajia
// runs behind a proxy it was told to trust; the proxy appends the address
// it saw last, so that entry is the one to believe.
func (s *Server) address(r *http.Request) string {
	if s.cfg.TrustProxy {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			parts := strings.Split(xff, ",")
			if ip := net.ParseIP(strings.TrimSpace(parts[len(parts)-1])); ip != nil {
				return ip.String()
			}
		}
	}
	return remoteHost(r)
}

// identify resolves the session cookie (pages) or the bearer token (API)
// into an identity on the request's context. A bad or expired credential
// makes a visitor, never an error here: the route's guard decides.
func (s *Server) identify(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := identity{Lang: s.lang(r), Actor: dajia.PublicActor(s.address(r))}
		ctx := r.Context()
		if isAPI(r) {
			if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
				if u, err := s.db.TokenUser(ctx, secret.HashToken(strings.TrimSpace(tok))); err == nil {
					id.User = u
					id.Actor = dajia.Actor{UserID: u.ID, Name: u.Name, Role: u.Role, Unit: u.Unit, Address: id.Actor.Address}
				}
			}
		} else if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
			sess, u, err := s.db.SessionUser(ctx, secret.HashToken(c.Value))
			if err == nil {
				id.Session = sess
				id.User = u
				if !sess.MFAPending {
					id.Actor = dajia.Actor{UserID: u.ID, Name: u.Name, Role: u.Role, Unit: u.Unit, Address: id.Actor.Address}
				}
			}
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(ctx, identityKey, id)))
	})
}

// guard enforces a route's permission. Visitors are sent to the login page
// (pages) or answered 401 (API); accounts without the permission get 403;
// an account that must change its password can do nothing else first.
func (s *Server) guard(perm dajia.Permission, allowStalePassword bool, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := identityOf(r)
		if !allowStalePassword && id.Actor.SignedIn() && !isAPI(r) && s.mustChangePassword(r, id.User) {
			http.Redirect(w, r, "/account/password", http.StatusSeeOther)
			return
		}
		if perm == dajia.PermPublic {
			h.ServeHTTP(w, r)
			return
		}
		if !id.Actor.SignedIn() {
			if isAPI(r) {
				s.fail(w, r, dajia.Errorf(dajia.Unauthorized, "", "需要有效的访问令牌（Authorization: Bearer）"))
				return
			}
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		if !allowStalePassword && s.mustChangePassword(r, id.User) {
			if isAPI(r) {
				s.fail(w, r, dajia.Errorf(dajia.Forbidden, "password", "须先在网页上修改密码"))
				return
			}
			http.Redirect(w, r, "/account/password", http.StatusSeeOther)
			return
		}
		if !id.Actor.Can(perm) {
			s.fail(w, r, dajia.Errorf(dajia.Forbidden, "", "您的角色（%s）无权访问这里", id.Actor.Role.Name()))
			return
		}
		h.ServeHTTP(w, r)
	})
}

func (s *Server) mustChangePassword(r *http.Request, u dajia.User) bool {
	if u.MustChangePassword {
		return true
	}
	p, err := s.db.PasswordPolicy(r.Context())
	return err == nil && u.PasswordExpired(p, s.clock.Now())
}

func (s *Server) setSessionCookie(w http.ResponseWriter, r *http.Request, token string) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: r.TLS != nil || s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode, MaxAge: int(dajia.SessionLifetime.Seconds())})
}

func (s *Server) clearSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true,
		Secure: r.TLS != nil || s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

// landing is where an account starts after signing in.
func landing(role dajia.Role) string {
	switch role {
	case dajia.RoleSysadmin, dajia.RoleSecadmin:
		return "/admin/users"
	case dajia.RoleAuditor:
		return "/audit"
	}
	return "/"
}

// safeNext accepts only a path on this site, so that a sign-in link cannot
// send the user elsewhere: a relative reference with no scheme and no host
// that starts with exactly one "/", with no backslash, no control character,
// no empty, "." or ".." segment in its path. Browsers strip tabs and line
// breaks and read a backslash as "/", so "/<tab>/evil.com" or "/\evil.com"
// would leave the site; the rules hold for the text as given and after
// each round of percent-decoding. Anything else goes home ("").
func safeNext(next string) string {
	if next == "" || len(next) > 2000 {
		return ""
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return ""
	}
	s := next
	for range 4 {
		if !localPath(s) {
			return ""
		}
		dec, err := url.PathUnescape(s)
		if err != nil {
			return ""
		}
		if dec == s {
			return next
		}
		s = dec
	}
	return "" // still encoded after four rounds: nobody writes a link like that
}

// localPath applies safeNext's rules to one form of the text.
func localPath(s string) bool {
	if !strings.HasPrefix(s, "/") || strings.ContainsRune(s, '\\') || strings.ContainsFunc(s, unicode.IsControl) {
		return false
	}
	p, _, _ := strings.Cut(s, "?")
	p, _, _ = strings.Cut(p, "#")
	segs := strings.Split(p, "/")[1:]
	for i, seg := range segs {
		if seg == "." || seg == ".." || (seg == "" && i < len(segs)-1) {
			return false
		}
	}
	return true
}

type loginPage struct {
	Page
	Name    string
	Next    string
	Message string
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) error {
	if id := identityOf(r); id.Actor.SignedIn() {
		http.Redirect(w, r, landing(id.Actor.Role), http.StatusSeeOther)
		return nil
	}
	pg := s.page(r, "登录")
	pg.Title = pg.T("登录")
	return s.render(w, r, http.StatusOK, "login", loginPage{Page: pg, Next: safeNext(r.URL.Query().Get("next"))})
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	pg := s.page(r, "登录")
	pg.Title = pg.T("登录")
	if err := r.ParseForm(); err != nil {
		return dajia.Errorf(dajia.Invalid, "", "表单无法读取")
	}
	name := strings.TrimSpace(r.PostForm.Get("name"))
	password := r.PostForm.Get("password")
	next := safeNext(r.PostForm.Get("next"))
	again := func(status int, msg string) error {
		return s.render(w, r, status, "login", loginPage{Page: pg, Name: name, Next: next, Message: msg})
	}
	if err := s.loginLimit.take(clientAddress(r), s.clock.Now()); err != nil {
		return again(statusFor(w, err), locale.Error(pg.Lang, dajia.ErrorOf(err)))
	}
	if name == "" || password == "" || len(name) > 64 || len(password) > dajia.MaxPasswordLength {
		return again(http.StatusBadRequest, pg.T("请输入用户名和密码"))
	}
	res, err := s.db.Login(r.Context(), name, clientAddress(r), r.UserAgent(), s.dummyHash,
		func(hash string) (bool, error) { return s.cfg.Hasher.Verify(r.Context(), hash, password) },
		func() (string, string) { return secret.NewToken("s_") })
	switch dajia.ErrorCode(err) {
	case dajia.Unauthorized, dajia.Busy:
		return again(statusFor(w, err), locale.Error(pg.Lang, dajia.ErrorOf(err)))
	}
	if err != nil {
		return err
	}
	s.setSessionCookie(w, r, res.Token)
	switch {
	case res.MFAPending:
		http.Redirect(w, r, "/login/totp?next="+url.QueryEscape(next), http.StatusSeeOther)
	case next != "":
		http.Redirect(w, r, next, http.StatusSeeOther)
	default:
		http.Redirect(w, r, landing(res.User.Role), http.StatusSeeOther)
	}
	return nil
}

func (s *Server) totpForm(w http.ResponseWriter, r *http.Request) error {
	id := identityOf(r)
	if !id.Session.MFAPending {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return nil
	}
	pg := s.page(r, "动态验证码")
	pg.Title = pg.T("动态验证码")
	return s.render(w, r, http.StatusOK, "login_totp", loginPage{Page: pg, Next: safeNext(r.URL.Query().Get("next"))})
}

func (s *Server) totpLogin(w http.ResponseWriter, r *http.Request) error {
	id := identityOf(r)
	if !id.Session.MFAPending {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return nil
	}
	pg := s.page(r, "动态验证码")
	pg.Title = pg.T("动态验证码")
	next := safeNext(r.PostFormValue("next"))
	if err := s.loginLimit.take(clientAddress(r), s.clock.Now()); err != nil {
		return s.render(w, r, statusFor(w, err), "login_totp", loginPage{Page: pg, Next: next, Message: locale.Error(pg.Lang, dajia.ErrorOf(err))})
	}
	sealed, err := s.db.TOTPSecret(r.Context(), id.User.ID)
	if err != nil {
		return err
	}
	sec, err := s.sealer.Open(sealed, totpContext(id.User.ID))
	if err != nil {
		return err
	}
	code := strings.TrimSpace(r.PostFormValue("code"))
	actor := dajia.Actor{UserID: id.User.ID, Name: id.User.Name, Role: id.User.Role, Address: clientAddress(r)}
	token, err := s.db.CompleteMFA(r.Context(), actor, id.Session.ID, func() bool { return secret.CheckTOTP(sec, code, s.clock.Now()) },
		func() (string, string) { return secret.NewToken("s_") })
	if dajia.ErrorCode(err) == dajia.Unauthorized {
		return s.render(w, r, http.StatusUnauthorized, "login_totp", loginPage{Page: pg, Next: next, Message: locale.Error(pg.Lang, dajia.ErrorOf(err))})
	}
	if err != nil {
		return err
	}
	s.setSessionCookie(w, r, token)
	if next == "" {
		next = landing(id.User.Role)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// totpContext binds a sealed TOTP secret to its account.
func totpContext(userID int64) string { return "users.totp_secret:" + strconv.FormatInt(userID, 10) }

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	id := identityOf(r)
	if id.Session.ID != 0 {
		if err := s.db.Logout(r.Context(), id.Actor, id.Session.ID); err != nil {
			return err
		}
	}
	s.clearSessionCookie(w, r)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}
