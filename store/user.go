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
func (db *DB) CreateUser(ctx context.Context, actor dajia.Actor, nu NewUser) (dajia.User, error) {
	if err := dajia.CheckUserName(nu.Name); err != nil {
		return dajia.User{}, err
	}
	if nu.DisplayName == "" {
		nu.DisplayName = nu.Name
	}
	var u dajia.User
	err := db.Transact(ctx, func(tx *Tx) error {
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
	return u, err
}

// EnsureFirstAdmin creates the first system administrator when there is no
// account at all; it reports whether it did.
func (db *DB) EnsureFirstAdmin(ctx context.Context, name, passwordHash string) (bool, error) {
	created := false
	err := db.Transact(ctx, func(tx *Tx) error {
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
func (db *DB) User(ctx context.Context, id int64) (dajia.User, error) {
	u, err := scanUser(db.read.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return u, userNotFound()
	}
	return u, db.dialect.mapErr(err)
}

// UserByName returns an account by login name.
func (db *DB) UserByName(ctx context.Context, name string) (dajia.User, error) {
	u, err := scanUser(db.read.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE name = $1`, name))
	if errors.Is(err, sql.ErrNoRows) {
		return u, userNotFound()
	}
	return u, db.dialect.mapErr(err)
}

// Users lists every account by name.
func (db *DB) Users(ctx context.Context) ([]dajia.User, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+userColumns+` FROM users ORDER BY name`)
	if err != nil {
		return nil, db.dialect.mapErr(err)
	}
	return collect(rows, scanUser)
}

// updateUser applies change to an account in a transaction, ends its
// sessions when endSessions is set, and audits before and after.
func (db *DB) updateUser(ctx context.Context, actor dajia.Actor, id int64, action string, endSessions bool, change func(tx *Tx, u dajia.User) error) (dajia.User, error) {
	var after dajia.User
	err := db.Transact(ctx, func(tx *Tx) error {
		before, err := tx.user(ctx, id)
		if err != nil {
			return err
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
	return after, err
}

// SetDisabled disables or enables an account; disabling ends its sessions
// and API tokens stop working.
func (db *DB) SetDisabled(ctx context.Context, actor dajia.Actor, id int64, disabled bool) (dajia.User, error) {
	if id == actor.UserID && disabled {
		return dajia.User{}, dajia.Errorf(dajia.Invalid, "user", "不能停用自己的账号", "you cannot disable your own account")
	}
	action := map[bool]string{true: "user.disable", false: "user.enable"}[disabled]
	return db.updateUser(ctx, actor, id, action, disabled, func(tx *Tx, u dajia.User) error {
		_, err := tx.ExecContext(ctx, `UPDATE users SET disabled = $1 WHERE id = $2`, disabled, id)
		return err
	})
}

// SetRole changes an account's role and unit; its sessions end so the new
// rights apply at once.
func (db *DB) SetRole(ctx context.Context, actor dajia.Actor, id int64, role dajia.Role, unit string) (dajia.User, error) {
	if id == actor.UserID {
		return dajia.User{}, dajia.Errorf(dajia.Invalid, "role", "不能修改自己的角色", "you cannot change your own role")
	}
	return db.updateUser(ctx, actor, id, "user.role", true, func(tx *Tx, u dajia.User) error {
		_, err := tx.ExecContext(ctx, `UPDATE users SET role = $1, unit = $2 WHERE id = $3`, string(role), unit, id)
		return err
	})
}

// Unlock clears a lockout.
func (db *DB) Unlock(ctx context.Context, actor dajia.Actor, id int64) (dajia.User, error) {
	return db.updateUser(ctx, actor, id, "user.unlock", false, func(tx *Tx, u dajia.User) error {
		_, err := tx.ExecContext(ctx, `UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1`, id)
		return err
	})
}

// ResetPassword sets a one-time password that must be changed at the next
// login, and ends the account's sessions.
func (db *DB) ResetPassword(ctx context.Context, actor dajia.Actor, id int64, hash string) (dajia.User, error) {
	return db.updateUser(ctx, actor, id, "user.reset_password", true, func(tx *Tx, u dajia.User) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $1, password_changed_at = $2, must_change_password = TRUE,
			failed_logins = 0, locked_until = NULL WHERE id = $3`, hash, tx.Now, id); err != nil {
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
	check func(current string, previous []string) error) error {
	_, err := db.updateUser(ctx, actor, actor.UserID, "user.change_password", false, func(tx *Tx, u dajia.User) error {
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
func (db *DB) SetTOTP(ctx context.Context, actor dajia.Actor, sealedSecret string, enabled bool) error {
	action := map[bool]string{true: "user.totp_enable", false: "user.totp_disable"}[enabled]
	_, err := db.updateUser(ctx, actor, actor.UserID, action, false, func(tx *Tx, u dajia.User) error {
		_, err := tx.ExecContext(ctx, `UPDATE users SET totp_secret = $1, totp_enabled = $2 WHERE id = $3`, sealedSecret, enabled, u.ID)
		return err
	})
	return err
}

// TOTPSecret returns the sealed TOTP secret of an account.
func (db *DB) TOTPSecret(ctx context.Context, id int64) (string, error) {
	var s string
	err := db.read.QueryRowContext(ctx, `SELECT totp_secret FROM users WHERE id = $1`, id).Scan(&s)
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

// Login checks a password and opens a session. verify compares the stored
// hash (or, for an unknown user, a dummy) with the password outside the
// transaction, because hashing is slow. Failures count towards the lockout
// in the database, so a restart does not reset them.
func (db *DB) Login(ctx context.Context, name, address, userAgent, dummyHash string, verify func(hash string) bool, newToken func() (string, string)) (LoginResult, error) {
	var res LoginResult
	var id int64
	hash := dummyHash
	err := db.read.QueryRowContext(ctx, `SELECT id, password_hash FROM users WHERE name = $1`, name).Scan(&id, &hash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return res, db.dialect.mapErr(err)
	}
	ok := verify(hash) && id != 0
	actor := dajia.Actor{UserID: id, Name: name, Address: address}
	var fail error
	err = db.Transact(ctx, func(tx *Tx) error {
		if id == 0 {
			fail = ErrLogin()
			return tx.Audit(ctx, actor, AuditEntry{Action: "login.failed", Object: "user:?", Result: "failed", After: map[string]any{"reason": "unknown user"}})
		}
		u, err := tx.user(ctx, id)
		if err != nil {
			return err
		}
		actor.Role = u.Role
		reason := ""
		switch {
		case u.Disabled:
			reason = "disabled"
		case u.Locked(tx.Now):
			reason = "locked"
		case !ok:
			reason = "wrong password"
		}
		if reason != "" {
			fail = ErrLogin()
			if reason == "wrong password" {
				failed := u.FailedLogins + 1
				var until any
				if failed >= dajia.MaxFailedLogins {
					until, failed = tx.Now.Add(dajia.LockDuration), 0
					reason = "wrong password; account locked"
				}
				if _, err := tx.ExecContext(ctx, `UPDATE users SET failed_logins = $1, locked_until = COALESCE($2, locked_until) WHERE id = $3`, failed, until, id); err != nil {
					return err
				}
			}
			return tx.Audit(ctx, actor, AuditEntry{Action: "login.failed", Object: fmt.Sprintf("user:%d", id), Result: "failed", After: map[string]any{"reason": reason}})
		}
		token, tokenHash := newToken()
		if _, err := tx.ExecContext(ctx, `UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = $1 WHERE id = $2`, tx.Now, id); err != nil {
			return err
		}
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
	return res, fail
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
func (db *DB) SessionUser(ctx context.Context, tokenHash string) (Session, dajia.User, error) {
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
		db.Transact(ctx, func(tx *Tx) error {
			res, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE id = $1`, s.ID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return nil
			}
			return tx.Audit(ctx, dajia.Actor{UserID: u.ID, Name: u.Name, Role: u.Role, Address: s.Address},
				AuditEntry{Action: "session.end", Object: fmt.Sprintf("session:%d", s.ID), After: map[string]any{"reason": reason}})
		})
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
// is replaced by a new one under a new token. A wrong code is audited and
// counts towards the lockout like a wrong password.
func (db *DB) CompleteMFA(ctx context.Context, actor dajia.Actor, sessionID int64, codeOK bool, newToken func() (string, string)) (string, error) {
	var token string
	var fail error
	err := db.Transact(ctx, func(tx *Tx) error {
		if !codeOK {
			fail = dajia.Errorf(dajia.Unauthorized, "code", "动态验证码错误", "wrong one-time code")
			var failed int
			if err := tx.QueryRowContext(ctx, `UPDATE users SET failed_logins = failed_logins + 1 WHERE id = $1 RETURNING failed_logins`, actor.UserID).Scan(&failed); err != nil {
				return err
			}
			if failed >= dajia.MaxFailedLogins {
				if _, err := tx.ExecContext(ctx, `UPDATE users SET failed_logins = 0, locked_until = $1 WHERE id = $2`, tx.Now.Add(dajia.LockDuration), actor.UserID); err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE id = $1`, sessionID); err != nil {
					return err
				}
			}
			return tx.Audit(ctx, actor, AuditEntry{Action: "login.failed", Object: fmt.Sprintf("user:%d", actor.UserID), Result: "failed", After: map[string]any{"reason": "wrong one-time code"}})
		}
		t, h := newToken()
		res, err := tx.ExecContext(ctx, `UPDATE sessions SET token_hash = $1, mfa_pending = FALSE, last_seen_at = $2 WHERE id = $3 AND mfa_pending = TRUE`, h, tx.Now, sessionID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return dajia.Errorf(dajia.Unauthorized, "", "请重新登录", "please sign in again")
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
func (db *DB) Logout(ctx context.Context, actor dajia.Actor, sessionID int64) error {
	return db.Transact(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE id = $1 AND user_id = $2`, sessionID, actor.UserID); err != nil {
			return err
		}
		return tx.Audit(ctx, actor, AuditEntry{Action: "logout", Object: fmt.Sprintf("session:%d", sessionID)})
	})
}

// Sessions lists an account's sessions, newest first.
func (db *DB) Sessions(ctx context.Context, userID int64) ([]Session, error) {
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
func (db *DB) RevokeSession(ctx context.Context, actor dajia.Actor, id int64) error {
	return db.Transact(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE id = $1 AND user_id = $2`, id, actor.UserID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return dajia.Errorf(dajia.NotFound, "session", "没有这个会话", "no such session")
		}
		return tx.Audit(ctx, actor, AuditEntry{Action: "session.revoke", Object: fmt.Sprintf("session:%d", id)})
	})
}
