package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"dajia"
	"dajia/app"
)

var samplingPathRE = regexp.MustCompile(`^/samplings/(\d+)$`)

// samplingSite is the reporting site with a producer and a seller.
func samplingSite(t *testing.T) (*site, map[string]*browserClient, dajia.Entity, dajia.Entity) {
	t.Helper()
	s, c := reportingSite(t, "2017-09-29")
	a := testApp(t, s.db, dajia.FixedDayClock{Day: dajia.MustDate("2017-09-29")})
	office := dajia.Actor{UserID: 1, Name: "office", Role: dajia.RoleOffice}
	p, err := a.CreateEntity(context.Background(), office, app.EntityInput{Name: "港口镇某灯饰厂", Kind: dajia.KindProducer, Village: "沙港村"})
	if err != nil {
		t.Fatal(err)
	}
	se, err := a.CreateEntity(context.Background(), office, app.EntityInput{Name: "港口镇某商行", Kind: dajia.KindGrocer, Village: "群众村"})
	if err != nil {
		t.Fatal(err)
	}
	return s, c, p, se
}

func samplingForm(kv ...string) map[string]string {
	f := map[string]string{"plan": "zs-gangkou-2017", "category": "灯具", "product": "LED台灯", "brand": "光明", "sampled_on": "2017-09-10",
		"lab": "中山市质量计量监督检测所", "result": "passed"}
	for i := 0; i < len(kv); i += 2 {
		f[kv[i]] = kv[i+1]
	}
	return f
}

// newSampling records a sampling on the form as c and answers its id.
func newSampling(t *testing.T, c *browserClient, f map[string]string) string {
	t.Helper()
	v := form()
	for k, x := range f {
		v.Set(k, x)
	}
	r, body := c.post(t, "/samplings", v)
	m := samplingPathRE.FindStringSubmatch(r.Request.URL.Path)
	if r.StatusCode != 200 || m == nil {
		t.Fatalf("new sampling: %d %s %.2000s", r.StatusCode, r.Request.URL, body)
	}
	return m[1]
}

