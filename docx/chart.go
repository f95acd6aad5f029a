package docx

import (
	"fmt"
	"strconv"
	"strings"
)

// Chart is a native chart (DrawingML): a clustered column chart or a line
// chart over categories, one series a set of values. The values are cached
// in the chart's part, so a reader draws it without a workbook.
type Chart struct {
	Kind       string // bar | line
	Title      string
	Categories []string
	Series     []Series
	Width      float64 // millimetres
	Height     float64
	Font       string // the labels' Chinese font
}

// Series is one set of values of a chart, one per category.
type Series struct {
	Name   string
	Values []float64
	Color  string // RRGGBB
}

// Chart adds a chart in a paragraph of its own, centred.
func (d *Doc) Chart(c Chart) {
	d.charts = append(d.charts, c)
	d.shapes++
	n := len(d.charts)
	fmt.Fprintf(&d.body, `<w:p><w:pPr><w:spacing w:line="240" w:lineRule="auto"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr><w:r><w:drawing>`+
		`<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="%d" cy="%d"/><wp:effectExtent l="0" t="0" r="0" b="0"/>`+
		`<wp:docPr id="%d" name="%s"/><wp:cNvGraphicFramePr/><a:graphic><a:graphicData uri="`+nsC+`">`+
		`<c:chart r:id="rIdChart%d"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>`,
		mmEMU(c.Width), mmEMU(c.Height), d.shapes, attr(fmt.Sprintf("图表 %d", n)), n)
}

var defaultColors = []string{"C00000", "1F4E79", "548235", "BF8F00", "7030A0", "2E75B6"}

// column is a spreadsheet column's letters (0 is A).
func column(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

func (c Chart) xml() string {
	var b strings.Builder
	font := attr(c.Font)
	rpr := func(size int, bold bool) string {
		bo := "0"
		if bold {
			bo = "1"
		}
		return fmt.Sprintf(`sz="%d" b="%s"><a:latin typeface="%s"/><a:ea typeface="%s"/>`, size, bo, font, font)
	}
	b.WriteString(xmlHead + `<c:chartSpace xmlns:c="` + nsC + `" xmlns:a="` + nsA + `" xmlns:r="` + nsR + `">`)
	b.WriteString(`<c:roundedCorners val="0"/><c:chart>`)
	if c.Title != "" {
		b.WriteString(`<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr ` + rpr(1200, true) + `</a:defRPr></a:pPr>` +
			`<a:r><a:rPr lang="zh-CN" ` + rpr(1200, true) + `</a:rPr><a:t>` + escape(c.Title) + `</a:t></a:r></a:p></c:rich></c:tx>` +
			`<c:overlay val="0"/></c:title>`)
	}
	b.WriteString(`<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>`)
	if c.Kind == "line" {
		b.WriteString(`<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>`)
	} else {
		b.WriteString(`<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>`)
	}
	last := len(c.Categories) + 1
	for i, s := range c.Series {
		col := column(i + 1)
		color := s.Color
		if color == "" {
			color = defaultColors[i%len(defaultColors)]
		}
		fmt.Fprintf(&b, `<c:ser><c:idx val="%d"/><c:order val="%d"/>`, i, i)
		fmt.Fprintf(&b, `<c:tx><c:strRef><c:f>Sheet1!$%s$1</c:f><c:strCache><c:ptCount val="1"/><c:pt idx="0"><c:v>%s</c:v></c:pt></c:strCache></c:strRef></c:tx>`,
			col, escape(s.Name))
		if c.Kind == "line" {
			fmt.Fprintf(&b, `<c:spPr><a:ln w="28575"><a:solidFill><a:srgbClr val="%s"/></a:solidFill></a:ln></c:spPr>`, attr(color))
			fmt.Fprintf(&b, `<c:marker><c:symbol val="circle"/><c:size val="5"/><c:spPr><a:solidFill><a:srgbClr val="%s"/></a:solidFill></c:spPr></c:marker>`, attr(color))
		} else {
			fmt.Fprintf(&b, `<c:spPr><a:solidFill><a:srgbClr val="%s"/></a:solidFill></c:spPr><c:invertIfNegative val="0"/>`, attr(color))
		}
		fmt.Fprintf(&b, `<c:cat><c:strRef><c:f>Sheet1!$A$2:$A$%d</c:f><c:strCache><c:ptCount val="%d"/>`, last, len(c.Categories))
		for j, cat := range c.Categories {
			fmt.Fprintf(&b, `<c:pt idx="%d"><c:v>%s</c:v></c:pt>`, j, escape(cat))
		}
		b.WriteString(`</c:strCache></c:strRef></c:cat>`)
		fmt.Fprintf(&b, `<c:val><c:numRef><c:f>Sheet1!$%s$2:$%s$%d</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="%d"/>`,
			col, col, last, len(c.Categories))
		for j := range c.Categories {
			if j < len(s.Values) {
				fmt.Fprintf(&b, `<c:pt idx="%d"><c:v>%s</c:v></c:pt>`, j, strconv.FormatFloat(s.Values[j], 'f', -1, 64))
			}
		}
		b.WriteString(`</c:numCache></c:numRef></c:val>`)
		if c.Kind == "line" {
			b.WriteString(`<c:smooth val="0"/>`)
		}
		b.WriteString(`</c:ser>`)
	}
	if c.Kind == "line" {
		b.WriteString(`<c:marker val="1"/><c:axId val="500001"/><c:axId val="500002"/></c:lineChart>`)
	} else {
		b.WriteString(`<c:gapWidth val="80"/><c:axId val="500001"/><c:axId val="500002"/></c:barChart>`)
	}
	b.WriteString(`<c:catAx><c:axId val="500001"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/>` +
		`<c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>` +
		`<c:crossAx val="500002"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>`)
	b.WriteString(`<c:valAx><c:axId val="500002"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="l"/>` +
		`<c:majorGridlines/><c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/>` +
		`<c:tickLblPos val="nextTo"/><c:crossAx val="500001"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>`)
	b.WriteString(`</c:plotArea><c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>`)
	b.WriteString(`<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr ` + rpr(1000, false) + `</a:defRPr></a:pPr><a:endParaRPr lang="zh-CN"/></a:p></c:txPr>`)
	b.WriteString(`</c:chartSpace>`)
	return b.String()
}
