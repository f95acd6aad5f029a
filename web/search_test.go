package web_test

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"dajia"
	"dajia/planfile"
	"dajia/store"
)

// searchSite is a site with two plans (港口镇 2017 and a copy for 2016)
// holding, for the units 工商分局 (gsfj) and 质监分局 (zjfj), tips, clues,
// cases and market entities that name 假冒 or 灯具, a few that do not, and
// a few whose text holds %, _, \ and markup.
func searchSite(t *testing.T) (*site, map[string]*browserClient) {
	t.Helper()
	s, c := reportingSite(t, "2017-10-20")
	ctx := context.Background()
	text := strings.ReplaceAll(string(planfile.Reference()), "2017", "2016")
	p := planfile.Check([]byte(text)).Plan
	if _, err := s.db.ImportPlan(ctx, testActor, p, []byte(text)); err != nil {
		t.Fatal(err)
	}
	n := 0
	tip := func(plan, unit, name, desc string) {
		t.Helper()
		v, err := s.db.Plan(ctx, plan)
		if err != nil {
			t.Fatal(err)
		}
		r := v.Plan.Route("灯具", dajia.StageSelling, false)
		r.Units, r.Notify = []string{unit}, nil
		n++
		if _, err := s.db.CreateTips(ctx, testActor, []store.NewTip{{Code: fmt.Sprintf("SQ%08d", n), SecretHash: "x", GroupCode: fmt.Sprintf("g%d", n),
			PlanVersion: v, Source: "public", Kind: dajia.TipReport, Category: "灯具", Stage: dajia.StageSelling, Routing: r, BusinessName: name,
			Description: desc, Clock: dajia.TipClock{Due: dajia.MustDate("2017-11-01"), What: dajia.DueDecide}}}); err != nil {
			t.Fatal(err)
		}
	}
	// 灯具 is every tip's category: each tip holds it.
	tip("zs-gangkou-2017", "gsfj", "工商甲商行", "销售假冒伪劣插座")
	tip("zs-gangkou-2017", "gsfj", "工商乙商行", "标识不全")
	tip("zs-gangkou-2017", "zjfj", "质监独有电器厂", "生产假冒节能灯")
	tip("zs-gangkou-2016", "gsfj", "工商丙商行", "去年的假冒充电器")
	tip("zs-gangkou-2017", "zjfj", "<script>alert(1)</script>百分号", `含 100%_\ 字样的假冒包装`)
	clue := func(plan, unit, summary string) {
		t.Helper()
		if _, err := s.db.CreateClue(ctx, testActor, dajia.Clue{PlanID: plan, Source: dajia.ClueFromTransfer, SourceRef: "县公安局",
			ReceivedOn: dajia.MustDate("2017-09-01"), LeadUnit: unit, Summary: summary, Status: dajia.CluePending}); err != nil {
			t.Fatal(err)
		}
	}
	clue("zs-gangkou-2017", "gsfj", "工商线索：假冒品牌插座")
	clue("zs-gangkou-2016", "gsfj", "工商线索：去年的假冒灯具")
	clue("zs-gangkou-2017", "zjfj", "质监独有线索：假冒灯具作坊")
	clue("zs-gangkou-2017", "zjfj", "质监线索：无关")
	entity := func(name, address string) int64 {
		t.Helper()
		e, err := s.db.CreateEntity(ctx, testActor, dajia.Entity{Name: name, Kind: dajia.KindOther, Address: address})
		if err != nil {
			t.Fatal(err)
		}
		return e.ID
	}
	lamp := entity("港口明亮灯具商行", "港口镇民主路1号")
	entity("港口食品店", "港口镇假冒路2号")
	entity("港口五金店", "港口镇和平路3号")
	kase := func(plan, number, unit string, coop []string, entity int64, goods string) {
		t.Helper()
		c := dajia.Case{Number: number, LeadUnit: unit, Cooperating: coop, EntityID: entity, Status: dajia.CaseOpened, OpenedOn: dajia.MustDate("2017-09-02"),
			Violations: []dajia.Violation{dajia.ViolationLabel}}
		if goods != "" {
			c.Goods = []dajia.Goods{{Name: goods, Brand: "某牌", Quantity: 1, Unit: "个"}}
		}
		if _, err := s.db.CreateCase(ctx, testActor, store.CaseRecord{PlanID: plan, Case: c}, nil); err != nil {
			t.Fatal(err)
		}
	}
	kase("zs-gangkou-2017", "中港工商罚〔2017〕1号", "gsfj", nil, lamp, "")
	kase("zs-gangkou-2016", "中港工商罚〔2016〕1号", "gsfj", nil, 0, "LED灯具")
	kase("zs-gangkou-2017", "中港质监罚〔2017〕1号", "zjfj", nil, 0, "假冒节能灯")
	kase("zs-gangkou-2017", "中港质监罚〔2017〕2号", "zjfj", []string{"gsfj"}, 0, "吸顶灯具")
	kase("zs-gangkou-2017", "中港质监罚〔2017〕3号", "zjfj", nil, 0, "电线")
	return s, c
}

