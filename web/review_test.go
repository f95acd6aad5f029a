package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"dajia"
	"dajia/store"
)

// reviewSite is the reporting site on 20 December 2017 with two clues of
// gsfj (one decided in time, one pending past its clock) and one of zjfj
// decided late.
func reviewSite(t *testing.T) (*site, map[string]*browserClient) {
	t.Helper()
	s, c := reportingSite(t, "2017-12-20")
	ctx := context.Background()
	d := dajia.MustDate
	for i, x := range []struct {
		unit, decided string
	}{{"gsfj", "2017-11-22"}, {"gsfj", ""}, {"zjfj", "2017-11-30"}} {
		cl := dajia.Clue{PlanID: "zs-gangkou-2017", Source: dajia.ClueFromReferral, SourceRef: "交办" + itoa(int64(i)), ReceivedOn: d("2017-11-01"),
			LeadUnit: x.unit, Summary: "上级交办", Status: dajia.CluePending}
		if x.decided != "" {
			cl.Status, cl.Outcome, cl.Reason, cl.DecidedOn = dajia.ClueDecided, dajia.ClueNotOpened, "不构成违法", d(x.decided)
		}
		if _, err := s.db.CreateClue(ctx, testActor, cl); err != nil {
			t.Fatal(err)
		}
	}
	return s, c
}

