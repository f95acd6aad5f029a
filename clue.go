package dajia

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// ClueSource is where a clue (线索) came from. Every source becomes one
// clue with the same legal clock. It is stored as a code.
type ClueSource string

const (
	ClueFromReport    ClueSource = "report"    // a 举报 tip; SourceRef is the tip's id
	ClueFromComplaint ClueSource = "complaint" // a 投诉 that reveals a violation; SourceRef is the tip's id
	// A 投诉 registered outside dajia (12315, a letter) that reveals a
	// violation; SourceRef is its register number, when it has one.
	ClueFromComplaintRecord ClueSource = "complaint_record"
	ClueFromReferral        ClueSource = "referral"   // 上级交办; SourceRef is the document number, ReferralDue its deadline
	ClueFromTransfer        ClueSource = "transfer"   // 其他部门移送; SourceRef is the sending unit
	ClueFromInspection      ClueSource = "inspection" // 监督检查
	ClueFromSampling        ClueSource = "sampling"   // 监督抽检
	ClueFromSurvey          ClueSource = "survey"     // 摸底排查
	ClueFromMonitoring      ClueSource = "monitoring" // 电商监测
)

var clueSourceNames = map[ClueSource]Text{
	ClueFromReport:          "举报",
	ClueFromComplaint:       "投诉中发现的违法行为",
	ClueFromComplaintRecord: "登记在外的投诉中发现的违法行为",
	ClueFromReferral:        "上级交办",
	ClueFromTransfer:        "其他部门移送",
	ClueFromInspection:      "监督检查",
	ClueFromSampling:        "监督抽检",
	ClueFromSurvey:          "摸底排查",
	ClueFromMonitoring:      "电商监测",
}

// ClueSources is every source in the order forms offer them.
func ClueSources() []ClueSource {
	return []ClueSource{ClueFromReport, ClueFromComplaint, ClueFromComplaintRecord, ClueFromReferral, ClueFromTransfer,
		ClueFromInspection, ClueFromSampling, ClueFromSurvey, ClueFromMonitoring}
}

// Name is the source as staff read it.
func (s ClueSource) Name() Text {
	return nameIn(clueSourceNames, s)
}

// Tip reports whether the clue is a tip's: its SourceRef is the tip's id.
func (s ClueSource) Tip() bool { return s == ClueFromReport || s == ClueFromComplaint }

// ClueStatus is where a clue stands: waiting for the decision whether to
// open a case, or decided (the Outcome says how).
type ClueStatus string

const (
	CluePending ClueStatus = "pending"
	ClueDecided ClueStatus = "decided"
)

// ClueOutcome is how a clue was decided. It is stored as a code.
type ClueOutcome string

const (
	ClueOpened    ClueOutcome = "case"     // 立案: CaseID is the case
	ClueNotOpened ClueOutcome = "no_case"  // 不予立案, with the reason
	ClueToUnit    ClueOutcome = "transfer" // 移送 another department: TransferTo is its unit key
	ClueToPolice  ClueOutcome = "police"   // 移送公安机关
	CluePoliceKey             = "police"   // TransferTo of a clue sent to the police
)

var clueStateNames = map[string]Text{
	string(CluePending):   "待决定是否立案",
	string(ClueOpened):    "已立案",
	string(ClueNotOpened): "不予立案",
	string(ClueToUnit):    "已移送其他部门",
	string(ClueToPolice):  "已移送公安机关",
}

// Legal clocks of a clue in working days (市场监督管理行政处罚程序规定:
// decide within 15 working days of receipt whether to open a case, once
// extendable by 15 with the head's approval).
const (
	ClueDecideDays    = 15
	ClueExtensionDays = 15
	MaxClueSummary    = 2000
	MaxClueRef        = 100
)

