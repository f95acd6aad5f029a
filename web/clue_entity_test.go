package web_test

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"dajia"
	"dajia/store"
)

// registerEntity registers an entity through its form and answers its id.
func registerEntity(t *testing.T, c *browserClient, name, code string) string {
	t.Helper()
	resp, _ := c.post(t, "/entities", entityForm(name, code, ""))
	p := entityPath(resp)
	if resp.StatusCode != 200 || !strings.HasPrefix(p, "/entities/") {
		t.Fatalf("register %s: %d %s", name, resp.StatusCode, p)
	}
	return strings.TrimPrefix(p, "/entities/")
}

func referral(kv ...string) url.Values {
	f := form("plan", "zs-gangkou-2017", "source", "referral", "source_ref", "港市监交〔2017〕12号", "referral_due", "2017-10-10",
		"received_on", "2017-09-25", "summary", "上级交办某商行销售假冒灯具")
	for i := 0; i < len(kv); i += 2 {
		f.Set(kv[i], kv[i+1])
	}
	return f
}

var cluePathRE = regexp.MustCompile(`^/clues/\d+$`)

// A unit's officer types in an upper level's referral, finds its entity
// with the picker's 查找 (no script) and registers it; the clue's page
// shows the entity, the document number and its deadline.
func TestAReferralIsTypedInWithItsEntityFromThePicker(t *testing.T) {
	s, c := reportingSite(t, "2017-09-29")
	shop := registerEntity(t, c["officer"], "港口镇某灯饰商行", "91350100M000100Y43")
	registerEntity(t, c["officer"], "港口镇某服装店", "")

	if _, body := c["officer"].get(t, "/clues"); !strings.Contains(body, `href="/clues/new"`) {
		t.Fatal("the list does not link the form")
	}
	if _, body := c["leader"].get(t, "/clues"); strings.Contains(body, `href="/clues/new"`) {
		t.Fatal("a leader is offered the form")
	}
	if r, _ := c["leader"].get(t, "/clues/new"); r.StatusCode != 403 {
		t.Fatalf("a leader's form: %d", r.StatusCode)
	}
	r, body := c["officer"].get(t, "/clues/new")
	if r.StatusCode != 200 || !strings.Contains(body, `name="entity_id_q"`) || !strings.Contains(body, `value="entity_id"`) || strings.Contains(body, `name="lead_unit"`) {
		t.Fatalf("the form: %d %s", r.StatusCode, body)
	}

	// 查找 by a code fragment: the form comes back as typed, with the match.
	r, body = c["officer"].post(t, "/clues", referral("entity_id_q", "91350100m0", "find", "entity_id"))
	if r.StatusCode != 200 || !strings.Contains(body, `name="entity_id" value="`+shop+`"`) || strings.Contains(body, "港口镇某服装店") ||
		!strings.Contains(body, "港市监交〔2017〕12号") || !strings.Contains(body, "上级交办某商行销售假冒灯具") {
		t.Fatalf("find: %d %s", r.StatusCode, body)
	}
	if n, _ := s.db.Clues(t.Context(), store.ClueFilter{}); len(n) != 0 {
		t.Fatal("查找 stored a clue")
	}
	r, body = c["officer"].post(t, "/clues", referral("entity_id", shop))
	if r.StatusCode != 200 || !cluePathRE.MatchString(r.Request.URL.Path) {
		t.Fatalf("register: %d %s", r.StatusCode, r.Request.URL)
	}
	page := r.Request.URL.Path
	for _, want := range []string{`href="/entities/` + shop + `"`, "港口镇某灯饰商行", "91350100M000100Y43", "港市监交〔2017〕12号", "交办期限", "2017年10月10日", "工商分局"} {
		if !strings.Contains(body, want) {
			t.Errorf("the clue's page lacks %s", want)
		}
	}
	// The list names the entity, linked, and the working days left.
	if _, body := c["officer"].get(t, "/clues"); !strings.Contains(body, `href="/entities/`+shop+`"`) || !strings.Contains(body, "个工作日") {
		t.Errorf("the list: %s", body)
	}
	// The entity's page lists the clue to its unit and the office, not to another unit.
	for who, sees := range map[string]bool{"officer": true, "office": true, "leader": true, "other": false} {
		_, body := c[who].get(t, "/entities/"+shop)
		if strings.Contains(body, page+`"`) != sees {
			t.Errorf("%s sees the clue on the entity's page: %v", who, !sees)
		}
	}
	// The API gives the entity's clues likewise.
	for name, want := range map[string]int{"gs-officer": 1, "zj-officer": 0} {
		u, _ := s.db.UserByName(t.Context(), name)
		token, _ := newTokenFor(t, s, u.ID)
		code, out := s.apiJSON(t, "GET", "/api/v1/entities/"+shop, token, nil)
		if clues, _ := out["clues"].([]any); code != 200 || len(clues) != want {
			t.Errorf("%s: %d %v", name, code, out)
		}
	}
}