func TestReviewPageExplainsEachScoreAndLinksItsRecords(t *testing.T) {
	s, c := reviewSite(t)
	_, body := c["office"].get(t, "/review?plan=zs-gangkou-2017")
	for _, want := range []string{
		`id="unit-gsfj"`, `id="unit-zjfj"`,
		`按期决定 <a href="/clues?plan=zs-gangkou-2017&amp;timely=in&amp;unit=gsfj">1</a>/<a href="/clues?plan=zs-gangkou-2017&amp;timely=judged&amp;unit=gsfj">2</a> 条线索`,
		"50.0 分 × 权重 20%",
		`按期决定 <a href="/clues?plan=zs-gangkou-2017&amp;timely=in&amp;unit=zjfj">0</a>/<a href="/clues?plan=zs-gangkou-2017&amp;timely=judged&amp;unit=zjfj">1</a> 条线索`,
		`办结 <a href="/cases?concluded=1&amp;lead=1&amp;plan=zs-gangkou-2017&amp;unit=gsfj">0</a>/<a href="/cases?lead=1&amp;plan=zs-gangkou-2017&amp;unit=gsfj">0</a> 件案件`,
		"无数据，不计入总分", "使用默认权重", "/review/weights?plan=zs-gangkou-2017", "/review.xlsx?plan=zs-gangkou-2017",
		`/rectifications/new?items=`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the office's scorecard lacks %q", want)
		}
	}
	// The notice form opens prefilled for the unit from its row.
	i := strings.Index(body, `/rectifications/new?items=`)
	link := html.UnescapeString(body[i : i+strings.Index(body[i:], `"`)])
	u, _ := url.Parse(link)
	if u.Query().Get("unit") == "" {
		t.Fatalf("the notice link: %s", link)
	}
	_, form := c["office"].get(t, link)
	if !strings.Contains(form, `value="`+u.Query().Get("unit")+`" selected`) || !strings.Contains(form, "检查总结问题整改的通知") || !strings.Contains(form, "检查总结得分") {
		t.Errorf("the notice form is not prefilled: %s", form)
	}

	// The leader reads every row and issues nothing; a unit reads its own.
	_, body = c["leader"].get(t, "/review")
	if !strings.Contains(body, `id="unit-gsfj"`) || !strings.Contains(body, `id="unit-zjfj"`) || strings.Contains(body, "/rectifications/new") ||
		strings.Contains(body, "/review/weights") {
		t.Errorf("the leader's scorecard: %s", body)
	}
	_, body = c["officer"].get(t, "/review")
	if !strings.Contains(body, `id="unit-gsfj"`) || strings.Contains(body, `id="unit-zjfj"`) || strings.Contains(body, "unit=zjfj") {
		t.Errorf("gsfj's officer reads another unit's row")
	}
	if r, _ := c["officer"].get(t, "/review/weights"); r.StatusCode != 403 {
		t.Errorf("a unit opens the weights form: %d", r.StatusCode)
	}

	// The same figures through the API, narrowed the same way.
	ctx := context.Background()
	token := func(name string) string {
		u, err := s.db.UserByName(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		tok, _ := newTokenFor(t, s, u.ID)
		return tok
	}
	var card struct {
		Units []struct {
			Unit       string
			Indicators []struct {
				Key      string
				Num, Den int
				HasData  bool `json:"has_data"`
				Score    *float64
			}
			Total *float64
			Grade string
		}
	}
	code, _, raw := reviewAPIGet(t, s, "/api/v1/review?plan=zs-gangkou-2017", token("leader"))
	if code != 200 {
		t.Fatalf("the leader's API: %d %s", code, raw)
	}
	json.Unmarshal([]byte(raw), &card)
	found := 0
	for _, u := range card.Units {
		for _, in := range u.Indicators {
			if in.Key != "clues_in_time" {
				continue
			}
			switch u.Unit {
			case "gsfj":
				found++
				if in.Num != 1 || in.Den != 2 || in.Score == nil || *in.Score != 50 {
					t.Errorf("gsfj's clues in the API: %+v", in)
				}
			case "zjfj":
				found++
				if in.Num != 0 || in.Den != 1 || in.Score == nil || *in.Score != 0 {
					t.Errorf("zjfj's clues in the API: %+v", in)
				}
			}
		}
		for _, in := range u.Indicators {
			if in.Key == "cases_closed" && (in.HasData || in.Score != nil) {
				t.Errorf("%s's cases without records: %+v, want null", u.Unit, in)
			}
		}
	}
	if found != 2 {
		t.Errorf("the leader's API lacks a unit: %s", raw)
	}
	_, _, raw = reviewAPIGet(t, s, "/api/v1/review", token("zj-officer"))
	card.Units = nil
	json.Unmarshal([]byte(raw), &card)
	if len(card.Units) != 1 || card.Units[0].Unit != "zjfj" || strings.Contains(raw, "gsfj") {
		t.Errorf("zjfj's API answer: %s", raw)
	}
	s.user(t, "gs-sup", dajia.RoleSupervisor, "gsfj", false)
	if code, _, _ := reviewAPIGet(t, s, "/api/v1/review", token("gs-sup")); code != 403 {
		t.Errorf("a supervisor's API: %d", code)
	}

	// The workbook: the office's has every lead unit, a unit's its own.
	rows := sheetRows(t, c["office"].getXLSX(t, "/review.xlsx?plan=zs-gangkou-2017"), "检查总结")
	if len(rows) < 4 || !strings.Contains(rows[1][0], "单位") || !reviewSheetHas(rows, "工商分局") || !reviewSheetHas(rows, "质监分局") || !reviewSheetHas(rows, "1/2") {
		t.Errorf("the office's workbook: %v", rows)
	}
	rows = sheetRows(t, c["other"].getXLSX(t, "/review.xlsx"), "检查总结")
	if !reviewSheetHas(rows, "质监分局") || reviewSheetHas(rows, "工商分局") {
		t.Errorf("zjfj's workbook: %v", rows)
	}
	recs, err := s.db.AuditLog(ctx, storeAuditFilter("review.export"))
	if err != nil || len(recs) != 2 {
		t.Errorf("the exports' audit: %d %v", len(recs), err)
	}
}

func reviewSheetHas(rows [][]string, s string) bool {
	for _, r := range rows {
		for _, c := range r {
			if c == s {
				return true
			}
		}
	}
	return false
}

