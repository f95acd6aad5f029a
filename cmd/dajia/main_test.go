package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"dajia"
	"dajia/planfile"
	"dajia/store/storetest"
)

// testDir holds what the package's tests share: the master key of every
// test command and the dajia binary the process tests build.
var testDir string

// TestMain keeps the master key of every test command in a temporary
// folder, not in the package's folder.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "dajia-cmd-test")
	if err != nil {
		panic(err)
	}
	testDir = dir
	os.Setenv("DAJIA_KEY", filepath.Join(dir, "test.key"))
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// run calls Main like a shell would and returns exit code, stdout, stderr.
func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLintExitCodes(t *testing.T) {
	ref := writeFile(t, "ref.yaml", string(planfile.Reference()))
	broken := writeFile(t, "broken.yaml", strings.Replace(string(planfile.Reference()), "    support: [公安分局]\n", "    suport: [公安分局]\n", 1))
	clean := writeFile(t, "clean.yaml", `format: dajia/plan/v1
id: clean-2017
title: 干净方案
year: 2017
jurisdiction: {name: 某镇}
document: {issuer: 某镇人民政府, issued_on: 2017-01-01}
campaigns:
  - {no: 1, name: 食品专项, categories: [食品], lead: [{dept: 某局}]}
departments:
  - {key: a, name: 某局}
`)
	tests := []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"plan", "lint", ref}, 0, "duplicate-campaign"},
		{[]string{"plan", "lint", ref, "--strict"}, 1, "5 个警告"},
		{[]string{"--lang", "en", "plan", "lint", ref}, 0, "5 warnings"},
		{[]string{"plan", "lint", broken}, 2, "未知字段 suport，是否应为 support？"},
		{[]string{"plan", "lint", clean, "--strict"}, 0, "0 个错误，0 个警告"},
		{[]string{"plan", "lint", filepath.Join(t.TempDir(), "missing.yaml")}, 2, ""},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, out, _ := run(t, "", tt.args...)
			if code != tt.code || !strings.Contains(out, tt.out) {
				t.Errorf("%v: exit %d, want %d; output:\n%s", tt.args, code, tt.code, out)
			}
		})
	}
}

