package planfile_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dajia/planfile"
)

func TestExportImportExportIsIdentical(t *testing.T) {
	shapes, err := os.ReadFile("testdata/all-shapes.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for name, src := range map[string][]byte{"reference": planfile.Reference(), "all-shapes": shapes, "small": []byte(base)} {
		t.Run(name, func(t *testing.T) {
			r := planfile.Check(src)
			if r.HasErrors() {
				t.Fatal(r.Err())
			}
			out1, err := planfile.Export(r.Plan)
			if err != nil {
				t.Fatal(err)
			}
			r2 := planfile.Check(out1)
			if r2.HasErrors() {
				t.Fatalf("exported file does not lint: %v\n%s", r2.Err(), out1)
			}
			out2, err := planfile.Export(r2.Plan)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(out1, out2) {
				t.Fatalf("second export differs:\n%s\n---\n%s", out1, out2)
			}
			if len(r.Findings) != len(r2.Findings) {
				t.Fatalf("findings changed through export: %d vs %d", len(r.Findings), len(r2.Findings))
			}
		})
	}
}

func TestAllShapesPlanReadsAsWritten(t *testing.T) {
	src, _ := os.ReadFile("testdata/all-shapes.yaml")
	r := planfile.Check(src)
	if r.HasErrors() {
		t.Fatal(r.Err())
	}
	p := r.Plan
	if len(p.Reporting) != 4 || p.Reporting[0].DueDay != "mon" || p.Reporting[1].Units[0] != "all" || p.Reporting[2].DueDay != "10" || p.Reporting[3].DueDay != "01-15" {
		t.Fatalf("reporting = %+v", p.Reporting)
	}
	if p.Goals != "第一段。\n第二段，含冒号: 和引号“”。" {
		t.Fatalf("goals = %q", p.Goals)
	}
	if len(p.Watch) != 2 || p.Office.Contact.Phone != "0760-1234567" || len(p.Units) != 3 {
		t.Fatalf("plan = %+v", p)
	}
	for _, f := range r.Findings {
		t.Log(f.Message)
	}
}

// The seed's real defects, as the linter must report them on the exported
// reference plan.
func TestReferencePlanReportsTheSeedsDefects(t *testing.T) {
	r := planfile.Check(planfile.Reference())
	out, _ := planfile.Export(r.Plan)
	r = planfile.Check(out)
	got := map[string]int{}
	for _, f := range r.Findings {
		got[f.Rule]++
	}
	want := map[string]int{
		"duplicate-campaign": 1, // 4 and 8 are the same campaign
		"category-overlap":   2, // so 儿童用品 and 玩具 route to two campaigns
		"inconsistent-name":  2, // 经信局 and 经济科技信息局
		"upper-level-lead":   1, // 6 is led by 市质监局
		"no-categories":      1, // 10 is about channels, not products
		"phase-before-issue": 1, // 宣传部署阶段 starts before 2017-08-30
	}
	for rule, n := range want {
		if got[rule] != n {
			t.Errorf("%s: %d findings, want %d", rule, got[rule], n)
		}
	}
	if len(r.Findings) != 8 || r.HasErrors() {
		for _, f := range r.Findings {
			t.Log(f.Message)
		}
		t.Fatalf("%d findings", len(r.Findings))
	}
	for _, f := range r.Findings {
		if f.Rule == "duplicate-campaign" && !strings.Contains(f.Message, "专项 8 与专项 4") {
			t.Errorf("duplicate message: %s", f.Message)
		}
	}
}

func TestReferencePlanIsTheSeed(t *testing.T) {
	r := planfile.Check(planfile.Reference())
	p := r.Plan
	if p.ID != "zs-gangkou-2017" || p.Document.Number != "中港府办〔2017〕74号" || p.Document.IssuedOn.String() != "2017-08-30" {
		t.Fatalf("header = %+v", p.Document)
	}
	if len(p.Campaigns) != 10 || len(p.Phases) != 3 || p.Phases[1].JointActions != 2 {
		t.Fatalf("campaigns %d phases %d", len(p.Campaigns), len(p.Phases))
	}
	seed := seedText(t)
	for _, c := range p.Campaigns {
		if !strings.Contains(string(seed), c.Text) {
			t.Errorf("campaign %d text is not verbatim", c.No)
		}
	}
	for _, ph := range p.Phases {
		if !strings.Contains(string(seed), ph.Text) {
			t.Errorf("phase %s text is not verbatim", ph.Name)
		}
	}
	for _, para := range strings.Split(p.Requirements+"\n"+p.Goals+"\n"+p.Principles, "\n") {
		if !strings.Contains(string(seed), para) {
			t.Errorf("paragraph not verbatim: %s", para)
		}
	}
}

// seedText is the original text of the reference plan, kept outside the
// repository: $DAJIA_SEED names its folder, otherwise it is looked for in
// shared/seed beside the repository or beside any folder above it (CI has it
// at ../shared/seed). Missing, the test skips, or fails under
// DAJIA_TEST_REQUIRE=1.
func seedText(t *testing.T) []byte {
	t.Helper()
	const name = "2017-gangkou-dajia-plan.txt"
	var tried []string
	if d := os.Getenv("DAJIA_SEED"); d != "" {
		tried = append(tried, filepath.Join(d, name))
	}
	dir, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	for {
		tried = append(tried, filepath.Join(filepath.Dir(dir), "shared", "seed", name))
		up := filepath.Dir(dir)
		if up == dir {
			break
		}
		dir = up
	}
	for _, p := range tried {
		if b, err := os.ReadFile(p); err == nil {
			return b
		}
	}
	if os.Getenv("DAJIA_TEST_REQUIRE") != "" {
		t.Fatalf("the seed text %s is not found (tried %s); DAJIA_TEST_REQUIRE is set", name, strings.Join(tried, ", "))
	}
	t.Skipf("the seed text %s is not found (tried %s)", name, strings.Join(tried, ", "))
	return nil
}
