package dajia_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"dajia"
	"dajia/calendar"
)

// goodSurvey is a finding a 港口 village supervisor records on 15 August
// 2017, in the 宣传部署 phase.
func goodSurvey() dajia.Survey {
	return dajia.Survey{PlanID: "zs-gangkou-2017", FoundOn: dajia.MustDate("2017-08-15"), Unit: "xh", RecordedBy: 7, Recorder: "xh-sup",
		Village: "西街村", EntityName: "  港口镇某灯饰店 ", EntityAddress: "西街 12 号", Category: "灯具", Stage: dajia.StageSelling,
		Problems: []dajia.SurveyProblem{dajia.ProblemLabel, dajia.ProblemNoCCC}, Description: "出售的 LED 吸顶灯无 3C 标志，标签不全"}
}

func fieldsOf(t *testing.T, err error) map[string]string {
	t.Helper()
	var fe dajia.FieldErrors
	if err != nil && !errors.As(err, &fe) {
		t.Fatalf("%v is not a FieldErrors", err)
	}
	out := map[string]string{}
	for _, f := range fe {
		out[f.Field] = f.Message
	}
	return out
}

func TestSurveyCheckTrimsAndOrdersAWholeFinding(t *testing.T) {
	s := goodSurvey()
	if err := s.Check(reference(t), dajia.MustDate("2017-08-20")); err != nil {
		t.Fatal(err)
	}
	if s.EntityName != "港口镇某灯饰店" || s.Status != dajia.SurveyOpen {
		t.Errorf("%q %q", s.EntityName, s.Status)
	}
	// The problems keep the list's order, whatever order they came in.
	if !slices.Equal(s.Problems, []dajia.SurveyProblem{dajia.ProblemNoCCC, dajia.ProblemLabel}) {
		t.Errorf("problems %v", s.Problems)
	}
}

func TestSurveyCheckSaysEveryFieldsProblemAtOnce(t *testing.T) {
	p := reference(t)
	today := dajia.MustDate("2017-08-20")
	long := func(n int) string { return strings.Repeat("假", n) }
	tests := []struct {
		name   string
		change func(*dajia.Survey)
		want   []string // the fields with a problem
	}{
		{"empty", func(s *dajia.Survey) { *s = dajia.Survey{} }, []string{"found_on", "village", "entity_name", "category", "problems", "description"}},
		{"future day", func(s *dajia.Survey) { s.FoundOn = dajia.MustDate("2017-08-21") }, []string{"found_on"}},
		{"another year than the plan's", func(s *dajia.Survey) { s.FoundOn = dajia.MustDate("2016-12-31") }, []string{"found_on"}},
		{"village too long", func(s *dajia.Survey) { s.Village = long(51) }, []string{"village"}},
		{"neither entity nor name", func(s *dajia.Survey) { s.EntityName, s.EntityAddress = " ", "" }, []string{"entity_name"}},
		{"negative entity", func(s *dajia.Survey) { s.EntityID = -1 }, []string{"entity_id"}},
		{"name and address too long", func(s *dajia.Survey) { s.EntityName, s.EntityAddress = long(101), long(201) }, []string{"entity_name", "entity_address"}},
		{"category not in the plan", func(s *dajia.Survey) { s.Category = "军火" }, []string{"category"}},
		{"unknown stage", func(s *dajia.Survey) { s.Stage = "运输" }, []string{"stage"}},
		{"no problem chosen", func(s *dajia.Survey) { s.Problems = nil }, []string{"problems"}},
		{"unknown problem", func(s *dajia.Survey) { s.Problems = []dajia.SurveyProblem{"<script>"} }, []string{"problems"}},
		{"a problem twice", func(s *dajia.Survey) { s.Problems = []dajia.SurveyProblem{dajia.ProblemLabel, dajia.ProblemLabel} }, []string{"problems"}},
		{"description too long", func(s *dajia.Survey) { s.Description = long(2001) }, []string{"description"}},
		{"control characters", func(s *dajia.Survey) { s.Village, s.Description = "西街\x00村", "无\x1b标志" }, []string{"village", "description"}},
		{"broken UTF-8", func(s *dajia.Survey) { s.EntityName = "\xff\xfe" }, []string{"entity_name"}},
		{"too many photos", func(s *dajia.Survey) { s.Photos = dajia.MaxSurveyPhotos + 1 }, []string{"photos"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := goodSurvey()
			tt.change(&s)
			got := fieldsOf(t, s.Check(p, today))
			var fields []string
			for f, msg := range got {
				fields = append(fields, f)
				if msg == "" {
					t.Errorf("%s has no message", f)
				}
			}
			slices.Sort(fields)
			want := slices.Clone(tt.want)
			slices.Sort(want)
			if !slices.Equal(fields, want) {
				t.Errorf("problems at %v, want %v (%v)", fields, want, got)
			}
		})
	}
}

