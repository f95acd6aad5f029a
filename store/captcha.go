package store

import (
	"context"
	"time"
)

// UseCaptcha spends a check question's nonce: true the first time, false
// once it was spent. Spent nonces are kept until their question expires,
// since after that the question is refused anyway. Not audited: it is
// abuse control of anonymous visitors, not a change to a record.
func (db *DB) UseCaptcha(ctx context.Context, nonce string, expires time.Time) (_ bool, err error) {
	defer db.wrap(&err, "spend a check question")
	var fresh bool
	err = db.Transact(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM captcha_uses WHERE expires_at < $1`, tx.Now.Unix()); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO captcha_uses (nonce, expires_at) VALUES ($1, $2) ON CONFLICT (nonce) DO NOTHING`, nonce, expires.Unix())
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		fresh = n == 1
		return err
	})
	return fresh, err
}
