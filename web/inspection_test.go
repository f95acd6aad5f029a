package web_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"dajia"
	"dajia/store"
)

func inspectionSite(t *testing.T) (*site, map[string]*browserClient, dajia.Entity, dajia.Entity) {
	t.Helper()
	s, c := reportingSite(t, "2017-09-29")
	ctx := context.Background()
	shop, err := s.db.CreateEntity(ctx, testActor, dajia.Entity{Name: "港口镇某灯饰商行", Kind: dajia.KindGrocer, CreditCode: "91442000MA4UJ8HX5T"})
	if err != nil {
		t.Fatal(err)
	}
	works, err := s.db.CreateEntity(ctx, testActor, dajia.Entity{Name: "港口镇某灯具厂", Kind: dajia.KindProducer})
	if err != nil {
		t.Fatal(err)
	}
	return s, c, shop, works
}

// inspectionForm is the new-inspection form of a lamp inspection at shop,
// whose 3C mark is missing; the checklist items are campaign 7's defaults.
func inspectionForm(shop dajia.Entity) url.Values {
	f := form("plan", "zs-gangkou-2017", "inspected_on", "2017-09-28", "inspectors", "李明、王芳", "campaign_no", "7", "village", "港口村",
		"place", "兴港市场", "entity_a", itoa(shop.ID), "category_a", "灯具", "product_a", "LED灯", "finding_a", "LED灯无3C标志", "save", "1")
	f.Set("item_0", "营业执照")
	f.Set("item_1", "3C 标志")
	f.Set("check_a_0", "pass")
	f.Set("check_a_1", "fail")
	return f
}

func lastPathID(t *testing.T, r *http.Response, prefix string) int64 {
	t.Helper()
	p := r.Request.URL.Path
	if !strings.HasPrefix(p, prefix) {
		t.Fatalf("landed on %s, want %s…", p, prefix)
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(p, prefix), 10, 64)
	if err != nil {
		t.Fatalf("landed on %s", p)
	}
	return id
}

