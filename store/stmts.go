package store

import (
	"context"
	"database/sql"
	"math/bits"
	"strconv"
	"strings"
	"sync"
)

// stmtCache keeps the prepared statements of the hottest writes (the public
// intake and the audit trail), so that SQLite does not parse them again for
// every tip. They are prepared on the write pool outside any transaction
// (SQLite's single write connection is held by a transaction, so preparing
// inside one would wait on itself); a transaction uses one through
// tx.StmtContext, which reuses it on the same connection. A statement not
// prepared yet runs as plain SQL.
type stmtCache struct {
	mu sync.RWMutex
	m  map[string]*sql.Stmt
	// unnamed: prepare $1, $2 … as SQLite's nameless ?, when each is
	// used once and in order. The SQLite driver looks every named
	// parameter up in a list when it binds, so a statement of a few
	// hundred named parameters binds in time that grows with their square.
	unnamed bool
}

// render is the text prepared for q: on SQLite its $N as ? when that
// keeps their meaning.
func (c *stmtCache) render(q string) string {
	if !c.unnamed {
		return q
	}
	var b strings.Builder
	next := 1
	for i := 0; i < len(q); i++ {
		if q[i] != '$' {
			b.WriteByte(q[i])
			continue
		}
		j := i + 1
		for j < len(q) && q[j] >= '0' && q[j] <= '9' {
			j++
		}
		if n, err := strconv.Atoi(q[i+1 : j]); err != nil || n != next {
			return q // repeated or out of order: keep the names
		}
		next++
		b.WriteByte('?')
		i = j - 1
	}
	return b.String()
}

func (c *stmtCache) get(q string) *sql.Stmt {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.m[q]
}

// prepare prepares the queries not prepared yet; it must not be called
// inside a transaction of the same pool.
func (c *stmtCache) prepare(ctx context.Context, db *sql.DB, queries ...string) error {
	for _, q := range queries {
		if c.get(q) != nil {
			continue
		}
		st, err := db.PrepareContext(ctx, c.render(q))
		if err != nil {
			return err
		}
		c.mu.Lock()
		if c.m == nil {
			c.m = map[string]*sql.Stmt{}
		}
		if old := c.m[q]; old != nil {
			st.Close()
		} else {
			c.m[q] = st
		}
		c.mu.Unlock()
	}
	return nil
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.m {
		st.Close()
	}
	c.m = nil
}

// exec runs q in the transaction, prepared when it has been.
func (tx *Tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if st := tx.db.stmts.get(q); st != nil {
		return tx.StmtContext(ctx, st).ExecContext(ctx, args...)
	}
	return tx.ExecContext(ctx, q, args...)
}

// query is exec for a statement that returns rows.
func (tx *Tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if st := tx.db.stmts.get(q); st != nil {
		return tx.StmtContext(ctx, st).QueryContext(ctx, args...)
	}
	return tx.QueryContext(ctx, q, args...)
}

// queryRow is query for one row.
func (tx *Tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	if st := tx.db.stmts.get(q); st != nil {
		return tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
	}
	return tx.QueryRowContext(ctx, q, args...)
}

// maxChunk is the most rows one multi-row statement of the hot path holds.
// Beyond a few hundred parameters a statement costs more per row, not less:
// the SQLite driver looks each parameter's name up in a list, so binding
// grows with the square of the parameters.
const maxChunk = 64

// chunks splits n rows into runs whose lengths are powers of two, largest
// first (37 rows: 32, 4, 1), so that a few prepared shapes serve any
// number of rows.
func chunks(n int) []int {
	var out []int
	for n > 0 {
		k := min(1<<(bits.Len(uint(n))-1), maxChunk)
		out = append(out, k)
		n -= k
	}
	return out
}

// chunkSizes is every length chunks may give.
func chunkSizes() []int {
	var out []int
	for k := 1; k <= maxChunk; k *= 2 {
		out = append(out, k)
	}
	return out
}
