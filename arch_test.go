package dajia_test

import (
	"os/exec"
	"strings"
	"testing"
)

// The import rules of STYLE.md: the domain imports nothing of ours; store,
// planfile, calendar import only the domain; web does not import cmd.
func TestPackageImportRules(t *testing.T) {
	allowed := map[string][]string{
		"dajia":                 {},
		"dajia/calendar":        {"dajia"},
		"dajia/planfile":        {"dajia"},
		"dajia/locale":          {"dajia"},
		"dajia/store":           {"dajia"},
		"dajia/bound":           {"dajia"},
		"dajia/secret":          {"dajia", "dajia/bound"},
		"dajia/photo":           {"dajia", "dajia/bound"},
		"dajia/photo/phototest": {},
		"dajia/app":             {"dajia", "dajia/bound", "dajia/calendar", "dajia/store", "dajia/secret", "dajia/photo"},
		"dajia/remind":          {"dajia", "dajia/calendar", "dajia/store"},
		"dajia/web":             {"dajia", "dajia/app", "dajia/locale", "dajia/bound", "dajia/calendar", "dajia/planfile", "dajia/store", "dajia/secret", "dajia/photo"},
	}
	for pkg, ok := range allowed {
		out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", pkg).Output()
		if err != nil {
			t.Fatalf("go list %s: %v", pkg, err)
		}
		for _, dep := range strings.Fields(string(out)) {
			if dep == pkg || !(dep == "dajia" || strings.HasPrefix(dep, "dajia/")) {
				continue
			}
			found := false
			for _, a := range ok {
				found = found || a == dep
			}
			if !found {
				t.Errorf("%s must not import %s", pkg, dep)
			}
		}
	}
	out, _ := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", "dajia").Output()
	for _, dep := range strings.Fields(string(out)) {
		if strings.Contains(dep, ".") {
			t.Errorf("the domain must use the standard library only, imports %s", dep)
		}
	}
}
