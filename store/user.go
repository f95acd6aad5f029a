package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"dajia"
)

const userColumns = `id, name, display_name, role, unit, disabled, must_change_password, password_changed_at,
	failed_logins, locked_until, totp_enabled, created_at, last_login_at`

type rowScanner interface{ Scan(...any) error }

func scanUser(r rowScanner) (dajia.User, error) {
	var u dajia.User
	var role string
	var locked, last sql.NullTime
	err := r.Scan(&u.ID, &u.Name, &u.DisplayName, &role, &u.Unit, &u.Disabled, &u.MustChangePassword, &u.PasswordChangedAt,
		&u.FailedLogins, &locked, &u.TOTP, &u.CreatedAt, &last)
	u.Role = dajia.Role(role)
	u.LockedUntil, u.LastLoginAt = locked.Time, last.Time
	return u, err
}

// userView is what the audit trail keeps of an account: never a hash.
func userView(u dajia.User) map[string]any {
	return map[string]any{"name": u.Name, "display_name": u.DisplayName, "role": u.Role, "unit": u.Unit,
		"disabled": u.Disabled, "must_change_password": u.MustChangePassword, "totp": u.TOTP}
}

func userNotFound() error {
	return dajia.Errorf(dajia.NotFound, "user", "没有这个用户", "no such user")
}

func (tx *Tx) user(ctx context.Context, id int64) (dajia.User, error) {
	u, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return u, userNotFound()
	}
	return u, err
}

// NewUser is an account to create; PasswordHash is already hashed.
type NewUser struct {
	Name               string
	DisplayName        string
	Role               dajia.Role
	Unit               string
	PasswordHash       string
	MustChangePassword bool
}