func TestSurveyOfARegisteredEntityDropsTheTypedName(t *testing.T) {
	s := goodSurvey()
	s.EntityID = 4
	if err := s.Check(reference(t), dajia.MustDate("2017-08-20")); err != nil {
		t.Fatal(err)
	}
	if s.EntityName != "" || s.EntityAddress != "" {
		t.Errorf("typed name kept: %q %q", s.EntityName, s.EntityAddress)
	}
}

func TestSurveyVillageComesFromThePlansVillagesWhenItListsThem(t *testing.T) {
	p := *reference(t)
	p.Units = []dajia.Unit{{Key: "xijie", Name: "西街村", Kind: "village"}, {Key: "market", Name: "港口市场", Kind: "market"}}
	s := goodSurvey()
	if err := s.Check(&p, dajia.MustDate("2017-08-20")); err != nil {
		t.Fatal(err)
	}
	s.Village = "东街村"
	if got := fieldsOf(t, s.Check(&p, dajia.MustDate("2017-08-20"))); got["village"] == "" {
		t.Errorf("a village the plan does not list: %v", got)
	}
	if p.HomeVillage("xijie") != "西街村" || p.HomeVillage("market") != "" || p.HomeVillage("gsfj") != "" {
		t.Errorf("home villages %q %q %q", p.HomeVillage("xijie"), p.HomeVillage("market"), p.HomeVillage("gsfj"))
	}
}

// Every category of the reference plan goes, as a finding turned into a
// clue, to the lead of the campaign that covers it, by the stage where the
// campaign splits its lead; campaign 6's lead is the city bureau, so its
// categories and 其他 go to the office, which relays them. The clue's clock
// is 15 working days from the day it is made.
func TestSurveyClueGoesToTheLeadOfEveryCampaignOfTheReferencePlan(t *testing.T) {
	p := reference(t)
	cal := calendar.Embedded()
	today := dajia.MustDate("2017-09-25")
	office := dajia.Actor{UserID: 1, Name: "office", Role: dajia.RoleOffice}
	tests := []struct {
		category, stage string
		lead            string
		campaign        int
	}{
		{"食品", dajia.StageSelling, "syjfj", 1}, {"药品", dajia.StageSelling, "syjfj", 1}, {"化妆品", dajia.StageMaking, "syjfj", 1},
		{"农资", dajia.StageSelling, "nyj", 2}, {"种子", dajia.StageSelling, "nyj", 2}, {"化肥", dajia.StageSelling, "nyj", 2},
		{"农药", dajia.StageSelling, "nyj", 2}, {"兽用抗菌药", dajia.StageSelling, "nyj", 2},
		{"建材", dajia.StageSelling, "zjj", 3},
		{"儿童用品", dajia.StageSelling, "zjfj", 4}, {"玩具", dajia.StageMaking, "zjfj", 4},
		{"服装", dajia.StageSelling, "gsfj", 5}, {"服装", dajia.StageMaking, "zjfj", 5}, {"纺织品", dajia.StageSelling, "gsfj", 5},
		{"燃气灶具", dajia.StageSelling, dajia.OfficeKey, 6}, {"小家电", dajia.StageMaking, dajia.OfficeKey, 6},
		{"灯具", dajia.StageSelling, "gsfj", 7}, {"灯具", dajia.StageMaking, "zjfj", 7},
		{"汽车零配件", dajia.StageSelling, "jtfj", 9},
		{dajia.OtherCategory, dajia.StageSelling, dajia.OfficeKey, 0},
	}
	covered := map[string]bool{}
	for _, tt := range tests {
		covered[tt.category] = true
		t.Run(tt.category+" "+tt.stage, func(t *testing.T) {
			s := goodSurvey()
			s.ID, s.Category, s.Stage, s.Status = 41, tt.category, tt.stage, dajia.SurveyOpen
			c, err := s.Clue(office, p, today)
			if err != nil {
				t.Fatal(err)
			}
			if c.LeadUnit != tt.lead || c.CampaignNo != tt.campaign || c.Source != dajia.ClueFromSurvey || c.SourceRef != "41" ||
				c.Summary != s.Description || c.ReceivedOn != today || c.PlanID != s.PlanID {
				t.Fatalf("clue %+v", c)
			}
			if id, ok := c.SurveyID(); !ok || id != 41 {
				t.Errorf("survey id %d %v", id, ok)
			}
			if err := c.Reclock(today, cal); err != nil {
				t.Fatal(err)
			}
			// 25 September + 15 working days across National Day 2017.
			if c.Due != dajia.MustDate("2017-10-20") || c.DueWhat != dajia.ClueDueDecide {
				t.Errorf("due %s %s", c.Due, c.DueWhat)
			}
		})
	}
	for _, cat := range p.Categories() {
		if !covered[cat] {
			t.Errorf("category %s of the reference plan is not in the table", cat)
		}
	}
}