// Clue is one lead for enforcement from any source. A tip's clue links the
// tip by its id; the tip's text stays on the tip.
type Clue struct {
	ID          int64
	PlanID      string // the plan whose units the clue names
	Source      ClueSource
	SourceRef   string // the tip's id, the referral's document number, the sending unit's key, or the record's reference
	ReferralDue Date   // 上级交办: the referral's own deadline, when it sets one
	ReceivedOn  Date
	LeadUnit    string
	CampaignNo  int
	EntityID    int64
	Summary     string
	Status      ClueStatus
	Outcome     ClueOutcome
	Reason      string // why no case, or why transferred
	TransferTo  string // the unit key, or CluePoliceKey
	Extended    bool
	DecidedOn   Date
	CaseID      int64
	ActionID    int64   // the joint action (统一集中行动) it is tagged with; 0: none
	Due         Date    // the running deadline as last reckoned (Reclock); zero once decided
	DueWhat     ClueDue // what is due by then
}

// Reclock sets Due and DueWhat to the deadline running on day today, or
// clears them once the clue is decided.
func (c *Clue) Reclock(today Date, cal Workdays) error {
	k, _, err := c.Clock(today, cal)
	if err != nil {
		return err
	}
	c.Due, c.DueWhat = k.Due, k.What
	return nil
}

// ClueFromTip makes the clue of a tip for the lead unit: a 举报 keeps the
// day the tip was received (its clock is the clue's); a 投诉 that reveals a
// violation becomes a clue on day today.
func ClueFromTip(t Tip, lead string, today Date) (Clue, error) {
	c := Clue{Source: ClueFromReport, SourceRef: strconv.FormatInt(t.ID, 10), ReceivedOn: t.ReceivedOn,
		LeadUnit: lead, CampaignNo: t.CampaignNo, Status: CluePending}
	if t.Kind == TipComplaint {
		c.Source, c.ReceivedOn = ClueFromComplaint, today
	}
	return c, c.Check(today)
}

// TipID is the id of the clue's tip, for a tip's clue.
func (c Clue) TipID() (int64, bool) {
	if !c.Source.Tip() {
		return 0, false
	}
	id, err := strconv.ParseInt(c.SourceRef, 10, 64)
	return id, err == nil && id > 0
}

// Check trims the clue and refuses one that is not whole on day today.
func (c *Clue) Check(today Date) error {
	c.SourceRef, c.Summary, c.LeadUnit = strings.TrimSpace(c.SourceRef), strings.TrimSpace(c.Summary), strings.TrimSpace(c.LeadUnit)
	if _, ok := clueSourceNames[c.Source]; !ok {
		return Errorf(Invalid, "source", "请选择线索来源")
	}
	switch c.Source {
	case ClueFromReport, ClueFromComplaint:
		if _, ok := c.TipID(); !ok {
			return Errorf(Invalid, "source_ref", "请选择线索来源的举报投诉")
		}
	case ClueFromReferral:
		if c.SourceRef == "" {
			return Errorf(Invalid, "source_ref", "上级交办的线索须填写交办文号")
		}
	case ClueFromTransfer:
		if c.SourceRef == "" {
			return Errorf(Invalid, "source_ref", "请填写移送线索的部门")
		}
	}
	if c.Source != ClueFromReferral && !c.ReferralDue.IsZero() {
		return Errorf(Invalid, "referral_due", "只有上级交办的线索有交办期限")
	}
	switch {
	case utf8.RuneCountInString(c.SourceRef) > MaxClueRef:
		return Errorf(Invalid, "source_ref", "来源编号最多 %d 个字", MaxClueRef)
	case c.ReceivedOn.IsZero() || c.ReceivedOn.After(today):
		return Errorf(Invalid, "received_on", "收到日期不能为空，也不能晚于今天")
	case !c.ReferralDue.IsZero() && c.ReferralDue.Before(c.ReceivedOn):
		return Errorf(Invalid, "referral_due", "交办期限不能早于收到日期")
	case c.LeadUnit == "":
		return Errorf(Invalid, "lead_unit", "请选择承办单位")
	case c.Summary == "" && !c.Source.Tip():
		return Errorf(Invalid, "summary", "请简要说明线索内容")
	case utf8.RuneCountInString(c.Summary) > MaxClueSummary:
		return Errorf(Invalid, "summary", "线索内容最多 %d 字", MaxClueSummary)
	}
	if c.Status == "" {
		c.Status = CluePending
	}
	return nil
}

// StatusName is the clue's state as staff read it: pending, or its outcome.
func (c Clue) StatusName() Text {
	k := string(c.Status)
	if c.Status == ClueDecided {
		k = string(c.Outcome)
	}
	return nameIn(clueStateNames, k)
}

