package dajia

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// SamplingResult is a sample's test result (检验结论). It is stored as a code.
type SamplingResult string

const (
	SamplePending SamplingResult = "pending" // 待检: the lab has not answered
	SamplePassed  SamplingResult = "passed"  // 合格
	SampleFailed  SamplingResult = "failed"  // 不合格
)

var samplingResultNames = map[SamplingResult]Text{
	SamplePending: "待检",
	SamplePassed:  "合格",
	SampleFailed:  "不合格",
}

// SamplingResults lists the results in the order forms offer them.
func SamplingResults() []SamplingResult {
	return []SamplingResult{SamplePending, SamplePassed, SampleFailed}
}

// Name is the result as staff read it.
func (r SamplingResult) Name() Text { return nameIn(samplingResultNames, r) }

// Valid reports whether r is one of SamplingResults.
func (r SamplingResult) Valid() bool { _, ok := samplingResultNames[r]; return ok }

// ParseSamplingResult reads a result by its code or its Chinese name (the
// spreadsheets units keep write 合格, 不合格, 待检).
func ParseSamplingResult(s string) (SamplingResult, bool) {
	s = strings.TrimSpace(s)
	for r, n := range samplingResultNames {
		if s == string(r) || s == string(n) {
			return r, true
		}
	}
	return "", false
}

// ObjectionDays is the period, in days, in which the producer or seller of
// a failed sample may apply for a re-test (复检): 《中华人民共和国产品质量法》
// 第十五条 and 《产品质量监督抽查管理暂行办法》 (市场监管总局令第18号) give
// 15 days from the day the test result is received. The period is set in
// days, not working days: the day of receipt is not counted, and a last
// day that is a rest day or holiday moves to the next working day (the
// general rule for periods, as for a case's periods in days).
const ObjectionDays = 15

// Bounds of a sampling's fields, in characters.
const (
	MaxSamplingShort = 100  // product, brand, model, batch, lab
	MaxSamplingCert  = 50   // the 3C certificate number
	MaxSamplingStd   = 200  // the standard
	MaxSamplingText  = 1000 // test items, failed items
	MaxSamplingNotes = 2000
)

// Sampling is one sample of a 监督抽检 as the recording unit keeps it: what
// was sampled, from whom, the lab's result and, for a failed sample, the
// objection window (复检).
type Sampling struct {
	ID          int64
	PlanID      string
	Unit        string // the recording unit (抽样单位)
	CampaignNo  int    // 0: none
	Category    string
	Product     string
	Brand       string
	Model       string // 规格型号
	Batch       string // 生产日期或批号
	ProducerID  int64  // 0: unknown
	SellerID    int64  // 0: unknown
	SampledOn   Date
	Lab         string // 检验机构
	Standard    string // 执行标准
	TestItems   string
	Result      SamplingResult
	FailedItems string
	Certificate string // 3C certificate number
	ActionID    int64  // the joint action (统一集中行动) it was made in; 0: none
	Notes       string
	// The objection window of a failed sample.
	NotifiedOn   Date           // the day the producer or seller received the result
	Objected     bool           // a re-test was applied for
	ObjectedOn   Date           // the day it was applied for
	RetestResult SamplingResult // "" until the re-test answers; passed or failed
	// Village is the village of the seller (where the sample was taken in
	// circulation) or, without a seller, of the producer, as it stood when
	// the sampling was saved: what the pass rates by village count.
	Village string
}

// CCCMissing is the sample's 3C flag: its product needs a certificate and
// none was recorded.
func (s Sampling) CCCMissing() bool { return CCCMissing(s.Category, s.Product, s.Certificate) }

// Final is the result that stands: the re-test's once it answered.
func (s Sampling) Final() SamplingResult {
	if s.RetestResult != "" {
		return s.RetestResult
	}
	return s.Result
}

