package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"dajia"
)

const entityColumns = `id, name, credit_code, kind, village, address, legal_rep_sealed, legal_rep_masked, merged_into, created_by, created_at, updated_at`

func scanEntity(sc rowScanner) (dajia.Entity, error) {
	var e dajia.Entity
	var kind string
	var merged sql.NullInt64
	err := sc.Scan(&e.ID, &e.Name, &e.CreditCode, &kind, &e.Village, &e.Address, &e.LegalRepSealed, &e.LegalRepMasked, &merged,
		&e.CreatedBy, &e.CreatedAt, &e.UpdatedAt)
	e.Kind, e.MergedInto = dajia.EntityKind(kind), merged.Int64
	return e, err
}

// entityView is what the audit trail keeps of an entity: the kind and the
// merge as values, the other fields by name only, never the sealed legal
// representative.
func entityView(e dajia.Entity) map[string]any {
	return map[string]any{"name": e.Name, "credit_code": e.CreditCode, "kind": e.Kind, "village": e.Village, "address": e.Address,
		"legal_rep": e.LegalRepMasked, "merged_into": e.MergedInto}
}

func entityNotFound(id int64) error {
	return dajia.Errorf(dajia.NotFound, "", "第 %d 号市场主体不存在", id)
}

func (tx *Tx) entity(ctx context.Context, id int64) (dajia.Entity, error) {
	e, err := scanEntity(tx.QueryRowContext(ctx, `SELECT `+entityColumns+` FROM entities WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return e, entityNotFound(id)
	}
	return e, err
}

// codeTaken refuses a credit code that another live record holds.
func (tx *Tx) codeTaken(ctx context.Context, code string, self int64) error {
	if code == "" {
		return nil
	}
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM entities WHERE credit_code = $1 AND merged_into IS NULL AND id <> $2`, code, self).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	return dajia.Errorf(dajia.Conflict, "credit_code", "统一社会信用代码 %s 已登记为第 %d 号市场主体", code, id)
}

// CreateEntity stores a checked and sealed entity with its audit record.
func (db *DB) CreateEntity(ctx context.Context, actor dajia.Actor, e dajia.Entity) (_ dajia.Entity, err error) {
	defer db.wrap(&err, "store the market entity")
	var out dajia.Entity
	err = db.Transact(ctx, func(tx *Tx) error {
		if err := tx.codeTaken(ctx, e.CreditCode, 0); err != nil {
			return err
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO entities (name, credit_code, kind, village, address, legal_rep_sealed, legal_rep_masked,
			created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
			e.Name, e.CreditCode, string(e.Kind), e.Village, e.Address, e.LegalRepSealed, e.LegalRepMasked, actor.Name, tx.Now).Scan(&id); err != nil {
			return fmt.Errorf("insert entity: %w", err)
		}
		var err error
		if out, err = tx.entity(ctx, id); err != nil {
			return err
		}
		return tx.Audit(ctx, actor, AuditEntry{Action: "entity.create", Object: fmt.Sprintf("entity:%d", id), After: entityView(out)})
	})
	return out, err
}

// UpdateEntity changes an entity in one transaction: change edits the
// loaded record (and refuses what the domain forbids); the record is saved
// with its audit record.
func (db *DB) UpdateEntity(ctx context.Context, actor dajia.Actor, id int64, change func(*dajia.Entity) error) (_ dajia.Entity, err error) {
	defer db.wrap(&err, "change market entity %d", id)
	var after dajia.Entity
	err = db.Transact(ctx, func(tx *Tx) error {
		before, err := tx.entity(ctx, id)
		if err != nil {
			return err
		}
		e := before
		if err := change(&e); err != nil {
			return err
		}
		if err := tx.codeTaken(ctx, e.CreditCode, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE entities SET name = $1, credit_code = $2, kind = $3, village = $4, address = $5,
			legal_rep_sealed = $6, legal_rep_masked = $7, updated_at = $8 WHERE id = $9`,
			e.Name, e.CreditCode, string(e.Kind), e.Village, e.Address, e.LegalRepSealed, e.LegalRepMasked, tx.Now, id); err != nil {
			return fmt.Errorf("update entity %d: %w", id, err)
		}
		if after, err = tx.entity(ctx, id); err != nil {
			return err
		}
		return tx.Audit(ctx, actor, AuditEntry{Action: "entity.update", Object: fmt.Sprintf("entity:%d", id), Before: entityView(before), After: entityView(after)})
	})
	return after, err
}

// MergeEntities merges the record dup into kept, two records of one
// business: check (the domain's rule) sees both; dup then points to kept,
// audited in the same transaction.
func (db *DB) MergeEntities(ctx context.Context, actor dajia.Actor, dup, kept int64, check func(dup, kept dajia.Entity) error) (_ dajia.Entity, err error) {
	defer db.wrap(&err, "merge market entity %d into %d", dup, kept)
	var out dajia.Entity
	err = db.Transact(ctx, func(tx *Tx) error {
		d, err := tx.entity(ctx, dup)
		if err != nil {
			return err
		}
		k, err := tx.entity(ctx, kept)
		if err != nil {
			return err
		}
		if err := check(d, k); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE entities SET merged_into = $1, updated_at = $2 WHERE id = $3`, kept, tx.Now, dup); err != nil {
			return fmt.Errorf("merge entity %d: %w", dup, err)
		}
		// Records merged into dup before follow it to kept.
		if _, err := tx.ExecContext(ctx, `UPDATE entities SET merged_into = $1, updated_at = $2 WHERE merged_into = $3`, kept, tx.Now, dup); err != nil {
			return fmt.Errorf("merge entity %d: %w", dup, err)
		}
		after, err := tx.entity(ctx, dup)
		if err != nil {
			return err
		}
		if out, err = tx.entity(ctx, kept); err != nil {
			return err
		}
		return tx.Audit(ctx, actor, AuditEntry{Action: "entity.merge", Object: fmt.Sprintf("entity:%d", dup), Before: entityView(d), After: entityView(after)})
	})
	return out, err
}

// Entity returns one entity, merged or not.
func (db *DB) Entity(ctx context.Context, id int64) (_ dajia.Entity, err error) {
	defer db.wrap(&err, "load market entity %d", id)
	e, err := scanEntity(db.read.QueryRowContext(ctx, `SELECT `+entityColumns+` FROM entities WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return e, entityNotFound(id)
	}
	return e, err
}

// MergedInto returns the records merged into an entity.
func (db *DB) MergedInto(ctx context.Context, id int64) (_ []dajia.Entity, err error) {
	defer db.wrap(&err, "load the records merged into market entity %d", id)
	rows, err := db.read.QueryContext(ctx, `SELECT `+entityColumns+` FROM entities WHERE merged_into = $1 ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanEntity)
}

// FindEntities searches the live entities: words in the name (LIKE), or a
// credit code, whole or its beginning (the code column is indexed). An
// empty query lists the latest. At most limit records (0 or over 500: 200).
func (db *DB) FindEntities(ctx context.Context, query string, limit int) (_ []dajia.Entity, err error) {
	defer db.wrap(&err, "search market entities")
	if limit <= 0 || limit > 500 {
		limit = 200
	}
	var conds []string
	var args []any
	ph := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	esc := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	for _, w := range strings.Fields(query) {
		c := fmt.Sprintf(`name LIKE %s ESCAPE '\'`, ph("%"+esc.Replace(w)+"%"))
		if lo, hi, ok := codeRange(w); ok {
			c = fmt.Sprintf(`(%s OR credit_code BETWEEN %s AND %s)`, c, ph(lo), ph(hi))
		}
		conds = append(conds, c)
	}
	q := `SELECT ` + entityColumns + ` FROM entities WHERE merged_into IS NULL`
	for _, c := range conds {
		q += " AND " + c
	}
	q += fmt.Sprintf(` ORDER BY updated_at DESC, id DESC LIMIT %s`, ph(limit))
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanEntity)
}

// codeRange is the range of the credit codes that begin with w, for the
// code's index: from w itself to w followed by Y, the last character of
// the code alphabet, up to 18 characters. Stored codes hold only that
// alphabet, so the range holds exactly the codes that begin with w. A word
// with another character is no code.
func codeRange(w string) (lo, hi string, ok bool) {
	const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	w = strings.ToUpper(w)
	if len(w) == 0 || len(w) > 18 || strings.Trim(w, alphabet) != "" {
		return "", "", false
	}
	return w, w + strings.Repeat("Y", 18-len(w)), true
}

// EntityNames returns the names of the entities ids, in one query: the
// names a page of clues shows. Ids that do not exist are left out.
func (db *DB) EntityNames(ctx context.Context, ids []int64) (_ map[int64]string, err error) {
	defer db.wrap(&err, "load market entity names")
	out := map[int64]string{}
	if len(ids) == 0 {
		return out, nil
	}
	var ps []string
	var args []any
	seen := map[int64]bool{}
	for _, id := range ids {
		if id <= 0 || seen[id] {
			continue
		}
		seen[id] = true
		args = append(args, id)
		ps = append(ps, fmt.Sprintf("$%d", len(args)))
	}
	if len(args) == 0 {
		return out, nil
	}
	rows, err := db.read.QueryContext(ctx, `SELECT id, name FROM entities WHERE id IN (`+strings.Join(ps, ", ")+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		out[id] = name
	}
	return out, rows.Err()
}
