package store

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"dajia"
)

type testMAC []byte

func (k testMAC) Sum(data []byte) []byte {
	m := hmac.New(sha256.New, k)
	m.Write(data)
	return m.Sum(nil)
}

// openSQLite opens and migrates a SQLite store in the test's folder with
// the given synchronous setting.
func openSQLite(tb testing.TB, sync string) *DB {
	tb.Helper()
	db, err := Open(context.Background(), Config{DSN: filepath.Join(tb.TempDir(), "dajia.db"), MAC: testMAC("k"), SQLiteSync: sync})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		tb.Fatal(err)
	}
	return db
}

// The write connection decides what a power cut can lose: an acknowledged
// tip must be on disk when its tracking code is answered, so FULL is the
// default and NORMAL only on request.
func TestSQLiteWritesSyncEveryCommitUnlessTheOperatorAsksForNormal(t *testing.T) {
	for _, tt := range []struct {
		sync string
		want int // PRAGMA synchronous: 1 NORMAL, 2 FULL
	}{{"", 2}, {SyncFull, 2}, {SyncNormal, 1}} {
		t.Run("sync="+tt.sync, func(t *testing.T) {
			db := openSQLite(t, tt.sync)
			var got int
			if err := db.write.QueryRow(`PRAGMA synchronous`).Scan(&got); err != nil {
				t.Fatal(err)
			}
			var mode string
			if err := db.write.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil {
				t.Fatal(err)
			}
			if got != tt.want || mode != "wal" {
				t.Errorf("SQLiteSync %q: synchronous = %d, journal_mode = %s; want %d, wal", tt.sync, got, mode, tt.want)
			}
		})
	}
}

func TestSQLiteSyncRefusesAnUnknownSetting(t *testing.T) {
	_, err := Open(context.Background(), Config{DSN: filepath.Join(t.TempDir(), "dajia.db"), MAC: testMAC("k"), SQLiteSync: "off"})
	var de *dajia.Error
	if !errors.As(err, &de) || de.Code != dajia.Invalid || de.Field != "sqlite-sync" {
		t.Fatalf("SQLiteSync off: %v, want an invalid sqlite-sync error", err)
	}
}

// BenchmarkSQLiteWriteTransaction is the cost of one small write
// transaction (one row and its audit record, as a public tip's smallest
// part) under each synchronous setting:
//
//	go test ./store -run '^$' -bench SQLiteWriteTransaction -benchtime 2s
func BenchmarkSQLiteWriteTransaction(b *testing.B) {
	if os.Getenv("DAJIA_TEST_POSTGRES") != "" {
		b.Skip("a SQLite setting")
	}
	for _, sync := range []string{SyncNormal, SyncFull} {
		b.Run("sync="+sync, func(b *testing.B) {
			db := openSQLite(b, sync)
			ctx := context.Background()
			if _, err := db.write.Exec(`CREATE TABLE bench (id INTEGER PRIMARY KEY, note TEXT)`); err != nil {
				b.Fatal(err)
			}
			actor := dajia.SystemActor()
			for b.Loop() {
				err := db.Transact(ctx, func(tx *Tx) error {
					if _, err := tx.ExecContext(ctx, `INSERT INTO bench (note) VALUES ($1)`, "一条举报"); err != nil {
						return err
					}
					return tx.Audit(ctx, actor, AuditEntry{Action: "bench.write", Object: "bench"})
				})
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
