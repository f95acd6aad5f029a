// Package docx writes small WordprocessingML (.docx) documents: styled
// paragraphs, tables, native bar and line charts with their values cached
// in the file, an A4 page set up in millimetres and page-number footers.
// It knows nothing of dajia; every text and attribute it writes is made
// safe for XML first (broken UTF-8, control characters, markup).
package docx

import (
	"archive/zip"
	"fmt"
	"io"
	"strings"
	"time"
)

// Font is a font of the font table, with the font a reader should use when
// it lacks this one (AltName) and its PANOSE classification, both of which
// Word and LibreOffice read to choose a substitute.
type Font struct {
	Name    string
	AltName string
	Panose  string // 20 hex digits
	Family  string // roman | swiss | modern | script | decorative | auto
	Charset string // hex: 86 is GB2312
}

// Style is a paragraph style. Sizes are in points, indents in characters.
type Style struct {
	ID, Name string
	EastAsia string // the Chinese font
	Latin    string // the Western font
	Size     float64
	// Tracking narrows (negative) or widens the space between characters,
	// in points: how a line of a given size holds a given count.
	Tracking float64
	Bold     bool
	Color    string // RRGGBB
	Align    string // left | center | right | both
	// LineExact is the exact line height in points; 0 is single spacing.
	LineExact  float64
	FirstChars int     // first-line indent in characters
	Before     float64 // space before, in points
	After      float64
	Outline    int // outline level + 1; 0 is body text
	KeepNext   bool
	Based      string
	// NoGrid keeps the style's lines off the page's line grid (tables,
	// captions: their own line height).
	NoGrid bool
}

// Page is the page set-up, in millimetres. LinePitch (points), when set,
// lays a line grid on the text area.
type Page struct {
	Width, Height            float64
	Top, Bottom, Left, Right float64
	Footer                   float64 // from the page's bottom edge
	LinePitch                float64
}

// A4 is an A4 portrait page with the given margins.
func A4(top, bottom, left, right float64) Page {
	return Page{Width: 210, Height: 297, Top: top, Bottom: bottom, Left: left, Right: right, Footer: 20}
}

// Run is a piece of text with its own look over the paragraph's style.
type Run struct {
	Text      string
	Font      string // the Chinese (and Western) font, if not the style's
	Size      float64
	Bold      bool
	Color     string
	Highlight string // yellow, green...
}

// Para is a paragraph.
type Para struct {
	Style string
	Align string // over the style's
	// NoIndent cancels the style's first-line indent.
	NoIndent        bool
	PageBreakBefore bool
	KeepNext        bool
	// BorderBelow draws a line under the paragraph (the red line under a
	// document's number) in the colour given, with a width in points.
	BorderBelow      string
	BorderBelowWidth float64
	// BorderAbove draws a line over the paragraph, likewise.
	BorderAbove      string
	BorderAboveWidth float64
	// RightTab is a right-aligned tab stop, in millimetres from the text's
	// left edge (0: none).
	RightTab float64
	// RightChars indents the paragraph from the right, in characters.
	RightChars int
	Runs       []Run
}

// Doc is a document being written; its zero value is not usable: use New.
type Doc struct {
	Title, Creator string
	Created        time.Time
	Page           Page
	Fonts          []Font
	Styles         []Style
	// FooterFont and FooterSize are the page numbers' look.
	FooterFont string
	FooterSize float64
	// PageNumberDashes writes page numbers as "— 1 —" (公文), odd pages
	// to the right and even pages to the left.
	PageNumberDashes bool

	body   strings.Builder
	charts []Chart
	shapes int
}

// New starts a document on page p.
func New(p Page) *Doc {
	return &Doc{Page: p, FooterSize: 14}
}

// Para adds a paragraph.
func (d *Doc) Para(p Para) {
	d.body.WriteString(paraXML(p))
}

// Plain adds a paragraph of one run in a style.
func (d *Doc) Plain(style, text string) {
	d.Para(Para{Style: style, Runs: []Run{{Text: text}}})
}

// PageBreak starts a new page.
func (d *Doc) PageBreak() {
	d.body.WriteString(`<w:p><w:r><w:br w:type="page"/></w:r></w:p>`)
}

