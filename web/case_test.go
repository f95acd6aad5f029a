package web_test

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"dajia"
)

// caseSite is the reporting site with two more accounts: an officer of a
// third unit (市场监管 syjfj, neither leading nor cooperating) and a system
// administrator.
func caseSite(t *testing.T) (*site, map[string]*browserClient) {
	t.Helper()
	s, c := reportingSite(t, "2017-09-29")
	s.user(t, "sy-officer", dajia.RoleOfficer, "syjfj", false)
	s.user(t, "sys", dajia.RoleSysadmin, "", false)
	c["third"], c["admin"] = s.signIn(t, "sy-officer"), s.signIn(t, "sys")
	return s, c
}

// newClue types in a referral clue as c's unit and answers its id.
func newClue(t *testing.T, c *browserClient, kv ...string) string {
	t.Helper()
	r, _ := c.post(t, "/clues", referral(kv...))
	if r.StatusCode != 200 || !cluePathRE.MatchString(r.Request.URL.Path) {
		t.Fatalf("clue: %d %s", r.StatusCode, r.Request.URL)
	}
	return strings.TrimPrefix(r.Request.URL.Path, "/clues/")
}

var casePathRE = regexp.MustCompile(`^/cases/(\d+)$`)

// openCaseForm is the open-case form of a clue with fields set.
func openCaseForm(clue string, kv ...string) url.Values {
	f := form("clue", clue, "opened_on", "2017-09-29", "violations", "fake_inferior")
	for i := 0; i < len(kv); i += 2 {
		f.Set(kv[i], kv[i+1])
	}
	return f
}

// openCase opens a case from a clue through the form and answers its id.
func openCase(t *testing.T, c *browserClient, f url.Values) string {
	t.Helper()
	r, body := c.post(t, "/cases", f)
	m := casePathRE.FindStringSubmatch(r.Request.URL.Path)
	if r.StatusCode != 200 || m == nil || r.Request.URL.Query().Get("done") != "open" {
		t.Fatalf("open: %d %s %s", r.StatusCode, r.Request.URL, body)
	}
	return m[1]
}

// step posts a step of a case from its page.
func caseStep(t *testing.T, c *browserClient, id, step string, kv ...string) (int, string, string) {
	t.Helper()
	r, body := c.post(t, "/cases/"+id+"/do/"+step, form(kv...))
	return r.StatusCode, r.Request.URL.String(), body
}

// timeline is the case page's timeline section.
func timeline(body string) string {
	_, after, _ := strings.Cut(body, `id="timeline"`)
	return after
}