// The office chooses the lead unit; a unit creates only for itself; every
// problem is shown at its field, in Chinese, with the input kept and
// escaped.
func TestTheNewClueFormShowsEachProblemAtItsField(t *testing.T) {
	_, c := reportingSite(t, "2017-09-29")
	hostile := `<script>alert("x")</script>`
	for _, tt := range []struct {
		name  string
		who   string
		f     url.Values
		code  int
		wants []string
	}{
		{"no document number", "officer", referral("source_ref", "", "summary", hostile), 400, []string{"上级交办的线索须填写交办文号", "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;"}},
		{"a deadline for a transfer", "officer", referral("source", "transfer", "source_ref", "县公安局"), 400, []string{"只有上级交办的线索有交办期限", "县公安局"}},
		{"received tomorrow", "officer", referral("received_on", "2017-09-30"), 400, []string{"收到日期不能为空，也不能晚于今天"}},
		{"not a date", "officer", referral("received_on", "昨天"), 400, []string{"日期应为 YYYY-MM-DD", `value="昨天"`}},
		{"deadline before receipt", "officer", referral("referral_due", "2017-09-01"), 400, []string{"交办期限不能早于收到日期"}},
		{"no summary", "officer", referral("summary", "   "), 400, []string{"请简要说明线索内容"}},
		{"a tip's source", "officer", referral("source", "report"), 400, []string{"举报投诉请从举报投诉转为线索"}},
		{"no such entity", "officer", referral("entity_id", "99999"), 400, []string{"第 99999 号市场主体不存在"}},
		{"an entity that is no number", "officer", referral("entity_id", "abc"), 400, []string{"请选择市场主体"}},
		{"summary too long", "officer", referral("summary", strings.Repeat("假", 2001)), 400, []string{"线索内容最多 2000 字"}},
		{"another unit's clue", "officer", referral("lead_unit", "zjfj"), 403, nil},
		{"the office names no unit", "office", referral(), 400, []string{"请选择承办单位"}},
		{"the office names the office", "office", referral("lead_unit", "office"), 400, []string{"请选择承办单位"}},
		{"a complaint registered outside", "office", referral("source", "complaint_record", "source_ref", "12315-0925", "referral_due", "", "lead_unit", "zjfj"), 200, []string{"登记在外的投诉中发现的违法行为", "质监分局"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r, body := c[tt.who].post(t, "/clues", tt.f)
			if r.StatusCode != tt.code {
				t.Fatalf("%d, want %d: %s", r.StatusCode, tt.code, body)
			}
			if strings.Contains(body, hostile) {
				t.Fatal("the script came back unescaped")
			}
			for _, w := range tt.wants {
				if !strings.Contains(body, w) {
					t.Errorf("lacks %s", w)
				}
			}
			if tt.code == 400 && !strings.Contains(body, `aria-invalid="true"`) && !strings.Contains(body, `class="field-error"`) {
				t.Error("no field marked")
			}
		})
	}
	// A body over the form's bound is refused whole.
	if r, _ := c["officer"].post(t, "/clues", referral("summary", strings.Repeat("a", 70<<10))); r.StatusCode != 400 {
		t.Fatalf("an oversized form: %d", r.StatusCode)
	}
}

