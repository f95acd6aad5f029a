package web

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/xuri/excelize/v2"

	"dajia"
	"dajia/locale"
)

// The unit report template: sheet 报表 with a title row, a header row and
// one row per indicator (key in column A, name, unit, value in column D);
// sheets 重点案件 and 经验做法 with the text in A2. Export and import use the
// same layout, so a downloaded report can be filled offline and uploaded.
const (
	sheetReport    = "报表"
	sheetCases     = "重点案件"
	sheetPractices = "经验做法"
	firstValueRow  = 3
)

func writeXLSX(w http.ResponseWriter, x *excelize.File, name string) error {
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	return x.Write(w)
}

func (s *Server) reportXLSX(w http.ResponseWriter, r *http.Request) error {
	rep, p, err := s.reportFor(r)
	if err != nil {
		return err
	}
	id := rep.ID
	if err := s.app.RecordExport(r.Context(), actorOf(r), fmt.Sprintf("report:%d", id)); err != nil {
		return err
	}
	x := excelize.NewFile()
	defer x.Close()
	x.SetSheetName("Sheet1", sheetReport)
	unit := p.DisplayName(rep.Unit)
	x.SetCellValue(sheetReport, "A1", fmt.Sprintf("%s %s%s（截止 %s）", unit, rep.Period.Label(), rep.RuleName, rep.Due))
	x.SetSheetRow(sheetReport, "A2", &[]any{"指标代码", "指标", "计量单位", "数值"})
	for i, ind := range rep.RuleIn(p).IndicatorsOf() {
		cell, _ := excelize.CoordinatesToCellName(1, firstValueRow+i)
		var v any = ""
		if a, ok := rep.Values[ind.Key]; ok {
			v = a.Float()
		}
		x.SetSheetRow(sheetReport, cell, &[]any{ind.Key, ind.Name, ind.Unit, v})
	}
	x.SetColWidth(sheetReport, "A", "A", 18)
	x.SetColWidth(sheetReport, "B", "B", 24)
	x.SetColWidth(sheetReport, "D", "D", 14)
	for _, sh := range []struct{ name, text string }{{sheetCases, rep.KeyCases}, {sheetPractices, rep.Practices}} {
		x.NewSheet(sh.name)
		x.SetCellValue(sh.name, "A1", sh.name)
		x.SetCellValue(sh.name, "A2", sh.text)
		x.SetColWidth(sh.name, "A", "A", 100)
	}
	return writeXLSX(w, x, fmt.Sprintf("%s-%s.xlsx", unit, rep.PeriodID))
}

// readReportXLSX reads a filled template; every bad cell is one error and
// none of the content is used if any cell is wrong.
func readReportXLSX(data []byte, inds []dajia.Indicator) (dajia.ReportContent, []dajia.FieldError) {
	c := dajia.ReportContent{Values: map[string]dajia.Amount{}}
	bad := func(cell, zh string) []dajia.FieldError {
		return []dajia.FieldError{{Field: cell, Rule: "xlsx", Message: zh}}
	}
	x, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: 64 << 20, UnzipXMLSizeLimit: 16 << 20})
	if err != nil {
		return c, bad("file", "文件不是有效的 Excel（xlsx）文件")
	}
	defer x.Close()
	if idx, _ := x.GetSheetIndex(sheetReport); idx < 0 {
		return c, bad("file", "文件中没有“报表”工作表：请使用从本系统下载的模板")
	}
	rows, err := x.GetRows(sheetReport)
	if err != nil {
		return c, bad("file", "无法读取“报表”工作表")
	}
	known := map[string]dajia.Indicator{}
	for _, ind := range inds {
		known[ind.Key] = ind
	}
	var errs []dajia.FieldError
	seen := map[string]bool{}
	for i := firstValueRow - 1; i < len(rows); i++ {
		row := rows[i]
		if len(row) == 0 || strings.TrimSpace(row[0]) == "" {
			continue
		}
		key := strings.TrimSpace(row[0])
		cellA, _ := excelize.CoordinatesToCellName(1, i+1)
		cellD, _ := excelize.CoordinatesToCellName(4, i+1)
		ind, ok := known[key]
		if !ok {
			errs = append(errs, dajia.FieldError{Field: cellA, Rule: "xlsx", Message: fmt.Sprintf("%s：未知的指标代码 %q", cellA, truncateText(key, 30)), Key: "%s：未知的指标代码 %q", Args: []any{cellA, truncateText(key, 30)}})
			continue
		}
		if seen[key] {
			errs = append(errs, dajia.FieldError{Field: cellA, Rule: "xlsx", Message: fmt.Sprintf("%s：指标 %s 重复出现", cellA, ind.Name), Key: "%s：指标 %s 重复出现", Args: []any{cellA, ind.Name}})
			continue
		}
		seen[key] = true
		raw := ""
		if len(row) > 3 {
			raw = strings.TrimSpace(row[3])
		}
		if raw == "" {
			continue
		}
		a, err := dajia.ParseAmount(raw)
		if err != nil {
			errs = append(errs, dajia.FieldError{Field: cellD, Rule: "xlsx", Message: fmt.Sprintf("%s（%s）：%q 不是有效的数", cellD, ind.Name, truncateText(raw, 20)), Key: "%s（%s）：%q 不是有效的数", Args: []any{cellD, ind.Name, truncateText(raw, 20)}})
			continue
		}
		if a < 0 {
			errs = append(errs, dajia.FieldError{Field: cellD, Rule: "xlsx", Message: fmt.Sprintf("%s（%s）：不能为负数", cellD, ind.Name), Key: "%s（%s）：不能为负数", Args: []any{cellD, ind.Name}})
			continue
		}
		if !ind.Decimal() && !a.Whole() {
			errs = append(errs, dajia.FieldError{Field: cellD, Rule: "xlsx", Message: fmt.Sprintf("%s（%s）：应为整数", cellD, ind.Name), Key: "%s（%s）：应为整数", Args: []any{cellD, ind.Name}})
			continue
		}
		c.Values[key] = a
	}
	for _, sh := range []struct {
		name string
		to   *string
	}{{sheetCases, &c.KeyCases}, {sheetPractices, &c.Practices}} {
		if idx, _ := x.GetSheetIndex(sh.name); idx < 0 {
			continue
		}
		v, err := x.GetCellValue(sh.name, "A2")
		if err != nil {
			errs = append(errs, dajia.FieldErrorf(sh.name+"!A2", "xlsx", "%s!A2：无法读取", sh.name))
			continue
		}
		if len([]rune(v)) > dajia.MaxReportText {
			errs = append(errs, dajia.FieldErrorf(sh.name+"!A2", "xlsx", "%s!A2：文字过长", sh.name))
		}
		*sh.to = v
	}
	return c, errs
}

