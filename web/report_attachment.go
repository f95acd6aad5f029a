package web

import (
	"fmt"
	"io"
	"mime"
	"net/http"
	"path/filepath"
	"strings"

	"dajia"
	"dajia/store"
)

// attachment types accepted, by what the content is, not its name.
var attachmentTypes = map[string]string{"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png",
	"application/zip": ".docx/.xlsx"}

func (s *Server) attachmentUpload(w http.ResponseWriter, r *http.Request) error {
	rep, _, err := s.reportFor(r)
	if err != nil {
		return err
	}
	id := rep.ID
	r.Body = http.MaxBytesReader(w, r.Body, store.MaxAttachment+64<<10)
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return dajia.Errorf(dajia.Invalid, "file", "请选择不超过 %d MB 的文件", store.MaxAttachment>>20)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, store.MaxAttachment+1))
	if err != nil || len(data) > store.MaxAttachment {
		return dajia.Errorf(dajia.Invalid, "file", "文件超过 %d MB", store.MaxAttachment>>20)
	}
	if len(data) == 0 {
		return dajia.Errorf(dajia.Invalid, "file", "文件是空的")
	}
	typ := http.DetectContentType(data)
	typ, _, _ = mime.ParseMediaType(typ)
	if _, ok := attachmentTypes[typ]; !ok {
		return dajia.Errorf(dajia.Invalid, "file", "只能上传 PDF、JPG、PNG、Word（docx）或 Excel（xlsx）文件")
	}
	name := filepath.Base(strings.ReplaceAll(hdr.Filename, "\\", "/"))
	if len([]rune(name)) > 100 || name == "." || name == "/" {
		name = "附件"
	}
	if _, err := s.app.AttachToReport(r.Context(), actorOf(r), id, name, typ, data); err != nil {
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
