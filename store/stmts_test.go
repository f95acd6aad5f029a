package store

import "testing"

func TestRenderUnnamedOnlyWhenInOrder(t *testing.T) {
	c := stmtCache{unnamed: true}
	for q, want := range map[string]string{
		`INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)`: `INSERT INTO t (a, b) VALUES (?, ?), (?, ?)`,
		`UPDATE t SET a = $1, b = $1 WHERE id = 1`:       `UPDATE t SET a = $1, b = $1 WHERE id = 1`,
		`SELECT $2, $1`: `SELECT $2, $1`,
		`SELECT 1`:      `SELECT 1`,
	} {
		if got := c.render(q); got != want {
			t.Errorf("render(%q) = %q, want %q", q, got, want)
		}
	}
	if q := `SELECT $1`; (&stmtCache{}).render(q) != q {
		t.Error("PostgreSQL keeps its numbered parameters")
	}
	for _, k := range []int{1, 3, 16, 37, 300} {
		sum := 0
		for _, c := range chunks(k) {
			if c > maxChunk || c&(c-1) != 0 {
				t.Errorf("chunks(%d) holds %d", k, c)
			}
			sum += c
		}
		if sum != k {
			t.Errorf("chunks(%d) sums to %d", k, sum)
		}
	}
}
