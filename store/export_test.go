package store

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"testing"
	"time"
)

// ExecForTest runs raw SQL, as someone with direct database access would;
// for tests of the audit trail's defences only.
func (db *DB) ExecForTest(ctx context.Context, query string) error {
	_, err := db.write.ExecContext(ctx, query)
	return err
}

// DropAuditTriggersForTest removes the append-only triggers, as an attacker
// with owner rights could.
func (db *DB) DropAuditTriggersForTest(t testing.TB) {
	t.Helper()
	stmts := []string{`DROP TRIGGER audit_log_no_update`, `DROP TRIGGER audit_log_no_delete`}
	if db.dialect.name == "postgres" {
		stmts = []string{`DROP TRIGGER audit_log_no_change ON audit_log`, `DROP TRIGGER audit_log_no_truncate ON audit_log`}
	}
	for _, s := range stmts {
		if _, err := db.write.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
}

// BreakAuditForTest makes every audit write fail.
func (db *DB) BreakAuditForTest(t testing.TB) {
	t.Helper()
	if _, err := db.write.Exec(`DROP TABLE audit_head`); err != nil {
		t.Fatal(err)
	}
}

// MigrateToForTest migrates only up to a version, to stand a database in an
// older schema.
func (db *DB) MigrateToForTest(ctx context.Context, version int64) error {
	return db.migrateTo(ctx, version)
}

// AuditHeadForTest returns the SQL that puts the head of the trail back as
// it is now, MAC and all: what someone who saved the row could replay.
func (db *DB) AuditHeadForTest(t testing.TB) string {
	t.Helper()
	tx, err := db.read.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	h, err := readHead(context.Background(), tx)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf(`UPDATE audit_head SET seq = %d, hash = '%s', records = %d, mac = '%s' WHERE id = 1`, h.Seq, h.Hash, h.Records, h.MAC)
}

// WriteOldAuditForTest writes a record the way dajia did before records
// named their changed fields and the head had a MAC (schema version 4): the
// same columns, the same MAC input, written out here as it was.
func (db *DB) WriteOldAuditForTest(ctx context.Context, actor, address, action, object, after string) error {
	return db.Transact(ctx, func(tx *Tx) error {
		var seq int64
		var prev string
		if err := tx.QueryRowContext(ctx, `UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash`).Scan(&seq, &prev); err != nil {
			return err
		}
		canonical, _ := json.Marshal([]any{seq, tx.Now.UTC().Format(time.RFC3339Nano), actor, int64(0), "", address,
			action, object, "ok", "", after, prev})
		hash := hex.EncodeToString(db.mac.Sum(canonical))
		if _, err := tx.ExecContext(ctx, `INSERT INTO audit_log (seq, at, actor, actor_id, role, address, action, object, result, before_data, after_data, prev_hash, hash)
			VALUES ($1, $2, $3, 0, '', $4, $5, $6, 'ok', '', $7, $8, $9)`, seq, tx.Now, actor, address, action, object, after, prev, hash); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE audit_head SET hash = $1 WHERE id = 1`, hash)
		return err
	})
}

// AddressKeyDaysForTest lists the days whose address keys are stored.
func (db *DB) AddressKeyDaysForTest(t testing.TB) []string {
	t.Helper()
	rows, err := db.read.Query(`SELECT day FROM address_keys ORDER BY day`)
	if err != nil {
		t.Fatal(err)
	}
	days, err := collect(rows, func(sc rowScanner) (string, error) {
		var d string
		return d, sc.Scan(&d)
	})
	if err != nil {
		t.Fatal(err)
	}
	return days
}