// searchCounts reads the counts line of the search page.
func searchCounts(t *testing.T, body string) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, m := range regexp.MustCompile(`(举报投诉|线索|案件|市场主体) (\d+) (?:条|件|个)</(?:a|span)>`).FindAllStringSubmatch(body, -1) {
		var n int
		fmt.Sscan(m[2], &n)
		out[m[1]] = n
	}
	return out
}

// The search finds a term in every plan the reader may read, each kind as
// its own list holds it for the reader: the office every unit's records,
// a unit its own only, on the page, through the API and in the counts.
func TestSearchFindsEveryPlansRecordsAndAUnitOnlyItsOwn(t *testing.T) {
	s, c := searchSite(t)
	ctx := context.Background()
	tokens := map[string]string{"office": s.token}
	for _, who := range []string{"gs-officer", "zj-officer"} {
		u, _ := s.db.UserByName(ctx, who)
		tokens[who], _ = newTokenFor(t, s, u.ID)
	}
	c["zj"] = c["other"]
	type want struct{ tips, clues, cases, entities int }
	for _, tt := range []struct {
		client, token, q string
		want             want
		absent           []string
	}{
		{"office", "office", "假冒", want{4, 3, 1, 1}, nil},
		{"office", "office", "灯具", want{5, 2, 3, 1}, nil},
		{"officer", "gs-officer", "假冒", want{2, 2, 0, 1}, []string{"质监独有", "中港质监罚〔2017〕1号", "节能灯"}},
		{"officer", "gs-officer", "灯具", want{3, 1, 3, 1}, []string{"质监独有", "节能灯"}},
		{"zj", "zj-officer", "假冒", want{2, 1, 1, 1}, []string{"工商甲", "工商丙", "工商线索", "中港工商罚"}},
		{"zj", "zj-officer", "灯具", want{2, 1, 1, 1}, []string{"工商甲", "工商丙", "工商线索", "中港工商罚"}},
	} {
		t.Run(tt.token+" "+tt.q, func(t *testing.T) {
			r, body := c[tt.client].get(t, "/search?q="+url.QueryEscape(tt.q))
			if r.StatusCode != 200 {
				t.Fatalf("page: %d", r.StatusCode)
			}
			got := searchCounts(t, body)
			if got["举报投诉"] != tt.want.tips || got["线索"] != tt.want.clues || got["案件"] != tt.want.cases || got["市场主体"] != tt.want.entities {
				t.Errorf("page counts %v, want %+v", got, tt.want)
			}
			code, out := s.apiJSON(t, "GET", "/api/v1/search?q="+url.QueryEscape(tt.q), tokens[tt.token], nil)
			if code != 200 {
				t.Fatalf("API: %d %v", code, out)
			}
			api := map[string]int{}
			for _, k := range out["kinds"].([]any) {
				k := k.(map[string]any)
				api[k["kind"].(string)] = int(k["total"].(float64))
				if items := k["items"].([]any); len(items) != int(k["total"].(float64)) {
					t.Errorf("API %s: %d items of %v", k["kind"], len(items), k["total"])
				}
			}
			if (want{api["tips"], api["clues"], api["cases"], api["entities"]}) != tt.want {
				t.Errorf("API counts %v, want %+v", api, tt.want)
			}
			// The API lists with the same term count the same records.
			for _, kind := range []string{"clues", "cases"} {
				code, list := s.apiJSON(t, "GET", "/api/v1/"+kind+"?q="+url.QueryEscape(tt.q), tokens[tt.token], nil)
				if code != 200 || list["total"] != float64(api[kind]) {
					t.Errorf("GET /api/v1/%s?q=%s: %d total %v, the search %d", kind, tt.q, code, list["total"], api[kind])
				}
			}
			apiText := fmt.Sprint(out)
			for _, a := range tt.absent {
				if strings.Contains(body, a) || strings.Contains(apiText, a) {
					t.Errorf("%s finds another unit's %q", tt.token, a)
				}
			}
			// Every hit links to its record, and the term is marked.
			if tt.want.tips > 0 && (!strings.Contains(body, "<mark>"+tt.q+"</mark>") || !regexp.MustCompile(`href="/tips/\d+"`).MatchString(body)) {
				t.Error("the hits are not marked or not linked")
			}
		})
	}
	// The reader's records of another unit stay out of reach however the
	// search is asked: by kind, by plan, by page.
	for _, q := range []string{"kind=tips", "kind=clues&plan=zs-gangkou-2017", "kind=cases&offset=0", "plan=zs-gangkou-2017"} {
		code, out := s.apiJSON(t, "GET", "/api/v1/search?q=质监独有&"+q, tokens["gs-officer"], nil)
		if code != 200 || out["total"] != float64(0) {
			t.Errorf("%s: another unit's records through the API: %d %v", q, code, out)
		}
	}
}

