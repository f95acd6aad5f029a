package dajia_test

import (
	"errors"
	"strings"
	"testing"

	"dajia"
)

func decidedCase() dajia.Case {
	return dajia.Case{ID: 7, Number: "中港质监罚〔2017〕12号", LeadUnit: "zjfj", CampaignNo: 3,
		Violations: []dajia.Violation{dajia.ViolationSellCounterfeitMark}, Fine: 30_000 * dajia.AmountScale,
		Status: dajia.CaseDecided, OpenedOn: dajia.MustDate("2017-09-26"), DecidedOn: dajia.MustDate("2017-11-02")}
}

func TestOnlyADecidedCaseIsExposedByTheOfficeOrTheLeadUnitsHead(t *testing.T) {
	today := dajia.MustDate("2017-11-10")
	for _, tc := range []struct {
		name  string
		actor dajia.Actor
		edit  func(c *dajia.Case)
		code  dajia.Code
	}{
		{"the office", caseOffice, nil, ""},
		{"the lead unit's head", caseHead, nil, ""},
		{"the lead unit's officer", caseOfficer, nil, dajia.Forbidden},
		{"another unit's head", otherHead, nil, dajia.Forbidden},
		{"a cooperating unit", coopOfficer, nil, dajia.Forbidden},
		{"executed", caseHead, func(c *dajia.Case) { c.Status = dajia.CaseExecuted }, ""},
		{"closed after a decision", caseHead, func(c *dajia.Case) { c.Status = dajia.CaseClosed }, ""},
		{"still in review", caseHead, func(c *dajia.Case) { c.Status, c.DecidedOn = dajia.CaseReviewing, dajia.Date{} }, dajia.Conflict},
		{"not punished", caseHead, func(c *dajia.Case) { c.Status, c.DecidedOn = dajia.CaseNoPenalty, dajia.Date{} }, dajia.Conflict},
		{"withdrawn", caseOffice, func(c *dajia.Case) { c.Status, c.DecidedOn = dajia.CaseWithdrawn, dajia.Date{} }, dajia.Conflict},
		{"closed after transfer", caseOffice, func(c *dajia.Case) { c.Status, c.DecidedOn = dajia.CaseClosed, dajia.Date{} }, dajia.Conflict},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := decidedCase()
			if tc.edit != nil {
				tc.edit(&c)
			}
			d, err := dajia.DraftExposure(tc.actor, c, "港口镇查处一宗销售假冒白酒案", "当事人销售假冒白酒48瓶。", nil, today)
			if tc.code == "" {
				if err != nil {
					t.Fatal(err)
				}
				if d.CaseID != 7 || d.Number != c.Number || d.Fine != c.Fine || d.PublishedOn != today || !d.Live() {
					t.Errorf("draft = %+v", d.Exposure)
				}
				return
			}
			if got := dajia.ErrorCode(err); got != tc.code {
				t.Errorf("code = %q (%v), want %q", got, err, tc.code)
			}
		})
	}
}

func TestTheDraftShowsThePublisherEveryRedaction(t *testing.T) {
	text := "2017年9月25日，执法人员对当事人李明华（公民身份号码442000198503121234，住中山市港口镇胜隆村西街3巷5号）经营的港口镇明华日用品商店检查，发现假冒“茅台”白酒48瓶。当事人联系电话13902881234。"
	d, err := dajia.DraftExposure(caseOffice, decidedCase(), "李明华销售假冒白酒案", text, []string{"李明华"}, dajia.MustDate("2017-11-10"))
	if err != nil {
		t.Fatal(err)
	}
	if d.Title != "李某某销售假冒白酒案" {
		t.Errorf("title = %q", d.Title)
	}
	want := "2017年9月25日，执法人员对当事人李某某（公民身份号码******************，住***）经营的港口镇明华日用品商店检查，发现假冒“茅台”白酒48瓶。当事人联系电话***********。"
	if d.Text != want {
		t.Errorf("text =\n%s\nwant\n%s", d.Text, want)
	}
	kinds := []dajia.RedactKind{dajia.RedactName, dajia.RedactName, dajia.RedactID, dajia.RedactAddress, dajia.RedactMobile}
	if len(d.Redacted) != len(kinds) || len(d.Redactions) != len(kinds) {
		t.Fatalf("redacted %v, want %v", d.Redacted, kinds)
	}
	for i, k := range kinds {
		if d.Redacted[i] != k || d.Redactions[i].Kind != k {
			t.Errorf("redaction %d = %s, want %s", i, d.Redacted[i], k)
		}
	}
	for _, personal := range []string{"李明华", "442000198503121234", "胜隆村", "13902881234"} {
		if strings.Contains(d.Title+d.Text, personal) {
			t.Errorf("%q left in the draft", personal)
		}
	}
	if !strings.Contains(d.Text, "港口镇明华日用品商店") {
		t.Error("the shop's name was redacted")
	}
}

