package yearend

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"dajia"
)

// sample is a year with two campaigns (one without records), a joint
// action, two units' reporting and text from records that is hostile to
// XML.
func sample() dajia.YearEnd {
	y := dajia.YearEnd{PlanID: "zs-gangkou-2017", PlanTitle: "2017年中山市港口镇打假工作方案", PlanNo: "中港府办〔2017〕74号", Year: 2017,
		Today: dajia.MustDate("2017-12-29"),
		Head: dajia.YearEndHead{Number: "港打假〔2017〕9号", Issuer: "中山市港口镇打假办", IssuedOn: dajia.MustDate("2017-12-29"),
			Recipients: "食药监分局、工商分局、质监分局", Copies: "中山市港口镇人民政府办公室", Problems: "", NextSteps: "继续保持高压态势。\n加强<b>宣传</b>&培训。"},
		Campaigns: []dajia.CampaignYear{
			{No: 1, Name: "食品、药品（含化妆品）专项打假", Leads: []string{"食药监分局"}},
			{No: 7, Name: "灯具专项打假", Leads: []string{"质监分局（生产领域）", "工商分局（流通领域）"}, Clues: 3, Opened: 2, Closed: 1,
				Value: 123456 * dajia.AmountScale, Fines: 20000 * dajia.AmountScale, Transferred: 1, Inspections: 5, Findings: 2,
				Samplings: dajia.PassRate{Passed: 3, Failed: 1}, Publicity: 2, Reach: dajia.Reach{People: 300}},
		},
		Actions: []dajia.ActionYear{{Name: "九月统一集中行动 <&>\x01", Start: dajia.MustDate("2017-09-01"), End: dajia.MustDate("2017-09-30"),
			Units: []string{"工商分局", "质监分局"}, Done: true, Summary: "出动执法人员40人次。", Inspections: 1, Samplings: 1, Failed: 1}},
		Reporting: []dajia.UnitReporting{
			{Unit: "gsfj", Name: "工商分局", Rates: dajia.Rates{Reported: dajia.Rate{Num: 3, Den: 4}, OnTime: dajia.Rate{Num: 2, Den: 4}}},
			{Unit: "zjfj", Name: "质监分局", Rates: dajia.Rates{Reported: dajia.Rate{Num: 4, Den: 4}, OnTime: dajia.Rate{Num: 4, Den: 4}}},
		},
		ReportingTotal: dajia.Rates{Reported: dajia.Rate{Num: 7, Den: 8}, OnTime: dajia.Rate{Num: 6, Den: 8}},
		Months:         []dajia.MonthFigures{{Month: "2017-09", Clues: 2, Opened: 1, Inspections: 4, Samplings: 3}, {Month: "2017-10", Clues: 1, Opened: 1, Closed: 1, Inspections: 1, Samplings: 1}},
		Units:          []dajia.UnitYear{{CampaignNo: 7, Campaign: "灯具专项打假", Unit: "zjfj", Name: "质监分局", Clues: 3, Inspections: 5}},
		Reports: []dajia.ReportLine{{Rule: "月度信息报送", Period: "2017年9月", Unit: "gsfj", Name: "工商分局", Due: dajia.MustDate("2017-10-05"),
			Timeliness: dajia.Late, SubmittedOn: dajia.MustDate("2017-10-08")}},
	}
	y.Total = y.Campaigns[1]
	y.Total.No, y.Total.Name = 0, "合计"
	return y
}

func unzip(t *testing.T, b []byte) map[string]string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range z.File {
		r, _ := f.Open()
		body, _ := io.ReadAll(r)
		r.Close()
		if strings.HasSuffix(f.Name, ".xml") || strings.HasSuffix(f.Name, ".rels") {
			dec := xml.NewDecoder(bytes.NewReader(body))
			for {
				if _, err := dec.Token(); err == io.EOF {
					break
				} else if err != nil {
					t.Fatalf("%s is not well-formed: %v", f.Name, err)
				}
			}
		}
		out[f.Name] = string(body)
	}
	return out
}

