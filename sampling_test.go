package dajia_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"dajia"
	"dajia/calendar"
)

func lampSample() dajia.Sampling {
	return dajia.Sampling{PlanID: "zs-gangkou-2017", Unit: "zjfj", Category: "灯具", Product: "LED台灯", Brand: "光明", Model: "TD-12",
		Batch: "20170801", ProducerID: 1, SellerID: 2, SampledOn: dajia.MustDate("2017-09-01"), Lab: "中山市质量计量监督检测所",
		Standard: "GB 7000.1-2015", TestItems: "标记、防触电保护", Result: dajia.SamplePassed}
}

func samplingFieldsOf(err error) []string {
	var fe dajia.FieldErrors
	if !errors.As(err, &fe) {
		return nil
	}
	var out []string
	for _, f := range fe {
		out = append(out, f.Field)
	}
	return out
}

func TestSamplingCheckNamesEveryFieldsProblemAtOnce(t *testing.T) {
	p := reference(t)
	today := dajia.MustDate("2017-09-29")
	long := strings.Repeat("长", dajia.MaxSamplingShort+1)
	for _, tt := range []struct {
		name   string
		change func(*dajia.Sampling)
		want   []string
	}{
		{"whole", func(s *dajia.Sampling) {}, nil},
		{"only a seller is enough", func(s *dajia.Sampling) { s.ProducerID = 0 }, nil},
		{"neither producer nor seller, no product, a category not in the plan, sampled tomorrow", func(s *dajia.Sampling) {
			s.ProducerID, s.SellerID, s.Product, s.Category, s.SampledOn = 0, 0, " ", "火箭", today.AddDays(1)
		}, []string{"category", "product", "producer_id", "sampled_on"}},
		{"too long", func(s *dajia.Sampling) { s.Brand, s.Lab = long, long }, []string{"brand", "lab"}},
		{"failed without failed items", func(s *dajia.Sampling) { s.Result = dajia.SampleFailed }, []string{"failed_items"}},
		{"failed items on a pass", func(s *dajia.Sampling) { s.FailedItems = "标记" }, []string{"failed_items"}},
		{"no result", func(s *dajia.Sampling) { s.Result = "" }, []string{"result"}},
		{"a window on a pass", func(s *dajia.Sampling) { s.NotifiedOn = today }, []string{"notified_on"}},
		{"objection before notice", func(s *dajia.Sampling) {
			s.Result, s.FailedItems, s.Objected, s.ObjectedOn = dajia.SampleFailed, "标记", true, today
		}, []string{"objected"}},
		{"objection without its day, notice before sampling", func(s *dajia.Sampling) {
			s.Result, s.FailedItems, s.NotifiedOn, s.Objected = dajia.SampleFailed, "标记", dajia.MustDate("2017-08-01"), true
		}, []string{"notified_on", "objected_on"}},
		{"objection a day late", func(s *dajia.Sampling) {
			// Received Monday 4 September: the window ends Tuesday 19 September.
			s.Result, s.FailedItems, s.NotifiedOn, s.Objected, s.ObjectedOn = dajia.SampleFailed, "标记", dajia.MustDate("2017-09-04"), true, dajia.MustDate("2017-09-20")
		}, []string{"objected_on"}},
		{"objection on the last day", func(s *dajia.Sampling) {
			s.Result, s.FailedItems, s.NotifiedOn, s.Objected, s.ObjectedOn = dajia.SampleFailed, "标记", dajia.MustDate("2017-09-04"), true, dajia.MustDate("2017-09-19")
		}, nil},
		{"re-test without objection", func(s *dajia.Sampling) {
			s.Result, s.FailedItems, s.RetestResult = dajia.SampleFailed, "标记", dajia.SamplePassed
		}, []string{"retest_result"}},
		{"a pending re-test result", func(s *dajia.Sampling) {
			s.Result, s.FailedItems, s.NotifiedOn, s.Objected, s.ObjectedOn, s.RetestResult = dajia.SampleFailed, "标记", dajia.MustDate("2017-09-05"), true, dajia.MustDate("2017-09-06"), dajia.SamplePending
		}, []string{"retest_result"}},
		{"negative action", func(s *dajia.Sampling) { s.ActionID = -1 }, []string{"action_id"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := lampSample()
			tt.change(&s)
			err := s.Check(p, today, calendar.Embedded())
			if got := samplingFieldsOf(err); !slices.Equal(got, tt.want) {
				t.Fatalf("fields %v, want %v (%v)", got, tt.want, err)
			}
			if tt.want != nil && dajia.ErrorCode(err) != dajia.Invalid {
				t.Fatalf("code %v", err)
			}
		})
	}
}