// An officer records an inspection on the form, sees its 3C flag and turns
// the finding into a clue of the campaign's circulation lead in one click,
// once; another unit finds nothing; a leader reads without the button.
func TestRecordingAnInspectionAndTurningItsFindingIntoAClue(t *testing.T) {
	s, c, shop, _ := inspectionSite(t)
	gs, zj, leader := c["officer"], c["other"], c["leader"]

	_, body := gs.get(t, "/inspections/new")
	if !strings.Contains(body, "检查对象 1") || !strings.Contains(body, `name="entity_a_q"`) || !strings.Contains(body, "营业执照") {
		t.Fatal("the new form lacks its first row or the checklist")
	}
	// 添加检查对象 shows the form again with another row, nothing saved.
	more := inspectionForm(shop)
	more.Del("save")
	more.Set("more", "1")
	r, body := gs.post(t, "/inspections", more)
	if r.StatusCode != 200 || !strings.Contains(body, "检查对象 2") || !strings.Contains(body, "LED灯无3C标志") {
		t.Fatalf("another row: %d", r.StatusCode)
	}
	// Every problem at its field at once, nothing saved.
	bad := inspectionForm(shop)
	bad.Set("inspected_on", "2017-09-30")
	bad.Set("inspectors", "")
	bad.Set("finding_a", "")
	r, body = gs.post(t, "/inspections", bad)
	if r.StatusCode != 400 || !strings.Contains(body, "检查日期不能晚于今天") || !strings.Contains(body, "请填写检查人员") ||
		!strings.Contains(body, "有不符合的检查项目，请写明发现的问题") || !strings.Contains(body, `aria-invalid="true"`) {
		t.Fatalf("validation: %d", r.StatusCode)
	}
	if n, _ := s.db.CountInspections(context.Background(), store.InspectionFilter{}); n.Total != 0 {
		t.Fatal("a refused form was stored")
	}

	r, body = gs.post(t, "/inspections", inspectionForm(shop))
	id := lastPathID(t, r, "/inspections/")
	if !strings.Contains(body, "LED灯无3C标志") || !strings.Contains(body, "未录 3C 证书") || !strings.Contains(body, "工商分局") ||
		!strings.Contains(body, "转为线索") {
		t.Fatal("the inspection's page lacks its finding, its 3C flag or the clue button")
	}
	page := "/inspections/" + itoa(id)
	if r, _ := zj.get(t, page); r.StatusCode != 404 {
		t.Fatalf("another unit: %d", r.StatusCode)
	}
	if r, _ := zj.post(t, page+"/clue", form("entity_id", itoa(shop.ID))); r.StatusCode != 404 {
		t.Fatalf("another unit's clue: %d", r.StatusCode)
	}
	if r, body := leader.get(t, page); r.StatusCode != 200 || strings.Contains(body, page+"/clue") || strings.Contains(body, page+"/edit") {
		t.Fatalf("the leader reads without steps: %d", r.StatusCode)
	}

	r, _ = gs.post(t, page+"/clue", form("entity_id", itoa(shop.ID)))
	clueID := lastPathID(t, r, "/clues/")
	clue, err := s.db.Clue(context.Background(), clueID)
	if err != nil {
		t.Fatal(err)
	}
	// 灯具 sold at a shop: the circulation lead, 工商分局, found it itself:
	// 15 working days from the inspection's day.
	if clue.LeadUnit != "gsfj" || clue.CampaignNo != 7 || clue.Source != dajia.ClueFromInspection || clue.SourceRef != itoa(id) ||
		clue.ReceivedOn.String() != "2017-09-28" || clue.Due.String() != "2017-10-25" || clue.EntityID != shop.ID {
		t.Fatalf("clue %+v", clue)
	}
	_, body = gs.get(t, page)
	if !strings.Contains(body, `/clues/`+itoa(clueID)+`"`) || strings.Contains(body, `action="`+page+`/clue"`) {
		t.Fatal("the page must link the clue and no longer offer the step")
	}
	r, body = gs.post(t, page+"/clue", form("entity_id", itoa(shop.ID)))
	if r.StatusCode != 400 || !strings.Contains(body, "这个问题已转为第 "+itoa(clueID)+" 号线索") {
		t.Fatalf("a second clue: %d", r.StatusCode)
	}

	// The recording unit edits; the row that became a clue keeps it.
	if r, _ := leader.get(t, page+"/edit"); r.StatusCode != 403 {
		t.Fatalf("a leader's edit form: %d", r.StatusCode)
	}
	r, body = gs.get(t, page+"/edit")
	if r.StatusCode != 200 || !strings.Contains(body, "LED灯无3C标志") || !strings.Contains(body, `action="`+page+`"`) {
		t.Fatalf("edit form: %d", r.StatusCode)
	}
	edit := inspectionForm(shop)
	edit.Set("cert_a", "2017010701000001")
	edit.Set("notes", "已责令下架")
	r, body = gs.post(t, page, edit)
	if r.StatusCode != 200 || r.Request.URL.Path != page || strings.Contains(body, "未录 3C 证书") || !strings.Contains(body, "已责令下架") ||
		!strings.Contains(body, `/clues/`+itoa(clueID)+`"`) {
		t.Fatalf("edit: %d %s", r.StatusCode, r.Request.URL.Path)
	}
	if r, _ := zj.post(t, page, edit); r.StatusCode != 404 {
		t.Fatalf("another unit's edit: %d", r.StatusCode)
	}
	recs, err := s.db.AuditLog(context.Background(), store.AuditFilter{Object: "inspection:" + itoa(id), Limit: 10})
	if err != nil || len(recs) != 3 || recs[0].Action != "inspection.update" || recs[1].Action != "inspection.clue" {
		t.Fatalf("audit %+v %v", recs, err)
	}
}

