package store

import (
	"context"
	"testing"
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
