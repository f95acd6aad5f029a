package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"dajia"
)

// RectFile is a file attached to an answer of a rectification notice,
// without its content.
type RectFile struct {
	ID          int64
	RectID      int64
	Item        int
	Round       int
	Name        string
	ContentType string
	Size        int64
	UploadedAt  time.Time
	UploadedBy  string
}

// AddRectFile stores a file with the answer to item no of a notice in its
// current round, when check (the domain's rule, on the notice as stored in
// the transaction) allows, at most dajia.MaxRectFiles an item; audited.
func (db *DB) AddRectFile(ctx context.Context, actor dajia.Actor, rectID int64, no int, name, contentType string, data []byte,
	check func(dajia.Rectification) error) (_ RectFile, err error) {
	defer db.wrap(&err, "attach a file to rectification notice %d", rectID)
	f := RectFile{RectID: rectID, Item: no, Name: name, ContentType: contentType, Size: int64(len(data)), UploadedBy: actor.Name}
	err = db.Transact(ctx, func(tx *Tx) error {
		// Touching the notice first makes two uploads to one notice take
		// turns (PostgreSQL's row lock), so the count below holds.
		if _, err := tx.ExecContext(ctx, `UPDATE rectifications SET updated_at = $1 WHERE id = $2`, tx.Now, rectID); err != nil {
			return db.dialect.mapErr(err)
		}
		r, err := loadRect(ctx, tx, rectID)
		if err != nil {
			return err
		}
		if err := check(r.Rectification); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM rectification_files WHERE rect_id = $1 AND item_no = $2`, rectID, no).Scan(&n); err != nil {
			return err
		}
		if n >= dajia.MaxRectFiles {
			return dajia.Errorf(dajia.Invalid, "file", "每项整改要求最多 %d 个附件", dajia.MaxRectFiles)
		}
		f.Round, f.UploadedAt = r.Round, tx.Now
		if err := tx.QueryRowContext(ctx, `INSERT INTO rectification_files (rect_id, item_no, round, name, content_type, size, data, uploaded_at, uploaded_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`, rectID, no, f.Round, name, contentType, f.Size, data, tx.Now, actor.Name).Scan(&f.ID); err != nil {
			return db.dialect.mapErr(err)
		}
		return tx.Audit(ctx, actor, AuditEntry{Action: "rectification.attach", Object: fmt.Sprintf("rectification_file:%d", f.ID),
			After: map[string]any{"rectification": rectID, "item": no, "round": f.Round, "name": name, "type": contentType, "size": f.Size}})
	})
	return f, err
}

// RectFiles lists a notice's files without their content, by item.
func (db *DB) RectFiles(ctx context.Context, rectID int64) (_ []RectFile, err error) {
	defer db.wrap(&err, "list the files of rectification notice %d", rectID)
	rows, err := db.read.QueryContext(ctx, `SELECT id, rect_id, item_no, round, name, content_type, size, uploaded_at, uploaded_by
		FROM rectification_files WHERE rect_id = $1 ORDER BY item_no, id`, rectID)
	if err != nil {
		return nil, db.dialect.mapErr(err)
	}
	return collect(rows, func(sc rowScanner) (RectFile, error) {
		var f RectFile
		return f, sc.Scan(&f.ID, &f.RectID, &f.Item, &f.Round, &f.Name, &f.ContentType, &f.Size, &f.UploadedAt, &f.UploadedBy)
	})
}

// RectFileData returns a file of a notice with its content.
func (db *DB) RectFileData(ctx context.Context, rectID, id int64) (_ RectFile, _ []byte, err error) {
	defer db.wrap(&err, "load file %d of rectification notice %d", id, rectID)
	var f RectFile
	var data []byte
	err = db.read.QueryRowContext(ctx, `SELECT id, rect_id, item_no, round, name, content_type, size, uploaded_at, uploaded_by, data
		FROM rectification_files WHERE id = $1 AND rect_id = $2`, id, rectID).
		Scan(&f.ID, &f.RectID, &f.Item, &f.Round, &f.Name, &f.ContentType, &f.Size, &f.UploadedAt, &f.UploadedBy, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return f, nil, dajia.Errorf(dajia.NotFound, "file", "没有这个附件")
	}
	return f, data, db.dialect.mapErr(err)
}