// The picker's search answers a fragment of at most ten live entities, to
// every business role alike (the registry is shared), cut to its bounds.
func TestThePickerSearchIsBoundedAndEscaped(t *testing.T) {
	s, c := reportingSite(t, "2017-09-29")
	for i := range 12 {
		registerEntity(t, c["officer"], fmt.Sprintf("港口镇灯饰%02d号店", i), "")
	}
	hostile := registerEntity(t, c["officer"], `灯饰<script>alert(1)</script>`, "")
	r, body := c["other"].get(t, "/entities/search?field=entity_id&q="+url.QueryEscape("灯饰"))
	if r.StatusCode != 200 || strings.Contains(body, "<html") || strings.Count(body, `name="entity_id"`) != 10 {
		t.Fatalf("search: %d %d matches %s", r.StatusCode, strings.Count(body, `name="entity_id"`), body)
	}
	r, body = c["other"].get(t, "/entities/search?q="+url.QueryEscape("<script>alert(1)</script>"))
	if r.StatusCode != 200 || strings.Contains(body, "<script>") || !strings.Contains(body, `value="`+hostile+`"`) {
		t.Fatalf("hostile name: %d %s", r.StatusCode, body)
	}
	long := strings.Repeat("灯", 10<<10)
	r, body = c["office"].get(t, "/entities/search?q="+url.QueryEscape(long))
	if r.StatusCode != 200 || strings.Contains(body, strings.Repeat("灯", 101)) {
		t.Fatalf("10 KB query: %d %d bytes", r.StatusCode, len(body))
	}
	r, body = c["officer"].post(t, "/clues", referral("entity_id_q", long[:3<<10*3], "find", "entity_id"))
	if r.StatusCode != 200 || strings.Contains(body, strings.Repeat("灯", 101)) || !strings.Contains(body, `value="`+strings.Repeat("灯", 100)+`"`) {
		t.Fatalf("9 KB query in the form: %d", r.StatusCode)
	}
	if r, _ = c["officer"].post(t, "/clues", referral("entity_id_q", long, "find", "entity_id")); r.StatusCode != 400 {
		t.Fatalf("a form over its bound: %d", r.StatusCode)
	}
	if r, body := c["office"].get(t, "/entities/search?field=x%22%3E&q=%E7%81%AF"); r.StatusCode != 200 || strings.Contains(body, `x">`) || !strings.Contains(body, `name="entity_id"`) {
		t.Fatalf("a hostile field: %d %s", r.StatusCode, body)
	}
	if r, _ := c["office"].get(t, "/entities/search"); r.StatusCode != 200 {
		t.Fatalf("empty: %d", r.StatusCode)
	}
	s.user(t, "auditor", dajia.RoleAuditor, "", false)
	if r, _ := s.signIn(t, "auditor").get(t, "/entities/search?q=a"); r.StatusCode != 403 {
		t.Fatalf("an auditor searched: %d", r.StatusCode)
	}
}