// CreateUser adds an account. The caller has checked the role against the
// plan and the password against the policy.
func (db *DB) CreateUser(ctx context.Context, actor dajia.Actor, nu NewUser) (_ dajia.User, err error) {
	defer db.wrap(&err, "create user %s", nu.Name)
	if err := dajia.CheckUserName(nu.Name); err != nil {
		return dajia.User{}, err
	}
	if nu.DisplayName == "" {
		nu.DisplayName = nu.Name
	}
	var u dajia.User
	var denied error
	err = db.Transact(ctx, func(tx *Tx) error {
		if denied = actor.MayManage(dajia.AccountCreate, dajia.User{Name: nu.Name, Role: nu.Role}); denied != nil {
			return tx.Audit(ctx, actor, AuditEntry{Action: "user.create", Object: "user:?", Result: "denied",
				After: map[string]any{"name": nu.Name, "role": nu.Role}})
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE name = $1`, nu.Name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return dajia.Errorf(dajia.Conflict, "name", "用户名 %s 已被使用", "the user name %s is taken", nu.Name)
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO users (name, display_name, role, unit, password_hash, password_changed_at, must_change_password,
			disabled, failed_logins, totp_secret, totp_enabled, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, FALSE, 0, '', FALSE, $6) RETURNING id`,
			nu.Name, nu.DisplayName, string(nu.Role), nu.Unit, nu.PasswordHash, tx.Now, nu.MustChangePassword).Scan(&id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO password_history (user_id, hash, changed_at) VALUES ($1, $2, $3)`, id, nu.PasswordHash, tx.Now); err != nil {
			return err
		}
		var err error
		if u, err = tx.user(ctx, id); err != nil {
			return err
		}
		return tx.Audit(ctx, actor, AuditEntry{Action: "user.create", Object: fmt.Sprintf("user:%d", id), After: userView(u)})
	})
	if err == nil && denied != nil {
		return dajia.User{}, denied
	}
	return u, err
}

// EnsureFirstAdmin creates the first system administrator when there is no
// account at all; it reports whether it did.
func (db *DB) EnsureFirstAdmin(ctx context.Context, name, passwordHash string) (_ bool, err error) {
	defer db.wrap(&err, "create the first administrator %s", name)
	created := false
	err = db.Transact(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n); err != nil || n > 0 {
			return err
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO users (name, display_name, role, unit, password_hash, password_changed_at, must_change_password,
			disabled, failed_logins, totp_secret, totp_enabled, created_at) VALUES ($1, $2, $3, '', $4, $5, TRUE, FALSE, 0, '', FALSE, $5) RETURNING id`,
			name, "系统管理员", string(dajia.RoleSysadmin), passwordHash, tx.Now).Scan(&id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO password_history (user_id, hash, changed_at) VALUES ($1, $2, $3)`, id, passwordHash, tx.Now); err != nil {
			return err
		}
		created = true
		return tx.Audit(ctx, dajia.SystemActor(), AuditEntry{Action: "user.create", Object: fmt.Sprintf("user:%d", id),
			After: map[string]any{"name": name, "role": dajia.RoleSysadmin, "first_start": true}})
	})
	return created, err
}

// User returns an account by id.
func (db *DB) User(ctx context.Context, id int64) (_ dajia.User, err error) {
	defer db.wrap(&err, "load user %d", id)
	u, err := scanUser(db.read.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return u, userNotFound()
	}
	return u, db.dialect.mapErr(err)
}

// UserByName returns an account by login name.
func (db *DB) UserByName(ctx context.Context, name string) (_ dajia.User, err error) {
	defer db.wrap(&err, "load user %s", name)
	u, err := scanUser(db.read.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE name = $1`, name))
	if errors.Is(err, sql.ErrNoRows) {
		return u, userNotFound()
	}
	return u, db.dialect.mapErr(err)
}

// Users lists every account by name.
func (db *DB) Users(ctx context.Context) (_ []dajia.User, err error) {
	defer db.wrap(&err, "list users")
	rows, err := db.read.QueryContext(ctx, `SELECT `+userColumns+` FROM users ORDER BY name`)
	if err != nil {
		return nil, db.dialect.mapErr(err)
	}
	return collect(rows, scanUser)
}

// manageUser is one administrator's action on an account: in one
// transaction it asks the 三员分立 matrix (check) about the account as it is
// now, applies change, ends the account's sessions when endSessions is set,
// and audits before and after. A refused action changes nothing and is
// audited as denied.
func (db *DB) manageUser(ctx context.Context, actor dajia.Actor, id int64, action string, endSessions bool,
	check func(target dajia.User) error, change func(tx *Tx, u dajia.User) error) (dajia.User, error) {
	var after dajia.User
	var denied error
	err := db.Transact(ctx, func(tx *Tx) error {
		before, err := tx.user(ctx, id)
		if err != nil {
			return err
		}
		if denied = check(before); denied != nil {
			return tx.Audit(ctx, actor, AuditEntry{Action: action, Object: fmt.Sprintf("user:%d", id), Result: "denied", Before: userView(before)})
		}
		if err := change(tx, before); err != nil {
			return err
		}
		if endSessions {
			if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, id); err != nil {
				return err
			}
		}
		if after, err = tx.user(ctx, id); err != nil {
			return err
		}
		return tx.Audit(ctx, actor, AuditEntry{Action: action, Object: fmt.Sprintf("user:%d", id), Before: userView(before), After: userView(after)})
	})
	if err == nil && denied != nil {
		return dajia.User{}, denied
	}
	return after, err
}

// updateUser is the account holder changing their own account.
func (db *DB) updateUser(ctx context.Context, actor dajia.Actor, action string, change func(tx *Tx, u dajia.User) error) (dajia.User, error) {
	return db.manageUser(ctx, actor, actor.UserID, action, false, func(dajia.User) error { return nil }, change)
}

// SetDisabled disables or enables an account; disabling ends its sessions
// and API tokens stop working.
func (db *DB) SetDisabled(ctx context.Context, actor dajia.Actor, id int64, disabled bool) (_ dajia.User, err error) {
	defer db.wrap(&err, "disable user %d", id)
	action, act := "user.enable", dajia.AccountEnable
	if disabled {
		action, act = "user.disable", dajia.AccountDisable
	}
	return db.manageUser(ctx, actor, id, action, disabled, func(u dajia.User) error { return actor.MayManage(act, u) },
		func(tx *Tx, u dajia.User) error {
			_, err := tx.ExecContext(ctx, `UPDATE users SET disabled = $1 WHERE id = $2`, disabled, id)
			return err
		})
}

