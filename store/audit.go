package store

import (
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"dajia"
)

// AuditEntry is what a use case records of itself.
type AuditEntry struct {
	Action string // e.g. user.create, login.failed, plan.import
	Object string // e.g. user:12, plan:zs-gangkou-2017@2
	Result string // ok (default), failed, denied
	Before any    // the object before the change, if any
	After  any    // the object after the change, if any
}

// AuditRecord is one record of the audit trail.
type AuditRecord struct {
	Seq      int64     `json:"seq"`
	At       time.Time `json:"at"`
	Actor    string    `json:"actor"`
	ActorID  int64     `json:"actor_id"`
	Role     string    `json:"role"`
	Address  string    `json:"address"`
	Action   string    `json:"action"`
	Object   string    `json:"object"`
	Result   string    `json:"result"`
	Before   string    `json:"before"`
	After    string    `json:"after"`
	PrevHash string    `json:"-"`
	Hash     string    `json:"-"`
}

// canonical is the byte string the MAC covers: every field, in order, with
// the hash of the record before.
func (r AuditRecord) canonical() []byte {
	b, _ := json.Marshal([]any{r.Seq, r.At.UTC().Format(time.RFC3339Nano), r.Actor, r.ActorID, r.Role, r.Address,
		r.Action, r.Object, r.Result, r.Before, r.After, r.PrevHash})
	return b
}

func jsonText(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("audit: encode: %w", err)
	}
	return string(b), nil
}

