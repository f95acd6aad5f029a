package yearend

import (
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"dajia"
	"dajia/docx"
)

// sheet is one sheet of the workbook: its name, header and rows.
type sheet struct {
	name   string
	widths map[int]float64
	head   []string
	rows   [][]any
}

// WriteXLSX writes every figure of the year as a workbook, one sheet a
// grouping (the document's head, by campaign, by unit, by month, reporting
// by unit and report by report, joint actions), each with a header row,
// through excelize's stream writer. Texts are cells of text, never
// formulas; rates are numbers in percent, empty when nothing counts.
func WriteXLSX(w io.Writer, y dajia.YearEnd) error {
	x := excelize.NewFile()
	defer x.Close()
	h := y.Head
	sheets := []sheet{{name: "总结", widths: map[int]float64{1: 16, 2: 60}, head: []string{"项目", "内容"}, rows: [][]any{
		{"标题", y.Title()}, {"发文字号", h.Number}, {"发文机关", h.Issuer}, {"成文日期", h.IssuedOn.String()},
		{"主送", h.Recipients}, {"抄送", h.Copies}, {"工作方案", y.PlanTitle}, {"方案文号", y.PlanNo}, {"统计日期", y.Today.String()},
	}}}

	campaigns := sheet{name: "各专项", widths: map[int]float64{2: 34, 3: 22},
		head: []string{"序号", "专项", "牵头单位", "线索（条）", "立案（宗）", "结案（宗）", "货值（万元）", "罚没（万元）", "移送公安（宗）",
			"检查（次）", "发现问题（次）", "抽检（批次）", "合格（批次）", "不合格（批次）", "待出结果（批次）", "合格率（%）",
			"摸排发现（条）", "宣传（场）", "受众（人次）", "发放资料（份）", "网络阅读（次）"}}
	for _, c := range y.Rows() {
		no := any(c.No)
		if c.No == 0 {
			no = ""
		}
		campaigns.rows = append(campaigns.rows, []any{no, c.Name, join(c.Leads), c.Clues, c.Opened, c.Closed, wanNumber(c.Value),
			wanNumber(c.Fines), c.Transferred, c.Inspections, c.Findings, c.Samplings.Total(), c.Samplings.Passed, c.Samplings.Failed,
			c.Samplings.Pending, passRate(c.Samplings), c.Surveys, c.Publicity, c.Reach.People, c.Reach.Copies, c.Reach.Views})
	}
	sheets = append(sheets, campaigns)

	units := sheet{name: "各单位", widths: map[int]float64{2: 34, 3: 18},
		head: []string{"专项序号", "专项", "单位", "线索（条）", "立案（宗）", "结案（宗）", "检查（次）", "发现问题（次）", "抽检（批次）", "合格（批次）",
			"不合格（批次）", "合格率（%）", "摸排发现（条）", "宣传（场）", "受众（人次）", "发放资料（份）", "网络阅读（次）"}}
	for _, u := range y.Units {
		units.rows = append(units.rows, []any{u.CampaignNo, u.Campaign, u.Name, u.Clues, u.Opened, u.Closed, u.Inspections, u.Findings,
			u.Samplings.Total(), u.Samplings.Passed, u.Samplings.Failed, passRate(u.Samplings), u.Surveys, u.Publicity,
			u.Reach.People, u.Reach.Copies, u.Reach.Views})
	}
	sheets = append(sheets, units)

	months := sheet{name: "各月", widths: map[int]float64{1: 12},
		head: []string{"月份", "线索（条）", "立案（宗）", "结案（宗）", "检查（次）", "抽检（批次）", "不合格（批次）", "宣传（场）"}}
	for _, m := range y.Months {
		months.rows = append(months.rows, []any{m.Month, m.Clues, m.Opened, m.Closed, m.Inspections, m.Samplings, m.Failed, m.Publicity})
	}
	sheets = append(sheets, months)

	rep := sheet{name: "信息报送", widths: map[int]float64{1: 24},
		head: []string{"单位", "应报（份）", "已报（份）", "报送率（%）", "按时（份）", "及时率（%）"}}
	for _, u := range append(append([]dajia.UnitReporting{}, y.Reporting...), dajia.UnitReporting{Name: "合计", Rates: y.ReportingTotal}) {
		rep.rows = append(rep.rows, []any{u.Name, u.Rates.Reported.Den, u.Rates.Reported.Num, rate(u.Rates.Reported), u.Rates.OnTime.Num, rate(u.Rates.OnTime)})
	}
	sheets = append(sheets, rep)

	lines := sheet{name: "报送明细", widths: map[int]float64{1: 18, 2: 16, 3: 24, 4: 12, 5: 14},
		head: []string{"报送规则", "报送期", "单位", "截止日期", "首次报送日期", "报送情况"}}
	for _, l := range y.Reports {
		sent := ""
		if !l.SubmittedOn.IsZero() {
			sent = l.SubmittedOn.String()
		}
		lines.rows = append(lines.rows, []any{l.Rule, l.Period, l.Name, l.Due.String(), sent, string(l.Timeliness.Name())})
	}
	sheets = append(sheets, lines)

	acts := sheet{name: "集中行动", widths: map[int]float64{1: 24, 5: 30, 11: 40},
		head: []string{"行动", "开始日期", "结束日期", "状态", "参加单位", "线索（条）", "立案（宗）", "检查（次）", "抽检（批次）", "不合格（批次）", "总结"}}
	for _, a := range y.Actions {
		status := "已完成"
		if !a.Done {
			status = "未完成"
		}
		acts.rows = append(acts.rows, []any{a.Name, a.Start.String(), a.End.String(), status, join(a.Units), a.Clues, a.Cases, a.Inspections,
			a.Samplings, a.Failed, a.Summary})
	}
	sheets = append(sheets, acts)

	for i, s := range sheets {
		if i == 0 {
			if err := x.SetSheetName("Sheet1", s.name); err != nil {
				return err
			}
		} else if _, err := x.NewSheet(s.name); err != nil {
			return err
		}
		sw, err := x.NewStreamWriter(s.name)
		if err != nil {
			return err
		}
		for col, wd := range s.widths {
			if err := sw.SetColWidth(col, col, wd); err != nil {
				return err
			}
		}
		head := make([]any, len(s.head))
		for j, v := range s.head {
			head[j] = v
		}
		if err := sw.SetRow("A1", head); err != nil {
			return err
		}
		for r, row := range s.rows {
			for j, v := range row {
				if t, ok := v.(string); ok {
					row[j] = docx.Clean(t)
				}
			}
			cell, _ := excelize.CoordinatesToCellName(1, r+2)
			if err := sw.SetRow(cell, row); err != nil {
				return err
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	_, err := x.WriteTo(w)
	return err
}

func join(s []string) string {
	out := ""
	for i, v := range s {
		if i > 0 {
			out += "、"
		}
		out += v
	}
	return out
}

// passRate is the pass rate in percent with one decimal; empty when no
// sample has a result.
func passRate(r dajia.PassRate) any {
	t, ok := r.Percent()
	if !ok {
		return ""
	}
	return float64(t) / 10
}

// rate is a reporting rate in percent; empty when nothing was due.
func rate(r dajia.Rate) any {
	if r.Den == 0 {
		return ""
	}
	return r.Percent()
}

// wanNumber is the amount in 万元 rounded to two decimals, as a number.
func wanNumber(a dajia.Amount) float64 {
	f, _ := strconv.ParseFloat(a.WanText(), 64)
	return f
}