// A unit opens a case from its clue on the form (the number from its
// series once it has a prefix), the clue links the case; who sees the list
// and the page, and who gets the forms, follows the case's rules.
func TestCasePagesOpenListAndShowByRole(t *testing.T) {
	s, c := caseSite(t)
	ctx := context.Background()
	clue := newClue(t, c["officer"])

	_, body := c["officer"].get(t, "/clues/"+clue)
	if !strings.Contains(body, `href="/cases/new?clue=`+clue+`"`) || strings.Contains(body, `/do/open"`) {
		t.Fatalf("the clue page's 立案: %s", body)
	}
	for who, want := range map[string]int{"officer": 200, "head": 200, "office": 200, "leader": 403, "other": 404, "admin": 403} {
		if r, _ := c[who].get(t, "/cases/new?clue="+clue); r.StatusCode != want {
			t.Errorf("%s opens the form: %d, want %d", who, r.StatusCode, want)
		}
	}
	if r, _ := c["officer"].get(t, "/cases/new?clue=abc"); r.StatusCode != 404 {
		t.Errorf("a clue that is no number: %d", r.StatusCode)
	}
	_, body = c["officer"].get(t, "/cases/new?clue="+clue)
	if !strings.Contains(body, "本单位尚未设置案件编号前缀") || !strings.Contains(body, `name="entity_id_q"`) || !strings.Contains(body, `value="zjfj"`) {
		t.Fatalf("the form without a prefix: %s", body)
	}
	// Without a number or a prefix: refused at the number, as typed.
	r, body := c["officer"].post(t, "/cases", openCaseForm(clue, "cooperating", "zjfj"))
	if r.StatusCode != 400 || !strings.Contains(body, "前缀") || !strings.Contains(body, `id="number"`) || !strings.Contains(body, `aria-invalid="true"`) {
		t.Fatalf("no prefix: %d %s", r.StatusCode, body)
	}
	for _, tt := range []struct {
		name string
		f    url.Values
		want string
	}{
		{"no violation", openCaseForm(clue, "violations", "", "number", "中港工商罚〔2017〕7号"), "请选择违法行为类型"},
		{"a future day", openCaseForm(clue, "opened_on", "2017-10-30", "number", "中港工商罚〔2017〕7号"), "立案日期不能晚于今天"},
		{"a broken number", openCaseForm(clue, "number", "<script>alert(1)</script>"), "格式不对"},
		{"the lead unit cooperates", openCaseForm(clue, "number", "中港工商罚〔2017〕7号", "cooperating", "gsfj"), "主办单位不能同时是协办单位"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r, body := c["officer"].post(t, "/cases", tt.f)
			if r.StatusCode != 400 || !strings.Contains(body, tt.want) || strings.Contains(body, "<script>alert") {
				t.Fatalf("%d %s", r.StatusCode, body)
			}
		})
	}
	if err := s.db.SetCasePrefix(ctx, testActor, "gsfj", "中港工商罚"); err != nil {
		t.Fatal(err)
	}
	if _, body := c["officer"].get(t, "/cases/new?clue="+clue); !strings.Contains(body, "中港工商罚〔2017〕1号") {
		t.Fatal("the form does not say how the number is made")
	}
	id := openCase(t, c["officer"], openCaseForm(clue, "cooperating", "zjfj", "campaign_no", "5"))
	_, body = c["officer"].get(t, "/cases/"+id)
	for _, want := range []string{"中港工商罚〔2017〕1号", "已立案", "作出处理决定", "还有 90 天", "工商分局", "质监分局", `href="/clues/` + clue + `"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the case page lacks %s", want)
		}
	}
	if _, body := c["officer"].get(t, "/clues/"+clue); !strings.Contains(body, `href="/cases/`+id+`"`) || !strings.Contains(body, "中港工商罚〔2017〕1号") {
		t.Error("the clue does not link its case")
	}
	if r, _ := c["officer"].post(t, "/cases", openCaseForm(clue)); r.StatusCode != 409 {
		t.Errorf("a clue opened twice: %d", r.StatusCode)
	}

	link := `href="/cases/` + id + `"`
	for _, tt := range []struct {
		who         string
		list, page  int
		listed      bool
		forms, step bool
	}{
		{"officer", 200, 200, true, true, true},
		{"head", 200, 200, true, true, true},
		{"office", 200, 200, true, true, true},
		{"other", 200, 200, true, false, false}, // cooperating
		{"leader", 200, 200, true, false, false},
		{"third", 200, 404, false, false, false},
		{"admin", 403, 403, false, false, false},
	} {
		t.Run(tt.who, func(t *testing.T) {
			r, body := c[tt.who].get(t, "/cases")
			if r.StatusCode != tt.list || strings.Contains(body, link) != tt.listed {
				t.Fatalf("list: %d, listed %v", r.StatusCode, strings.Contains(body, link))
			}
			if tt.list == 200 && strings.Contains(body, `href="/cases"`) != true {
				t.Error("no 案件 in the menu")
			}
			r, body = c[tt.who].get(t, "/cases/"+id)
			if r.StatusCode != tt.page {
				t.Fatalf("page: %d", r.StatusCode)
			}
			if strings.Contains(body, `action="/cases/`+id+`/facts`) != tt.forms || strings.Contains(body, `action="/cases/`+id+`/do/investigate"`) != tt.step {
				t.Fatalf("forms: facts %v, step %v", strings.Contains(body, `/facts`), strings.Contains(body, "/do/investigate"))
			}
			if tt.page == 200 && !tt.forms && strings.Contains(body, `<form method="post" action="/cases/`) {
				t.Fatal("a reader is offered a form")
			}
		})
	}
	// A reader who may not handle it is refused the forms' posts.
	for who, want := range map[string]int{"other": 403, "leader": 403, "third": 404} {
		if r, _ := c[who].post(t, "/cases/"+id+"/facts", form("violations", "label")); r.StatusCode != want {
			t.Errorf("%s posts facts: %d, want %d", who, r.StatusCode, want)
		}
		if code, _, body := caseStep(t, c[who], id, "investigate"); code != want || want == 403 && !strings.Contains(body, "只有主办单位或打假办可以办理") {
			t.Errorf("%s takes a step: %d, want %d", who, code, want)
		}
	}
	// The English page renders, then back to Chinese.
	if _, body := c["officer"].get(t, "/cases/"+id+"?lang=en"); !strings.Contains(body, "Facts") || !strings.Contains(body, "Save the facts") {
		t.Errorf("the English page: %s", body)
	}
	c["officer"].get(t, "/cases?lang=zh")
}