// ClueDue is what must happen by a clue's deadline. It is stored as a code.
type ClueDue string

const (
	ClueDueDecide   ClueDue = "decide"   // the legal 15 (or 30) working days
	ClueDueReferral ClueDue = "referral" // the upper level's deadline, earlier than the legal one
)

var clueDueNames = map[ClueDue]Text{
	ClueDueDecide:   "作出是否立案的决定",
	ClueDueReferral: "在上级交办期限内作出是否立案的决定",
}

// Text words what is due.
func (d ClueDue) Text() Text {
	return nameIn(clueDueNames, d)
}

// ClueClock is a clue's running deadline.
type ClueClock struct {
	Due     Date
	What    ClueDue
	Overdue bool // today is after Due
}

// Clock is the deadline running on day today while the clue waits for its
// decision: 15 working days after the day of receipt, 30 once extended; an
// upper-level referral's own deadline when it is earlier. It answers false
// once the clue is decided.
func (c Clue) Clock(today Date, cal Workdays) (ClueClock, bool, error) {
	if c.Status != CluePending {
		return ClueClock{}, false, nil
	}
	days := ClueDecideDays
	if c.Extended {
		days += ClueExtensionDays
	}
	due, err := addWorkdays(cal, c.ReceivedOn, days)
	if err != nil {
		return ClueClock{}, false, err
	}
	k := ClueClock{Due: due, What: ClueDueDecide}
	if !c.ReferralDue.IsZero() && c.ReferralDue.Before(due) {
		k.Due, k.What = c.ReferralDue, ClueDueReferral
	}
	k.Overdue = today.After(k.Due)
	return k, true, nil
}

// VisibleTo reports whether the actor may see the clue: the office and
// leaders see all, a unit the clues it leads.
func (c Clue) VisibleTo(a Actor) bool {
	unit, all := a.UnitScope()
	return all || (unit != "" && unit == c.LeadUnit)
}

// HandledBy reports whether the actor may decide the clue: the office, or
// the lead unit's officer or head.
func (c Clue) HandledBy(a Actor) bool {
	if a.Role == RoleOffice {
		return true
	}
	return (a.Role == RoleOfficer || a.Role == RoleHead) && a.Unit != "" && a.Unit == c.LeadUnit
}

// Steps says, by name, which steps the clue allows the actor now: what
// the clue's page offers. Nothing for an actor who does not handle it; the
// extension only to the lead unit's head.
func (c Clue) Steps(a Actor) map[string]bool {
	m := map[string]bool{}
	if !c.HandledBy(a) {
		return m
	}
	pending := c.Status == CluePending
	m["open"], m["decline"], m["transfer"] = pending, pending, pending
	m["extend"] = pending && !c.Extended && a.Role == RoleHead
	return m
}

// ClueStep is one step as the clue's history and the audit trail keep it.
type ClueStep struct {
	Action string // clue.<Action> in the audit trail: open, decline, transfer, extend
	Note   string // the reason as written; the case id of open; the unit key of transfer
}

// decide checks what every outcome needs: an actor who handles the clue, a
// clue still pending, a note within bounds.
func (c Clue) decide(a Actor, note string) (string, error) {
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > MaxTipNote {
		return note, Errorf(Invalid, "note", "说明最多 %d 字", MaxTipNote)
	}
	if !c.HandledBy(a) {
		return note, Errorf(Forbidden, "", "只有承办单位或打假办可以办理")
	}
	if c.Status != CluePending {
		return note, Errorf(Conflict, "status", "线索当前为“%s”，不能执行该操作", c.StatusName())
	}
	return note, nil
}

// Open records 立案 on day today: the clue opened the case caseID.
func (c *Clue) Open(a Actor, today Date, caseID int64) (ClueStep, error) {
	if _, err := c.decide(a, ""); err != nil {
		return ClueStep{}, err
	}
	if caseID <= 0 {
		return ClueStep{}, Errorf(Invalid, "case", "立案须关联案件")
	}
	c.Status, c.Outcome, c.CaseID, c.DecidedOn = ClueDecided, ClueOpened, caseID, today
	return ClueStep{Action: "open", Note: strconv.FormatInt(caseID, 10)}, nil
}

