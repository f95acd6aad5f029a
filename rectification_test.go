package dajia_test

import (
	"errors"
	"strings"
	"testing"

	"dajia"
)

var (
	rectOffice = dajia.Actor{UserID: 1, Name: "办公室", Role: dajia.RoleOffice}
	rectGs     = dajia.Actor{UserID: 2, Name: "工商信息员", Role: dajia.RoleOfficer, Unit: "gsfj"}
	rectGsHead = dajia.Actor{UserID: 3, Name: "工商局长", Role: dajia.RoleHead, Unit: "gsfj"}
	rectGsSup  = dajia.Actor{UserID: 4, Name: "监督员", Role: dajia.RoleSupervisor, Unit: "gsfj"}
	rectZj     = dajia.Actor{UserID: 5, Name: "质监信息员", Role: dajia.RoleOfficer, Unit: "zjfj"}
	rectLeader = dajia.Actor{UserID: 6, Name: "镇领导", Role: dajia.RoleLeader}
)

func rectDraft() dajia.Rectification {
	return dajia.Rectification{PlanID: "zs-gangkou-2017", Unit: "工商分局", Title: "关于工商分局信息报送整改的通知", Reason: "9月报表逾期未报",
		CampaignNo: 5, Items: []dajia.RectItem{{Text: "  补报9月报表 "}, {Text: ""}, {Text: "落实专人负责报送"}}, Deadline: dajia.MustDate("2017-11-10"),
		Status: dajia.RectDraft}
}

// A notice names a unit of the plan, a title, its basis and 1–20 items;
// every problem is reported at once, and the deadline must fall after the
// day of issue.
func TestRectificationCheckReportsEveryFieldAtOnce(t *testing.T) {
	p := reference(t)
	today := dajia.MustDate("2017-11-01")
	r := rectDraft()
	if err := r.CheckNew(rectOffice, p, today); err != nil {
		t.Fatal(err)
	}
	if r.Unit != "gsfj" || len(r.Items) != 2 || r.Items[0].Text != "补报9月报表" || r.Items[1].No != 2 || r.Status != dajia.RectDraft {
		t.Fatalf("checked %+v", r)
	}
	bad := dajia.Rectification{PlanID: "zs-gangkou-2017", Unit: "某局", Title: strings.Repeat("长", dajia.MaxRectTitle+1), CampaignNo: 99,
		Deadline: dajia.MustDate("2017-11-01")}
	err := bad.CheckNew(rectOffice, p, today)
	var fe dajia.FieldErrors
	if !errors.As(err, &fe) {
		t.Fatalf("not field errors: %v", err)
	}
	got := map[string]bool{}
	for _, e := range fe {
		got[e.Field] = true
	}
	for _, f := range []string{"title", "reason", "unit", "campaign", "items", "deadline"} {
		if !got[f] {
			t.Errorf("no problem of %s in %v", f, fe)
		}
	}
	many := rectDraft()
	many.Items = nil
	for range dajia.MaxRectItems + 1 {
		many.Items = append(many.Items, dajia.RectItem{Text: "要求"})
	}
	if err := many.CheckNew(rectOffice, p, today); !errors.As(err, &fe) || fe[0].Field != "items" {
		t.Errorf("21 items: %v", err)
	}
	office := rectDraft()
	office.Unit = "office"
	if err := office.CheckNew(rectOffice, p, today); !errors.As(err, &fe) || fe[0].Field != "unit" {
		t.Errorf("a notice to the office itself: %v", err)
	}
	unit := rectDraft()
	if err := unit.CheckNew(rectGs, p, today); dajia.ErrorCode(err) != dajia.Forbidden {
		t.Errorf("a unit writes a notice: %v", err)
	}
}

