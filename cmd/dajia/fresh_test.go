package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"dajia/store/storetest"
)

// The README's example, as written, in a new folder: export the reference
// plan from a database no serve has touched, then lint the file and see the
// seed's real defects. On PostgreSQL the same with --db.
func TestReadmeExampleExportsTheReferencePlanFromAFreshDatabase(t *testing.T) {
	bin := dajiaBinary(t)
	dir := t.TempDir()
	var global []string
	if os.Getenv(storetest.EnvPostgres) != "" {
		global = []string{"--db", storetest.DSN(t), "--key", filepath.Join(dir, "dajia.key")}
	}
	dajia := func(args ...string) (int, string, string) {
		t.Helper()
		cmd := exec.Command(bin, append(append([]string{}, global...), args...)...)
		cmd.Dir, cmd.Env = dir, childEnv()
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return code, out.String(), errb.String()
	}

	// dajia plan export zs-gangkou-2017 > plan.yaml
	code, exported, errs := dajia("plan", "export", "zs-gangkou-2017")
	if code != 0 || !strings.Contains(exported, "id: zs-gangkou-2017") {
		t.Fatalf("plan export on a fresh database: exit %d\nstdout: %.200s\nstderr: %s", code, exported, errs)
	}
	if err := os.WriteFile(filepath.Join(dir, "plan.yaml"), []byte(exported), 0o644); err != nil {
		t.Fatal(err)
	}
	// dajia plan lint plan.yaml
	code, out, errs := dajia("plan", "lint", "plan.yaml")
	for _, want := range []string{"duplicate-campaign", "5 个警告"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Fatalf("plan lint plan.yaml: exit %d, want %q in:\n%s%s", code, want, out, errs)
		}
	}
	// Opening the database again, by any command, loads nothing twice.
	if code, _, errs := dajia("user", "list"); code != 0 {
		t.Fatalf("user list: %d %s", code, errs)
	}
	code, out, _ = dajia("plan", "list")
	if code != 0 || strings.Count(out, "zs-gangkou-2017") != 1 {
		t.Fatalf("plan list: exit %d\n%s", code, out)
	}
	if _, again, _ := dajia("plan", "export", "zs-gangkou-2017"); again != exported {
		t.Fatal("a second export differs from the first")
	}
	if code, out, _ := dajia("audit", "verify"); code != 0 || !strings.Contains(out, "审计记录完整") {
		t.Fatalf("audit verify: %d %s", code, out)
	}
}

// Every command that opens a new database finds the reference plan there,
// not only serve.
func TestEveryCommandFindsTheReferencePlanInANewDatabase(t *testing.T) {
	for _, first := range [][]string{{"plan", "show", "zs-gangkou-2017"}, {"user", "list"}, {"calendar", "list"}, {"audit", "verify"}} {
		db := storetest.DSN(t)
		if code, _, errs := run(t, "", append([]string{"--db", db}, first...)...); code != 0 {
			t.Fatalf("%v on a new database: %d %s", first, code, errs)
		}
		code, out, errs := run(t, "", "--db", db, "plan", "list")
		if code != 0 || strings.Count(out, "zs-gangkou-2017") != 1 {
			t.Errorf("after %v: plan list %d %s %s", first, code, out, errs)
		}
	}
}
