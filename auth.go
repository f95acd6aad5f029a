package dajia

import (
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Role is what an account may do. The three administrators (三员) are
// separate from each other and from the business roles.
type Role string

const (
	RoleOffice     Role = "office"     // 打假办
	RoleOfficer    Role = "officer"    // a department's or unit's information officer
	RoleHead       Role = "head"       // department head
	RoleSupervisor Role = "supervisor" // village market supervisor
	RoleLeader     Role = "leader"     // town leader, read-only
	RoleSysadmin   Role = "sysadmin"   // 系统管理员
	RoleSecadmin   Role = "secadmin"   // 安全管理员
	RoleAuditor    Role = "auditor"    // 审计管理员
)

// Roles lists every role in display order.
var Roles = []Role{RoleOffice, RoleOfficer, RoleHead, RoleSupervisor, RoleLeader, RoleSysadmin, RoleSecadmin, RoleAuditor}

var roleNames = map[Role]Text{
	RoleOffice: "打假办", RoleOfficer: "信息员", RoleHead: "部门负责人", RoleSupervisor: "村组市场监督员", RoleLeader: "领导",
	RoleSysadmin: "系统管理员", RoleSecadmin: "安全管理员", RoleAuditor: "审计管理员",
}

// ParseRole reads a role name.
func ParseRole(s string) (Role, error) {
	r := Role(strings.TrimSpace(s))
	if _, ok := roleNames[r]; !ok {
		var names []string
		for _, x := range Roles {
			names = append(names, string(x))
		}
		return "", Errorf(Invalid, "role", "角色 %q 无效，可选：%s", s, strings.Join(names, "、"))
	}
	return r, nil
}

// Name is the role's name.
func (r Role) Name() Text {
	if r == RoleOperator {
		return "本机操作员"
	}
	return nameIn(roleNames, r)
}

// Admin reports whether r is one of the three administrators, who manage
// the system and never see business data or tips (三员分立).
func (r Role) Admin() bool { return r == RoleSysadmin || r == RoleSecadmin || r == RoleAuditor }

// NeedsUnit reports whether an account of this role must belong to a
// department or unit: it acts for that unit only.
func (r Role) NeedsUnit() bool { return r == RoleOfficer || r == RoleHead || r == RoleSupervisor }

// MayUseTOTP reports whether the role may add a second factor.
func (r Role) MayUseTOTP() bool { return r == RoleOffice || r.Admin() }

// User is an account.
type User struct {
	ID                 int64
	Name               string // login name
	DisplayName        string
	Role               Role
	Unit               string // key of the department or unit, for roles that need one
	Disabled           bool
	MustChangePassword bool
	PasswordChangedAt  time.Time
	FailedLogins       int
	LockedUntil        time.Time
	TOTP               bool
	CreatedAt          time.Time
	LastLoginAt        time.Time
}

// Locked reports whether the account is locked at now.
func (u User) Locked(now time.Time) bool { return now.Before(u.LockedUntil) }

// PasswordExpired reports whether the password is older than the policy allows.
func (u User) PasswordExpired(p PasswordPolicy, now time.Time) bool {
	return p.ExpiryDays > 0 && now.Sub(u.PasswordChangedAt) > time.Duration(p.ExpiryDays)*24*time.Hour
}

// CheckUserName says whether a login name is acceptable: letters, digits,
// Chinese characters, '.', '_' and '-', 2 to 32 characters.
func CheckUserName(name string) error {
	n := utf8.RuneCountInString(name)
	if n < 2 || n > 32 {
		return Errorf(Invalid, "name", "用户名应为 2 到 32 个字符")
	}
	for _, r := range name {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '_' || r == '-') {
			return Errorf(Invalid, "name", "用户名只能含字母、数字、汉字和 . _ -，不能含 %q", string(r))
		}
	}
	return nil
}

// Lockout rules of the login (等保: lock after repeated failures).
const (
	MaxFailedLogins = 5
	LockDuration    = 15 * time.Minute
)

// Lockout is the rule that locks an account after repeated failures: after
// MaxFailures failed sign-in attempts (passwords or one-time codes) the
// account is locked for Duration.
type Lockout struct {
	MaxFailures int
	Duration    time.Duration
}

// LoginLockout is the rule in force.
func LoginLockout() Lockout { return Lockout{MaxFailures: MaxFailedLogins, Duration: LockDuration} }

// Admission is what the lockout rule says of a sign-in attempt before its
// secret is checked.
type Admission int

