package store

// The search over every plan: one query a kind, the page and the count
// over every page together, and the LIKE conditions every list with a
// search shares.

import (
	"context"
	"fmt"
	"strings"

	"dajia"
)

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// likePattern is a LIKE pattern (ESCAPE '\') that finds w anywhere in a
// text: its %, _ and \ stand for themselves.
func likePattern(w string) string { return "%" + likeEscaper.Replace(w) + "%" }

// matchWords is one condition per word: the word found in any of the
// texts or gives for it, given the placeholder p of its LIKE pattern.
func matchWords(words []string, ph func(any) string, or func(p, w string) []string) []string {
	var conds []string
	for _, w := range words {
		p := ph(likePattern(w))
		conds = append(conds, "("+strings.Join(or(p, w), " OR ")+")")
	}
	return conds
}

// like is each of exprs LIKE the pattern p.
func like(p string, exprs ...string) []string {
	out := make([]string, len(exprs))
	for i, e := range exprs {
		out[i] = e + " LIKE " + p + ` ESCAPE '\'`
	}
	return out
}

// tipText is where a word of a search finds a tip: its business, its
// description, address and category, or its code whole.
func tipText(ph func(any) string) func(p, w string) []string {
	return func(p, w string) []string {
		return append(like(p, "business_name", "description", "business_address", "category"), "code = "+ph(strings.ToUpper(w)))
	}
}

// clueText is where a word finds a clue: what staff wrote of it (summary,
// reason, the source's reference) and its entity's name. A tip's clue
// copies none of the tip's text, and its reader may not read the tip: the
// tip is found as a tip.
func clueText(p, _ string) []string {
	return append(like(p, "summary", "reason", "source_ref"), `entity_id IN (SELECT id FROM entities WHERE name LIKE `+p+` ESCAPE '\')`)
}

// caseText is where a word finds a case: its number, the reasons and the
// supervising body staff wrote, its goods' names and brands, its entity's
// name and the names of its violations (stored as codes: those whose name
// holds the word).
func caseText(ph func(any) string) func(p, w string) []string {
	return func(p, w string) []string {
		or := append(like(p, "number", "reason", "no_transfer_reason", "supervised_by"),
			`id IN (SELECT case_id FROM case_goods WHERE name LIKE `+p+` ESCAPE '\' OR brand LIKE `+p+` ESCAPE '\')`,
			`entity_id IN (SELECT id FROM entities WHERE name LIKE `+p+` ESCAPE '\')`)
		if vs := dajia.ViolationsNamed(w); len(vs) > 0 {
			var codes []string
			for _, v := range vs {
				codes = append(codes, ph(string(v)))
			}
			or = append(or, "id IN (SELECT case_id FROM case_violations WHERE violation IN ("+strings.Join(codes, ", ")+"))")
		}
		return or
	}
}

// searchPage reads one page of a table's rows under where, the newest
// (by the column newest, then id) first, and the count of every row under
// where: first the page's ids with the count in one query, then the
// page's rows by id. The rows under where are gathered apart (a
// materialized WITH, on SQLite and PostgreSQL alike): each is read once in
// the table's order and only the ids are sorted. Left to itself,
// PostgreSQL walks the whole newest-first index to the table row by row
// for the LIMIT (a city's tips: 13,339 buffers and 164 ms instead of the
// table's 2,077 and 21 ms), though every row must be counted. A page past
// the end reads the count alone.
func searchPage[T any](ctx context.Context, db *DB, table, columns, where string, args []any, newest string, limit, offset int,
	scan func(rowScanner) (T, error), idOf func(T) int64) ([]T, int, error) {
	n := len(args)
	q := fmt.Sprintf(`WITH hits AS MATERIALIZED (SELECT id, %[1]s FROM %[2]s%[3]s)
		SELECT id, COUNT(*) OVER () FROM hits ORDER BY %[1]s DESC, id DESC LIMIT $%[4]d OFFSET $%[5]d`, newest, table, where, n+1, n+2)
	rows, err := db.read.QueryContext(ctx, q, append(args, limit, offset)...)
	if err != nil {
		return nil, 0, db.dialect.mapErr(err)
	}
	total := 0
	ids, err := collect(rows, func(sc rowScanner) (int64, error) {
		var id int64
		return id, sc.Scan(&id, &total)
	})
	if err != nil {
		return nil, 0, err
	}
	if len(ids) == 0 {
		if offset > 0 {
			err = db.dialect.mapErr(db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table+where, args[:n]...).Scan(&total))
		}
		return nil, total, err
	}
	var idArgs []any
	rows, err = db.read.QueryContext(ctx, `SELECT `+columns+` FROM `+table+` WHERE id IN (`+placeholdersOf(&idArgs, ids)+`)`, idArgs...)
	if err != nil {
		return nil, 0, db.dialect.mapErr(err)
	}
	got, err := collect(rows, scan)
	if err != nil {
		return nil, 0, err
	}
	byID := map[int64]T{}
	for _, v := range got {
		byID[idOf(v)] = v
	}
	out := make([]T, 0, len(ids))
	for _, id := range ids {
		if v, ok := byID[id]; ok {
			out = append(out, v)
		}
	}
	return out, total, nil
}

