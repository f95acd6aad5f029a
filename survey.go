package dajia

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Surveys (排查摸底): in the plan's 宣传部署 phase village market
// supervisors (村组市场监督员) and the units survey the market; each finding
// says where (village, market entity), what (product category) and what is
// wrong, with photos. One click makes a finding the clue of the lead of the
// campaign that covers its category.

// SurveyProblem is what a finding found wrong. It is stored as a code; the
// list is the plan's own words for what its campaigns fight (假冒商标,
// 未经强制性产品认证, 标签标识, 索证索票 and 进货台账, 三无产品).
type SurveyProblem string

const (
	ProblemUnlicensed SurveyProblem = "unlicensed" // 无证无照经营
	ProblemTrademark  SurveyProblem = "trademark"  // 假冒商标
	ProblemNoCCC      SurveyProblem = "no_ccc"     // 无 3C 标志
	ProblemLabel      SurveyProblem = "label"      // 标签标识不全
	ProblemSanwu      SurveyProblem = "sanwu"      // 三无产品
	ProblemExpired    SurveyProblem = "expired"    // 过期变质
	ProblemShoddy     SurveyProblem = "shoddy"     // 以假充真、以次充好
	ProblemNoLedger   SurveyProblem = "no_ledger"  // 无进货台账、未索证索票
	ProblemOther      SurveyProblem = "other"      // 其他
)

var surveyProblemNames = map[SurveyProblem]Text{
	ProblemUnlicensed: "无证无照",
	ProblemTrademark:  "假冒商标",
	ProblemNoCCC:      "无3C标志",
	ProblemLabel:      "标签不全",
	ProblemSanwu:      "三无产品",
	ProblemExpired:    "过期变质",
	ProblemShoddy:     "以假充真、以次充好",
	ProblemNoLedger:   "无进货台账、未索证索票",
	ProblemOther:      "其他",
}

// SurveyProblems is every problem in the order forms offer them.
func SurveyProblems() []SurveyProblem {
	return []SurveyProblem{ProblemUnlicensed, ProblemTrademark, ProblemNoCCC, ProblemLabel, ProblemSanwu, ProblemExpired,
		ProblemShoddy, ProblemNoLedger, ProblemOther}
}

// Name is the problem as people read it.
func (p SurveyProblem) Name() Text { return nameIn(surveyProblemNames, p) }

// SurveyStatus is where a finding stands.
type SurveyStatus string

const (
	SurveyOpen  SurveyStatus = "open"  // recorded, not yet acted on
	SurveyClue  SurveyStatus = "clue"  // turned into a clue: ClueID
	SurveyClear SurveyStatus = "clear" // checked: no problem (核查无问题), with the note
)

var surveyStatusNames = map[SurveyStatus]Text{
	SurveyOpen:  "待处理",
	SurveyClue:  "已转为线索",
	SurveyClear: "核查无问题",
}

// SurveyStatuses is every status in order.
func SurveyStatuses() []SurveyStatus { return []SurveyStatus{SurveyOpen, SurveyClue, SurveyClear} }

// Name is the status as people read it.
func (s SurveyStatus) Name() Text { return nameIn(surveyStatusNames, s) }

// Bounds of a finding.
const (
	MaxSurveyDescription = MaxClueSummary // it becomes the clue's summary
	MaxSurveyVillage     = 50
	MaxSurveyEntityName  = 100
	MaxSurveyAddress     = 200
	MaxSurveyNote        = 500
	MaxSurveyPhotos      = MaxTipPhotos
)

// Survey is one finding of the survey (排查摸底).
type Survey struct {
	ID         int64
	PlanID     string
	FoundOn    Date
	Unit       string // the recording unit's key; OfficeKey for the office
	RecordedBy int64  // the recording account
	Recorder   string // its login name
	Village    string
	// The market entity: by id when it is registered, else by the name and
	// address as seen (EntityID 0).
	EntityID      int64
	EntityName    string
	EntityAddress string
	Category      string // one of the plan's categories
	Stage         string // StageSelling or StageMaking: which lead of a split campaign
	Problems      []SurveyProblem
	Description   string
	Status        SurveyStatus
	ClueID        int64
	ClueUnit      string // the clue's lead unit, which reads the finding behind its clue
	Note          string // why no problem, once cleared
	Photos        int    // how many photos come with it (checked on create)
}

// Villages is the villages and communities the plan lists as units: the
// places a finding may name. None means a village is typed in.
func (p *Plan) Villages() []string {
	var out []string
	for _, u := range p.Units {
		if u.Kind == "village" || u.Kind == "community" {
			out = append(out, u.Name)
		}
	}
	return out
}

