package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"dajia/store/storetest"
)

// dajia yearend writes the summary or the workbook by the file's
// extension, with the number and the office's text given, through the
// same use case as the page; a wrong extension or a missing plan is
// refused.
func TestYearendCommandWritesTheDocumentAndTheWorkbook(t *testing.T) {
	db := storetest.DSN(t)
	dir := t.TempDir()
	problems := writeFile(t, "problems.txt", "报送不及时。\n")
	doc := filepath.Join(dir, "summary.docx")
	code, out, errs := run(t, "", "--db", db, "--today", "2017-12-29", "yearend", "--plan", "zs-gangkou-2017", "--out", doc,
		"--number", "港打假〔2017〕7号", "--problems", problems)
	if code != 0 || !strings.Contains(out, doc) {
		t.Fatalf("%d %s %s", code, out, errs)
	}
	b, err := os.ReadFile(doc)
	if err != nil || !strings.HasPrefix(string(b), "PK") {
		t.Fatalf("no document: %v", err)
	}
	xl := filepath.Join(dir, "figures.xlsx")
	if code, _, errs := run(t, "", "--db", db, "--today", "2017-12-29", "yearend", "--plan", "zs-gangkou-2017", "--out", xl); code != 0 {
		t.Fatalf("%d %s", code, errs)
	}
	x, err := excelize.OpenFile(xl)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if v, _ := x.GetCellValue("总结", "B5"); v != "2017-12-29" {
		t.Errorf("the date of issue is %q", v)
	}
	for _, args := range [][]string{
		{"yearend", "--plan", "zs-gangkou-2017", "--out", filepath.Join(dir, "x.pdf")},
		{"yearend", "--out", doc},
	} {
		if code, _, errs := run(t, "", append([]string{"--db", db}, args...)...); code == 0 || !strings.Contains(errs, "dajia yearend --plan ID") {
			t.Errorf("%v: %d %s", args, code, errs)
		}
	}
	if code, _, errs := run(t, "", "--db", db, "yearend", "--plan", "no-such-plan", "--out", doc); code == 0 || !strings.Contains(errs, "错误") {
		t.Errorf("no such plan: %d %s", code, errs)
	}
}