// SetRole changes an account's role and unit; its sessions end so the new
// rights apply at once.
func (db *DB) SetRole(ctx context.Context, actor dajia.Actor, id int64, role dajia.Role, unit string) (_ dajia.User, err error) {
	defer db.wrap(&err, "set the role of user %d", id)
	return db.manageUser(ctx, actor, id, "user.role", true, func(u dajia.User) error { return actor.MayChangeRole(u, role) },
		func(tx *Tx, u dajia.User) error {
			_, err := tx.ExecContext(ctx, `UPDATE users SET role = $1, unit = $2 WHERE id = $3`, string(role), unit, id)
			return err
		})
}

// Unlock clears a lockout.
func (db *DB) Unlock(ctx context.Context, actor dajia.Actor, id int64) (_ dajia.User, err error) {
	defer db.wrap(&err, "unlock user %d", id)
	return db.manageUser(ctx, actor, id, "user.unlock", false, func(u dajia.User) error { return actor.MayManage(dajia.AccountUnlock, u) },
		func(tx *Tx, u dajia.User) error {
			_, err := tx.ExecContext(ctx, `UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1`, id)
			return err
		})
}

// ResetPassword sets a one-time password that must be changed at the next
// login, and ends the account's sessions. It clears nothing else: the
// second factor stays in force, and a lockout or the failures counted
// towards one stay, so that resetting again and again cannot buy more
// guesses at the one-time code.
func (db *DB) ResetPassword(ctx context.Context, actor dajia.Actor, id int64, hash string) (_ dajia.User, err error) {
	defer db.wrap(&err, "reset the password of user %d", id)
	return db.manageUser(ctx, actor, id, "user.reset_password", true, func(u dajia.User) error { return actor.MayManage(dajia.AccountResetPassword, u) },
		func(tx *Tx, u dajia.User) error {
			if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $1, password_changed_at = $2, must_change_password = TRUE WHERE id = $3`,
				hash, tx.Now, id); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO password_history (user_id, hash, changed_at) VALUES ($1, $2, $3)`, id, hash, tx.Now)
			return err
		})
}

// ChangePassword is the account holder changing their own password. check
// gets the current hash and the last history hashes and refuses a wrong
// current password or a reused one. Every session of the account ends but
// the one given (the session the change was made in).
func (db *DB) ChangePassword(ctx context.Context, actor dajia.Actor, keepSession int64, newHash string, history int,
	check func(current string, previous []string) error) (err error) {
	defer db.wrap(&err, "change the password of user %d", actor.UserID)
	_, err = db.updateUser(ctx, actor, "user.change_password", func(tx *Tx, u dajia.User) error {
		var current string
		if err := tx.QueryRowContext(ctx, `SELECT password_hash FROM users WHERE id = $1`, u.ID).Scan(&current); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT hash FROM password_history WHERE user_id = $1 ORDER BY changed_at DESC LIMIT $2`, u.ID, history)
		if err != nil {
			return err
		}
		var prev []string
		for rows.Next() {
			var h string
			if err := rows.Scan(&h); err != nil {
				rows.Close()
				return err
			}
			prev = append(prev, h)
		}
		rows.Close()
		if err := check(current, prev); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $1, password_changed_at = $2, must_change_password = FALSE WHERE id = $3`, newHash, tx.Now, u.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO password_history (user_id, hash, changed_at) VALUES ($1, $2, $3)`, u.ID, newHash, tx.Now); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1 AND id <> $2`, u.ID, keepSession)
		return err
	})
	return err
}

// SetTOTP stores a sealed TOTP secret and whether it is in force.
func (db *DB) SetTOTP(ctx context.Context, actor dajia.Actor, sealedSecret string, enabled bool) (err error) {
	defer db.wrap(&err, "set the second factor of user %d", actor.UserID)
	action := map[bool]string{true: "user.totp_enable", false: "user.totp_disable"}[enabled]
	_, err = db.updateUser(ctx, actor, action, func(tx *Tx, u dajia.User) error {
		_, err := tx.ExecContext(ctx, `UPDATE users SET totp_secret = $1, totp_enabled = $2 WHERE id = $3`, sealedSecret, enabled, u.ID)
		return err
	})
	return err
}

