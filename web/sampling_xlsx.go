package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"dajia"
	"dajia/app"
	"dajia/locale"
	"dajia/store"
)

// The samplings ledger (抽检台账) in Excel. The template, the export and the
// import share one layout: a header row, then one sampling a row in the
// columns below; the export adds read-only columns after them (the
// record's number, the entities' names, the campaign, the flags), which an
// import ignores, so that an exported ledger can be filled in and uploaded.
var samplingSheetColumns = []struct{ Head, Field string }{
	{"抽样单位", "unit"}, {"产品类别", "category"}, {"样品名称", "product"}, {"商标", "brand"}, {"规格型号", "model"},
	{"生产日期或批号", "batch"}, {"生产者（编号或统一社会信用代码）", "producer_id"}, {"销售者（编号或统一社会信用代码）", "seller_id"},
	{"抽样日期", "sampled_on"}, {"检验机构", "lab"}, {"执行标准", "standard"}, {"检验项目", "test_items"}, {"检验结论", "result"},
	{"不合格项目", "failed_items"}, {"3C 证书编号", "certificate"}, {"统一集中行动编号", "action_id"},
	{"检验结论送达日期", "notified_on"}, {"是否申请复检", "objected"}, {"复检申请日期", "objected_on"}, {"复检结论", "retest_result"},
	{"备注", "notes"},
}

// samplingExportExtra are the export's read-only columns.
var samplingExportExtra = []string{"记录编号", "生产者", "销售者", "专项行动", "无 3C", "复检申请期"}

// maxSamplingXLSX bounds an uploaded ledger.
const maxSamplingXLSX = 5 << 20

func (s *Server) samplingHead(lang string) []any {
	var head []any
	for _, c := range samplingSheetColumns {
		head = append(head, locale.Text(lang, c.Head))
	}
	return head
}

// samplingTemplate is the empty ledger to fill in: GET /samplings/template.xlsx.
func (s *Server) samplingTemplate(w http.ResponseWriter, r *http.Request) error {
	lang := identityOf(r).Lang
	x := excelize.NewFile()
	defer x.Close()
	sheet := locale.Text(lang, "抽检台账")
	x.SetSheetName("Sheet1", sheet)
	head := s.samplingHead(lang)
	if err := x.SetSheetRow(sheet, "A1", &head); err != nil {
		return err
	}
	x.SetColWidth(sheet, "A", "U", 16)
	return writeXLSX(w, x, locale.Text(lang, "抽检导入模板")+".xlsx")
}

// samplingsXLSX streams the list as filtered on screen, every page of it:
// GET /samplings/export.xlsx with the list's query. What the account may
// not see is not in it (app decides). Every text is a text cell.
func (s *Server) samplingsXLSX(w http.ResponseWriter, r *http.Request) error {
	lang := identityOf(r).Lang
	t := func(zh string) string { return locale.Text(lang, zh) }
	a := actorOf(r)
	q := decodeSamplingQuery(a, r.URL.Query())
	x := excelize.NewFile()
	defer x.Close()
	sheet := t("抽检台账")
	x.SetSheetName("Sheet1", sheet)
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	sw.SetColWidth(1, len(samplingSheetColumns)+len(samplingExportExtra), 16)
	head := s.samplingHead(lang)
	for _, h := range samplingExportExtra {
		head = append(head, t(h))
	}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	plans := map[string]*dajia.Plan{}
	today := dajia.Today(s.clock)
	row := 1
	_, err = s.app.ExportSamplings(r.Context(), a, q, func(rec store.SamplingRecord, names map[int64]string) error {
		if _, ok := plans[rec.PlanID]; !ok {
			v, err := s.db.Plan(r.Context(), rec.PlanID)
			if err != nil {
				return err
			}
			plans[rec.PlanID] = v.Plan
		}
		p := plans[rec.PlanID]
		sm := rec.Sampling
		date := func(d dajia.Date) string {
			if d.IsZero() {
				return ""
			}
			return d.String()
		}
		ref := func(id int64) string {
			if id == 0 {
				return ""
			}
			return strconv.FormatInt(id, 10)
		}
		objected, retest, action, campaign, ccc := t("否"), "", "", "", ""
		if sm.Objected {
			objected = t("是")
		}
		if sm.RetestResult != "" {
			retest = t(string(sm.RetestResult.Name()))
		}
		if sm.ActionID != 0 {
			action = strconv.FormatInt(sm.ActionID, 10)
		}
		if c, ok := p.CampaignByNo(sm.CampaignNo); ok {
			campaign = fmt.Sprintf("%d %s", c.No, c.Name)
		}
		if sm.CCCMissing() {
			ccc = t("是")
		}
		win := ""
		if wd := sm.Window(today, s.app.Calendar()); wd.State != dajia.WindowNone {
			win = t(string(wd.State.Name()))
			if !wd.Due.IsZero() {
				win += " " + wd.Due.String()
			}
		}
		row++
		cell, _ := excelize.CoordinatesToCellName(1, row)
		return sw.SetRow(cell, []any{unitDisplay(p, sm.Unit), sm.Category, sm.Product, sm.Brand, sm.Model, sm.Batch, ref(sm.ProducerID),
			ref(sm.SellerID), date(sm.SampledOn), sm.Lab, sm.Standard, sm.TestItems, t(string(sm.Result.Name())), sm.FailedItems,
			sm.Certificate, action, date(sm.NotifiedOn), objected, date(sm.ObjectedOn), retest, sm.Notes,
			sm.ID, names[sm.ProducerID], names[sm.SellerID], campaign, ccc, win})
	})
	if err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return writeXLSX(w, x, t("抽检台账")+"-"+today.String()+".xlsx")
}

