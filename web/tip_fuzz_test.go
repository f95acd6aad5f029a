package web_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// FuzzPublicTipAPI posts arbitrary bodies to the public tip API (submit
// and track) of a real server on a real database. Whatever comes, the
// server answers: no panic, never a 5xx, a receipt or an error of the
// documented shape with a message. With asked, the address has already
// sent twice, so the check question is due and the body's captcha member
// is checked.
//
// Run it longer with: go test ./web -run '^$' -fuzz FuzzPublicTipAPI -fuzztime 60s
func FuzzPublicTipAPI(f *testing.F) {
	valid := `{"kind":"举报","category":"灯具","stage":"销售","online":true,"occurred_on":"2017-09-20",` +
		`"business":{"name":"港口镇某灯饰商行","credit_code":"91350100M000100Y43","address":"港口镇某路 1 号","village":"胜隆社区"},` +
		`"description":"该商行销售假冒品牌LED灯具，无3C认证。","contact":{"name":"张三","phone":"13800138000","id_number":"11010519491231002X"}}`
	complaintBody := `{"kind":"投诉","category":"食品","stage":"生产","description":"买到的食用油是假的，商家拒绝退款。","business":{"name":"某小卖部"},"contact":{"name":"李四","phone":"13912345678"}}`
	for _, seed := range []string{
		valid,
		complaintBody,
		strings.Replace(valid, `"online":true,`, `"captcha":{"token":"x","answer":"7"},`, 1),
		`{}`, ``, `null`, `[]`, `"举报"`, `0`, `{"kind":null}`, `{"code":"TABCDEFGH2","secret":"ABCDEFGH"}`,
		// huge strings
		`{"kind":"举报","category":"灯具","stage":"销售","description":"` + strings.Repeat("假", 20000) + `","business":{"name":"x"}}`,
		`{"kind":"举报","category":"灯具","stage":"销售","description":"` + strings.Repeat("x", 300<<10) + `"}`,
		`{"kind":"举报","business":{"name":"` + strings.Repeat("名", 5000) + `"}}`,
		// deep nesting
		strings.Repeat("[", 20000) + strings.Repeat("]", 20000),
		`{"business":` + strings.Repeat(`{"name":`, 3000) + `"x"` + strings.Repeat("}", 3001),
		`{"captcha":{"token":` + strings.Repeat("[", 500) + strings.Repeat("]", 500) + `}}`,
		// invalid UTF-8, NUL and other control characters
		"{\"kind\":\"举报\",\"category\":\"灯具\",\"stage\":\"销售\",\"description\":\"\xff\xfe\xfd 假冒灯具在卖，无3C认证。\",\"business\":{\"name\":\"\xc3\"}}",
		`{"kind":"举报","category":"灯具","stage":"销售","description":"假冒灯具在卖\u0000无3C认证。","business":{"name":"a\u0000b"}}`,
		"{\"kind\":\"举报\x00\"}",
		`{"kind":"举报","category":"灯具","stage":"销售","description":"\ud800\udfff\ud800 假冒灯具在卖，无3C认证。","business":{"name":"\u001b[31m"}}`,
		"\xef\xbb\xbf" + valid,
		// wrong types
		`{"kind":1,"category":[],"stage":{},"online":"yes","occurred_on":20170920}`,
		`{"business":"x","contact":["a"],"captcha":"7"}`,
		`{"captcha":{"token":1,"answer":7}}`,
		`{"code":1,"secret":null}`,
		// odd values
		strings.Replace(valid, `2017-09-20`, `2017-02-30`, 1),
		strings.Replace(valid, `2017-09-20`, `99999-99-99`, 1),
		strings.Replace(valid, `91350100M000100Y43`, `!!!!!!!!!!!!!!!!!!`, 1),
		strings.Replace(valid, `91350100M000100Y43`, `ＡＢＣ`, 1),
		strings.Replace(valid, `13800138000`, `+86 138-0013-8000`, 1),
		strings.Replace(valid, `11010519491231002X`, `11010519491231002x`, 1),
		strings.Replace(valid, `"举报"`, `"两者"`, 1),
		strings.Replace(complaintBody, `"食品"`, `"其他"`, 1),
		`{"kind":"举报","kind":"投诉"}`,
		`{"of":1e999999,"online":true}`,
		valid + ` {}`,
		valid + `]`,
	} {
		f.Add([]byte(seed), false)
		f.Add([]byte(seed), true)
	}
	s := newSite(f, "2017-09-29")
	f.Fuzz(func(t *testing.T, body []byte, asked bool) {
		s.resetTipLimit()
		if asked {
			for range 2 {
				s.fuzzPost(t, "/api/v1/tips", []byte(`{}`))
			}
		}
		for _, path := range []string{"/api/v1/tips", "/api/v1/tips/track"} {
			status, out, raw := s.fuzzPost(t, path, body)
			switch {
			case status == http.StatusCreated && path == "/api/v1/tips":
				if code, _ := out["code"].(string); len(code) != 10 || out["secret"] == "" {
					t.Fatalf("%s: a receipt without code or secret: %s", path, raw)
				}
			case status == http.StatusOK && path == "/api/v1/tips/track":
				if out["code"] == nil || out["status"] == nil {
					t.Fatalf("%s: a tracking answer without code or status: %s", path, raw)
				}
			case status >= 400 && status < 500:
				e, _ := out["error"].(map[string]any)
				code, _ := e["code"].(string)
				msg, _ := e["message"].(string)
				if _, ok := e["field"].(string); !ok || code == "" || strings.TrimSpace(msg) == "" {
					t.Fatalf("%s: %d without the error shape: %s", path, status, raw)
				}
				if strings.Contains(msg, "Go struct") || strings.Contains(msg, "json: ") {
					t.Fatalf("%s: %d names Go internals: %s", path, status, msg)
				}
			default:
				t.Fatalf("%s: status %d for %q: %s", path, status, truncate(body), raw)
			}
		}
	})
}

func (s *site) fuzzPost(t *testing.T, path string, body []byte) (int, map[string]any, string) {
	t.Helper()
	resp, err := http.Post(s.URL+path, "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("%s: %d answered no JSON object: %q", path, resp.StatusCode, truncate(raw))
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("%s: %d answered %s", path, resp.StatusCode, ct)
	}
	return resp.StatusCode, out, string(truncate(raw))
}

func truncate(b []byte) []byte {
	if len(b) > 300 {
		return append(b[:300:300], "…"...)
	}
	return b
}