func TestTheDigestNamesWhatThePublisherSaw(t *testing.T) {
	today := dajia.MustDate("2017-11-10")
	draft := func(title, text string, names ...string) string {
		d, err := dajia.DraftExposure(caseOffice, decidedCase(), title, text, names, today)
		if err != nil {
			t.Fatal(err)
		}
		return d.Digest()
	}
	a := draft("标题", "当事人陈国强销售假冒白酒。", "陈国强")
	if b := draft(" 标题 ", "当事人陈国强销售假冒白酒。\n", "陈国强"); a != b {
		t.Error("spaces around the texts changed the digest")
	}
	if b := draft("标题", "当事人陈国强销售假冒白酒。"); a == b {
		t.Error("a name no longer redacted kept the digest")
	}
	if b := draft("标题", "当事人陈国强销售假冒白酒两瓶。", "陈国强"); a == b {
		t.Error("another text kept the digest")
	}
	if b := draft("标题当事人", "陈国强销售假冒白酒。", "陈国强"); a == b {
		t.Error("moving words between title and text kept the digest")
	}
}

func TestADraftNamesEveryFieldThatIsWrong(t *testing.T) {
	today := dajia.MustDate("2017-11-10")
	for _, tc := range []struct {
		name, title, text string
		fields            []string
	}{
		{"both empty", " ", "\n", []string{"title", "text"}},
		{"a title of two lines", "第一行\n第二行", "案情", []string{"title"}},
		{"a title too long", strings.Repeat("假", dajia.MaxExposureTitle+1), "案情", []string{"title"}},
		{"a text too long", "标题", strings.Repeat("假", dajia.MaxExposureText+1), []string{"text"}},
		{"broken bytes", "标题\xff", "案情\xfe", []string{"title", "text"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := dajia.DraftExposure(caseOffice, decidedCase(), tc.title, tc.text, nil, today)
			var fe dajia.FieldErrors
			if !errors.As(err, &fe) || len(fe) != len(tc.fields) {
				t.Fatalf("err = %v, want errors on %v", err, tc.fields)
			}
			for i, f := range tc.fields {
				if fe[i].Field != f {
					t.Errorf("error %d on %q, want %q", i, fe[i].Field, f)
				}
			}
			if dajia.ErrorCode(err) != dajia.Invalid {
				t.Errorf("code = %s", dajia.ErrorCode(err))
			}
		})
	}
}

func TestWithdrawingAnExposureNeedsItsReasonOnce(t *testing.T) {
	c := decidedCase()
	d, err := dajia.DraftExposure(caseOffice, c, "标题", "案情", nil, dajia.MustDate("2017-11-10"))
	if err != nil {
		t.Fatal(err)
	}
	e := d.Exposure
	on := dajia.MustDate("2017-11-20")
	if err := e.Withdraw(caseOfficer, c, on, "当事人已申请复议"); dajia.ErrorCode(err) != dajia.Forbidden {
		t.Errorf("the officer withdrew: %v", err)
	}
	if err := e.Withdraw(caseHead, c, on, "  "); dajia.ErrorCode(err) != dajia.Invalid {
		t.Errorf("no reason: %v", err)
	}
	if err := e.Withdraw(caseHead, c, on, strings.Repeat("因", dajia.MaxCaseNote+1)); dajia.ErrorCode(err) != dajia.Invalid {
		t.Errorf("a reason too long: %v", err)
	}
	if err := e.Withdraw(caseHead, c, on, " 当事人已申请复议 "); err != nil {
		t.Fatal(err)
	}
	if e.Live() || e.WithdrawnOn != on || e.Reason != "当事人已申请复议" {
		t.Errorf("withdrawn = %+v", e)
	}
	if err := e.Withdraw(caseOffice, c, on, "再撤一次"); dajia.ErrorCode(err) != dajia.Conflict {
		t.Errorf("withdrawn twice: %v", err)
	}
}