const (
	// CheckSecret: the attempt is within the allowance; check its secret.
	CheckSecret Admission = iota
	// RefuseDisabled: the account is disabled; refuse unchecked.
	RefuseDisabled
	// RefuseLocked: the account is locked; refuse unchecked.
	RefuseLocked
	// RefuseAndLock: the attempt is beyond the allowance (every try is
	// taken by attempts still being checked); refuse it unchecked and lock
	// the account.
	RefuseAndLock
)

// Reason is how the audit trail names a refusal.
func (a Admission) Reason() string {
	switch a {
	case RefuseDisabled:
		return "disabled"
	case RefuseLocked:
		return "locked"
	case RefuseAndLock:
		return "too many attempts; account locked"
	}
	return ""
}

// Admit decides on an attempt that has already taken its try: tries is the
// account's count of failures with this attempt included, counted
// atomically by the store, so parallel attempts each see their own number.
// A disabled or locked account is refused whatever the count.
func (l Lockout) Admit(tries int, disabled bool, lockedUntil, now time.Time) Admission {
	switch {
	case disabled:
		return RefuseDisabled
	case now.Before(lockedUntil):
		return RefuseLocked
	case tries > l.MaxFailures:
		return RefuseAndLock
	}
	return CheckSecret
}

// Spent reports whether failures, counted after a wrong secret, have used up
// the allowance, so that the account locks.
func (l Lockout) Spent(failures int) bool { return failures >= l.MaxFailures }

// Until is the end of a lock that starts at now.
func (l Lockout) Until(now time.Time) time.Time { return now.Add(l.Duration) }

// Session lifetimes.
const (
	SessionIdle     = 30 * time.Minute
	SessionLifetime = 12 * time.Hour
	MFAPendingLimit = 5 * time.Minute
)

// Actor is who acts in a request or command: for permission checks and the
// audit trail.
type Actor struct {
	UserID  int64
	Name    string
	Role    Role
	Unit    string
	Address string
}

// SystemActor acts for dajia itself (first start, reference plan).
func SystemActor() Actor { return Actor{Name: "system"} }

// RoleOperator is the person at the server's console running dajia's
// commands. It is no account's role (ParseRole refuses it) and opens no
// page. The operator already holds the database and the master key, so
// 三员分立 cannot bind them; the command line is therefore where the three
// administrator accounts are created, and the one way back when the
// security administrator, whom no account may reset, has lost the
// password. Every command is audited as "cli:" and the operating-system
// user.
const RoleOperator Role = "operator"

// CLIActor acts for a local command-line user: the operator.
func CLIActor(osUser string) Actor {
	return Actor{Name: "cli:" + osUser, Role: RoleOperator, Address: "local"}
}

// PublicActor is a visitor without an account: the public form, the public
// API. Its address is kept only as a keyed hash (the tipster is anonymous).
func PublicActor(address string) Actor { return Actor{Name: "public", Address: address} }

// Public reports whether the actor is a visitor without an account.
func (a Actor) Public() bool { return a.UserID == 0 && a.Name == "public" }

// SignedIn reports whether the actor is an account holder.
func (a Actor) SignedIn() bool { return a.UserID != 0 }

// Permission is what a route or use case needs.
type Permission string

const (
	PermPublic         Permission = "public"          // anyone
	PermSignedIn       Permission = "signed-in"       // any account
	PermBusiness       Permission = "business"        // business roles: plans, reports, tips
	PermManagePlans    Permission = "manage-plans"    // the office
	PermViewUsers      Permission = "view-users"      // sysadmin and secadmin: the list of accounts
	PermManageUsers    Permission = "manage-users"    // sysadmin: accounts
	PermManageSecurity Permission = "manage-security" // secadmin: roles, policy, unlock
	PermReadAudit      Permission = "read-audit"      // auditor
)

// Can reports whether the actor has a permission.
func (a Actor) Can(p Permission) bool {
	switch p {
	case PermPublic:
		return true
	case PermSignedIn:
		return a.SignedIn()
	case PermBusiness:
		return a.SignedIn() && !a.Role.Admin()
	case PermManagePlans:
		return a.Role == RoleOffice
	case PermViewUsers:
		return a.Role == RoleSysadmin || a.Role == RoleSecadmin
	case PermManageUsers:
		return a.Role == RoleSysadmin
	case PermManageSecurity:
		return a.Role == RoleSecadmin
	case PermReadAudit:
		return a.Role == RoleAuditor
	}
	return false
}

