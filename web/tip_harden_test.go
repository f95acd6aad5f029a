package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"dajia"
	"dajia/store"
	"dajia/store/storetest"
	"dajia/web"
)

// rawJSON sends a body as it is (nil: none) and decodes the answer; token
// may be empty for the public endpoints.
func (s *site) rawJSON(t testing.TB, method, path, token string, body []byte) (int, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, _ := http.NewRequest(method, s.URL+path, rd)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("%s %s answered no JSON (%d): %q", method, path, resp.StatusCode, b)
	}
	return resp.StatusCode, out
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// apiError is the error member of an API answer.
func apiError(out map[string]any) (code, message, field string) {
	e, _ := out["error"].(map[string]any)
	code, _ = e["code"].(string)
	message, _ = e["message"].(string)
	field, _ = e["field"].(string)
	return
}

// lampReport is a valid API body: a 举报 about the lamp shop of complaint().
func lampReport(stage string) map[string]any {
	return map[string]any{"kind": "举报", "category": "灯具", "stage": stage, "description": "该商行销售假冒品牌LED灯具，无3C认证。",
		"business": map[string]string{"name": "港口镇某灯饰商行", "address": "港口镇某路 1 号"}}
}

// An officer sees in the duplicate panel only the tips of their own unit;
// the office sees every one. The same holds when a unit marks a duplicate
// through the API: another unit's tip is not found.
func TestDuplicatePanelShowsOnlyTipsTheViewerMaySee(t *testing.T) {
	s, c := reportingSite(t, "2017-09-29")
	// The same lamp shop, the same category: selling goes to 工商分局,
	// making to 质监分局 (campaign 灯具's two scoped leads).
	code, sold := s.rawJSON(t, "POST", "/api/v1/tips", "", mustJSON(lampReport("销售")))
	if code != 201 {
		t.Fatalf("selling: %d %v", code, sold)
	}
	code, made := s.rawJSON(t, "POST", "/api/v1/tips", "", mustJSON(lampReport("生产")))
	if code != 201 {
		t.Fatalf("making: %d %v", code, made)
	}
	ctx := context.Background()
	a, _ := s.db.TipByCode(ctx, sold["code"].(string))
	b, _ := s.db.TipByCode(ctx, made["code"].(string))
	if len(a.Handlers) != 1 || a.Handlers[0] != "gsfj" || len(b.Handlers) != 1 || b.Handlers[0] != "zjfj" {
		t.Fatalf("routing changed: %v %v", a.Handlers, b.Handlers)
	}
	for _, tt := range []struct {
		who       string
		tip, dupe dajia.Tip
		sees      bool
	}{
		{"officer", a, b, false}, // 工商分局 never sees 质监分局's tip
		{"other", b, a, false},   // nor the other way round
		{"office", a, b, true},
		{"office", b, a, true},
		{"leader", a, b, true},
	} {
		_, page := c[tt.who].get(t, "/tips/"+itoa(tt.tip.ID))
		if !strings.Contains(page, tt.tip.Code) {
			t.Fatalf("%s cannot open %s", tt.who, tt.tip.Code)
		}
		if got := strings.Contains(page, tt.dupe.Code) || strings.Contains(page, `href="/tips/`+itoa(tt.dupe.ID)+`"`); got != tt.sees {
			t.Errorf("%s on %s sees %s in the duplicate panel: %v, want %v", tt.who, tt.tip.Code, tt.dupe.Code, got, tt.sees)
		}
	}
	gs, _ := s.db.UserByName(ctx, "gs-officer")
	tok, _ := newTokenFor(t, s, gs.ID)
	if code, out := s.apiJSON(t, "POST", "/api/v1/tips/"+itoa(a.ID)+"/duplicate", tok, map[string]any{"of": b.ID}); code != 404 {
		t.Fatalf("a unit marked its tip a duplicate of another unit's: %d %v", code, out)
	}
	if after, _ := s.db.Tip(ctx, a.ID); after.DuplicateOf != 0 {
		t.Fatal("the duplicate mark was stored")
	}
	if code, out := s.apiJSON(t, "POST", "/api/v1/tips/"+itoa(a.ID)+"/duplicate", s.token, map[string]any{"of": b.ID}); code != 200 {
		t.Fatalf("the office marks a duplicate: %d %v", code, out)
	}
}

// captchaOf reads the question and token of the public form and answers it.
func captchaOf(t testing.TB, body string) (answer, token string) {
	t.Helper()
	q := regexp.MustCompile(`验证：(.)加(.)等于几`).FindStringSubmatch(body)
	tok := regexp.MustCompile(`name="captcha_token" value="([^"]+)"`).FindStringSubmatch(body)
	if q == nil || tok == nil {
		t.Fatal("the form asks no question")
	}
	return solve(q[1], q[2]), htmlUnescape(tok[1])
}