// The list filters by unit (the office and leaders only), status, source
// and overdue, counts over every page and pages with the filters kept; a
// unit never sees another's clue, whatever it asks.
func TestTheClueListFiltersCountsAndPages(t *testing.T) {
	s, c := reportingSite(t, "2017-10-20")
	ctx := t.Context()
	mk := func(unit string, src dajia.ClueSource, ref, received string) int64 {
		t.Helper()
		cl := dajia.Clue{PlanID: "zs-gangkou-2017", Source: src, SourceRef: ref, ReceivedOn: dajia.MustDate(received), LeadUnit: unit, Summary: "某厂生产假冒灯具", Status: dajia.CluePending}
		cl.Due = dajia.MustDate(received).AddDays(25) // as reckoned: enough for the filters
		cl.DueWhat = dajia.ClueDueDecide
		out, err := s.db.CreateClue(ctx, testActor, cl)
		if err != nil {
			t.Fatal(err)
		}
		return out.ID
	}
	late := mk("gsfj", dajia.ClueFromReferral, "港市监交〔2017〕1号", "2017-09-01")
	fresh := mk("gsfj", dajia.ClueFromTransfer, "县公安局", "2017-10-19")
	zj := mk("zjfj", dajia.ClueFromSurvey, "", "2017-10-18")
	for i := range 55 {
		mk("zjfj", dajia.ClueFromInspection, fmt.Sprintf("检-%d", i), "2017-10-18")
	}
	link := func(id int64) string { return fmt.Sprintf(`href="/clues/%d"`, id) }
	for _, tt := range []struct {
		who, q     string
		sees, hide []int64
		count      string
	}{
		{"officer", "", []int64{late, fresh}, []int64{zj}, "共 2 条线索，其中 1 条已超期"},
		{"officer", "?unit=zjfj", []int64{late, fresh}, []int64{zj}, "共 2 条线索"},
		{"officer", "?overdue=1", []int64{late}, []int64{fresh, zj}, "共 1 条线索"},
		{"officer", "?source=transfer", []int64{fresh}, []int64{late, zj}, "共 1 条线索"},
		{"officer", "?status=decided", nil, []int64{late, fresh}, "共 0 条线索"},
		{"other", "", nil, []int64{late, fresh}, "共 56 条线索"},
		{"other", "?source=survey&unit=gsfj", []int64{zj}, []int64{late, fresh}, "共 1 条线索"},
		{"office", "?unit=gsfj", []int64{late, fresh}, []int64{zj}, "共 2 条线索"},
		{"leader", "?source=survey", []int64{zj}, []int64{late, fresh}, "共 1 条线索"},
		{"office", "?plan=zs-gangkou-2017&overdue=1", []int64{late}, []int64{fresh}, "共 1 条线索，其中 1 条已超期"},
	} {
		t.Run(tt.who+tt.q, func(t *testing.T) {
			r, body := c[tt.who].get(t, "/clues"+tt.q)
			if r.StatusCode != 200 || !strings.Contains(body, tt.count) {
				t.Fatalf("%d, want %s: %s", r.StatusCode, tt.count, body)
			}
			for _, id := range tt.sees {
				if !strings.Contains(body, link(id)) {
					t.Errorf("lacks %d", id)
				}
			}
			for _, id := range tt.hide {
				if strings.Contains(body, link(id)) {
					t.Errorf("shows %d", id)
				}
			}
		})
	}
	_, body := c["officer"].get(t, "/clues?overdue=1")
	if !strings.Contains(body, "clock-late") || !strings.Contains(body, "超期") {
		t.Error("the overdue clue is not red")
	}
	if _, body := c["officer"].get(t, "/clues"); strings.Contains(body, `name="unit"`) {
		t.Error("a unit is offered the unit filter")
	}
	_, body = c["office"].get(t, "/clues?source=inspection")
	if !strings.Contains(body, `href="/clues?offset=50&amp;source=inspection"`) || strings.Count(body, `class="todo-item"`) != 50 {
		t.Fatalf("the first page: %s", body)
	}
	_, body = c["office"].get(t, "/clues?offset=50&source=inspection")
	if strings.Count(body, `class="todo-item"`) != 5 || !strings.Contains(body, `href="/clues?source=inspection"`) {
		t.Fatalf("the second page: %s", body)
	}
}

