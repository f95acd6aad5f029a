package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"dajia"
	"dajia/store"
)

// postDoc posts a case document as a multipart form: through the page with
// a browser's cookies, or through the API with a token.
func postDoc(t *testing.T, c *http.Client, url, token, kind, name string, data []byte) (*http.Response, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("kind", kind)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", url, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// The documents of a case: the lead unit attaches, a cooperating unit and
// the town's readers read, another unit finds nothing; what is not a
// document of the accepted types is refused by its content; the timeline
// and the audit trail record the document, never its bytes.
func TestCaseDocuments(t *testing.T) {
	s, c := caseSite(t)
	ctx := context.Background()
	clue := newClue(t, c["officer"])
	id := openCase(t, c["officer"], openCaseForm(clue, "number", "中港工商罚〔2017〕7号", "cooperating", "zjfj"))
	base := s.URL + "/cases/" + id + "/documents"
	pdf := []byte("%PDF-1.4\n询问内容DOC-SECRET-7788\n%%EOF\n")

	r, body := postDoc(t, c["officer"].Client, base, "", "inquiry", "询问笔录.pdf", pdf)
	if r.StatusCode != 200 || r.Request.URL.Query().Get("done") != "document" || !strings.Contains(body, "询问笔录.pdf") || !strings.Contains(body, "文书已添加") {
		t.Fatalf("upload: %d %s %.300s", r.StatusCode, r.Request.URL, body)
	}
	docs, err := s.db.CaseDocuments(ctx, atoi(t, id))
	if err != nil || len(docs) != 1 || docs[0].Kind != dajia.DocInquiry || docs[0].Size != int64(len(pdf)) || docs[0].UploadedBy != "gs-officer" {
		t.Fatalf("stored: %+v %v", docs, err)
	}
	doc := itoa(docs[0].ID)
	if !strings.Contains(timeline(body), "添加案件文书") || !strings.Contains(timeline(body), "询问笔录.pdf") {
		t.Errorf("the timeline lacks the document: %s", timeline(body))
	}
	recs, err := s.db.AuditLog(ctx, store.AuditFilter{Action: "case.document", Limit: 10})
	if err != nil || len(recs) != 1 || recs[0].Object != "case:"+id || !strings.Contains(recs[0].After, `"size"`) ||
		!strings.Contains(recs[0].Fields, "name") || !strings.Contains(recs[0].Fields, "kind") {
		t.Fatalf("audit: %+v %v", recs, err)
	}
	for _, f := range []string{recs[0].Before, recs[0].After, recs[0].Fields} {
		if strings.Contains(f, "DOC-SECRET") || strings.Contains(f, "PDF-1.4") || strings.Contains(f, "询问笔录.pdf") {
			t.Errorf("the audit record keeps the document: %s", f)
		}
	}

	// Who reads, who attaches.
	for _, tt := range []struct {
		who          string
		page, get    int
		form, upload bool
	}{
		{"officer", 200, 200, true, true},
		{"head", 200, 200, true, true},
		{"office", 200, 200, true, true},
		{"other", 200, 200, false, false}, // cooperating
		{"leader", 200, 200, false, false},
		{"third", 404, 404, false, false},
		{"admin", 403, 403, false, false},
	} {
		t.Run(tt.who, func(t *testing.T) {
			r, body := c[tt.who].get(t, "/cases/"+id)
			if r.StatusCode != tt.page || strings.Contains(body, "询问笔录.pdf") != (tt.page == 200) ||
				strings.Contains(body, `action="/cases/`+id+`/documents"`) != tt.form {
				t.Errorf("page: %d, form %v", r.StatusCode, strings.Contains(body, `/documents"`))
			}
			r, body = c[tt.who].get(t, "/cases/"+id+"/documents/"+doc)
			if r.StatusCode != tt.get || strings.Contains(body, "DOC-SECRET") != (tt.get == 200) {
				t.Errorf("download: %d", r.StatusCode)
			}
			if tt.get == 200 && (r.Header.Get("Content-Type") != "application/octet-stream" || r.Header.Get("X-Content-Type-Options") != "nosniff" ||
				!strings.HasPrefix(r.Header.Get("Content-Disposition"), "attachment")) {
				t.Errorf("download headers: %v", r.Header)
			}
			r, _ = postDoc(t, c[tt.who].Client, base, "", "decision", "决定书.pdf", pdf)
			want := map[bool]int{true: 200, false: 403}[tt.upload]
			if tt.page != 200 {
				want = tt.page
			}
			if r.StatusCode != want {
				t.Errorf("upload: %d, want %d", r.StatusCode, want)
			}
		})
	}
	// Another case's number with this document is not found.
	if r, _ := c["office"].get(t, "/cases/"+id+"/documents/999999"); r.StatusCode != 404 {
		t.Errorf("no such document: %d", r.StatusCode)
	}

	// Hostile uploads are refused and store nothing.
	html := []byte("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>")
	big := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("A"), dajia.MaxCaseDocBytes)...)
	huge := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("A"), dajia.MaxCaseDocBytes+1<<20)...)
	before, _ := s.db.CaseDocuments(ctx, atoi(t, id))
	for _, tt := range []struct {
		name, kind, file string
		data             []byte
		want             string
	}{
		{"html named pdf", "inquiry", "笔录.pdf", html, "只能上传"},
		{"too large", "inquiry", "大.pdf", big, "文件超过 10 MB"},
		{"body too large", "inquiry", "更大.pdf", huge, "不超过 10 MB"},
		{"empty", "inquiry", "空.pdf", nil, "文件是空的"},
		{"no kind", "", "笔录.pdf", pdf, "请选择文书类型"},
		{"a kind that is not", "<b>x</b>", "笔录.pdf", pdf, "请选择文书类型"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r, body := postDoc(t, c["officer"].Client, base, "", tt.kind, tt.file, tt.data)
			if r.StatusCode != 400 || !strings.Contains(body, tt.want) {
				t.Errorf("%d %.300s", r.StatusCode, body)
			}
		})
	}
	if after, _ := s.db.CaseDocuments(ctx, atoi(t, id)); len(after) != len(before) {
		t.Fatalf("a refused upload was stored: %d, %d", len(before), len(after))
	}

	// A hostile file name keeps its last part and is shown escaped.
	for _, tt := range []struct{ posted, kept, shown string }{
		{"../../etc/passwd.pdf", "passwd.pdf", "passwd.pdf"},
		{`..\..\win.pdf`, "win.pdf", "win.pdf"},
		{"<img src=x onerror=alert(1)>.pdf", "<img src=x onerror=alert(1)>.pdf", "&lt;img src=x onerror=alert(1)&gt;.pdf"},
	} {
		r, body := postDoc(t, c["officer"].Client, base, "", "other", tt.posted, pdf)
		if r.StatusCode != 200 || strings.Contains(body, "<img src=x") || !strings.Contains(body, tt.shown) {
			t.Fatalf("hostile name %q: %d", tt.posted, r.StatusCode)
		}
		docs, _ = s.db.CaseDocuments(ctx, atoi(t, id))
		last := docs[len(docs)-1]
		if last.Name != tt.kept {
			t.Fatalf("stored name %q, want %q", last.Name, tt.kept)
		}
		r, _ = c["officer"].get(t, "/cases/"+id+"/documents/"+itoa(last.ID))
		if cd := r.Header.Get("Content-Disposition"); strings.ContainsAny(cd, `/\`) || !strings.HasPrefix(cd, "attachment") {
			t.Errorf("Content-Disposition %q", cd)
		}
	}

	// A withdrawn case takes no more documents but still shows them.
	if err := s.db.SetCasePrefix(ctx, testActor, "gsfj", "中港工商罚"); err != nil {
		t.Fatal(err)
	}
	if code, _, body := caseStep(t, c["head"], id, "withdraw", "note", "证据不足"); code != 200 {
		t.Fatalf("withdraw: %d %.300s", code, body)
	}
	if r, _ := postDoc(t, c["officer"].Client, base, "", "other", "补充.pdf", pdf); r.StatusCode != 403 {
		t.Errorf("a withdrawn case takes a document: %d", r.StatusCode)
	}
	if _, body := c["head"].get(t, "/cases/"+id); strings.Contains(body, `action="/cases/`+id+`/documents"`) || !strings.Contains(body, "询问笔录.pdf") {
		t.Error("a withdrawn case's page offers the upload or hides the documents")
	}
}

// The API lists, takes and sends a case's documents under the same rules.
func TestCaseDocumentsAPI(t *testing.T) {
	s, c := caseSite(t)
	ctx := context.Background()
	token := func(name string) string {
		u, err := s.db.UserByName(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		tok, _ := newTokenFor(t, s, u.ID)
		return tok
	}
	gs, zj, sy := token("gs-officer"), token("zj-officer"), token("sy-officer")
	clue := newClue(t, c["officer"])
	id := openCase(t, c["officer"], openCaseForm(clue, "number", "中港工商罚〔2017〕7号", "cooperating", "zjfj"))
	url := s.URL + "/api/v1/cases/" + id + "/documents"
	pdf := []byte("%PDF-1.4\nAPI-DOC-4242\n")

	r, body := postDoc(t, http.DefaultClient, url, gs, "test_report", "检验报告.pdf", pdf)
	var made map[string]any
	json.Unmarshal([]byte(body), &made)
	if r.StatusCode != 201 || made["kind"] != "test_report" || made["kind_name"] != "检验报告" || made["size"] != float64(len(pdf)) {
		t.Fatalf("post: %d %s", r.StatusCode, body)
	}
	if r, body := postDoc(t, http.DefaultClient, url, zj, "other", "协办.pdf", pdf); r.StatusCode != 403 {
		t.Errorf("the cooperating unit attaches: %d %s", r.StatusCode, body)
	}
	if r, _ := postDoc(t, http.DefaultClient, url, sy, "other", "别人.pdf", pdf); r.StatusCode != 404 {
		t.Errorf("another unit attaches: %d", r.StatusCode)
	}
	if r, body := postDoc(t, http.DefaultClient, url, gs, "other", "x.pdf", []byte("<html><script>x</script></html>")); r.StatusCode != 400 || !strings.Contains(body, `"file"`) {
		t.Errorf("html through the API: %d %s", r.StatusCode, body)
	}
	for tok, want := range map[string]int{gs: 200, zj: 200, sy: 404} {
		code, out := s.apiJSON(t, "GET", "/api/v1/cases/"+id+"/documents", tok, nil)
		if code != want {
			t.Errorf("list: %d, want %d", code, want)
			continue
		}
		if want == 200 {
			list, _ := out["documents"].([]any)
			if len(list) != 1 || !strings.Contains(string(mustJSON(list)), "检验报告.pdf") || strings.Contains(string(mustJSON(list)), "API-DOC") {
				t.Errorf("list: %v", out)
			}
		}
		req, _ := http.NewRequest("GET", url+"/"+itoa(int64(made["id"].(float64))), nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want || bytes.Contains(b, []byte("API-DOC-4242")) != (want == 200) ||
			want == 200 && resp.Header.Get("Content-Type") != "application/octet-stream" {
			t.Errorf("download: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	}
}

func atoi(t *testing.T, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
