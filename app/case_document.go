package app

import (
	"context"

	"dajia"
	"dajia/store"
)

// AttachToCase stores a document with a case: the case's handlers may,
// while it is not withdrawn; the caller has checked what the bytes are
// (CheckUpload). The case's timeline and the audit trail record it.
func (a *App) AttachToCase(ctx context.Context, actor dajia.Actor, caseID int64, kind dajia.DocKind, name, contentType string, data []byte) (store.CaseDocument, error) {
	if err := (dajia.CaseDoc{Kind: kind, Name: name, Size: int64(len(data))}).Check(); err != nil {
		return store.CaseDocument{}, err
	}
	return a.db.AddCaseDocument(ctx, actor, caseID, kind, name, contentType, data, func(c dajia.Case) error { return c.MayAttach(actor) })
}

// CaseDocuments lists the documents of a case the actor may see, without
// their bytes; another unit's case is not found.
func (a *App) CaseDocuments(ctx context.Context, actor dajia.Actor, caseID int64) ([]store.CaseDocument, error) {
	if _, err := a.Case(ctx, actor, caseID); err != nil {
		return nil, err
	}
	return a.db.CaseDocuments(ctx, caseID)
}

// CaseDocument returns a document of a case the actor may see, with its
// bytes.
func (a *App) CaseDocument(ctx context.Context, actor dajia.Actor, caseID, docID int64) (store.CaseDocument, []byte, error) {
	if _, err := a.Case(ctx, actor, caseID); err != nil {
		return store.CaseDocument{}, nil, err
	}
	return a.db.CaseDocumentData(ctx, caseID, docID)
}
