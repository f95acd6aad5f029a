package web

import (
	"fmt"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"

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
	if err := s.app.MayAttachToRectification(r.Context(), a, id, no); err != nil {
		return err
	}
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

// maxRectAnswerBody bounds the answer form with its files: the answers and
// up to three files of the largest size; more are uploaded in turns.
const maxRectAnswerBody = 3*dajia.MaxRectFileBytes + maxRectForm

// rectAnswerWithFiles takes the answer form with each item's files
// (multipart): the files are attached first, each to its item; then, unless
// the unit only uploads (keep=1), the answers are submitted. On any
// problem, or when only uploading, the page comes back with the typed
// answers kept, so that nothing typed is lost.
func (s *Server) rectAnswerWithFiles(w http.ResponseWriter, r *http.Request, id int64) error {
	if err := s.app.MayAttachToRectification(r.Context(), actorOf(r), id, 0); err != nil {
		return err
	}
	if err := takeUploadSlot(r); err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxRectAnswerBody)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		return dajia.Errorf(dajia.Invalid, "", "表单无法读取：附件合计不超过 %d MB，可分次上传", maxRectAnswerBody>>20)
	}
	defer r.MultipartForm.RemoveAll()
	a, f := actorOf(r), r.PostForm
	answers, typed := map[int]string{}, map[string]string{}
	for k := range f {
		if no, ok := strings.CutPrefix(k, "answer_"); ok {
			if n, err := strconv.Atoi(no); err == nil && n > 0 && n <= dajia.MaxRectItems {
				answers[n], typed[k] = f.Get(k), f.Get(k)
			}
		}
	}
	fileErrs := map[string]string{}
	attached := 0
	for k, fhs := range r.MultipartForm.File {
		no, ok := strings.CutPrefix(k, "file_")
		n, err := strconv.Atoi(no)
		if !ok || err != nil || n < 1 || n > dajia.MaxRectItems {
			continue
		}
		for _, fh := range fhs {
			if fh.Size == 0 && fh.Filename == "" {
				continue // the item's input left empty
			}
			u, err := rectPart(fh)
			if err == nil {
				_, err = s.app.AttachToRectification(r.Context(), a, id, n, u.Name, u.Type, u.Data)
			}
			if formError(err) {
				fileErrs[k] = locale.Error(s.lang(r), dajia.ErrorOf(err))
				break
			}
			if err != nil {
				return err
			}
			attached++
		}
	}
	var err error
	if len(fileErrs) == 0 && f.Get("keep") != "1" {
		if _, err = s.app.AnswerRectification(r.Context(), a, id, answers); err == nil {
			http.Redirect(w, r, fmt.Sprintf("/rectifications/%d?done=answer", id), http.StatusSeeOther)
			return nil
		}
		if !formError(err) {
			return err
		}
	}
	d, derr := s.rectData(r, id)
	if derr != nil {
		return derr
	}
	d.Answers = typed
	status := http.StatusOK
	switch {
	case len(fileErrs) > 0:
		for k, v := range fileErrs {
			d.Errors[k] = v
		}
		d.Error, status = d.T("附件未能上传，整改情况尚未提交"), http.StatusBadRequest
	case err != nil:
		fields := map[string]bool{}
		for _, it := range d.R.Items {
			fields[d.AnswerField(it.No)] = true
		}
		d.Error, status = fieldErrorsOf(d.Page, err, d.Errors, fields), statusFor(w, err)
	case attached > 0:
		d.Message = d.T("附件已上传，整改情况尚未提交")
	default:
		d.Message = d.T("没有选择附件，整改情况尚未提交")
	}
	return s.render(w, r, status, "rectification", d)
}

// rectPart reads one posted file as readFile does: bounded, not empty, of
// a kind staff files may be (told by content), named safely.
func rectPart(fh *multipart.FileHeader) (uploadedFile, error) {
	f, err := fh.Open()
	if err != nil {
		return uploadedFile{}, dajia.Errorf(dajia.Invalid, "file", "请选择不超过 %d MB 的文件", dajia.MaxRectFileBytes>>20)
	}
	defer f.Close()
	return checkFile(fh.Filename, f, dajia.MaxRectFileBytes)
}