// The handler names and changes the clue's entity with the picker while
// the clue is pending; another unit cannot; every change is in the
// clue's history and the audit trail.
func TestTheHandlerSetsTheEntityOfAPendingClue(t *testing.T) {
	s, c := reportingSite(t, "2017-09-29")
	shop := registerEntity(t, c["officer"], "港口镇某灯饰商行", "91350100M000100Y43")
	other := registerEntity(t, c["officer"], "港口镇另一灯饰店", "")
	cl, err := s.db.CreateClue(t.Context(), testActor, dajia.Clue{PlanID: "zs-gangkou-2017", Source: dajia.ClueFromReferral, SourceRef: "港市监交〔2017〕12号",
		ReceivedOn: dajia.MustDate("2017-09-25"), LeadUnit: "gsfj", Summary: "上级交办某商行销售假冒灯具", Status: dajia.CluePending})
	if err != nil {
		t.Fatal(err)
	}
	page := fmt.Sprintf("/clues/%d", cl.ID)
	if _, body := c["officer"].get(t, page); !strings.Contains(body, page+"/entity") || !strings.Contains(body, "未关联") {
		t.Fatal("the handler is not offered the picker")
	}
	if _, body := c["leader"].get(t, page); strings.Contains(body, page+"/entity") {
		t.Fatal("a leader is offered the picker")
	}
	r, body := c["officer"].post(t, page+"/entity", form("entity_id_q", "灯饰", "find", "entity_id"))
	if r.StatusCode != 200 || !strings.Contains(body, `value="`+shop+`"`) || !strings.Contains(body, `value="`+other+`"`) {
		t.Fatalf("find: %d", r.StatusCode)
	}
	if r, _ := c["other"].post(t, page+"/entity", form("entity_id", shop)); r.StatusCode != 404 {
		t.Fatalf("another unit: %d", r.StatusCode)
	}
	if r, _ := c["leader"].post(t, page+"/entity", form("entity_id", shop)); r.StatusCode != 403 {
		t.Fatalf("a leader: %d", r.StatusCode)
	}
	if r, body := c["officer"].post(t, page+"/entity", form("entity_id", "424242")); r.StatusCode != 400 || !strings.Contains(body, "第 424242 号市场主体不存在") {
		t.Fatalf("no such entity: %d", r.StatusCode)
	}
	r, body = c["officer"].post(t, page+"/entity", form("entity_id", shop))
	if r.StatusCode != 200 || !strings.Contains(body, `href="/entities/`+shop+`"`) || !strings.Contains(body, "更改市场主体") {
		t.Fatalf("set: %d %s", r.StatusCode, body)
	}
	if r, body := c["officer"].post(t, page+"/entity", form("entity_id", shop)); r.StatusCode != 400 || !strings.Contains(body, "线索已是这个市场主体") {
		t.Fatalf("the same again: %d", r.StatusCode)
	}
	if r, _ := c["office"].post(t, page+"/entity", form("entity_id", other)); r.StatusCode != 200 {
		t.Fatalf("the office changes it: %d", r.StatusCode)
	}
	if _, body := c["officer"].get(t, "/entities/"+other); !strings.Contains(body, page+`"`) {
		t.Fatal("the entity's page lacks the clue")
	}
	// Merged into the shop: the shop's page shows the clue of the merged record.
	if r, _ := c["office"].post(t, "/entities/"+other+"/merge", form("into", shop)); r.StatusCode != 200 {
		t.Fatalf("merge: %d", r.StatusCode)
	}
	if _, body := c["officer"].get(t, "/entities/"+shop); !strings.Contains(body, page+`"`) {
		t.Fatal("the kept record's page lacks the merged record's clue")
	}
	if r, body := c["officer"].post(t, page+"/entity", form("entity_id", other)); r.StatusCode != 400 || !strings.Contains(body, "请选择后者") {
		t.Fatalf("a merged record: %d", r.StatusCode)
	}
	entries, err := s.db.AuditLog(t.Context(), store.AuditFilter{Action: "clue.entity"})
	if err != nil || len(entries) != 2 {
		t.Fatalf("audit: %d %v", len(entries), err)
	}
	if r, _ := c["officer"].post(t, page+"/do/decline", form("note", "经核查不构成违法")); r.StatusCode != 200 {
		t.Fatalf("decline: %d", r.StatusCode)
	}
	if _, body := c["officer"].get(t, page); strings.Contains(body, page+"/entity") {
		t.Fatal("the picker is offered once decided")
	}
	if r, body := c["officer"].post(t, page+"/entity", form("entity_id", "0")); r.StatusCode != 409 || !strings.Contains(body, "不能执行该操作") {
		t.Fatalf("after the decision: %d", r.StatusCode)
	}
}
