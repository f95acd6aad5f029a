package web_test

import (
	"strings"
	"testing"
)

// An empty tip list says why: nothing to handle, or nothing matching the
// filters set (a read-only leader handles nothing).
func TestEmptyFilteredTipListSaysNothingMatches(t *testing.T) {
	_, c := reportingSite(t, "2017-09-29")
	for who, cases := range map[string]map[string]string{
		"leader":  {"/tips?view=all&campaign=5": "没有符合筛选条件的记录", "/tips?view=all&overdue=1": "没有符合筛选条件的记录", "/tips?q=假冒": "没有符合筛选条件的记录", "/tips": "没有需要办理的举报投诉"},
		"officer": {"/tips?month=2017-09": "没有符合筛选条件的记录", "/tips": "没有需要办理的举报投诉"},
	} {
		for path, want := range cases {
			r, body := c[who].get(t, path)
			if r.StatusCode != 200 || !strings.Contains(body, want) {
				t.Errorf("%s %s: %d, want %q", who, path, r.StatusCode, want)
			}
		}
	}
}