func (s *Server) reportImport(w http.ResponseWriter, r *http.Request) error {
	rep, p, err := s.reportFor(r)
	if err != nil {
		return err
	}
	id := rep.ID
	r.Body = http.MaxBytesReader(w, r.Body, 5<<20)
	f, _, err := r.FormFile("file")
	if err != nil {
		return dajia.Errorf(dajia.Invalid, "file", "请选择不超过 5 MB 的 Excel 文件")
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		return dajia.Errorf(dajia.Invalid, "file", "文件无法读取")
	}
	c, errs := readReportXLSX(data, rep.RuleIn(p).IndicatorsOf())
	if len(errs) == 0 {
		_, err = s.app.SaveReport(r.Context(), actorOf(r), id, -1, c)
		if err == nil {
			http.Redirect(w, r, fmt.Sprintf("/reports/%d?done=imported", id), http.StatusSeeOther)
			return nil
		}
		if dajia.ErrorCode(err) != dajia.Conflict {
			return err
		}
	}
	dd, derr := s.reportData(r, rep, p)
	if derr != nil {
		return derr
	}
	dd.Problems = errs
	dd.Error = tr(r, "Excel 中有错误，没有导入任何内容；请按下面的提示修改后重新上传")
	if err != nil {
		dd.Error = locale.Error(dd.Lang, dajia.ErrorOf(err))
	}
	return s.render(w, r, http.StatusBadRequest, "report", dd)
}