// The facts form keeps what was typed with the message at its field;
// amounts below 0 or too large, a 201st line, script in a name and a count
// that is no number are refused; 添加一行 adds lines without saving; good
// facts over the threshold raise the transfer task.
func TestCaseFactsFormRefusesHostileInputAndComputesValues(t *testing.T) {
	s, c := caseSite(t)
	if err := s.db.SetCasePrefix(context.Background(), testActor, "gsfj", "中港工商罚"); err != nil {
		t.Fatal(err)
	}
	id := openCase(t, c["officer"], openCaseForm(newClue(t, c["officer"])))
	path := "/cases/" + id + "/facts"
	facts := func(kv ...string) url.Values {
		f := form("violations", "fake_inferior", "g_name", "台灯", "g_brand", "某牌", "g_qty", "100", "g_unit", "件", "g_price", "35.5", "sales", "60000")
		for i := 0; i < len(kv); i += 2 {
			f.Set(kv[i], kv[i+1])
		}
		return f
	}
	many := facts()
	for i := 0; i < 200; i++ {
		for k, v := range map[string]string{"g_name": fmt.Sprintf("物品%d", i), "g_brand": "", "g_qty": "1", "g_unit": "件", "g_price": "1"} {
			many.Add(k, v)
		}
	}
	hostile := `<script>alert("x")</script>`
	for _, tt := range []struct {
		name string
		f    url.Values
		want []string
	}{
		{"a negative amount", facts("sales", "-5"), []string{"金额应为不小于 0 的数", `value="-5"`, `id="err-sales"`}},
		{"a quantity of 10^20", facts("g_qty", "100000000000000000000"), []string{"金额应为不小于 0 的数", `value="100000000000000000000"`}},
		{"a value too large to keep", facts("g_qty", "999999999999", "g_price", "999999999999"), []string{"货值过大"}},
		{"five decimals", facts("fine", "0.00001"), []string{"最多四位小数", `value="0.00001"`}},
		{"201 lines", many, []string{"物品最多 200 行"}},
		{"a line without its unit", facts("g_unit", ""), []string{"计量单位"}},
		{"no violation", facts("violations", ""), []string{"请选择违法行为类型"}},
		{"a count that is no number", facts("injured", "十"), []string{"请填写不小于 0 的整数", `value="十"`}},
		{"an unknown violation", facts("violations", hostile), []string{"没有违法行为类型", "&lt;script&gt;"}},
		{"an unknown unit", facts("cooperating", hostile), []string{"方案中没有单位", "&lt;script&gt;"}},
		{"script in the supervising body, over its length", facts("supervised_by", hostile+strings.Repeat("督", 100)), []string{"督办单位最多", "&lt;script&gt;"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r, body := c["officer"].post(t, path, tt.f)
			if r.StatusCode != 400 || strings.Contains(body, "<script>alert") {
				t.Fatalf("%d %s", r.StatusCode, body)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("lacks %s", w)
				}
			}
			if !strings.Contains(body, "案情未保存") {
				t.Error("no notice above the form")
			}
		})
	}
	// A body over the form's bound is refused whole.
	if r, _ := c["officer"].post(t, path, facts("supervised_by", strings.Repeat("督", 100<<10))); r.StatusCode != 400 {
		t.Errorf("an oversized form: %d", r.StatusCode)
	}
	if code, _, body := caseStep(t, c["officer"], id, "investigate", "note", strings.Repeat("长", dajia.MaxCaseNote+1)); code != 400 || !strings.Contains(body, "说明最多") {
		t.Errorf("an oversized note: %d", code)
	}
	// Script in a goods name is kept as text, escaped.
	r, body := c["officer"].post(t, path, facts("g_name", hostile, "more", "1"))
	if r.StatusCode != 200 || strings.Contains(body, "<script>alert") || !strings.Contains(body, "&lt;script&gt;") {
		t.Fatalf("escaped: %d", r.StatusCode)
	}
	// 添加一行: the typed line and six blank ones, nothing saved, the value reckoned.
	if n := strings.Count(body, `name="g_name"`); n != 7 {
		t.Errorf("添加一行 gives %d lines, want 7", n)
	}
	if !strings.Contains(body, "¥3,550") {
		t.Error("the typed line's value is not shown")
	}
	if _, page := c["officer"].get(t, "/cases/"+id); strings.Contains(page, "&lt;script&gt;") || strings.Contains(page, "考虑移送公安") {
		t.Fatal("添加一行 saved the form")
	}
	r, _ = c["officer"].post(t, path, facts("g_name", hostile+"台灯"))
	if r.StatusCode != 200 || r.Request.URL.Query().Get("done") != "facts" {
		t.Fatalf("save: %d %s", r.StatusCode, r.Request.URL)
	}
	_, body = c["officer"].get(t, "/cases/"+id)
	for _, want := range []string{"案情已保存", "¥3,550", "¥60,000", "待办：考虑移送公安机关", "立案追诉标准（一）第16条", "¥50,000",
		`action="/cases/` + id + `/do/transfer_propose"`, "&lt;script&gt;alert"} {
		if !strings.Contains(body, want) && !strings.Contains(c["officer"].mustGet(t, "/cases/"+id+"?done=facts"), want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	if strings.Contains(body, "<script>alert") {
		t.Error("script on the page")
	}
	_, list := c["officer"].get(t, "/cases")
	if !strings.Contains(list, "考虑移送公安") || !strings.Contains(list, "¥3,550") || !strings.Contains(list, "¥60,000") {
		t.Errorf("the list: %s", list)
	}
}

// mustGet is a page's body.
func (c *browserClient) mustGet(t *testing.T, path string) string {
	t.Helper()
	r, body := c.get(t, path)
	if r.StatusCode != 200 {
		t.Fatalf("%s: %d", path, r.StatusCode)
	}
	return body
}

// Every step is a button of the case page that posts and lands on the
// timeline; a step the case's state or the reader's role does not allow is
// refused with its reason in Chinese; a step that needs a reason says so.
func TestEveryCaseStepPostsFromThePageAndLandsOnTheTimeline(t *testing.T) {
	s, c := caseSite(t)
	if err := s.db.SetCasePrefix(context.Background(), testActor, "gsfj", "中港工商罚"); err != nil {
		t.Fatal(err)
	}
	open := func(kv ...string) string {
		return openCase(t, c["officer"], openCaseForm(newClue(t, c["officer"]), kv...))
	}
	one, two, three, four := open(), open(), open(), open()
	// Over the threshold: closing without transfer needs the reason.
	if r, _ := c["officer"].post(t, "/cases/"+one+"/facts", form("violations", "fake_inferior", "sales", "60000")); r.StatusCode != 200 {
		t.Fatalf("facts: %d", r.StatusCode)
	}

	type stepCase struct {
		who, step, note string
		extra           []string
	}
	take := func(id string, steps ...stepCase) {
		t.Helper()
		for _, st := range steps {
			page := c[st.who].mustGet(t, "/cases/"+id)
			if !strings.Contains(page, `action="/cases/`+id+`/do/`+st.step+`"`) {
				t.Fatalf("case %s: %s is not offered to %s", id, st.step, st.who)
			}
			kv := append([]string{"note", st.note}, st.extra...)
			code, loc, body := caseStep(t, c[st.who], id, st.step, kv...)
			u, _ := url.Parse(loc)
			if code != 200 || u.Path != "/cases/"+id || u.Query().Get("done") != st.step {
				t.Fatalf("case %s %s: %d %s %s", id, st.step, code, loc, body)
			}
			name := map[string]string{"investigate": "开始调查取证", "review": "送案件审核", "notify": "告知当事人", "hear": "举行听证",
				"decide": "作出处罚决定", "execute": "执行完毕", "close": "结案", "no_penalty": "不予处罚", "withdraw": "撤案",
				"extend": "延长办案期限", "extend_more": "集体讨论决定继续延期", "publish": "公示处罚信息", "transfer_propose": "提请移送公安",
				"transfer_approve": "批准移送", "transfer_refuse": "不批准移送", "transfer_send": "移送公安机关", "police_filed": "公安机关立案",
				"police_refused": "公安机关不予立案"}[st.step]
			if tl := timeline(body); !strings.Contains(tl, name) || st.note != "" && !strings.Contains(tl, st.note) {
				t.Fatalf("case %s: the timeline lacks %s %s", id, name, st.note)
			}
			if !strings.Contains(body, "已办理："+name) {
				t.Errorf("case %s: no notice of %s", id, name)
			}
		}
	}
	refused := func(id, who, step, note string, code int, want string) {
		t.Helper()
		got, _, body := caseStep(t, c[who], id, step, "note", note)
		if got != code || !strings.Contains(body, want) || !strings.Contains(body, `class="alert"`) {
			t.Fatalf("case %s %s by %s: %d, want %d with %q", id, step, who, got, code, want)
		}
	}

	refused(one, "head", "decide", "", 409, "案件当前状态为“已立案”，不能作出处罚决定")
	refused(one, "officer", "extend", "证据需要鉴定", 403, "这一步须由主办单位负责人批准")
	refused(one, "head", "withdraw", "", 400, "这一步须写明原因")
	if code, _, _ := caseStep(t, c["officer"], one, "finish"); code != 404 {
		t.Errorf("a step that does not exist: %d", code)
	}
	// A step that needs a reason marks its note as required.
	if page := c["head"].mustGet(t, "/cases/"+one); !regexp.MustCompile(`id="note-withdraw" name="note"[^>]*required`).MatchString(page) ||
		regexp.MustCompile(`id="note-investigate"`).MatchString(page) {
		t.Error("the withdraw note is not marked required, or investigate asks a note")
	}
	take(one, stepCase{"officer", "investigate", "", nil}, stepCase{"officer", "transfer_propose", "销售金额超过五万元", nil})
	if page := c["officer"].mustGet(t, "/cases/"+one); !strings.Contains(page, "负责人决定是否移送公安") || !strings.Contains(page, "2017年10月9日 · <strong>还有 10 天") {
		// 3 days from 29 September end in the National Day holiday: the
		// first working day after it.
		t.Error("the head's 3-day clock is not shown")
	}
	refused(one, "head", "transfer_refuse", "", 400, "这一步须写明原因")
	take(one, stepCase{"head", "transfer_refuse", "证据不足，补充调查", nil}, stepCase{"officer", "transfer_propose", "", nil},
		stepCase{"head", "transfer_approve", "", nil})
	if page := c["officer"].mustGet(t, "/cases/"+one); !strings.Contains(page, "将案件移送公安机关") || !strings.Contains(page, "剩 24 小时") {
		t.Error("the 24-hour clock is not shown")
	}
	take(one, stepCase{"officer", "transfer_send", "", nil}, stepCase{"officer", "police_refused", "不构成犯罪", nil},
		stepCase{"head", "extend", "需要检验鉴定", nil}, stepCase{"head", "extend_more", "局务会议2017年第5次", []string{"days", "20"}},
		stepCase{"officer", "review", "", nil}, stepCase{"officer", "notify", "", nil}, stepCase{"officer", "hear", "", nil},
		stepCase{"head", "decide", "", nil}, stepCase{"officer", "execute", "", nil}, stepCase{"officer", "publish", "", nil})
	refused(one, "head", "close", "", 400, "须写明不移送的理由")
	take(one, stepCase{"head", "close", "公安机关不予立案", nil})
	if page := c["officer"].mustGet(t, "/cases/"+one); !strings.Contains(page, "已结案") || strings.Contains(page, `action="/cases/`+one+`/do/`) ||
		strings.Contains(page, `/facts"`) {
		t.Error("a closed case still offers steps or its facts form")
	}

	take(two, stepCase{"officer", "investigate", "", nil}, stepCase{"officer", "review", "", nil},
		stepCase{"head", "no_penalty", "违法行为轻微并及时改正", nil}, stepCase{"head", "close", "", nil})
	take(three, stepCase{"head", "withdraw", "违法事实不成立", nil})
	take(four, stepCase{"office", "transfer_propose", "", nil}, stepCase{"head", "transfer_approve", "", nil},
		stepCase{"office", "transfer_send", "", nil}, stepCase{"officer", "police_filed", "", nil}, stepCase{"head", "close", "", nil})

	// The list's filters and counts.
	for _, tt := range []struct {
		q    string
		want []string
	}{
		{"", []string{one, two, three, four}},
		{"?status=closed", []string{one, two, four}},
		{"?status=withdrawn", []string{three}},
		{"?transfer=filed", []string{four}},
		{"?transfer=not_filed", []string{one}},
		{"?transfer=none", []string{two, three}},
		{"?major=1", nil},
		{"?overdue=1", nil},
		{"?status=" + url.QueryEscape("<script>"), []string{one, two, three, four}},
		{"?campaign=5&unit=zjfj", nil},
	} {
		t.Run("list"+tt.q, func(t *testing.T) {
			body := c["office"].mustGet(t, "/cases"+tt.q)
			if n := strings.Count(body, `<li class="todo-item`); n != len(tt.want) {
				t.Fatalf("%d cases, want %d", n, len(tt.want))
			}
			for _, id := range tt.want {
				if !strings.Contains(body, `href="/cases/`+id+`"`) {
					t.Errorf("case %s not listed", id)
				}
			}
			if !strings.Contains(body, fmt.Sprintf("共 %d 件案件", len(tt.want))) {
				t.Error("no count")
			}
		})
	}
	body := c["office"].mustGet(t, "/cases?offset=2")
	if strings.Count(body, `<li class="todo-item`) != 2 || !strings.Contains(body, "第 3–4 件") || !strings.Contains(body, "上一页") {
		t.Errorf("the second page: %s", body)
	}
}

// An overdue case is red on the list with how far past it is; the
// entity's page lists its cases to those who may see them.
func TestOverdueCasesAreRedAndAnEntityListsItsCases(t *testing.T) {
	s, c := caseSite(t)
	shop := registerEntity(t, c["officer"], "港口镇某灯饰商行", "91350100M000100Y43")
	clue := newClue(t, c["officer"], "received_on", "2017-05-02", "referral_due", "")
	id := openCase(t, c["officer"], openCaseForm(clue, "number", "中港工商罚〔2017〕3号", "opened_on", "2017-05-02", "entity_id", shop,
		"cooperating", "zjfj"))
	_ = s
	body := c["officer"].mustGet(t, "/cases")
	if !strings.Contains(body, `todo-item overdue`) || !strings.Contains(body, "已逾期 60 天") || !strings.Contains(body, "港口镇某灯饰商行") {
		t.Errorf("the overdue case: %s", body)
	}
	if body := c["officer"].mustGet(t, "/cases?overdue=1"); !strings.Contains(body, `href="/cases/`+id+`"`) || !strings.Contains(body, "其中 1 件已超期") {
		t.Error("the overdue filter")
	}
	if body := c["officer"].mustGet(t, "/cases/"+id); !strings.Contains(body, `class="clock-late"`) || !strings.Contains(body, `href="/entities/`+shop+`"`) {
		t.Error("the case page's overdue clock or entity")
	}
	for who, sees := range map[string]bool{"officer": true, "other": true, "office": true, "leader": true, "third": false} {
		body := c[who].mustGet(t, "/entities/"+shop)
		if strings.Contains(body, `href="/cases/`+id+`"`) != sees {
			t.Errorf("%s sees the case on the entity's page: %v", who, !sees)
		}
	}
}
