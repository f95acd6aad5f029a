package store

import (
	"context"
	"crypto/hmac"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"dajia"
)

// AuditEntry is what a use case records of itself.
type AuditEntry struct {
	Action string // e.g. user.create, login.failed, plan.import
	Object string // e.g. user:12, plan:zs-gangkou-2017@2
	Result string // ok (default), failed, denied
	// The object before and after the change, if any. The trail keeps the
	// names of the fields that differ and the values only of those that
	// are not content (audit_fields.go).
	Before any
	After  any
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
	Fields   string    `json:"fields"` // the names of the fields changed, a JSON array; empty in older records
	Before   string    `json:"before"` // the values kept of the changed fields before (see audit_fields.go)
	After    string    `json:"after"`
	PrevHash string    `json:"-"`
	Hash     string    `json:"-"`
	public   bool      // a draft's: Address is a visitor's, to be tagged
}

// canonical is the byte string the MAC covers: every field, in order, with
// the hash of the record before. Records that name their changed fields
// have them under the MAC too; older records keep the form they were signed
// in, so that they still verify.
func (r AuditRecord) canonical() []byte {
	v := []any{r.Seq, r.At.UTC().Format(time.RFC3339Nano), r.Actor, r.ActorID, r.Role, r.Address,
		r.Action, r.Object, r.Result, r.Before, r.After, r.PrevHash}
	if r.Fields != "" {
		v = append(v, r.Fields)
	}
	b, _ := json.Marshal(v)
	return b
}

// Audit writes one audit record in the transaction, so that the change and
// its record commit together or not at all. Of Before and After it keeps the
// names of the changed fields and only the values that are not content
// (audit_fields.go); of a public visitor's address, a keyed hash. The head
// row's lock orders concurrent writers on PostgreSQL; SQLite has one writer.
func (tx *Tx) Audit(ctx context.Context, actor dajia.Actor, e AuditEntry) error {
	return tx.AuditAll(ctx, []Audited{{Actor: actor, Entry: e}})
}

// Audited is one record for AuditAll: who did what.
type Audited struct {
	Actor dajia.Actor
	Entry AuditEntry
}

// AuditAll writes records in their order as Audit does, chained one to the
// next, with one step of the head for all of them: what a batch of changes
// committed together (the public intake's group commit) records.
func (tx *Tx) AuditAll(ctx context.Context, es []Audited) error {
	recs := make([]AuditRecord, len(es))
	for i, a := range es {
		r, err := draftAudit(a.Actor, a.Entry)
		if err != nil {
			return err
		}
		recs[i] = r
	}
	return tx.chain(ctx, recs)
}

// draftAudit is a record without its place in the chain, its time and, for
// a public visitor, the tag of the address: all that can be made before
// the transaction, outside the one writer.
func draftAudit(actor dajia.Actor, e AuditEntry) (AuditRecord, error) {
	fields, before, after, err := auditChange(objectKind(e.Object), e.Before, e.After)
	if err != nil {
		return AuditRecord{}, err
	}
	if e.Result == "" {
		e.Result = "ok"
	}
	return AuditRecord{Actor: actor.Name, ActorID: actor.UserID, Role: string(actor.Role), Address: actor.Address, public: actor.Public(),
		Action: e.Action, Object: e.Object, Result: e.Result, Fields: fields, Before: before, After: after}, nil
}