func TestWhoMayTurnAFindingIntoAClue(t *testing.T) {
	s := goodSurvey()
	s.ID, s.Status = 9, dajia.SurveyOpen
	tests := []struct {
		name  string
		actor dajia.Actor
		sees  bool
		acts  bool
	}{
		{"the supervisor who recorded it", dajia.Actor{UserID: 7, Role: dajia.RoleSupervisor, Unit: "xh"}, true, true},
		{"another supervisor of the unit", dajia.Actor{UserID: 8, Role: dajia.RoleSupervisor, Unit: "xh"}, true, false},
		{"the unit's officer", dajia.Actor{UserID: 9, Role: dajia.RoleOfficer, Unit: "xh"}, true, true},
		{"the unit's head", dajia.Actor{UserID: 10, Role: dajia.RoleHead, Unit: "xh"}, true, true},
		{"the office", dajia.Actor{UserID: 1, Role: dajia.RoleOffice}, true, true},
		{"a leader", dajia.Actor{UserID: 2, Role: dajia.RoleLeader}, true, false},
		{"another unit's officer", dajia.Actor{UserID: 11, Role: dajia.RoleOfficer, Unit: "gsfj"}, false, false},
		{"another unit's supervisor with the same id", dajia.Actor{UserID: 7, Role: dajia.RoleSupervisor, Unit: "dj"}, false, false},
		{"an administrator", dajia.Actor{UserID: 3, Role: dajia.RoleSysadmin}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if s.VisibleTo(tt.actor) != tt.sees || s.HandledBy(tt.actor) != tt.acts || s.Steps(tt.actor)["clue"] != tt.acts {
				t.Errorf("sees %v acts %v", s.VisibleTo(tt.actor), s.HandledBy(tt.actor))
			}
			_, err := s.Clue(tt.actor, reference(t), dajia.MustDate("2017-09-25"))
			if (err == nil) != tt.acts || (err != nil && dajia.ErrorCode(err) != dajia.Forbidden) {
				t.Errorf("clue: %v", err)
			}
		})
	}
}

func TestAFindingBecomesOneClueAndItsLeadReadsIt(t *testing.T) {
	s := goodSurvey()
	s.ID, s.Status = 9, dajia.SurveyOpen
	sup := dajia.Actor{UserID: 7, Role: dajia.RoleSupervisor, Unit: "xh"}
	gs := dajia.Actor{UserID: 20, Role: dajia.RoleOfficer, Unit: "gsfj"}
	if s.VisibleTo(gs) {
		t.Fatal("the lead reads the finding before it is its clue")
	}
	c, err := s.Clue(sup, reference(t), dajia.MustDate("2017-09-25"))
	if err != nil {
		t.Fatal(err)
	}
	c.ID = 33
	if err := s.Clued(sup, c); err != nil {
		t.Fatal(err)
	}
	if s.Status != dajia.SurveyClue || s.ClueID != 33 || s.ClueUnit != "gsfj" || !s.VisibleTo(gs) || s.HandledBy(gs) {
		t.Fatalf("%+v", s)
	}
	if _, err := s.Clue(sup, reference(t), dajia.MustDate("2017-09-25")); dajia.ErrorCode(err) != dajia.Conflict {
		t.Errorf("a second clue: %v", err)
	}
	if err := s.Clear(sup, "核查无问题"); dajia.ErrorCode(err) != dajia.Conflict {
		t.Errorf("clear after the clue: %v", err)
	}
}

func TestClearingAFindingNeedsTheNote(t *testing.T) {
	sup := dajia.Actor{UserID: 7, Role: dajia.RoleSupervisor, Unit: "xh"}
	for note, ok := range map[string]bool{"": false, "  ": false, strings.Repeat("查", 501): false, "证照\x00齐全": false, "核查后证照齐全，标签已补": true} {
		s := goodSurvey()
		s.Status = dajia.SurveyOpen
		err := s.Clear(sup, note)
		if (err == nil) != ok {
			t.Errorf("%.20q: %v", note, err)
		}
		if ok && (s.Status != dajia.SurveyClear || s.Note != note) {
			t.Errorf("%+v", s)
		}
	}
}

func TestEverySurveyProblemAndStatusHasAName(t *testing.T) {
	for _, p := range dajia.SurveyProblems() {
		if p.Name() == dajia.Text(p) || p.Name() == "" {
			t.Errorf("problem %s has no name", p)
		}
	}
	for _, s := range dajia.SurveyStatuses() {
		if s.Name() == dajia.Text(s) || s.Name() == "" {
			t.Errorf("status %s has no name", s)
		}
	}
}
