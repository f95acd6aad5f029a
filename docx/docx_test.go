package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
	"time"
)

// parts opens a written document and answers its parts by name; a part
// that is not well-formed XML fails the test.
func parts(t *testing.T, b []byte) map[string]string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(r)
		r.Close()
		dec := xml.NewDecoder(bytes.NewReader(body))
		for {
			if _, err := dec.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s is not well-formed: %v", f.Name, err)
			}
		}
		out[f.Name] = string(body)
	}
	return out
}

func write(t *testing.T, d *Doc) map[string]string {
	t.Helper()
	var b bytes.Buffer
	if _, err := d.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return parts(t, b.Bytes())
}

// Text from records may hold markup, control characters and broken UTF-8:
// every part stays well-formed and the text reads as typed.
func TestHostileTextStaysTextInEveryPart(t *testing.T) {
	hostile := "<w:p>&amp; \"x\" 'y' ]]> \x00\x01\x1b\x7f ok\xff\xfe end \uFFFE"
	d := New(A4(37, 35, 28, 26))
	d.Title, d.Creator, d.Created = hostile, hostile, time.Date(2017, 12, 29, 0, 0, 0, 0, time.UTC)
	d.Fonts = []Font{{Name: hostile, AltName: hostile}}
	d.Styles = []Style{{ID: "Normal", Name: hostile, EastAsia: hostile, Size: 16}}
	d.Para(Para{Style: "Normal", Runs: []Run{{Text: hostile, Font: hostile, Color: hostile, Highlight: hostile}}})
	d.Table(Table{Widths: []float64{50, 50}, Header: []string{hostile, "b"}, Rows: [][]string{{hostile, hostile}}})
	d.Chart(Chart{Title: hostile, Categories: []string{hostile}, Series: []Series{{Name: hostile, Values: []float64{1}, Color: hostile}}, Width: 100, Height: 60})
	p := write(t, d)
	doc := p["word/document.xml"]
	if !strings.Contains(doc, "&lt;w:p&gt;&amp;amp;") || !strings.Contains(doc, "ok\uFFFD end") || strings.Contains(doc, "\x1b") {
		t.Errorf("the text is not escaped as expected: %.400s", doc)
	}
	if !strings.Contains(p["word/charts/chart1.xml"], "&lt;w:p&gt;") || !strings.Contains(p["docProps/core.xml"], "&lt;w:p&gt;") {
		t.Error("the chart or the properties lack the escaped text")
	}
}

func TestCleanDropsWhatXMLForbids(t *testing.T) {
	for in, want := range map[string]string{
		"a\x00b":        "ab",
		"tab\tnl\ncr\r": "tab\tnl\ncr\r",
		"bad\xc3(":      "bad\uFFFD(",
		"中文〔2017〕":      "中文〔2017〕",
		"\uFFFF\uFFFE":  "",
	} {
		if got := Clean(in); got != want {
			t.Errorf("Clean(%q) = %q, want %q", in, got, want)
		}
	}
}

// The page is A4 with its margins in twips, a footer per side when page
// numbers take dashes, and the fonts named with their fallbacks.
func TestPageFontsAndFootersAreWritten(t *testing.T) {
	d := New(A4(37, 35, 28, 26))
	d.PageNumberDashes, d.FooterFont = true, "宋体"
	d.Fonts = []Font{{Name: "方正小标宋简体", AltName: "宋体", Panose: "02000000000000000000", Charset: "86"}}
	d.Styles = []Style{{ID: "Normal", Name: "Normal", EastAsia: "仿宋_GB2312", Latin: "Times New Roman", Size: 16, LineExact: 28.95, FirstChars: 2}}
	d.Page.LinePitch = 28.95
	d.Plain("Normal", "正文")
	d.Chart(Chart{Kind: "line", Categories: []string{"9月", "10月"}, Series: []Series{{Name: "线索", Values: []float64{1, 2.5}}}, Width: 156, Height: 80})
	p := write(t, d)
	for part, wants := range map[string][]string{
		"word/document.xml": {`<w:pgSz w:w="11906" w:h="16838"/>`, `w:top="2098"`, `w:bottom="1984"`, `w:left="1587"`, `w:right="1474"`,
			`w:type="even" r:id="rIdFooterEven"`, `w:linePitch="579"`, `<c:chart r:id="rIdChart1"/>`},
		"word/fontTable.xml":           {`<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/><w:panose1 w:val="02000000000000000000"/>`},
		"word/styles.xml":              {`w:eastAsia="仿宋_GB2312"`, `<w:sz w:val="32"/>`, `w:line="579" w:lineRule="exact"`, `w:firstLineChars="200"`},
		"word/footer1.xml":             {`<w:jc w:val="right"/>`, `— `, ` PAGE `, ` —`},
		"word/footer2.xml":             {`<w:jc w:val="left"/>`},
		"word/settings.xml":            {`<w:evenAndOddHeaders/>`},
		"word/charts/chart1.xml":       {`<c:lineChart>`, `<c:v>10月</c:v>`, `<c:v>2.5</c:v>`},
		"[Content_Types].xml":          {`/word/charts/chart1.xml`},
		"word/_rels/document.xml.rels": {`Target="charts/chart1.xml"`, `Target="footer2.xml"`},
	} {
		for _, w := range wants {
			if !strings.Contains(p[part], w) {
				t.Errorf("%s lacks %s", part, w)
			}
		}
	}
}

func TestColumnLetters(t *testing.T) {
	for i, want := range map[int]string{0: "A", 1: "B", 25: "Z", 26: "AA", 27: "AB", 701: "ZZ", 702: "AAA"} {
		if got := column(i); got != want {
			t.Errorf("column(%d) = %s, want %s", i, got, want)
		}
	}
}