// Failed lamps go to the quality bureau for the maker and the market
// bureau for the seller (campaign 7's split leads); food goes to its one
// lead once, naming both; a category the city bureau leads goes to the
// office to forward.
func TestAFailedSampleGoesToTheProducersAndTheSellersCompetentUnits(t *testing.T) {
	p := reference(t)
	for _, tt := range []struct {
		category         string
		producer, seller int64
		want             []dajia.SamplingLead
	}{
		{"灯具", 1, 2, []dajia.SamplingLead{{Unit: "zjfj", CampaignNo: 7, EntityIDs: []int64{1}}, {Unit: "gsfj", CampaignNo: 7, EntityIDs: []int64{2}}}},
		{"服装", 1, 2, []dajia.SamplingLead{{Unit: "zjfj", CampaignNo: 5, EntityIDs: []int64{1}}, {Unit: "gsfj", CampaignNo: 5, EntityIDs: []int64{2}}}},
		{"灯具", 0, 2, []dajia.SamplingLead{{Unit: "gsfj", CampaignNo: 7, EntityIDs: []int64{2}}}},
		{"灯具", 1, 0, []dajia.SamplingLead{{Unit: "zjfj", CampaignNo: 7, EntityIDs: []int64{1}}}},
		{"食品", 1, 2, []dajia.SamplingLead{{Unit: "syjfj", CampaignNo: 1, EntityIDs: []int64{1, 2}}}},
		{"小家电", 1, 2, []dajia.SamplingLead{{Unit: dajia.OfficeKey, CampaignNo: 6, EntityIDs: []int64{1, 2}}}},
	} {
		s := lampSample()
		s.Category, s.ProducerID, s.SellerID, s.Result, s.FailedItems = tt.category, tt.producer, tt.seller, dajia.SampleFailed, "标记"
		got := s.ClueLeads(p)
		if len(got) != len(tt.want) {
			t.Fatalf("%s %d/%d: %+v, want %+v", tt.category, tt.producer, tt.seller, got, tt.want)
		}
		for i := range got {
			if got[i].Unit != tt.want[i].Unit || got[i].CampaignNo != tt.want[i].CampaignNo || !slices.Equal(got[i].EntityIDs, tt.want[i].EntityIDs) {
				t.Fatalf("%s %d/%d: %+v, want %+v", tt.category, tt.producer, tt.seller, got, tt.want)
			}
		}
	}
	pass := lampSample()
	if l := pass.ClueLeads(p); l != nil {
		t.Fatalf("a passed sample gives leads %+v", l)
	}
	s := lampSample()
	s.ID, s.Result, s.FailedItems = 42, dajia.SampleFailed, "标记"
	c := s.SamplingClue(dajia.SamplingLead{Unit: "syjfj", CampaignNo: 1, EntityIDs: []int64{1, 2}}, map[int64]string{1: "某灯饰厂", 2: "某商行"}, dajia.MustDate("2017-09-29"))
	if c.Source != dajia.ClueFromSampling || c.SourceRef != "42" || c.EntityID != 1 || c.LeadUnit != "syjfj" || c.CampaignNo != 1 ||
		!strings.Contains(c.Summary, "生产者：某灯饰厂") || !strings.Contains(c.Summary, "销售者：某商行") || !strings.Contains(c.Summary, "标记") {
		t.Fatalf("clue %+v", c)
	}
	if err := c.Check(dajia.MustDate("2017-09-29")); err != nil {
		t.Fatal(err)
	}
}

