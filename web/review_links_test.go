package web_test

import (
	"context"
	"html"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"dajia"
	"dajia/store"
)

// reviewRichSite is reviewSite with cases, a done joint action and
// publicity for gsfj and zjfj, so that every indicator counts something:
//
//	cases     gsfj: closed; open with a transfer refused in time; sent
//	          after 24 hours; zjfj: open, a cooperation of gsfj's (not led)
//	actions   both named in a done action, gsfj sent its force
//	publicity gsfj: 2
func reviewRichSite(t *testing.T) (*site, map[string]*browserClient) {
	t.Helper()
	s, c := reviewSite(t)
	ctx := context.Background()
	d := dajia.MustDate
	at := func(v string) time.Time {
		tm, _ := time.ParseInLocation("2006-01-02 15:04", v, dajia.ChinaTime)
		return tm
	}
	n := 0
	kase := func(unit string, status dajia.CaseStatus, tr dajia.Transfer, coop ...string) {
		t.Helper()
		n++
		k := dajia.Case{Number: "中港罚〔2017〕" + strconv.Itoa(n) + "号", LeadUnit: unit, Status: status, OpenedOn: d("2017-10-09"), Violations: []dajia.Violation{dajia.ViolationLabel}, Transfer: tr,
			Cooperating: coop}
		if _, err := s.db.CreateCase(ctx, testActor, store.CaseRecord{PlanID: "zs-gangkou-2017", Case: k}, nil); err != nil {
			t.Fatal(err)
		}
	}
	kase("gsfj", dajia.CaseClosed, dajia.Transfer{})
	kase("gsfj", dajia.CaseInvestigating, dajia.Transfer{Status: dajia.TransferRefused, ProposedOn: d("2017-11-06"), DecidedOn: d("2017-11-08"), Reason: "未达标准"})
	kase("gsfj", dajia.CaseTransferred, dajia.Transfer{Status: dajia.TransferSent, ProposedOn: d("2017-11-06"), DecidedOn: d("2017-11-08"),
		ApprovedAt: at("2017-11-08 09:00"), SentAt: at("2017-11-09 10:00"), Resume: dajia.CaseInvestigating})
	kase("zjfj", dajia.CaseInvestigating, dajia.Transfer{}, "gsfj")
	id := planAction(t, c["office"], actionForm())
	if r, body := c["officer"].post(t, "/actions/"+id+"/force", form("unit", "gsfj", "staff", "12", "vehicles", "3")); r.StatusCode != 200 {
		t.Fatalf("force: %d %s", r.StatusCode, body)
	}
	for _, on := range []string{"2017-09-10", "2017-10-15"} {
		if _, err := s.db.CreatePublicity(ctx, testActor, dajia.Publicity{PlanID: "zs-gangkou-2017", Unit: "gsfj", On: d(on),
			Channel: dajia.PublicityChannels()[0], Title: "打假宣传进市场", Reach: dajia.Reach{People: 100}}, nil); err != nil {
			t.Fatal(err)
		}
	}
	return s, c
}

// reviewLink is a count of the scorecard that links to a list.
var reviewLink = regexp.MustCompile(`<a href="(/(?:clues|cases|actions|publicity)\?[^"]*)">(\d+)</a>`)

// reviewListTotal is how many records a list page says it holds.
var reviewListTotal = map[string]*regexp.Regexp{
	"/cases":     regexp.MustCompile(`共 (\d+) 件案件`),
	"/clues":     regexp.MustCompile(`共 (\d+) 条线索`),
	"/actions":   regexp.MustCompile(`共 (\d+) 次集中行动`),
	"/publicity": regexp.MustCompile(`共 (\d+) 次宣传活动`),
}

