package web

import (
	"fmt"
	"mime"
	"net/http"
	"strconv"

	"dajia"
	"dajia/locale"
	"dajia/store"
)

// Files a unit attaches to its answers: one file a post to an item, of
// the kinds staff files may be (told by content), at most
// dajia.MaxRectFileBytes; downloaded as an attachment by those who read the
// notice.

// FileField is the form field of an item's file.
func (d rectPage) FileField(no int) string { return fmt.Sprintf("file_%d", no) }

// ItemFiles are the files of an item.
func (d rectPage) ItemFiles(no int) []store.RectFile { return d.Files[no] }

func (s *Server) rectFileUpload(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	no, err := strconv.Atoi(r.PathValue("no"))
	if err != nil || no < 1 || no > dajia.MaxRectItems {
		return dajia.Errorf(dajia.NotFound, "item", "没有这项整改要求")
	}
	a := actorOf(r)
	f, err := readFile(w, r, dajia.MaxRectFileBytes)
	if err == nil {
		_, err = s.app.AttachToRectification(r.Context(), a, id, no, f.Name, f.Type, f.Data)
	}
	if formError(err) {
		d, derr := s.rectData(r, id)
		if derr != nil {
			return derr
		}
		d.Errors[d.FileField(no)] = locale.Error(d.Lang, dajia.ErrorOf(err))
		d.Error = d.T("附件未能上传")
		return s.render(w, r, statusFor(w, err), "rectification", d)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/rectifications/%d?done=attached#item-%d", id, no), http.StatusSeeOther)
	return nil
}

func (s *Server) rectFileDownload(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	fid, err := pathID(r, "fid")
	if err != nil {
		return err
	}
	f, data, err := s.app.RectFile(r.Context(), actorOf(r), id, fid)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}))
	w.Write(data)
	return nil
}

// MaxFileMB and MaxFiles are the bounds the form states.
func (d rectPage) MaxFileMB() int { return dajia.MaxRectFileBytes >> 20 }
func (d rectPage) MaxFiles() int  { return dajia.MaxRectFiles }
