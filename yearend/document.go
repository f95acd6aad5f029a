// Package yearend renders the year-end summary (dajia.YearEnd) as a
// government document (.docx, laid out after GB/T 9704) and as a workbook
// of every figure of the year (.xlsx). It computes nothing: the figures
// come gathered from app.YearEnd.
package yearend

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"dajia"
	"dajia/docx"
)

// The fonts GB/T 9704 names, each with the font a reader without it
// should use (the table's altName and PANOSE).
const (
	fontTitle   = "方正小标宋简体"
	fontBody    = "仿宋_GB2312"
	fontHeading = "黑体"
	fontKai     = "楷体_GB2312"
	fontNumbers = "宋体"
	fontLatin   = "Times New Roman"
)

var fonts = []docx.Font{
	{Name: fontTitle, AltName: "宋体", Panose: "02000000000000000000", Family: "auto", Charset: "86"},
	{Name: fontBody, AltName: "仿宋", Panose: "02010609030101010101", Family: "modern", Charset: "86"},
	{Name: fontHeading, AltName: "SimHei", Panose: "02010609060101010101", Family: "modern", Charset: "86"},
	{Name: fontKai, AltName: "楷体", Panose: "02010609030101010101", Family: "modern", Charset: "86"},
	{Name: fontNumbers, AltName: "SimSun", Panose: "02010600030101010101", Family: "auto", Charset: "86"},
	{Name: fontLatin, Panose: "02020603050405020304", Family: "roman", Charset: "00"},
}

// Body text is 三号 (16 pt) on a 28.95 pt line: 22 lines of 28 characters
// on the A4 text area of 156 × 225 mm (442 pt wide: 28 characters of 16 pt
// need a quarter point less between them).
const (
	bodySize  = 16
	linePitch = 28.95
	tracking  = -0.25
	red       = "FF0000"
)

var styles = []docx.Style{
	{ID: "Normal", Name: "Normal", EastAsia: fontBody, Latin: fontLatin, Size: bodySize, Tracking: tracking, LineExact: linePitch, FirstChars: 2, Align: "both"},
	{ID: "Organ", Name: "发文机关标志", Based: "Normal", EastAsia: fontTitle, Latin: fontLatin, Size: 36, Color: red, Align: "center", LineExact: 50},
	{ID: "DocNumber", Name: "发文字号", Based: "Normal", EastAsia: fontBody, Latin: fontLatin, Size: bodySize, Tracking: tracking, LineExact: linePitch, Align: "center"},
	{ID: "Title", Name: "标题", Based: "Normal", EastAsia: fontTitle, Latin: fontLatin, Size: 22, LineExact: 35, Align: "center", KeepNext: true},
	{ID: "Heading1", Name: "heading 1", Based: "Normal", EastAsia: fontHeading, Latin: fontLatin, Size: bodySize, Tracking: tracking, LineExact: linePitch, FirstChars: 2, Outline: 1, KeepNext: true},
	{ID: "Heading2", Name: "heading 2", Based: "Normal", EastAsia: fontKai, Latin: fontLatin, Size: bodySize, Tracking: tracking, LineExact: linePitch, FirstChars: 2, Outline: 2, KeepNext: true},
	{ID: "Caption", Name: "caption", Based: "Normal", EastAsia: fontHeading, Latin: fontLatin, Size: 14, LineExact: 24, Align: "center", KeepNext: true, Before: 6, NoGrid: true},
	{ID: "TableText", Name: "表格文字", Based: "Normal", EastAsia: fontBody, Latin: fontLatin, Size: 10.5, LineExact: 15, NoGrid: true},
	{ID: "Note", Name: "版记", Based: "Normal", EastAsia: fontBody, Latin: fontLatin, Size: 14, LineExact: linePitch},
}

// textWidth is the A4 text area's width in millimetres.
const textWidth = 210 - 28 - 26