// Every count of the scorecard links to a list holding exactly the records
// it counts, for the office and the leader (both units' rows) and for each
// unit (its own row); the reporting counts, which no list holds exactly,
// are not links.
func TestReviewCountsOpenExactlyTheRecordsTheyCount(t *testing.T) {
	s, c := reviewRichSite(t)
	s.user(t, "zj-head", dajia.RoleHead, "zjfj", false)
	c["zj-head"] = s.signIn(t, "zj-head")
	for _, who := range []string{"office", "leader", "officer", "other"} {
		t.Run(who, func(t *testing.T) {
			cl := c[who]
			_, body := cl.get(t, "/review?plan=zs-gangkou-2017")
			for _, unit := range []string{"gsfj", "zjfj"} {
				i := strings.Index(body, `id="unit-`+unit+`"`)
				own := (who == "officer" && unit == "gsfj") || (who == "other" && unit == "zjfj") || who == "office" || who == "leader"
				if (i >= 0) != own {
					t.Fatalf("%s reads %s's row: %v", who, unit, i >= 0)
				}
				if i < 0 {
					continue
				}
				sec := body[i:]
				sec = sec[:strings.Index(sec, "</section>")]
				if strings.Contains(sec, `href="/reports`) {
					t.Errorf("%s: a reporting count links to the whole matrix", unit)
				}
				links := reviewLink.FindAllStringSubmatch(sec, -1)
				if len(links) != 9 {
					t.Fatalf("%s: %d counts link to a list, want 9: %s", unit, len(links), sec)
				}
				nonzero := 0
				for _, l := range links {
					href := html.UnescapeString(l[1])
					want, _ := strconv.Atoi(l[2])
					path, _, _ := strings.Cut(href, "?")
					r, page := cl.get(t, href)
					if r.StatusCode != http.StatusOK {
						t.Errorf("%s: %d", href, r.StatusCode)
						continue
					}
					m := reviewListTotal[path].FindStringSubmatch(page)
					if m == nil {
						t.Errorf("%s: no total on the page", href)
						continue
					}
					if got, _ := strconv.Atoi(m[1]); got != want {
						t.Errorf("%s: the scorecard says %d, the list holds %d", href, want, got)
					}
					if want > 0 {
						nonzero++
					}
				}
				if unit == "gsfj" && nonzero < 9 {
					t.Errorf("gsfj: only %d counts count something", nonzero)
				}
			}
		})
	}
	// The exact figures of gsfj, so that the lists are not merely equal.
	_, body := c["office"].get(t, "/review?plan=zs-gangkou-2017")
	for _, want := range []string{
		`按期决定 <a href="/clues?plan=zs-gangkou-2017&amp;timely=in&amp;unit=gsfj">1</a>/<a href="/clues?plan=zs-gangkou-2017&amp;timely=judged&amp;unit=gsfj">2</a> 条线索`,
		`办结 <a href="/cases?concluded=1&amp;lead=1&amp;plan=zs-gangkou-2017&amp;unit=gsfj">2</a>/<a href="/cases?lead=1&amp;plan=zs-gangkou-2017&amp;unit=gsfj">3</a> 件案件`,
		`按时移送 <a href="/cases?lead=1&amp;plan=zs-gangkou-2017&amp;transfer=in&amp;unit=gsfj">1</a>/<a href="/cases?lead=1&amp;plan=zs-gangkou-2017&amp;transfer=judged&amp;unit=gsfj">2</a> 件`,
		`出动参加 <a href="/actions?forced=1&amp;plan=zs-gangkou-2017&amp;status=done&amp;unit=gsfj">1</a>/<a href="/actions?plan=zs-gangkou-2017&amp;status=done&amp;unit=gsfj">1</a> 次集中行动`,
		`出动参加 <a href="/actions?forced=1&amp;plan=zs-gangkou-2017&amp;status=done&amp;unit=zjfj">0</a>/<a href="/actions?plan=zs-gangkou-2017&amp;status=done&amp;unit=zjfj">1</a> 次集中行动`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the scorecard lacks %q", want)
		}
	}
	// A unit's filtered list never holds another unit's records.
	if _, page := c["other"].get(t, "/clues?plan=zs-gangkou-2017&timely=judged&unit=gsfj"); !strings.Contains(page, "共 1 条线索") {
		t.Errorf("zjfj asking for gsfj's judged clues gets more than its own one")
	}
	if _, page := c["other"].get(t, "/cases?plan=zs-gangkou-2017&lead=1&unit=gsfj"); !strings.Contains(page, "共 0 件案件") {
		t.Errorf("zjfj asking for gsfj's led cases gets some")
	}
}

