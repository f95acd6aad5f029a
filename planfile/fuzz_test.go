package planfile_test

import (
	"dajia/locale"
	"os"
	"testing"

	"dajia/planfile"
)

// FuzzCheck: no input panics, every finding has a position and a message,
// and a result without errors has a plan that exports and reads back.
func FuzzCheck(f *testing.F) {
	f.Add([]byte(base))
	f.Add(planfile.Reference())
	if b, err := os.ReadFile("testdata/all-shapes.yaml"); err == nil {
		f.Add(b)
	}
	f.Add([]byte("a: &x [*x]\n"))
	f.Add([]byte("campaigns: [{no: 1, lead: [{dept: x}]}]\n"))
	f.Add([]byte("\x00\xff: ["))
	f.Fuzz(func(t *testing.T, src []byte) {
		r := planfile.Check(src)
		for _, fd := range r.Findings {
			if fd.Line < 1 || fd.Column < 1 || fd.Rule == "" || fd.Message == "" || !locale.Has("en", fd.Key) {
				t.Fatalf("finding without position or message: %+v", fd)
			}
			if _, ok := planfile.Rules[fd.Rule]; !ok {
				t.Fatalf("finding with unlisted rule %q", fd.Rule)
			}
		}
		if r.HasErrors() {
			if r.Err() == nil {
				t.Fatal("errors but no Err()")
			}
			return
		}
		if r.Plan == nil {
			t.Fatal("no errors and no plan")
		}
		out, err := planfile.Export(r.Plan)
		if err != nil {
			t.Fatalf("export: %v", err)
		}
		if r2 := planfile.Check(out); r2.HasErrors() {
			t.Fatalf("export of a clean plan has errors: %v\n%s", r2.Err(), out)
		}
	})
}