func mmTwips(mm float64) int  { return int(mm*1440/25.4 + 0.5) }
func ptTwips(pt float64) int  { return int(pt*20 + 0.5) }
func ptHalves(pt float64) int { return int(pt*2 + 0.5) }
func mmEMU(mm float64) int64  { return int64(mm*36000 + 0.5) }
func attr(s string) string    { return escape(s) }
func onOff(b bool, tag string) string {
	if b {
		return "<w:" + tag + "/>"
	}
	return ""
}

func fontsXML(name string) string {
	if name == "" {
		return ""
	}
	n := attr(name)
	return `<w:rFonts w:ascii="` + n + `" w:hAnsi="` + n + `" w:eastAsia="` + n + `" w:cs="` + n + `"/>`
}

func runXML(r Run) string {
	var b strings.Builder
	b.WriteString("<w:r><w:rPr>")
	b.WriteString(fontsXML(r.Font))
	b.WriteString(onOff(r.Bold, "b"))
	if r.Color != "" {
		b.WriteString(`<w:color w:val="` + attr(r.Color) + `"/>`)
	}
	if r.Size > 0 {
		fmt.Fprintf(&b, `<w:sz w:val="%d"/><w:szCs w:val="%d"/>`, ptHalves(r.Size), ptHalves(r.Size))
	}
	if r.Highlight != "" {
		b.WriteString(`<w:highlight w:val="` + attr(r.Highlight) + `"/>`)
	}
	b.WriteString("</w:rPr>")
	b.WriteString(textXML(r.Text))
	b.WriteString("</w:r>")
	return b.String()
}

// textXML is a run's text: line breaks and tabs become Word's own.
func textXML(s string) string {
	s = Clean(s)
	var b strings.Builder
	for i, line := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if i > 0 {
			b.WriteString("<w:br/>")
		}
		for j, part := range strings.Split(line, "\t") {
			if j > 0 {
				b.WriteString("<w:tab/>")
			}
			if part != "" {
				b.WriteString(`<w:t xml:space="preserve">` + escape(part) + `</w:t>`)
			}
		}
	}
	return b.String()
}

func paraXML(p Para) string {
	var b strings.Builder
	b.WriteString("<w:p><w:pPr>")
	if p.Style != "" {
		b.WriteString(`<w:pStyle w:val="` + attr(p.Style) + `"/>`)
	}
	b.WriteString(onOff(p.KeepNext, "keepNext"))
	b.WriteString(onOff(p.PageBreakBefore, "pageBreakBefore"))
	if p.BorderBelow != "" || p.BorderAbove != "" {
		b.WriteString("<w:pBdr>")
		for _, x := range []struct {
			side, color string
			width       float64
		}{{"top", p.BorderAbove, p.BorderAboveWidth}, {"bottom", p.BorderBelow, p.BorderBelowWidth}} {
			if x.color == "" {
				continue
			}
			w := int(x.width*8 + 0.5) // eighths of a point
			if w <= 0 {
				w = 8
			}
			fmt.Fprintf(&b, `<w:%s w:val="single" w:sz="%d" w:space="1" w:color="%s"/>`, x.side, w, attr(x.color))
		}
		b.WriteString("</w:pBdr>")
	}
	if p.RightTab > 0 {
		fmt.Fprintf(&b, `<w:tabs><w:tab w:val="right" w:pos="%d"/></w:tabs>`, mmTwips(p.RightTab))
	}
	if p.NoIndent || p.RightChars > 0 {
		fmt.Fprintf(&b, `<w:ind w:firstLineChars="0" w:firstLine="0" w:rightChars="%d" w:right="%d"/>`, p.RightChars*100, p.RightChars*320)
	}
	if p.Align != "" {
		b.WriteString(`<w:jc w:val="` + attr(p.Align) + `"/>`)
	}
	b.WriteString("</w:pPr>")
	for _, r := range p.Runs {
		b.WriteString(runXML(r))
	}
	b.WriteString("</w:p>")
	return b.String()
}

