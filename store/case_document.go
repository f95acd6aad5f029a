package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"dajia"
)

// CaseDocument is a document of a case (案件文书), without its bytes.
type CaseDocument struct {
	ID          int64
	CaseID      int64
	Kind        dajia.DocKind
	Name        string
	ContentType string
	Size        int64
	UploadedAt  time.Time
	UploadedBy  string
}

// AddCaseDocument stores a document with a case in one transaction with
// its audit record (name, kind, size; never the bytes) and a line on the
// case's timeline. check sees the case as it stands in the transaction.
func (db *DB) AddCaseDocument(ctx context.Context, actor dajia.Actor, caseID int64, kind dajia.DocKind, name, contentType string, data []byte,
	check func(dajia.Case) error) (_ CaseDocument, err error) {
	defer db.wrap(&err, "attach a document to case %d", caseID)
	d := CaseDocument{CaseID: caseID, Kind: kind, Name: name, ContentType: contentType, Size: int64(len(data)), UploadedBy: actor.Name}
	err = db.Transact(ctx, func(tx *Tx) error {
		r, err := tx.caseRecord(ctx, caseID)
		if err != nil {
			return err
		}
		if err := check(r.Case); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM case_documents WHERE case_id = $1`, caseID).Scan(&n); err != nil {
			return err
		}
		if n >= dajia.MaxCaseDocs {
			return dajia.Errorf(dajia.Invalid, "file", "每个案件最多 %d 份文书", dajia.MaxCaseDocs)
		}
		d.UploadedAt = tx.Now
		if err := tx.QueryRowContext(ctx, `INSERT INTO case_documents (case_id, kind, name, content_type, size, data, uploaded_at, uploaded_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, caseID, string(kind), name, contentType, d.Size, data, tx.Now, actor.Name).Scan(&d.ID); err != nil {
			return err
		}
		if err := tx.caseEvent(ctx, caseID, actor.Name, "document", name); err != nil {
			return err
		}
		return tx.Audit(ctx, actor, AuditEntry{Action: "case.document", Object: fmt.Sprintf("case:%d", caseID),
			After: map[string]any{"document": d.ID, "kind": string(kind), "name": name, "type": contentType, "size": d.Size}})
	})
	return d, err
}

const caseDocColumns = `id, case_id, kind, name, content_type, size, uploaded_at, uploaded_by`

func scanCaseDoc(sc rowScanner, extra ...any) (CaseDocument, error) {
	var d CaseDocument
	var kind string
	err := sc.Scan(append([]any{&d.ID, &d.CaseID, &kind, &d.Name, &d.ContentType, &d.Size, &d.UploadedAt, &d.UploadedBy}, extra...)...)
	d.Kind = dajia.DocKind(kind)
	return d, err
}

// CaseDocuments lists a case's documents without their bytes, oldest first.
func (db *DB) CaseDocuments(ctx context.Context, caseID int64) (_ []CaseDocument, err error) {
	defer db.wrap(&err, "list the documents of case %d", caseID)
	rows, err := db.read.QueryContext(ctx, `SELECT `+caseDocColumns+` FROM case_documents WHERE case_id = $1 ORDER BY id`, caseID)
	if err != nil {
		return nil, db.dialect.mapErr(err)
	}
	return collect(rows, func(sc rowScanner) (CaseDocument, error) { return scanCaseDoc(sc) })
}

// CaseDocumentData returns a document of case caseID with its bytes; a
// document of another case is not found.
func (db *DB) CaseDocumentData(ctx context.Context, caseID, id int64) (_ CaseDocument, _ []byte, err error) {
	defer db.wrap(&err, "load document %d of case %d", id, caseID)
	var data []byte
	d, err := scanCaseDoc(db.read.QueryRowContext(ctx, `SELECT `+caseDocColumns+`, data FROM case_documents WHERE id = $1 AND case_id = $2`, id, caseID), &data)
	if errors.Is(err, sql.ErrNoRows) {
		return d, nil, dajia.Errorf(dajia.NotFound, "document", "没有这份文书")
	}
	return d, data, db.dialect.mapErr(err)
}
