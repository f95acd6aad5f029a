package dajia_test

import (
	"encoding/json"
	"io"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// allowedImports is the import rule of every package of the module (STYLE.md):
// which of our packages each may depend on, directly or not. A package that
// is not in the table fails the test, so a new package must take its place
// here.
var allowedImports = map[string][]string{
	"dajia":                 {},
	"dajia/calendar":        {"dajia"},
	"dajia/planfile":        {"dajia"},
	"dajia/store":           {"dajia"},
	"dajia/bound":           {"dajia"},
	"dajia/locale":          {"dajia"},
	"dajia/secret":          {"dajia", "dajia/bound"},
	"dajia/photo":           {"dajia", "dajia/bound"},
	"dajia/photo/phototest": {},
	"dajia/store/storetest": {"dajia", "dajia/store", "dajia/secret", "dajia/bound"},
	"dajia/app":             {"dajia", "dajia/bound", "dajia/calendar", "dajia/store", "dajia/secret", "dajia/photo"},
	"dajia/docx":            {},
	"dajia/yearend":         {"dajia", "dajia/docx"},
	"dajia/remind":          {"dajia", "dajia/app", "dajia/bound", "dajia/calendar", "dajia/photo", "dajia/secret", "dajia/store"},
	"dajia/web":             {"dajia", "dajia/app", "dajia/locale", "dajia/bound", "dajia/calendar", "dajia/planfile", "dajia/store", "dajia/secret", "dajia/photo", "dajia/docx", "dajia/yearend"},
	"dajia/cmd/dajia":       {"dajia", "dajia/app", "dajia/locale", "dajia/bound", "dajia/calendar", "dajia/planfile", "dajia/remind", "dajia/secret", "dajia/store", "dajia/web", "dajia/photo", "dajia/docx", "dajia/yearend", "dajia/demo"},
	"dajia/demo":            {"dajia", "dajia/app", "dajia/bound", "dajia/calendar", "dajia/planfile", "dajia/store", "dajia/secret", "dajia/photo"},
}

// ioImports are the standard packages that reach outside the process: the
// domain decides, it does not read, write, listen or dial.
var ioImports = []string{"database/sql", "net", "os", "io/fs", "io/ioutil", "syscall", "path/filepath", "embed", "plugin", "log", "runtime/cgo", "unsafe"}

func isIOImport(p string) bool {
	for _, f := range ioImports {
		if p == f || strings.HasPrefix(p, f+"/") {
			return true
		}
	}
	return false
}

type listedPackage struct {
	ImportPath string
	Standard   bool
	Imports    []string
	Deps       []string
	Error      *struct{ Err string }
	DepsErrors []*struct{ Err string }
}

// goList runs go list -json on its arguments; any error of go list, or of a
// package it lists, fails the test, and so does an empty answer, so that
// the rules cannot pass by reading nothing.
func goList(t *testing.T, args ...string) []listedPackage {
	t.Helper()
	cmd := exec.Command("go", append([]string{"list", "-json"}, args...)...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list %v: %v\n%s", args, err, stderr.String())
	}
	var pkgs []listedPackage
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p listedPackage
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("go list %v: decode: %v", args, err)
		}
		if p.Error != nil {
			t.Fatalf("go list %v: %s: %s", args, p.ImportPath, p.Error.Err)
		}
		for _, e := range p.DepsErrors {
			t.Fatalf("go list %v: %s: %s", args, p.ImportPath, e.Err)
		}
		pkgs = append(pkgs, p)
	}
	if len(pkgs) == 0 {
		t.Fatalf("go list %v listed no package", args)
	}
	return pkgs
}

func ours(p string) bool { return p == "dajia" || strings.HasPrefix(p, "dajia/") }

// TestPackageImportRules checks the import rules of STYLE.md on every
// package of the module: the domain imports nothing of ours, store,
// planfile and calendar import only the domain, web does not import cmd,
// and so on through the table above.
func TestPackageImportRules(t *testing.T) {
	pkgs := goList(t, "dajia/...")
	var listed []string
	for _, p := range pkgs {
		listed = append(listed, p.ImportPath)
	}
	// Known packages must be among those listed: a pattern that matched
	// less than the module would check nothing.
	for _, want := range []string{"dajia", "dajia/store", "dajia/web", "dajia/app", "dajia/cmd/dajia"} {
		if !slices.Contains(listed, want) {
			t.Fatalf("go list did not list %s (listed %v)", want, listed)
		}
	}
	for pkg := range allowedImports {
		if !slices.Contains(listed, pkg) {
			t.Errorf("the table names %s, which does not exist any more: remove it", pkg)
		}
	}
	for _, p := range pkgs {
		t.Run(p.ImportPath, func(t *testing.T) {
			ok, known := allowedImports[p.ImportPath]
			if !known {
				t.Fatalf("%s is not in the table of import rules (arch_test.go): add it with the packages of ours it may import", p.ImportPath)
			}
			if len(p.Deps) == 0 {
				t.Fatalf("go list gave %s no dependencies at all", p.ImportPath)
			}
			for _, dep := range p.Deps {
				if ours(dep) && !slices.Contains(ok, dep) {
					t.Errorf("%s must not import %s", p.ImportPath, dep)
				}
			}
		})
	}
}

// TestDomainUsesTheStandardLibraryWithoutIO checks the domain's own rule:
// standard packages only, and none that reaches outside the process.
func TestDomainUsesTheStandardLibraryWithoutIO(t *testing.T) {
	pkgs := goList(t, "-deps", "dajia")
	var domain *listedPackage
	for i, p := range pkgs {
		if p.ImportPath == "dajia" {
			domain = &pkgs[i]
			continue
		}
		if !p.Standard {
			t.Errorf("the domain must use the standard library only, depends on %s", p.ImportPath)
		}
	}
	if domain == nil || len(domain.Imports) == 0 || !slices.Contains(domain.Imports, "time") {
		t.Fatalf("go list did not describe the domain package: %+v", domain)
	}
	for _, imp := range domain.Imports {
		if isIOImport(imp) {
			t.Errorf("the domain must not do I/O, imports %s", imp)
		}
	}
	t.Run("the I/O rule itself", func(t *testing.T) {
		tests := []struct {
			imp string
			io  bool
		}{
			{"database/sql", true}, {"database/sql/driver", true}, {"net/http", true}, {"net", true},
			{"os", true}, {"os/exec", true}, {"io/fs", true}, {"embed", true}, {"log/slog", true},
			{"time", false}, {"fmt", false}, {"io", false}, {"strings", false}, {"network", false},
		}
		for _, tt := range tests {
			if got := isIOImport(tt.imp); got != tt.io {
				t.Errorf("isIOImport(%q) = %v, want %v", tt.imp, got, tt.io)
			}
		}
	})
}
