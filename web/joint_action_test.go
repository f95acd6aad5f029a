package web_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"dajia"
	"dajia/store"
)

var actionPathRE = regexp.MustCompile(`^/actions/(\d+)$`)

func actionForm(kv ...string) url.Values {
	f := form("plan", "zs-gangkou-2017", "name", "第一次统一集中行动", "start", "2017-09-18", "end", "2017-09-22", "staff", "4", "vehicles", "1",
		"arrangement", "重点检查批发市场")
	f["units"] = []string{"gsfj", "zjfj"}
	f["categories"] = []string{"食品"}
	f["places"] = []string{"批发市场"}
	for i := 0; i < len(kv); i += 2 {
		f.Set(kv[i], kv[i+1])
	}
	return f
}

// planAction plans an action through the form as c (the office) and
// answers its id.
func planAction(t *testing.T, c *browserClient, f url.Values) string {
	t.Helper()
	r, body := c.post(t, "/actions", f)
	m := actionPathRE.FindStringSubmatch(r.Request.URL.Path)
	if r.StatusCode != 200 || m == nil {
		t.Fatalf("plan: %d %s %s", r.StatusCode, r.Request.URL, body)
	}
	return m[1]
}

// The office plans joint actions on the form (every problem at once; out
// of the concentrated phase it warns and saves); units read the actions
// they take part in and record their force; a clue typed in and a case are
// tagged with the action and its page counts them, each figure linking to
// its list; the overview shows planned / done.
func TestJointActionPagesPlanTagAndCountResults(t *testing.T) {
	s, c := caseSite(t)
	ctx := context.Background()
	if r, _ := c["officer"].get(t, "/actions/new"); r.StatusCode != 403 {
		t.Fatalf("a unit's form: %d", r.StatusCode)
	}
	if _, body := c["officer"].get(t, "/actions"); strings.Contains(body, `href="/actions/new`) {
		t.Error("a unit is offered to plan")
	}
	bad := actionForm("name", "", "end", "2017-09-01")
	bad["units"] = nil
	r, body := c["office"].post(t, "/actions", bad)
	if r.StatusCode != 400 || strings.Count(body, `class="field-error"`) != 3 || !strings.Contains(body, "请填写行动名称") ||
		!strings.Contains(body, "结束日期不能早于开始日期") || !strings.Contains(body, "请选择参加行动的单位") {
		t.Fatalf("every problem at once: %d %s", r.StatusCode, body)
	}
	id := planAction(t, c["office"], actionForm())
	_, body = c["office"].get(t, "/actions/"+id)
	if strings.Contains(body, "行动日期不在") || !strings.Contains(body, "16 人次") && !strings.Contains(body, "4 人次、1 车次") {
		t.Fatalf("inside the phase: %s", body)
	}
	out := planAction(t, c["office"], actionForm("name", "八月预演行动", "start", "2017-08-20", "end", "2017-08-25"))
	if _, body := c["office"].get(t, "/actions/"+out); !strings.Contains(body, "行动日期不在集中整治阶段") {
		t.Fatalf("the warning: %s", body)
	}

	// The third unit takes no part: it does not find the action.
	if r, _ := c["third"].get(t, "/actions/"+id); r.StatusCode != 404 {
		t.Errorf("a unit not taking part: %d", r.StatusCode)
	}
	if _, body := c["third"].get(t, "/actions"); strings.Contains(body, "第一次统一集中行动") {
		t.Error("the list of a unit not taking part")
	}
	// The officer records the unit's force; the office's stays.
	r, body = c["officer"].post(t, "/actions/"+id+"/force", form("unit", "gsfj", "staff", "12", "vehicles", "3"))
	if r.StatusCode != 200 || !strings.Contains(body, "出动人员和车辆已保存") || !strings.Contains(body, "16 人次、4 车次") {
		t.Fatalf("force: %d %s", r.StatusCode, body)
	}
	if r, _ := c["officer"].post(t, "/actions/"+id+"/force", form("unit", "zjfj", "staff", "1")); r.StatusCode != 403 {
		t.Errorf("another unit's force: %d", r.StatusCode)
	}

	// A clue typed in during the action, tagged on the form; one after it.
	_, body = c["officer"].get(t, "/clues/new")
	if !strings.Contains(body, `name="action_id"`) || !strings.Contains(body, "第一次统一集中行动") {
		t.Fatalf("the clue form's choice: %s", body)
	}
	inside := newClue(t, c["officer"], "received_on", "2017-09-20", "action_id", id)
	after := newClue(t, c["officer"], "received_on", "2017-09-25", "action_id", id)
	untagged := newClue(t, c["officer"], "received_on", "2017-09-21")
	_, body = c["officer"].get(t, "/clues/"+untagged)
	if !strings.Contains(body, `action="/clues/`+untagged+`/action"`) || !strings.Contains(body, "未关联集中行动") {
		t.Fatalf("the clue page's choice: %s", body)
	}
	if err := s.db.SetCasePrefix(ctx, testActor, "gsfj", "中港工商罚"); err != nil {
		t.Fatal(err)
	}
	kase := openCase(t, c["officer"], openCaseForm(untagged, "opened_on", "2017-09-21"))
	if r, _ := c["other"].post(t, "/cases/"+kase+"/action", form("action_id", id)); r.StatusCode != 404 {
		t.Errorf("another unit tags the case: %d", r.StatusCode)
	}
	r, body = c["officer"].post(t, "/cases/"+kase+"/action", form("action_id", id))
	if r.StatusCode != 200 || !strings.Contains(body, "已保存集中行动") || !strings.Contains(body, "关联第 "+id+" 号集中行动") {
		t.Fatalf("tag the case: %d %s", r.StatusCode, body)
	}
	// The open-case form offers the clue's action, chosen; "none" opens
	// the case untagged.
	if _, body := c["officer"].get(t, "/cases/new?clue="+inside); !strings.Contains(body, `<option value="`+id+`" selected>`) {
		t.Errorf("the open-case form's choice: %s", body)
	}
	untaggedCase := openCase(t, c["officer"], openCaseForm(after, "opened_on", "2017-09-26", "action_id", "-1"))
	if _, body := c["officer"].get(t, "/cases/"+untaggedCase); !strings.Contains(body, "未关联集中行动") {
		t.Errorf("a case opened with no action: %s", body)
	}
	// Tagging with an action the unit does not take part in is refused.
	solo := planAction(t, c["office"], actionForm("name", "质监专项行动", "units", "zjfj"))
	if r, body := c["officer"].post(t, "/clues/"+untagged+"/action", form("action_id", solo)); r.StatusCode != 400 || !strings.Contains(body, "承办单位没有参加") {
		t.Errorf("an action the unit takes no part in: %d", r.StatusCode)
	}

	for who, want := range map[string][2]string{"office": {"1", "1"}, "officer": {"1", "1"}, "other": {"0", "0"}} {
		_, body := c[who].get(t, "/actions/"+id)
		if !strings.Contains(body, `id="result-clues" href="/clues?action=`+id+`">`+want[0]+`<`) ||
			!strings.Contains(body, `id="result-cases" href="/cases?action=`+id+`">`+want[1]+`<`) {
			t.Errorf("%s: the results: %s", who, body)
		}
	}
	_, body = c["office"].get(t, "/clues?action="+id)
	if !strings.Contains(body, `/clues/`+inside+`"`) || strings.Contains(body, `/clues/`+after+`"`) || strings.Contains(body, `/clues/`+untagged+`"`) {
		t.Errorf("the clue list behind the figure: %s", body)
	}
	if _, body = c["office"].get(t, "/cases?action="+id); !strings.Contains(body, `/cases/`+kase+`"`) {
		t.Errorf("the case list behind the figure")
	}

	// The overview: the concentrated phase asks for two; the first action
	// ended on 22 September (today is the 29th); the one in August does not
	// count; the one still to come neither.
	_, body = c["office"].get(t, "/plans/zs-gangkou-2017")
	if !strings.Contains(body, `id="joint-actions"`) || !strings.Contains(body, `class="tally-done" href="/actions?done_from=2017-09-01&amp;done_to=2017-11-30&amp;plan=zs-gangkou-2017">2<`) {
		t.Fatalf("the overview: %s", body)
	}
	if _, body := c["office"].get(t, "/actions?plan=zs-gangkou-2017&done_from=2017-09-01&done_to=2017-11-30"); !strings.Contains(body, "共 2 次集中行动") {
		t.Error("the list behind done")
	}
	if _, _, body := s.get(t, "/plans/zs-gangkou-2017"); strings.Contains(body, `id="joint-actions"`) {
		t.Error("a visitor reads the tallies")
	}

	// The office marks the action done with its summary.
	f := actionForm("done", "1", "summary", "共检查批发市场 3 个")
	r, body = c["office"].post(t, "/actions/"+id, f)
	if r.StatusCode != 200 || !strings.Contains(body, "共检查批发市场 3 个") || !strings.Contains(body, "标记完成") {
		t.Fatalf("mark done: %d %s", r.StatusCode, body)
	}
	if r, body := c["office"].post(t, "/actions/"+id, actionForm("done", "1")); r.StatusCode != 400 || !strings.Contains(body, "标记完成须填写行动小结") {
		t.Errorf("done without summary: %d", r.StatusCode)
	}
	x := c["office"].getXLSX(t, "/actions/export.xlsx")
	rows, _ := x.GetRows(x.GetSheetList()[0])
	if len(rows) != 4 || rows[0][1] != "行动名称" {
		t.Errorf("the export: %v", rows)
	}
	xo := c["officer"].getXLSX(t, "/actions/export.xlsx")
	if rows, _ := xo.GetRows(xo.GetSheetList()[0]); len(rows) != 3 {
		t.Errorf("the officer's export: %v", rows)
	}
	audit, err := s.db.AuditLog(ctx, storeAuditFilter("action.export"))
	if err != nil || len(audit) != 2 {
		t.Errorf("exports audited: %d %v", len(audit), err)
	}
}

