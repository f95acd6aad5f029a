package web

import (
	"net/http"
	"strconv"
	"strings"

	"dajia"
	"dajia/secret"
	"dajia/store"
)

type usersPage struct {
	Page
	Users    []dajia.User
	Plan     *dajia.Plan
	Roles    []dajia.Role // the roles the actor may give a new account
	Moves    []dajia.Role // the roles the actor may move an account to
	Actor    dajia.Actor
	Form     newUserForm
	Error    string
	Created  *dajia.User
	Password string // a one-time password to hand over, shown once
	Message  string
}

type newUserForm struct {
	Name, DisplayName, Role, Unit string
}

// May reports whether the page's actor may do act to the account u: the
// page offers only what the 三员分立 matrix allows.
func (p usersPage) May(act string, u dajia.User) bool {
	return p.Actor.MayManage(dajia.AccountAction(act), u) == nil
}

func (s *Server) usersData(r *http.Request) (usersPage, error) {
	pg := s.page(r, "用户和角色")
	pg.Title = pg.T("用户和角色")
	users, err := s.db.Users(r.Context())
	if err != nil {
		return usersPage{}, err
	}
	p, err := s.currentPlanIfAny(r)
	if err != nil {
		return usersPage{}, err
	}
	a := actorOf(r)
	return usersPage{Page: pg, Users: users, Plan: p, Roles: a.GrantableRoles(dajia.AccountCreate), Moves: a.GrantableRoles(dajia.AccountChangeRole), Actor: a}, nil
}

func (s *Server) usersList(w http.ResponseWriter, r *http.Request) error {
	d, err := s.usersData(r)
	if err != nil {
		return err
	}
	d.Message = d.T(map[string]string{"disabled": "账号已停用，其登录已全部退出", "enabled": "账号已启用",
		"role": "角色已修改，该用户需重新登录", "unlocked": "账号已解锁"}[r.URL.Query().Get("done")])
	return s.render(w, r, http.StatusOK, "users", d)
}

func (s *Server) createUser(w http.ResponseWriter, r *http.Request) error {
	d, err := s.usersData(r)
	if err != nil {
		return err
	}
	f := newUserForm{Name: strings.TrimSpace(r.PostFormValue("name")), DisplayName: strings.TrimSpace(r.PostFormValue("display_name")),
		Role: r.PostFormValue("role"), Unit: r.PostFormValue("unit")}
	d.Form = f
	fail := func(e error) error {
		d.Error = dajia.ErrorOf(e).Localized(d.Lang)
		return s.render(w, r, statusOf[dajia.ErrorCode(e)], "users", d)
	}
	role, err := dajia.ParseRole(f.Role)
	if err != nil {
		return fail(err)
	}
	if !role.NeedsUnit() {
		f.Unit = ""
	}
	if err := dajia.CheckRole(role, f.Unit, d.Plan); err != nil {
		return fail(err)
	}
	if err := dajia.CheckUserName(f.Name); err != nil {
		return fail(err)
	}
	if len([]rune(f.DisplayName)) > 40 {
		return fail(dajia.Errorf(dajia.Invalid, "display_name", "姓名最多 40 个字", "a display name has at most 40 characters"))
	}
	unit := f.Unit
	if d.Plan != nil {
		unit = d.Plan.KeyOf(unit)
	}
	pw := secret.RandomPassword()
	hash, err := s.cfg.Hasher.HashContext(r.Context(), pw)
	if err != nil {
		return err
	}
	u, err := s.db.CreateUser(r.Context(), d.Actor, store.NewUser{Name: f.Name, DisplayName: f.DisplayName, Role: role, Unit: unit,
		PasswordHash: hash, MustChangePassword: true})
	if c := dajia.ErrorCode(err); c == dajia.Conflict || c == dajia.Invalid || c == dajia.Forbidden {
		return fail(err)
	}
	if err != nil {
		return err
	}
	d, err = s.usersData(r)
	if err != nil {
		return err
	}
	d.Created, d.Password = &u, pw
	return s.render(w, r, http.StatusOK, "users", d)
}