// WriteDOCX writes the summary as a .docx government document: organ,
// number and red line, title, addressees, the sections the plan's phases
// call for, with tables and charts, the issuer and date, and the record
// block (抄送, 印发). created dates the file.
func WriteDOCX(w io.Writer, y dajia.YearEnd, created time.Time) error {
	page := docx.A4(37, 35, 28, 26)
	page.Footer = 21
	page.LinePitch = linePitch
	d := docx.New(page)
	d.Title, d.Creator, d.Created = y.Title(), y.Head.Issuer, created
	d.Fonts, d.Styles = fonts, styles
	d.FooterFont, d.FooterSize, d.PageNumberDashes = fontNumbers, 14, true
	h := y.Head

	// 版头: the organ's mark in red, sized to fit one line, the number and
	// the red line under it.
	organ := h.Issuer + "文件"
	size := 36.0
	if n := utf8.RuneCountInString(organ); n > 0 {
		if fit := textWidth * 72 / 25.4 / float64(n); fit < size {
			size = float64(int(fit))
		}
	}
	d.Para(docx.Para{Style: "Organ", NoIndent: true, Runs: []docx.Run{{Text: organ, Size: size}}})
	d.Para(docx.Para{Style: "DocNumber", NoIndent: true})
	d.Para(docx.Para{Style: "DocNumber", NoIndent: true, BorderBelow: red, BorderBelowWidth: 2, Runs: []docx.Run{{Text: h.Number}}})
	d.Para(docx.Para{Style: "DocNumber", NoIndent: true})

	// 主体
	d.Plain("Title", y.Title())
	d.Para(docx.Para{Style: "Normal", NoIndent: true})
	d.Para(docx.Para{Style: "Normal", NoIndent: true, Runs: []docx.Run{{Text: h.Recipients + "："}}})
	intro := fmt.Sprintf("%d年，按照《%s》", y.Year, y.PlanTitle)
	if y.PlanNo != "" {
		intro += "（" + y.PlanNo + "）"
	}
	intro += "的部署，各职能部门围绕重点产品和突出问题，开展专项打假和统一集中行动，规范打假信息报送。现将全年打假工作情况总结如下："
	d.Plain("Normal", intro)

	heading := 0
	h1 := func(text string) {
		d.Plain("Heading1", chineseNumber(heading)+"、"+text)
		heading++
	}
	tables, figures := 0, 0
	caption := func(text string) {
		tables++
		d.Plain("Caption", fmt.Sprintf("表%d　%s", tables, text))
	}
	figure := func(text string) {
		figures++
		d.Plain("Caption", fmt.Sprintf("图%d　%s", figures, text))
	}

	// 一、总体情况
	h1("总体情况")
	t := y.Total
	d.Plain("Normal", fmt.Sprintf("全年各专项共受理线索%d条，立案查处%d宗，结案%d宗，涉案货值%s万元，罚没款%s万元，移送公安机关%d宗；"+
		"开展监督检查%d次，其中发现问题%d次；抽检%d批次，其中合格%d批次、不合格%d批次，抽检合格率%s；市场调查摸排发现问题%d条；"+
		"开展宣传活动%d场，受众%d人次，发放资料%d份，网络阅读%d次。",
		t.Clues, t.Opened, t.Closed, wan(t.Value), wan(t.Fines), t.Transferred, t.Inspections, t.Findings,
		t.Samplings.Total(), t.Samplings.Passed, t.Samplings.Failed, t.Samplings.Rate(), t.Surveys,
		t.Publicity, t.Reach.People, t.Reach.Copies, t.Reach.Views))
	caption("各专项打假工作情况")
	rows := [][]string{}
	for _, c := range y.Rows() {
		name := c.Name
		if c.No > 0 {
			name = fmt.Sprintf("%d · %s", c.No, c.Name)
		}
		rows = append(rows, []string{name, itoa(c.Clues), itoa(c.Opened), itoa(c.Closed), wan(c.Value), wan(c.Fines),
			itoa(c.Inspections), itoa(c.Samplings.Total()), c.Samplings.Rate(), itoa(c.Publicity)})
	}
	num := "center"
	d.Table(docx.Table{Style: "TableText", Widths: []float64{35, 12, 12, 12, 16, 16, 12, 14, 15, 12},
		Align:  []string{"left", num, num, num, num, num, num, num, num, num},
		Header: []string{"专项", "线索\n(条)", "立案\n(宗)", "结案\n(宗)", "货值\n(万元)", "罚没\n(万元)", "检查\n(次)", "抽检\n(批次)", "合格率", "宣传\n(场)"},
		Rows:   rows, BoldLast: true})
	// The chart's bars are the table's rows but the total: the records of
	// no campaign too, when there are any.
	bars := y.Rows()
	bars = bars[:len(bars)-1]
	cats := make([]string, len(bars))
	clues, opened, closed := make([]float64, len(bars)), make([]float64, len(bars)), make([]float64, len(bars))
	for i, c := range bars {
		cats[i] = shortName(c)
		clues[i], opened[i], closed[i] = float64(c.Clues), float64(c.Opened), float64(c.Closed)
	}
	figure("各专项线索和案件")
	d.Chart(docx.Chart{Kind: "bar", Categories: cats, Width: textWidth, Height: 85, Font: fontBody,
		Series: []docx.Series{{Name: "线索", Values: clues}, {Name: "立案", Values: opened}, {Name: "结案", Values: closed}}})
	if len(y.Months) > 0 {
		months := make([]string, len(y.Months))
		mc, mo, mi, ms := make([]float64, len(y.Months)), make([]float64, len(y.Months)), make([]float64, len(y.Months)), make([]float64, len(y.Months))
		for i, m := range y.Months {
			months[i] = monthName(m.Month)
			mc[i], mo[i], mi[i], ms[i] = float64(m.Clues), float64(m.Opened), float64(m.Inspections), float64(m.Samplings)
		}
		figure("各月工作量")
		d.Chart(docx.Chart{Kind: "line", Categories: months, Width: textWidth, Height: 75, Font: fontBody,
			Series: []docx.Series{{Name: "线索", Values: mc}, {Name: "立案", Values: mo}, {Name: "检查", Values: mi}, {Name: "抽检", Values: ms}}})
	}

	// 二、各专项
	h1("各专项打假工作情况")
	for i, c := range y.Campaigns {
		d.Plain("Heading2", "（"+chineseNumber(i)+"）"+c.Name)
		lead := ""
		if len(c.Leads) > 0 {
			lead = "由" + strings.Join(c.Leads, "、") + "牵头。"
		}
		if c.Empty() {
			d.Plain("Normal", lead+"本年度系统中没有该专项的线索、案件和检查抽检记录。")
			continue
		}
		d.Plain("Normal", lead+campaignText(c))
	}
	if u := y.Unassigned; !u.Empty() {
		d.Plain("Heading2", "（"+chineseNumber(len(y.Campaigns))+"）"+dajia.UnassignedName+"的工作")
		d.Plain("Normal", "未归入具体专项的工作："+unassignedText(u))
	}

	// 三、统一集中行动
	h1("统一集中行动开展情况")
	var asked []string
	for _, p := range y.Phases {
		asked = append(asked, fmt.Sprintf("%s要求开展统一集中行动%d次，已完成%d次", p.Phase.Name, p.Planned, p.Done))
	}
	if len(asked) > 0 {
		d.Plain("Normal", "按照方案要求，"+strings.Join(asked, "；")+"。")
	}
	if len(y.Actions) == 0 {
		d.Plain("Normal", "本年度系统中没有统一集中行动的记录。")
	}
	for i, a := range y.Actions {
		status := "已完成"
		if !a.Done {
			status = "未完成"
		}
		text := fmt.Sprintf("%s（%s至%s，%s）。", a.Name, a.Start.Chinese(), a.End.Chinese(), status)
		if len(a.Units) > 0 {
			text += "参加单位：" + strings.Join(a.Units, "、") + "。"
		}
		text += fmt.Sprintf("行动期间受理线索%d条，立案%d宗，检查%d次，抽检%d批次（不合格%d批次）。", a.Clues, a.Cases, a.Inspections, a.Samplings, a.Failed)
		if s := strings.TrimSpace(a.Summary); s != "" {
			text += fullStop(s)
		}
		d.Plain("Normal", fmt.Sprintf("%d. ", i+1)+text)
	}

	// 四、信息报送
	h1("信息报送情况")
	rt := y.ReportingTotal
	d.Plain("Normal", fmt.Sprintf("各单位全年应报送报表%d份，已报送%d份，报送率%d%%；按时报送%d份，及时率%d%%。",
		rt.Reported.Den, rt.Reported.Num, rt.Reported.Percent(), rt.OnTime.Num, rt.OnTime.Percent()))
	if len(y.Reporting) > 0 {
		caption("各单位信息报送情况")
		var rr [][]string
		for _, u := range y.Reporting {
			rr = append(rr, []string{u.Name, itoa(u.Rates.Reported.Den), itoa(u.Rates.Reported.Num), pct(u.Rates.Reported),
				itoa(u.Rates.OnTime.Num), pct(u.Rates.OnTime)})
		}
		rr = append(rr, []string{"合计", itoa(rt.Reported.Den), itoa(rt.Reported.Num), pct(rt.Reported), itoa(rt.OnTime.Num), pct(rt.OnTime)})
		d.Table(docx.Table{Style: "TableText", Widths: []float64{46, 22, 22, 22, 22, 22},
			Align:  []string{"left", num, num, num, num, num},
			Header: []string{"单位", "应报\n(份)", "已报\n(份)", "报送率", "按时\n(份)", "及时率"}, Rows: rr, BoldLast: true})
	}

	// 五、六、问题和下一步
	h1("存在的问题")
	paras(d, y.ProblemParagraphs())
	h1("下一步工作")
	paras(d, y.NextStepParagraphs())

	// 署名和成文日期: the date four characters in from the right, the
	// organ centred over it.
	d.Para(docx.Para{Style: "Normal", NoIndent: true})
	d.Para(docx.Para{Style: "Normal", NoIndent: true})
	date := h.IssuedOn.Chinese()
	dateChars := utf8.RuneCountInString(date)
	organChars := utf8.RuneCountInString(h.Issuer)
	right := 4 + (dateChars-organChars)/2
	if right < 0 {
		right = 0
	}
	d.Para(docx.Para{Style: "Normal", Align: "right", RightChars: right, KeepNext: true, Runs: []docx.Run{{Text: h.Issuer}}})
	d.Para(docx.Para{Style: "Normal", Align: "right", RightChars: 4, Runs: []docx.Run{{Text: date}}})
	d.Para(docx.Para{Style: "Normal", NoIndent: true})

	// 版记
	if h.Copies != "" {
		d.Para(docx.Para{Style: "Note", NoIndent: true, BorderAbove: "000000", BorderAboveWidth: 1, BorderBelow: "000000", BorderBelowWidth: 0.5,
			Runs: []docx.Run{{Text: "抄送：" + h.Copies + "。"}}})
	}
	note := docx.Para{Style: "Note", NoIndent: true, RightTab: textWidth - 5, BorderBelow: "000000", BorderBelowWidth: 1,
		Runs: []docx.Run{{Text: "　" + h.Issuer + "\t" + date + "印发"}}}
	if h.Copies == "" {
		note.BorderAbove, note.BorderAboveWidth = "000000", 1
	}
	d.Para(note)
	_, err := d.WriteTo(w)
	return err
}