// TOTPSecret returns the sealed TOTP secret of an account.
func (db *DB) TOTPSecret(ctx context.Context, id int64) (_ string, err error) {
	defer db.wrap(&err, "load the second factor of user %d", id)
	var s string
	err = db.read.QueryRowContext(ctx, `SELECT totp_secret FROM users WHERE id = $1`, id).Scan(&s)
	if errors.Is(err, sql.ErrNoRows) {
		return "", userNotFound()
	}
	return s, err
}

// ErrLogin is the one answer to a failed login, whatever failed, so that
// user names cannot be probed.
func ErrLogin() error {
	return dajia.Errorf(dajia.Unauthorized, "password", "用户名或密码错误，或账号已被锁定或停用", "wrong user name or password, or the account is locked or disabled")
}

// LoginResult is what a successful password check gives.
type LoginResult struct {
	User       dajia.User
	Token      string // to put in the cookie
	SessionID  int64
	MFAPending bool // the second factor is still to come
}

// Login checks a password and opens a session. verify compares a hash
// with the password (false and an error when it could not, e.g. because
// hashing is busy); it runs between two short transactions, because
// hashing is slow.
//
// Each attempt first takes one try from the account's allowance, in one
// atomic increment of failed_logins that also locks the row until the
// transaction ends: parallel attempts cannot all read the same count (on
// PostgreSQL under READ COMMITTED they did), so at most MaxFailedLogins
// passwords are ever compared before the account locks; the rest are
// refused unchecked and lock it. A good password gives its try back; the
// counter starts again from zero only when the whole sign-in, second
// factor included, succeeds. An unknown, disabled or locked account is
// compared with dummyHash, so that every refusal takes as long. Failures
// are counted in the database, so a restart does not reset them.
func (db *DB) Login(ctx context.Context, name, address, userAgent, dummyHash string, verify func(hash string) (bool, error), newToken func() (string, string)) (_ LoginResult, err error) {
	defer db.wrap(&err, "sign in")
	actor := dajia.Actor{Name: name, Address: address}
	var id int64
	hash := dummyHash
	var fail error
	err = db.Transact(ctx, func(tx *Tx) error {
		var tries int
		var disabled bool
		var locked sql.NullTime
		err := tx.QueryRowContext(ctx, `UPDATE users SET failed_logins = failed_logins + 1 WHERE name = $1
			RETURNING id, role, password_hash, failed_logins, disabled, locked_until`, name).Scan(&id, &actor.Role, &hash, &tries, &disabled, &locked)
		if errors.Is(err, sql.ErrNoRows) {
			id, hash, fail = 0, dummyHash, ErrLogin()
			return tx.Audit(ctx, actor, AuditEntry{Action: "login.failed", Object: "user:?", Result: "failed", After: map[string]any{"reason": "unknown user"}})
		}
		if err != nil {
			return err
		}
		actor.UserID = id
		adm := dajia.LoginLockout().Admit(tries, disabled, locked.Time, tx.Now)
		switch adm {
		case dajia.CheckSecret:
			return nil
		case dajia.RefuseAndLock:
			err = tx.lock(ctx, id)
		default:
			_, err = tx.ExecContext(ctx, `UPDATE users SET failed_logins = failed_logins - 1 WHERE id = $1`, id) // not a try: give it back
		}
		if err != nil {
			return err
		}
		id, hash, fail = 0, dummyHash, ErrLogin()
		return tx.Audit(ctx, actor, AuditEntry{Action: "login.failed", Object: fmt.Sprintf("user:%d", actor.UserID), Result: "failed", After: map[string]any{"reason": adm.Reason()}})
	})
	if err != nil {
		return LoginResult{}, err
	}
	ok, verr := verify(hash)
	if fail != nil || verr != nil {
		if verr != nil && id != 0 {
			// Not checked, so not a try: give it back.
			err = db.Transact(ctx, func(tx *Tx) error { return tx.giveBackTry(ctx, id) })
		}
		return LoginResult{}, errors.Join(fail, verr, err)
	}
	var res LoginResult
	err = db.Transact(ctx, func(tx *Tx) error {
		u, err := tx.user(ctx, id)
		if err != nil {
			return err
		}
		if !ok {
			fail = ErrLogin()
			reason := "wrong password"
			spent, err := tx.lockWhenSpent(ctx, id)
			if err != nil {
				return err
			}
			if spent {
				reason = "wrong password; account locked"
			}
			return tx.Audit(ctx, actor, AuditEntry{Action: "login.failed", Object: fmt.Sprintf("user:%d", id), Result: "failed", After: map[string]any{"reason": reason}})
		}
		if u.Disabled || u.Locked(tx.Now) {
			// Locked or disabled while the password was being checked.
			fail = ErrLogin()
			return tx.Audit(ctx, actor, AuditEntry{Action: "login.failed", Object: fmt.Sprintf("user:%d", id), Result: "failed",
				After: map[string]any{"reason": map[bool]string{true: "disabled", false: "locked"}[u.Disabled]}})
		}
		if u.TOTP {
			// Half-way: the try is given back, but the failures before it
			// stand until the second factor is through.
			if err := tx.giveBackTry(ctx, id); err != nil {
				return err
			}
		} else if _, err := tx.ExecContext(ctx, `UPDATE users SET failed_logins = 0 WHERE id = $1`, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET last_login_at = $1 WHERE id = $2`, tx.Now, id); err != nil {
			return err
		}
		token, tokenHash := newToken()
		if err := tx.QueryRowContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, mfa_pending, address, user_agent)
			VALUES ($1, $2, $3, $3, $4, $5, $6) RETURNING id`, tokenHash, id, tx.Now, u.TOTP, address, truncate(userAgent, 300)).Scan(&res.SessionID); err != nil {
			return err
		}
		res.User, res.Token, res.MFAPending = u, token, u.TOTP
		action := "login.ok"
		if u.TOTP {
			action = "login.password_ok"
		}
		return tx.Audit(ctx, actor, AuditEntry{Action: action, Object: fmt.Sprintf("user:%d", id), After: map[string]any{"session": res.SessionID}})
	})
	if err != nil {
		return LoginResult{}, err
	}
	if fail != nil {
		return LoginResult{}, fail
	}
	return res, nil
}