// The kind and plan filters and the pages: each kind alone, one plan, the
// next page, a page past the end that still counts.
func TestSearchFiltersByKindAndPlanAndPages(t *testing.T) {
	s, _ := searchSite(t)
	get := func(q string) map[string]any {
		t.Helper()
		code, out := s.apiJSON(t, "GET", "/api/v1/search?"+q, s.token, nil)
		if code != 200 {
			t.Fatalf("%s: %d %v", q, code, out)
		}
		return out
	}
	kinds := func(out map[string]any) []map[string]any {
		var ks []map[string]any
		for _, k := range out["kinds"].([]any) {
			ks = append(ks, k.(map[string]any))
		}
		return ks
	}
	out := get("q=灯具&kind=cases")
	if ks := kinds(out); len(ks) != 1 || ks[0]["kind"] != "cases" || ks[0]["total"] != float64(3) {
		t.Fatalf("one kind: %v", out)
	}
	out = get("q=灯具&plan=zs-gangkou-2016")
	if out["total"] != float64(1+1+1+1) {
		t.Fatalf("one plan: %v", out)
	}
	for _, k := range kinds(out) {
		for _, it := range k["items"].([]any) {
			if it := it.(map[string]any); it["kind"] != "entities" && it["plan"] != "zs-gangkou-2016" {
				t.Errorf("one plan: a hit of %v", it["plan"])
			}
		}
	}
	// Newest first, a page of two, the next page, past the end.
	first := kinds(get("q=灯具&kind=tips&limit=2"))[0]
	if first["total"] != float64(5) || len(first["items"].([]any)) != 2 || first["next"] != float64(2) {
		t.Fatalf("first page: %v", first)
	}
	second := kinds(get("q=灯具&kind=tips&limit=2&offset=4"))[0]
	if second["total"] != float64(5) || len(second["items"].([]any)) != 1 || second["next"] != nil {
		t.Fatalf("last page: %v", second)
	}
	past := kinds(get("q=灯具&kind=tips&limit=2&offset=40"))[0]
	if past["total"] != float64(5) || len(past["items"].([]any)) != 0 {
		t.Fatalf("past the end: %v", past)
	}
	items := kinds(get("q=灯具&kind=tips&limit=50"))[0]["items"].([]any)
	for i := 1; i < len(items); i++ {
		a, b := items[i-1].(map[string]any), items[i].(map[string]any)
		if a["date"].(string) < b["date"].(string) || (a["date"] == b["date"] && a["id"].(float64) < b["id"].(float64)) {
			t.Fatalf("not newest first: %v then %v", a, b)
		}
	}
	if it := items[0].(map[string]any); it["url"] == nil || it["plan_title"] == nil || it["unit_name"] == nil || it["status_name"] == nil || it["ref"] == nil {
		t.Fatalf("a hit lacks what a reader recognises it by: %v", it)
	}
	// The page of one kind: a page further on, the way back, in English.
	c := s.signIn(t, "office")
	r, body := c.get(t, "/search?q="+url.QueryEscape("灯具")+"&kind=tips&offset=4&lang=en")
	if r.StatusCode != 200 || strings.Count(body, `href="/tips/`) != 1 || !strings.Contains(body, "5 tips and complaints") ||
		!strings.Contains(body, `href="/search?kind=tips&amp;q=`+url.QueryEscape("灯具")+`">Previous page</a>`) {
		t.Fatalf("a page of one kind: %d\n%s", r.StatusCode, body)
	}
	// A visitor has nothing to search.
	if code, h, _ := s.get(t, "/search?q=x"); code != 303 || !strings.Contains(h.Get("Location"), "/login") {
		t.Fatalf("a visitor: %d %s", code, h.Get("Location"))
	}
	if code, _, _ := s.get(t, "/api/v1/search?q=x"); code != 401 {
		t.Fatalf("no token: %d", code)
	}
}

