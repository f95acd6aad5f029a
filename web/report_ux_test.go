package web_test

import (
	"strings"
	"testing"
)

// A headcount that cannot be read says it must be a whole number (not
// "at most four decimals"), and every problem of the form shows at once:
// the unreadable figure and the consistency checks of the rest.
func TestReportFormShowsEveryProblemAtOnce(t *testing.T) {
	s, c := reportingSite(t, "2017-10-03")
	path := "/reports/" + itoa(s.reportID(t, "gsfj", "2017-09"))
	r, body := c["officer"].post(t, path, form("v_inspectors", "十二", "v_samples", "2", "v_samples_failed", "5", "v_cases_opened", "1", "v_cases_closed", "3", "then", "submit"))
	if r.StatusCode != 400 {
		t.Fatalf("status %d", r.StatusCode)
	}
	for _, want := range []string{"不是整数", "抽检不合格批次不能多于抽检批次", "结案数不能多于"} {
		if !strings.Contains(body, want) {
			t.Errorf("the page does not say %q", want)
		}
	}
	if strings.Contains(body, "最多四位小数") {
		t.Error("a headcount speaks of four decimals")
	}
	if n := strings.Count(body, `aria-invalid="true"`); n < 3 {
		t.Errorf("%d fields marked invalid, want 3", n)
	}
}