func solve(a, b string) string {
	digits := map[string]int64{"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
	return itoa(digits[a] + digits[b])
}

// One answered question lets one submission through: sending the same
// token and answer again is refused.
func TestCaptchaAnswerIsUsedOnce(t *testing.T) {
	s, _ := reportingSite(t, "2017-09-29")
	c := &http.Client{}
	f := complaint("13800138000")
	postTip(t, c, s.URL, f)
	postTip(t, c, s.URL, f)
	r, body := postTip(t, c, s.URL, f)
	if r.StatusCode != 400 {
		t.Fatalf("no question after two submissions: %d", r.StatusCode)
	}
	f["captcha"], f["captcha_token"] = captchaOf(t, body)
	if r, _ := postTip(t, c, s.URL, f); r.StatusCode != 201 {
		t.Fatalf("a right answer was refused: %d", r.StatusCode)
	}
	r, body = postTip(t, c, s.URL, f)
	if r.StatusCode != 400 || !strings.Contains(body, "已用过") {
		t.Fatalf("a used answer was accepted again: %d", r.StatusCode)
	}
	// A wrong answer uses the question up as well: guessing all seventeen
	// sums on one token is not possible.
	f["captcha"], f["captcha_token"] = captchaOf(t, body)
	right := f["captcha"]
	f["captcha"] = "99"
	postTip(t, c, s.URL, f)
	f["captcha"] = right
	if r, _ := postTip(t, c, s.URL, f); r.StatusCode != 400 {
		t.Fatalf("a question answered wrongly could be answered again: %d", r.StatusCode)
	}
	if tips, _ := s.db.Tips(context.Background(), store.TipFilter{}); len(tips) != 3 {
		t.Fatalf("%d tips stored, want 3", len(tips))
	}
}

// The API follows the form's rules: from the third submission an address
// is asked the question in the error body, answers it in the JSON body,
// and one answer lets one submission through.
func TestTipAPIAsksTheQuestionAfterRepeatedSubmissions(t *testing.T) {
	s, _ := reportingSite(t, "2017-09-29")
	body := lampReport("销售")
	for i := range 2 {
		if code, out := s.rawJSON(t, "POST", "/api/v1/tips", "", mustJSON(body)); code != 201 {
			t.Fatalf("submission %d: %d %v", i+1, code, out)
		}
	}
	code, out := s.rawJSON(t, "POST", "/api/v1/tips", "", mustJSON(body))
	ecode, msg, field := apiError(out)
	cap, _ := out["captcha"].(map[string]any)
	if code != 400 || ecode != "captcha_required" || field != "captcha" || msg == "" || cap["question"] == nil || cap["token"] == nil {
		t.Fatalf("third submission: %d %v", code, out)
	}
	q := regexp.MustCompile(`(.)加(.)等于几`).FindStringSubmatch(cap["question"].(string))
	if q == nil {
		t.Fatalf("question %q", cap["question"])
	}
	body["captcha"] = map[string]string{"token": cap["token"].(string), "answer": solve(q[1], q[2])}
	if code, out := s.rawJSON(t, "POST", "/api/v1/tips", "", mustJSON(body)); code != 201 {
		t.Fatalf("the right answer: %d %v", code, out)
	}
	code, out = s.rawJSON(t, "POST", "/api/v1/tips", "", mustJSON(body))
	if ecode, _, _ := apiError(out); code != 400 || ecode != "captcha_required" || out["captcha"] == nil {
		t.Fatalf("the same answer again: %d %v", code, out)
	}
	body["captcha"] = map[string]string{"token": out["captcha"].(map[string]any)["token"].(string), "answer": "99"}
	if code, out := s.rawJSON(t, "POST", "/api/v1/tips", "", mustJSON(body)); code != 400 {
		t.Fatalf("a wrong answer: %d %v", code, out)
	}
	if code, out := s.rawJSON(t, "POST", "/api/v1/tips?lang=en", "", mustJSON(lampReport("销售"))); code != 400 || !strings.Contains(out["error"].(map[string]any)["message"].(string), "question") {
		t.Fatalf("English: %d %v", code, out)
	}
	if tips, _ := s.db.Tips(context.Background(), store.TipFilter{}); len(tips) != 3 {
		t.Fatalf("%d tips stored, want 3", len(tips))
	}
}

// A search of thousands of words is a field error on the page and in the
// API, not a failed SQL statement.
func TestTipSearchWithTooManyWordsIsAFieldError(t *testing.T) {
	s, c := reportingSite(t, "2017-09-29")
	s.rawJSON(t, "POST", "/api/v1/tips", "", mustJSON(lampReport("销售")))
	words := make([]string, 2000)
	for i := range words {
		words[i] = "w" + itoa(int64(i))
	}
	long := strings.Join(words, " ")
	for _, q := range []string{long, strings.Repeat("假", 300), "a b c d e f g h i j k l"} {
		r, page := c["office"].get(t, "/tips?view=all&q="+url.QueryEscape(q))
		if r.StatusCode != 400 || !strings.Contains(page, `class="field-error"`) || !strings.Contains(page, "搜索") {
			t.Errorf("page, %d characters: %d", len(q), r.StatusCode)
		}
		code, out := s.rawJSON(t, "GET", "/api/v1/tips?q="+url.QueryEscape(q), s.token, nil)
		if ecode, msg, field := apiError(out); code != 400 || ecode != "invalid" || field != "q" || !strings.Contains(msg, "搜索") {
			t.Errorf("API, %d characters: %d %v", len(q), code, out)
		}
		if resp, err := c["office"].Get(s.URL + "/tips.xlsx?q=" + url.QueryEscape(q)); err != nil || resp.StatusCode != 400 {
			t.Errorf("export: %v %v", resp.StatusCode, err)
		} else {
			resp.Body.Close()
		}
	}
	// Ten words are still a search.
	if code, out := s.rawJSON(t, "GET", "/api/v1/tips?q="+url.QueryEscape("灯饰 商行 假冒 LED 灯具 无 3C 认证 港口镇 某"), s.token, nil); code != 200 || len(out["tips"].([]any)) != 1 {
		t.Fatalf("ten words: %d %v", code, out)
	}
}

// Malformed JSON bodies are answered in the user's words, naming the field
// and, for broken syntax, the byte; never a Go type.
func TestJSONErrorsSayWhatIsWrongInPlainWords(t *testing.T) {
	s, _ := reportingSite(t, "2017-09-29")
	_, made := s.rawJSON(t, "POST", "/api/v1/tips", "", mustJSON(lampReport("销售")))
	tip, _ := s.db.TipByCode(context.Background(), made["code"].(string))
	step := "/api/v1/tips/" + itoa(tip.ID) + "/assign"
	big := append([]byte(`{"description":"`), bytes.Repeat([]byte("x"), 300<<10)...)
	big = append(big, `"}`...)
	tests := []struct {
		name, path, body string
		field            string
		zh, en           []string
	}{
		{"string for a bool", "/api/v1/tips", `{"online":"yes"}`, "online", []string{"“online”", "true 或 false", "文本"}, []string{`"online"`, "true or false", "a string"}},
		{"number for a string", "/api/v1/tips", `{"kind":1}`, "kind", []string{"“kind”", "应为文本", "数字"}, []string{`"kind"`, "must be a string", "a number"}},
		{"nested field", "/api/v1/tips", `{"business":{"name":["a"]}}`, "business.name", []string{"“business.name”", "应为文本", "数组"}, []string{`"business.name"`, "an array"}},
		{"object for a string", "/api/v1/tips", `{"contact":{"phone":{}}}`, "contact.phone", []string{"“contact.phone”"}, []string{`"contact.phone"`}},
		{"unknown field", "/api/v1/tips", `{"kind":"举报","surprise":1}`, "surprise", []string{"“surprise”", "不认识"}, []string{`"surprise"`, "unknown field"}},
		{"nested unknown field", "/api/v1/tips", `{"kind":"举报","business":{"nme":"x"}}`, "business.nme", []string{"“business.nme”", "不认识"}, []string{`"business.nme"`, "unknown field"}},
		{"unknown field in the answer", "/api/v1/tips", `{"captcha":{"token":"t","Answer":"7","tries":1}}`, "captcha.tries", []string{"“captcha.tries”"}, []string{`"captcha.tries"`}},
		{"broken syntax", "/api/v1/tips", `{"kind" "举报"}`, "", []string{"第 9 个字节"}, []string{"byte 9"}},
		{"cut short", "/api/v1/tips", `{"kind":"举报",`, "", []string{"不完整"}, []string{"cut short"}},
		{"empty", "/api/v1/tips", ``, "", []string{"为空"}, []string{"empty"}},
		{"an array", "/api/v1/tips", `["举报"]`, "", []string{"JSON 对象", "数组"}, []string{"a JSON object", "an array"}},
		{"two objects", "/api/v1/tips", `{} {}`, "", []string{"一个 JSON 对象", "第 2 个字节"}, []string{"one JSON object", "byte 2"}},
		{"too large", "/api/v1/tips", string(big), "", []string{"过大", "256 KB"}, []string{"too large", "256 KB"}},
		{"units not a list", step, `{"units":"zjfj"}`, "units", []string{"“units”", "文本的数组"}, []string{`"units"`, "an array of strings"}},
		{"of not a whole number", step, `{"of":1.5}`, "of", []string{"“of”", "整数"}, []string{`"of"`, "a whole number"}},
		{"of too big", step, `{"of":1e400}`, "of", []string{"“of”", "整数"}, []string{`"of"`, "a whole number"}},
		{"staff unknown field", step, `{"unit":["zjfj"]}`, "unit", []string{"“unit”", "不认识"}, []string{`"unit"`, "unknown field"}},
		{"staff broken syntax", step, `{"units":["zjfj"]`, "", []string{"不完整"}, []string{"cut short"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for lang, want := range map[string][]string{"zh": tt.zh, "en": tt.en} {
				s.resetTipLimit()
				token := ""
				if strings.HasPrefix(tt.path, "/api/v1/tips/") {
					token = s.token
				}
				code, out := s.rawJSON(t, "POST", tt.path+"?lang="+lang, token, []byte(tt.body))
				ecode, msg, field := apiError(out)
				if code != 400 || ecode != "invalid" || field != tt.field {
					t.Errorf("%s: %d %v", lang, code, out)
				}
				for _, w := range want {
					if !strings.Contains(msg, w) {
						t.Errorf("%s: message %q lacks %q", lang, msg, w)
					}
				}
				for _, internal := range []string{"Go ", "struct", "unmarshal", "json:", "web.", "int64", "[]string", "interface"} {
					if strings.Contains(msg, internal) {
						t.Errorf("%s: message %q names %q", lang, msg, internal)
					}
				}
			}
		})
	}
}

// A tip is tracked by POSTing the code and secret in a JSON body, so the
// secret stays out of URLs and access logs; GET still works.
func TestTrackByPostKeepsTheSecretOutOfTheURL(t *testing.T) {
	s, _ := reportingSite(t, "2017-09-29")
	_, made := s.rawJSON(t, "POST", "/api/v1/tips", "", mustJSON(lampReport("销售")))
	code, sec := made["code"].(string), made["secret"].(string)
	status, out := s.rawJSON(t, "POST", "/api/v1/tips/track", "", mustJSON(map[string]string{"code": code, "secret": sec}))
	if status != 200 || out["code"] != code || out["status"] != "received" || out["handled_by"] != "工商分局" {
		t.Fatalf("POST track: %d %v", status, out)
	}
	status, viaGet := s.rawJSON(t, "GET", "/api/v1/tips/track?code="+code+"&secret="+sec, "", nil)
	if status != 200 || viaGet["code"] != code || viaGet["status"] != out["status"] {
		t.Fatalf("GET track: %d %v", status, viaGet)
	}
	for _, bad := range []string{mustString(map[string]string{"code": code, "secret": "AAAAAAAA"}), `{"code":"` + code + `"}`} {
		if status, out := s.rawJSON(t, "POST", "/api/v1/tips/track", "", []byte(bad)); status != 404 {
			t.Errorf("%s: %d %v", bad, status, out)
		}
	}
	if status, out := s.rawJSON(t, "POST", "/api/v1/tips/track", "", []byte(`{"code":1}`)); status != 400 {
		t.Errorf("a number for the code: %d %v", status, out)
	}
	// The page asks with a POST form and answers the POST with the status.
	_, _, form := s.get(t, "/track")
	if !strings.Contains(form, `<form method="post" action="/track"`) || !strings.Contains(form, `name="secret"`) {
		t.Fatal("the tracking page does not post its form")
	}
	resp, err := http.PostForm(s.URL+"/track", url.Values{"code": {code}, "secret": {sec}})
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(page), code) || !strings.Contains(string(page), "工商分局") || strings.Contains(resp.Request.URL.String(), sec) {
		t.Fatalf("tracking page: %d %s", resp.StatusCode, resp.Request.URL)
	}
}