// giveBackTry undoes the increment of an attempt that turned out not to be
// a failure; a lockout in the meantime may have reset the count already.
func (tx *Tx) giveBackTry(ctx context.Context, id int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE users SET failed_logins = CASE WHEN failed_logins > 0 THEN failed_logins - 1 ELSE 0 END WHERE id = $1`, id)
	return err
}

// lock locks an account for as long as the lockout rule says, counts from
// zero again and ends any sign-in still waiting for its second factor.
func (tx *Tx) lock(ctx context.Context, id int64) error {
	if _, err := tx.ExecContext(ctx, `UPDATE users SET failed_logins = 0, locked_until = $1 WHERE id = $2`, dajia.LoginLockout().Until(tx.Now), id); err != nil {
		return fmt.Errorf("lock user %d: %w", id, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1 AND mfa_pending = TRUE`, id); err != nil {
		return fmt.Errorf("end pending sign-ins of user %d: %w", id, err)
	}
	return nil
}

// lockWhenSpent locks the account when the lockout rule says its failures
// have used up the allowance. The count is read by an update that takes
// the row's write lock until the transaction ends, so two failures
// finishing at once are decided one after the other and lock once.
func (tx *Tx) lockWhenSpent(ctx context.Context, id int64) (bool, error) {
	var failures int
	if err := tx.QueryRowContext(ctx, `UPDATE users SET failed_logins = failed_logins WHERE id = $1 RETURNING failed_logins`, id).Scan(&failures); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return false, userNotFound()
		}
		return false, fmt.Errorf("count failed sign-ins of user %d: %w", id, err)
	}
	if !dajia.LoginLockout().Spent(failures) {
		return false, nil
	}
	return true, tx.lock(ctx, id)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// Session is a signed-in browser.