// chain writes drafted records at the transaction's time: a public
// visitor's address becomes its tag, each record is numbered and signed
// after the one before, and the head steps once.
func (tx *Tx) chain(ctx context.Context, recs []AuditRecord) error {
	if len(recs) == 0 {
		return nil
	}
	for i := range recs {
		recs[i].At = tx.Now
		if recs[i].public && recs[i].Address != "" {
			var err error
			if recs[i].Address, err = tx.addressTag(ctx, recs[i].Address); err != nil {
				return err
			}
		}
	}
	var last, records int64
	var prev string
	if err := tx.queryRow(ctx, auditHeadStep, int64(len(recs))).Scan(&last, &prev, &records); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	for i := range recs {
		recs[i].Seq, recs[i].PrevHash = last-int64(len(recs)-1-i), prev
		recs[i].Hash = hex.EncodeToString(tx.db.mac.Sum(recs[i].canonical()))
		prev = recs[i].Hash
	}
	rest := recs
	for _, k := range chunks(len(recs)) {
		args := make([]any, 0, 14*k)
		for _, r := range rest[:k] {
			args = append(args, r.Seq, r.At, r.Actor, r.ActorID, r.Role, r.Address, r.Action, r.Object, r.Result, r.Fields, r.Before, r.After, r.PrevHash, r.Hash)
		}
		rest = rest[k:]
		if _, err := tx.exec(ctx, auditInsert[k], args...); err != nil {
			return fmt.Errorf("audit: %w", err)
		}
	}
	if _, err := tx.exec(ctx, auditHeadSign, prev, tx.db.headMAC(last, prev, records)); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

// The audit trail's writes, prepared once (stmts.go).
const (
	auditHeadStep = `UPDATE audit_head SET seq = seq + $1, records = records + $1 WHERE id = 1 RETURNING seq, hash, records`
	auditHeadSign = `UPDATE audit_head SET hash = $1, mac = $2 WHERE id = 1`
	addressKeyOf  = `SELECT salt FROM address_keys WHERE day = $1`
)

// auditInsert is the INSERT of k records, for each length chunks gives.
var auditInsert = shaped(func(k int) string {
	return `INSERT INTO audit_log (seq, at, actor, actor_id, role, address, action, object, result, fields, before_data, after_data, prev_hash, hash) VALUES ` +
		valuesList(k, 14)
})

// shaped makes a statement for every chunk length.
func shaped(f func(k int) string) map[int]string {
	m := map[int]string{}
	for _, k := range chunkSizes() {
		m[k] = f(k)
	}
	return m
}

// valuesList is the VALUES of a multi-row INSERT: rows tuples of cols
// numbered parameters, ($1, $2), ($3, $4).
func valuesList(rows, cols int) string {
	var b strings.Builder
	b.WriteByte('(')
	for c := range cols {
		if c > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "?%d", c+1)
	}
	b.WriteByte(')')
	return tuples(rows, cols, b.String())
}

// tuples repeats a row's shape rows times, its ?1 … ?cols numbered as the
// parameters of that row: tuples(2, 2, "(?1, ?2, TRUE)") is
// "($1, $2, TRUE), ($3, $4, TRUE)".
func tuples(rows, cols int, shape string) string {
	var b strings.Builder
	for r := range rows {
		if r > 0 {
			b.WriteString(", ")
		}
		for i := 0; i < len(shape); i++ {
			if shape[i] != '?' {
				b.WriteByte(shape[i])
				continue
			}
			j := i + 1
			for j < len(shape) && shape[j] >= '0' && shape[j] <= '9' {
				j++
			}
			k, _ := strconv.Atoi(shape[i+1 : j])
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(r*cols + k))
			i = j - 1
		}
	}
	return b.String()
}

// Audit records an event that changes nothing else (an export, a denied
// request) in a transaction of its own.
func (db *DB) Audit(ctx context.Context, actor dajia.Actor, e AuditEntry) (err error) {
	defer db.wrap(&err, "audit %s", e.Action)
	return db.Transact(ctx, func(tx *Tx) error { return tx.Audit(ctx, actor, e) })
}