// Every step of the lifecycle by every role, from every state: only the
// office issues, closes and returns, only the unit's officer or head
// answers, and each only from its state.
func TestRectificationStepsByRoleAndState(t *testing.T) {
	today := dajia.MustDate("2017-11-01")
	answers := map[int]string{1: "已补报", 2: "已指定专人"}
	steps := map[string]func(r *dajia.Rectification, a dajia.Actor) error{
		"issue": func(r *dajia.Rectification, a dajia.Actor) error { _, err := r.Issue(a, today, 3); return err },
		"answer": func(r *dajia.Rectification, a dajia.Actor) error {
			_, err := r.Answer(a, answers)
			return err
		},
		"close": func(r *dajia.Rectification, a dajia.Actor) error {
			_, err := r.Close(a, today, "已核查")
			return err
		},
		"return": func(r *dajia.Rectification, a dajia.Actor) error {
			_, err := r.Return(a, "第2项未落实")
			return err
		},
	}
	allowed := map[string]struct {
		from dajia.RectStatus
		by   []dajia.Actor
		to   dajia.RectStatus
	}{
		"issue":  {dajia.RectDraft, []dajia.Actor{rectOffice}, dajia.RectIssued},
		"answer": {dajia.RectIssued, []dajia.Actor{rectGs, rectGsHead}, dajia.RectAnswered},
		"close":  {dajia.RectAnswered, []dajia.Actor{rectOffice}, dajia.RectClosed},
		"return": {dajia.RectAnswered, []dajia.Actor{rectOffice}, dajia.RectIssued},
	}
	actors := []dajia.Actor{rectOffice, rectGs, rectGsHead, rectGsSup, rectZj, rectLeader}
	for name, step := range steps {
		for _, from := range dajia.RectStatuses() {
			for _, a := range actors {
				t.Run(name+"/"+string(from)+"/"+a.Name, func(t *testing.T) {
					r := rectDraft()
					r.Unit = "gsfj"
					r.Items = []dajia.RectItem{{No: 1, Text: "补报"}, {No: 2, Text: "专人"}}
					r.Status, r.Round = from, 1
					err := step(&r, a)
					rule := allowed[name]
					mayAct := false
					for _, b := range rule.by {
						mayAct = mayAct || b == a
					}
					switch {
					case !mayAct:
						if dajia.ErrorCode(err) != dajia.Forbidden {
							t.Fatalf("refused by role? %v", err)
						}
					case from != rule.from:
						if dajia.ErrorCode(err) != dajia.Conflict {
							t.Fatalf("refused by state? %v", err)
						}
					default:
						if err != nil || r.Status != rule.to {
							t.Fatalf("allowed: %v, now %s", err, r.Status)
						}
						if r.Steps(a)[name] {
							t.Errorf("the step is still offered after it")
						}
					}
					if mayAct && from == rule.from {
						return
					}
					r.Status = from
					if r.Steps(a)[name] {
						t.Errorf("the page offers a refused step")
					}
				})
			}
		}
	}
}

// Issue numbers the notice in the office's series of the year and needs a
// deadline after the day of issue.
func TestRectificationIssueNumbersItAndNeedsALaterDeadline(t *testing.T) {
	r := rectDraft()
	r.Deadline = dajia.MustDate("2017-11-01")
	if _, err := r.Issue(rectOffice, dajia.MustDate("2017-11-01"), 1); dajia.ErrorCode(err) != dajia.Invalid || r.Status != dajia.RectDraft {
		t.Fatalf("a deadline on the day of issue: %v", err)
	}
	r.Deadline = dajia.MustDate("2017-11-02")
	s, err := r.Issue(rectOffice, dajia.MustDate("2017-11-01"), 4)
	if err != nil || r.Number != "打假整改〔2017〕4号" || s.Note != r.Number || r.Round != 1 || r.IssuedOn != dajia.MustDate("2017-11-01") {
		t.Fatalf("issued %+v %v", r, err)
	}
}