// A unit records a failed lamp on the form: its page shows the objection
// window and the two clues; another unit sees none of it on the list, the
// page, the export or the API; the office and the leader read it; the
// unit's form shows every problem at once.
func TestSamplingPagesByRoleAndUnit(t *testing.T) {
	s, c, producer, seller := samplingSite(t)
	ctx := context.Background()
	id := newSampling(t, c["other"], samplingForm("result", "failed", "failed_items", "防触电保护", "notified_on", "2017-09-20",
		"producer_id", fmt.Sprint(producer.ID), "seller_id", fmt.Sprint(seller.ID)))
	page := c["other"].mustGet(t, "/samplings/"+id)
	for _, want := range []string{"复检申请期内", "还有 10 天", "2017年10月9日", "无 3C", "港口镇某灯饰厂", "港口镇某商行", `id="clues"`, "修改抽检记录"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	// The quality bureau may open its own clue, not the market bureau's.
	clues, err := s.db.CluesOfSampling(ctx, mustID(t, id))
	if err != nil || len(clues) != 2 {
		t.Fatalf("clues %v %v", clues, err)
	}
	for _, cl := range clues {
		link := fmt.Sprintf(`href="/clues/%d"`, cl.ID)
		if strings.Contains(page, link) != (cl.LeadUnit == "zjfj") {
			t.Errorf("clue %d of %s linked: %v", cl.ID, cl.LeadUnit, strings.Contains(page, link))
		}
	}
	if !strings.Contains(page, "已移交工商分局") || strings.Count(page, "待决定是否立案") != 1 {
		t.Error("the other unit's clue is shown by more than its unit")
	}
	if r, _ := c["officer"].get(t, "/samplings/"+id); r.StatusCode != 404 {
		t.Errorf("another unit read the page: %d", r.StatusCode)
	}
	gsID := newSampling(t, c["officer"], samplingForm("category", "服装", "product", "衬衫", "seller_id", fmt.Sprint(seller.ID)))
	for _, tt := range []struct {
		who        string
		see, other bool
	}{{"other", true, false}, {"officer", false, true}, {"head", false, true}, {"office", true, true}, {"leader", true, true}} {
		list := c[tt.who].mustGet(t, "/samplings")
		if strings.Contains(list, `href="/samplings/`+id+`"`) != tt.see || strings.Contains(list, `href="/samplings/`+gsID+`"`) != tt.other {
			t.Errorf("%s's list: sees %s %v, %s %v", tt.who, id, !tt.see, gsID, !tt.other)
		}
		x := c[tt.who].getXLSX(t, "/samplings/export.xlsx")
		rows, _ := x.GetRows(x.GetSheetList()[0])
		n := len(rows) - 1
		want := 0
		if tt.see {
			want++
		}
		if tt.other {
			want++
		}
		if n != want {
			t.Errorf("%s's export holds %d rows, want %d", tt.who, n, want)
		}
	}
	// The leader reads but gets no form.
	if lp := c["leader"].mustGet(t, "/samplings/"+id); strings.Contains(lp, "修改抽检记录") || strings.Contains(lp, "登记抽检</a>") {
		t.Error("the leader got a form")
	}
	if r, _ := c["leader"].get(t, "/samplings/new"); r.StatusCode != 403 {
		t.Errorf("the leader's new form: %d", r.StatusCode)
	}
	// Filters: the 3C flag and the result.
	if l := c["office"].mustGet(t, "/samplings?ccc=1"); !strings.Contains(l, "共 1 条抽检记录") {
		t.Error("the 3C filter")
	}
	if l := c["office"].mustGet(t, "/samplings?result=passed&category=服装"); !strings.Contains(l, "共 1 条抽检记录") {
		t.Error("the result filter")
	}

	// Every problem at once, as typed.
	r, body := c["officer"].post(t, "/samplings", form("plan", "zs-gangkou-2017", "category", "灯具", "product", "", "sampled_on", "2017-10-30",
		"result", "failed", "brand", "<script>x</script>"))
	if r.StatusCode != 400 || strings.Count(body, `class="field-error"`) < 4 || !strings.Contains(body, "生产者和销售者至少选择一个") ||
		!strings.Contains(body, "&lt;script&gt;") {
		t.Errorf("bad form: %d %d errors", r.StatusCode, strings.Count(body, `class="field-error"`))
	}

	// The pass rates link every figure to its list.
	rates := c["office"].mustGet(t, "/samplings/rates?from=2017-09-01&to=2017-09-30")
	for _, want := range []string{"50.0%", `href="/samplings?campaign=7&amp;from=2017-09-01&amp;plan=zs-gangkou-2017&amp;result=failed&amp;to=2017-09-30"`,
		`href="/samplings?from=2017-09-01&amp;plan=zs-gangkou-2017&amp;result=passed&amp;to=2017-09-30&amp;village=%E7%BE%A4%E4%BC%97%E6%9D%91"`} {
		if !strings.Contains(rates, want) {
			t.Errorf("rates lack %s", want)
		}
	}
	if zr := c["other"].mustGet(t, "/samplings/rates"); !strings.Contains(zr, "0.0%") || strings.Contains(zr, "100.0%") {
		t.Error("the quality bureau's rates count another unit's sample")
	}

	// The unit edits while the window runs: the objection, then the
	// re-test closes it; the unit can no longer post.
	f := samplingForm("result", "failed", "failed_items", "防触电保护", "notified_on", "2017-09-20", "producer_id", fmt.Sprint(producer.ID),
		"seller_id", fmt.Sprint(seller.ID), "objected", "1", "objected_on", "2017-09-25", "retest_result", "passed")
	v := form()
	for k, x := range f {
		v.Set(k, x)
	}
	if r, body := c["other"].post(t, "/samplings/"+id, v); r.StatusCode != 200 || !strings.Contains(body, "复检已完成") {
		t.Fatalf("re-test: %d", r.StatusCode)
	}
	if r, _ := c["other"].post(t, "/samplings/"+id, v); r.StatusCode != 403 {
		t.Errorf("a closed sampling posted by its unit: %d", r.StatusCode)
	}
	if r, _ := c["officer"].post(t, "/samplings/"+id, v); r.StatusCode != 404 {
		t.Errorf("another unit posted: %d", r.StatusCode)
	}
}

func mustID(t *testing.T, s string) int64 {
	t.Helper()
	var id int64
	if _, err := fmt.Sscan(s, &id); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestSamplingAPIFollowsThePagesRules(t *testing.T) {
	s, _, producer, seller := samplingSite(t)
	ctx := context.Background()
	gsUser, _ := s.db.UserByName(ctx, "gs-officer")
	gs, _ := newTokenFor(t, s, gsUser.ID)
	zjUser, _ := s.db.UserByName(ctx, "zj-officer")
	zj, _ := newTokenFor(t, s, zjUser.ID)
	body := map[string]any{"category": "灯具", "product": "LED台灯", "sampled_on": "2017-09-10", "result": "failed", "failed_items": "标记",
		"producer_id": producer.ID, "seller_id": seller.ID, "action_id": testAction(t, s)}
	code, out := s.apiJSON(t, "POST", "/api/v1/samplings", zj, body)
	if code != 201 || out["unit"] != "zjfj" || out["campaign_no"] != float64(7) || out["ccc_missing"] != true || out["action_id"] != float64(body["action_id"].(int64)) {
		t.Fatalf("create: %d %v", code, out)
	}
	clues, _ := out["clues"].([]any)
	if len(clues) != 2 {
		t.Fatalf("clues %v", out["clues"])
	}
	id := fmt.Sprint(out["id"])
	if code, out := s.apiJSON(t, "GET", "/api/v1/samplings/"+id, gs, nil); code != 404 {
		t.Fatalf("another unit read it: %d %v", code, out)
	}
	code, out = s.apiJSON(t, "POST", "/api/v1/samplings", gs, map[string]any{"category": "火箭", "result": "maybe", "sampled_on": "2017-09-40"})
	fields, _ := out["error"].(map[string]any)["fields"].([]any)
	if code != 400 || len(fields) < 4 {
		t.Fatalf("bad create: %d %v", code, out)
	}
	for _, tt := range []struct {
		token, q string
		want     int
	}{{zj, "", 1}, {gs, "", 0}, {gs, "?unit=zjfj", 0}, {s.token, "", 1}, {s.token, "?unit=gsfj", 0}, {s.token, "?ccc=true&campaign=7", 1},
		{s.token, "?result=passed", 0}} {
		code, out := s.apiJSON(t, "GET", "/api/v1/samplings"+tt.q, tt.token, nil)
		if code != 200 || out["total"] != float64(tt.want) {
			t.Errorf("list %s: %d %v", tt.q, code, out["total"])
		}
	}
	if code, out := s.apiJSON(t, "GET", "/api/v1/samplings?ccc=perhaps", zj, nil); code != 400 {
		t.Errorf("bad filter: %d %v", code, out)
	}
	body["notified_on"], body["certificate"] = "2017-09-25", "2017010701000001"
	code, out = s.apiJSON(t, "PUT", "/api/v1/samplings/"+id, zj, body)
	win, _ := out["objection_window"].(map[string]any)
	if code != 200 || out["ccc_missing"] != false || win["state"] != "open" || win["due"] != "2017-10-10" {
		t.Fatalf("update: %d %v", code, out)
	}
	if code, _ := s.apiJSON(t, "PUT", "/api/v1/samplings/"+id, gs, body); code != 404 {
		t.Errorf("another unit's update: %d", code)
	}
	if cl, _ := s.db.CluesOfSampling(ctx, mustID(t, id)); len(cl) != 2 {
		t.Errorf("the update gave clues again: %d", len(cl))
	}
	code, out = s.apiJSON(t, "GET", "/api/v1/samplings/rates", s.token, nil)
	all, _ := out["all"].(map[string]any)
	if code != 200 || all["failed"] != float64(1) || all["rate"] != float64(0) {
		t.Errorf("rates: %d %v", code, out)
	}
}

// upload posts a file to the import as c.
func upload(t *testing.T, c *browserClient, name string, data []byte) (*http.Response, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	mw.WriteField("plan", "zs-gangkou-2017")
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	resp, err := c.Post(c.base+"/samplings/import", mw.FormDataContentType(), &b)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

func xlsxBytes(t *testing.T, x *excelize.File) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := x.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestSamplingExcelRoundTripAndBrokenFiles(t *testing.T) {
	s, c, producer, seller := samplingSite(t)
	x := c["other"].getXLSX(t, "/samplings/template.xlsx")
	sheet := x.GetSheetList()[0]
	head, _ := x.GetRows(sheet)
	if len(head) != 1 || head[0][0] != "抽样单位" || head[0][6] != "生产者（编号或统一社会信用代码）" {
		t.Fatalf("template head %v", head)
	}
	x.SetSheetRow(sheet, "A2", &[]any{"", "灯具", "LED台灯", "光明", "TD-12", "20170801", fmt.Sprint(producer.ID), fmt.Sprint(seller.ID),
		"2017-09-10", "中山市质量计量监督检测所", "GB 7000.1-2015", "标记", "不合格", "防触电保护", "", fmt.Sprint(testAction(t, s)), "2017-09-20", "否", "", "", "备注"})
	x.SetSheetRow(sheet, "A4", &[]any{"质监分局", "玩具", "童车", "", "", "", fmt.Sprint(producer.ID), "", "2017-09-11", "", "", "", "合格"})
	good := xlsxBytes(t, x)

	// Broken cells: every one named by row and column, nothing stored.
	x.SetSheetRow(sheet, "A5", &[]any{"工商分局", "火箭", "", "", "", "", "999999", "", "2017-13-01", "", "", "", "也许", "", "", "-1", "", "可能"})
	r, body := upload(t, c["other"], "bad.xlsx", xlsxBytes(t, x))
	for _, want := range []string{"I5（抽样日期）", "M5（检验结论）", "P5（统一集中行动编号）", "R5（是否申请复检）"} {
		if r.StatusCode != 400 || !strings.Contains(body, want) {
			t.Errorf("bad cells: %d lacks %s", r.StatusCode, want)
		}
	}
	if n := countSamplings(t, s); n != 0 {
		t.Fatalf("a broken file stored %d", n)
	}
	// Cells only the use case can judge: another unit, an unknown
	// category and entity, no product.
	x.SetSheetRow(sheet, "A5", &[]any{"工商分局", "火箭", "", "", "", "", "999999", "", "2017-09-01", "", "", "", "合格", "", "", "", "", "", "", "", ""})
	r, body = upload(t, c["other"], "bad.xlsx", xlsxBytes(t, x))
	for _, want := range []string{"A5（抽样单位）", "B5（产品类别）", "C5（样品名称）", "G5（生产者（编号或统一社会信用代码））"} {
		if r.StatusCode != 400 || !strings.Contains(body, want) {
			t.Errorf("bad rows: %d lacks %s: %s", r.StatusCode, want, problemsOf(body))
		}
	}
	if n := countSamplings(t, s); n != 0 {
		t.Fatalf("a file with a bad row stored %d", n)
	}
	for _, tt := range []struct {
		name string
		data []byte
		want string
	}{
		{"not a spreadsheet", []byte("PK\x03\x04 this is no zip"), "文件不是有效的 Excel（xlsx）文件"},
		{"too big", bytes.Repeat([]byte("x"), 5<<20+10), "请选择不超过 5 MB 的 Excel 文件"},
		{"wrong headers", func() []byte {
			y := excelize.NewFile()
			y.SetSheetRow("Sheet1", "A1", &[]any{"单位", "类别"})
			return xlsxBytes(t, y)
		}(), "A1（抽样单位）"},
		{"empty", xlsxBytes(t, excelize.NewFile()), "表格中没有抽检记录"},
	} {
		r, body := upload(t, c["other"], "f.xlsx", tt.data)
		if r.StatusCode != 400 || !strings.Contains(body, tt.want) {
			t.Errorf("%s: %d lacks %q", tt.name, r.StatusCode, tt.want)
		}
	}
	if r, _ := upload(t, c["leader"], "f.xlsx", good); r.StatusCode != 403 {
		t.Errorf("the leader imported: %d", r.StatusCode)
	}

	r, body = upload(t, c["other"], "good.xlsx", good)
	if r.StatusCode != 200 || !strings.Contains(body, "已导入 2 条抽检记录") {
		t.Fatalf("import: %d %s", r.StatusCode, problemsOf(body))
	}
	// Round trip: the export, uploaded again, gives the same records.
	out := c["other"].getXLSX(t, "/samplings/export.xlsx")
	rows, _ := out.GetRows(out.GetSheetList()[0])
	if len(rows) != 3 {
		t.Fatalf("export rows %v", rows)
	}
	r, _ = upload(t, c["other"], "again.xlsx", xlsxBytes(t, out))
	if r.StatusCode != 200 {
		t.Fatalf("re-import: %d", r.StatusCode)
	}
	again := c["other"].getXLSX(t, "/samplings/export.xlsx")
	rows2, _ := again.GetRows(again.GetSheetList()[0])
	if len(rows2) != 5 {
		t.Fatalf("after re-import %d rows", len(rows2))
	}
	// The same 21 columns: each record and its copy (latest sampled
	// first, the copy before the original).
	for i, j := range []int{1, 1, 2, 2} {
		a, b := rows2[i+1], rows[j]
		if strings.Join(a[:21], "|") != strings.Join(b[:21], "|") {
			t.Errorf("row %d: %v != %v", i+1, a[:21], b[:21])
		}
	}
	// The other unit's export holds none of it.
	if o := c["officer"].getXLSX(t, "/samplings/export.xlsx"); len(mustRows(t, o)) != 1 {
		t.Error("another unit exported the quality bureau's samplings")
	}
}

func mustRows(t *testing.T, x *excelize.File) [][]string {
	t.Helper()
	rows, err := x.GetRows(x.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func countSamplings(t *testing.T, s *site) int {
	t.Helper()
	code, out := s.apiJSON(t, "GET", "/api/v1/samplings", s.token, nil)
	if code != 200 {
		t.Fatalf("count: %d", code)
	}
	return int(out["total"].(float64))
}

func problemsOf(body string) string {
	_, after, _ := strings.Cut(body, `role="alert"`)
	a, _, _ := strings.Cut(after, "<form")
	return a
}

// A small file that unzips to a sheet of hundreds of thousands of rows is
// refused at the row limit without holding the sheet: the import reads it
// row by row.
func TestSamplingImportOfAHugeSheetIsBounded(t *testing.T) {
	_, c, _, _ := samplingSite(t)
	x := excelize.NewFile()
	sw, err := x.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	tpl := c["other"].getXLSX(t, "/samplings/template.xlsx")
	rows, _ := tpl.GetRows(tpl.GetSheetList()[0])
	var head []any
	for _, h := range rows[0] {
		head = append(head, h)
	}
	sw.SetRow("A1", head)
	for r := 2; r <= 400_000; r++ {
		cell, _ := excelize.CoordinatesToCellName(1, r)
		sw.SetRow(cell, []any{"x"})
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	data := xlsxBytes(t, x)
	if len(data) > 5<<20 {
		t.Fatalf("the file is %d bytes: it must fit the upload limit to test the sheet", len(data))
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	r, body := upload(t, c["other"], "huge.xlsx", data)
	runtime.ReadMemStats(&after)
	if r.StatusCode != 400 || !strings.Contains(body, "一次最多导入") {
		t.Fatalf("huge sheet: %d %s", r.StatusCode, problemsOf(body))
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 200<<20 {
		t.Errorf("the import allocated %d MB for a sheet it refuses", grew>>20)
	}
}