type Session struct {
	ID         int64
	UserID     int64
	CreatedAt  time.Time
	LastSeenAt time.Time
	MFAPending bool
	Address    string
	UserAgent  string
	Current    bool // the session of the request that lists it
}

// SessionUser resolves a session token. A session past its idle or
// absolute limit, or of a disabled account, is deleted and not found.
// Activity is recorded at most once a minute to spare the database.
func (db *DB) SessionUser(ctx context.Context, tokenHash string) (_ Session, _ dajia.User, err error) {
	defer db.wrap(&err, "resolve session")
	var s Session
	row := db.read.QueryRowContext(ctx, `SELECT s.id, s.user_id, s.created_at, s.last_seen_at, s.mfa_pending, s.address, s.user_agent
		FROM sessions s WHERE s.token_hash = $1`, tokenHash)
	if err := row.Scan(&s.ID, &s.UserID, &s.CreatedAt, &s.LastSeenAt, &s.MFAPending, &s.Address, &s.UserAgent); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return s, dajia.User{}, dajia.Errorf(dajia.Unauthorized, "", "请先登录", "please sign in")
		}
		return s, dajia.User{}, db.dialect.mapErr(err)
	}
	u, err := db.User(ctx, s.UserID)
	if err != nil {
		return s, u, err
	}
	now := db.clock.Now()
	limit := dajia.SessionIdle
	if s.MFAPending {
		limit = dajia.MFAPendingLimit
	}
	if u.Disabled || now.Sub(s.LastSeenAt) > limit || now.Sub(s.CreatedAt) > dajia.SessionLifetime {
		reason := map[bool]string{true: "disabled", false: "expired"}[u.Disabled]
		if err := db.Transact(ctx, func(tx *Tx) error {
			res, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE id = $1`, s.ID)
			if err != nil {
				return err
			}
			n, err := res.RowsAffected()
			if err != nil {
				return err
			}
			if n == 0 {
				return nil
			}
			return tx.Audit(ctx, dajia.Actor{UserID: u.ID, Name: u.Name, Role: u.Role, Address: s.Address},
				AuditEntry{Action: "session.end", Object: fmt.Sprintf("session:%d", s.ID), After: map[string]any{"reason": reason}})
		}); err != nil {
			return s, dajia.User{}, err
		}
		return s, dajia.User{}, dajia.Errorf(dajia.Unauthorized, "", "登录已过期，请重新登录", "your session has ended; please sign in again")
	}
	if now.Sub(s.LastSeenAt) > time.Minute {
		if _, err := db.write.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $1 WHERE id = $2`, now.Truncate(time.Microsecond), s.ID); err != nil {
			return s, u, db.dialect.mapErr(err)
		}
	}
	return s, u, nil
}

