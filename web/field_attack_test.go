package web_test

// An outsider's attacks on the field-work routes: bad ids, another unit's
// records, roles that may only read, cross-site posts, hostile filters and
// hostile text. Each hole found is a test here.

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"dajia"
	"dajia/photo/phototest"
)

// fieldRecordPaths is every field-work path that opens one record, with
// the record's id as %s.
var fieldRecordPaths = []string{
	"/surveys/%s", "/surveys/%s/photos/1", "/inspections/%s", "/inspections/%s/edit", "/samplings/%s",
	"/actions/%s", "/actions/%s/edit", "/publicity/%s", "/publicity/%s/edit", "/publicity/%s/photos/1",
	"/api/v1/surveys/%s", "/api/v1/inspections/%s", "/api/v1/samplings/%s", "/api/v1/actions/%s", "/api/v1/publicity/%s",
}

// apiGet asks the API as the holder of token.
func apiDo(t *testing.T, s *site, token, method, path, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, s.URL+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func tokenOf(t *testing.T, s *site, name string) string {
	t.Helper()
	u, err := s.db.UserByName(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	tok, _ := newTokenFor(t, s, u.ID)
	return tok
}

// A record's id that is negative, zero, too large for 64 bits, not a
// number or no record's is not found (or a bad request), never a server
// error and never a record.
func TestFieldRoutesAnswerBadIDsWithNotFound(t *testing.T) {
	s, _, _ := fieldSite(t)
	c := s.signIn(t, "office")
	tok := tokenOf(t, s, "office")
	for _, p := range fieldRecordPaths {
		for _, id := range []string{"-1", "0", "99999999999999999999", "9223372036854775807", "abc", "1e3", "%20", "1.5", "0x10"} {
			path := fmt.Sprintf(p, id)
			var code int
			var body string
			if strings.HasPrefix(path, "/api/") {
				code, body = apiDo(t, s, tok, "GET", path, "")
			} else {
				r, b := c.get(t, path)
				code, body = r.StatusCode, b
			}
			if code != http.StatusNotFound && code != http.StatusBadRequest {
				t.Errorf("%s: %d %.200s", path, code, body)
			}
		}
	}
}

// Lists and exports with hostile filters answer a clear error or an empty
// list: never a server error, never the hostile text unescaped.
func TestFieldListsWithHostileFilters(t *testing.T) {
	s, a, _ := fieldSite(t)
	c := s.signIn(t, "a-officer")
	tok := tokenOf(t, s, "a-officer")
	script := "<script>alert(1)</script>"
	long := strings.Repeat("村", 5000)
	values := []string{script, long, "-1", "99999999999999999999", "' OR 1=1 --", "%00", "2017-13-45", "\x00", "\xff\xfe", "０"}
	// A NUL byte or bytes that are not UTF-8 fail a PostgreSQL query: the
	// store answers it as invalid input (400), never 500.
	lists := map[string][]string{
		"/surveys":                 {"plan", "unit", "village", "category", "status", "from", "to", "offset", "mine"},
		"/surveys/gather":          {"plan", "unit", "status", "from", "to"},
		"/surveys/export.xlsx":     {"village", "status", "from"},
		"/inspections":             {"plan", "unit", "campaign", "from", "to", "village", "action", "offset"},
		"/inspections/export.xlsx": {"village", "from"},
		"/samplings":               {"plan", "unit", "campaign", "category", "village", "result", "from", "to", "offset"},
		"/samplings/rates":         {"plan", "unit", "from", "to"},
		"/samplings/export.xlsx":   {"result", "village"},
		"/actions":                 {"plan", "unit", "status", "done_from", "done_to", "offset"},
		"/actions/export.xlsx":     {"status"},
		"/publicity":               {"plan", "unit", "channel", "campaign", "action", "from", "to", "offset"},
		"/publicity/export.xlsx":   {"channel"},
		"/field":                   {"plan"},
		"/clues":                   {"plan", "q"},
		"/entities":                {"q"},
		"/api/v1/surveys":          {"plan", "unit", "village", "status", "from", "limit", "offset"},
		"/api/v1/inspections":      {"plan", "unit", "campaign", "from", "limit", "offset"},
		"/api/v1/samplings":        {"plan", "result", "village", "from", "limit", "offset"},
		"/api/v1/samplings/rates":  {"plan", "from"},
		"/api/v1/actions":          {"plan", "status", "done_from", "limit", "offset"},
		"/api/v1/publicity":        {"plan", "channel", "from", "limit", "offset"},
	}
	for path, names := range lists {
		for _, n := range names {
			for _, v := range values {
				u := path + "?" + url.Values{n: {v}}.Encode()
				var code int
				var body string
				if strings.HasPrefix(u, "/api/") {
					code, body = apiDo(t, s, tok, "GET", u, "")
				} else {
					r, b := c.get(t, u)
					code, body = r.StatusCode, b
				}
				if code >= 500 || (code != 200 && code != 400 && code != 404) {
					t.Errorf("%s?%s=%.20q: %d %.200s", path, n, v, code, body)
				}
				if strings.Contains(body, script) {
					t.Errorf("%s?%s: the script comes back unescaped", path, n)
				}
				if n == "unit" && code == 200 && strings.Contains(body, "乙") {
					t.Errorf("%s?unit=%.20q: unit %s's reader gets another unit's record", path, v, a.key)
				}
			}
		}
	}
	// A limit larger than the API allows is capped, not obeyed.
	for _, p := range []string{"/api/v1/surveys", "/api/v1/inspections", "/api/v1/samplings", "/api/v1/actions", "/api/v1/publicity"} {
		if code, body := apiDo(t, s, tok, "GET", p+"?limit=100000000", ""); code != 200 && code != 400 {
			t.Errorf("%s?limit=100000000: %d %.200s", p, code, body)
		}
	}
}

// A post from another site is refused on every field-work form, before
// anything is written.
func TestFieldFormsRefuseCrossSitePosts(t *testing.T) {
	s, a, _ := fieldSite(t)
	c := s.signIn(t, "office")
	id := func(n int64) string { return fmt.Sprint(n) }
	for _, p := range []string{"/surveys", "/surveys/" + id(a.survey) + "/clue", "/surveys/" + id(a.survey) + "/clear",
		"/inspections", "/inspections/" + id(a.inspection), "/inspections/" + id(a.inspection) + "/clue", "/inspections/import",
		"/settings/checklists", "/samplings", "/samplings/" + id(a.sampling), "/samplings/import",
		"/actions", "/actions/" + id(a.action), "/actions/" + id(a.action) + "/force", "/clues/" + id(a.clue) + "/action",
		"/cases/" + id(a.kase) + "/action", "/publicity", "/publicity/" + id(a.publicity)} {
		for _, h := range []map[string]string{{"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"}} {
			req, _ := http.NewRequest("POST", s.URL+p, strings.NewReader("name=x"))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			for k, v := range h {
				req.Header.Set(k, v)
			}
			resp, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusForbidden {
				t.Errorf("POST %s with %v: %d", p, h, resp.StatusCode)
			}
		}
	}
	if code := countAudit(t, s, "survey.clue") + countAudit(t, s, "action.update") + countAudit(t, s, "publicity.update"); code != 0 {
		t.Errorf("a refused post was written: %d audit records", code)
	}
}

func countAudit(t *testing.T, s *site, action string) int {
	t.Helper()
	es, err := s.db.AuditLog(context.Background(), storeAuditFilter(action))
	if err != nil {
		t.Fatal(err)
	}
	return len(es)
}

// Another unit's record, a role that may only read and a supervisor on a
// department's work are refused on every write of the pages and the API;
// nothing changes.
func TestFieldWritesRefuseAnotherUnitsRecordsAndReadOnlyRoles(t *testing.T) {
	s, a, b := fieldSite(t)
	id := func(n int64) string { return fmt.Sprint(n) }
	bi, err := s.db.Inspection(context.Background(), b.inspection)
	if err != nil || len(bi.Entities) == 0 {
		t.Fatalf("B's inspection: %+v %v", bi, err)
	}
	bEntity := id(bi.Entities[0].EntityID)
	type attempt struct {
		who, path string
		form      url.Values
	}
	var tries []attempt
	for _, who := range []string{"a-officer", "a-head", "a-super", "leader"} {
		tries = append(tries,
			attempt{who, "/surveys/" + id(b.survey) + "/clue", nil},
			attempt{who, "/surveys/" + id(b.survey) + "/clear", url.Values{"note": {"x"}}},
			attempt{who, "/inspections/" + id(b.inspection), url.Values{"place": {"x"}}},
			attempt{who, "/inspections/" + id(b.inspection) + "/clue", url.Values{"entity_id": {bEntity}}},
			attempt{who, "/samplings/" + id(b.sampling), url.Values{"product": {"x"}}},
			attempt{who, "/actions/" + id(b.action), url.Values{"name": {"x"}}},
			attempt{who, "/actions/" + id(a.action), url.Values{"name": {"x"}}},
			attempt{who, "/actions/" + id(b.action) + "/force", url.Values{"unit": {b.key}, "staff": {"9"}, "vehicles": {"9"}}},
			attempt{who, "/publicity/" + id(b.publicity), url.Values{"title": {"x"}}},
			attempt{who, "/clues/" + id(b.clue) + "/action", url.Values{"action_id": {id(a.action)}}},
			attempt{who, "/cases/" + id(b.kase) + "/action", url.Values{"action_id": {id(a.action)}}},
		)
	}
	// A supervisor may not report a department's force, a leader nothing.
	tries = append(tries, attempt{"a-super", "/actions/" + id(a.action) + "/force", url.Values{"unit": {a.key}, "staff": {"9"}, "vehicles": {"9"}}},
		attempt{"a-super", "/samplings", url.Values{"product": {"x"}}},
		attempt{"leader", "/actions/" + id(a.action) + "/force", url.Values{"unit": {a.key}, "staff": {"9"}, "vehicles": {"9"}}},
		attempt{"leader", "/surveys", lampFinding()}, attempt{"leader", "/inspections", url.Values{"place": {"x"}}},
		attempt{"leader", "/samplings", url.Values{"product": {"x"}}}, attempt{"leader", "/actions", url.Values{"name": {"x"}}},
		attempt{"leader", "/publicity", url.Values{"title": {"x"}}}, attempt{"leader", "/settings/checklists", url.Values{"campaign": {"7"}}},
		attempt{"a-officer", "/settings/checklists", url.Values{"campaign": {"7"}, "items": {"x"}}})
	clients := map[string]*browserClient{}
	for _, tr := range tries {
		c := clients[tr.who]
		if c == nil {
			c = s.signIn(t, tr.who)
			clients[tr.who] = c
		}
		r, body := c.postNoFollow(t, tr.path, tr.form)
		if r.StatusCode != http.StatusForbidden && r.StatusCode != http.StatusNotFound {
			t.Errorf("%s POST %s: %d %s %.200s", tr.who, tr.path, r.StatusCode, r.Header.Get("Location"), body)
		}
	}
	for _, p := range []string{"/api/v1/surveys", "/api/v1/inspections", "/api/v1/samplings", "/api/v1/actions", "/api/v1/publicity"} {
		if code, body := apiDo(t, s, tokenOf(t, s, "leader"), "POST", p, `{}`); code != http.StatusForbidden {
			t.Errorf("leader POST %s: %d %.200s", p, code, body)
		}
	}
	tok := tokenOf(t, s, "a-officer")
	for _, w := range []struct{ method, path string }{
		{"PUT", "/api/v1/inspections/" + id(b.inspection)}, {"POST", "/api/v1/inspections/" + id(b.inspection) + "/clue"},
		{"PUT", "/api/v1/samplings/" + id(b.sampling)}, {"PUT", "/api/v1/actions/" + id(b.action)}, {"PUT", "/api/v1/actions/" + id(a.action)},
		{"POST", "/api/v1/actions/" + id(b.action) + "/force"}, {"PUT", "/api/v1/publicity/" + id(b.publicity)},
		{"POST", "/api/v1/surveys/" + id(b.survey) + "/clue"}, {"POST", "/api/v1/surveys/" + id(b.survey) + "/clear"},
	} {
		if code, body := apiDo(t, s, tok, w.method, w.path, `{}`); code != http.StatusForbidden && code != http.StatusNotFound {
			t.Errorf("a-officer %s %s: %d %.200s", w.method, w.path, code, body)
		}
	}
	if n := countAudit(t, s, "action.update") + countAudit(t, s, "action.force") + countAudit(t, s, "publicity.update") +
		countAudit(t, s, "sampling.update") + countAudit(t, s, "inspection.update") + countAudit(t, s, "survey.clue") + countAudit(t, s, "survey.clear"); n != 0 {
		t.Errorf("%d refused writes were recorded", n)
	}
}

// Hostile text typed into a finding, a joint action and a publicity
// activity is shown as text on every page that shows it, in both
// languages: never as markup.
func TestFieldPagesEscapeHostileText(t *testing.T) {
	s, a, _ := fieldSite(t)
	office := s.signIn(t, "office")
	super := s.signIn(t, "a-super")
	const x = `<script>alert(1)</script>`
	const y = `<img src=x onerror=alert(1)>`
	f := lampFinding()
	f.Set("entity_name", "店"+x)
	f.Set("description", "描述"+x)
	f.Set("village", "村"+x)
	f.Set("entity_address", "址"+y)
	survey := recordSurvey(t, super, f)
	action := planAction(t, office, actionForm("name", "行动"+x, "arrangement", "安排"+y, "start", "2017-10-02", "end", "2017-10-04"))
	r, body := postPublicity(t, super, map[string]string{"plan": "zs-gangkou-2017", "on": "2017-09-20", "channel": "leaflet",
		"title": "宣传" + x + y, "place": "地点" + y, "people": "5"})
	m := publicityPathRE.FindStringSubmatch(r.Request.URL.Path)
	if m == nil {
		t.Fatalf("publicity: %d %.300s", r.StatusCode, body)
	}
	pages := map[*browserClient][]string{
		super: {"/field", "/surveys", fmt.Sprintf("/surveys/%d", survey), "/surveys/gather", "/publicity", "/publicity/" + m[1], "/publicity/" + m[1] + "/edit", "/"},
		office: {"/field", "/surveys", fmt.Sprintf("/surveys/%d", survey), "/surveys/gather", "/actions", "/actions/" + action, "/actions/" + action + "/edit",
			"/publicity", "/publicity/" + m[1], fmt.Sprintf("/clues/%d", a.clue), "/plans/zs-gangkou-2017"},
	}
	for c, ps := range pages {
		for _, p := range ps {
			for _, lang := range []string{"zh", "en"} {
				sep := map[bool]string{true: "&", false: "?"}[strings.Contains(p, "?")]
				r, body := c.get(t, p+sep+"lang="+lang)
				if r.StatusCode != 200 {
					t.Errorf("%s: %d", p, r.StatusCode)
				}
				if strings.Contains(body, "<script>alert") || strings.Contains(body, "<img src=x") {
					t.Errorf("%s (%s) shows the hostile text as markup", p, lang)
				}
				if (strings.Contains(p, "/surveys/") || strings.Contains(p, "/actions/") || strings.Contains(p, "/publicity/")) && !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
					t.Errorf("%s (%s) does not show the hostile text as text", p, lang)
				}
			}
		}
	}
	tok := tokenOf(t, s, "office")
	for _, p := range []string{"/api/v1/surveys", "/api/v1/actions", "/api/v1/publicity"} {
		if _, body := apiDo(t, s, tok, "GET", p, ""); strings.Contains(body, "<script>") {
			t.Errorf("%s: JSON with raw markup (not \\u003c)", p)
		}
	}
}

// A unit may tag its clue, its case or its publicity only with a joint
// action it takes part in: another unit's action is refused and nothing
// is tagged.
func TestFieldTagsRefuseAnotherUnitsAction(t *testing.T) {
	s, a, b := fieldSite(t)
	c := s.signIn(t, "a-officer")
	id := func(n int64) string { return fmt.Sprint(n) }
	for _, p := range []string{"/clues/" + id(a.clue) + "/action", "/cases/" + id(a.kase) + "/action"} {
		r, body := c.postNoFollow(t, p, url.Values{"action_id": {id(b.action)}})
		if r.StatusCode < 400 || r.StatusCode >= 500 {
			t.Errorf("POST %s with unit %s's action: %d %s %.200s", p, b.key, r.StatusCode, r.Header.Get("Location"), body)
		}
	}
	r, body := postPublicity(t, c, map[string]string{"plan": "zs-gangkou-2017", "on": "2017-10-03", "channel": "leaflet",
		"title": "借用他单位行动", "people": "5", "action_id": id(b.action)})
	if r.StatusCode == 200 && publicityPathRE.MatchString(r.Request.URL.Path) {
		t.Errorf("publicity tagged with unit %s's action: %s %.200s", b.key, r.Request.URL, body)
	}
	_, list := s.signIn(t, "office").get(t, "/publicity?action="+id(b.action))
	if strings.Contains(list, "借用他单位行动") {
		t.Errorf("unit %s's publicity counts in unit %s's action", a.key, b.key)
	}
}

// Oversized input is refused whole, with nothing written: a JSON body over
// the API's limit, a text over its field's length, a picture too large in
// pixels or one photo too many; the server keeps answering.
func TestFieldInputsAreBounded(t *testing.T) {
	s, _, _ := fieldSite(t)
	tok := tokenOf(t, s, "office")
	huge := `{"name":"` + strings.Repeat("x", 300<<10) + `"}`
	for _, p := range []string{"/api/v1/surveys", "/api/v1/inspections", "/api/v1/samplings", "/api/v1/actions", "/api/v1/publicity"} {
		if code, body := apiDo(t, s, tok, "POST", p, huge); code != http.StatusRequestEntityTooLarge && code != http.StatusBadRequest {
			t.Errorf("POST %s of 300 KB: %d %.200s", p, code, body)
		}
	}
	super := s.signIn(t, "a-super")
	long := lampFinding()
	long.Set("description", strings.Repeat("长", 20_000))
	long.Set("village", strings.Repeat("村", 51))
	if r, body := postSurvey(t, super, long); r.StatusCode != http.StatusBadRequest {
		t.Errorf("a finding with texts over their lengths: %d %.200s", r.StatusCode, problemsOf(body))
	}
	bomb := phototest.BombPNG(40_000_000, 1)
	if r, _ := postSurvey(t, super, lampFinding(), bomb); r.StatusCode != http.StatusBadRequest {
		t.Errorf("a finding with a decompression bomb: %d", r.StatusCode)
	}
	var six [][]byte
	for i := 0; i < dajia.MaxSurveyPhotos+1; i++ {
		six = append(six, jpegWithEXIF(t))
	}
	if r, _ := postSurvey(t, super, lampFinding(), six...); r.StatusCode != http.StatusBadRequest {
		t.Errorf("a finding with %d photos: %d", len(six), r.StatusCode)
	}
	pub := map[string]string{"plan": "zs-gangkou-2017", "on": "2017-09-20", "channel": "leaflet", "title": "超限宣传", "people": "5"}
	if r, _ := postPublicity(t, super, pub, six...); r.StatusCode != http.StatusBadRequest {
		t.Errorf("publicity with %d photos: %d", len(six), r.StatusCode)
	}
	if r, _ := postPublicity(t, super, pub, bomb); r.StatusCode != http.StatusBadRequest {
		t.Errorf("publicity with a decompression bomb: %d", r.StatusCode)
	}
	pub["people"] = "99999999999999999999"
	if r, _ := postPublicity(t, super, pub); r.StatusCode != http.StatusBadRequest {
		t.Errorf("publicity reaching 10^20 people: %d", r.StatusCode)
	}
	for _, p := range []string{"/api/v1/surveys", "/api/v1/publicity"} {
		_, body := apiDo(t, s, tok, "GET", p, "")
		if strings.Contains(body, "超限宣传") || strings.Count(body, `"id"`) > 2 {
			t.Errorf("%s: a refused record was written: %.300s", p, body)
		}
	}
}

// A spreadsheet whose cells (and name) hold markup is refused cell by cell
// with the markup shown as text, on both imports.
func TestFieldImportsEscapeHostileCells(t *testing.T) {
	s, _, _ := fieldSite(t)
	c := s.signIn(t, "a-officer")
	const x = `<script>alert(1)</script>`
	// Samplings: a category, a date and a result that are markup.
	tpl := c.getXLSX(t, "/samplings/template.xlsx")
	sheet := tpl.GetSheetList()[0]
	tpl.SetSheetRow(sheet, "A2", &[]any{x, x, x, "", "", "", x, "", x, "", "", "", x})
	var b bytes.Buffer
	tpl.Write(&b)
	r, body := upload(t, c, x+".xlsx", b.Bytes())
	if r.StatusCode != http.StatusBadRequest || strings.Contains(body, x) || !strings.Contains(body, "I2") {
		t.Errorf("sampling import of markup: %d, raw markup %v: %s", r.StatusCode, strings.Contains(body, x), problemsOf(body))
	}
	// Inspections: markup in every cell of a row.
	row := make([]any, 12)
	for i := range row {
		row[i] = x
	}
	r, body = postFile(t, c, "/inspections/import", fillTemplate(t, c, [][]any{row}))
	if r.StatusCode != http.StatusBadRequest || strings.Contains(body, x) {
		t.Errorf("inspection import of markup: %d, raw markup %v", r.StatusCode, strings.Contains(body, x))
	}
	for _, p := range []string{"/samplings", "/inspections"} {
		_, list := c.get(t, p)
		if strings.Contains(list, "alert(1)") {
			t.Errorf("%s: a refused import was stored", p)
		}
	}
}