// SeesUnit reports whether the actor may see records owned by a unit: the
// office and leaders see every unit, the others their own only, and the
// administrators none.
func (a Actor) SeesUnit(key string) bool {
	switch {
	case !a.SignedIn() || a.Role.Admin():
		return false
	case a.Role == RoleOffice || a.Role == RoleLeader:
		return true
	}
	return a.Unit != "" && a.Unit == key
}

// AccountAction is what one account does to another.
type AccountAction string

const (
	AccountCreate        AccountAction = "create"         // create an account of the role
	AccountResetPassword AccountAction = "reset-password" // set a one-time password
	AccountDisable       AccountAction = "disable"
	AccountEnable        AccountAction = "enable"
	AccountUnlock        AccountAction = "unlock" // clear a lockout
	AccountChangeRole    AccountAction = "role"   // change the role and unit
)

// AccountActions lists every action, in display order.
var AccountActions = []AccountAction{AccountCreate, AccountResetPassword, AccountDisable, AccountEnable, AccountUnlock, AccountChangeRole}

// accountActionNames name each action.
var accountActionNames = map[AccountAction]Text{
	AccountCreate: "创建账号", AccountResetPassword: "重置密码", AccountDisable: "停用账号",
	AccountEnable: "启用账号", AccountUnlock: "解锁账号", AccountChangeRole: "修改角色",
}

// Name is the action's name.
func (act AccountAction) Name() Text { return accountActionNames[act] }

// ParseAccountAction reads an action name.
func ParseAccountAction(s string) (AccountAction, error) {
	a := AccountAction(s)
	if _, ok := accountActionNames[a]; !ok {
		return "", Errorf(NotFound, "action", "没有这个账号操作：%s", s)
	}
	return a, nil
}

var (
	businessRoles = []Role{RoleOffice, RoleOfficer, RoleHead, RoleSupervisor, RoleLeader}
	adminRoles    = []Role{RoleSysadmin, RoleSecadmin, RoleAuditor}
)

// accountMatrix is 三员分立 for accounts, whole: for each acting role and
// action, the roles of the accounts it may be done to. What is not here is
// refused, and nobody acts on their own account (their account page is for
// that). A role change needs both the account's role and the new one in
// the set, so administrator roles are neither granted nor taken away on the
// web: an account holds one role, and nobody holds two administrator roles
// by having one account turned into another.
//
//   - The system administrator runs the business accounts: creates them,
//     resets their passwords, disables and enables them; it never touches
//     an administrator's account, its own included.
//   - The security administrator alone resets, disables, enables and
//     unlocks the administrators' accounts (never its own), unlocks
//     business accounts and moves them between business roles. It never
//     resets a business account's password, so it cannot sign in as one
//     and read tips.
//   - The auditor and the business roles manage no account.
//   - The local operator (the command line) may do anything but move an
//     account across the line between business and administrator roles:
//     see RoleOperator.
var accountMatrix = map[Role]map[AccountAction][]Role{
	RoleSysadmin: {
		AccountCreate:        businessRoles,
		AccountResetPassword: businessRoles,
		AccountDisable:       businessRoles,
		AccountEnable:        businessRoles,
	},
	RoleSecadmin: {
		AccountResetPassword: adminRoles,
		AccountDisable:       adminRoles,
		AccountEnable:        adminRoles,
		AccountUnlock:        Roles,
		AccountChangeRole:    businessRoles,
	},
	RoleOperator: {
		AccountCreate:        Roles,
		AccountResetPassword: Roles,
		AccountDisable:       Roles,
		AccountEnable:        Roles,
		AccountUnlock:        Roles,
		AccountChangeRole:    businessRoles,
	},
}

// MayManage says whether the actor may do act to the account target (for
// AccountCreate, the account about to be created); the error says why not.
func (a Actor) MayManage(act AccountAction, target User) error {
	if _, ok := accountActionNames[act]; !ok {
		return Errorf(NotFound, "action", "没有这个账号操作：%s", act)
	}
	if target.ID != 0 && target.ID == a.UserID {
		return Errorf(Forbidden, "user", "不能对自己的账号执行“%s”，请在“我的账号”页面办理", act.Name())
	}
	if !slices.Contains(accountMatrix[a.Role][act], target.Role) {
		return Errorf(Forbidden, "user", "%s不能对%s账号执行“%s”（三员分立）", a.Role.Name(), target.Role.Name(), act.Name())
	}
	return nil
}