// WriteTo writes the document as a .docx archive.
func (d *Doc) WriteTo(w io.Writer) (int64, error) {
	cw := &countWriter{w: w}
	z := zip.NewWriter(cw)
	files := []struct{ name, body string }{
		{"[Content_Types].xml", d.contentTypes()},
		{"_rels/.rels", rootRels},
		{"docProps/core.xml", d.core()},
		{"docProps/app.xml", appXML},
		{"word/_rels/document.xml.rels", d.documentRels()},
		{"word/document.xml", d.document()},
		{"word/styles.xml", d.styles()},
		{"word/settings.xml", d.settings()},
		{"word/fontTable.xml", d.fontTable()},
		{"word/footer1.xml", d.footer("right")},
		{"word/footer2.xml", d.footer("left")},
	}
	for i, c := range d.charts {
		files = append(files, struct{ name, body string }{fmt.Sprintf("word/charts/chart%d.xml", i+1), c.xml()})
	}
	for _, f := range files {
		fw, err := z.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: d.Created})
		if err != nil {
			return cw.n, err
		}
		if _, err := io.WriteString(fw, f.body); err != nil {
			return cw.n, err
		}
	}
	err := z.Close()
	return cw.n, err
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

const xmlHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

const (
	nsW   = `http://schemas.openxmlformats.org/wordprocessingml/2006/main`
	nsR   = `http://schemas.openxmlformats.org/officeDocument/2006/relationships`
	nsWP  = `http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing`
	nsA   = `http://schemas.openxmlformats.org/drawingml/2006/main`
	nsC   = `http://schemas.openxmlformats.org/drawingml/2006/chart`
	nsRel = `http://schemas.openxmlformats.org/package/2006/relationships`
	relT  = `http://schemas.openxmlformats.org/officeDocument/2006/relationships/`
)

const rootRels = xmlHead + `<Relationships xmlns="` + nsRel + `">` +
	`<Relationship Id="rId1" Type="` + relT + `officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`<Relationship Id="rId3" Type="` + relT + `extended-properties" Target="docProps/app.xml"/>` +
	`</Relationships>`

const appXML = xmlHead + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>dajia</Application></Properties>`

func (d *Doc) contentTypes() string {
	var b strings.Builder
	b.WriteString(xmlHead + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`)
	b.WriteString(`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>`)
	b.WriteString(`<Default Extension="xml" ContentType="application/xml"/>`)
	wml := "application/vnd.openxmlformats-officedocument.wordprocessingml."
	for _, o := range [][2]string{
		{"/word/document.xml", wml + "document.main+xml"}, {"/word/styles.xml", wml + "styles+xml"},
		{"/word/settings.xml", wml + "settings+xml"}, {"/word/fontTable.xml", wml + "fontTable+xml"},
		{"/word/footer1.xml", wml + "footer+xml"}, {"/word/footer2.xml", wml + "footer+xml"},
		{"/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"},
		{"/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml"},
	} {
		b.WriteString(`<Override PartName="` + o[0] + `" ContentType="` + o[1] + `"/>`)
	}
	for i := range d.charts {
		fmt.Fprintf(&b, `<Override PartName="/word/charts/chart%d.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>`, i+1)
	}
	b.WriteString(`</Types>`)
	return b.String()
}

func (d *Doc) core() string {
	t := d.Created.UTC().Format("2006-01-02T15:04:05Z")
	return xmlHead + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
		`xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<dc:title>` + escape(d.Title) + `</dc:title><dc:creator>` + escape(d.Creator) + `</dc:creator>` +
		`<dcterms:created xsi:type="dcterms:W3CDTF">` + t + `</dcterms:created>` +
		`<dcterms:modified xsi:type="dcterms:W3CDTF">` + t + `</dcterms:modified></cp:coreProperties>`
}

