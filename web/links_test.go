package web_test

import (
	"regexp"
	"strings"
	"testing"
)

var reportLink = regexp.MustCompile(`href="(/reports/[0-9]+)"`)

// The town summary and the matrix link only the reports the viewer may
// open: an officer and a head of two units once met a 404 on 45 links.
func TestSummaryLinksOnlyWhatTheViewerMayOpen(t *testing.T) {
	s, c := reportingSite(t, "2017-10-15")
	s.user(t, "zj-head", "head", "zjfj", false)
	viewers := map[string]*browserClient{"工商分局 officer": c["officer"], "质监分局 officer": c["other"], "工商分局 head": c["head"],
		"质监分局 head": s.signIn(t, "zj-head"), "office": c["office"], "leader": c["leader"]}
	pages := []string{"/reports?plan=zs-gangkou-2017", "/reports/period?plan=zs-gangkou-2017&rule=0&period=2017-08",
		"/reports/period?plan=zs-gangkou-2017&rule=0&period=2017-09", "/todo", "/plans/zs-gangkou-2017", "/plans/zs-gangkou-2017/units/gsfj"}
	for who, cl := range viewers {
		seen := map[string]bool{}
		for _, page := range pages {
			r, body := cl.get(t, page)
			if r.StatusCode != 200 {
				continue
			}
			for _, m := range reportLink.FindAllStringSubmatch(body, -1) {
				if seen[m[1]] {
					continue
				}
				seen[m[1]] = true
				if r, _ := cl.get(t, m[1]); r.StatusCode != 200 {
					t.Errorf("%s: %s links %s, which answers %d", who, page, m[1], r.StatusCode)
				}
			}
		}
		if len(seen) == 0 && !strings.Contains(who, "leader") {
			t.Errorf("%s: no report linked at all", who)
		}
	}
}