// The new filters refuse a bad value with a 400 naming it in Chinese.
func TestReviewListFiltersRefuseBadValues(t *testing.T) {
	_, c := reviewSite(t)
	for path, want := range map[string]string{
		"/clues?plan=zs-gangkou-2017&timely=soon":            "按期处理筛选应为 in（按期）、late（超期）或 judged（已考核）",
		"/clues?timely=in":                                   "按期处理筛选需要指定方案",
		"/cases?plan=zs-gangkou-2017&unit=gsfj&lead=yes":     "牵头筛选应为 1",
		"/cases?plan=zs-gangkou-2017&lead=1":                 "牵头筛选需要指定单位",
		"/cases?plan=zs-gangkou-2017&concluded=2":            "办结筛选应为 1",
		"/cases?transfer=judged":                             "按时移送筛选需要指定方案",
		"/actions?plan=zs-gangkou-2017&unit=gsfj&forced=x":   "出动筛选应为 1",
		"/actions?plan=zs-gangkou-2017&status=done&forced=1": "出动筛选需要指定单位",
	} {
		r, body := c["office"].get(t, path)
		if r.StatusCode != 400 || !strings.Contains(body, want) {
			t.Errorf("%s: %d, want 400 with %q", path, r.StatusCode, want)
		}
	}
}

// The notice the scorecard prefills for a unit asks, item by item, for
// what its low-scoring indicators need.
func TestReviewNoticePrefillsItemsFromLowIndicators(t *testing.T) {
	_, c := reviewRichSite(t)
	_, body := c["office"].get(t, "/review?plan=zs-gangkou-2017")
	var link string
	for _, m := range regexp.MustCompile(`href="(/rectifications/new\?[^"]*)"`).FindAllStringSubmatch(body, -1) {
		if l := html.UnescapeString(m[1]); strings.Contains(l, "unit=zjfj") {
			link = l
		}
	}
	if link == "" {
		t.Fatal("no notice link for zjfj")
	}
	_, form := c["office"].get(t, link)
	i := strings.Index(form, `<textarea id="items"`)
	if i < 0 {
		t.Fatalf("no items on the form: %s", form)
	}
	items := form[i : i+strings.Index(form[i:], "</textarea>")]
	for _, want := range []string{"线索按时处理率（0.0 分）：对超期线索逐条说明原因，按期作出处理决定", "集中行动参与率（0.0 分）：按要求派员参加集中行动",
		"报送及时率（0.0 分）"} {
		if !strings.Contains(items, want) {
			t.Errorf("the prefilled items lack %q: %s", want, items)
		}
	}
	if strings.Contains(items, "移送按时率") {
		t.Errorf("an indicator without data is asked for: %s", items)
	}
}

// A list opened from the scorecard says which records it holds.
func TestReviewListsSayTheirFilter(t *testing.T) {
	_, c := reviewSite(t)
	// In this order: the English one last, as the language chosen is kept.
	for _, tt := range [][2]string{
		{"/clues?plan=zs-gangkou-2017&unit=gsfj&timely=in", "筛选：按期决定的线索"},
		{"/clues?plan=zs-gangkou-2017&unit=gsfj&timely=judged", "筛选：已到期考核的线索"},
		{"/cases?plan=zs-gangkou-2017&unit=gsfj&lead=1&concluded=1", "筛选：本单位牵头、已办结"},
		{"/cases?plan=zs-gangkou-2017&unit=gsfj&lead=1&transfer=in", "筛选：本单位牵头、按时移送"},
		{"/actions?plan=zs-gangkou-2017&unit=gsfj&status=done&forced=1", "筛选：出动了力量的行动"},
		{"/cases?plan=zs-gangkou-2017&unit=gsfj&lead=1&transfer=judged&lang=en", "Filter: led by the unit, transfers judged against their deadlines"},
	} {
		path, want := tt[0], tt[1]
		_, body := c["office"].get(t, path)
		if !strings.Contains(body, want) {
			i := strings.Index(body, "<h1>")
			t.Errorf("%s does not say %q: %s", path, want, body[i:min(len(body), i+400)])
		}
	}
	if _, body := c["office"].get(t, "/cases?plan=zs-gangkou-2017&lang=zh"); strings.Contains(body, `id="review-filter"`) {
		t.Error("an unfiltered list says it is filtered")
	}
}
