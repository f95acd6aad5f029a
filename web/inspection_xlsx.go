package web

// Inspections in Excel: the ledger of the list as filtered (streamed), the
// template units fill in, and its import, all or nothing, with an error
// per cell naming its row and column.

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"dajia"
	"dajia/app"
	"dajia/locale"
)

// inspectionExportHead is the header row of the inspection ledger (巡查检查台账):
// one row per market entity checked.
var inspectionExportHead = []string{"检查编号", "检查日期", "检查单位", "检查人员", "专项行动", "村（社区）", "检查地点", "市场主体", "产品类别",
	"产品名称", "3C 证书编号", "未录 3C 证书", "不符合项目", "发现的问题", "线索编号", "集中行动编号", "备注"}

// inspectionsXLSX streams the list as filtered on screen, every page of
// it: GET /inspections/export.xlsx with the list's query. What the account
// may not see is not in it (app decides); every text is a text cell.
func (s *Server) inspectionsXLSX(w http.ResponseWriter, r *http.Request) error {
	lang := identityOf(r).Lang
	t := func(zh string) string { return locale.Text(lang, zh) }
	q := decodeInspectionsQuery(r.URL.Query())
	x := excelize.NewFile()
	defer x.Close()
	sheet := t("巡查检查台账")
	x.SetSheetName("Sheet1", sheet)
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	sw.SetColWidth(2, 4, 14)
	sw.SetColWidth(5, 8, 22)
	sw.SetColWidth(13, 14, 30)
	head := make([]any, len(inspectionExportHead))
	for i, h := range inspectionExportHead {
		head[i] = t(h)
	}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	plans := map[string]*dajia.Plan{}
	sep := "、"
	if lang == "en" {
		sep = "; "
	}
	row := 1
	_, err = s.app.ExportInspections(r.Context(), actorOf(r), q, func(i dajia.Inspection, names map[int64]string) error {
		if _, ok := plans[i.PlanID]; !ok {
			v, err := s.db.Plan(r.Context(), i.PlanID)
			if err != nil && dajia.ErrorCode(err) != dajia.NotFound {
				return err
			}
			plans[i.PlanID] = v.Plan
		}
		p := plans[i.PlanID]
		unit, campaign := i.Unit, ""
		if p != nil {
			unit = unitDisplay(p, i.Unit)
			if c, ok := p.CampaignByNo(i.CampaignNo); ok {
				campaign = c.Name
			}
		}
		action := ""
		if i.ActionID != 0 {
			action = strconv.FormatInt(i.ActionID, 10)
		}
		for _, e := range i.Entities {
			flag, clue := "", ""
			if e.CCCMissing() {
				flag = t("是")
			}
			if e.ClueID != 0 {
				clue = strconv.FormatInt(e.ClueID, 10)
			}
			row++
			cell, _ := excelize.CoordinatesToCellName(1, row)
			if err := sw.SetRow(cell, []any{i.ID, i.InspectedOn.String(), unit, strings.Join(i.Inspectors, sep), campaign, i.Village, i.Place,
				names[e.EntityID], e.Category, e.Product, e.Certificate, flag, strings.Join(e.Failed(), sep), e.Finding, clue, action, i.Notes}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return writeXLSX(w, x, t("巡查检查台账")+"-"+dajia.Today(s.clock).String()+".xlsx")
}

// The import template: sheet 巡查检查 with the header in row 1 and one
// inspection of one market entity a row from row 2; sheet 填写说明 lists
// the plan's categories and each campaign's checklist.
const (
	sheetInspections  = "巡查检查"
	sheetInspectHelp  = "填写说明"
	maxImportRows     = 500
	maxInspectionFile = 5 << 20
)

// inspectionImportHead is the template's header row; the field each column
// fills is named for the errors.
var inspectionImportHead = []struct {
	title dajia.Text
	field string
}{
	{"检查日期", "inspected_on"}, {"检查单位", "unit"}, {"检查人员", "inspectors"}, {"专项序号", "campaign_no"}, {"村（社区）", "village"},
	{"检查地点", "place"}, {"市场主体（名称或统一社会信用代码）", "entity_id"}, {"产品类别", "category"}, {"产品名称", "product"},
	{"3C 证书编号", "certificate"}, {"不符合项目", "checks"}, {"发现的问题", "finding"}, {"集中行动编号", "action_id"}, {"备注", "notes"},
}

// inspectionTemplate is the template to fill: GET /inspections/template.xlsx.
func (s *Server) inspectionTemplate(w http.ResponseWriter, r *http.Request) error {
	if err := actorOf(r).MayRecordInspections(); err != nil {
		return err
	}
	v, err := s.planParam(r)
	if err != nil {
		return err
	}
	x := excelize.NewFile()
	defer x.Close()
	x.SetSheetName("Sheet1", sheetInspections)
	head := make([]any, len(inspectionImportHead))
	for i, h := range inspectionImportHead {
		head[i] = string(h.title)
	}
	x.SetSheetRow(sheetInspections, "A1", &head)
	x.SetColWidth(sheetInspections, "A", "N", 16)
	x.SetColWidth(sheetInspections, "G", "G", 30)
	x.NewSheet(sheetInspectHelp)
	lines := [][]any{
		{"每行一次检查、一个市场主体；日期写成 YYYY-MM-DD；检查人员用顿号分隔；不符合项目用顿号分隔，须是所选专项检查表中的项目。"},
		{"检查单位：打假办导入时填写单位名称；各单位导入时留空即为本单位。"},
		{"整个文件中有任何错误时不会导入任何一行。"},
		{""},
		{"产品类别", strings.Join(v.Plan.Categories(), "、")},
	}
	lists, err := s.app.Checklists(r.Context(), actorOf(r), v.Plan)
	if err != nil {
		return err
	}
	for _, l := range lists {
		name := "不属于专项行动"
		if c, ok := v.Plan.CampaignByNo(l.CampaignNo); ok {
			name = c.Name
		}
		lines = append(lines, []any{fmt.Sprintf("%d %s", l.CampaignNo, name), strings.Join(l.Items, "、")})
	}
	for i, l := range lines {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		x.SetSheetRow(sheetInspectHelp, cell, &l)
	}
	x.SetColWidth(sheetInspectHelp, "A", "A", 36)
	x.SetColWidth(sheetInspectHelp, "B", "B", 100)
	return writeXLSX(w, x, "巡查检查导入模板.xlsx")
}

// cellError is the problem of one cell, named by its address and its
// column's title.
func cellError(col, row int, p *dajia.Error) dajia.FieldError {
	cell, _ := excelize.CoordinatesToCellName(col+1, row)
	return dajia.FieldError{Field: cell, Rule: "xlsx", Message: fmt.Sprintf("%s（%s）：%s", cell, inspectionImportHead[col].title, p.Message),
		Key: "%s（%s）：%s", Args: []any{cell, inspectionImportHead[col].title, p}}
}

func fileError(p *dajia.Error) []dajia.FieldError {
	return []dajia.FieldError{{Field: "file", Rule: "xlsx", Message: p.Message, Key: p.Key, Args: p.Args}}
}

// itemSep separates the items of a cell: an item's name may hold a space
// ("3C 标志").
var itemSep = regexp.MustCompile(`[、,，;；\n]+`)

// excelDate reads a date cell: YYYY-MM-DD as text, or an Excel date serial.
func excelDate(s string) (string, bool) {
	if _, err := dajia.ParseDate(s); err == nil {
		return s, true
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && f > 0 && f < 2958466 {
		t, err := excelize.ExcelDateToTime(f, false)
		if err == nil {
			return dajia.DateOf(t.In(time.UTC)).String(), true
		}
	}
	return s, false
}

// readInspectionsXLSX reads a filled template into inputs, one per row,
// with the row numbers; every bad cell is one error. Entities are found
// by name or credit code.
func (s *Server) readInspectionsXLSX(r *http.Request, p *dajia.Plan, data []byte) ([]app.InspectionInput, []int, []dajia.FieldError) {
	x, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: 64 << 20, UnzipXMLSizeLimit: 16 << 20, RawCellValue: true})
	if err != nil {
		return nil, nil, fileError(dajia.Errorf(dajia.Invalid, "file", "文件不是有效的 Excel（xlsx）文件"))
	}
	defer x.Close()
	if idx, _ := x.GetSheetIndex(sheetInspections); idx < 0 {
		return nil, nil, fileError(dajia.Errorf(dajia.Invalid, "file", "文件中没有“巡查检查”工作表：请使用从本系统下载的模板"))
	}
	rows, err := x.Rows(sheetInspections)
	if err != nil {
		return nil, nil, fileError(dajia.Errorf(dajia.Invalid, "file", "无法读取“巡查检查”工作表"))
	}
	defer rows.Close()
	var errs []dajia.FieldError
	var ins []app.InspectionInput
	var at []int
	n := 0
	for rows.Next() {
		n++
		cols, err := rows.Columns()
		if err != nil {
			return nil, nil, fileError(dajia.Errorf(dajia.Invalid, "file", "无法读取“巡查检查”工作表"))
		}
		if n == 1 {
			for c, h := range inspectionImportHead {
				got := ""
				if c < len(cols) {
					got = strings.TrimSpace(cols[c])
				}
				if got != string(h.title) {
					errs = append(errs, cellError(c, 1, dajia.Errorf(dajia.Invalid, "", "表头应为“%s”，而不是“%s”：请使用从本系统下载的模板", h.title, truncateText(got, 30))))
				}
			}
			if len(errs) > 0 {
				return nil, nil, errs
			}
			continue
		}
		cell := func(c int) string {
			if c < len(cols) {
				return strings.TrimSpace(cols[c])
			}
			return ""
		}
		blank := true
		for c := range inspectionImportHead {
			if cell(c) != "" {
				blank = false
			}
		}
		if blank {
			continue
		}
		if len(ins) >= maxImportRows {
			return nil, nil, fileError(dajia.Errorf(dajia.Invalid, "file", "一次最多导入 %d 行，请分成几个文件", maxImportRows))
		}
		in := app.InspectionInput{PlanID: p.ID, Inspectors: splitNames(cell(2)), Village: cell(4), Place: cell(5), Notes: cell(13)}
		var e dajia.InspectedEntity
		if d, ok := excelDate(cell(0)); ok {
			in.InspectedOn = d
		} else if cell(0) != "" {
			errs = append(errs, cellError(0, n, dajia.Errorf(dajia.Invalid, "", "“%s”不是日期，应写成 YYYY-MM-DD", truncateText(cell(0), 20))))
			in.InspectedOn = dajia.Today(s.clock).String()
		}
		if u := cell(1); u != "" {
			ref, ok := p.Lookup(u)
			switch {
			case ok && actorOf(r).Role != dajia.RoleOffice && ref.Unit.Key != actorOf(r).Unit:
				errs = append(errs, cellError(1, n, dajia.Errorf(dajia.Invalid, "", "只能登记本单位的巡查检查")))
				in.Unit = actorOf(r).Unit
			case ok:
				in.Unit = ref.Unit.Key
			default:
				errs = append(errs, cellError(1, n, dajia.Errorf(dajia.Invalid, "", "方案中没有单位“%s”", truncateText(u, 30))))
				in.Unit = actorOf(r).Unit
			}
		}
		for _, f := range []struct {
			col int
			to  func(int64)
		}{{3, func(v int64) { in.CampaignNo = int(v) }}, {12, func(v int64) { in.ActionID = v }}} {
			if c := cell(f.col); c != "" {
				v, err := strconv.ParseInt(c, 10, 64)
				if err != nil || v <= 0 || v > 1<<40 {
					errs = append(errs, cellError(f.col, n, dajia.Errorf(dajia.Invalid, "", "“%s”不是正整数", truncateText(c, 20))))
					continue
				}
				f.to(v)
			}
		}
		if c := cell(6); c != "" {
			ent, err := s.app.ResolveEntity(r.Context(), actorOf(r), c)
			if err != nil {
				var de *dajia.Error
				if !errors.As(err, &de) || de.Code != dajia.Invalid {
					return nil, nil, fileError(dajia.Errorf(dajia.Invalid, "file", "无法查找市场主体"))
				}
				errs = append(errs, dajia.FieldError{Field: fmt.Sprintf("G%d", n), Rule: "xlsx", Message: fmt.Sprintf("G%d（%s）：%s", n, inspectionImportHead[6].title, de.Message),
					Key: "%s（%s）：%s", Args: []any{fmt.Sprintf("G%d", n), inspectionImportHead[6].title, de}})
			}
			e.EntityID = ent.ID
		}
		e.Category, e.Product, e.Certificate, e.Finding = cell(7), cell(8), cell(9), cell(11)
		for _, it := range itemSep.Split(cell(10), -1) {
			if it = strings.TrimSpace(it); it == "" {
				continue
			}
			e.Checks = append(e.Checks, dajia.CheckItem{Item: it, Result: dajia.CheckFail})
		}
		// An entity not found leaves the id 0: the entity's cell holds
		// its problem once, and the row's other cells are still checked.
		in.Entities = []dajia.InspectedEntity{e}
		ins = append(ins, in)
		at = append(at, n)
	}
	if err := rows.Error(); err != nil {
		return nil, nil, fileError(dajia.Errorf(dajia.Invalid, "file", "无法读取“巡查检查”工作表"))
	}
	if len(ins) == 0 && len(errs) == 0 {
		return nil, nil, fileError(dajia.Errorf(dajia.Invalid, "file", "“巡查检查”工作表中没有可导入的行"))
	}
	return ins, at, errs
}

// importColumn is the column of a field of the use case's problems.
func importColumn(field string) int {
	if m := rowField.FindStringSubmatch(field); m != nil {
		field = m[2]
	}
	if field == "entities" {
		field = "entity_id"
	}
	for c, h := range inspectionImportHead {
		if h.field == field {
			return c
		}
	}
	return -1
}

// inspectionImport records the inspections of an uploaded template, all
// or none: POST /inspections/import. The problems show on the list, one
// per cell.
func (s *Server) inspectionImport(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	if err := a.MayRecordInspections(); err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxInspectionFile+64<<10)
	var problems []dajia.FieldError
	var saved []dajia.Inspection
	f, _, err := r.FormFile("file")
	if err != nil {
		problems = fileError(dajia.Errorf(dajia.Invalid, "file", "请选择不超过 5 MB 的 Excel 文件"))
	} else {
		defer f.Close()
		data, err := io.ReadAll(io.LimitReader(f, maxInspectionFile+1))
		switch {
		case err != nil:
			problems = fileError(dajia.Errorf(dajia.Invalid, "file", "文件无法读取"))
		case len(data) > maxInspectionFile:
			problems = fileError(dajia.Errorf(dajia.Invalid, "file", "请选择不超过 5 MB 的 Excel 文件"))
		default:
			v, err := s.db.Plan(r.Context(), r.FormValue("plan"))
			if err != nil {
				if v, err = s.planParam(r); err != nil {
					return err
				}
			}
			ins, at, errs := s.readInspectionsXLSX(r, v.Plan, data)
			problems = errs
			names := make([]string, len(at))
			for k, n := range at {
				names[k] = strconv.Itoa(n)
			}
			if len(problems) == 0 {
				saved, err = s.app.ImportInspections(r.Context(), a, v.PlanID, ins, names)
			} else if len(ins) > 0 {
				// Check the rows too, so that every problem shows at once;
				// nothing is stored while any cell is wrong.
				_, err = s.app.CheckInspectionImport(r.Context(), a, v.PlanID, ins, names)
			}
			if problems, err = appendImportProblems(problems, err); err != nil {
				return err
			}
		}
	}
	if len(problems) == 0 {
		http.Redirect(w, r, "/inspections?imported="+strconv.Itoa(len(saved)), http.StatusSeeOther)
		return nil
	}
	pg := s.page(r, "")
	pg.Title = pg.T("导入巡查检查")
	d := inspectionImportPage{Page: pg}
	for _, p := range problems {
		d.Problems = append(d.Problems, locale.Error(pg.Lang, p.Problem()))
	}
	return s.render(w, r, http.StatusBadRequest, "inspectionimport", d)
}

type inspectionImportPage struct {
	Page
	Problems []string
}

// appendImportProblems adds the use case's problems to those of the
// cells, one per cell (a cell already wrong keeps its first problem);
// any other error is answered.
func appendImportProblems(problems []dajia.FieldError, err error) ([]dajia.FieldError, error) {
	var fe dajia.FieldErrors
	if !errors.As(err, &fe) {
		if err != nil && dajia.ErrorCode(err) == dajia.Invalid {
			e := dajia.ErrorOf(err)
			return append(problems, dajia.FieldError{Field: "file", Rule: "xlsx", Message: e.Message, Key: e.Key, Args: e.Args}), nil
		}
		return problems, err
	}
	seen := map[string]bool{}
	for _, p := range problems {
		seen[p.Field] = true
	}
	for _, p := range fe {
		pe := p.Problem()
		row, field, ok := strings.Cut(p.Field, "/")
		n, nerr := strconv.Atoi(row)
		c := importColumn(field)
		if !ok || nerr != nil || c < 0 {
			problems = append(problems, dajia.FieldError{Field: "file", Rule: "xlsx", Message: pe.Message, Key: pe.Key, Args: pe.Args})
			continue
		}
		cell, _ := excelize.CoordinatesToCellName(c+1, n)
		if seen[cell] {
			continue
		}
		seen[cell] = true
		problems = append(problems, dajia.FieldError{Field: cell, Rule: "xlsx", Message: fmt.Sprintf("%s（%s）：%s", cell, inspectionImportHead[c].title, pe.Message),
			Key: "%s（%s）：%s", Args: []any{cell, inspectionImportHead[c].title, pe}})
	}
	return problems, nil
}
