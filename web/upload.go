package web

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"os"

	"dajia"
)

// The public form's text is a few kilobytes (a description is at most
// 5,000 characters); a stranger's multipart body may not make the server
// hold more than this of it, nor more parts than a form could have.
const (
	maxFormText  = 256 << 10
	maxFormParts = 64
)

// upload is the public tip form read from its multipart body with bounded
// memory: the text fields in memory, the photos streamed to temporary files
// (each cut at one byte over the limit, so the cleaner can say which photo
// is too large). Close removes the files.
type upload struct {
	Form   url.Values
	Photos []*os.File
}

var errUpload = errors.New("the form is too large or malformed")

// readUpload reads a multipart or URL-encoded form body. It keeps at most
// MaxTipPhotos+1 photos, so that one too many can be named, and skips the
// rest; empty file inputs are no photos.
func readUpload(w http.ResponseWriter, r *http.Request) (*upload, error) {
	u := &upload{Form: url.Values{}}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		r.Body = http.MaxBytesReader(w, r.Body, maxFormText)
		if err := r.ParseForm(); err != nil {
			return u, errUpload
		}
		u.Form = r.PostForm
		return u, nil
	}
	r.Body = http.MaxBytesReader(w, r.Body, int64((dajia.MaxTipPhotos+1)*dajia.MaxTipPhotoBytes+maxFormText))
	mr, err := r.MultipartReader()
	if err != nil {
		return u, errUpload
	}
	text := 0
	for parts := 0; ; parts++ {
		p, err := mr.NextPart()
		if err == io.EOF {
			return u, nil
		}
		if err != nil || parts >= maxFormParts {
			return u, errUpload
		}
		name := p.FormName()
		if p.FileName() == "" {
			b, err := io.ReadAll(io.LimitReader(p, int64(maxFormText-text)+1))
			text += len(b)
			if err != nil || text > maxFormText {
				return u, errUpload
			}
			if name != "photos" {
				u.Form.Add(name, string(b))
			}
			continue
		}
		if name != "photos" || len(u.Photos) > dajia.MaxTipPhotos {
			continue // NextPart skips what is left of it
		}
		f, err := os.CreateTemp("", "dajia-photo-*")
		if err != nil {
			return u, err
		}
		n, err := io.Copy(f, io.LimitReader(p, dajia.MaxTipPhotoBytes+1))
		if err == nil {
			_, err = f.Seek(0, io.SeekStart)
		}
		if err != nil || n == 0 {
			f.Close()
			os.Remove(f.Name())
			if err != nil {
				return u, errUpload
			}
			continue
		}
		u.Photos = append(u.Photos, f)
	}
}

// Close removes the photos' temporary files.
func (u *upload) Close() {
	for _, f := range u.Photos {
		f.Close()
		os.Remove(f.Name())
	}
}

// readers returns the photos for the cleaner.
func (u *upload) readers() []io.ReadSeeker {
	rs := make([]io.ReadSeeker, len(u.Photos))
	for i, f := range u.Photos {
		rs[i] = f
	}
	return rs
}
