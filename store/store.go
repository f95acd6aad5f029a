// Package store owns all SQL: the schema and its migrations, and one file of
// use cases per aggregate. The same SQL text runs on SQLite (the default,
// pure Go) and PostgreSQL; the few differences sit in dialect.go.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"strings"
	"testing/fstest"
	"time"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"dajia"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is the store. On SQLite it keeps one connection for writes and a pool
// for reads; on PostgreSQL one pool serves both.
type DB struct {
	write   *sql.DB
	read    *sql.DB
	dialect dialect
	clock   dajia.Clock
	mac     MAC
	plans   *planCache // decoded plan versions, which never change
	intake  *intake    // the public intake's group commit
	stmts   stmtCache  // prepared statements of the hot writes
	// currentPlans is which version of each plan is current, for a moment
	currentPlans currentPlans
}

// MAC signs audit records: HMAC-SM3 under a key kept outside the database.
type MAC interface {
	Sum(data []byte) []byte
}

// Config is what Open needs.
type Config struct {
	DSN   string      // a postgres:// URL or a SQLite file path
	Clock dajia.Clock // nil: the wall clock
	MAC   MAC         // required: the audit trail cannot be written without it
	// SQLiteSync is SyncFull (the default when empty) or SyncNormal; it
	// does not apply to PostgreSQL, whose commits are durable by default.
	SQLiteSync string
}

// Open connects to the database.
func Open(ctx context.Context, cfg Config) (*DB, error) {
	if cfg.MAC == nil {
		return nil, fmt.Errorf("store: no audit MAC configured")
	}
	clock := cfg.Clock
	if clock == nil {
		clock = dajia.SystemClock{}
	}
	d := dialectFor(cfg.DSN)
	w, r, err := d.open(cfg.DSN, cfg.SQLiteSync)
	if err != nil {
		return nil, err
	}
	db := &DB{write: w, read: r, dialect: d, clock: clock, mac: cfg.MAC, plans: newPlanCache(planCacheSize)}
	db.intake = newIntake(db)
	db.stmts.unnamed = d.name == "sqlite"
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := w.PingContext(pingCtx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to database: %w", err)
	}
	return db, nil
}

// Close closes the connections.
func (db *DB) Close() error {
	db.intake.close()
	db.stmts.close()
	err := db.write.Close()
	if db.read != db.write {
		if e := db.read.Close(); err == nil {
			err = e
		}
	}
	return err
}

// Dialect names the database: "sqlite" or "postgres".
func (db *DB) Dialect() string { return db.dialect.name }

// Migrate brings the schema up to date. Two servers starting at once on one
// PostgreSQL take turns through an advisory lock.
func (db *DB) Migrate(ctx context.Context) error { return db.migrateTo(ctx, 0) }

// migrateTo migrates up to a version; 0 is the newest.
func (db *DB) migrateTo(ctx context.Context, version int64) error {
	fsys, err := db.dialect.render(migrations)
	if err != nil {
		return err
	}
	opts := []goose.ProviderOption{goose.WithDisableGlobalRegistry(true), goose.WithGoMigrations(db.signHeadMigration())}
	gd := goose.DialectSQLite3
	if db.dialect.name == "postgres" {
		gd = goose.DialectPostgres
		// The lock is per schema, so that databases sharing a server (tests,
		// several offices) do not wait for each other.
		var schema string
		if err := db.write.QueryRowContext(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		h := fnv.New64a()
		h.Write([]byte("dajia migrations " + schema))
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(int64(h.Sum64()>>1)), lock.WithLockTimeout(1, 600))
		if err != nil {
			return err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(gd, db.write, fsys, opts...)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	if version == 0 {
		_, err = p.Up(ctx)
	} else {
		_, err = p.UpTo(ctx, version)
	}
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// signHeadMigration is migration 6: it signs the head of the audit trail as
// it stands when the head first gets a MAC (migration 5). SQL cannot: the
// key is not in the database. It runs once, in the migration's transaction.
func (db *DB) signHeadMigration() *goose.Migration {
	return goose.NewGoMigration(6, &goose.GoFunc{RunTx: func(ctx context.Context, tx *sql.Tx) error {
		h, err := readHead(ctx, tx)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE audit_head SET mac = $1 WHERE id = 1`, db.headMAC(h.Seq, h.Hash, h.Records))
		return err
	}}, nil)
}

// render substitutes the dialect's column types into the migration files.
func (d dialect) render(src fs.FS) (fs.FS, error) {
	out := fstest.MapFS{}
	files, err := fs.Glob(src, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		b, err := fs.ReadFile(src, f)
		if err != nil {
			return nil, err
		}
		s := string(b)
		for k, v := range d.types {
			s = strings.ReplaceAll(s, "{{"+k+"}}", v)
		}
		if strings.Contains(s, "{{") {
			return nil, fmt.Errorf("migration %s: unknown placeholder", f)
		}
		out[strings.TrimPrefix(f, "migrations/")] = &fstest.MapFile{Data: []byte(s)}
	}
	return out, nil
}

// Tx is one use case's transaction. Now is the one "now" inside it, taken
// from the injected clock when the transaction began.
type Tx struct {
	*sql.Tx
	Now  time.Time
	db   *DB
	salt string // the day of Now's address key, once read (addressTag)
}

// Transact runs fn in a write transaction, committing if fn returns nil.
func (db *DB) Transact(ctx context.Context, fn func(*Tx) error) (err error) {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return db.dialect.mapErr(err)
	}
	defer func() {
		if p := recover(); p != nil {
			tx.Rollback()
			panic(p)
		}
		if err != nil {
			tx.Rollback()
		}
	}()
	// Microseconds: what PostgreSQL keeps, so that a time reads back as it
	// was written (and as the audit MAC saw it).
	now := db.clock.Now().Truncate(time.Microsecond)
	if err = fn(&Tx{Tx: tx, Now: now, db: db}); err != nil {
		return db.dialect.mapErr(err)
	}
	return db.dialect.mapErr(tx.Commit())
}

// collect reads every row with scan and closes the rows.
func collect[T any](rows *sql.Rows, scan func(rowScanner) (T, error)) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// wrap says what the store was doing when *errp happened ("store: load plan
// x: ..."), for the log. A driver error is first mapped to its domain code,
// so that dajia.ErrorCode and errors.Is see through the context; an error
// made on purpose by the store or the domain (a refused check, a record
// not found by name) is passed on as it is: its message is what the user
// reads.
func (db *DB) wrap(errp *error, format string, args ...any) {
	err := *errp
	if err == nil {
		return
	}
	var de *dajia.Error
	if errors.As(err, &de) && de.Err == nil {
		return
	}
	*errp = fmt.Errorf("store: %s: %w", fmt.Sprintf(format, args...), db.dialect.mapErr(err))
}
