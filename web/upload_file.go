package web

import (
	"io"
	"mime"
	"net/http"
	"path/filepath"
	"strings"
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

// readFile reads the "file" part of a multipart form of at most max bytes
// (the other fields are then in r.FormValue) and checks it.
func readFile(w http.ResponseWriter, r *http.Request, max int) (uploadedFile, error) {
	var u uploadedFile
	r.Body = http.MaxBytesReader(w, r.Body, int64(max)+64<<10)
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return u, dajia.Errorf(dajia.Invalid, "file", "请选择不超过 %d MB 的文件", max>>20)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, int64(max)+1))
	if err != nil || len(data) > max {
		return u, dajia.Errorf(dajia.Invalid, "file", "文件超过 %d MB", max>>20)
	}
	if len(data) == 0 {
		return u, dajia.Errorf(dajia.Invalid, "file", "文件是空的")
	}
	typ, _, _ := mime.ParseMediaType(http.DetectContentType(data))
	if _, ok := fileTypes[typ]; !ok {
		return u, dajia.Errorf(dajia.Invalid, "file", "只能上传 PDF、JPG、PNG、Word（docx）或 Excel（xlsx）文件")
	}
	return uploadedFile{Name: fileName(hdr.Filename), Type: typ, Data: data}, nil
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