// The unit answers every item, each at most MaxRectAnswer long, all
// problems at once; a return keeps the answers and opens the next round
// with its reason, which is required.
func TestRectificationAnswersEveryItemAndAReturnOpensANewRound(t *testing.T) {
	r := rectDraft()
	r.Unit, r.Items = "gsfj", []dajia.RectItem{{No: 1, Text: "补报"}, {No: 2, Text: "专人"}}
	if _, err := r.Issue(rectOffice, dajia.MustDate("2017-11-01"), 1); err != nil {
		t.Fatal(err)
	}
	_, err := r.Answer(rectGs, map[int]string{1: " ", 3: "多余", 2: strings.Repeat("长", dajia.MaxRectAnswer+1)})
	var fe dajia.FieldErrors
	if !errors.As(err, &fe) || len(fe) != 3 {
		t.Fatalf("every problem at once: %v", err)
	}
	if _, err := r.Answer(rectGs, map[int]string{1: "已补报", 2: "已指定"}); err != nil || r.Status != dajia.RectAnswered {
		t.Fatalf("answer: %v", err)
	}
	if _, err := r.Return(rectOffice, "  "); !errors.As(err, &fe) || fe[0].Field != "reason" {
		t.Fatalf("a return without reason: %v", err)
	}
	if _, err := r.Return(rectOffice, "第2项未落实"); err != nil || r.Status != dajia.RectIssued || r.Round != 2 || r.Returned != "第2项未落实" {
		t.Fatalf("return: %+v %v", r, err)
	}
	if _, err := r.Answer(rectGsHead, map[int]string{1: "已补报", 2: "已指定专人并公示"}); err != nil {
		t.Fatal(err)
	}
	if a, ok := r.Items[1].Answer(2); !ok || a.Text != "已指定专人并公示" || a.By != "工商局长" || len(r.Items[1].Answers) != 2 {
		t.Fatalf("round 2 answers %+v", r.Items[1])
	}
	if _, err := r.Close(rectOffice, dajia.MustDate("2017-11-05"), ""); err != nil || r.ClosedOn != dajia.MustDate("2017-11-05") {
		t.Fatal(err)
	}
}

// A notice is overdue after its deadline while issued or answered; a
// draft or a closed one never.
func TestRectificationIsOverdueAfterItsDeadlineUntilClosed(t *testing.T) {
	deadline := dajia.MustDate("2017-11-10")
	for _, c := range []struct {
		status dajia.RectStatus
		today  string
		want   bool
	}{
		{dajia.RectIssued, "2017-11-10", false}, {dajia.RectIssued, "2017-11-11", true}, {dajia.RectAnswered, "2017-11-11", true},
		{dajia.RectClosed, "2017-12-01", false}, {dajia.RectDraft, "2017-12-01", false},
	} {
		r := dajia.Rectification{Status: c.status, Deadline: deadline}
		if got := r.Overdue(dajia.MustDate(c.today)); got != c.want {
			t.Errorf("%s on %s: overdue %v", c.status, c.today, got)
		}
	}
}

// The office reads every notice, leaders every issued one, a unit's
// officer and head only their own issued ones; supervisors, other units
// and administrators none.
func TestRectificationIsVisibleToTheOfficeLeadersAndItsUnit(t *testing.T) {
	r := dajia.Rectification{Unit: "gsfj", Status: dajia.RectIssued}
	for _, c := range []struct {
		a     dajia.Actor
		draft bool
		want  bool
	}{
		{rectOffice, true, true}, {rectOffice, false, true}, {rectLeader, false, true}, {rectLeader, true, false},
		{rectGs, false, true}, {rectGsHead, false, true}, {rectGs, true, false}, {rectGsSup, false, false}, {rectZj, false, false},
		{dajia.Actor{Role: dajia.RoleSysadmin}, false, false},
	} {
		x := r
		if c.draft {
			x.Status = dajia.RectDraft
		}
		if got := x.VisibleTo(c.a); got != c.want {
			t.Errorf("%s (draft %v): %v", c.a.Name+string(c.a.Role), c.draft, got)
		}
	}
}