// Decline records 不予立案 on day today, with its reason.
func (c *Clue) Decline(a Actor, today Date, reason string) (ClueStep, error) {
	reason, err := c.decide(a, reason)
	if err != nil {
		return ClueStep{}, err
	}
	if reason == "" {
		return ClueStep{}, Errorf(Invalid, "note", "不予立案须写明理由")
	}
	c.Status, c.Outcome, c.Reason, c.DecidedOn = ClueDecided, ClueNotOpened, reason, today
	return ClueStep{Action: "decline", Note: reason}, nil
}

// Transfer sends the clue on day today to another department of the plan p
// (by key, name or alias) or, given CluePoliceKey, to the police; the
// reason is kept when given.
func (c *Clue) Transfer(a Actor, p *Plan, today Date, to, reason string) (ClueStep, error) {
	reason, err := c.decide(a, reason)
	if err != nil {
		return ClueStep{}, err
	}
	outcome, key := ClueToPolice, CluePoliceKey
	if to = strings.TrimSpace(to); to != CluePoliceKey {
		ref, ok := p.Lookup(to)
		if !ok {
			return ClueStep{}, Errorf(Invalid, "to", "方案中没有单位 %q", to)
		}
		if ref.Unit.Key == c.LeadUnit || ref.Unit.Key == OfficeKey {
			return ClueStep{}, Errorf(Invalid, "to", "请选择移送的其他部门或公安机关")
		}
		outcome, key = ClueToUnit, ref.Unit.Key
	}
	c.Status, c.Outcome, c.TransferTo, c.Reason, c.DecidedOn = ClueDecided, outcome, key, reason, today
	return ClueStep{Action: "transfer", Note: key}, nil
}

// Extend lengthens the time to decide by 15 working days, once, with the
// reason and the approval of the lead unit's head (负责人批准).
func (c *Clue) Extend(a Actor, reason string) (ClueStep, error) {
	reason, err := c.decide(a, reason)
	if err != nil {
		return ClueStep{}, err
	}
	if reason == "" {
		return ClueStep{}, Errorf(Invalid, "note", "这一步须写明原因")
	}
	if c.Extended {
		return ClueStep{}, Errorf(Conflict, "status", "线索的立案期限只能延长一次")
	}
	if a.Role != RoleHead {
		return ClueStep{}, Errorf(Forbidden, "", "延长期限须经负责人批准")
	}
	c.Extended = true
	return ClueStep{Action: "extend", Note: reason}, nil
}

// NoteText words the note of a step in the clue's history: the receiving
// unit of a transfer by its name under the plan p; what people wrote as
// written.
func (c Clue) NoteText(p *Plan, action, note string) Phrase {
	switch {
	case action == "transfer" && note == CluePoliceKey:
		return Phrasef("已移送公安机关")
	case action == "transfer" && p != nil:
		return Phrasef("移送%s", p.DisplayName(note))
	case action == "open":
		return Phrasef("立案，案件第 %s 号", note)
	case action == "entity" && note == "0":
		return Phrasef("不再关联市场主体")
	case action == "entity":
		return Phrasef("市场主体改为第 %s 号", note)
	}
	return Phrase{Key: note}
}

// SetEntity names, changes or (given 0) clears the market entity the clue
// is about: by those who handle it, while it waits for its decision.
func (c *Clue) SetEntity(a Actor, id int64) (ClueStep, error) {
	if _, err := c.decide(a, ""); err != nil {
		return ClueStep{}, err
	}
	if id < 0 {
		return ClueStep{}, Errorf(Invalid, "entity_id", "请选择市场主体")
	}
	if id == c.EntityID {
		return ClueStep{}, Errorf(Invalid, "entity_id", "线索已是这个市场主体")
	}
	c.EntityID = id
	return ClueStep{Action: "entity", Note: strconv.FormatInt(id, 10)}, nil
}

// TypedIn reports whether staff type a clue of this source in on its own
// form (a tip becomes its clue from the tip).
func (s ClueSource) TypedIn() bool {
	_, ok := clueSourceNames[s]
	return ok && !s.Tip()
}