// CompleteMFA finishes a login after the second factor: the pending session
// is replaced by a new one under a new token. check compares the code; it
// runs inside the transaction, after the attempt has taken a try from the
// account's allowance (the increment locks the row, so parallel guesses
// queue), so a locked account's code is never checked. A wrong code is
// audited and counts towards the lockout like a wrong password; the count
// starts again only when a code is right.
func (db *DB) CompleteMFA(ctx context.Context, actor dajia.Actor, sessionID int64, check func() bool, newToken func() (string, string)) (_ string, err error) {
	defer db.wrap(&err, "complete the sign-in of user %d", actor.UserID)
	var token string
	var fail error
	err = db.Transact(ctx, func(tx *Tx) error {
		var tries int
		var disabled bool
		var locked sql.NullTime
		if err := tx.QueryRowContext(ctx, `UPDATE users SET failed_logins = failed_logins + 1 WHERE id = $1
			RETURNING failed_logins, disabled, locked_until`, actor.UserID).Scan(&tries, &disabled, &locked); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return userNotFound()
			}
			return err
		}
		audit := func(reason string) error {
			fail = dajia.Errorf(dajia.Unauthorized, "code", "动态验证码错误，或账号已被锁定或停用", "wrong one-time code, or the account is locked or disabled")
			return tx.Audit(ctx, actor, AuditEntry{Action: "login.failed", Object: fmt.Sprintf("user:%d", actor.UserID), Result: "failed", After: map[string]any{"reason": reason}})
		}
		var pending bool
		err := tx.QueryRowContext(ctx, `SELECT mfa_pending FROM sessions WHERE id = $1 AND user_id = $2`, sessionID, actor.UserID).Scan(&pending)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && !pending) {
			// Ended by a lockout meanwhile, or already through.
			if err := tx.giveBackTry(ctx, actor.UserID); err != nil {
				return err
			}
			fail = dajia.Errorf(dajia.Unauthorized, "", "请重新登录", "please sign in again")
			return nil
		}
		if err != nil {
			return err
		}
		switch adm := dajia.LoginLockout().Admit(tries, disabled, locked.Time, tx.Now); {
		case adm == dajia.RefuseDisabled || adm == dajia.RefuseLocked:
			if err := tx.giveBackTry(ctx, actor.UserID); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE id = $1`, sessionID); err != nil {
				return err
			}
			return audit(adm.Reason())
		case adm == dajia.RefuseAndLock:
			if err := tx.lock(ctx, actor.UserID); err != nil {
				return err
			}
			return audit(adm.Reason())
		case !check():
			reason := "wrong one-time code"
			spent, err := tx.lockWhenSpent(ctx, actor.UserID)
			if err != nil {
				return err
			}
			if spent {
				reason = "wrong one-time code; account locked"
			}
			return audit(reason)
		}
		t, h := newToken()
		if _, err := tx.ExecContext(ctx, `UPDATE sessions SET token_hash = $1, mfa_pending = FALSE, last_seen_at = $2 WHERE id = $3`, h, tx.Now, sessionID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET failed_logins = 0 WHERE id = $1`, actor.UserID); err != nil {
			return err
		}
		token = t
		return tx.Audit(ctx, actor, AuditEntry{Action: "login.ok", Object: fmt.Sprintf("user:%d", actor.UserID), After: map[string]any{"session": sessionID, "totp": true}})
	})
	if err != nil {
		return "", err
	}
	return token, fail
}

// Logout ends a session.
func (db *DB) Logout(ctx context.Context, actor dajia.Actor, sessionID int64) (err error) {
	defer db.wrap(&err, "sign out session %d", sessionID)
	return db.Transact(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE id = $1 AND user_id = $2`, sessionID, actor.UserID); err != nil {
			return err
		}
		return tx.Audit(ctx, actor, AuditEntry{Action: "logout", Object: fmt.Sprintf("session:%d", sessionID)})
	})
}

// Sessions lists an account's sessions, newest first.
func (db *DB) Sessions(ctx context.Context, userID int64) (_ []Session, err error) {
	defer db.wrap(&err, "list sessions of user %d", userID)
	rows, err := db.read.QueryContext(ctx, `SELECT id, user_id, created_at, last_seen_at, mfa_pending, address, user_agent FROM sessions WHERE user_id = $1 ORDER BY created_at DESC`, userID)
	if err != nil {
		return nil, db.dialect.mapErr(err)
	}
	defer rows.Close()
	var out []Session
	for rows.Next() {
		var s Session
		if err := rows.Scan(&s.ID, &s.UserID, &s.CreatedAt, &s.LastSeenAt, &s.MFAPending, &s.Address, &s.UserAgent); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// RevokeSession ends one of the actor's own sessions; another account's
// session is not found, so ids cannot be probed.
func (db *DB) RevokeSession(ctx context.Context, actor dajia.Actor, id int64) (err error) {
	defer db.wrap(&err, "revoke session %d", id)
	return db.Transact(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE id = $1 AND user_id = $2`, id, actor.UserID)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if n == 0 {
			return dajia.Errorf(dajia.NotFound, "session", "没有这个会话", "no such session")
		}
		return tx.Audit(ctx, actor, AuditEntry{Action: "session.revoke", Object: fmt.Sprintf("session:%d", id)})
	})
}