// MayChangeRole says whether the actor may give the account target the
// role to.
func (a Actor) MayChangeRole(target User, to Role) error {
	if err := a.MayManage(AccountChangeRole, target); err != nil {
		return err
	}
	if !slices.Contains(accountMatrix[a.Role][AccountChangeRole], to) {
		return Errorf(Forbidden, "role", "%s不能授予%s角色（三员分立）", a.Role.Name(), to.Name())
	}
	return nil
}

// GrantableRoles lists the roles the actor may give by act (AccountCreate
// or AccountChangeRole), in display order.
func (a Actor) GrantableRoles(act AccountAction) []Role {
	var out []Role
	for _, r := range Roles {
		if slices.Contains(accountMatrix[a.Role][act], r) {
			out = append(out, r)
		}
	}
	return out
}

// PasswordPolicy is the password rule set; the default is that of 等保2.0
// level 3 and a policy may only be stricter.
type PasswordPolicy struct {
	MinLength  int `json:"min_length"`
	MinClasses int `json:"min_classes"` // of lower, upper, digit, symbol
	ExpiryDays int `json:"expiry_days"` // 0: never
	History    int `json:"history"`     // how many previous passwords may not be reused
}

// DefaultPasswordPolicy is the 等保 default.
func DefaultPasswordPolicy() PasswordPolicy {
	return PasswordPolicy{MinLength: 8, MinClasses: 3, ExpiryDays: 90, History: 5}
}

// MaxPasswordLength bounds what is hashed; far above any real pass phrase.
const MaxPasswordLength = 1024

// Validate refuses a policy weaker than the 等保 default.
func (p PasswordPolicy) Validate() error {
	switch {
	case p.MinLength < 8 || p.MinLength > 128:
		return Errorf(Invalid, "min_length", "最短长度应在 8 到 128 之间")
	case p.MinClasses < 3 || p.MinClasses > 4:
		return Errorf(Invalid, "min_classes", "字符种类应为 3 或 4 种")
	case p.ExpiryDays < 1 || p.ExpiryDays > 90:
		return Errorf(Invalid, "expiry_days", "有效期应在 1 到 90 天之间（等保要求定期更换）")
	case p.History < 5 || p.History > 24:
		return Errorf(Invalid, "history", "不可重复使用的历史密码数应在 5 到 24 之间")
	}
	return nil
}

// CheckPassword applies the policy to a new password. common reports
// whether a password is on the blocklist of common passwords.
func (p PasswordPolicy) CheckPassword(pw, userName string, common func(string) bool) error {
	n := utf8.RuneCountInString(pw)
	if n < p.MinLength {
		return Errorf(Invalid, "password", "密码至少 %d 个字符", p.MinLength)
	}
	if len(pw) > MaxPasswordLength {
		return Errorf(Invalid, "password", "密码最多 %d 字节", MaxPasswordLength)
	}
	if !utf8.ValidString(pw) || strings.ContainsFunc(pw, unicode.IsControl) {
		return Errorf(Invalid, "password", "密码不能含控制字符")
	}
	var lower, upper, digit, other bool
	for _, r := range pw {
		switch {
		case unicode.IsLower(r):
			lower = true
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsDigit(r):
			digit = true
		default:
			other = true
		}
	}
	classes := 0
	for _, b := range []bool{lower, upper, digit, other} {
		if b {
			classes++
		}
	}
	if classes < p.MinClasses {
		return Errorf(Invalid, "password", "密码须包含小写字母、大写字母、数字、符号中的至少 %d 种", p.MinClasses)
	}
	if userName != "" && strings.Contains(strings.ToLower(pw), strings.ToLower(userName)) {
		return Errorf(Invalid, "password", "密码不能包含用户名")
	}
	if common != nil && common(pw) {
		return Errorf(Invalid, "password", "这个密码太常见，容易被猜中，请换一个")
	}
	return nil
}

// CheckRole says whether a role and unit fit together for plan p.
func CheckRole(role Role, unit string, p *Plan) error {
	if role.NeedsUnit() && unit == "" {
		return Errorf(Invalid, "unit", "%s须属于一个部门或单位", role.Name())
	}
	if unit != "" && (role.Admin() || role == RoleLeader) {
		return Errorf(Invalid, "unit", "%s不属于具体部门", role.Name())
	}
	if unit != "" && p != nil {
		if _, ok := p.Lookup(unit); !ok {
			var keys []string
			for _, r := range p.Refs() {
				keys = append(keys, r.Unit.Key)
			}
			return Errorf(Invalid, "unit", "方案中没有部门或单位 %q；可用的键：%s", unit, strings.Join(keys, "、"))
		}
	}
	return nil
}
