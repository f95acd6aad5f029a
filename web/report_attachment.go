package web

import (
	"fmt"
	"mime"
	"net/http"

	"dajia/store"
)

func (s *Server) attachmentUpload(w http.ResponseWriter, r *http.Request) error {
	rep, _, err := s.reportFor(r)
	if err != nil {
		return err
	}
	id := rep.ID
	f, err := readFile(w, r, store.MaxAttachment)
	if err != nil {
		return err
	}
	if _, err := s.app.AttachToReport(r.Context(), actorOf(r), id, f.Name, f.Type, f.Data); err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/reports/%d?done=attached", id), http.StatusSeeOther)
	return nil
}

func (s *Server) attachmentDownload(w http.ResponseWriter, r *http.Request) error {
	aid, err := pathID(r, "aid")
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a, data, err := s.app.Attachment(r.Context(), actorOf(r), id, aid)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": a.Name}))
	w.Write(data)
	return nil
}
