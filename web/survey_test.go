package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"dajia"
	"dajia/app"
	"dajia/store"
)

// postSurvey sends the phone form as multipart, with photos, as a signed-in
// browser; it does not follow the redirect.
func postSurvey(t testing.TB, c *browserClient, fields url.Values, photos ...[]byte) (*http.Response, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for i, p := range photos {
		fw, _ := mw.CreateFormFile("photos", fmt.Sprintf("photo%d.jpg", i))
		fw.Write(p)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", c.base+"/surveys", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	nc := *c.Client
	nc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := nc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// lampFinding is the form of a lamp shop's finding in 西街村.
func lampFinding() url.Values {
	return url.Values{"village": {"西街村"}, "entity_name": {"港口镇某灯饰店"}, "entity_address": {"西街 12 号"}, "category": {"灯具"},
		"stage": {"销售"}, "problems": {"no_ccc", "label"}, "description": {"LED 吸顶灯无 3C 标志，标签无厂名厂址"}}
}

var surveyIDRe = regexp.MustCompile(`^/surveys/(\d+)$`)

func recordSurvey(t testing.TB, c *browserClient, fields url.Values, photos ...[]byte) int64 {
	t.Helper()
	resp, body := postSurvey(t, c, fields, photos...)
	m := surveyIDRe.FindStringSubmatch(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("not recorded: %d %s %.600s", resp.StatusCode, resp.Header.Get("Location"), problemsOf(body))
	}
	return mustInt(m[1])
}

func (c *browserClient) postNoFollow(t testing.TB, path string, form url.Values) (*http.Response, string) {
	t.Helper()
	nc := *c.Client
	nc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := nc.PostForm(c.base+path, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// A village supervisor records a finding with a photo; the photo is
// re-encoded (its GPS is gone); one click makes it the clue of the lamp
// campaign's selling lead 工商分局 with 15 working days from today; the
// lead reads the clue and the finding behind it, another unit neither; a
// second click is refused.
func TestSupervisorsFindingBecomesTheLeadsClueOnce(t *testing.T) {
	s := newSite(t, "2017-09-25")
	s.user(t, "xj-sup", dajia.RoleSupervisor, "xijie", false)
	s.user(t, "xj-sup2", dajia.RoleSupervisor, "xijie", false)
	s.user(t, "gs-officer", dajia.RoleOfficer, "gsfj", false)
	s.user(t, "zj-officer", dajia.RoleOfficer, "zjfj", false)
	sup := s.signIn(t, "xj-sup")

	_, form := sup.get(t, "/surveys/new")
	for _, want := range []string{`enctype="multipart/form-data"`, `name="photos"`, `name="entity_id_q"`, `value="no_ccc"`, "无3C标志"} {
		if !strings.Contains(form, want) {
			t.Errorf("the form lacks %s", want)
		}
	}
	id := recordSurvey(t, sup, lampFinding(), jpegWithEXIF(t))
	_, page := sup.get(t, fmt.Sprintf("/surveys/%d", id))
	for _, want := range []string{"LED 吸顶灯无 3C 标志", "西街村", "港口镇某灯饰店", "无3C标志、标签不全", "转为线索", fmt.Sprintf("/surveys/%d/photos/", id)} {
		if !strings.Contains(page, want) {
			t.Errorf("the finding's page lacks %q", want)
		}
	}
	photos, err := s.db.SurveyPhotos(context.Background(), id)
	if err != nil || len(photos) != 1 {
		t.Fatalf("photos %v %d", err, len(photos))
	}
	resp, img := sup.get(t, fmt.Sprintf("/surveys/%d/photos/%d", id, photos[0].ID))
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/jpeg" || strings.Contains(img, "SECRET-GPS-MARKER") {
		t.Fatalf("photo %d %s, GPS kept: %v", resp.StatusCode, resp.Header.Get("Content-Type"), strings.Contains(img, "SECRET-GPS-MARKER"))
	}
	// Another supervisor of the village reads it but leaves it to its recorder.
	sup2 := s.signIn(t, "xj-sup2")
	if _, p2 := sup2.get(t, fmt.Sprintf("/surveys/%d", id)); !strings.Contains(p2, "LED 吸顶灯") || strings.Contains(p2, "转为线索") {
		t.Error("the other supervisor of the unit does not read it, or may turn it into a clue")
	}
	if r, _ := sup2.postNoFollow(t, fmt.Sprintf("/surveys/%d/clue", id), nil); r.StatusCode != http.StatusForbidden {
		t.Errorf("the other supervisor's click: %d", r.StatusCode)
	}

	resp, _ = sup.postNoFollow(t, fmt.Sprintf("/surveys/%d/clue", id), nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != fmt.Sprintf("/surveys/%d", id) {
		t.Fatalf("clue: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	sv, err := s.db.Survey(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.db.Clue(context.Background(), sv.ClueID)
	if err != nil {
		t.Fatal(err)
	}
	if sv.Status != dajia.SurveyClue || c.LeadUnit != "gsfj" || c.CampaignNo != 7 || c.Source != dajia.ClueFromSurvey ||
		c.SourceRef != fmt.Sprint(id) || c.ReceivedOn != dajia.MustDate("2017-09-25") || c.Due != dajia.MustDate("2017-10-20") ||
		c.Summary != "LED 吸顶灯无 3C 标志，标签无厂名厂址" {
		t.Fatalf("finding %+v, clue %+v", sv, c)
	}
	if _, page = sup.get(t, fmt.Sprintf("/surveys/%d", id)); !strings.Contains(page, "已转为线索") || strings.Contains(page, `action="/surveys/`+fmt.Sprint(id)+`/clue"`) {
		t.Error("the finding's page does not say it is a clue, or still offers the button")
	}
	resp, again := sup.postNoFollow(t, fmt.Sprintf("/surveys/%d/clue", id), nil)
	if resp.StatusCode != http.StatusConflict || !strings.Contains(again, "已转为线索") {
		t.Errorf("second click: %d", resp.StatusCode)
	}
	all, err := s.db.Clues(context.Background(), store.ClueFilter{Sources: []dajia.ClueSource{dajia.ClueFromSurvey}})
	if err != nil || len(all) != 1 {
		t.Fatalf("clues from surveys: %v %d", err, len(all))
	}

	gs := s.signIn(t, "gs-officer")
	if _, list := gs.get(t, "/clues"); !strings.Contains(list, fmt.Sprintf(`/clues/%d"`, c.ID)) {
		t.Error("the lead does not list the clue")
	}
	_, cp := gs.get(t, fmt.Sprintf("/clues/%d", c.ID))
	if !strings.Contains(cp, fmt.Sprintf(`href="/surveys/%d"`, id)) {
		t.Error("the clue's page does not link its finding")
	}
	if r, p := gs.get(t, fmt.Sprintf("/surveys/%d", id)); r.StatusCode != 200 || !strings.Contains(p, "LED 吸顶灯") || strings.Contains(p, "转为线索</button>") {
		t.Errorf("the lead reads the finding behind its clue: %d", r.StatusCode)
	}
	if r, _ := gs.get(t, fmt.Sprintf("/surveys/%d/photos/%d", id, photos[0].ID)); r.StatusCode != 200 {
		t.Errorf("the lead's photo: %d", r.StatusCode)
	}
	if _, list := gs.get(t, "/surveys"); strings.Contains(list, fmt.Sprintf(`/surveys/%d"`, id)) {
		t.Error("the lead lists another unit's finding")
	}
	zj := s.signIn(t, "zj-officer")
	for _, p := range []string{fmt.Sprintf("/surveys/%d", id), fmt.Sprintf("/surveys/%d/photos/%d", id, photos[0].ID)} {
		if r, _ := zj.get(t, p); r.StatusCode != http.StatusNotFound {
			t.Errorf("another unit gets %s: %d", p, r.StatusCode)
		}
	}
	if r, _ := zj.postNoFollow(t, fmt.Sprintf("/surveys/%d/clear", id), url.Values{"note": {"x"}}); r.StatusCode != http.StatusNotFound {
		t.Errorf("another unit's clear: %d", r.StatusCode)
	}
	recs, err := s.db.AuditLog(context.Background(), store.AuditFilter{Object: fmt.Sprintf("survey:%d", id)})
	if err != nil {
		t.Fatal(err)
	}
	var acts []string
	for _, r := range recs {
		acts = append(acts, r.Action)
	}
	if got := strings.Join(acts, " "); !strings.Contains(got, "survey.create") || !strings.Contains(got, "survey.clue") {
		t.Errorf("audit of the finding: %s", got)
	}
}

// The phone form says every field's problem at once, keeps what was
// typed, escapes it, and stores nothing; bad photos, too many photos and an
// oversized body are refused; a leader records nothing.
func TestSurveyFormRefusesBadInput(t *testing.T) {
	s := newSite(t, "2017-09-25")
	s.user(t, "xj-sup", dajia.RoleSupervisor, "xijie", false)
	s.user(t, "leader", dajia.RoleLeader, "", false)
	sup := s.signIn(t, "xj-sup")

	resp, body := postSurvey(t, sup, url.Values{"village": {"<script>alert(1)</script>"}, "category": {"军火"}, "problems": {"nope"},
		"found_on": {"2017-13-01"}})
	if resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("%d", resp.StatusCode)
	}
	for _, want := range []string{"日期应为 YYYY-MM-DD", "请选择市场主体，或填写经营者名称", "请从列表中选择产品类别", "请从列表中选择发现的问题",
		"请用 1 到 2000 个字描述发现的情况", "&lt;script&gt;alert(1)&lt;/script&gt;"} {
		if !strings.Contains(body, want) {
			t.Errorf("the answer lacks %q", want)
		}
	}
	if strings.Contains(body, "<script>alert(1)") {
		t.Error("typed script is not escaped")
	}
	long := lampFinding()
	long.Set("description", strings.Repeat("假", 2001))
	long.Set("village", strings.Repeat("村", 51))
	long.Set("entity_name", "店\x00名")
	if resp, body := postSurvey(t, sup, long); resp.StatusCode != 400 || !strings.Contains(body, "村（社区）最多 50 个字") ||
		!strings.Contains(body, "内容含有无法识别的字符") || !strings.Contains(body, "请用 1 到 2000 个字") {
		t.Errorf("oversized fields: %d", resp.StatusCode)
	}
	if resp, body := postSurvey(t, sup, lampFinding(), []byte("this is not an image")); resp.StatusCode != 400 || !strings.Contains(body, "第 1 张照片") {
		t.Errorf("a bad photo: %d %.300s", resp.StatusCode, body)
	}
	six := [][]byte{}
	for range 6 {
		six = append(six, jpegWithEXIF(t))
	}
	if resp, body := postSurvey(t, sup, lampFinding(), six...); resp.StatusCode != 400 || !strings.Contains(body, "最多上传 5 张照片") {
		t.Errorf("six photos: %d", resp.StatusCode)
	}
	huge := lampFinding()
	huge.Set("description", strings.Repeat("x", 300<<10))
	if resp, body := postSurvey(t, sup, huge); resp.StatusCode != 400 || !strings.Contains(body, "提交的内容过大") {
		t.Errorf("a huge body: %d", resp.StatusCode)
	}
	if resp, _ := postSurvey(t, s.signIn(t, "leader"), lampFinding()); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a leader records: %d", resp.StatusCode)
	}
	if n, err := s.db.CountSurveys(context.Background(), store.SurveyFilter{}); err != nil || n.Total != 0 {
		t.Errorf("stored after refusals: %v %d", err, n.Total)
	}
	// The note of "no problem on check" is required.
	id := recordSurvey(t, sup, lampFinding())
	if r, b := sup.postNoFollow(t, fmt.Sprintf("/surveys/%d/clear", id), url.Values{"note": {" "}}); r.StatusCode != 400 || !strings.Contains(b, "请写明核查情况") {
		t.Errorf("clear without a note: %d", r.StatusCode)
	}
	if r, _ := sup.postNoFollow(t, fmt.Sprintf("/surveys/%d/clear", id), url.Values{"note": {"证照齐全，标签已补"}}); r.StatusCode != http.StatusSeeOther {
		t.Errorf("clear: %d", r.StatusCode)
	}
	if _, page := sup.get(t, fmt.Sprintf("/surveys/%d", id)); !strings.Contains(page, "核查无问题") || !strings.Contains(page, "证照齐全，标签已补") {
		t.Error("the cleared finding's page")
	}
}

// Every category of the reference plan, recorded through the API and
// turned into a clue, goes to the lead of its campaign (by stage where the
// lead is split; the office where the plan routes there) with 15 working
// days from today, on the real database.
func TestSurveyAPITurnsEveryCampaignsFindingIntoItsLeadsClue(t *testing.T) {
	s := newSite(t, "2017-09-25")
	tests := []struct {
		category, stage, lead string
		campaign              int
	}{
		{"食品", "销售", "syjfj", 1}, {"化肥", "销售", "nyj", 2}, {"建材", "销售", "zjj", 3}, {"玩具", "销售", "zjfj", 4},
		{"服装", "生产", "zjfj", 5}, {"服装", "销售", "gsfj", 5}, {"小家电", "销售", dajia.OfficeKey, 6}, {"灯具", "销售", "gsfj", 7},
		{"灯具", "生产", "zjfj", 7}, {"儿童用品", "生产", "zjfj", 4}, {"汽车零配件", "销售", "jtfj", 9}, {"其他", "销售", dajia.OfficeKey, 0},
	}
	for _, tt := range tests {
		t.Run(tt.category+tt.stage, func(t *testing.T) {
			code, out := s.apiJSON(t, "POST", "/api/v1/surveys", s.token, map[string]any{"village": "东街村", "entity_name": "某店",
				"category": tt.category, "stage": tt.stage, "problems": []string{"sanwu"}, "description": "三无产品：" + tt.category})
			if code != http.StatusCreated {
				t.Fatalf("%d %v", code, out)
			}
			id := int64(out["id"].(float64))
			code, out = s.apiJSON(t, "POST", fmt.Sprintf("/api/v1/surveys/%d/clue", id), s.token, nil)
			if code != http.StatusCreated || out["clue_lead_unit"] != tt.lead || out["status"] != "clue" || out["clue_due"] != "2017-10-20" {
				t.Fatalf("%d %v", code, out)
			}
			c, err := s.db.Clue(context.Background(), int64(out["clue"].(float64)))
			if err != nil {
				t.Fatal(err)
			}
			if c.LeadUnit != tt.lead || c.CampaignNo != tt.campaign || c.Due != dajia.MustDate("2017-10-20") || c.DueWhat != dajia.ClueDueDecide {
				t.Errorf("clue %+v", c)
			}
			if code, out = s.apiJSON(t, "POST", fmt.Sprintf("/api/v1/surveys/%d/clue", id), s.token, nil); code != http.StatusConflict {
				t.Errorf("a second clue: %d %v", code, out)
			}
		})
	}
}

// The API answers every field's problem, refuses unknown fields, keeps a
// unit to its own findings, and lets a leader read but not record.
func TestSurveyAPIRulesAndUnitIsolation(t *testing.T) {
	s := newSite(t, "2017-09-25")
	a := s.user(t, "xj-sup", dajia.RoleSupervisor, "xijie", false)
	b := s.user(t, "dj-officer", dajia.RoleOfficer, "dongjie", false)
	l := s.user(t, "leader", dajia.RoleLeader, "", false)
	ta, _ := newTokenFor(t, s, a.ID)
	tb, _ := newTokenFor(t, s, b.ID)
	tl, _ := newTokenFor(t, s, l.ID)

	code, out := s.apiJSON(t, "POST", "/api/v1/surveys", ta, map[string]any{"category": "军火", "problems": []string{"x"}, "found_on": "2017-09-26"})
	errObj, _ := out["error"].(map[string]any)
	fields, _ := errObj["fields"].([]any)
	if code != http.StatusBadRequest || len(fields) < 5 {
		t.Fatalf("%d %v", code, out)
	}
	if code, _ := s.apiJSON(t, "POST", "/api/v1/surveys", ta, map[string]any{"village": "西街村", "photos": []string{"x"}}); code != http.StatusBadRequest {
		t.Errorf("an unknown field: %d", code)
	}
	if code, _ := s.apiJSON(t, "POST", "/api/v1/surveys", ta, map[string]any{"village": "西街村", "category": "灯具", "entity_id": 999,
		"problems": []string{"label"}, "description": "x"}); code != http.StatusBadRequest {
		t.Errorf("an entity that does not exist: %d", code)
	}
	in := map[string]any{"village": "西街村", "entity_name": "甲店", "category": "灯具", "problems": []string{"label", "other"}, "description": "甲单位的排查"}
	code, out = s.apiJSON(t, "POST", "/api/v1/surveys", ta, in)
	if code != http.StatusCreated || out["unit"] != "xijie" || out["stage"] != "销售" || out["status"] != "open" {
		t.Fatalf("%d %v", code, out)
	}
	ida := int64(out["id"].(float64))
	in["description"], in["entity_name"] = "乙单位的排查", "乙店"
	code, out = s.apiJSON(t, "POST", "/api/v1/surveys", tb, in)
	if code != http.StatusCreated {
		t.Fatalf("%d %v", code, out)
	}
	idb := int64(out["id"].(float64))
	if code, _ := s.apiJSON(t, "POST", "/api/v1/surveys", tl, in); code != http.StatusForbidden {
		t.Errorf("a leader records: %d", code)
	}

	for _, c := range []struct {
		tok       string
		path      string
		want, not string
	}{
		{ta, "/api/v1/surveys", "甲单位", "乙单位"}, {ta, "/api/v1/surveys?unit=dongjie", "", "乙单位"}, {tb, "/api/v1/surveys", "乙单位", "甲单位"},
		{tl, "/api/v1/surveys", "乙单位", ""}, {tl, "/api/v1/surveys?unit=xijie", "甲单位", "乙单位"},
		{s.token, "/api/v1/surveys?from=2017-09-26", "", "单位"}, {s.token, "/api/v1/surveys?status=clue", "", "单位"},
	} {
		req, _ := http.NewRequest("GET", s.URL+c.path, nil)
		req.Header.Set("Authorization", "Bearer "+c.tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || (c.want != "" && !strings.Contains(string(body), c.want)) || (c.not != "" && strings.Contains(string(body), c.not)) {
			t.Errorf("%s: %d %s", c.path, resp.StatusCode, body)
		}
	}
	if code, _ := s.apiJSON(t, "GET", "/api/v1/surveys?from=yesterday", ta, nil); code != http.StatusBadRequest {
		t.Errorf("a bad date filter: %d", code)
	}
	for _, c := range []struct {
		tok  string
		id   int64
		want int
	}{{ta, ida, 200}, {ta, idb, 404}, {tb, ida, 404}, {tl, ida, 200}} {
		if code, _ := s.apiJSON(t, "GET", fmt.Sprintf("/api/v1/surveys/%d", c.id), c.tok, nil); code != c.want {
			t.Errorf("GET %d: %d, want %d", c.id, code, c.want)
		}
	}
	if code, _ := s.apiJSON(t, "POST", fmt.Sprintf("/api/v1/surveys/%d/clue", idb), ta, nil); code != http.StatusNotFound {
		t.Errorf("another unit's clue: %d", code)
	}
	if code, _ := s.apiJSON(t, "POST", fmt.Sprintf("/api/v1/surveys/%d/clue", ida), tl, nil); code != http.StatusForbidden {
		t.Errorf("a leader's clue: %d", code)
	}
	if code, out := s.apiJSON(t, "POST", fmt.Sprintf("/api/v1/surveys/%d/clear", ida), ta, map[string]any{"note": "已整改"}); code != 200 || out["status"] != "clear" {
		t.Errorf("clear: %d %v", code, out)
	}
}

// Where problems gather: the grid counts a unit's findings by village and
// category, the open ones apart, under the filters; each count links to its
// list, which holds exactly those findings; another unit's are not counted
// for a unit, and are for the office.
func TestSurveyGatherCountsByVillageAndCategory(t *testing.T) {
	s := newSite(t, "2017-09-25")
	a := s.user(t, "xj-sup", dajia.RoleSupervisor, "xijie", false)
	b := s.user(t, "dj-sup", dajia.RoleSupervisor, "dongjie", false)
	ta, _ := newTokenFor(t, s, a.ID)
	tb, _ := newTokenFor(t, s, b.ID)
	record := func(tok, village, category, day string) int64 {
		t.Helper()
		code, out := s.apiJSON(t, "POST", "/api/v1/surveys", tok, map[string]any{"village": village, "entity_name": "某店", "category": category,
			"problems": []string{"sanwu"}, "description": "发现三无产品", "found_on": day})
		if code != http.StatusCreated {
			t.Fatalf("%d %v", code, out)
		}
		return int64(out["id"].(float64))
	}
	clued := record(ta, "西街村", "灯具", "2017-08-10")
	record(ta, "西街村", "灯具", "2017-08-20")
	record(ta, "西街村", "食品", "2017-08-20")
	record(ta, "东街村", "灯具", "2017-09-01")
	record(tb, "西街村", "灯具", "2017-08-20")
	if code, out := s.apiJSON(t, "POST", fmt.Sprintf("/api/v1/surveys/%d/clue", clued), ta, nil); code != http.StatusCreated {
		t.Fatalf("%d %v", code, out)
	}
	ap := testApp(t, s.db, dajia.FixedDayClock{Day: dajia.MustDate("2017-09-25")})
	ctx := context.Background()
	supA := dajia.Actor{UserID: a.ID, Name: a.Name, Role: dajia.RoleSupervisor, Unit: "xijie"}
	office := dajia.Actor{UserID: 1, Name: "office", Role: dajia.RoleOffice}
	type cell struct{ total, open int }
	for _, c := range []struct {
		name  string
		actor dajia.Actor
		q     app.SurveyQuery
		want  map[[2]string]cell
	}{
		{"the unit's own", supA, app.SurveyQuery{}, map[[2]string]cell{{"西街村", "灯具"}: {2, 1}, {"西街村", "食品"}: {1, 1}, {"东街村", "灯具"}: {1, 1}}},
		{"the office: every unit", office, app.SurveyQuery{}, map[[2]string]cell{{"西街村", "灯具"}: {3, 2}, {"西街村", "食品"}: {1, 1}, {"东街村", "灯具"}: {1, 1}}},
		{"dates", supA, app.SurveyQuery{From: "2017-08-15", To: "2017-08-31"}, map[[2]string]cell{{"西街村", "灯具"}: {1, 1}, {"西街村", "食品"}: {1, 1}}},
		{"status", supA, app.SurveyQuery{Status: dajia.SurveyClue}, map[[2]string]cell{{"西街村", "灯具"}: {1, 0}}},
		{"a unit asks for another", supA, app.SurveyQuery{Unit: "dongjie"}, map[[2]string]cell{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			g, err := ap.SurveyGather(ctx, c.actor, c.q, nil)
			if err != nil {
				t.Fatal(err)
			}
			got := map[[2]string]cell{}
			sum := 0
			for _, v := range g.Villages {
				for _, k := range g.Categories {
					if n := g.Cell(v, k); n.Total > 0 {
						got[[2]string{v, k}] = cell{n.Total, n.Open}
						sum += n.Total
					}
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(c.want) || g.Total.Total != sum {
				t.Errorf("grid %v (total %d), want %v", got, g.Total.Total, c.want)
			}
		})
	}

	c := s.signIn(t, "xj-sup")
	_, page := c.get(t, "/surveys/gather")
	link := regexp.MustCompile(`<a href="(/surveys\?category=%E7%81%AF%E5%85%B7&amp;village=%E8%A5%BF%E8%A1%97%E6%9D%91)">2</a>`).FindStringSubmatch(page)
	if link == nil {
		t.Fatalf("no link of 西街村 × 灯具 with its count 2: %s", page)
	}
	_, list := c.get(t, strings.ReplaceAll(link[1], "&amp;", "&"))
	if !strings.Contains(list, "共 2 条排查记录，其中 1 条待处理") {
		t.Errorf("the cell's list: %s", list)
	}
	if strings.Contains(page, "dongjie") || strings.Contains(list, "dongjie") {
		t.Error("another unit's findings on the grid or its list")
	}
	x := c.getXLSX(t, "/surveys/export.xlsx?status=open")
	rows := sheetRows(t, x, "排查摸底台账")
	if len(rows) != 4 || rows[0][0] != "编号" {
		t.Errorf("export of the open findings: %v", rows)
	}
	_ = tb
	recs, err := s.db.AuditLog(ctx, store.AuditFilter{Action: "survey.export"})
	if err != nil || len(recs) != 1 {
		t.Errorf("the export is not audited: %v %d", err, len(recs))
	}
}

// A village supervisor's first page offers to record a finding and counts
// their own open findings.
func TestSupervisorsToDoOffersTheSurvey(t *testing.T) {
	s := newSite(t, "2017-09-25")
	u := s.user(t, "xj-sup", dajia.RoleSupervisor, "xijie", false)
	s.user(t, "xj-sup2", dajia.RoleSupervisor, "xijie", false)
	s.user(t, "gs-officer", dajia.RoleOfficer, "gsfj", false)
	tok, _ := newTokenFor(t, s, u.ID)
	for range 2 {
		if code, out := s.apiJSON(t, "POST", "/api/v1/surveys", tok, map[string]any{"village": "西街村", "entity_name": "某店", "category": "食品",
			"problems": []string{"expired"}, "description": "过期食品"}); code != http.StatusCreated {
			t.Fatalf("%d %v", code, out)
		}
	}
	_, page := s.signIn(t, "xj-sup").get(t, "/todo")
	if !strings.Contains(page, `href="/surveys/new"`) || !strings.Contains(page, "我记录的待处理排查：2 条") {
		t.Errorf("the supervisor's to-do: %s", page)
	}
	if _, page := s.signIn(t, "xj-sup2").get(t, "/todo"); !strings.Contains(page, "我记录的待处理排查：0 条") {
		t.Error("another supervisor counts findings not theirs")
	}
	if _, page := s.signIn(t, "gs-officer").get(t, "/todo"); strings.Contains(page, "我记录的待处理排查") {
		t.Error("an officer's to-do has the supervisor's entry")
	}
}

// Clicks that race make one clue: the others are told the finding is
// already dealt with, and nothing of theirs is stored.
func TestRacingClicksMakeOneClue(t *testing.T) {
	s := newSite(t, "2017-09-25")
	code, out := s.apiJSON(t, "POST", "/api/v1/surveys", s.token, map[string]any{"village": "西街村", "entity_name": "某店", "category": "玩具",
		"problems": []string{"no_ccc"}, "description": "玩具无 3C 标志"})
	if code != http.StatusCreated {
		t.Fatalf("%d %v", code, out)
	}
	id := int64(out["id"].(float64))
	codes := make(chan int, 6)
	for range cap(codes) {
		go func() {
			req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/surveys/%d/clue", s.URL, id), nil)
			req.Header.Set("Authorization", "Bearer "+s.token)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				codes <- 0
				return
			}
			resp.Body.Close()
			codes <- resp.StatusCode
		}()
	}
	got := map[int]int{}
	for range cap(codes) {
		got[<-codes]++
	}
	if got[http.StatusCreated] != 1 || got[http.StatusConflict] != cap(codes)-1 {
		t.Errorf("answers %v", got)
	}
	clues, err := s.db.Clues(context.Background(), store.ClueFilter{Sources: []dajia.ClueSource{dajia.ClueFromSurvey}})
	if err != nil || len(clues) != 1 || clues[0].LeadUnit != "zjfj" {
		t.Errorf("clues %+v %v", clues, err)
	}
}

// A finding names a registered market entity by its id (the picker's
// field); the list, the API and the page name it by its record.
func TestSurveyOfARegisteredEntity(t *testing.T) {
	s := newSite(t, "2017-09-25")
	s.user(t, "xj-sup", dajia.RoleSupervisor, "xijie", false)
	e, err := s.db.CreateEntity(context.Background(), testActor, dajia.Entity{Name: "港口镇登记灯饰行", Kind: dajia.KindGrocer})
	if err != nil {
		t.Fatal(err)
	}
	c := s.signIn(t, "xj-sup")
	f := lampFinding()
	f.Del("entity_name")
	f.Set("entity_id", itoa(e.ID))
	id := recordSurvey(t, c, f)
	if _, page := c.get(t, fmt.Sprintf("/surveys/%d", id)); !strings.Contains(page, fmt.Sprintf(`<a href="/entities/%d">港口镇登记灯饰行</a>`, e.ID)) {
		t.Error("the page does not link the entity")
	}
	if _, list := c.get(t, "/surveys"); !strings.Contains(list, "港口镇登记灯饰行") {
		t.Error("the list does not name the entity")
	}
	if code, out := s.apiJSON(t, "GET", fmt.Sprintf("/api/v1/surveys/%d", id), s.token, nil); code != 200 || out["entity_name"] != "港口镇登记灯饰行" ||
		out["entity_id"] != float64(e.ID) {
		t.Errorf("%d %v", code, out)
	}
	// 查找 shows the form again with the matches, nothing stored.
	f.Set("find", "entity_id")
	f.Set("entity_id_q", "灯饰行")
	if resp, body := postSurvey(t, c, f); resp.StatusCode != 200 || !strings.Contains(body, "港口镇登记灯饰行") {
		t.Errorf("查找: %d", resp.StatusCode)
	}
	if n, _ := s.db.CountSurveys(context.Background(), store.SurveyFilter{}); n.Total != 1 {
		t.Errorf("查找 stored a finding: %d", n.Total)
	}
}

// An open finding is changed by those who may act on it, through the form
// and the API, every field checked again and the change audited; another
// unit, another supervisor, a leader, and a finding already a clue are
// refused, and nothing changes.
func TestSurveyEditWhileOpen(t *testing.T) {
	s := newSite(t, "2017-09-25")
	s.user(t, "xj-sup", dajia.RoleSupervisor, "xijie", false)
	s.user(t, "xj-sup2", dajia.RoleSupervisor, "xijie", false)
	other := s.user(t, "dj-officer", dajia.RoleOfficer, "dongjie", false)
	lead := s.user(t, "leader", dajia.RoleLeader, "", false)
	sup := s.signIn(t, "xj-sup")
	id := recordSurvey(t, sup, lampFinding())
	path := fmt.Sprintf("/surveys/%d", id)

	if _, page := sup.get(t, path); !strings.Contains(page, path+"/edit") {
		t.Fatal("the recorder is not offered 修改")
	}
	_, form := sup.get(t, path+"/edit")
	if !strings.Contains(form, `action="`+path+`/edit"`) || !strings.Contains(form, "LED 吸顶灯无 3C 标志") || strings.Contains(form, `name="photos"`) {
		t.Fatalf("the edit form is not the finding's: %.300s", form)
	}
	f := lampFinding()
	f.Set("description", "复看后：LED 吸顶灯无 3C 标志，另有台灯无厂名厂址")
	f.Set("category", "")
	if r, body := sup.postNoFollow(t, path+"/edit", f); r.StatusCode != http.StatusBadRequest || !strings.Contains(body, "复看后") {
		t.Fatalf("a bad edit: %d, the form must come back with what was typed", r.StatusCode)
	}
	if sv, _ := s.db.Survey(context.Background(), id); strings.Contains(sv.Description, "复看后") {
		t.Fatal("a refused edit changed the finding")
	}
	f.Set("category", "灯具")
	if r, _ := sup.postNoFollow(t, path+"/edit", f); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d", r.StatusCode)
	}
	if sv, _ := s.db.Survey(context.Background(), id); !strings.Contains(sv.Description, "另有台灯") {
		t.Fatalf("the edit was not kept: %q", sv.Description)
	}
	recs, err := s.db.AuditLog(context.Background(), store.AuditFilter{Action: "survey.update"})
	if err != nil || len(recs) != 1 || !strings.Contains(recs[0].Fields, "description") || strings.Contains(recs[0].After, "另有台灯") {
		t.Fatalf("the audit keeps the change by field name, not its text: %+v %v", recs, err)
	}
	// Another supervisor of the unit, another unit, a leader: refused.
	sup2 := s.signIn(t, "xj-sup2")
	if r, _ := sup2.postNoFollow(t, path+"/edit", f); r.StatusCode != http.StatusForbidden {
		t.Errorf("the other supervisor's edit: %d", r.StatusCode)
	}
	to, _ := newTokenFor(t, s, other.ID)
	tl, _ := newTokenFor(t, s, lead.ID)
	body := map[string]any{"village": "西街村", "entity_name": "甲店", "category": "灯具", "problems": []string{"label"}, "description": "改写"}
	if code, _ := s.apiJSON(t, "PUT", "/api/v1"+path, to, body); code != http.StatusNotFound {
		t.Errorf("another unit's PUT: %d", code)
	}
	if code, _ := s.apiJSON(t, "PUT", "/api/v1"+path, tl, body); code != http.StatusForbidden {
		t.Errorf("a leader's PUT: %d", code)
	}
	// The recorder through the API; then the finding becomes a clue and is
	// no longer changed.
	sup1, _ := s.db.UserByName(context.Background(), "xj-sup")
	ts, _ := newTokenFor(t, s, sup1.ID)
	if code, out := s.apiJSON(t, "PUT", "/api/v1"+path, ts, body); code != 200 || out["description"] != "改写" {
		t.Fatalf("the recorder's PUT: %d %v", code, out)
	}
	if r, _ := sup.postNoFollow(t, path+"/clue", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("clue: %d", r.StatusCode)
	}
	if code, _ := s.apiJSON(t, "PUT", "/api/v1"+path, ts, body); code != http.StatusConflict {
		t.Errorf("a PUT on a finding that is a clue: %d", code)
	}
	if r, _ := sup.get(t, path+"/edit"); r.StatusCode != http.StatusConflict {
		t.Errorf("the edit form of a finding that is a clue: %d", r.StatusCode)
	}
}