// paras writes the office's paragraphs, and those dajia drafted marked
// as drafts (highlighted, 【草稿】) for the office to rewrite.
func paras(d *docx.Doc, ps []dajia.Paragraph) {
	for i, p := range ps {
		prefix := fmt.Sprintf("%d. ", i+1)
		if p.Draft {
			d.Para(docx.Para{Style: "Normal", Runs: []docx.Run{{Text: prefix}, {Text: "【草稿】" + p.Text, Highlight: "yellow"}}})
			continue
		}
		d.Para(docx.Para{Style: "Normal", Runs: []docx.Run{{Text: prefix + p.Text}}})
	}
}

// campaignText is a campaign's year in a sentence. Publicity is said only
// when the campaign has its own: most publicity is the town's, said once
// (the overview and the 未归入专项 paragraph).
func campaignText(c dajia.CampaignYear) string {
	text := fmt.Sprintf("全年受理线索%d条，立案%d宗、结案%d宗，涉案货值%s万元，罚没款%s万元，移送公安机关%d宗；"+
		"开展检查%d次，发现问题%d次；抽检%d批次，不合格%d批次，合格率%s；市场调查摸排发现问题%d条",
		c.Clues, c.Opened, c.Closed, wan(c.Value), wan(c.Fines), c.Transferred, c.Inspections, c.Findings,
		c.Samplings.Total(), c.Samplings.Failed, c.Samplings.Rate(), c.Surveys)
	if c.Publicity > 0 {
		text += fmt.Sprintf("；开展宣传活动%d场", c.Publicity)
	}
	return text + "。"
}

