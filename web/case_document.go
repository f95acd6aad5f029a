package web

// The documents of a case (案件文书): the section of the case's page, the
// upload and download, and the API.

import (
	"fmt"
	"mime"
	"net/http"

	"dajia"
	"dajia/store"
)

// caseDocs is the documents section of a case's page.
type caseDocs struct {
	List   []store.CaseDocument
	Upload bool // the actor may attach documents
	Kinds  []dajia.DocKind
}

// caseDocsOf loads the section for the actor; the case is one the actor
// sees.
func (s *Server) caseDocsOf(r *http.Request, c dajia.Case, id int64) (caseDocs, error) {
	actor := actorOf(r)
	list, err := s.app.CaseDocuments(r.Context(), actor, id)
	return caseDocs{List: list, Upload: c.MayAttach(actor) == nil, Kinds: dajia.DocKinds}, err
}

// DocKindName names a document kind in the page's language.
func (p Page) DocKindName(k dajia.DocKind) string { return p.N(k.Name()) }

// FileSize writes a size in bytes as staff read it.
func (p Page) FileSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// caseDocUpload reads a posted document and attaches it to the case.
func (s *Server) caseDocUpload(w http.ResponseWriter, r *http.Request) (int64, store.CaseDocument, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, store.CaseDocument{}, err
	}
	// Whoever may not see the case is told so before the file is read.
	if _, err := s.app.Case(r.Context(), actorOf(r), id); err != nil {
		return id, store.CaseDocument{}, err
	}
	f, err := readFile(w, r, dajia.MaxCaseDocBytes)
	if err != nil {
		return id, store.CaseDocument{}, err
	}
	d, err := s.app.AttachToCase(r.Context(), actorOf(r), id, dajia.DocKind(r.FormValue("kind")), f.Name, f.Type, f.Data)
	return id, d, err
}

func (s *Server) caseDocumentPost(w http.ResponseWriter, r *http.Request) error {
	id, _, err := s.caseDocUpload(w, r)
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/cases/%d?done=document#documents", id), http.StatusSeeOther)
	return nil
}

// caseDocumentGet sends a document as a download, never to be shown.
func (s *Server) caseDocumentGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	did, err := pathID(r, "did")
	if err != nil {
		return err
	}
	d, data, err := s.app.CaseDocument(r.Context(), actorOf(r), id, did)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": d.Name}))
	w.Write(data)
	return nil
}

func apiCaseDocOf(d store.CaseDocument, lang string) map[string]any {
	return map[string]any{"id": d.ID, "case_id": d.CaseID, "kind": d.Kind, "kind_name": localized(lang, string(d.Kind.Name())),
		"name": d.Name, "content_type": d.ContentType, "size": d.Size, "uploaded_at": d.UploadedAt.In(dajia.ChinaTime),
		"uploaded_by": d.UploadedBy, "url": fmt.Sprintf("/api/v1/cases/%d/documents/%d", d.CaseID, d.ID)}
}

func (s *Server) apiCaseDocuments(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	list, err := s.app.CaseDocuments(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	lang := s.lang(r)
	out := []map[string]any{}
	for _, d := range list {
		out = append(out, apiCaseDocOf(d, lang))
	}
	writeJSON(w, http.StatusOK, map[string]any{"documents": out})
	return nil
}

func (s *Server) apiCaseDocumentPost(w http.ResponseWriter, r *http.Request) error {
	_, d, err := s.caseDocUpload(w, r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, apiCaseDocOf(d, s.lang(r)))
	return nil
}