// A finding about a small appliance: campaign 6's lead is the city bureau,
// so a unit cannot send it and the office names the town unit.
func TestTheOfficeNamesTheLeadOfAFindingForAnUpperLevelCampaign(t *testing.T) {
	s, c, shop, _ := inspectionSite(t)
	f := inspectionForm(shop)
	f.Set("campaign_no", "6")
	f.Set("category_a", "小家电")
	f.Set("product_a", "电饭锅")
	f.Set("item_1", "3C 标志")
	r, body := c["officer"].post(t, "/inspections", f)
	id := lastPathID(t, r, "/inspections/")
	if !strings.Contains(body, "上级机关") || !strings.Contains(body, "请联系打假办指定承办单位") {
		t.Fatal("the page must say the office names the lead")
	}
	page := "/inspections/" + itoa(id)
	if r, body := c["officer"].post(t, page+"/clue", form("entity_id", itoa(shop.ID))); r.StatusCode != 400 || !strings.Contains(body, "请打假办指定承办单位") {
		t.Fatalf("a unit: %d", r.StatusCode)
	}
	r, _ = c["office"].post(t, page+"/clue", form("entity_id", itoa(shop.ID), "lead_unit", "zjfj"))
	clue, err := s.db.Clue(context.Background(), lastPathID(t, r, "/clues/"))
	if err != nil || clue.LeadUnit != "zjfj" || clue.CampaignNo != 6 || clue.ReceivedOn.String() != "2017-09-29" {
		t.Fatalf("the office's clue %+v %v", clue, err)
	}
	// The clue's lead reads the inspection behind it from the clue, and
	// neither edits it nor lists it as its own.
	zj := c["other"]
	if _, body := zj.get(t, "/clues/"+itoa(clue.ID)); !strings.Contains(body, `href="`+page+`"`) {
		t.Fatal("the clue must link its inspection")
	}
	if r, body := zj.get(t, page); r.StatusCode != 200 || !strings.Contains(body, "LED灯无3C标志") || strings.Contains(body, page+"/edit") {
		t.Fatalf("the clue's lead reads the inspection: %d", r.StatusCode)
	}
	if r, _ := zj.get(t, page+"/edit"); r.StatusCode != 403 {
		t.Fatalf("the clue's lead edits: %d", r.StatusCode)
	}
	if _, body := zj.get(t, "/inspections"); !strings.Contains(body, "没有符合条件的巡查检查") {
		t.Fatal("another unit's inspection is not on the clue lead's list")
	}
}

func TestTheInspectionListFilters(t *testing.T) {
	s, c, shop, works := inspectionSite(t)
	gs := c["officer"]
	for _, f := range []url.Values{inspectionForm(shop), inspectionForm(works)} {
		if r, _ := gs.post(t, "/inspections", f); r.StatusCode != 200 {
			t.Fatal(r.StatusCode)
		}
	}
	clean := inspectionForm(shop)
	clean.Set("inspected_on", "2017-09-20")
	clean.Set("village", "沙港村")
	clean.Set("cert_a", "C1")
	clean.Set("finding_a", "")
	clean.Set("check_a_1", "pass")
	if r, _ := gs.post(t, "/inspections", clean); r.StatusCode != 200 {
		t.Fatal(r.StatusCode)
	}
	for _, tt := range []struct {
		q    string
		want string
		not  string
	}{
		{"", "共 3 次检查", ""},
		{"?findings=1", "共 2 次检查", ""},
		{"?ccc=1", "共 2 次检查", ""},
		{"?village=" + url.QueryEscape("沙港村"), "共 1 次检查", "港口镇某灯具厂"},
		{"?from=2017-09-21&to=2017-09-29", "共 2 次检查", ""},
		{"?campaign=4", "没有符合条件的巡查检查", ""},
		{"?from=yesterday", "日期应为 YYYY-MM-DD", ""},
	} {
		r, body := gs.get(t, "/inspections"+tt.q)
		if r.StatusCode != 200 || !strings.Contains(body, tt.want) || (tt.not != "" && strings.Contains(body, tt.not)) {
			t.Errorf("%s: %d, want %q without %q", tt.q, r.StatusCode, tt.want, tt.not)
		}
	}
	_, body := c["other"].get(t, "/inspections")
	if !strings.Contains(body, "没有符合条件的巡查检查") {
		t.Error("another unit must see none")
	}
	x := gs.getXLSX(t, "/inspections/export.xlsx?findings=1")
	rows := sheetRows(t, x, "巡查检查台账")
	if len(rows) != 3 || rows[0][0] != "检查编号" || rows[1][11] != "是" || rows[1][12] != "3C 标志" {
		t.Fatalf("export %v", rows)
	}
	if recs, _ := s.db.AuditLog(context.Background(), store.AuditFilter{Object: "inspections", Limit: 5}); len(recs) != 1 || recs[0].Action != "inspection.export" {
		t.Fatalf("export audit %+v", recs)
	}
}