// postPublicity posts the publicity form with photos as c.
func postPublicity(t *testing.T, c *browserClient, fields map[string]string, photos ...[]byte) (*http.Response, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	for _, p := range photos {
		fw, _ := mw.CreateFormFile("photos", "photo.jpg")
		fw.Write(p)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", c.base+"/publicity", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

var publicityPathRE = regexp.MustCompile(`^/publicity/(\d+)$`)

// Units record publicity with photos (re-encoded); each sees its own, the
// office all, with the reach added up; the photos and exports follow.
func TestPublicityPagesByUnitWithPhotosAndTotals(t *testing.T) {
	_, c := caseSite(t)
	r, body := postPublicity(t, c["officer"], map[string]string{"on": "2017-09-30", "channel": "fax", "title": "", "people": "-3"})
	if r.StatusCode != 400 || strings.Count(body, `class="field-error"`) != 4 {
		t.Fatalf("every problem at once: %d %s", r.StatusCode, body)
	}
	r, body = postPublicity(t, c["officer"], map[string]string{"plan": "zs-gangkou-2017", "on": "2017-09-20", "channel": "leaflet", "title": "打假宣传进市场",
		"people": "300", "copies": "1200", "campaign_no": "1"}, jpegWithEXIF(t))
	m := publicityPathRE.FindStringSubmatch(r.Request.URL.Path)
	if r.StatusCode != 200 || m == nil || !strings.Contains(body, "宣传活动已保存") {
		t.Fatalf("record: %d %s %s", r.StatusCode, r.Request.URL, body)
	}
	gs := m[1]
	photo := regexp.MustCompile(`/publicity/` + gs + `/photos/(\d+)`).FindStringSubmatch(body)
	if photo == nil {
		t.Fatalf("no photo: %s", body)
	}
	pr, pb := c["officer"].get(t, photo[0])
	if pr.StatusCode != 200 || pr.Header.Get("Content-Type") != "image/jpeg" || strings.Contains(pb, "Exif") {
		t.Errorf("the photo: %d %s", pr.StatusCode, pr.Header.Get("Content-Type"))
	}
	if r, _ := c["other"].get(t, photo[0]); r.StatusCode != 404 {
		t.Errorf("another unit's photo: %d", r.StatusCode)
	}
	if r, _ := postPublicity(t, c["other"], map[string]string{"plan": "zs-gangkou-2017", "on": "2017-09-21", "channel": "desk", "title": "咨询台",
		"people": "50", "unit": "gsfj"}); r.StatusCode != 200 {
		t.Fatalf("the other unit records: %d", r.StatusCode)
	}
	for who, want := range map[string]string{"office": "共 2 次宣传活动，受众 350 人次，派发资料 1200 份", "officer": "共 1 次宣传活动，受众 300 人次",
		"other": "共 1 次宣传活动，受众 50 人次", "leader": "共 2 次宣传活动"} {
		if _, body := c[who].get(t, "/publicity"); !strings.Contains(body, want) {
			t.Errorf("%s: the totals: %s", who, body)
		}
	}
	if _, body := c["office"].get(t, "/publicity?channel=desk&from=2017-09-21&to=2017-09-21"); !strings.Contains(body, "共 1 次宣传活动，受众 50 人次") {
		t.Error("the filters")
	}
	// Six photos are one too many; nothing is stored.
	jpg := jpegWithEXIF(t)
	if r, body := postPublicity(t, c["officer"], map[string]string{"plan": "zs-gangkou-2017", "on": "2017-09-20", "channel": "lecture", "title": "讲座"},
		jpg, jpg, jpg, jpg, jpg, jpg); r.StatusCode != 400 || !strings.Contains(body, "照片最多 5 张") {
		t.Errorf("six photos: %d", r.StatusCode)
	}
	if r, _ := c["other"].get(t, "/publicity/"+gs); r.StatusCode != 404 {
		t.Errorf("another unit's page: %d", r.StatusCode)
	}
	if r, _ := c["leader"].get(t, "/publicity/new"); r.StatusCode != 403 {
		t.Errorf("a leader's form: %d", r.StatusCode)
	}
	r, body = c["officer"].post(t, "/publicity/"+gs, form("on", "2017-09-20", "channel", "leaflet", "title", "打假宣传进市场（更正）", "people", "320"))
	if r.StatusCode != 200 || !strings.Contains(body, "打假宣传进市场（更正）") || !strings.Contains(body, `/photos/`) {
		t.Fatalf("edit: %d %s", r.StatusCode, body)
	}
	if r, _ := c["other"].post(t, "/publicity/"+gs, form("on", "2017-09-20", "channel", "tv", "title", "x")); r.StatusCode != 404 {
		t.Errorf("another unit edits: %d", r.StatusCode)
	}
	x := c["officer"].getXLSX(t, "/publicity/export.xlsx")
	if rows, _ := x.GetRows(x.GetSheetList()[0]); len(rows) != 2 || rows[1][4] != "打假宣传进市场（更正）" {
		t.Errorf("the officer's export: %v", rows)
	}
}

// The API: the same rules as the pages, for joint actions and publicity.
func TestJointActionAndPublicityAPI(t *testing.T) {
	s, _ := caseSite(t)
	ctx := context.Background()
	token := func(name string) string {
		u, err := s.db.UserByName(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		tok, _ := newTokenFor(t, s, u.ID)
		return tok
	}
	office, gs, zj, sy := token("office"), token("gs-officer"), token("zj-officer"), token("sy-officer")
	in := map[string]any{"name": "第一次统一集中行动", "start": "2017-08-28", "end": "2017-09-02", "units": []string{"gsfj", "zjfj"}, "staff": 3}
	if code, _ := s.apiJSON(t, "POST", "/api/v1/actions", gs, in); code != 403 {
		t.Fatalf("a unit plans: %d", code)
	}
	code, out := s.apiJSON(t, "POST", "/api/v1/actions", office, map[string]any{"name": "", "start": "x", "units": []string{}})
	if code != 400 || len(out["error"].(map[string]any)["fields"].([]any)) < 3 {
		t.Fatalf("every field: %d %v", code, out)
	}
	code, out = s.apiJSON(t, "POST", "/api/v1/actions", office, in)
	if code != 201 || len(out["warnings"].([]any)) != 1 || out["staff"].(float64) != 3 {
		t.Fatalf("create: %d %v", code, out)
	}
	actionID := out["id"]
	id := itoa(int64(actionID.(float64)))
	in["start"], in["end"] = "2017-09-18", "2017-09-22"
	if code, out = s.apiJSON(t, "PUT", "/api/v1/actions/"+id, office, in); code != 200 || len(out["warnings"].([]any)) != 0 {
		t.Fatalf("update: %d %v", code, out)
	}
	if code, _ := s.apiJSON(t, "PUT", "/api/v1/actions/"+id, gs, in); code != 403 {
		t.Errorf("a unit updates: %d", code)
	}
	if code, out = s.apiJSON(t, "POST", "/api/v1/actions/"+id+"/force", gs, map[string]any{"staff": 8, "vehicles": 2}); code != 200 || out["staff"].(float64) != 11 {
		t.Errorf("force: %d %v", code, out)
	}
	if code, _ := s.apiJSON(t, "GET", "/api/v1/actions/"+id, sy, nil); code != 404 {
		t.Errorf("a unit not taking part: %d", code)
	}
	if code, out = s.apiJSON(t, "GET", "/api/v1/actions", sy, nil); code != 200 || out["total"].(float64) != 0 {
		t.Errorf("a unit not taking part lists: %v", out)
	}
	// A clue tagged through the API counts in the results.
	code, clue := s.apiJSON(t, "POST", "/api/v1/clues", gs, map[string]any{"plan": "zs-gangkou-2017", "source": "inspection", "received_on": "2017-09-20",
		"summary": "行动中检查发现", "action_id": actionID})
	if code != 201 || clue["action_id"] == nil {
		t.Fatalf("a tagged clue: %d %v", code, clue)
	}
	code, out = s.apiJSON(t, "GET", "/api/v1/actions/"+id, zj, nil)
	if code != 200 || out["results"].(map[string]any)["clues"].(map[string]any)["count"].(float64) != 0 {
		t.Errorf("the other unit counts its own: %v", out["results"])
	}
	code, out = s.apiJSON(t, "GET", "/api/v1/actions/"+id, office, nil)
	if code != 200 || out["results"].(map[string]any)["clues"].(map[string]any)["count"].(float64) != 1 {
		t.Errorf("the office's results: %v", out["results"])
	}
	if code, out := s.apiJSON(t, "GET", "/api/v1/clues?action="+id, office, nil); code != 200 || out["total"].(float64) != 1 {
		t.Errorf("the clue list behind: %v", out)
	}

	pub := map[string]any{"on": "2017-09-20", "channel": "wechat", "title": "推文", "views": 2000, "action_id": actionID}
	code, p := s.apiJSON(t, "POST", "/api/v1/publicity", gs, pub)
	if code != 201 || p["unit"] != "gsfj" || p["views"].(float64) != 2000 {
		t.Fatalf("publicity: %d %v", code, p)
	}
	pid := itoa(int64(p["id"].(float64)))
	if code, _ := s.apiJSON(t, "POST", "/api/v1/publicity", sy, pub); code != 400 {
		t.Errorf("an action the unit takes no part in: %d", code)
	}
	if code, _ := s.apiJSON(t, "GET", "/api/v1/publicity/"+pid, zj, nil); code != 404 {
		t.Errorf("another unit's: %d", code)
	}
	if code, _ := s.apiJSON(t, "PUT", "/api/v1/publicity/"+pid, zj, pub); code != 404 {
		t.Errorf("another unit updates: %d", code)
	}
	pub["views"] = 2500
	if code, p = s.apiJSON(t, "PUT", "/api/v1/publicity/"+pid, gs, pub); code != 200 || p["views"].(float64) != 2500 {
		t.Errorf("update: %d %v", code, p)
	}
	for tok, want := range map[string]float64{office: 2500, gs: 2500, zj: 0} {
		if code, l := s.apiJSON(t, "GET", "/api/v1/publicity", tok, nil); code != 200 || l["reach"].(map[string]any)["views"].(float64) != want {
			t.Errorf("reach: %v", l)
		}
	}
	_ = dajia.OfficeKey
}

func storeAuditFilter(action string) store.AuditFilter { return store.AuditFilter{Action: action} }