// The document names GB/T 9704's fonts in its styles (with fallbacks in
// the font table), lays out an A4 page with the standard margins, carries
// its head, each campaign's figures, the action, the reporting rates and
// the office's next steps, marks the drafted problems, and holds two
// native charts with their values.
func TestYearEndDocumentIsAGovernmentDocumentWithTheFigures(t *testing.T) {
	var b bytes.Buffer
	y := sample()
	if err := WriteDOCX(&b, y, time.Date(2017, 12, 29, 8, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	if out := os.Getenv("DAJIA_YEAREND_OUT"); out != "" {
		os.WriteFile(filepath.Join(out, "sample.docx"), b.Bytes(), 0o644)
	}
	p := unzip(t, b.Bytes())
	doc := p["word/document.xml"]
	for part, wants := range map[string][]string{
		"word/styles.xml": {`w:eastAsia="方正小标宋简体"`, `w:eastAsia="仿宋_GB2312"`, `w:eastAsia="黑体"`, `w:eastAsia="楷体_GB2312"`,
			`<w:sz w:val="32"/>`, `<w:sz w:val="44"/>`},
		"word/fontTable.xml": {`<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>`, `<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>`},
		"word/document.xml": {"中山市港口镇打假办文件", "港打假〔2017〕9号", "关于2017年打假工作情况的总结", "食药监分局、工商分局、质监分局：",
			"一、总体情况", "二、各专项打假工作情况", "（一）食品、药品（含化妆品）专项打假", "（二）灯具专项打假",
			"全年受理线索3条，立案2宗、结案1宗，涉案货值12.35万元", "合格率75.0%", "本年度系统中没有该专项",
			"九月统一集中行动 &lt;&amp;&gt;", "报送率88%", "及时率75%", "继续保持高压态势。", "加强&lt;b&gt;宣传&lt;/b&gt;&amp;培训。",
			"【草稿】信息报送不够及时：工商分局（及时率50%）", `<w:highlight w:val="yellow"/>`, "2017年12月29日", "抄送：中山市港口镇人民政府办公室。",
			`w:top="2098"`, `w:left="1587"`, `<c:chart r:id="rIdChart1"/>`, `<c:chart r:id="rIdChart2"/>`},
		"word/charts/chart1.xml": {`<c:barChart>`, `<c:v>7.灯具</c:v>`, `<c:v>线索</c:v>`},
		"word/charts/chart2.xml": {`<c:lineChart>`, `<c:v>9月</c:v>`},
		"word/footer1.xml":       {"— ", " PAGE "},
	} {
		for _, w := range wants {
			if !strings.Contains(p[part], w) {
				t.Errorf("%s lacks %s", part, w)
			}
		}
	}
	if strings.Contains(doc, "\x01") {
		t.Error("a control character reached the document")
	}
}

// The workbook holds every figure on its sheets, each with its header.
func TestYearEndWorkbookHoldsEveryFigure(t *testing.T) {
	var b bytes.Buffer
	if err := WriteXLSX(&b, sample()); err != nil {
		t.Fatal(err)
	}
	if out := os.Getenv("DAJIA_YEAREND_OUT"); out != "" {
		os.WriteFile(filepath.Join(out, "sample.xlsx"), b.Bytes(), 0o644)
	}
	x, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	want := map[string][]string{
		"总结":   {"发文字号", "港打假〔2017〕9号"},
		"各专项":  {"灯具专项打假", "12.35", "75", "合计"},
		"各单位":  {"质监分局", "灯具专项打假"},
		"各月":   {"2017-09", "2017-10"},
		"信息报送": {"工商分局", "75", "50", "合计", "88"},
		"报送明细": {"2017年9月", "2017-10-08", "迟报"},
		"集中行动": {"九月统一集中行动 <&>", "已完成", "出动执法人员40人次。"},
	}
	if got := x.GetSheetList(); len(got) != len(want) {
		t.Errorf("sheets %v", got)
	}
	for sheet, wants := range want {
		rows, err := x.GetRows(sheet)
		if err != nil || len(rows) < 2 {
			t.Errorf("sheet %s: %v, %d rows", sheet, err, len(rows))
			continue
		}
		var all []string
		for _, r := range rows {
			all = append(all, strings.Join(r, "|"))
		}
		text := strings.Join(all, "\n")
		for _, w := range wants {
			if !strings.Contains(text, w) {
				t.Errorf("sheet %s lacks %s:\n%s", sheet, w, text)
			}
		}
	}
}

// The chart of the campaigns has a bar for the records of no campaign
// when there are any, as the table has a row.
func TestYearEndChartHasTheRecordsOfNoCampaign(t *testing.T) {
	for _, clues := range []int{0, 4} {
		y := sample()
		y.Unassigned = dajia.CampaignYear{Name: dajia.UnassignedName, Clues: clues}
		var b bytes.Buffer
		if err := WriteDOCX(&b, y, time.Date(2017, 12, 29, 8, 0, 0, 0, time.UTC)); err != nil {
			t.Fatal(err)
		}
		chart := unzip(t, b.Bytes())["word/charts/chart1.xml"]
		if has := strings.Contains(chart, "<c:v>未归入专项</c:v>"); has != (clues > 0) {
			t.Errorf("with %d clues of no campaign the chart has its bar: %v", clues, has)
		}
		if !strings.Contains(chart, "<c:v>7.灯具</c:v>") {
			t.Error("the campaigns' bars are gone")
		}
	}
}