func (d *Doc) documentRels() string {
	var b strings.Builder
	b.WriteString(xmlHead + `<Relationships xmlns="` + nsRel + `">`)
	for _, r := range [][3]string{
		{"rIdStyles", "styles", "styles.xml"}, {"rIdSettings", "settings", "settings.xml"}, {"rIdFonts", "fontTable", "fontTable.xml"},
		{"rIdFooterOdd", "footer", "footer1.xml"}, {"rIdFooterEven", "footer", "footer2.xml"},
	} {
		b.WriteString(`<Relationship Id="` + r[0] + `" Type="` + relT + r[1] + `" Target="` + r[2] + `"/>`)
	}
	for i := range d.charts {
		fmt.Fprintf(&b, `<Relationship Id="rIdChart%d" Type="`+relT+`chart" Target="charts/chart%d.xml"/>`, i+1, i+1)
	}
	b.WriteString(`</Relationships>`)
	return b.String()
}

func (d *Doc) document() string {
	var b strings.Builder
	b.WriteString(xmlHead + `<w:document xmlns:w="` + nsW + `" xmlns:r="` + nsR + `" xmlns:wp="` + nsWP + `" xmlns:a="` + nsA + `" xmlns:c="` + nsC + `"><w:body>`)
	b.WriteString(d.body.String())
	p := d.Page
	b.WriteString(`<w:sectPr>`)
	if d.PageNumberDashes {
		b.WriteString(`<w:footerReference w:type="default" r:id="rIdFooterOdd"/><w:footerReference w:type="even" r:id="rIdFooterEven"/>`)
	} else {
		b.WriteString(`<w:footerReference w:type="default" r:id="rIdFooterOdd"/>`)
	}
	fmt.Fprintf(&b, `<w:pgSz w:w="%d" w:h="%d"/>`, mmTwips(p.Width), mmTwips(p.Height))
	fmt.Fprintf(&b, `<w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="851" w:footer="%d" w:gutter="0"/>`,
		mmTwips(p.Top), mmTwips(p.Right), mmTwips(p.Bottom), mmTwips(p.Left), mmTwips(p.Footer))
	if p.LinePitch > 0 {
		fmt.Fprintf(&b, `<w:docGrid w:type="lines" w:linePitch="%d"/>`, ptTwips(p.LinePitch))
	}
	b.WriteString(`</w:sectPr></w:body></w:document>`)
	return b.String()
}

func (d *Doc) settings() string {
	even := ""
	if d.PageNumberDashes {
		even = `<w:evenAndOddHeaders/>`
	}
	return xmlHead + `<w:settings xmlns:w="` + nsW + `">` + even + `<w:defaultTabStop w:val="420"/>` +
		`<w:characterSpacingControl w:val="compressPunctuation"/><w:compat><w:spaceForUL/><w:balanceSingleByteDoubleByteWidth/>` +
		`<w:doNotLeaveBackslashAlone/><w:ulTrailSpace/><w:doNotExpandShiftReturn/><w:adjustLineHeightInTable/><w:useFELayout/></w:compat>` +
		`<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/></w:settings>`
}

func (d *Doc) fontTable() string {
	var b strings.Builder
	b.WriteString(xmlHead + `<w:fonts xmlns:w="` + nsW + `">`)
	for _, f := range d.Fonts {
		b.WriteString(`<w:font w:name="` + attr(f.Name) + `">`)
		if f.AltName != "" {
			b.WriteString(`<w:altName w:val="` + attr(f.AltName) + `"/>`)
		}
		if f.Panose != "" {
			b.WriteString(`<w:panose1 w:val="` + attr(f.Panose) + `"/>`)
		}
		if f.Charset != "" {
			b.WriteString(`<w:charset w:val="` + attr(f.Charset) + `"/>`)
		}
		fam := f.Family
		if fam == "" {
			fam = "auto"
		}
		b.WriteString(`<w:family w:val="` + attr(fam) + `"/><w:pitch w:val="variable"/></w:font>`)
	}
	b.WriteString(`</w:fonts>`)
	return b.String()
}