func reviewAPIGet(t *testing.T, s *site, path, token string) (int, http.Header, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", s.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

func reviewWeightsForm(kv ...string) url.Values {
	f := form("plan", "zs-gangkou-2017", "w_report_on_time", "20", "w_report_complete", "10", "w_clues_in_time", "20",
		"w_cases_closed", "15", "w_transfers_in_time", "10", "w_actions_joined", "15", "w_publicity", "10", "publicity_target", "4")
	for i := 0; i < len(kv); i += 2 {
		f.Set(kv[i], kv[i+1])
	}
	return f
}

// The office's weights: every field's problem at once in Chinese, a sum
// that is not 100 refused, nothing stored on a refusal; a cross-site post
// and a unit are refused; a change is audited and scores the card.
func TestReviewWeightsFormRefusesBadInputAndIsAudited(t *testing.T) {
	s, c := reviewSite(t)
	ctx := context.Background()
	r, body := c["office"].post(t, "/review/weights", reviewWeightsForm("w_report_on_time", "二十", "w_cases_closed", "-5", "publicity_target", "0"))
	if r.StatusCode != 400 || strings.Count(body, `class="field-error"`) != 3 || !strings.Contains(body, "权重应为 0 到 100 之间的整数") ||
		!strings.Contains(body, "宣传活动目标次数应为 1 到 1000 之间的整数") || !strings.Contains(body, `value="二十"`) {
		t.Fatalf("bad fields: %d %s", r.StatusCode, body)
	}
	r, body = c["office"].post(t, "/review/weights", reviewWeightsForm("w_report_on_time", "25"))
	if r.StatusCode != 400 || !strings.Contains(body, "各项权重合计应为 100，现为 105") {
		t.Fatalf("a sum of 105: %d %s", r.StatusCode, body)
	}
	if _, stored, _ := s.db.ReviewWeights(ctx, "zs-gangkou-2017"); stored {
		t.Fatal("a refused change was stored")
	}
	if r, _ := c["officer"].post(t, "/review/weights", reviewWeightsForm()); r.StatusCode != 403 {
		t.Errorf("a unit posts weights: %d", r.StatusCode)
	}
	if r, _ := c["leader"].post(t, "/review/weights", reviewWeightsForm()); r.StatusCode != 403 {
		t.Errorf("the leader posts weights: %d", r.StatusCode)
	}
	req, _ := http.NewRequest("POST", s.URL+"/review/weights", strings.NewReader(reviewWeightsForm("w_report_on_time", "0", "w_clues_in_time", "40").Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := c["office"].Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 403 {
		t.Errorf("a cross-site post: %d", resp.StatusCode)
	}
	if _, stored, _ := s.db.ReviewWeights(ctx, "zs-gangkou-2017"); stored {
		t.Fatal("the cross-site post was stored")
	}
	r, body = c["office"].post(t, "/review/weights", reviewWeightsForm("w_report_on_time", "0", "w_report_complete", "0", "w_clues_in_time", "100",
		"w_cases_closed", "0", "w_transfers_in_time", "0", "w_actions_joined", "0", "w_publicity", "0"))
	if r.Request.URL.Query().Get("done") != "saved" || !strings.Contains(body, "考核权重已保存") {
		t.Fatalf("saved: %s %s", r.Request.URL, body)
	}
	recs, err := s.db.AuditLog(ctx, storeAuditFilter("review.weights"))
	if err != nil || len(recs) != 1 || recs[0].Actor != "office" {
		t.Fatalf("audit: %+v %v", recs, err)
	}
	// Clues alone weigh: gsfj 50, zjfj 0.
	_, body = c["leader"].get(t, "/review")
	if !strings.Contains(body, "权重由打假办设定") || !strings.Contains(body, "总分 50.0") || !strings.Contains(body, "总分 0.0") {
		t.Errorf("the card under the new weights: %s", body)
	}
}

// postRectFile posts one file to path as c, multipart like the page's form.
func postRectFile(t *testing.T, c *browserClient, path, name string, data []byte) (*http.Response, string) {
	t.Helper()
	return postAnswerForm(t, c, path, nil, map[string][2]string{"file": {name, string(data)}})
}

// A unit attaches evidence to each item of its answer: bounded in size and
// count, told by content, named safely; the notice's unit, the office and
// leaders download it as an attachment, another unit finds nothing.
func TestRectificationAnswersCarryFiles(t *testing.T) {
	s, c := caseSite(t)
	id := issueRect(t, c["office"], rectForm("gsfj"))
	path := "/rectifications/" + id
	pdf := []byte("%PDF-1.4\n整改照片与台账\n%%EOF\n")
	r, body := postRectFile(t, c["officer"], path+"/items/1/files", `..\..\整改台账.pdf`, pdf)
	if r.StatusCode != 200 || r.Request.URL.Query().Get("done") != "attached" || !strings.Contains(body, "附件已上传") {
		t.Fatalf("upload: %d %s", r.StatusCode, r.Request.URL)
	}
	if !strings.Contains(body, ">整改台账.pdf</a>") || strings.Contains(body, `..\`) {
		t.Errorf("the file's name is not kept safely: %s", body)
	}
	files, err := s.db.RectFiles(context.Background(), int64(mustAtoi(t, id)))
	if err != nil || len(files) != 1 || files[0].Item != 1 || files[0].Round != 1 {
		t.Fatalf("stored: %+v %v", files, err)
	}
	file := path + "/files/" + itoa(files[0].ID)
	for _, who := range []string{"office", "leader", "head", "officer"} {
		resp, err := c[who].Get(c[who].base + file)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !bytes.Equal(b, pdf) || !strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment") ||
			resp.Header.Get("Content-Type") != "application/octet-stream" {
			t.Errorf("%s downloads: %d %q %q", who, resp.StatusCode, resp.Header.Get("Content-Disposition"), resp.Header.Get("Content-Type"))
		}
	}
	for _, who := range []string{"other", "third"} {
		if r, _ := c[who].get(t, file); r.StatusCode != 404 {
			t.Errorf("%s downloads gsfj's file: %d", who, r.StatusCode)
		}
		if r, _ := postRectFile(t, c[who], path+"/items/1/files", "x.pdf", pdf); r.StatusCode != 404 {
			t.Errorf("%s attaches to gsfj's notice: %d", who, r.StatusCode)
		}
	}
	other := issueRect(t, c["office"], rectForm("zjfj", "title", "关于质监分局的整改通知"))
	if r, _ := c["office"].get(t, "/rectifications/"+other+"/files/"+itoa(files[0].ID)); r.StatusCode != 404 {
		t.Errorf("gsfj's file under zjfj's notice: %d", r.StatusCode)
	}
	if r, _ := postRectFile(t, c["office"], path+"/items/1/files", "x.pdf", pdf); r.StatusCode != 403 {
		t.Errorf("the office attaches to a unit's answer: %d", r.StatusCode)
	}
	if r, _ := postRectFile(t, c["officer"], path+"/items/9/files", "x.pdf", pdf); r.StatusCode != 404 {
		t.Errorf("an item the notice lacks: %d", r.StatusCode)
	}
	for _, tt := range []struct {
		name, file string
		data       []byte
		want       string
	}{
		{"too large", "big.pdf", append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("x"), dajia.MaxRectFileBytes)...), "文件超过 10 MB"},
		{"a page named .pdf", "evil.pdf", []byte("<html><script>alert(1)</script></html>"), "只能上传 PDF、JPG、PNG、Word（docx）或 Excel（xlsx）文件"},
		{"empty", "empty.pdf", nil, "文件是空的"},
	} {
		r, body := postRectFile(t, c["officer"], path+"/items/2/files", tt.file, tt.data)
		if r.StatusCode != 400 || !strings.Contains(body, tt.want) || !strings.Contains(body, `class="field-error"`) {
			t.Errorf("%s: %d, want 400 with %q", tt.name, r.StatusCode, tt.want)
		}
	}
	for i := 1; i < dajia.MaxRectFiles; i++ {
		if r, _ := postRectFile(t, c["head"], path+"/items/1/files", "p.pdf", pdf); r.StatusCode != 200 {
			t.Fatalf("file %d: %d", i+1, r.StatusCode)
		}
	}
	if r, body := postRectFile(t, c["officer"], path+"/items/1/files", "p.pdf", pdf); r.StatusCode != 400 || !strings.Contains(body, "每项整改要求最多 5 个附件") {
		t.Errorf("a sixth file: %d", r.StatusCode)
	}
	// Once answered, the answer and its files stand for the office.
	c["officer"].post(t, path+"/do/answer", form("answer_1", "已补报", "answer_2", "已指定"))
	if r, _ := postRectFile(t, c["officer"], path+"/items/2/files", "late.pdf", pdf); r.StatusCode != 409 {
		t.Errorf("a file after the answer: %d", r.StatusCode)
	}
	if _, body := c["office"].get(t, path); strings.Count(body, "/files/") != dajia.MaxRectFiles || strings.Contains(body, `type="file"`) {
		t.Errorf("the office's page lists %d files", strings.Count(body, "/files/"))
	}
	// The API lists the files with the notice, to those who read it.
	ctx := context.Background()
	u, _ := s.db.UserByName(ctx, "leader")
	tok, _ := newTokenFor(t, s, u.ID)
	code, _, raw := reviewAPIGet(t, s, "/api/v1/rectifications/"+id, tok)
	var out struct {
		Files []struct {
			Item int
			Name string
			URL  string
		}
	}
	json.Unmarshal([]byte(raw), &out)
	if code != 200 || len(out.Files) != dajia.MaxRectFiles || out.Files[0].Name != "整改台账.pdf" || out.Files[0].URL != file {
		t.Errorf("the API's files: %d %s", code, raw)
	}
	recs, err := s.db.AuditLog(ctx, store.AuditFilter{Action: "rectification.attach"})
	if err != nil || len(recs) != dajia.MaxRectFiles {
		t.Errorf("audit of the files: %d %v", len(recs), err)
	}
}

// The API's lists take the review's filters as the pages do: the same
// records, a unit's own only, a bad value refused at its field.
func TestReviewFiltersInTheAPI(t *testing.T) {
	s, _ := reviewSite(t)
	total := func(path, token string) int {
		t.Helper()
		code, out := s.apiJSON(t, "GET", path, token, nil)
		n, ok := out["total"].(float64)
		if code != 200 || !ok {
			t.Fatalf("%s: %d %v", path, code, out)
		}
		return int(n)
	}
	const plan = "/api/v1/clues?plan=zs-gangkou-2017"
	for path, want := range map[string]int{plan + "&unit=gsfj&timely=in": 1, plan + "&unit=gsfj&timely=judged": 2,
		plan + "&unit=zjfj&timely=late": 1, plan + "&timely=judged": 3,
		"/api/v1/cases?plan=zs-gangkou-2017&unit=gsfj&lead=1&concluded=1": 0, "/api/v1/cases?plan=zs-gangkou-2017&transfer=judged": 0,
		"/api/v1/actions?plan=zs-gangkou-2017&unit=gsfj&forced=1": 0} {
		if got := total(path, s.token); got != want {
			t.Errorf("%s: %d, want %d", path, got, want)
		}
	}
	gs, err := s.db.UserByName(context.Background(), "gs-officer")
	if err != nil {
		t.Fatal(err)
	}
	tok, _ := newTokenFor(t, s, gs.ID)
	if got := total(plan+"&timely=judged", tok); got != 2 {
		t.Errorf("工商分局's judged clues: %d, want its own 2", got)
	}
	for path, field := range map[string]string{plan + "&timely=soon": "timely", "/api/v1/clues?timely=in": "timely",
		"/api/v1/cases?lead=2": "lead", "/api/v1/cases?concluded=yes": "concluded", "/api/v1/actions?forced=0": "forced"} {
		code, out := s.apiJSON(t, "GET", path, s.token, nil)
		e, _ := out["error"].(map[string]any)
		if code != 400 || e["field"] != field {
			t.Errorf("%s: %d %v, want 400 at %s", path, code, out, field)
		}
	}
}