// The window runs 15 days from the day after receipt; a last day on a
// rest day moves to the next working day.
func TestTheObjectionWindowRunsFifteenDaysFromReceipt(t *testing.T) {
	cal := calendar.Embedded()
	s := lampSample()
	s.Result, s.FailedItems = dajia.SampleFailed, "标记"
	if w := s.Window(dajia.MustDate("2017-09-10"), cal); w.State != dajia.WindowUnnotified || !w.Due.IsZero() {
		t.Fatalf("before notice: %+v", w)
	}
	// Received Monday 4 September: the 15th day is Tuesday 19 September.
	s.NotifiedOn = dajia.MustDate("2017-09-04")
	w := s.Window(dajia.MustDate("2017-09-10"), cal)
	if w.State != dajia.WindowOpen || w.Due != dajia.MustDate("2017-09-19") || w.Countdown.Left != 9 || !w.Countdown.Days {
		t.Fatalf("open: %+v", w)
	}
	if w := s.Window(dajia.MustDate("2017-09-19"), cal); w.State != dajia.WindowOpen || !w.Countdown.Today {
		t.Fatalf("last day: %+v", w)
	}
	if w := s.Window(dajia.MustDate("2017-09-20"), cal); w.State != dajia.WindowLapsed || !w.State.Closed() {
		t.Fatalf("after: %+v", w)
	}
	// Received 16 September: the 15th day, 1 October, is in the National
	// Day holiday (1–8 October 2017): the last day is 9 October.
	s.NotifiedOn = dajia.MustDate("2017-09-16")
	if w := s.Window(dajia.MustDate("2017-10-08"), cal); w.Due != dajia.MustDate("2017-10-09") || w.State != dajia.WindowOpen {
		t.Fatalf("holiday: %+v", w)
	}
	s.Objected, s.ObjectedOn = true, dajia.MustDate("2017-09-20")
	if w := s.Window(dajia.MustDate("2017-11-20"), cal); w.State != dajia.WindowRetest || w.State.Closed() {
		t.Fatalf("re-test: %+v", w)
	}
	s.RetestResult = dajia.SamplePassed
	if w := s.Window(dajia.MustDate("2017-11-20"), cal); w.State != dajia.WindowRetested || s.Final() != dajia.SamplePassed {
		t.Fatalf("re-tested: %+v %s", w, s.Final())
	}
	if err := s.Check(reference(t), dajia.MustDate("2017-11-20"), cal); err != nil {
		t.Fatal(err)
	}
}

func TestTheRecordingUnitEditsWhileTheResultIsOpen(t *testing.T) {
	cal := calendar.Embedded()
	zj := dajia.Actor{UserID: 1, Name: "zj", Role: dajia.RoleOfficer, Unit: "zjfj"}
	gs := dajia.Actor{UserID: 2, Name: "gs", Role: dajia.RoleOfficer, Unit: "gsfj"}
	office := dajia.Actor{UserID: 3, Name: "office", Role: dajia.RoleOffice}
	leader := dajia.Actor{UserID: 4, Name: "leader", Role: dajia.RoleLeader}
	sup := dajia.Actor{UserID: 5, Name: "sup", Role: dajia.RoleSupervisor, Unit: "zjfj"}
	today := dajia.MustDate("2017-09-29")
	s := lampSample()
	s.Result = dajia.SamplePending
	for _, tt := range []struct {
		who       dajia.Actor
		see, edit bool
	}{{zj, true, true}, {gs, false, false}, {office, true, true}, {leader, true, false}, {sup, true, false}} {
		if s.VisibleTo(tt.who) != tt.see || s.EditableBy(tt.who, today, cal) != tt.edit {
			t.Errorf("%s: see %v edit %v", tt.who.Name, s.VisibleTo(tt.who), s.EditableBy(tt.who, today, cal))
		}
	}
	s.Result = dajia.SamplePassed
	if s.EditableBy(zj, today, cal) || !s.EditableBy(office, today, cal) {
		t.Error("a passed sample is final for the unit, not for the office")
	}
	s.Result, s.FailedItems, s.NotifiedOn = dajia.SampleFailed, "标记", dajia.MustDate("2017-09-20")
	if !s.EditableBy(zj, today, cal) {
		t.Error("the unit records the objection while the window runs")
	}
	s.NotifiedOn = dajia.MustDate("2017-09-01")
	if s.EditableBy(zj, today, cal) {
		t.Error("a lapsed window is final for the unit")
	}
}

func TestTheCCCFlagAndPassRates(t *testing.T) {
	s := lampSample()
	if !s.CCCMissing() {
		t.Error("a lamp without a certificate number is flagged")
	}
	s.Certificate = "2017010701000001"
	if s.CCCMissing() {
		t.Error("a lamp with a certificate number is not flagged")
	}
	s.Category, s.Product, s.Certificate = "汽车零配件", "雨刮器", ""
	if s.CCCMissing() {
		t.Error("wipers are not in the catalogue")
	}
	for _, tt := range []struct {
		r    dajia.PassRate
		want string
	}{{dajia.PassRate{Passed: 7, Failed: 1, Pending: 3}, "87.5%"}, {dajia.PassRate{Passed: 2, Failed: 1}, "66.7%"},
		{dajia.PassRate{Pending: 2}, "—"}, {dajia.PassRate{Passed: 1}, "100.0%"}, {dajia.PassRate{Failed: 4}, "0.0%"}} {
		if got := tt.r.Rate(); got != tt.want {
			t.Errorf("%+v: %s, want %s", tt.r, got, tt.want)
		}
	}
}
