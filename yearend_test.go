package dajia_test

import (
	"strings"
	"testing"

	"dajia"
	"dajia/planfile"
)

// The plan suggests the head: a number from its jurisdiction and year, the
// office named with its jurisdiction, its own departments as addressees
// (not the city's bureau it names).
func TestYearEndHeadIsSuggestedByThePlan(t *testing.T) {
	p := planfile.Check(planfile.Reference()).Plan
	if got := dajia.SuggestNumber(p); got != "港打假〔2017〕1号" {
		t.Errorf("number %q", got)
	}
	if got := dajia.SuggestIssuer(p); got != "中山市港口镇打假办" {
		t.Errorf("issuer %q", got)
	}
	if got := dajia.SuggestRecipients(p); !strings.HasPrefix(got, "食药监分局、公安分局") || strings.Contains(got, "市质监局") {
		t.Errorf("recipients %q", got)
	}
}

// Every problem of the head at once, by field.
func TestYearEndHeadCheckNamesEveryField(t *testing.T) {
	errs := dajia.YearEndHead{Number: " ", Recipients: strings.Repeat("单", 501), Problems: strings.Repeat("问", 5001)}.Check()
	got := map[string]string{}
	for _, e := range errs {
		got[e.Field] = e.Rule
	}
	want := map[string]string{"number": "required", "issuer": "required", "recipients": "invalid", "problems": "invalid", "issued_on": "invalid"}
	for f, r := range want {
		if got[f] != r {
			t.Errorf("%s: %q, want %q (all: %v)", f, got[f], r, got)
		}
	}
	if len(errs) != len(want) {
		t.Errorf("%d problems: %v", len(errs), errs)
	}
	ok := dajia.YearEndHead{Number: "港打假〔2017〕1号", Issuer: "打假办", Recipients: "各单位", IssuedOn: dajia.MustDate("2017-12-29")}
	if errs := ok.Check(); len(errs) != 0 {
		t.Errorf("a good head: %v", errs)
	}
}

// With no text from the office, the problems and next steps are drafts
// drawn from the figures, each marked; with its text, the office's lines.
func TestYearEndDraftsComeFromTheFiguresAndAreMarked(t *testing.T) {
	y := dajia.YearEnd{
		Campaigns: []dajia.CampaignYear{{No: 7, Name: "灯具专项打假", Samplings: dajia.PassRate{Passed: 1, Failed: 3}},
			{No: 1, Name: "食品专项", Samplings: dajia.PassRate{Passed: 9, Failed: 1}}},
		Total:     dajia.CampaignYear{Opened: 5, Closed: 2},
		Reporting: []dajia.UnitReporting{{Name: "工商分局", Rates: dajia.Rates{OnTime: dajia.Rate{Num: 1, Den: 4}}}, {Name: "质监分局", Rates: dajia.Rates{OnTime: dajia.Rate{Num: 4, Den: 4}}}},
	}
	var texts []string
	for _, p := range y.ProblemParagraphs() {
		if !p.Draft {
			t.Errorf("not marked as a draft: %s", p.Text)
		}
		texts = append(texts, p.Text)
	}
	all := strings.Join(texts, "|")
	for _, want := range []string{"工商分局（及时率25%）", "灯具专项打假抽检合格率为25.0%", "全年立案5宗，尚有3宗未结案"} {
		if !strings.Contains(all, want) {
			t.Errorf("drafts lack %s: %s", want, all)
		}
	}
	if strings.Contains(all, "质监分局") {
		t.Error("a unit that reported on time is named")
	}
	if n := len(y.NextStepParagraphs()); n != 4 {
		t.Errorf("%d next steps", n)
	}
	y.Head.Problems, y.Head.NextSteps = "一、甲\r\n\n  乙  ", "丙"
	if p := y.ProblemParagraphs(); len(p) != 2 || p[0].Draft || p[1].Text != "乙" {
		t.Errorf("the office's problems: %v", p)
	}
	if p := y.NextStepParagraphs(); len(p) != 1 || p[0].Text != "丙" {
		t.Errorf("the office's next steps: %v", p)
	}
}
