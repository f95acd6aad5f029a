package web

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"mime"
	"net/http"
	"path/filepath"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"dajia"
)

// The rules for a staff member's file (a report's attachment, a case's
// document): one file of at most max bytes in a body bounded a little over
// that, not empty, of a type told by its content and not its name, under a
// file name without its folders or control characters.

// fileTypes are the types accepted, by what the content is, not its name.
var fileTypes = map[string]string{"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png",
	"application/zip": ".docx/.xlsx"}

// maxFileName bounds a kept file name; a longer one is replaced.
const maxFileName = 100

// uploadedFile is a file as posted, checked.
type uploadedFile struct {
	Name string
	Type string // sniffed from the content: a key of fileTypes
	Data []byte
}

// uploadSlots bounds the uploads read at once, over every kind of file: a
// file is held in memory while it is checked and stored, so forty uploads
// of ten megabytes at once would otherwise cost the server a gigabyte.
var uploadSlots = make(chan struct{}, 4)

// uploadWait is how long an upload waits for a slot before it is told to
// try again.
const uploadWait = 10 * time.Second

// takeUploadSlot waits for a slot, kept until the request's handler
// returns (its context ends then).
func takeUploadSlot(r *http.Request) error {
	if takeSlot(r, uploadSlots, uploadWait) {
		return nil
	}
	return dajia.Errorf(dajia.Busy, "file", "正在上传的文件较多，请稍后再试")
}

// takeSlot waits up to wait for a place in slots, kept until the
// request's handler returns (its context ends then); false when none came
// in time or the request ended first.
func takeSlot(r *http.Request, slots chan struct{}, wait time.Duration) bool {
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case slots <- struct{}{}:
		context.AfterFunc(r.Context(), func() { <-slots })
		return true
	case <-t.C:
	case <-r.Context().Done():
	}
	return false
}

// readFile reads the "file" part of a multipart form of at most max bytes
// (the other fields are then in r.FormValue) and checks it. The caller
// checks who may attach before: the body is not read until then.
func readFile(w http.ResponseWriter, r *http.Request, max int) (uploadedFile, error) {
	var u uploadedFile
	if err := takeUploadSlot(r); err != nil {
		return u, err
	}
	r.Body = http.MaxBytesReader(w, r.Body, int64(max)+64<<10)
	// Parts past a megabyte go to a temporary file (removed by the server
	// after the handler), so the file is in memory once, when it is read.
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		return u, dajia.Errorf(dajia.Invalid, "file", "请选择不超过 %d MB 的文件", max>>20)
	}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return u, dajia.Errorf(dajia.Invalid, "file", "请选择不超过 %d MB 的文件", max>>20)
	}
	defer f.Close()
	return checkFile(hdr.Filename, f, max)
}

// checkFile reads a posted file of at most max bytes and checks it: not
// empty, of an accepted type told by its content, its name ending in what
// it is.
func checkFile(name string, f io.Reader, max int) (uploadedFile, error) {
	var u uploadedFile
	data, err := io.ReadAll(io.LimitReader(f, int64(max)+1))
	if err != nil || len(data) > max {
		return u, dajia.Errorf(dajia.Invalid, "file", "文件超过 %d MB", max>>20)
	}
	if len(data) == 0 {
		return u, dajia.Errorf(dajia.Invalid, "file", "文件是空的")
	}
	typ, _, _ := mime.ParseMediaType(http.DetectContentType(data))
	ext, ok := fileTypes[typ]
	if typ == "application/zip" {
		// Any zip would pass for a document: only a Word or Excel
		// package is one.
		ext = officeExt(data)
		ok = ext != ""
	}
	if !ok {
		return u, dajia.Errorf(dajia.Invalid, "file", "只能上传 PDF、JPG、PNG、Word（docx）或 Excel（xlsx）文件")
	}
	return uploadedFile{Name: typedName(fileName(name), ext), Type: typ, Data: data}, nil
}

// officeExt is ".docx" or ".xlsx" for a Word or Excel package (a zip with
// its content types and the part folder), "" for any other zip. Only the
// zip's directory is read, nothing is inflated.
func officeExt(data []byte) string {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return ""
	}
	var types bool
	ext := ""
	for _, f := range z.File {
		switch {
		case f.Name == "[Content_Types].xml":
			types = true
		case strings.HasPrefix(f.Name, "word/"):
			ext = ".docx"
		case strings.HasPrefix(f.Name, "xl/"):
			ext = ".xlsx"
		}
	}
	if !types {
		return ""
	}
	return ext
}

// typedName is a kept file name ending in the extension of what the file
// is, so that a PNG named 整改材料.html opens as a picture, not a page.
func typedName(name, ext string) string {
	have := strings.ToLower(filepath.Ext(name))
	if have == ext || (ext == ".jpg" && have == ".jpeg") {
		return name
	}
	return strings.TrimSuffix(name, filepath.Ext(name)) + ext
}

// fileName keeps the last element of a posted file name, without control
// characters; one too long, empty or not UTF-8 becomes 附件.
func fileName(s string) string {
	name := filepath.Base(strings.ReplaceAll(s, "\\", "/"))
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if !utf8.ValidString(name) || utf8.RuneCountInString(name) > maxFileName || name == "" || name == "." || name == ".." || name == "/" {
		return "附件"
	}
	return name
}
