// Package storetest opens a migrated store for tests: a SQLite file in the
// test's temporary folder, or a fresh schema on the PostgreSQL server named
// by DAJIA_TEST_POSTGRES.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"dajia"
	"dajia/secret"
	"dajia/store"
)

// Keys are fixed keys for tests.
func Keys() *secret.Keys { return secret.KeysFrom([]byte("dajia test master key, not secret")) }

// EnvPostgres names the variable holding the test PostgreSQL DSN.
const EnvPostgres = "DAJIA_TEST_POSTGRES"

// EnvRequire, when set, turns a skip for a missing test dependency
// (PostgreSQL, Chromium) into a failure: CI sets it.
const EnvRequire = "DAJIA_TEST_REQUIRE"

// Skip skips the test for a missing dependency, or fails it under CI.
func Skip(t testing.TB, why string) {
	t.Helper()
	if os.Getenv(EnvRequire) != "" {
		t.Fatalf("%s is required here (%s is set): %s", why, EnvRequire, why)
	}
	t.Skip(why)
}

// DSN returns a DSN for a new empty database: a SQLite file path or a
// PostgreSQL URL whose search_path is a new schema dropped after the test.
func DSN(t testing.TB) string {
	t.Helper()
	pg := os.Getenv(EnvPostgres)
	if pg == "" {
		return filepath.Join(t.TempDir(), "dajia.db")
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", pg)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", pg)
		if err == nil {
			db.Exec("DROP SCHEMA " + schema + " CASCADE")
			db.Close()
		}
	})
	u, err := url.Parse(pg)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Open returns a migrated store on a new database, closed after the test.
func Open(t testing.TB, clock dajia.Clock) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), store.Config{DSN: DSN(t), Clock: clock, MAC: Keys().AuditMAC()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}

// Clock is a clock that tests move by hand.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock starts at t.
func NewClock(t time.Time) *Clock { return &Clock{now: t} }

func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}