func (d *Doc) styles() string {
	var b strings.Builder
	b.WriteString(xmlHead + `<w:styles xmlns:w="` + nsW + `">`)
	b.WriteString(`<w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>` +
		`<w:pPrDefault><w:pPr><w:widowControl w:val="0"/></w:pPr></w:pPrDefault></w:docDefaults>`)
	for i, s := range d.Styles {
		def := ""
		if i == 0 {
			def = ` w:default="1"`
		}
		b.WriteString(`<w:style w:type="paragraph"` + def + ` w:styleId="` + attr(s.ID) + `"><w:name w:val="` + attr(s.Name) + `"/>`)
		if s.Based != "" {
			b.WriteString(`<w:basedOn w:val="` + attr(s.Based) + `"/>`)
		}
		b.WriteString(`<w:qFormat/><w:pPr>`)
		b.WriteString(onOff(s.KeepNext, "keepNext"))
		if s.NoGrid {
			b.WriteString(`<w:snapToGrid w:val="0"/>`)
		}
		if s.LineExact > 0 || s.Before > 0 || s.After > 0 {
			line := ""
			if s.LineExact > 0 {
				line = fmt.Sprintf(` w:line="%d" w:lineRule="exact"`, ptTwips(s.LineExact))
			}
			fmt.Fprintf(&b, `<w:spacing w:before="%d" w:after="%d"%s/>`, ptTwips(s.Before), ptTwips(s.After), line)
		} else {
			b.WriteString(`<w:spacing w:before="0" w:after="0"/>`)
		}
		fmt.Fprintf(&b, `<w:ind w:firstLineChars="%d" w:firstLine="%d"/>`, s.FirstChars*100, int(float64(s.FirstChars)*s.Size*20))
		if s.Align != "" {
			b.WriteString(`<w:jc w:val="` + attr(s.Align) + `"/>`)
		}
		if s.Outline > 0 {
			fmt.Fprintf(&b, `<w:outlineLvl w:val="%d"/>`, s.Outline-1)
		}
		b.WriteString(`</w:pPr><w:rPr>`)
		latin := s.Latin
		if latin == "" {
			latin = s.EastAsia
		}
		if s.EastAsia != "" || latin != "" {
			b.WriteString(`<w:rFonts w:ascii="` + attr(latin) + `" w:hAnsi="` + attr(latin) + `" w:eastAsia="` + attr(s.EastAsia) + `" w:cs="` + attr(latin) + `"/>`)
		}
		b.WriteString(onOff(s.Bold, "b"))
		if s.Color != "" {
			b.WriteString(`<w:color w:val="` + attr(s.Color) + `"/>`)
		}
		if s.Tracking != 0 {
			fmt.Fprintf(&b, `<w:spacing w:val="%d"/>`, int(s.Tracking*20))
		}
		if s.Size > 0 {
			fmt.Fprintf(&b, `<w:sz w:val="%d"/><w:szCs w:val="%d"/>`, ptHalves(s.Size), ptHalves(s.Size))
		}
		b.WriteString(`</w:rPr></w:style>`)
	}
	b.WriteString(`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>` +
		`<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="80" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>`)
	b.WriteString(`</w:styles>`)
	return b.String()
}

// footer is a page-number footer: "— 1 —" aligned to one side.
func (d *Doc) footer(align string) string {
	if !d.PageNumberDashes {
		align = "center"
	}
	r := func(text string) string {
		return runXML(Run{Text: text, Font: d.FooterFont, Size: d.FooterSize})
	}
	rpr := `<w:rPr>` + fontsXML(d.FooterFont) + fmt.Sprintf(`<w:sz w:val="%d"/>`, ptHalves(d.FooterSize)) + `</w:rPr>`
	field := `<w:r>` + rpr + `<w:fldChar w:fldCharType="begin"/></w:r><w:r>` + rpr + `<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>` +
		`<w:r>` + rpr + `<w:fldChar w:fldCharType="separate"/></w:r><w:r>` + rpr + `<w:t>1</w:t></w:r><w:r>` + rpr + `<w:fldChar w:fldCharType="end"/></w:r>`
	ind := ""
	if d.PageNumberDashes {
		// One character in from the text's edge, as GB/T 9704 asks.
		ind = fmt.Sprintf(`<w:ind w:left="%d" w:right="%d"/>`, ptTwips(d.FooterSize), ptTwips(d.FooterSize))
	}
	return xmlHead + `<w:ftr xmlns:w="` + nsW + `" xmlns:r="` + nsR + `"><w:p><w:pPr>` + ind + `<w:jc w:val="` + align + `"/></w:pPr>` +
		r("— ") + field + r(" —") + `</w:p></w:ftr>`
}
