package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"dajia/store/storetest"
)

// The load generator runs from the command line on a temporary database
// (a temporary schema on PostgreSQL), measures dajia and the bare handler
// at each client count and checks that every answered tip was stored.
func TestBenchIntakeRunsAndChecksItsTips(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	// Long enough that a loaded machine (CI beside other work) still
	// answers a request in each window.
	args := []string{"bench", "intake", "-c", "1,4", "-d", "1s", "--warmup", "300ms"}
	if pg := os.Getenv(storetest.EnvPostgres); pg != "" {
		args = append(args, "--postgres", pg)
	}
	code, out, errs := run(t, "", args...)
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`(?m)^1\tdajia\t\d+\t[\d.]+ms\t[\d.]+ms\t0\t\d+µs\t\d+%$`),
		regexp.MustCompile(`(?m)^4\tdajia\t\d+\t`),
		regexp.MustCompile(`(?m)^4\tnet/http\t\d+\t`),
		regexp.MustCompile(`已存储 \d+ 条举报投诉（\d+ 次提交得到受理回执）`),
	} {
		if !want.MatchString(out) {
			t.Errorf("the output lacks %s:\n%s", want, out)
		}
	}
	if strings.Contains(out, "已存储 0 条") {
		t.Errorf("no tip stored:\n%s", out)
	}
	// Nothing is left in the working folder: no database, no key.
	if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) > 0 {
		t.Errorf("the bench left %v behind", left)
	}
}

func TestBenchIntakeRefusesBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"bench"},
		{"bench", "nothing"},
		{"bench", "pages", "-n", "1"},
		{"bench", "pages", "--scale", "galaxy"},
		{"bench", "pages", "--volume", "0"},
		{"bench", "pages", "--db", "x.db", "--postgres", "postgres://127.0.0.1/x"},
		{"bench", "intake", "-c", "0"},
		{"bench", "intake", "-c", "1,x"},
		{"bench", "intake", "-d", "-1s"},
		{"bench", "intake", "--postgres", "mysql://x"},
	} {
		code, _, errs := run(t, "", args...)
		if code != exitError || !strings.Contains(errs, "错误") {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 with the reason", args, code, errs)
		}
	}
}

func TestBenchPagesMeasuresEveryPageOnADemo(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	args := []string{"bench", "pages", "--volume", "0.1", "-n", "5", "-c", "2"}
	if pg := os.Getenv(storetest.EnvPostgres); pg != "" {
		args = append(args, "--postgres", pg)
	}
	code, out, errs := run(t, "", args...)
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	for _, page := range []string{"dashboard", "todo", "reports", "tips", "cases", "entity", "search 假冒", "search 灯具", "search-all 假冒", "search-all 灯具"} {
		for _, reader := range []string{"office", "unit"} {
			// A page's row: p50, p95, bytes, the baseline's time and the ratio.
			want := regexp.MustCompile(`(?m)^` + page + `\t` + reader + `\t[\d.]+ms\t[\d.]+ms\t[1-9]\d*\t[\d.]+ms\t[\d.]+×$`)
			if !want.MatchString(out) {
				t.Errorf("the output lacks %s:\n%s", want, out)
			}
		}
	}
	for _, doc := range []string{"period.xlsx", "yearend.docx", "yearend.xlsx"} {
		if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(doc) + `\toffice\t[\d.]+ms\t[\d.]+ms\t[1-9]\d*\t`).MatchString(out) {
			t.Errorf("the output lacks %s:\n%s", doc, out)
		}
	}
	if !regexp.MustCompile(`2 个客户端同时打开全部页面：[\d.]+m?s；进程驻留内存峰值 \d+ MB`).MatchString(out) {
		t.Errorf("no run under load:\n%s", out)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) > 0 {
		t.Errorf("the bench left %v behind", left)
	}
}

func TestBenchPagesRefusesADatabaseWithoutWork(t *testing.T) {
	db := filepath.Join(t.TempDir(), "empty.db")
	code, _, errs := run(t, "", "--db", db, "bench", "pages")
	if code != exitError || !strings.Contains(errs, "没有工作记录") {
		t.Fatalf("exit %d: %s", code, errs)
	}
}