// Audit writes one audit record in the transaction, so that the change and
// its record commit together or not at all. The head row's lock orders
// concurrent writers on PostgreSQL; SQLite has one writer.
func (tx *Tx) Audit(ctx context.Context, actor dajia.Actor, e AuditEntry) error {
	before, err := jsonText(e.Before)
	if err != nil {
		return err
	}
	after, err := jsonText(e.After)
	if err != nil {
		return err
	}
	if e.Result == "" {
		e.Result = "ok"
	}
	r := AuditRecord{At: tx.Now, Actor: actor.Name, ActorID: actor.UserID, Role: string(actor.Role), Address: actor.Address,
		Action: e.Action, Object: e.Object, Result: e.Result, Before: before, After: after}
	if err := tx.QueryRowContext(ctx, `UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash`).Scan(&r.Seq, &r.PrevHash); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	r.Hash = hex.EncodeToString(tx.db.mac.Sum(r.canonical()))
	if _, err := tx.ExecContext(ctx, `INSERT INTO audit_log (seq, at, actor, actor_id, role, address, action, object, result, before_data, after_data, prev_hash, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
		r.Seq, r.At, r.Actor, r.ActorID, r.Role, r.Address, r.Action, r.Object, r.Result, r.Before, r.After, r.PrevHash, r.Hash); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE audit_head SET hash = $1 WHERE id = 1`, r.Hash); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

// Audit records an event that changes nothing else (an export, a denied
// request) in a transaction of its own.
func (db *DB) Audit(ctx context.Context, actor dajia.Actor, e AuditEntry) error {
	return db.Transact(ctx, func(tx *Tx) error { return tx.Audit(ctx, actor, e) })
}

// AuditFilter selects audit records; zero fields select everything.
type AuditFilter struct {
	From, To dajia.Date // days in China time, inclusive
	Actor    string
	Action   string // a prefix: "login" matches login.ok and login.failed
	Result   string
	Object   string // a prefix
	Before   int64  // only records with seq below this (paging)
	Limit    int
}

func (f AuditFilter) where() (string, []any) {
	var conds []string
	var args []any
	add := func(cond string, arg any) {
		args = append(args, arg)
		conds = append(conds, strings.ReplaceAll(cond, "?", fmt.Sprintf("$%d", len(args))))
	}
	if !f.From.IsZero() {
		add("at >= ?", time.Date(f.From.Year, f.From.Month, f.From.Day, 0, 0, 0, 0, dajia.ChinaTime))
	}
	if !f.To.IsZero() {
		add("at < ?", time.Date(f.To.Year, f.To.Month, f.To.Day+1, 0, 0, 0, 0, dajia.ChinaTime))
	}
	if f.Actor != "" {
		add("actor = ?", f.Actor)
	}
	if f.Action != "" {
		add(`action LIKE ? ESCAPE '\'`, likePrefix(f.Action))
	}
	if f.Result != "" {
		add("result = ?", f.Result)
	}
	if f.Object != "" {
		add(`object LIKE ? ESCAPE '\'`, likePrefix(f.Object))
	}
	if f.Before > 0 {
		add("seq < ?", f.Before)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// likePrefix escapes LIKE wildcards so a filter is a plain prefix.
func likePrefix(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s) + "%"
}

const auditColumns = `seq, at, actor, actor_id, role, address, action, object, result, before_data, after_data, prev_hash, hash`

func scanAudit(rows rowScanner) (AuditRecord, error) {
	var r AuditRecord
	err := rows.Scan(&r.Seq, &r.At, &r.Actor, &r.ActorID, &r.Role, &r.Address, &r.Action, &r.Object, &r.Result, &r.Before, &r.After, &r.PrevHash, &r.Hash)
	return r, err
}

// AuditLog lists records, newest first.
func (db *DB) AuditLog(ctx context.Context, f AuditFilter) ([]AuditRecord, error) {
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 100
	}
	where, args := f.where()
	args = append(args, f.Limit)
	rows, err := db.read.QueryContext(ctx, `SELECT `+auditColumns+` FROM audit_log`+where+fmt.Sprintf(` ORDER BY seq DESC LIMIT $%d`, len(args)), args...)
	if err != nil {
		return nil, db.dialect.mapErr(err)
	}
	return collect(rows, scanAudit)
}

// EachAudit streams the selected records, oldest first, to fn; for exports.
func (db *DB) EachAudit(ctx context.Context, f AuditFilter, fn func(AuditRecord) error) error {
	where, args := f.where()
	rows, err := db.read.QueryContext(ctx, `SELECT `+auditColumns+` FROM audit_log`+where+` ORDER BY seq`, args...)
	if err != nil {
		return db.dialect.mapErr(err)
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanAudit(rows)
		if err != nil {
			return err
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// AuditBreak names the first record that fails verification.
type AuditBreak struct {
	Seq    int64
	Reason string // Chinese
	En     string
}

// VerifyAudit walks the whole trail and checks every record's MAC and its
// link to the one before, the numbering, and that the head matches the last
// record. It returns how many records it checked and the first break.
func (db *DB) VerifyAudit(ctx context.Context) (int64, *AuditBreak, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+auditColumns+` FROM audit_log ORDER BY seq`)
	if err != nil {
		return 0, nil, db.dialect.mapErr(err)
	}
	defer rows.Close()
	var anchorSeq int64
	var anchorHash, anchorMAC string
	if err := db.read.QueryRowContext(ctx, `SELECT seq, hash, mac FROM audit_anchor WHERE id = 1`).Scan(&anchorSeq, &anchorHash, &anchorMAC); err != nil {
		return 0, nil, db.dialect.mapErr(err)
	}
	if anchorSeq != 0 && anchorMAC != db.anchorMAC(anchorSeq, anchorHash) {
		return 0, &AuditBreak{anchorSeq + 1, "审计记录的起点（清理后保留的第一条之前）被改动：可能有记录被非法删除", "the start of the retained trail was changed: records may have been deleted"}, nil
	}
	var n int64
	want, prev := anchorSeq+1, anchorHash
	for rows.Next() {
		r, err := scanAudit(rows)
		if err != nil {
			return n, nil, err
		}
		switch {
		case r.Seq != want:
			return n, &AuditBreak{want, fmt.Sprintf("缺少第 %d 条记录（下一条是第 %d 条）：记录被删除", want, r.Seq), fmt.Sprintf("record %d is missing (next is %d): records were deleted", want, r.Seq)}, nil
		case r.PrevHash != prev:
			return n, &AuditBreak{r.Seq, fmt.Sprintf("第 %d 条记录与上一条的链接不符：之前的记录被改动或删除", r.Seq), fmt.Sprintf("record %d does not link to the one before: earlier records were changed or removed", r.Seq)}, nil
		case hex.EncodeToString(db.mac.Sum(r.canonical())) != r.Hash:
			return n, &AuditBreak{r.Seq, fmt.Sprintf("第 %d 条记录的校验值不符：记录内容被改动", r.Seq), fmt.Sprintf("record %d fails its MAC: its content was changed", r.Seq)}, nil
		}
		prev, want = r.Hash, want+1
		n++
	}
	if err := rows.Err(); err != nil {
		return n, nil, err
	}
	var headSeq int64
	var headHash string
	if err := db.read.QueryRowContext(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&headSeq, &headHash); err != nil {
		return n, nil, err
	}
	if headSeq != want-1 || headHash != prev {
		return n, &AuditBreak{want, fmt.Sprintf("审计记录应到第 %d 条，实际只到第 %d 条：最近的记录被删除或改动", headSeq, want-1), fmt.Sprintf("the trail should end at record %d and ends at %d: the latest were deleted or changed", headSeq, want-1)}, nil
	}
	return n, nil, nil
}

// MinAuditRetentionDays is the shortest retention the law allows (网络安全法:
// logs kept at least six months).
const MinAuditRetentionDays = 180

const retentionKey = "audit_retention_days"

// AuditRetentionDays returns how long audit records are kept; 0 means for
// ever, the default.
func (db *DB) AuditRetentionDays(ctx context.Context) (int, error) {
	var v string
	err := db.read.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, retentionKey).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, db.dialect.mapErr(err)
	}
	var n int
	if _, err := fmt.Sscan(v, &n); err != nil {
		return 0, nil
	}
	return n, nil
}

// SetAuditRetentionDays sets the retention; less than 180 days is refused,
// 0 keeps records for ever.
func (db *DB) SetAuditRetentionDays(ctx context.Context, actor dajia.Actor, days int) error {
	if days != 0 && (days < MinAuditRetentionDays || days > 36500) {
		return dajia.Errorf(dajia.Invalid, "retention_days", "审计记录至少保存 %d 天（网络安全法要求不少于六个月）；0 表示永久保存", "audit records are kept at least %d days (six months by law); 0 keeps them for ever", MinAuditRetentionDays)
	}
	before, err := db.AuditRetentionDays(ctx)
	if err != nil {
		return err
	}
	return db.Transact(ctx, func(tx *Tx) error {
		if err := tx.setSetting(ctx, retentionKey, fmt.Sprint(days)); err != nil {
			return err
		}
		return tx.Audit(ctx, actor, AuditEntry{Action: "settings.audit_retention", Object: "settings:" + retentionKey, Before: before, After: days})
	})
}

func (tx *Tx) setSetting(ctx context.Context, key, value string) error {
	res, err := tx.ExecContext(ctx, `UPDATE settings SET value = $1, updated_at = $2 WHERE key = $3`, value, tx.Now, key)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		_, err = tx.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)`, key, value, tx.Now)
	}
	return err
}

func (db *DB) anchorMAC(seq int64, hash string) string {
	b, _ := json.Marshal([]any{"anchor", seq, hash})
	return hex.EncodeToString(db.mac.Sum(b))
}

// PurgeAudit removes records older than the retention period. The last
// removed record's number and hash become the anchor the remaining trail is
// verified from; the purge is itself audited. It returns how many records
// went.
func (db *DB) PurgeAudit(ctx context.Context, actor dajia.Actor) (int64, error) {
	days, err := db.AuditRetentionDays(ctx)
	if err != nil || days == 0 {
		return 0, err
	}
	if days < MinAuditRetentionDays {
		days = MinAuditRetentionDays
	}
	var n int64
	err = db.Transact(ctx, func(tx *Tx) error {
		cutoff := tx.Now.AddDate(0, 0, -days)
		var seq int64
		var hash string
		err := tx.QueryRowContext(ctx, `SELECT seq, hash FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log WHERE at < $1)`, cutoff).Scan(&seq, &hash)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		var from int64
		if err := tx.QueryRowContext(ctx, `SELECT seq FROM audit_anchor WHERE id = 1`).Scan(&from); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE audit_anchor SET seq = $1, hash = $2, mac = $3 WHERE id = 1`, seq, hash, db.anchorMAC(seq, hash)); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM audit_log WHERE seq <= $1`, seq)
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		return tx.Audit(ctx, actor, AuditEntry{Action: "audit.purge", Object: "audit_log",
			After: map[string]any{"retention_days": days, "before": cutoff, "removed_from": from + 1, "removed_to": seq, "count": n}})
	})
	return n, err
}
