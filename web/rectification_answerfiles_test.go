package web_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
)

// postAnswerForm posts the notice page's answer form as c: the fields and,
// by field, one file each (name → content).
func postAnswerForm(t *testing.T, c *browserClient, path string, fields map[string]string, files map[string][2]string) (*http.Response, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	for field, f := range files {
		fw, _ := mw.CreateFormFile(field, f[0])
		fw.Write([]byte(f[1]))
	}
	mw.Close()
	req, _ := http.NewRequest("POST", c.base+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// The files are chosen inside each item's answer: uploading them alone
// keeps the answers typed, a refused file keeps them too and submits
// nothing, and one submit saves answers and files together; another unit
// can do none of it.
func TestRectificationAnswerFormCarriesFilesAndKeepsTypedAnswers(t *testing.T) {
	s, c := caseSite(t)
	id := issueRect(t, c["office"], rectForm("gsfj"))
	path := "/rectifications/" + id
	_, page := c["officer"].get(t, path)
	if !strings.Contains(page, `enctype="multipart/form-data"`) || !strings.Contains(page, `name="file_1"`) || !strings.Contains(page, `name="file_2"`) {
		t.Fatalf("the answer form has no file per item: %s", page)
	}
	pdf := "%PDF-1.4\n整改台账\n%%EOF\n"
	r, body := postAnswerForm(t, c["officer"], path+"/do/answer", map[string]string{"answer_1": "已补报9月报表", "answer_2": "正在落实", "keep": "1"},
		map[string][2]string{"file_1": {"台账.pdf", pdf}})
	if r.StatusCode != 200 || !strings.Contains(body, "附件已上传，整改情况尚未提交") || !strings.Contains(body, ">已补报9月报表</textarea>") ||
		!strings.Contains(body, ">正在落实</textarea>") || !strings.Contains(body, ">台账.pdf</a>") {
		t.Fatalf("upload only: %d %s", r.StatusCode, body)
	}
	r, body = postAnswerForm(t, c["officer"], path+"/do/answer", map[string]string{"answer_1": "已补报9月报表", "answer_2": "已指定专人"},
		map[string][2]string{"file_2": {"evil.pdf", "<html><script>alert(1)</script></html>"}})
	if r.StatusCode != 400 || !strings.Contains(body, "只能上传 PDF、JPG、PNG、Word（docx）或 Excel（xlsx）文件") || !strings.Contains(body, ">已指定专人</textarea>") {
		t.Fatalf("a refused file: %d %s", r.StatusCode, body)
	}
	if _, body := c["office"].get(t, path); strings.Contains(body, "已指定专人") {
		t.Fatal("the answers were submitted with a refused file")
	}
	if r, _ := postAnswerForm(t, c["other"], path+"/do/answer", map[string]string{"answer_1": "x", "answer_2": "y"},
		map[string][2]string{"file_1": {"p.pdf", pdf}}); r.StatusCode != 404 {
		t.Errorf("another unit posts gsfj's answer form: %d", r.StatusCode)
	}
	r, body = postAnswerForm(t, c["officer"], path+"/do/answer", map[string]string{"answer_1": "已补报9月报表", "answer_2": "已指定专人"},
		map[string][2]string{"file_2": {"名单.pdf", pdf}})
	if r.StatusCode != 200 || r.Request.URL.Query().Get("done") != "answer" || !strings.Contains(body, "整改情况已回复") {
		t.Fatalf("answers with a file: %d %s", r.StatusCode, r.Request.URL)
	}
	files, err := s.db.RectFiles(context.Background(), int64(mustAtoi(t, id)))
	if err != nil || len(files) != 2 || files[0].Item != 1 || files[1].Item != 2 {
		t.Errorf("stored files: %+v %v", files, err)
	}
	if _, body := c["office"].get(t, path); !strings.Contains(body, "已指定专人") || !strings.Contains(body, ">名单.pdf</a>") {
		t.Errorf("the office's page lacks the answer or its file")
	}
}