// userAction is one administrator's action on an account. What may be done
// to whom is the 三员分立 matrix of the domain, asked by the store inside the
// action's transaction, where a refusal is audited too.
func (s *Server) userAction(w http.ResponseWriter, r *http.Request) error {
	uid, err := pathID(r, "id")
	if err != nil {
		return err
	}
	act, err := dajia.ParseAccountAction(r.PathValue("action"))
	if err != nil || act == dajia.AccountCreate {
		return dajia.Errorf(dajia.NotFound, "", "页面不存在", "no such page")
	}
	actor := actorOf(r)
	ctx := r.Context()
	switch act {
	case dajia.AccountDisable, dajia.AccountEnable:
		disable := act == dajia.AccountDisable
		if _, err := s.db.SetDisabled(ctx, actor, uid, disable); err != nil {
			return err
		}
		http.Redirect(w, r, "/admin/users?done="+map[bool]string{true: "disabled", false: "enabled"}[disable], http.StatusSeeOther)
	case dajia.AccountResetPassword:
		pw := secret.RandomPassword()
		hash, err := s.cfg.Hasher.HashContext(ctx, pw)
		if err != nil {
			return err
		}
		u, err := s.db.ResetPassword(ctx, actor, uid, hash)
		if err != nil {
			return err
		}
		d, err := s.usersData(r)
		if err != nil {
			return err
		}
		d.Created, d.Password = &u, pw
		return s.render(w, r, http.StatusOK, "users", d)
	case dajia.AccountChangeRole:
		role, err := dajia.ParseRole(r.PostFormValue("role"))
		if err != nil {
			return err
		}
		unit := r.PostFormValue("unit")
		if !role.NeedsUnit() {
			unit = ""
		}
		p, err := s.currentPlanIfAny(r)
		if err != nil {
			return err
		}
		if err := dajia.CheckRole(role, unit, p); err != nil {
			return err
		}
		if p != nil {
			unit = p.KeyOf(unit)
		}
		if _, err := s.db.SetRole(ctx, actor, uid, role, unit); err != nil {
			return err
		}
		http.Redirect(w, r, "/admin/users?done=role", http.StatusSeeOther)
	case dajia.AccountUnlock:
		if _, err := s.db.Unlock(ctx, actor, uid); err != nil {
			return err
		}
		http.Redirect(w, r, "/admin/users?done=unlocked", http.StatusSeeOther)
	}
	return nil
}

type securityPage struct {
	Page
	Policy    dajia.PasswordPolicy
	Default   dajia.PasswordPolicy
	Retention int
	MinKeep   int
	Error     string
	Saved     bool
}

func (s *Server) securityForm(w http.ResponseWriter, r *http.Request) error {
	pol, err := s.db.PasswordPolicy(r.Context())
	if err != nil {
		return err
	}
	keep, err := s.db.AuditRetentionDays(r.Context())
	if err != nil {
		return err
	}
	pg := s.page(r, "安全策略")
	pg.Title = pg.T("安全策略")
	return s.render(w, r, http.StatusOK, "security", securityPage{Page: pg, Policy: pol, Default: dajia.DefaultPasswordPolicy(), Retention: keep,
		MinKeep: store.MinAuditRetentionDays, Saved: r.URL.Query().Get("done") == "1"})
}

func (s *Server) saveSecurity(w http.ResponseWriter, r *http.Request) error {
	pg := s.page(r, "安全策略")
	pg.Title = pg.T("安全策略")
	num := func(k string) int {
		n, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue(k)))
		if err != nil {
			return -1
		}
		return n
	}
	p := dajia.PasswordPolicy{MinLength: num("min_length"), MinClasses: num("min_classes"), ExpiryDays: num("expiry_days"), History: num("history")}
	keep := num("retention_days")
	fail := func(err error) error {
		if dajia.ErrorCode(err) != dajia.Invalid {
			return err
		}
		return s.render(w, r, http.StatusBadRequest, "security", securityPage{Page: pg, Policy: p, Default: dajia.DefaultPasswordPolicy(), Retention: keep,
			MinKeep: store.MinAuditRetentionDays, Error: dajia.ErrorOf(err).Localized(pg.Lang)})
	}
	// Check both before saving either, so a bad form changes nothing.
	if err := p.Validate(); err != nil {
		return fail(err)
	}
	if keep != 0 && keep < store.MinAuditRetentionDays {
		return fail(s.db.SetAuditRetentionDays(r.Context(), actorOf(r), keep))
	}
	if err := s.db.SetPasswordPolicy(r.Context(), actorOf(r), p); err != nil {
		return fail(err)
	}
	if old, err := s.db.AuditRetentionDays(r.Context()); err != nil || old != keep {
		if err := s.db.SetAuditRetentionDays(r.Context(), actorOf(r), keep); err != nil {
			return fail(err)
		}
	}
	http.Redirect(w, r, "/admin/security?done=1", http.StatusSeeOther)
	return nil
}
