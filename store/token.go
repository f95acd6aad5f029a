package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"dajia"
)

// APIToken is a bearer token for the JSON API; only its hash is stored.
type APIToken struct {
	ID         int64
	UserID     int64
	Label      string
	CreatedAt  time.Time
	LastUsedAt time.Time
	RevokedAt  time.Time
}

// CreateToken stores a new API token for an account.
func (db *DB) CreateToken(ctx context.Context, actor dajia.Actor, userID int64, label, tokenHash string) (_ APIToken, err error) {
	defer db.wrap(&err, "create a token for user %d", userID)
	t := APIToken{UserID: userID, Label: label}
	err = db.Transact(ctx, func(tx *Tx) error {
		u, err := tx.user(ctx, userID)
		if err != nil {
			return err
		}
		if u.Disabled {
			return dajia.Errorf(dajia.Invalid, "user", "账号 %s 已停用", "account %s is disabled", u.Name)
		}
		t.CreatedAt = tx.Now
		if err := tx.QueryRowContext(ctx, `INSERT INTO api_tokens (token_hash, user_id, label, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
			tokenHash, userID, label, tx.Now).Scan(&t.ID); err != nil {
			return err
		}
		return tx.Audit(ctx, actor, AuditEntry{Action: "token.create", Object: fmt.Sprintf("token:%d", t.ID), After: map[string]any{"user": u.Name, "label": label}})
	})
	return t, err
}

// TokenUser resolves a bearer token to its account; a revoked token or a
// disabled account is refused.
func (db *DB) TokenUser(ctx context.Context, tokenHash string) (_ dajia.User, err error) {
	defer db.wrap(&err, "resolve token")
	var id, userID int64
	var last, revoked sql.NullTime
	err = db.read.QueryRowContext(ctx, `SELECT id, user_id, last_used_at, revoked_at FROM api_tokens WHERE token_hash = $1`, tokenHash).Scan(&id, &userID, &last, &revoked)
	denied := dajia.Errorf(dajia.Unauthorized, "", "令牌无效或已撤销", "the token is invalid or revoked")
	if errors.Is(err, sql.ErrNoRows) || revoked.Valid {
		return dajia.User{}, denied
	}
	if err != nil {
		return dajia.User{}, db.dialect.mapErr(err)
	}
	u, err := db.User(ctx, userID)
	if err != nil || u.Disabled {
		return dajia.User{}, denied
	}
	now := db.clock.Now()
	if !last.Valid || now.Sub(last.Time) > time.Minute {
		if _, err := db.write.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $1 WHERE id = $2`, now.Truncate(time.Microsecond), id); err != nil {
			return u, db.dialect.mapErr(err)
		}
	}
	return u, nil
}

// Tokens lists an account's API tokens.
func (db *DB) Tokens(ctx context.Context, userID int64) (_ []APIToken, err error) {
	defer db.wrap(&err, "list tokens of user %d", userID)
	rows, err := db.read.QueryContext(ctx, `SELECT id, user_id, label, created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = $1 ORDER BY id DESC`, userID)
	if err != nil {
		return nil, db.dialect.mapErr(err)
	}
	defer rows.Close()
	var out []APIToken
	for rows.Next() {
		var t APIToken
		var last, revoked sql.NullTime
		if err := rows.Scan(&t.ID, &t.UserID, &t.Label, &t.CreatedAt, &last, &revoked); err != nil {
			return nil, err
		}
		t.LastUsedAt, t.RevokedAt = last.Time, revoked.Time
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken revokes one of the actor's own tokens; another account's
// token is not found.
func (db *DB) RevokeToken(ctx context.Context, actor dajia.Actor, id int64) (err error) {
	defer db.wrap(&err, "revoke token %d", id)
	return db.Transact(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL`, tx.Now, id, actor.UserID)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if n == 0 {
			return dajia.Errorf(dajia.NotFound, "token", "没有这个令牌", "no such token")
		}
		return tx.Audit(ctx, actor, AuditEntry{Action: "token.revoke", Object: fmt.Sprintf("token:%d", id)})
	})
}