// A bad term, kind, plan or page size is refused at its field, all at
// once; %, _ and \ stand for themselves; markup is shown as text.
func TestSearchRefusesBadInputAndTakesHostileTermsLiterally(t *testing.T) {
	s, c := searchSite(t)
	for _, tt := range []struct {
		q     string
		field string
	}{
		{"q=", "q"},
		{"q=" + url.QueryEscape("   "), "q"},
		{"", "q"},
		{"q=" + strings.Repeat("假", dajia.MaxSearchRunes+1), "q"},
		{"q=" + url.QueryEscape(strings.Repeat("词 ", 11)), "q"},
		{"q=a%00b", "q"},
		{"q=%ff", "q"},
		{"q=假冒&kind=people", "kind"},
		{"q=假冒&plan=nowhere", "plan"},
		{"q=假冒&limit=51", "limit"},
		{"q=假冒&limit=0", "limit"},
		{"q=假冒&limit=-1", "limit"},
		{"q=假冒&offset=x", "offset"},
		{"q=&kind=people&limit=99", "q"},
	} {
		code, out := s.apiJSON(t, "GET", "/api/v1/search?"+tt.q, s.token, nil)
		e, _ := out["error"].(map[string]any)
		if code != 400 || e == nil || e["field"] != tt.field || e["code"] != "invalid" {
			t.Errorf("%s: %d %v, want 400 at %s", tt.q, code, out, tt.field)
		}
	}
	// Every problem at once on the page, each at its field.
	r, body := c["office"].get(t, "/search?q=&kind=people&plan=nowhere")
	if r.StatusCode != 400 || !strings.Contains(body, "请输入要搜索的词") || !strings.Contains(body, "搜索类别应为") || !strings.Contains(body, "没有方案") ||
		!strings.Contains(body, `aria-invalid="true"`) {
		t.Fatalf("page: %d\n%s", r.StatusCode, body)
	}
	// The page without a term is the empty form.
	if r, body := c["office"].get(t, "/search"); r.StatusCode != 200 || !strings.Contains(body, `id="search-q"`) || strings.Contains(body, "field-error") {
		t.Fatalf("empty form: %d", r.StatusCode)
	}
	for _, tt := range []struct {
		q    string
		tips int
	}{{"%", 1}, {"_", 1}, {`\`, 1}, {"100%_", 1}, {"%%", 0}, {"__", 0}, {"<script>", 1}, {"sq00000001", 1}, {"SQ0000000", 0}} {
		code, out := s.apiJSON(t, "GET", "/api/v1/search?kind=tips&q="+url.QueryEscape(tt.q), s.token, nil)
		if code != 200 || out["total"] != float64(tt.tips) {
			t.Errorf("%q: %d %v, want %d tips", tt.q, code, out["total"], tt.tips)
		}
	}
	_, body = c["office"].get(t, "/search?q="+url.QueryEscape("<script>"))
	if strings.Contains(body, "<script>alert") || !strings.Contains(body, "<mark>&lt;script&gt;</mark>alert(1)") {
		t.Fatal("markup in a record or the term is not escaped")
	}
	// Admins have no business records to search.
	s.user(t, "sys", dajia.RoleSysadmin, "", false)
	if r, _ := s.signIn(t, "sys").get(t, "/search?q=假冒"); r.StatusCode != 403 {
		t.Fatalf("an administrator searches: %d", r.StatusCode)
	}
}

// 查看全部 of each kind lands on a list that counts exactly the records the
// search counted, for the office and for a unit, over every plan and one.
func TestSearchListLinksCountWhatTheSearchCounts(t *testing.T) {
	_, c := searchSite(t)
	listTotal := func(t *testing.T, cl *browserClient, path string) int {
		t.Helper()
		r, body := cl.get(t, path)
		if r.StatusCode != 200 {
			t.Fatalf("%s: %d", path, r.StatusCode)
		}
		m := regexp.MustCompile(`共 (\d+) 条线索|共 (\d+) 件案件|共 (\d+)`).FindStringSubmatch(body)
		if m == nil {
			if strings.Contains(body, "没有") {
				return 0
			}
			t.Fatalf("%s: no total", path)
		}
		var n int
		fmt.Sscan(m[1]+m[2]+m[3], &n)
		return n
	}
	for _, who := range []string{"office", "officer", "other"} {
		for _, plan := range []string{"", "zs-gangkou-2017"} {
			for _, q := range []string{"假冒", "灯具"} {
				path := "/search?q=" + url.QueryEscape(q)
				if plan != "" {
					path += "&plan=" + plan
				}
				_, body := c[who].get(t, path)
				counts := searchCounts(t, body)
				links := map[string]string{}
				for _, l := range regexp.MustCompile(`class="search-all" href="(/(tips|clues|cases)\?[^"]+)"`).FindAllStringSubmatch(body, -1) {
					links[l[2]] = strings.ReplaceAll(l[1], "&amp;", "&")
				}
				for kind, name := range map[string]string{"clues": "线索", "cases": "案件", "tips": "举报投诉"} {
					href, ok := links[kind]
					if !ok {
						// The tips list is of one plan: over every plan
						// 查看全部 pages the search itself.
						if counts[name] > 0 && (kind != "tips" || plan != "") {
							t.Errorf("%s %s %q: no link to the %s list", who, plan, q, kind)
						}
						continue
					}
					if !strings.Contains(href, "q="+url.QueryEscape(q)) || (plan != "" && !strings.Contains(href, "plan="+plan)) {
						t.Errorf("%s: %s does not carry the term and plan", who, href)
					}
					if n := listTotal(t, c[who], href); n != counts[name] {
						t.Errorf("%s %s %q: %s counts %d, the search %d", who, plan, q, href, n, counts[name])
					}
				}
			}
		}
	}
}