// HomeVillage is the village a unit's account surveys by default: its
// unit's name when the unit is one of the plan's villages.
func (p *Plan) HomeVillage(unit string) string {
	if r, ok := p.Lookup(unit); ok && r.Class == ClassUnit && (r.Unit.Kind == "village" || r.Unit.Kind == "community") {
		return r.Unit.Name
	}
	return ""
}

// controlFree reports whether s is valid text without control characters
// other than line breaks and tabs.
func controlFree(s string) bool { return Readable(s) }

// Check trims the finding and checks it against the plan p on day today.
// It answers every field's problem, not only the first.
func (s *Survey) Check(p *Plan, today Date) error {
	var errs FieldErrors
	bad := func(field, zh string, args ...any) {
		errs = append(errs, FieldErrorf(field, "invalid", zh, args...))
	}
	unreadable := map[string]bool{}
	for _, f := range []struct {
		name string
		v    *string
	}{{"village", &s.Village}, {"entity_name", &s.EntityName}, {"entity_address", &s.EntityAddress}, {"category", &s.Category},
		{"stage", &s.Stage}, {"description", &s.Description}} {
		*f.v = strings.TrimSpace(*f.v)
		if !controlFree(*f.v) {
			bad(f.name, "内容含有无法识别的字符")
			unreadable[f.name] = true
		}
	}
	switch {
	case s.FoundOn.IsZero():
		bad("found_on", "请填写排查日期")
	case s.FoundOn.After(today):
		bad("found_on", "排查日期不能晚于今天")
	case p.Year != 0 && s.FoundOn.Year != p.Year:
		bad("found_on", "排查日期应在方案年度 %d 年内", p.Year)
	}
	villages := p.Villages()
	switch {
	case unreadable["village"]:
	case len(villages) > 0 && !slices.Contains(villages, s.Village):
		bad("village", "请从列表中选择村（社区）")
	case s.Village == "":
		bad("village", "请填写村（社区）")
	case utf8.RuneCountInString(s.Village) > MaxSurveyVillage:
		bad("village", "村（社区）最多 %d 个字", MaxSurveyVillage)
	}
	switch {
	case s.EntityID < 0:
		bad("entity_id", "请选择市场主体")
	case s.EntityID == 0 && s.EntityName == "" && !unreadable["entity_name"]:
		bad("entity_name", "请选择市场主体，或填写经营者名称")
	}
	if s.EntityID > 0 {
		// A registered entity is named by its record: what was typed is dropped.
		s.EntityName, s.EntityAddress = "", ""
	}
	if utf8.RuneCountInString(s.EntityName) > MaxSurveyEntityName {
		bad("entity_name", "经营者名称最多 %d 个字", MaxSurveyEntityName)
	}
	if utf8.RuneCountInString(s.EntityAddress) > MaxSurveyAddress {
		bad("entity_address", "地址最多 %d 个字", MaxSurveyAddress)
	}
	if !unreadable["category"] && !slices.Contains(p.Categories(), s.Category) {
		bad("category", "请从列表中选择产品类别（没有合适的选“其他”）")
	}
	if s.Stage == "" {
		s.Stage = StageSelling
	}
	if !unreadable["stage"] && s.Stage != StageMaking && s.Stage != StageSelling {
		bad("stage", "请选择是生产环节还是销售环节的问题")
	}
	seen := map[SurveyProblem]bool{}
	for _, pr := range s.Problems {
		if _, ok := surveyProblemNames[pr]; !ok || seen[pr] {
			bad("problems", "请从列表中选择发现的问题")
			break
		}
		seen[pr] = true
	}
	if len(s.Problems) == 0 {
		bad("problems", "请至少选择一项发现的问题")
	}
	// Kept in the list's order, whatever order they came in.
	s.Problems = slices.DeleteFunc(SurveyProblems(), func(p SurveyProblem) bool { return !seen[p] })
	if !unreadable["description"] {
		if n := utf8.RuneCountInString(s.Description); n == 0 || n > MaxSurveyDescription {
			bad("description", "请用 1 到 %d 个字描述发现的情况", MaxSurveyDescription)
		}
	}
	if s.Photos > MaxSurveyPhotos {
		bad("photos", "最多上传 %d 张照片", MaxSurveyPhotos)
	}
	if s.Status == "" {
		s.Status = SurveyOpen
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// MayRecordSurvey reports whether the actor records findings: the office,
// and a unit's officer, head or village supervisor, for their own unit.
func (a Actor) MayRecordSurvey() bool {
	switch a.Role {
	case RoleOffice:
		return true
	case RoleOfficer, RoleHead, RoleSupervisor:
		return a.Unit != ""
	}
	return false
}

// SurveyUnit is the unit a finding the actor records belongs to.
func (a Actor) SurveyUnit() string {
	if a.Role == RoleOffice {
		return OfficeKey
	}
	return a.Unit
}

// VisibleTo reports whether the actor may read the finding: the office and
// leaders every one; a unit's accounts (a supervisor included) every
// finding of their unit; the lead unit of the finding's clue that finding,
// which is its clue's evidence.
func (s Survey) VisibleTo(a Actor) bool {
	unit, all := a.UnitScope()
	return all || (unit != "" && (unit == s.Unit || unit == s.ClueUnit))
}

// HandledBy reports whether the actor may act on the finding (turn it into
// a clue, or close it as no problem): the office; the recording unit's
// officer or head; and the supervisor who recorded it, whose work
// (DESIGN.md) is to record findings and leads. Another supervisor of the
// unit reads it but leaves it to its recorder or the unit.
func (s Survey) HandledBy(a Actor) bool {
	switch a.Role {
	case RoleOffice:
		return true
	case RoleOfficer, RoleHead:
		return a.Unit != "" && a.Unit == s.Unit
	case RoleSupervisor:
		return a.Unit != "" && a.Unit == s.Unit && a.UserID != 0 && a.UserID == s.RecordedBy
	}
	return false
}

// Steps says which steps the finding allows the actor now.
func (s Survey) Steps(a Actor) map[string]bool {
	open := s.Status == SurveyOpen && s.HandledBy(a)
	return map[string]bool{"clue": open, "clear": open, "edit": open}
}

// Edit replaces what the finding records (day, village, entity, category,
// stage, problems, description) with what e holds, while it is open: once
// it is a clue or closed, what was found is what the clue and the check
// went on. Who may: those who may act on it. The caller checks e.
func (s *Survey) Edit(a Actor, e Survey) error {
	if err := s.act(a); err != nil {
		return err
	}
	s.FoundOn, s.Village, s.EntityID, s.EntityName, s.EntityAddress = e.FoundOn, e.Village, e.EntityID, e.EntityName, e.EntityAddress
	s.Category, s.Stage, s.Problems, s.Description = e.Category, e.Stage, e.Problems, e.Description
	return nil
}

func (s Survey) act(a Actor) error {
	if !s.HandledBy(a) {
		return Errorf(Forbidden, "", "只有记录单位、记录人或打假办可以办理")
	}
	if s.Status != SurveyOpen {
		return Errorf(Conflict, "status", "排查记录当前为“%s”，不能执行该操作", s.Status.Name())
	}
	return nil
}

// Clue makes the clue of the finding on day today under the plan p: for
// the lead of the campaign that covers its category and stage (the office
// when the plan routes it there: no campaign, an upper-level lead), with
// the legal clock from today, the finding's description as its summary.
func (s Survey) Clue(a Actor, p *Plan, today Date) (Clue, error) {
	if err := s.act(a); err != nil {
		return Clue{}, err
	}
	rt := p.Route(s.Category, s.Stage, false)
	c := Clue{PlanID: s.PlanID, Source: ClueFromSurvey, SourceRef: strconv.FormatInt(s.ID, 10), ReceivedOn: today,
		LeadUnit: rt.Units[0], EntityID: s.EntityID, Summary: s.Description, Status: CluePending}
	if rt.Campaign != nil {
		c.CampaignNo = rt.Campaign.No
	}
	return c, c.Check(today)
}

// Clued records that the finding became the clue c.
func (s *Survey) Clued(a Actor, c Clue) error {
	if err := s.act(a); err != nil {
		return err
	}
	s.Status, s.ClueID, s.ClueUnit = SurveyClue, c.ID, c.LeadUnit
	return nil
}

// Clear closes the finding as no problem on check, with the note why.
func (s *Survey) Clear(a Actor, note string) error {
	if err := s.act(a); err != nil {
		return err
	}
	note = strings.TrimSpace(note)
	switch {
	case !controlFree(note):
		return Errorf(Invalid, "note", "内容含有无法识别的字符")
	case note == "":
		return Errorf(Invalid, "note", "请写明核查情况")
	case utf8.RuneCountInString(note) > MaxSurveyNote:
		return Errorf(Invalid, "note", "说明最多 %d 字", MaxSurveyNote)
	}
	s.Status, s.Note = SurveyClear, note
	return nil
}

// SurveyID is the id of the finding of a survey's clue.
func (c Clue) SurveyID() (int64, bool) {
	if c.Source != ClueFromSurvey {
		return 0, false
	}
	id, err := strconv.ParseInt(c.SourceRef, 10, 64)
	return id, err == nil && id > 0
}