// unassignedText says what the records of no campaign add up to, only the
// kinds there are.
func unassignedText(c dajia.CampaignYear) string {
	var parts []string
	add := func(n int, format string) {
		if n > 0 {
			parts = append(parts, fmt.Sprintf(format, n))
		}
	}
	add(c.Clues, "受理线索%d条")
	add(c.Opened, "立案%d宗")
	add(c.Closed, "结案%d宗")
	add(c.Inspections, "开展检查%d次")
	add(c.Samplings.Total(), "抽检%d批次")
	add(c.Surveys, "市场调查摸排发现问题%d条")
	if c.Publicity > 0 {
		parts = append(parts, fmt.Sprintf("开展宣传活动%d场（受众%d人次，发放资料%d份，网络阅读%d次）", c.Publicity, c.Reach.People, c.Reach.Copies, c.Reach.Views))
	}
	return strings.Join(parts, "，") + "。"
}

// fullStop ends a sentence with 。 unless it already ends with a stop.
func fullStop(s string) string {
	if strings.HasSuffix(s, "。") || strings.HasSuffix(s, "！") || strings.HasSuffix(s, "？") || strings.HasSuffix(s, ".") {
		return s
	}
	return s + "。"
}

// shortName is a campaign's name for a chart's axis: its number and the
// name without its brackets and the words 专项打假.
func shortName(c dajia.CampaignYear) string {
	n := c.Name
	if i := strings.Index(n, "（"); i >= 0 {
		if j := strings.Index(n[i:], "）"); j >= 0 {
			n = n[:i] + n[i+j+len("）"):]
		}
	}
	n = strings.TrimSuffix(strings.TrimSuffix(n, "专项打假"), "产品")
	if c.No == 0 {
		return n // 未归入专项
	}
	return fmt.Sprintf("%d.%s", c.No, n)
}

func monthName(m string) string {
	var y, mo int
	if _, err := fmt.Sscanf(m, "%d-%d", &y, &mo); err != nil {
		return m
	}
	return fmt.Sprintf("%d月", mo)
}

func itoa(n int) string { return fmt.Sprint(n) }

func wan(a dajia.Amount) string { return a.WanText() }

func pct(r dajia.Rate) string {
	if r.Den == 0 {
		return "—"
	}
	return fmt.Sprintf("%d%%", r.Percent())
}

// chineseNumber is 一, 二, … for i = 0, 1, … (up to 九十九).
func chineseNumber(i int) string {
	digits := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	n := i + 1
	switch {
	case n < 10:
		return digits[n]
	case n < 20:
		return "十" + digits[n%10]
	case n < 100:
		return digits[n/10] + "十" + digits[n%10]
	}
	return fmt.Sprint(n)
}
