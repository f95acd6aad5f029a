package web_test

import (
	"html"
	"net/http"
	"regexp"
	"strconv"
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

// The matrix's 迟报 and 未报 counts open the units behind them; the rate
// cells are right-aligned numbers.
func TestMatrixCountsLinkToTheirUnits(t *testing.T) {
	s, c := reportingSite(t, "2017-10-03")
	// 工商分局 sends August late; the rest never send it.
	aug := "/reports/" + itoa(s.reportID(t, "gsfj", "2017-08"))
	c["officer"].post(t, aug, form("v_inspectors", "15", "then", "submit"))
	_, page := c["office"].get(t, "/reports")
	late := regexp.MustCompile(`<a href="([^"]*show=late[^"]*)">迟报 (\d+)</a>`).FindStringSubmatch(page)
	missing := regexp.MustCompile(`<a href="([^"]*show=missing[^"]*)">未报 (\d+)</a>`).FindStringSubmatch(page)
	if late == nil || missing == nil || late[2] != "1" || missing[2] == "0" {
		t.Fatalf("the counts do not link: late %v missing %v", late, missing)
	}
	rows := regexp.MustCompile(`<tr><th scope="row">([^<]+)</th>`)
	_, onlyLate := c["office"].get(t, html.UnescapeString(late[1]))
	if got := rows.FindAllStringSubmatch(onlyLate, -1); len(got) != 1 || got[0][1] != "工商分局" {
		t.Errorf("the late units: %v", got)
	}
	_, onlyMissing := c["office"].get(t, html.UnescapeString(missing[1]))
	if got := rows.FindAllStringSubmatch(onlyMissing, -1); len(got) != mustAtoi(t, missing[2]) {
		t.Errorf("%d units behind %s missing reports", len(got), missing[2])
	}
	if !strings.Contains(onlyMissing, "显示全部单位") {
		t.Error("no way back to every unit")
	}
	if !strings.Contains(page, `<td class="num">`) {
		t.Error("the rate cells are not aligned as numbers")
	}
}

func mustAtoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// The tips list shows the working days left to each deadline and how many
// tips each tab holds.
func TestTipsListShowsWorkingDaysLeftAndTabCounts(t *testing.T) {
	s, c := reportingSite(t, "2017-09-29")
	for _, phone := range []string{"13912345678", "13912345679"} {
		if r, _ := postTip(t, &http.Client{}, s.URL, complaint(phone)); r.StatusCode != 201 {
			t.Fatalf("tip: %d", r.StatusCode)
		}
		s.resetTipLimit()
	}
	_, list := c["office"].get(t, "/tips")
	// A complaint of Friday 29 September is accepted or refused within 7
	// working days: by 16 October, the National Day week not counted.
	if !strings.Contains(list, "2017年10月16日 · <strong>还有 7 个工作日</strong>") {
		t.Error("the list does not show the working days left")
	}
	for _, tab := range []string{`>办理中 <span class="count">2</span>`, `>待分派 <span class="count">0</span>`, `>全部 <span class="count">2</span>`} {
		if !strings.Contains(list, tab) {
			t.Errorf("the tabs lack %s", tab)
		}
	}
	_, unit := c["other"].get(t, "/tips")
	if !strings.Contains(unit, `>办理中 <span class="count">0</span>`) || strings.Contains(unit, "待分派") {
		t.Error("another unit's tabs")
	}
}