// postFile uploads a file as the import form does.
func postFile(t *testing.T, c *browserClient, path string, data []byte) (*http.Response, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("plan", "zs-gangkou-2017")
	fw, _ := mw.CreateFormFile("file", "巡查检查.xlsx")
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", c.base+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// fillTemplate downloads the import template and fills its rows.
func fillTemplate(t *testing.T, c *browserClient, rows [][]any) []byte {
	t.Helper()
	x := c.getXLSX(t, "/inspections/template.xlsx")
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := x.SetSheetRow("巡查检查", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if _, err := x.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Inspections come in from the spreadsheets units keep: the template,
// filled, goes in whole and comes back out in the export; a broken,
// oversized, wrongly headed or wrongly filled file stores nothing and says
// which cell is wrong.
func TestImportingInspectionsFromExcel(t *testing.T) {
	s, c, shop, works := inspectionSite(t)
	gs := c["officer"]
	count := func() int {
		n, err := s.db.CountInspections(context.Background(), store.InspectionFilter{})
		if err != nil {
			t.Fatal(err)
		}
		return n.Total
	}
	action := testAction(t, s)
	good := [][]any{
		{"2017-09-25", "", "李明、王芳", 7, "港口村", "兴港市场", shop.CreditCode, "灯具", "LED灯", "", "3C 标志、标签标识", "LED灯无3C标志", "", "导入"},
		// A date typed as an Excel date (a serial number) reads as its day.
		{time.Date(2017, 9, 26, 0, 0, 0, 0, time.UTC), "", "李明", "", "沙港村", "", works.Name, "", "", "", "", "", action, ""},
	}
	for _, tt := range []struct {
		name  string
		data  func() []byte
		cells []string
	}{
		{"not an Excel file", func() []byte { return []byte("检查日期,检查单位\n2017-09-25,工商分局\n") }, []string{"文件不是有效的 Excel（xlsx）文件"}},
		{"oversized", func() []byte { return bytes.Repeat([]byte("x"), 5<<20+10) }, []string{"请选择不超过 5 MB 的 Excel 文件"}},
		{"wrong header", func() []byte {
			x := excelize.NewFile()
			x.SetSheetName("Sheet1", "巡查检查")
			x.SetSheetRow("巡查检查", "A1", &[]any{"日期", "检查单位"})
			var b bytes.Buffer
			x.WriteTo(&b)
			return b.Bytes()
		}, []string{"A1（检查日期）：表头应为“检查日期”，而不是“日期”", "C1（检查人员）"}},
		{"no sheet", func() []byte {
			x := excelize.NewFile()
			var b bytes.Buffer
			x.WriteTo(&b)
			return b.Bytes()
		}, []string{"文件中没有“巡查检查”工作表"}},
		{"bad cells", func() []byte {
			return fillTemplate(t, gs, [][]any{
				good[0],
				{"9月25日", "某局", "", "七", "港口村", "", "不存在的商行", "军火", "", "", "", "", "-1", ""},
				{"2017-09-25", "", "李明", 7, "港口村", "", shop.Name, "灯具", "", "", "食品经营许可证", "", "", ""},
				{"2017-09-25", "质监分局", "李明", 7, "港口村", "", shop.Name},
			})
		}, []string{"A3（检查日期）", "B3（检查单位）：方案中没有单位“某局”", "C3（检查人员）：请填写检查人员", "D3（专项序号）：“七”不是正整数",
			"G3（市场主体（名称或统一社会信用代码））：没有名称或统一社会信用代码为“不存在的商行”的市场主体", "H3（产品类别）：方案中没有产品类别“军火”",
			"M3（集中行动编号）", "K4（不符合项目）：检查项目“食品经营许可证”不在本次检查的检查表中", "L4（发现的问题）：有不符合的检查项目", "B5（检查单位）：只能登记本单位的巡查检查"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r, body := postFile(t, gs, "/inspections/import", tt.data())
			if r.StatusCode != 400 {
				t.Fatalf("%d", r.StatusCode)
			}
			for _, cell := range tt.cells {
				if !strings.Contains(body, cell) {
					t.Errorf("the page does not say %q", cell)
				}
			}
			if count() != 0 {
				t.Fatal("a refused file stored inspections")
			}
		})
	}
	// The English page names the cells in English.
	r, body := postFile(t, gs, "/inspections/import?lang=en", fillTemplate(t, gs, [][]any{{"2017-09-25", "", "", 7, "港口村", "", shop.Name}}))
	if r.StatusCode != 400 || !strings.Contains(body, "C2 (Inspectors): name the inspectors") && !strings.Contains(body, "C2（Inspectors）：name the inspectors") {
		t.Fatalf("in English: %d %s", r.StatusCode, body[strings.Index(body, "<main"):])
	}
	gs.get(t, "/inspections?lang=zh")

	r, _ = postFile(t, gs, "/inspections/import", fillTemplate(t, gs, good))
	if r.StatusCode != 200 || r.Request.URL.Query().Get("imported") != "2" || count() != 2 {
		t.Fatalf("import: %d %s, %d stored", r.StatusCode, r.Request.URL, count())
	}
	rows := sheetRows(t, gs.getXLSX(t, "/inspections/export.xlsx"), "巡查检查台账")
	if len(rows) != 3 {
		t.Fatalf("export %v", rows)
	}
	// The latest first: the row of 26 September, then that of the 25th.
	got := rows[2]
	if got[1] != "2017-09-25" || got[2] != "工商分局" || got[3] != "李明、王芳" || got[4] != "灯具专项打假" || got[5] != "港口村" || got[6] != "兴港市场" ||
		got[7] != shop.Name || got[8] != "灯具" || got[9] != "LED灯" || got[11] != "是" || got[12] != "3C 标志、标签标识" || got[13] != "LED灯无3C标志" || got[16] != "导入" {
		t.Fatalf("round trip: %q", got)
	}
	if rows[1][1] != "2017-09-26" || rows[1][7] != works.Name || rows[1][15] != strconv.FormatInt(action, 10) {
		t.Fatalf("second row: %q", rows[1])
	}
	if recs, _ := s.db.AuditLog(context.Background(), store.AuditFilter{Object: "inspection:", Limit: 5}); len(recs) != 2 || recs[0].Action != "inspection.import" {
		t.Fatalf("import audit %+v", recs)
	}
	// A leader reads only.
	if r, _ := postFile(t, c["leader"], "/inspections/import", fillTemplate(t, gs, good)); r.StatusCode != 403 {
		t.Fatalf("a leader's import: %d", r.StatusCode)
	}
	// The office names each row's unit: by name, key or alias; none is a
	// problem at the row's unit cell.
	office := c["office"]
	r, body = postFile(t, office, "/inspections/import", fillTemplate(t, office, [][]any{good[0]}))
	if r.StatusCode != 400 || !strings.Contains(body, "B2（检查单位）：请选择检查单位") {
		t.Fatalf("the office without a unit: %d", r.StatusCode)
	}
	byOffice := append([]any{}, good[0]...)
	byOffice[1] = "质监分局"
	r, _ = postFile(t, office, "/inspections/import", fillTemplate(t, office, [][]any{byOffice}))
	if r.StatusCode != 200 || count() != 3 {
		t.Fatalf("the office's import: %d, %d stored", r.StatusCode, count())
	}
	if l, _ := s.db.Inspections(context.Background(), store.InspectionFilter{Units: []string{"zjfj"}}); len(l) != 1 {
		t.Fatalf("the office's row is not zjfj's: %d", len(l))
	}
}

func TestInspectionAPI(t *testing.T) {
	s, _, shop, _ := inspectionSite(t)
	ctx := context.Background()
	token := func(name string) string {
		u, err := s.db.UserByName(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		tok, _ := newTokenFor(t, s, u.ID)
		return tok
	}
	gs, zj, leader := token("gs-officer"), token("zj-officer"), token("leader")
	body := map[string]any{"inspected_on": "2017-09-28", "inspectors": []string{"李明"}, "campaign_no": 7, "village": "港口村",
		"entities": []map[string]any{{"entity_id": shop.ID, "category": "灯具", "product": "台灯",
			"checks": []map[string]any{{"item": "3C 标志", "result": "fail"}}, "finding": "台灯无3C标志"}}}
	if code, _ := s.apiJSON(t, "POST", "/api/v1/inspections", leader, body); code != 403 {
		t.Fatalf("leader: %d", code)
	}
	if code, out := s.apiJSON(t, "POST", "/api/v1/inspections", gs, map[string]any{"inspectors": []string{}}); code != 400 ||
		len(out["error"].(map[string]any)["fields"].([]any)) < 3 {
		t.Fatalf("every field's problem: %d %v", code, out)
	}
	if code, out := s.apiJSON(t, "POST", "/api/v1/inspections", gs, map[string]any{"inspectorz": []string{}}); code != 400 {
		t.Fatalf("unknown field: %d %v", code, out)
	}
	code, out := s.apiJSON(t, "POST", "/api/v1/inspections", gs, body)
	if code != 201 || out["unit"] != "gsfj" || out["ccc_flags"] != float64(1) || out["editable"] != true {
		t.Fatalf("create: %d %v", code, out)
	}
	id := itoa(int64(out["id"].(float64)))
	if code, out := s.apiJSON(t, "GET", "/api/v1/inspections/"+id, zj, nil); code != 404 {
		t.Fatalf("another unit: %d %v", code, out)
	}
	if code, out := s.apiJSON(t, "GET", "/api/v1/inspections/"+id, leader, nil); code != 200 || out["editable"] != false {
		t.Fatalf("leader reads: %d %v", code, out)
	}
	for _, tt := range []struct {
		token, q string
		want     float64
	}{{gs, "", 1}, {zj, "", 0}, {s.token, "", 1}, {s.token, "?unit=zjfj", 0}, {gs, "?ccc=true", 1}, {gs, "?from=2017-09-29", 0},
		{gs, "?village=" + url.QueryEscape("港口村"), 1}, {leader, "?campaign=7", 1}} {
		code, out := s.apiJSON(t, "GET", "/api/v1/inspections"+tt.q, tt.token, nil)
		if code != 200 || out["total"] != tt.want || len(out["inspections"].([]any)) != int(tt.want) {
			t.Fatalf("list %s: %d %v", tt.q, code, out)
		}
	}
	if code, _ := s.apiJSON(t, "GET", "/api/v1/inspections?ccc=maybe", gs, nil); code != 400 {
		t.Fatalf("a bad filter: %d", code)
	}
	if code, _ := s.apiJSON(t, "POST", "/api/v1/inspections/"+id+"/clue", zj, map[string]any{"entity_id": shop.ID}); code != 404 {
		t.Fatalf("another unit's clue: %d", code)
	}
	code, out = s.apiJSON(t, "POST", "/api/v1/inspections/"+id+"/clue", gs, map[string]any{"entity_id": shop.ID})
	if code != 201 || out["lead_unit"] != "gsfj" || out["source"] != "inspection" || out["source_ref"] != id || out["due"] != "2017-10-25" {
		t.Fatalf("clue: %d %v", code, out)
	}
	if code, _ := s.apiJSON(t, "POST", "/api/v1/inspections/"+id+"/clue", gs, map[string]any{"entity_id": shop.ID}); code != 409 {
		t.Fatalf("second clue: %d", code)
	}
	body["notes"] = "已整改"
	body["entities"].([]map[string]any)[0]["certificate"] = "2017010701000001"
	if code, _ := s.apiJSON(t, "PUT", "/api/v1/inspections/"+id, zj, body); code != 404 {
		t.Fatalf("another unit's update: %d", code)
	}
	if code, _ := s.apiJSON(t, "PUT", "/api/v1/inspections/"+id, leader, body); code != 403 {
		t.Fatalf("leader's update: %d", code)
	}
	code, out = s.apiJSON(t, "PUT", "/api/v1/inspections/"+id, gs, body)
	ents, _ := out["entities"].([]any)
	if code != 200 || out["notes"] != "已整改" || out["ccc_flags"] != float64(0) || len(ents) != 1 || ents[0].(map[string]any)["clue"] == nil {
		t.Fatalf("update: %d %v", code, out)
	}
	body["entities"] = []map[string]any{}
	if code, _ := s.apiJSON(t, "PUT", "/api/v1/inspections/"+id, gs, body); code != 400 {
		t.Fatalf("the row with a clue must stay: %d", code)
	}
}

// The office edits a campaign's checklist on its settings page, audited;
// the units read it; a bad list is refused with its reason.
func TestTheOfficeEditsChecklistsOnItsSettingsPage(t *testing.T) {
	s, c, _, _ := inspectionSite(t)
	_, body := c["officer"].get(t, "/settings/checklists")
	if !strings.Contains(body, "灯具专项打假") || !strings.Contains(body, "3C 标志") || strings.Contains(body, "<textarea") {
		t.Fatal("a unit reads the lists without a form")
	}
	if r, _ := c["officer"].post(t, "/settings/checklists", form("plan", "zs-gangkou-2017", "campaign_no", "7", "items", "营业执照")); r.StatusCode != 403 {
		t.Fatalf("a unit's edit: %d", r.StatusCode)
	}
	r, body := c["office"].post(t, "/settings/checklists", form("plan", "zs-gangkou-2017", "campaign_no", "7", "items", "营业执照\n营业执照"))
	if r.StatusCode != 400 || !strings.Contains(body, "检查项目“营业执照”重复") {
		t.Fatalf("a repeated item: %d", r.StatusCode)
	}
	r, body = c["office"].post(t, "/settings/checklists", form("plan", "zs-gangkou-2017", "campaign_no", "7", "items", "营业执照\r\n3C 标志\r\n灯具能效标识\r\n"))
	if r.StatusCode != 200 || !strings.Contains(body, "检查表已保存") || !strings.Contains(body, "灯具能效标识") || !strings.Contains(body, "打假办已修改") {
		t.Fatalf("save: %d", r.StatusCode)
	}
	_, body = c["officer"].get(t, "/inspections/new?plan=zs-gangkou-2017")
	if !strings.Contains(body, "灯具能效标识") && strings.Contains(body, "campaign_no") {
		// the new form starts with no campaign: ask for campaign 7's list
		f := form("plan", "zs-gangkou-2017", "campaign_no", "7", "refresh", "1")
		_, body = c["officer"].post(t, "/inspections", f)
	}
	if !strings.Contains(body, "灯具能效标识") {
		t.Fatal("the form must offer the office's list")
	}
	if recs, _ := s.db.AuditLog(context.Background(), store.AuditFilter{Object: "checklist:", Limit: 5}); len(recs) != 1 || recs[0].Action != "checklist.update" {
		t.Fatalf("audit %+v", recs)
	}
	r, body = c["office"].post(t, "/settings/checklists", form("plan", "zs-gangkou-2017", "campaign_no", "7", "reset", "1"))
	if r.StatusCode != 200 || strings.Contains(body, "灯具能效标识") {
		t.Fatalf("reset: %d", r.StatusCode)
	}
}
