package docx

import (
	"fmt"
	"strings"
)

// Table is a table with a header row repeated on every page it crosses.
// Widths are the columns' widths in millimetres (they should add up to the
// text width); Align is each column's alignment (left when short).
type Table struct {
	Style  string // the paragraph style of the cells
	Widths []float64
	Align  []string
	Header []string
	Rows   [][]string
	// BoldLast sets the last row in bold (a total).
	BoldLast bool
}

// Table adds a table.
func (d *Doc) Table(t Table) {
	var b strings.Builder
	b.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:jc w:val="center"/><w:tblBorders>`)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		b.WriteString(`<w:` + side + ` w:val="single" w:sz="4" w:space="0" w:color="000000"/>`)
	}
	b.WriteString(`</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>`)
	for _, w := range t.Widths {
		fmt.Fprintf(&b, `<w:gridCol w:w="%d"/>`, mmTwips(w))
	}
	b.WriteString(`</w:tblGrid>`)
	row := func(cells []string, header, bold bool) {
		b.WriteString(`<w:tr><w:trPr><w:cantSplit/>`)
		if header {
			b.WriteString(`<w:tblHeader/>`)
		}
		b.WriteString(`</w:trPr>`)
		for i := range t.Widths {
			text := ""
			if i < len(cells) {
				text = cells[i]
			}
			align := "left"
			if header {
				align = "center"
			} else if i < len(t.Align) && t.Align[i] != "" {
				align = t.Align[i]
			}
			fmt.Fprintf(&b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>`, mmTwips(t.Widths[i]))
			b.WriteString(paraXML(Para{Style: t.Style, Align: align, NoIndent: true, Runs: []Run{{Text: text, Bold: bold || header}}}))
			b.WriteString(`</w:tc>`)
		}
		b.WriteString(`</w:tr>`)
	}
	if len(t.Header) > 0 {
		row(t.Header, true, false)
	}
	for i, r := range t.Rows {
		row(r, false, t.BoldLast && i == len(t.Rows)-1)
	}
	b.WriteString(`</w:tbl>`)
	d.body.WriteString(b.String())
}
