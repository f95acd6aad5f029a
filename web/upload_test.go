package web_test

import (
	"bytes"
	"context"
	"image/jpeg"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"dajia"
	"dajia/photo/phototest"
	"dajia/store"
)

// The public form's body is read with bounded memory: text within 256 KB,
// a bounded number of parts, photos to temporary files that are gone when
// the request ends. Each refusal says what is wrong and stores nothing.
func TestPublicFormBodyIsBoundedAndPhotosWaitOnDisk(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	s, _ := reportingSite(t, "2017-09-29")
	small := jpegWithEXIF(t)
	tooBig := append(jpegWithEXIF(t), make([]byte, dajia.MaxTipPhotoBytes)...)
	withFields := func(extra map[string]string) map[string]string {
		f := complaint("13800138000")
		for k, v := range extra {
			f[k] = v
		}
		return f
	}
	manyFields := map[string]string{}
	for i := range 100 {
		manyFields["x"+strconv.Itoa(i)] = "1"
	}
	tests := []struct {
		name   string
		fields map[string]string
		photos [][]byte
		want   string
	}{
		{"seven photos", complaint("13800138000"), [][]byte{small, small, small, small, small, small, small}, "最多上传 5 张照片"},
		{"the second photo over 5 MB", complaint("13800138000"), [][]byte{small, tooBig}, "第 2 张照片不超过 5 MB"},
		{"text over 256 KB", withFields(map[string]string{"business_name": strings.Repeat("假", 90_000)}), nil, "提交的内容过大或格式不对"},
		{"a hundred parts", withFields(manyFields), nil, "提交的内容过大或格式不对"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s.resetTipLimit()
			r, body := postTip(t, &http.Client{}, s.URL, tt.fields, tt.photos...)
			if r.StatusCode != http.StatusBadRequest || !strings.Contains(body, tt.want) {
				t.Fatalf("%d, want 400 saying %q", r.StatusCode, tt.want)
			}
			if left, _ := filepath.Glob(filepath.Join(tmp, "dajia-photo-*")); len(left) != 0 {
				t.Fatalf("temporary photos left behind: %v", left)
			}
		})
	}
	if tips, _ := s.db.Tips(context.Background(), store.TipFilter{}); len(tips) != 0 {
		t.Fatalf("%d refused tips were stored", len(tips))
	}

	t.Run("a large photo is stored scaled down", func(t *testing.T) {
		s.resetTipLimit()
		r, body := postTip(t, &http.Client{}, s.URL, complaint("13800138000"), phototest.NoisyJPEG(3000, 2000, 60), small)
		if r.StatusCode != http.StatusCreated {
			t.Fatalf("%d: %s", r.StatusCode, body)
		}
		tips, err := s.db.Tips(context.Background(), store.TipFilter{})
		if err != nil || len(tips) != 1 {
			t.Fatalf("%d tips, %v", len(tips), err)
		}
		photos, err := s.db.TipPhotos(context.Background(), tips[0].ID)
		if err != nil || len(photos) != 2 {
			t.Fatalf("%d photos, %v", len(photos), err)
		}
		for i, want := range [][2]int{{2048, 1365}, {40, 30}} {
			p, err := s.db.TipPhoto(context.Background(), tips[0].ID, photos[i].ID)
			if err != nil {
				t.Fatal(err)
			}
			cfg, err := jpeg.DecodeConfig(bytes.NewReader(p.Data))
			if err != nil || cfg.Width != want[0] || cfg.Height != want[1] {
				t.Errorf("photo %d stored as %d×%d (%v), want %d×%d", i+1, cfg.Width, cfg.Height, err, want[0], want[1])
			}
		}
		if left, _ := filepath.Glob(filepath.Join(tmp, "dajia-photo-*")); len(left) != 0 {
			t.Fatalf("temporary photos left behind: %v", left)
		}
	})
}

// A multipart body that is cut off or not multipart at all is a clear 400.
func TestPublicFormMalformedBodies(t *testing.T) {
	s, _ := reportingSite(t, "2017-09-29")
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("kind", "投诉")
	fw, _ := mw.CreateFormFile("photos", "a.jpg")
	fw.Write(jpegWithEXIF(t))
	cut := body.Bytes()[:body.Len()-5] // no closing boundary
	for _, tt := range []struct{ name, ctype, body string }{
		{"cut off", mw.FormDataContentType(), string(cut)},
		{"boundary missing", "multipart/form-data", "--x\r\n"},
		{"urlencoded over 256 KB", "application/x-www-form-urlencoded", "description=" + strings.Repeat("a", 300<<10)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s.resetTipLimit()
			req, _ := http.NewRequest("POST", s.URL+"/tip", strings.NewReader(tt.body))
			req.Header.Set("Content-Type", tt.ctype)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusBadRequest {
				t.Fatalf("%d, want 400", resp.StatusCode)
			}
		})
	}
}