// Check trims the sampling and answers every field's problem at once, as
// FieldErrors (nil when it is whole), on day today under the plan p (its
// categories), the objection window's last day on cal (nil: unmoved off
// rest days). The recording unit and the campaign are the use case's.
func (s *Sampling) Check(p *Plan, today Date, cal Workdays) error {
	var errs FieldErrors
	for _, f := range []struct {
		name string
		v    *string
		max  int
	}{{"category", &s.Category, MaxSamplingShort}, {"product", &s.Product, MaxSamplingShort}, {"brand", &s.Brand, MaxSamplingShort},
		{"model", &s.Model, MaxSamplingShort}, {"batch", &s.Batch, MaxSamplingShort}, {"lab", &s.Lab, MaxSamplingShort},
		{"standard", &s.Standard, MaxSamplingStd}, {"test_items", &s.TestItems, MaxSamplingText},
		{"failed_items", &s.FailedItems, MaxSamplingText}, {"certificate", &s.Certificate, MaxSamplingCert},
		{"notes", &s.Notes, MaxSamplingNotes}} {
		*f.v = strings.TrimSpace(*f.v)
		if !Readable(*f.v) {
			errs = append(errs, FieldErrorf(f.name, "invalid", "内容含有无法识别的字符"))
		}
		if utf8.RuneCountInString(*f.v) > f.max {
			errs = append(errs, FieldErrorf(f.name, "max", "不能超过 %d 个字", f.max))
		}
	}
	if s.Category == "" || p != nil && !slices.Contains(p.Categories(), s.Category) {
		errs = append(errs, FieldErrorf("category", "required", "请选择方案中的产品类别"))
	}
	if s.Product == "" {
		errs = append(errs, FieldErrorf("product", "required", "请填写样品名称"))
	}
	if s.ProducerID < 0 {
		errs = append(errs, FieldErrorf("producer_id", "invalid", "请选择生产者"))
	}
	if s.SellerID < 0 {
		errs = append(errs, FieldErrorf("seller_id", "invalid", "请选择销售者"))
	}
	if s.ProducerID == 0 && s.SellerID == 0 {
		errs = append(errs, FieldErrorf("producer_id", "required", "生产者和销售者至少选择一个"))
	}
	switch {
	case s.SampledOn.IsZero():
		errs = append(errs, FieldErrorf("sampled_on", "required", "请填写抽样日期"))
	case s.SampledOn.After(today):
		errs = append(errs, FieldErrorf("sampled_on", "future", "抽样日期不能晚于今天"))
	}
	if s.ActionID < 0 {
		errs = append(errs, FieldErrorf("action_id", "invalid", "集中行动编号应为正整数"))
	}
	if !s.Result.Valid() {
		errs = append(errs, FieldErrorf("result", "required", "请选择检验结论"))
	}
	failed := s.Result == SampleFailed
	switch {
	case failed && s.FailedItems == "":
		errs = append(errs, FieldErrorf("failed_items", "required", "不合格的样品须填写不合格项目"))
	case !failed && s.FailedItems != "":
		errs = append(errs, FieldErrorf("failed_items", "invalid", "只有不合格的样品有不合格项目"))
	}
	s.checkWindow(today, cal, failed, &errs)
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// checkWindow checks the objection window's fields: only a failed sample
// has one; the re-test is applied for after the result is received and
// answers only once applied for.
func (s *Sampling) checkWindow(today Date, cal Workdays, failed bool, errs *FieldErrors) {
	if !failed {
		if !s.NotifiedOn.IsZero() || s.Objected || !s.ObjectedOn.IsZero() || s.RetestResult != "" {
			*errs = append(*errs, FieldErrorf("notified_on", "invalid", "只有不合格的样品有复检申请期"))
		}
		return
	}
	switch {
	case s.NotifiedOn.IsZero():
	case s.NotifiedOn.After(today):
		*errs = append(*errs, FieldErrorf("notified_on", "future", "送达日期不能晚于今天"))
	case !s.SampledOn.IsZero() && s.NotifiedOn.Before(s.SampledOn):
		*errs = append(*errs, FieldErrorf("notified_on", "order", "送达日期不能早于抽样日期"))
	}
	if !s.Objected {
		if !s.ObjectedOn.IsZero() {
			*errs = append(*errs, FieldErrorf("objected_on", "invalid", "未申请复检时不填申请日期"))
		}
		if s.RetestResult != "" {
			*errs = append(*errs, FieldErrorf("retest_result", "invalid", "未申请复检时没有复检结论"))
		}
		return
	}
	switch {
	case s.NotifiedOn.IsZero():
		*errs = append(*errs, FieldErrorf("objected", "order", "先填写检验结论的送达日期，再登记复检申请"))
	case s.ObjectedOn.IsZero():
		*errs = append(*errs, FieldErrorf("objected_on", "required", "请填写复检申请日期"))
	case s.ObjectedOn.After(today):
		*errs = append(*errs, FieldErrorf("objected_on", "future", "申请日期不能晚于今天"))
	case s.ObjectedOn.Before(s.NotifiedOn):
		*errs = append(*errs, FieldErrorf("objected_on", "order", "申请日期不能早于送达日期"))
	case s.ObjectedOn.After(s.Window(today, cal).Due):
		*errs = append(*errs, FieldErrorf("objected_on", "late", "复检申请须在收到检验结论之日起 %d 日内提出", ObjectionDays))
	}
	if s.RetestResult != "" && s.RetestResult != SamplePassed && s.RetestResult != SampleFailed {
		*errs = append(*errs, FieldErrorf("retest_result", "invalid", "复检结论应为合格或不合格"))
	}
}

// WindowState is where a failed sample's objection window stands.
type WindowState string

const (
	WindowNone       WindowState = ""           // not a failed sample: no window
	WindowUnnotified WindowState = "unnotified" // the result is not yet received: the window has not opened
	WindowOpen       WindowState = "open"       // received; the 15 days run
	WindowLapsed     WindowState = "lapsed"     // no re-test applied for in time: the result stands (closed)
	WindowRetest     WindowState = "retest"     // a re-test was applied for; its result awaited
	WindowRetested   WindowState = "retested"   // the re-test answered (closed)
)

var windowStateNames = map[WindowState]Text{
	WindowUnnotified: "检验结论待送达",
	WindowOpen:       "复检申请期内",
	WindowLapsed:     "复检申请期已过，结论生效",
	WindowRetest:     "已申请复检，待复检结论",
	WindowRetested:   "复检已完成",
}

// Name is the state as staff read it.
func (w WindowState) Name() Text { return nameIn(windowStateNames, w) }

// Closed reports whether the window is over: the result stands.
func (w WindowState) Closed() bool { return w == WindowLapsed || w == WindowRetested }

// ObjectionWindow is a failed sample's window on a day: its state, its
// last day and the countdown to it while it runs.
type ObjectionWindow struct {
	State     WindowState
	Due       Date      // the last day to apply; zero before the result is received
	Countdown Countdown // while open
}

// Window is the objection window on day today: ObjectionDays from the day
// the result was received, the first day not counted and a last day off
// work moved to the next working day on cal. A calendar that does not know
// the year leaves the last day unmoved rather than the window unknown.
func (s Sampling) Window(today Date, cal Workdays) ObjectionWindow {
	var w ObjectionWindow
	if s.Result != SampleFailed {
		return w
	}
	if s.NotifiedOn.IsZero() {
		w.State = WindowUnnotified
		return w
	}
	w.Due = s.NotifiedOn.AddDays(ObjectionDays)
	if cal != nil {
		if d, err := dayPeriodEnd(cal, s.NotifiedOn, ObjectionDays); err == nil {
			w.Due = d
		}
	}
	switch {
	case s.Objected && s.RetestResult != "":
		w.State = WindowRetested
	case s.Objected:
		w.State = WindowRetest
	case today.After(w.Due):
		w.State = WindowLapsed
	default:
		w.State = WindowOpen
		w.Countdown = CountdownDays(today, w.Due)
	}
	return w
}

// VisibleTo reports whether the actor may read the sampling: the office
// and leaders read all; a unit's staff (officer, head and its village
// supervisors) read their unit's.
func (s Sampling) VisibleTo(a Actor) bool {
	unit, all := a.UnitScope()
	return all || (unit != "" && unit == s.Unit)
}

// MayRecordSamplings says whether the actor records samplings: the office
// for any unit, a unit's officer or head for their own. Leaders and
// supervisors read only (supervisors survey; sampling is a department's
// legal work).
func (a Actor) MayRecordSamplings() error {
	if a.Role != RoleOffice && ((a.Role != RoleOfficer && a.Role != RoleHead) || a.Unit == "") {
		return Errorf(Forbidden, "", "只有抽样单位或打假办可以登记抽检")
	}
	return nil
}

// EditableBy reports whether the actor may change the sampling on day
// today: the office always (it corrects records); the recording unit's
// officer or head while the sample's result is still open: pending, or
// failed with its objection window not closed. A passed sample and a
// failed one whose window closed are final.
func (s Sampling) EditableBy(a Actor, today Date, cal Workdays) bool {
	if a.Role == RoleOffice {
		return true
	}
	if a.MayRecordSamplings() != nil || a.Unit != s.Unit {
		return false
	}
	switch s.Result {
	case SamplePending:
		return true
	case SampleFailed:
		return !s.Window(today, cal).State.Closed()
	}
	return false
}

// SamplingLead is one unit a failed sample goes to as a clue: the lead
// unit and the entities of the sample it is competent for.
type SamplingLead struct {
	Unit       string
	CampaignNo int
	EntityIDs  []int64 // the producer and/or the seller, in that order
}

// ClueLeads is where a failed sample goes under the plan p: the producer
// to the lead for making (生产领域) and the seller to the lead for selling
// (流通领域) of the campaign covering the category, as Route sends a tip;
// co-responsible leads each get it, and the office gets what the plan
// sends to the office (no campaign, no lead, an upper-level lead). A unit
// competent for both entities gets one lead naming both. None for a
// sample that did not fail.
func (s Sampling) ClueLeads(p *Plan) []SamplingLead {
	if s.Result != SampleFailed || p == nil {
		return nil
	}
	var out []SamplingLead
	add := func(stage string, entity int64) {
		if entity <= 0 {
			return
		}
		rt := p.Route(s.Category, stage, false)
		no := 0
		if rt.Campaign != nil {
			no = rt.Campaign.No
		}
		for _, u := range rt.Units {
			i := slices.IndexFunc(out, func(l SamplingLead) bool { return l.Unit == u })
			if i < 0 {
				out = append(out, SamplingLead{Unit: u, CampaignNo: no})
				i = len(out) - 1
			}
			if !slices.Contains(out[i].EntityIDs, entity) {
				out[i].EntityIDs = append(out[i].EntityIDs, entity)
			}
		}
	}
	add(StageMaking, s.ProducerID)
	add(StageSelling, s.SellerID)
	return out
}

// SamplingClue is the clue a failed sample gives its lead l on day today;
// names are the entities' names by id. The clue's SourceRef is the
// sampling's id, so the sampling must be stored first.
func (s Sampling) SamplingClue(l SamplingLead, names map[int64]string, today Date) Clue {
	var who []string
	for _, id := range l.EntityIDs {
		role := "销售者"
		if id == s.ProducerID {
			role = "生产者"
		}
		who = append(who, fmt.Sprintf("%s：%s", role, names[id]))
	}
	what := s.Product
	if d := strings.TrimSpace(strings.Join([]string{s.Brand, s.Model}, " ")); d != "" {
		what += "（" + d + "）"
	}
	if s.Batch != "" {
		what += "，批号 " + s.Batch
	}
	summary := fmt.Sprintf("监督抽检第 %d 号不合格：%s；不合格项目：%s；%s", s.ID, what, s.FailedItems, strings.Join(who, "；"))
	if r := []rune(summary); len(r) > MaxClueSummary {
		summary = string(r[:MaxClueSummary-1]) + "…"
	}
	c := Clue{PlanID: s.PlanID, Source: ClueFromSampling, SourceRef: fmt.Sprint(s.ID), ReceivedOn: today, LeadUnit: l.Unit,
		CampaignNo: l.CampaignNo, Summary: summary, Status: CluePending}
	if len(l.EntityIDs) > 0 {
		c.EntityID = l.EntityIDs[0]
	}
	return c
}

// SamplingCampaign is the campaign of a sample of category under plan p:
// the campaign whose categories hold it, as Route finds it; 0 when none.
func SamplingCampaign(p *Plan, category string) int {
	if p == nil {
		return 0
	}
	if rt := p.Route(category, StageSelling, false); rt.Campaign != nil {
		return rt.Campaign.No
	}
	return 0
}

// PassRate is the figures of a group of samplings: how many passed, failed
// (after any re-test) and wait for the lab. The rate is over the samples
// with a result.
type PassRate struct {
	Key     string // the campaign's number, the category or the village
	Passed  int
	Failed  int
	Pending int
}

// Add adds another group's samples to this one's (the key stays r's).
func (r PassRate) Add(o PassRate) PassRate {
	r.Passed, r.Failed, r.Pending = r.Passed+o.Passed, r.Failed+o.Failed, r.Pending+o.Pending
	return r
}

// Total is every sample of the group.
func (r PassRate) Total() int { return r.Passed + r.Failed + r.Pending }

// Tested is the samples with a result.
func (r PassRate) Tested() int { return r.Passed + r.Failed }

// Percent is the pass rate in tenths of a percent (1000 is 100.0 %),
// rounded half up; ok is false when no sample has a result.
func (r PassRate) Percent() (tenths int, ok bool) {
	if r.Tested() == 0 {
		return 0, false
	}
	return (r.Passed*2000 + r.Tested()) / (2 * r.Tested()), true
}

// Rate words the pass rate: "87.5%", or "—" when nothing was tested.
func (r PassRate) Rate() string {
	t, ok := r.Percent()
	if !ok {
		return "—"
	}
	return fmt.Sprintf("%d.%d%%", t/10, t%10)
}