func mustString(v any) string { return string(mustJSON(v)) }

// Even when tracking fails inside, the server's log names the path, never
// the secret, whether it came in the URL or in the body.
func TestTrackingNeverLogsTheSecret(t *testing.T) {
	s, _ := reportingSite(t, "2017-09-29")
	_, made := s.rawJSON(t, "POST", "/api/v1/tips", "", mustJSON(lampReport("销售")))
	code, sec := made["code"].(string), made["secret"].(string)
	clock := dajia.FixedDayClock{Day: dajia.MustDate("2017-09-29")}
	db, err := store.Open(context.Background(), store.Config{DSN: s.dsn, Clock: clock, MAC: storetest.Keys().AuditMAC()})
	if err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	srv, err := web.New(web.Config{App: testApp(t, db, clock), Log: slog.New(slog.NewTextHandler(&log, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Hasher: hasher})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	db.Close() // every look-up now fails inside
	for _, req := range []*http.Request{
		httptest.NewRequest("GET", ts.URL+"/api/v1/tips/track?code="+code+"&secret="+sec, nil),
		httptest.NewRequest("POST", ts.URL+"/api/v1/tips/track", bytes.NewReader(mustJSON(map[string]string{"code": code, "secret": sec}))),
		httptest.NewRequest("POST", ts.URL+"/track", strings.NewReader(url.Values{"code": {code}, "secret": {sec}}.Encode())),
	} {
		req.RequestURI = ""
		if req.URL.Path == "/track" {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 500 {
			t.Fatalf("%s %s: %d, want a failure inside", req.Method, req.URL.Path, resp.StatusCode)
		}
	}
	if !strings.Contains(log.String(), "request failed") || strings.Contains(log.String(), sec) {
		t.Fatalf("log:\n%s", log.String())
	}
}

// Replays of one answer sent at the same moment still let one submission
// in: spending the question is a single atomic write on both databases.
func TestCaptchaAnswerReplayedInParallelLetsOneIn(t *testing.T) {
	s, _ := reportingSite(t, "2017-09-29")
	body := lampReport("销售")
	var out map[string]any
	for range 3 {
		_, out = s.rawJSON(t, "POST", "/api/v1/tips", "", mustJSON(body))
	}
	cap, _ := out["captcha"].(map[string]any)
	if cap == nil {
		t.Fatalf("no question on the third submission: %v", out)
	}
	q := regexp.MustCompile(`(.)加(.)等于几`).FindStringSubmatch(cap["question"].(string))
	body["captcha"] = map[string]string{"token": cap["token"].(string), "answer": solve(q[1], q[2])}
	const n = 6 // with the three before, within the hourly limit of ten
	codes := make(chan int, n)
	for range n {
		go func() {
			resp, err := http.Post(s.URL+"/api/v1/tips", "application/json", bytes.NewReader(mustJSON(body)))
			if err != nil {
				codes <- 0
				return
			}
			resp.Body.Close()
			codes <- resp.StatusCode
		}()
	}
	got := map[int]int{}
	for range n {
		got[<-codes]++
	}
	if got[201] != 1 || got[400] != n-1 {
		t.Fatalf("answers to %d replays: %v, want one 201", n, got)
	}
}

// The API lists tips with the filters the dashboard's figures link with;
// a bad value is an error at its field, not the whole list.
func TestTipAPIFiltersLikeTheDashboardsLinks(t *testing.T) {
	s, _ := reportingSite(t, "2017-09-29")
	s.rawJSON(t, "POST", "/api/v1/tips", "", mustJSON(lampReport("销售")))
	count := func(query string) int {
		code, out := s.rawJSON(t, "GET", "/api/v1/tips?"+query, s.token, nil)
		if code != 200 {
			t.Fatalf("%s: %d %v", query, code, out)
		}
		return len(out["tips"].([]any))
	}
	lamps := 0
	v, _ := s.db.Plan(context.Background(), "zs-gangkou-2017")
	for _, c := range v.Plan.Campaigns {
		if slices.Contains(c.Categories, "灯具") {
			lamps = c.No
		}
	}
	for _, tt := range []struct {
		query string
		n     int
	}{
		{"", 1}, {"campaign=" + itoa(int64(lamps)), 1}, {"campaign=1", 0}, {"campaign=0", 0},
		{"month=2017-09", 1}, {"month=2017-08", 0}, {"overdue=1", 0}, {"overdue=0", 1},
	} {
		if n := count(tt.query); n != tt.n {
			t.Errorf("%q: %d tips, want %d", tt.query, n, tt.n)
		}
	}
	for query, field := range map[string]string{"campaign=x": "campaign", "campaign=-1": "campaign", "month=9999-99": "month",
		"overdue=abc": "overdue", "campaign=" + strings.Repeat("9", 5000): "campaign"} {
		code, out := s.rawJSON(t, "GET", "/api/v1/tips?"+query, s.token, nil)
		if ecode, _, f := apiError(out); code != 400 || ecode != "invalid" || f != field {
			t.Errorf("%.30s: %d %v", query, code, out)
		}
	}
}