// AuditFilter selects audit records; zero fields select everything.
type AuditFilter struct {
	From, To dajia.Date // days in China time, inclusive
	Actor    string
	Actors   []string // any of these login names (a unit's accounts); nil: anyone
	Action   string   // a prefix: "login" matches login.ok and login.failed
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
	if f.Actors != nil {
		var in []string
		for _, a := range f.Actors {
			args = append(args, a)
			in = append(in, fmt.Sprintf("$%d", len(args)))
		}
		if len(in) == 0 {
			conds = append(conds, "1 = 0")
		} else {
			conds = append(conds, "actor IN ("+strings.Join(in, ", ")+")")
		}
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

const auditColumns = `seq, at, actor, actor_id, role, address, action, object, result, fields, before_data, after_data, prev_hash, hash`

func scanAudit(rows rowScanner) (AuditRecord, error) {
	var r AuditRecord
	err := rows.Scan(&r.Seq, &r.At, &r.Actor, &r.ActorID, &r.Role, &r.Address, &r.Action, &r.Object, &r.Result, &r.Fields, &r.Before, &r.After, &r.PrevHash, &r.Hash)
	return r, err
}

// AuditLog lists records, newest first.
func (db *DB) AuditLog(ctx context.Context, f AuditFilter) (_ []AuditRecord, err error) {
	defer db.wrap(&err, "read the audit trail")
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
func (db *DB) EachAudit(ctx context.Context, f AuditFilter, fn func(AuditRecord) error) (err error) {
	defer db.wrap(&err, "read the audit trail")
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
	Reason *dajia.Error // what is wrong, for translation
}

func auditBreak(seq int64, format string, args ...any) *AuditBreak {
	return &AuditBreak{seq, dajia.Errorf(dajia.Invalid, "", format, args...)}
}

// AuditCheck is the outcome of a verification.
type AuditCheck struct {
	Records int64       // records checked
	Break   *AuditBreak // the first break; nil when the trail is whole
	// Head is the signed end of the trail, to be kept off the machine and
	// given back with --since; set when the trail is whole and not empty.
	Head Checkpoint
	// SincePurged: the checkpoint given lies in the part purged past the
	// retention period; what vouches for it is the MAC of the retained
	// trail's start, which only the key holder's purge writes.
	SincePurged bool
}

// auditHead is the end of the trail: the last record's number and hash, the
// number of records kept, and a MAC over the three.
type auditHead struct {
	Seq     int64
	Hash    string
	Records int64
	MAC     string
}

func (db *DB) headMAC(seq int64, hash string, records int64) string {
	b, _ := json.Marshal([]any{"head", seq, hash, records})
	return hex.EncodeToString(db.mac.Sum(b))
}

func (h auditHead) signed(db *DB) bool {
	return hmac.Equal([]byte(h.MAC), []byte(db.headMAC(h.Seq, h.Hash, h.Records)))
}

func readHead(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (auditHead, error) {
	var h auditHead
	err := q.QueryRowContext(ctx, `SELECT seq, hash, records, mac FROM audit_head WHERE id = 1`).Scan(&h.Seq, &h.Hash, &h.Records, &h.MAC)
	return h, err
}

// VerifyAudit walks the whole trail and checks every record's MAC and its
// link to the one before, the numbering, and the authenticated head. It
// returns how many records it checked and the first break.
func (db *DB) VerifyAudit(ctx context.Context) (_ int64, _ *AuditBreak, err error) {
	defer db.wrap(&err, "verify the audit trail")
	c, err := db.CheckAudit(ctx, nil)
	return c.Records, c.Break, err
}

// CheckAudit verifies the trail as VerifyAudit does and, given a checkpoint
// printed earlier, also that the trail still reaches it and still holds the
// record it names: nothing up to that point was removed or replaced. A
// checkpoint whose MAC does not verify under the key is refused.
func (db *DB) CheckAudit(ctx context.Context, since *Checkpoint) (_ AuditCheck, err error) {
	defer db.wrap(&err, "check the audit trail")
	var c AuditCheck
	if since != nil && !since.valid(db) {
		return c, dajia.Errorf(dajia.Invalid, "since", "检查点的校验值不符：它不是本系统用这把主密钥签出的，或抄写有误")
	}
	// One snapshot, so that records written meanwhile do not look like a
	// head that runs ahead of the trail.
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return c, db.dialect.mapErr(err)
	}
	defer tx.Rollback()
	head, err := readHead(ctx, tx)
	if err != nil {
		return c, db.dialect.mapErr(err)
	}
	var anchorSeq int64
	var anchorHash, anchorMAC string
	if err := tx.QueryRowContext(ctx, `SELECT seq, hash, mac FROM audit_anchor WHERE id = 1`).Scan(&anchorSeq, &anchorHash, &anchorMAC); err != nil {
		return c, db.dialect.mapErr(err)
	}
	if anchorSeq != 0 && anchorMAC != db.anchorMAC(anchorSeq, anchorHash) {
		c.Break = auditBreak(anchorSeq+1, "审计记录的起点（清理后保留的第一条之前）被改动：可能有记录被非法删除")
		return c, nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+auditColumns+` FROM audit_log ORDER BY seq`)
	if err != nil {
		return c, db.dialect.mapErr(err)
	}
	defer rows.Close()
	want, prev := anchorSeq+1, anchorHash
	sinceHash := ""
	for rows.Next() {
		r, err := scanAudit(rows)
		if err != nil {
			return c, err
		}
		switch {
		case r.Seq != want:
			c.Break = auditBreak(want, "缺少第 %d 条记录（下一条是第 %d 条）：记录被删除", want, r.Seq)
		case r.PrevHash != prev:
			c.Break = auditBreak(r.Seq, "第 %d 条记录与上一条的链接不符：之前的记录被改动或删除", r.Seq)
		case hex.EncodeToString(db.mac.Sum(r.canonical())) != r.Hash:
			c.Break = auditBreak(r.Seq, "第 %d 条记录的校验值不符：记录内容被改动", r.Seq)
		}
		if c.Break != nil {
			return c, nil
		}
		if since != nil && r.Seq == since.Seq {
			sinceHash = r.Hash
		}
		prev, want = r.Hash, want+1
		c.Records++
	}
	if err := rows.Err(); err != nil {
		return c, err
	}
	last := want - 1
	switch {
	case !head.signed(db):
		c.Break = auditBreak(last+1, "审计记录的末尾（audit_head）校验值不符：末尾被改写，最近的记录可能被删除")
	case head.Seq != last || head.Hash != prev:
		c.Break = auditBreak(last+1, "审计记录应到第 %d 条，实际只到第 %d 条：最近的记录被删除或改动", head.Seq, last)
	case head.Records != c.Records:
		c.Break = auditBreak(last+1, "审计记录应有 %d 条，实际有 %d 条：记录被删除", head.Records, c.Records)
	}
	if c.Break != nil {
		return c, nil
	}
	if since != nil {
		switch {
		case since.Seq > head.Seq:
			c.Break = auditBreak(head.Seq+1, "检查点在第 %d 条，审计记录现在只到第 %d 条：检查点之前的记录被删除，末尾被换成了更早的", since.Seq, head.Seq)
		case since.Seq < anchorSeq:
			c.SincePurged = true
		case since.Seq == anchorSeq && since.Hash != anchorHash, since.Seq > anchorSeq && since.Hash != sinceHash:
			c.Break = auditBreak(since.Seq, "第 %d 条记录与检查点不符：记录被替换", since.Seq)
		}
		if c.Break != nil {
			return c, nil
		}
	}
	if head.Seq > 0 {
		c.Head = db.checkpoint(head.Seq, head.Hash)
	}
	return c, nil
}

// Checkpoint is a point of the audit trail signed under the master key:
// the number and hash of a record. Kept off the machine, it lets an
// operator prove later that nothing up to it was removed.
type Checkpoint struct {
	Seq  int64
	Hash string
	MAC  string
}

const checkpointTag = "dajia-audit-checkpoint v1"

func (db *DB) checkpointMAC(seq int64, hash string) string {
	b, _ := json.Marshal([]any{"checkpoint", seq, hash})
	return hex.EncodeToString(db.mac.Sum(b))
}

func (db *DB) checkpoint(seq int64, hash string) Checkpoint {
	return Checkpoint{Seq: seq, Hash: hash, MAC: db.checkpointMAC(seq, hash)}
}

func (c Checkpoint) valid(db *DB) bool {
	return hmac.Equal([]byte(c.MAC), []byte(db.checkpointMAC(c.Seq, c.Hash)))
}

// IsZero reports whether there is no checkpoint (an empty trail).
func (c Checkpoint) IsZero() bool { return c.Seq == 0 }

// String is the one line an operator copies.
func (c Checkpoint) String() string {
	return fmt.Sprintf("%s seq=%d hash=%s mac=%s", checkpointTag, c.Seq, c.Hash, c.MAC)
}

// ParseCheckpoint reads a checkpoint line; text around it (a log line's
// time and quotes) is ignored.
func ParseCheckpoint(s string) (Checkpoint, error) {
	var c Checkpoint
	bad := dajia.Errorf(dajia.Invalid, "since", "检查点应为一行“%s seq=… hash=… mac=…”", checkpointTag)
	_, rest, ok := strings.Cut(s, checkpointTag)
	if !ok {
		return c, bad
	}
	seen := map[string]bool{}
	for _, f := range strings.Fields(rest) {
		k, v, ok := strings.Cut(strings.Trim(f, `"'`), "=")
		if !ok || seen[k] {
			continue
		}
		seen[k] = true
		switch k {
		case "seq":
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n < 1 {
				return c, bad
			}
			c.Seq = n
		case "hash":
			c.Hash = v
		case "mac":
			c.MAC = v
		}
	}
	if c.Seq == 0 || !isHex(c.Hash) || !isHex(c.MAC) {
		return c, bad
	}
	return c, nil
}

func isHex(s string) bool {
	_, err := hex.DecodeString(s)
	return s != "" && err == nil
}

// AuditCheckpoint signs the end of the trail as it stands, after checking
// that the head is authentic and that the record it names is there and
// sound; for the checkpoint serve logs on a schedule. The whole walk is
// `dajia audit verify`. A zero checkpoint means an empty trail.
func (db *DB) AuditCheckpoint(ctx context.Context) (_ Checkpoint, _ *AuditBreak, err error) {
	defer db.wrap(&err, "take an audit checkpoint")
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return Checkpoint{}, nil, db.dialect.mapErr(err)
	}
	defer tx.Rollback()
	head, err := readHead(ctx, tx)
	if err != nil {
		return Checkpoint{}, nil, db.dialect.mapErr(err)
	}
	if !head.signed(db) {
		return Checkpoint{}, auditBreak(head.Seq, "审计记录的末尾（audit_head）校验值不符：末尾被改写，最近的记录可能被删除"), nil
	}
	if head.Seq == 0 {
		return Checkpoint{}, nil, nil
	}
	r, err := scanAudit(tx.QueryRowContext(ctx, `SELECT `+auditColumns+` FROM audit_log WHERE seq = $1`, head.Seq))
	if errors.Is(err, sql.ErrNoRows) || err == nil && (r.Hash != head.Hash || hex.EncodeToString(db.mac.Sum(r.canonical())) != r.Hash) {
		return Checkpoint{}, auditBreak(head.Seq, "第 %d 条记录（审计记录的末尾）缺失或被改动", head.Seq), nil
	}
	if err != nil {
		return Checkpoint{}, nil, db.dialect.mapErr(err)
	}
	return db.checkpoint(head.Seq, head.Hash), nil, nil
}

// MinAuditRetentionDays is the shortest retention the law allows (网络安全法:
// logs kept at least six months).
const MinAuditRetentionDays = 180

const retentionKey = "audit_retention_days"

// AuditRetentionDays returns how long audit records are kept; 0 means for
// ever, the default.
func (db *DB) AuditRetentionDays(ctx context.Context) (_ int, err error) {
	defer db.wrap(&err, "load the audit retention")
	var v string
	err = db.read.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, retentionKey).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, db.dialect.mapErr(err)
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		return 0, fmt.Errorf("stored %s %q is not a number of days: %w", retentionKey, v, err)
	}
	return n, nil
}

// SetAuditRetentionDays sets the retention; less than 180 days is refused,
// 0 keeps records for ever.
func (db *DB) SetAuditRetentionDays(ctx context.Context, actor dajia.Actor, days int) (err error) {
	defer db.wrap(&err, "set the audit retention to %d days", days)
	if days != 0 && (days < MinAuditRetentionDays || days > 36500) {
		return dajia.Errorf(dajia.Invalid, "retention_days", "审计记录至少保存 %d 天（网络安全法要求不少于六个月）；0 表示永久保存", MinAuditRetentionDays)
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
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
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
func (db *DB) PurgeAudit(ctx context.Context, actor dajia.Actor) (_ int64, err error) {
	defer db.wrap(&err, "purge the audit trail")
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
		if n, err = res.RowsAffected(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE audit_head SET records = records - $1 WHERE id = 1`, n); err != nil {
			return err
		}
		return tx.Audit(ctx, actor, AuditEntry{Action: "audit.purge", Object: "audit_log",
			After: map[string]any{"retention_days": days, "before": cutoff, "removed_from": from + 1, "removed_to": seq, "count": n}})
	})
	return n, err
}