func TestLintReportsBrokenThingAtItsLine(t *testing.T) {
	src := strings.Replace(string(planfile.Reference()), "    support: [公安分局]\n", "    suport: [公安分局]\n", 1)
	want := strings.Count(src[:strings.Index(src, "suport")], "\n") + 1
	p := writeFile(t, "broken.yaml", src)
	code, out, _ := run(t, "", "plan", "lint", "--json", p)
	var rep struct {
		Errors   int `json:"errors"`
		Findings []struct {
			Line     int    `json:"line"`
			Column   int    `json:"column"`
			Rule     string `json:"rule"`
			Severity string `json:"severity"`
			Message  string `json:"message"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if code != 2 || rep.Errors != 1 || rep.Findings[0].Line != want || rep.Findings[0].Column != 5 || rep.Findings[0].Rule != "unknown-field" || rep.Findings[0].Severity != "error" {
		t.Fatalf("exit %d, report %+v, want line %d", code, rep, want)
	}
}

func TestImportExportImportIsIdenticalThroughTheCommandLine(t *testing.T) {
	db := storetest.DSN(t)
	ref := writeFile(t, "ref.yaml", string(planfile.Reference()))
	// A new database already holds the reference plan: importing it again
	// changes nothing.
	code, out, errs := run(t, "", "--db", db, "plan", "import", ref)
	if code != 0 || !strings.Contains(out, "方案 zs-gangkou-2017 没有变化（仍为第 1 版）") {
		t.Fatalf("import: %d %s %s", code, out, errs)
	}
	other := writeFile(t, "other.yaml", strings.Replace(string(planfile.Reference()), "id: zs-gangkou-2017", "id: other-2017", 1))
	if code, out, errs := run(t, "", "--db", db, "plan", "import", other); code != 0 || !strings.Contains(out, "已导入方案 other-2017（第 1 版）") {
		t.Fatalf("import of a new plan: %d %s %s", code, out, errs)
	}
	code, exported, _ := run(t, "", "plan", "export", "zs-gangkou-2017", "--db", db)
	if code != 0 {
		t.Fatalf("export: %d", code)
	}
	again := writeFile(t, "exported.yaml", exported)
	code, out, _ = run(t, "", "--db", db, "plan", "import", again)
	if code != 0 || !strings.Contains(out, "没有变化（仍为第 1 版）") {
		t.Fatalf("re-import of the export must change nothing: %d %s", code, out)
	}
	_, exported2, _ := run(t, "", "--db", db, "plan", "export", "zs-gangkou-2017")
	if exported != exported2 {
		t.Fatal("export after re-import differs")
	}
	changed := writeFile(t, "changed.yaml", strings.Replace(exported, "联系人", "联系人", 1)+"watch:\n  - {kind: market, name: 某农贸市场}\n")
	code, out, _ = run(t, "", "--db", db, "plan", "import", changed)
	if code != 0 || !strings.Contains(out, "第 2 版") {
		t.Fatalf("changed import: %d %s", code, out)
	}
	_, v1, _ := run(t, "", "--db", db, "plan", "export", "zs-gangkou-2017", "--version", "1")
	if v1 != exported {
		t.Fatal("version 1 must still export as before")
	}
	code, out, _ = run(t, "", "--db", db, "plan", "list")
	if code != 0 || !strings.Contains(out, "zs-gangkou-2017") || !strings.Contains(out, "2017") {
		t.Fatalf("list: %s", out)
	}
	code, out, _ = run(t, "", "--db", db, "plan", "show", "zs-gangkou-2017")
	if code != 0 || !strings.Contains(out, "中港府办〔2017〕74号") || !strings.Contains(out, "质监分局(生产领域)") {
		t.Fatalf("show: %s", out)
	}
}

func TestImportRefusesPlanWithErrorsAndKeepsTheStoredOne(t *testing.T) {
	db := storetest.DSN(t)
	ref := writeFile(t, "ref.yaml", string(planfile.Reference()))
	run(t, "", "--db", db, "plan", "import", ref)
	bad := writeFile(t, "bad.yaml", strings.Replace(string(planfile.Reference()), "lead: [{dept: 住建局}]", "lead: [{dept: 住键局}]", 1))
	code, _, errs := run(t, "", "--db", db, "plan", "import", bad)
	if code != 2 || !strings.Contains(errs, "未知部门或单位 \"住键局\"，是否应为 \"住建局\"？") || !strings.Contains(errs, "未导入") {
		t.Fatalf("bad import: %d %s", code, errs)
	}
	_, out, _ := run(t, "", "--db", db, "plan", "show", "zs-gangkou-2017")
	if !strings.Contains(out, "版本：1") {
		t.Fatalf("stored plan changed: %s", out)
	}
}

func TestPlanFromStandardInput(t *testing.T) {
	code, out, _ := run(t, string(planfile.Reference()), "plan", "lint", "-")
	if code != 0 || !strings.Contains(out, "-:") {
		t.Fatalf("%d %s", code, out)
	}
}

func TestUnknownPlanAndCommand(t *testing.T) {
	db := storetest.DSN(t)
	if code, _, errs := run(t, "", "--db", db, "plan", "export", "nope"); code != 2 || !strings.Contains(errs, "没有找到方案 nope") {
		t.Errorf("export nope: %d %s", code, errs)
	}
	if code, _, errs := run(t, "", "frobnicate"); code != 2 || !strings.Contains(errs, "未知命令") {
		t.Errorf("unknown command: %d %s", code, errs)
	}
	if code, _, errs := run(t, "", "--lang", "fr", "plan", "list"); code != 2 || !strings.Contains(errs, "--lang") {
		t.Errorf("bad lang: %d %s", code, errs)
	}
	if code, out, _ := run(t, "", "help"); code != 0 || !strings.Contains(out, "plan lint FILE") {
		t.Errorf("help: %d", code)
	}
}

func TestCalendarImport(t *testing.T) {
	db := storetest.DSN(t)
	good := writeFile(t, "2027.json", `{"year": 2027, "papers": ["http://www.gov.cn/x"], "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": true}]}`)
	code, out, errs := run(t, "", "--db", db, "calendar", "import", good)
	if code != 0 || !strings.Contains(out, "2027") {
		t.Fatalf("%d %s %s", code, out, errs)
	}
	_, out, _ = run(t, "", "--db", db, "calendar", "list")
	if !strings.Contains(out, "2026\n2027") {
		t.Fatalf("list: %s", out)
	}
	bad := writeFile(t, "bad.json", `{"year": 2028, "papers": ["x"], "days": [{"name": "元旦", "date": "2028-02-30", "isOffDay": true}]}`)
	code, _, errs = run(t, "", "--db", db, "calendar", "import", bad)
	if code != 2 || !strings.Contains(errs, "2028-02-30") {
		t.Fatalf("bad calendar: %d %s", code, errs)
	}
	_, out, _ = run(t, "", "--db", db, "calendar", "list")
	if strings.Contains(out, "2028") {
		t.Fatal("a refused year was stored")
	}
}

func TestGlobalFlagsBeforeOrAfter(t *testing.T) {
	t.Setenv("DAJIA_KEY", "")
	t.Setenv("DAJIA_TODAY", "")
	g, rest, err := splitGlobal([]string{"plan", "--db=x.db", "list", "--lang", "en", "--today", "2017-10-20"})
	if err != nil || g.db != "x.db" || g.key != "x.db.key" || g.lang != "en" || g.today != "2017-10-20" || strings.Join(rest, " ") != "plan list" {
		t.Fatalf("%+v %v %v", g, rest, err)
	}
	g, _, _ = splitGlobal([]string{"--db", "postgres://h/db", "--key", "/etc/dajia/key", "serve"})
	if g.key != "/etc/dajia/key" {
		t.Fatalf("key = %s", g.key)
	}
	t.Setenv("DAJIA_TODAY", "2017-09-01")
	if g, _, _ = splitGlobal([]string{"plan", "list"}); g.today != "2017-09-01" {
		t.Fatalf("DAJIA_TODAY: %+v", g)
	}
}

func TestUserAndTokenCommands(t *testing.T) {
	db := storetest.DSN(t)
	ref := writeFile(t, "ref.yaml", string(planfile.Reference()))
	run(t, "", "--db", db, "plan", "import", ref)
	code, out, errs := run(t, "Gangkou#2017\n", "--db", db, "user", "add", "gs-li", "--role", "officer", "--unit", "工商分局", "--password-stdin")
	if code != 0 || !strings.Contains(out, "已创建账号 gs-li") {
		t.Fatalf("add: %d %s %s", code, out, errs)
	}
	for _, bad := range []struct {
		stdin string
		args  []string
		why   string
	}{
		{"short\n", []string{"user", "add", "x1", "--role", "leader", "--password-stdin"}, "至少 8"},
		{"Gangkou#2017\n", []string{"user", "add", "x2", "--role", "officer", "--password-stdin"}, "须属于"},
		{"Gangkou#2017\n", []string{"user", "add", "x3", "--role", "boss", "--password-stdin"}, "角色"},
		{"Gangkou#2017\n", []string{"user", "add", "gs-li", "--role", "leader", "--password-stdin"}, "已被使用"},
		{"", []string{"user", "add", "x4", "--role", "leader"}, "--password-stdin"},
	} {
		t.Run(bad.why, func(t *testing.T) {
			code, _, errs := run(t, bad.stdin, append([]string{"--db", db}, bad.args...)...)
			if code != 2 || !strings.Contains(errs, bad.why) {
				t.Errorf("%v: %d %s", bad.args, code, errs)
			}
		})
	}
	code, out, _ = run(t, "", "--db", db, "token", "create", "gs-li")
	if code != 0 || !strings.HasPrefix(out, "dj_") {
		t.Fatalf("token: %d %s", code, out)
	}
	_, out, _ = run(t, "", "--db", db, "user", "list")
	if !strings.Contains(out, "gs-li") || !strings.Contains(out, "工商分局") {
		t.Fatalf("list: %s", out)
	}
	code, out, _ = run(t, "", "--db", db, "user", "reset-password", "gs-li")
	if code != 0 || !strings.Contains(out, "一次性密码") {
		t.Fatalf("reset: %s", out)
	}
	code, _, _ = run(t, "", "--db", db, "user", "disable", "gs-li")
	_, out, _ = run(t, "", "--db", db, "user", "list")
	if code != 0 || !strings.Contains(out, "已停用") || !strings.Contains(out, "待改密码") {
		t.Fatalf("after disable: %s", out)
	}
	code, out, _ = run(t, "", "--db", db, "audit", "verify")
	if code != 0 || !strings.Contains(out, "审计记录完整") {
		t.Fatalf("verify: %d %s", code, out)
	}
	// The same database with another master key: every record fails.
	code, out, _ = run(t, "", "--db", db, "--key", filepath.Join(t.TempDir(), "other.key"), "audit", "verify")
	if code != 2 || !strings.Contains(out, "第 1 条记录的校验值不符") {
		t.Fatalf("verify with a wrong key: %d %s", code, out)
	}
}

// A new user of the command line: an unknown unit is refused with the valid
// keys, plan show lists them, user list names roles and units, an account
// made here must change its password, and --today (or DAJIA_TODAY) holds for
// every command, down to the date of its audit record.
func TestTheCommandLineAsANewUserMeetsIt(t *testing.T) {
	db := storetest.DSN(t)
	code, _, errs := run(t, "Gangkou#2017\n", "--db", db, "user", "add", "x1", "--role", "office", "--unit", "nosuchunit", "--password-stdin")
	if code != 2 || !strings.Contains(errs, "nosuchunit") || !strings.Contains(errs, "可用的键") || !strings.Contains(errs, "gsfj") {
		t.Fatalf("unknown unit: %d %s", code, errs)
	}
	code, out, _ := run(t, "", "--db", db, "plan", "show", "zs-gangkou-2017")
	if code != 0 || !regexp.MustCompile(`(?m)^gsfj\s+工商分局$`).MatchString(out) {
		t.Fatalf("plan show lists no unit keys:\n%s", out)
	}
	code, out, errs = run(t, "Gangkou#2017\n", "--db", db, "--today", "2017-10-20", "user", "add", "gs-wang", "--role", "officer", "--unit", "gsfj", "--password-stdin")
	if code != 0 || !strings.Contains(out, "首次登录须修改密码") {
		t.Fatalf("add: %d %s %s", code, out, errs)
	}
	_, out, _ = run(t, "", "--db", db, "user", "list")
	if !regexp.MustCompile(`gs-wang\s+gs-wang\s+信息员\s+工商分局\s+待改密码`).MatchString(out) {
		t.Fatalf("list does not show role and unit names, or the password to change:\n%s", out)
	}
	t.Setenv("DAJIA_TODAY", "2017-11-02")
	if code, _, errs := run(t, "", "--db", db, "user", "disable", "gs-wang"); code != 0 {
		t.Fatal(errs)
	}
	t.Setenv("DAJIA_TODAY", "")
	rows, err := rawDB(t, db).Query(`SELECT action, at FROM audit_log WHERE action IN ('user.create', 'user.disable') ORDER BY seq`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var action string
		var at time.Time
		if err := rows.Scan(&action, &at); err != nil {
			t.Fatal(err)
		}
		got = append(got, action+" "+at.In(dajia.ChinaTime).Format("2006-01-02"))
	}
	if want := "user.create 2017-10-20,user.disable 2017-11-02"; strings.Join(got, ",") != want {
		t.Fatalf("audit dates %v, want %s", got, want)
	}
	if code, _, errs := run(t, "", "--db", db, "--today", "2017-13-01", "user", "list"); code != 2 || !strings.Contains(errs, "--today") {
		t.Fatalf("bad --today: %d %s", code, errs)
	}
}