// cellProblem is one bad cell of an import, as the page lists it.
func cellProblem(lang string, row, col int, zh string, args ...any) dajia.FieldError {
	cell, _ := excelize.CoordinatesToCellName(col+1, row)
	head := locale.Text(lang, samplingSheetColumns[col].Head)
	return dajia.FieldError{Field: cell, Rule: "xlsx", Message: fmt.Sprintf("%s（%s）：", cell, head) + fmt.Sprintf(zh, args...),
		Key: "%s（%s）：%s", Args: []any{cell, head, locale.Text(lang, zh, args...)}}
}

// readSamplingXLSX reads a filled ledger into rows: every bad cell that
// can be seen without the database (headers, dates, yes/no, numbers,
// results) is one problem; the rows are used only when there is none.
func readSamplingXLSX(data []byte, lang string) ([]app.SamplingRow, []dajia.FieldError) {
	fileProblem := func(zh string) []dajia.FieldError {
		return []dajia.FieldError{{Field: "file", Rule: "xlsx", Message: zh, Key: zh}}
	}
	x, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: 64 << 20, UnzipXMLSizeLimit: 16 << 20, RawCellValue: true})
	if err != nil {
		return nil, fileProblem("文件不是有效的 Excel（xlsx）文件")
	}
	defer x.Close()
	sheets := x.GetSheetList()
	if len(sheets) == 0 {
		return nil, fileProblem("表格中没有抽检记录")
	}
	// The sheet is read row by row: a small file can unzip to a sheet of
	// hundreds of thousands of rows, which must not be held at once.
	rows, err := x.Rows(sheets[0])
	if err != nil {
		return nil, fileProblem("无法读取第一个工作表")
	}
	defer rows.Close()
	if !rows.Next() {
		return nil, fileProblem("表格中没有抽检记录")
	}
	head, err := rows.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, fileProblem("无法读取第一个工作表")
	}
	var errs []dajia.FieldError
	for i, c := range samplingSheetColumns {
		got := ""
		if i < len(head) {
			got = strings.TrimSpace(head[i])
		}
		if got != c.Head && got != locale.Text("en", c.Head) {
			errs = append(errs, cellProblem(lang, 1, i, "表头应为“%s”：请使用从本系统下载的模板", locale.Text(lang, c.Head)))
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	var out []app.SamplingRow
	for n := 1; rows.Next(); n++ {
		// Blank rows are skipped, but not without end.
		if n > 2*app.MaxSamplingImport {
			return nil, []dajia.FieldError{dajia.FieldErrorf("file", "xlsx", "一次最多导入 %d 条抽检记录", app.MaxSamplingImport)}
		}
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, fileProblem("无法读取第一个工作表")
		}
		val := func(i int) string {
			if i < len(cells) {
				return strings.TrimSpace(cells[i])
			}
			return ""
		}
		empty := true
		for i := range samplingSheetColumns {
			if val(i) != "" {
				empty = false
			}
		}
		if empty {
			continue
		}
		if len(out) >= app.MaxSamplingImport {
			return nil, []dajia.FieldError{dajia.FieldErrorf("file", "xlsx", "一次最多导入 %d 条抽检记录", app.MaxSamplingImport)}
		}
		row := n + 1
		in := app.SamplingInput{}
		sr := app.SamplingRow{Row: row}
		for i, c := range samplingSheetColumns {
			v := val(i)
			if utf8Len(v) > dajia.MaxSamplingNotes {
				errs = append(errs, cellProblem(lang, row, i, "文字过长"))
				continue
			}
			switch c.Field {
			case "unit":
				in.Unit = v
			case "category":
				in.Category = v
			case "product":
				in.Product = v
			case "brand":
				in.Brand = v
			case "model":
				in.Model = v
			case "batch":
				in.Batch = v
			case "producer_id":
				sr.Producer = v
			case "seller_id":
				sr.Seller = v
			case "lab":
				in.Lab = v
			case "standard":
				in.Standard = v
			case "test_items":
				in.TestItems = v
			case "failed_items":
				in.FailedItems = v
			case "certificate":
				in.Certificate = v
			case "notes":
				in.Notes = v
			case "sampled_on", "notified_on", "objected_on":
				d, ok := cellDate(v)
				if !ok {
					errs = append(errs, cellProblem(lang, row, i, "日期应为 YYYY-MM-DD"))
					continue
				}
				switch c.Field {
				case "sampled_on":
					in.SampledOn = d
				case "notified_on":
					in.NotifiedOn = d
				default:
					in.ObjectedOn = d
				}
			case "result", "retest_result":
				if v == "" {
					continue
				}
				r, ok := cellResult(v)
				if !ok || (c.Field == "retest_result" && r == dajia.SamplePending) {
					errs = append(errs, cellProblem(lang, row, i, "应为“合格”“不合格”或“待检”"))
					continue
				}
				if c.Field == "result" {
					in.Result = string(r)
				} else {
					in.RetestResult = string(r)
				}
			case "objected":
				switch strings.ToLower(v) {
				case "", "否", "no":
				case "是", "yes":
					in.Objected = true
				default:
					errs = append(errs, cellProblem(lang, row, i, "应为“是”或“否”"))
				}
			case "action_id":
				if v == "" {
					continue
				}
				id, err := strconv.ParseInt(v, 10, 64)
				if err != nil || id <= 0 {
					errs = append(errs, cellProblem(lang, row, i, "集中行动编号应为正整数"))
					continue
				}
				in.ActionID = id
			}
		}
		sr.In = in
		out = append(out, sr)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return out, nil
}

func utf8Len(s string) int { return len([]rune(s)) }

// cellDate reads a date cell: YYYY-MM-DD text (or with slashes), or the
// serial number Excel keeps for a cell formatted as a date.
func cellDate(v string) (string, bool) {
	if v == "" {
		return "", true
	}
	if d, err := dajia.ParseDate(strings.ReplaceAll(v, "/", "-")); err == nil {
		return d.String(), true
	}
	if parts := strings.Split(strings.ReplaceAll(v, "/", "-"), "-"); len(parts) == 3 {
		y, e1 := strconv.Atoi(parts[0])
		m, e2 := strconv.Atoi(parts[1])
		d, e3 := strconv.Atoi(parts[2])
		if e1 == nil && e2 == nil && e3 == nil {
			if x, err := dajia.ParseDate(fmt.Sprintf("%04d-%02d-%02d", y, m, d)); err == nil {
				return x.String(), true
			}
		}
	}
	if f, err := strconv.ParseFloat(v, 64); err == nil && f > 1 && f < 200000 {
		if t, err := excelize.ExcelDateToTime(f, false); err == nil {
			return dajia.DateOf(t).String(), true
		}
	}
	return "", false
}

// cellResult reads a result in either language, or its code.
func cellResult(v string) (dajia.SamplingResult, bool) {
	if r, ok := dajia.ParseSamplingResult(v); ok {
		return r, true
	}
	for _, r := range dajia.SamplingResults() {
		if strings.EqualFold(v, locale.Text("en", string(r.Name()))) {
			return r, true
		}
	}
	return "", false
}

// samplingColumnOf is the column of a field's problem: the entities'
// number columns, the campaign with the category; -1 for none.
func samplingColumnOf(field string) int {
	if field == "campaign_no" {
		field = "category"
	}
	for i, c := range samplingSheetColumns {
		if c.Field == field {
			return i
		}
	}
	return -1
}

// samplingImport takes a filled ledger in, all or nothing: POST
// /samplings/import. A problem shows the list again with every bad cell.
func (s *Server) samplingImport(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	if err := a.MayRecordSamplings(); err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxSamplingXLSX+64<<10)
	again := func(problems []dajia.FieldError, err error) error {
		d, derr := s.samplingsData(r)
		if derr != nil {
			return derr
		}
		d.Error = d.T("Excel 中有错误，没有导入任何内容；请按下面的提示修改后重新上传")
		if err != nil {
			d.Error = locale.Error(d.Lang, dajia.ErrorOf(err))
		}
		for _, p := range problems {
			d.Problems = append(d.Problems, locale.Field(d.Lang, p))
		}
		return s.render(w, r, http.StatusBadRequest, "samplings", d)
	}
	f, _, err := r.FormFile("file")
	if err != nil {
		return again(nil, dajia.Errorf(dajia.Invalid, "file", "请选择不超过 5 MB 的 Excel 文件"))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxSamplingXLSX+1))
	if err != nil || len(data) > maxSamplingXLSX {
		return again(nil, dajia.Errorf(dajia.Invalid, "file", "请选择不超过 5 MB 的 Excel 文件"))
	}
	lang := identityOf(r).Lang
	rows, problems := readSamplingXLSX(data, lang)
	if len(problems) > 0 {
		return again(problems, nil)
	}
	plan := r.PostForm.Get("plan")
	if plan == "" {
		v, err := s.planParam(r)
		if err != nil {
			return err
		}
		plan = v.PlanID
	}
	recs, err := s.app.ImportSamplings(r.Context(), a, plan, rows)
	var ie app.SamplingImportErrors
	if errors.As(err, &ie) {
		for _, p := range ie {
			col := samplingColumnOf(p.Field)
			if col < 0 {
				col = 0
			}
			problems = append(problems, cellProblem(lang, p.Row, col, "%s", locale.Field(lang, p.FieldError)))
		}
		return again(problems, nil)
	}
	if formError(err) {
		return again(nil, err)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/samplings?done=imported&n=%d", len(recs)), http.StatusSeeOther)
	return nil
}