// periodXLSX streams a period's town summary: units × indicators with
// totals, then the key cases and practices.
func (s *Server) periodXLSX(w http.ResponseWriter, r *http.Request) error {
	ps, err := s.periodParams(r)
	if err != nil {
		return err
	}
	if err := s.app.RecordExport(r.Context(), actorOf(r), fmt.Sprintf("plan:%s/rule:%d/period:%s", ps.PlanID, ps.Rule, ps.Period.ID())); err != nil {
		return err
	}
	x := excelize.NewFile()
	defer x.Close()
	x.SetSheetName("Sheet1", "汇总")
	sw, err := x.NewStreamWriter("汇总")
	if err != nil {
		return err
	}
	sw.SetColWidth(1, 1, 22)
	sw.SetRow("A1", []any{fmt.Sprintf("%s%s汇总（截止 %s）", ps.Period.Label(), ps.RuleName, ps.Due)})
	head := []any{"单位", "报送情况"}
	for _, ind := range ps.Indicators {
		head = append(head, fmt.Sprintf("%s（%s）", ind.Name, ind.Unit))
	}
	sw.SetRow("A2", head)
	row := 3
	for _, u := range ps.Units {
		vals := []any{u.Name, u.Timeliness.Name()}
		for _, ind := range ps.Indicators {
			if u.Report.FirstSubmittedAt.IsZero() {
				vals = append(vals, "")
			} else {
				vals = append(vals, u.Values[ind.Key].Float())
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, row)
		if err := sw.SetRow(cell, vals); err != nil {
			return err
		}
		row++
	}
	if ps.Unit == "" { // a unit's own figures have no town total
		total := []any{"合计", ""}
		for _, ind := range ps.Indicators {
			total = append(total, ps.Totals[ind.Key].Float())
		}
		cell, _ := excelize.CoordinatesToCellName(1, row)
		sw.SetRow(cell, total)
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	for _, sh := range []struct {
		name  string
		items []dajia.UnitText
	}{{sheetCases, ps.KeyCases}, {sheetPractices, ps.Practices}} {
		x.NewSheet(sh.name)
		x.SetSheetRow(sh.name, "A1", &[]any{"单位", sh.name})
		for i, it := range sh.items {
			c, _ := excelize.CoordinatesToCellName(1, i+2)
			x.SetSheetRow(sh.name, c, &[]any{it.Unit, it.Text})
		}
		x.SetColWidth(sh.name, "A", "A", 22)
		x.SetColWidth(sh.name, "B", "B", 100)
	}
	return writeXLSX(w, x, fmt.Sprintf("%s-%s.xlsx", ps.RuleName, ps.Period.ID()))
}

// matrixXLSX exports the matrix as it is on screen: units × periods with
// the timeliness of each report and the unit's rates.
func (s *Server) matrixXLSX(w http.ResponseWriter, r *http.Request) error {
	v, err := s.planParam(r)
	if err != nil {
		return err
	}
	rule, err := ruleParam(r, v.Plan)
	if err != nil {
		return err
	}
	m, err := s.app.Matrix(r.Context(), actorOf(r), v, rule)
	if err != nil {
		return err
	}
	a := actorOf(r)
	if err := s.app.RecordExport(r.Context(), a, fmt.Sprintf("plan:%s/rule:%d/matrix", v.PlanID, rule)); err != nil {
		return err
	}
	x := excelize.NewFile()
	defer x.Close()
	sheet := "报送情况"
	x.SetSheetName("Sheet1", sheet)
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	sw.SetColWidth(1, 1, 22)
	head := []any{"单位"}
	for _, p := range m.Periods {
		head = append(head, p.Label())
	}
	head = append(head, "报送率", "按时率")
	sw.SetRow("A1", head)
	row := 2
	for _, mr := range m.Rows {
		vals := []any{mr.Unit.Unit.Name}
		for _, c := range mr.Cells {
			if c.Report.ID == 0 {
				vals = append(vals, "")
				continue
			}
			vals = append(vals, c.Timeliness.Name())
		}
		vals = append(vals, fmt.Sprintf("%d%%", mr.Rates.Reported.Percent()), fmt.Sprintf("%d%%", mr.Rates.OnTime.Percent()))
		cell, _ := excelize.CoordinatesToCellName(1, row)
		if err := sw.SetRow(cell, vals); err != nil {
			return err
		}
		row++
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return writeXLSX(w, x, fmt.Sprintf("%s-报送情况.xlsx", v.PlanID))
}

// tipsXLSX exports the tips list as on screen. The tipster's contact is
// never exported, not even masked.
func (s *Server) tipsXLSX(w http.ResponseWriter, r *http.Request) error {
	v, err := s.planParam(r)
	if err != nil {
		return err
	}
	x := excelize.NewFile()
	defer x.Close()
	sheet := "举报投诉"
	x.SetSheetName("Sheet1", sheet)
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	sw.SetColWidth(8, 8, 60)
	sw.SetRow("A1", []any{"查询码", "类型", "收到日期", "产品类别", "环节", "经营者", "地址", "内容", "状态", "承办单位", "期限", "期限事项"})
	row := 1
	_, err = s.app.ExportTips(r.Context(), actorOf(r), v.PlanID, r.URL.Query().Get("q"), func(t dajia.Tip) error {
		var units []string
		for _, u := range t.Handlers {
			units = append(units, unitDisplay(v.Plan, u))
		}
		row++
		cell, _ := excelize.CoordinatesToCellName(1, row)
		return sw.SetRow(cell, []any{t.Code, string(t.Kind), t.ReceivedOn.String(), t.Category, t.Stage, t.BusinessName, t.Address + " " + t.Village,
			t.Description, string(t.Status.Name(t.Kind)), strings.Join(units, "、"), t.Due.String(), t.DueWhat.String()})
	})
	if err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return writeXLSX(w, x, "举报投诉.xlsx")
}