// SearchTips is a page of the tips of a filter (its Query the search's
// words), the latest received first, and how many there are in all.
func (db *DB) SearchTips(ctx context.Context, f TipFilter) (_ []dajia.Tip, total int, err error) {
	defer db.wrap(&err, "search tips")
	where, args, ok, err := f.where()
	if err != nil || !ok {
		return nil, 0, err
	}
	tips, total, err := searchPage(ctx, db, "tips", tipColumns, where, args, "received_on", searchLimit(f.Limit), max(f.Offset, 0), scanTip,
		func(t dajia.Tip) int64 { return t.ID })
	if err != nil {
		return nil, 0, err
	}
	return tips, total, db.assignmentsOf(ctx, tips)
}

// SearchClues is a page of the clues of a filter (its Words the search's),
// the latest received first, and how many there are in all.
func (db *DB) SearchClues(ctx context.Context, f ClueFilter) (_ []dajia.Clue, total int, err error) {
	defer db.wrap(&err, "search clues")
	where, args, ok := f.where()
	if !ok {
		return nil, 0, nil
	}
	return searchPage(ctx, db, "clues", clueColumns, where, args, "received_on", searchLimit(f.Limit), max(f.Offset, 0), scanClue,
		func(c dajia.Clue) int64 { return c.ID })
}

// SearchCases is a page of the cases of a filter (its Words the search's),
// the latest opened first, with their goods, and how many there are in all.
func (db *DB) SearchCases(ctx context.Context, f CaseFilter) (_ []CaseRecord, total int, err error) {
	defer db.wrap(&err, "search cases")
	where, args, ok := f.where()
	if !ok {
		return nil, 0, nil
	}
	recs, total, err := searchPage(ctx, db, "cases", caseColumns, where, args, "opened_on", searchLimit(f.Limit), max(f.Offset, 0), scanCase,
		func(c CaseRecord) int64 { return c.ID })
	if err != nil {
		return nil, 0, err
	}
	return recs, total, caseParts(ctx, db.read, recs)
}

// SearchEntities is a page of the live market entities whose name,
// address or credit code holds every word, the latest changed first (as
// their list), and how many there are in all.
func (db *DB) SearchEntities(ctx context.Context, words []string, limit, offset int) (_ []dajia.Entity, total int, err error) {
	defer db.wrap(&err, "search market entities")
	var args []any
	ph := func(v any) string { return placeholders(&args, v) }
	conds := append([]string{"merged_into IS NULL"}, matchWords(words, ph, func(p, w string) []string {
		return append(like(p, "name", "address"), "credit_code LIKE "+ph(likePattern(strings.ToUpper(w)))+` ESCAPE '\'`)
	})...)
	return searchPage(ctx, db, "entities", entityColumns, " WHERE "+strings.Join(conds, " AND "), args, "updated_at",
		searchLimit(limit), max(offset, 0), scanEntity, func(e dajia.Entity) int64 { return e.ID })
}

// searchLimit is a page of a search: 1 to dajia.MaxSearchLimit, 10 when
// not given.
func searchLimit(n int) int {
	if n <= 0 {
		return 10
	}
	return min(n, dajia.MaxSearchLimit)
}
