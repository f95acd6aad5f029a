package dajia

import (
	"math/big"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Case clocks (市场监督管理行政处罚程序规定, 2018, as amended 2021 and 2022,
// 第64条): a case under the ordinary procedure is decided within 90 days of
// 立案; the head may approve one extension of 30 days; a longer one needs
// the heads' collective discussion, which fixes how long. The time of
// hearings, announcements, testing, inspection, quarantine, appraisal and
// the right holder's identification does not count (ExcludedDays).
// Periods in days do not count their first day and end on the next
// working day when the last falls on a rest day or holiday.
//
// The penalty information is published within 20 working days of the
// decision (市场监督管理行政处罚信息公示规定 第6条).
//
// Transfer to the police (行政执法机关移送涉嫌犯罪案件的规定 第5条, 第8条,
// 第9条): the head decides within 3 days of the report, an approved
// transfer is sent within 24 hours, and the police review it within 3 days
// of receipt and answer in writing (立案, or 不立案 with the reason).
const (
	CaseDecideDays        = 90
	CaseExtensionDays     = 30
	CasePublishWorkdays   = 20
	TransferDecideDays    = 3
	TransferSendHours     = 24
	PoliceAnswerDays      = 3
	MaxCaseNote           = 2000
	MaxCaseNumberSequence = 99999
)

// FormatCaseNumber writes a case number of the unit's series: the unit's
// prefix, the year in 〔〕 and the sequence: 中港质监罚〔2017〕12号.
func FormatCaseNumber(prefix string, year, seq int) string {
	return prefix + "〔" + strconv.Itoa(year) + "〕" + strconv.Itoa(seq) + "号"
}

// CheckCasePrefix validates a unit's case number prefix: Chinese
// characters and letters, no digits or brackets.
func CheckCasePrefix(prefix string) error {
	if strings.TrimSpace(prefix) == "" {
		return Errorf(Invalid, "prefix", "请填写案件编号的前缀（如“中港质监罚”）")
	}
	for _, r := range prefix {
		if !unicode.Is(unicode.Han, r) && !unicode.IsLetter(r) {
			return Errorf(Invalid, "prefix", "案件编号前缀只能含汉字和字母，不能含 %q", string(r))
		}
	}
	if utf8.RuneCountInString(prefix) > 20 {
		return Errorf(Invalid, "prefix", "案件编号前缀最多 %d 个字", 20)
	}
	return nil
}

// ParseCaseNumber reads a case number into its prefix, year and sequence.
// It accepts the brackets 〔〕 and the ones often typed instead ([], 【】,
// （）, ()), and 号 may be left off; FormatCaseNumber writes it back in the
// proper form.
func ParseCaseNumber(s string) (prefix string, year, seq int, err error) {
	bad := func() (string, int, int, error) {
		return "", 0, 0, Errorf(Invalid, "number", "案件编号“%s”格式不对，应如“中港质监罚〔2017〕12号”", s)
	}
	t := strings.TrimSpace(s)
	open, close := -1, -1
	for i, r := range t {
		switch r {
		case '〔', '[', '【', '（', '(':
			if open < 0 {
				open = i
			}
		case '〕', ']', '】', '）', ')':
			if open >= 0 && close < 0 {
				close = i
			}
		}
	}
	if open <= 0 || close < 0 {
		return bad()
	}
	prefix = t[:open]
	_, ow := utf8.DecodeRuneInString(t[open:])
	_, cw := utf8.DecodeRuneInString(t[close:])
	ys, rest := t[open+ow:close], strings.TrimSuffix(t[close+cw:], "号")
	if len(ys) != 4 || !digits(ys) || !digits(rest) || rest == "" || rest[0] == '0' || len(rest) > 5 {
		return bad()
	}
	year, _ = strconv.Atoi(ys)
	seq, _ = strconv.Atoi(rest)
	if year < 1990 || year > 2100 {
		return bad()
	}
	if err := CheckCasePrefix(prefix); err != nil {
		return bad()
	}
	return prefix, year, seq, nil
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// CheckCaseNumber validates a number against the unit's prefix and the
// year the case was opened.
func CheckCaseNumber(number, prefix string, year int) error {
	p, y, _, err := ParseCaseNumber(number)
	if err != nil {
		return err
	}
	if p != prefix {
		return Errorf(Invalid, "number", "案件编号的前缀应为本单位的“%s”", prefix)
	}
	if y != year {
		return Errorf(Invalid, "number", "案件编号的年份应为立案年份 %d", year)
	}
	return nil
}

// Violation is a type of violation a case concerns, stored as a code. The
// first three are the offences of the criminal thresholds.
type Violation string

const (
	ViolationFakeInferior        Violation = "fake_inferior"         // 生产、销售伪劣产品
	ViolationCounterfeitMark     Violation = "counterfeit_mark"      // 假冒注册商标
	ViolationSellCounterfeitMark Violation = "sell_counterfeit_mark" // 销售假冒注册商标的商品
	ViolationLabel               Violation = "label"                 // 产品标识标注违法
	ViolationUnlicensed          Violation = "unlicensed"            // 无证无照生产经营
	ViolationOther               Violation = "other"                 // 其他
)

// Violations lists the violation types in display order.
var Violations = []Violation{ViolationFakeInferior, ViolationCounterfeitMark, ViolationSellCounterfeitMark, ViolationLabel, ViolationUnlicensed, ViolationOther}

var violationNames = map[Violation]Text{
	ViolationFakeInferior:        "生产、销售伪劣产品",
	ViolationCounterfeitMark:     "假冒注册商标",
	ViolationSellCounterfeitMark: "销售假冒注册商标的商品",
	ViolationLabel:               "产品标识标注违法",
	ViolationUnlicensed:          "无证无照生产经营",
	ViolationOther:               "其他违法行为",
}

// Name is the violation as staff read it.
func (v Violation) Name() Text {
	return nameIn(violationNames, v)
}

// Goods is one line of the goods involved in a case.
type Goods struct {
	Name      string
	Brand     string
	Quantity  Amount
	Unit      string // 件, 箱, 千克 …
	UnitPrice Amount // yuan per unit
}

// mulAmount multiplies two amounts, rounding half up to the ten-thousandth;
// false when the product does not fit.
func mulAmount(a, b Amount) (Amount, bool) {
	p := new(big.Int).Mul(big.NewInt(int64(a)), big.NewInt(int64(b)))
	p.Add(p, big.NewInt(AmountScale/2))
	p.Quo(p, big.NewInt(AmountScale))
	if !p.IsInt64() {
		return 0, false
	}
	return Amount(p.Int64()), true
}

// Value is quantity × unit price, rounded to the ten-thousandth of a yuan.
// It is 0 when the product is too large to keep, which Check refuses.
func (g Goods) Value() Amount {
	v, _ := mulAmount(g.Quantity, g.UnitPrice)
	return v
}

// Check validates one line of goods.
func (g Goods) Check() error {
	switch {
	case strings.TrimSpace(g.Name) == "":
		return Errorf(Invalid, "goods", "请填写物品名称")
	case g.Quantity <= 0:
		return Errorf(Invalid, "goods", "“%s”的数量应大于 0", g.Name)
	case strings.TrimSpace(g.Unit) == "":
		return Errorf(Invalid, "goods", "请填写“%s”的计量单位", g.Name)
	case g.UnitPrice < 0:
		return Errorf(Invalid, "goods", "“%s”的单价不能为负数", g.Name)
	}
	if _, ok := mulAmount(g.Quantity, g.UnitPrice); !ok {
		return Errorf(Invalid, "goods", "“%s”的货值过大，请核对数量和单价", g.Name)
	}
	return nil
}

// CaseStatus is where a case stands.
type CaseStatus string

const (
	CaseOpened        CaseStatus = "opened"        // 立案
	CaseInvestigating CaseStatus = "investigating" // 调查取证
	CaseReviewing     CaseStatus = "reviewing"     // 案件审核
	CaseNotified      CaseStatus = "notified"      // 告知 (陈述申辩)
	CaseHearing       CaseStatus = "hearing"       // 听证
	CaseDecided       CaseStatus = "decided"       // 处罚决定
	CaseExecuted      CaseStatus = "executed"      // 执行完毕
	CaseNoPenalty     CaseStatus = "no_penalty"    // 不予处罚
	CaseTransferred   CaseStatus = "transferred"   // 移送公安
	CaseWithdrawn     CaseStatus = "withdrawn"     // 撤案
	CaseClosed        CaseStatus = "closed"        // 结案
)

var caseStatusNames = map[CaseStatus]Text{
	CaseOpened:        "已立案",
	CaseInvestigating: "调查取证",
	CaseReviewing:     "案件审核",
	CaseNotified:      "已告知（陈述申辩）",
	CaseHearing:       "听证",
	CaseDecided:       "已作出处罚决定",
	CaseExecuted:      "执行完毕",
	CaseNoPenalty:     "不予处罚",
	CaseTransferred:   "已移送公安",
	CaseWithdrawn:     "已撤案",
	CaseClosed:        "已结案",
}

// Name is the status as staff read it.
func (s CaseStatus) Name() Text {
	return nameIn(caseStatusNames, s)
}

// Decided reports whether the case is past its decision: the decision
// clock no longer runs.
func (s CaseStatus) Decided() bool {
	switch s {
	case CaseDecided, CaseExecuted, CaseNoPenalty, CaseTransferred, CaseWithdrawn, CaseClosed:
		return true
	}
	return false
}

// CaseAction is a step of a case.
type CaseAction string

const (
	CaseInvestigate     CaseAction = "investigate"      // 开始调查取证
	CaseReview          CaseAction = "review"           // 送案件审核
	CaseNotify          CaseAction = "notify"           // 告知拟处罚及陈述申辩、听证权利
	CaseHear            CaseAction = "hear"             // 当事人要求听证
	CaseDecide          CaseAction = "decide"           // 作出处罚决定 (head)
	CaseExecute         CaseAction = "execute"          // 执行完毕
	CaseClose           CaseAction = "close"            // 结案 (head)
	CaseNoPenaltyAction CaseAction = "no_penalty"       // 不予处罚 (head, reason)
	CaseWithdraw        CaseAction = "withdraw"         // 撤案 (head, reason)
	CaseExtend          CaseAction = "extend"           // 延长办案期限 30 日 (head)
	CaseExtendMore      CaseAction = "extend_more"      // 集体讨论决定继续延期 (head, record)
	CasePublish         CaseAction = "publish"          // 公示处罚信息
	TransferPropose     CaseAction = "transfer_propose" // 提请移送公安
	TransferApprove     CaseAction = "transfer_approve" // 批准移送 (head)
	TransferRefuse      CaseAction = "transfer_refuse"  // 不批准移送 (head, reason)
	TransferSend        CaseAction = "transfer_send"    // 移送公安
	PoliceFiled         CaseAction = "police_filed"     // 公安立案
	PoliceRefused       CaseAction = "police_refused"   // 公安不立案 (reason)
)

var caseActionNames = map[CaseAction]Text{
	CaseInvestigate:     "开始调查取证",
	CaseReview:          "送案件审核",
	CaseNotify:          "告知当事人",
	CaseHear:            "举行听证",
	CaseDecide:          "作出处罚决定",
	CaseExecute:         "执行完毕",
	CaseClose:           "结案",
	CaseNoPenaltyAction: "不予处罚",
	CaseWithdraw:        "撤案",
	CaseExtend:          "延长办案期限",
	CaseExtendMore:      "集体讨论决定继续延期",
	CasePublish:         "公示处罚信息",
	TransferPropose:     "提请移送公安",
	TransferApprove:     "批准移送",
	TransferRefuse:      "不批准移送",
	TransferSend:        "移送公安机关",
	PoliceFiled:         "公安机关立案",
	PoliceRefused:       "公安机关不予立案",
}

// Name is the step as staff read it.
func (a CaseAction) Name() Text {
	return nameIn(caseActionNames, a)
}

// caseEdge is a step of the lifecycle: from which statuses, to which, and
// what it needs.
type caseEdge struct {
	from   []CaseStatus
	to     CaseStatus
	head   bool // a head of the lead unit approves it
	reason bool // the note is required
}

var pending = []CaseStatus{CaseOpened, CaseInvestigating, CaseReviewing, CaseNotified, CaseHearing}

var caseEdges = map[CaseAction]caseEdge{
	CaseInvestigate:     {from: []CaseStatus{CaseOpened}, to: CaseInvestigating},
	CaseReview:          {from: []CaseStatus{CaseInvestigating}, to: CaseReviewing},
	CaseNotify:          {from: []CaseStatus{CaseReviewing}, to: CaseNotified},
	CaseHear:            {from: []CaseStatus{CaseNotified}, to: CaseHearing},
	CaseDecide:          {from: []CaseStatus{CaseNotified, CaseHearing}, to: CaseDecided, head: true},
	CaseExecute:         {from: []CaseStatus{CaseDecided}, to: CaseExecuted},
	CaseClose:           {from: []CaseStatus{CaseExecuted, CaseNoPenalty, CaseTransferred}, to: CaseClosed, head: true},
	CaseNoPenaltyAction: {from: []CaseStatus{CaseReviewing, CaseNotified, CaseHearing}, to: CaseNoPenalty, head: true, reason: true},
	CaseWithdraw:        {from: []CaseStatus{CaseOpened, CaseInvestigating, CaseReviewing}, to: CaseWithdrawn, head: true, reason: true},
}

// Next says where a lifecycle step leads from status s, or why it cannot
// be taken.
func (s CaseStatus) Next(a CaseAction) (CaseStatus, error) {
	e, ok := caseEdges[a]
	if !ok {
		return s, Errorf(NotFound, "", "没有这个操作")
	}
	if !slices.Contains(e.from, s) {
		return s, Errorf(Conflict, "status", "案件当前状态为“%s”，不能%s", s.Name(), a.Name())
	}
	return e.to, nil
}

// TransferStatus is where a transfer to the police stands.
type TransferStatus string

const (
	TransferNone     TransferStatus = ""          // none proposed
	TransferProposed TransferStatus = "proposed"  // waiting for the head (3 days)
	TransferApproved TransferStatus = "approved"  // to be sent (24 hours)
	TransferRefused  TransferStatus = "refused"   // the head did not approve, with the reason
	TransferSent     TransferStatus = "sent"      // waiting for the police's answer
	TransferFiled    TransferStatus = "filed"     // the police opened a criminal case
	TransferNotFiled TransferStatus = "not_filed" // the police did not, with the reason
)

var transferStatusNames = map[TransferStatus]Text{
	TransferNone:     "未提请移送",
	TransferProposed: "已提请移送，待负责人决定",
	TransferApproved: "已批准移送，待移送",
	TransferRefused:  "不批准移送",
	TransferSent:     "已移送，待公安机关答复",
	TransferFiled:    "公安机关已立案",
	TransferNotFiled: "公安机关不予立案",
}

// Name is the transfer's status as staff read it.
func (s TransferStatus) Name() Text {
	return nameIn(transferStatusNames, s)
}

// Transfer is a case's transfer to the police (移送公安).
type Transfer struct {
	Status     TransferStatus
	ProposedOn Date
	DecidedOn  Date
	ApprovedAt time.Time // starts the 24-hour clock
	SentAt     time.Time
	AnsweredOn Date
	Reason     string     // the head's reason for refusing, or the police's for not filing
	Resume     CaseStatus // the status the case returns to when the police do not file
}

// CaseStep is one step as the case's timeline and the audit trail keep it.
type CaseStep struct {
	Action string // the step: case.<Action> in the audit trail
	Note   string // the reason or note as written
}

// NoteText words the note of a step on the case's timeline. What people
// wrote stays as written; the further extension's note is "days record",
// the days being a number dajia writes.
func (c Case) NoteText(action, note string) Phrase {
	if days, rest, ok := strings.Cut(note, " "); action == string(CaseExtendMore) && ok && digits(days) {
		return Phrasef("延长 %s 日：%s", days, rest)
	}
	return Phrase{Key: note} // as written: no catalogue has it
}

// Case is an administrative case (案件) of a lead unit.
type Case struct {
	ID           int64
	Number       string // in the lead unit's series: 中港质监罚〔2017〕12号
	CampaignNo   int    // the plan's campaign; 0: none
	LeadUnit     string
	Cooperating  []string
	EntityID     int64
	ClueID       int64
	ActionID     int64 // the joint action (统一集中行动) it is tagged with; 0: none
	Violations   []Violation
	Goods        []Goods
	Sales        Amount // 销售金额
	Unsold       Amount // 尚未销售的货值金额
	Gains        Amount // 违法所得
	Fine         Amount // 罚款
	Confiscation Amount // 没收违法所得及非法财物的金额
	Marks        int    // how many registered trademarks were counterfeited

	// Facts for the major-case rules.
	CrossRegion  bool
	Injured      int
	Dead         int
	Media        bool   // media attention
	SupervisedBy string // the upper-level body supervising the case (督办)

	Status           CaseStatus
	OpenedOn         Date
	DecidedOn        Date // the penalty decision (处罚决定)
	NoPenaltyOn      Date // the decision not to punish (不予处罚)
	ClosedOn         Date
	PublishedOn      Date
	Extended         bool
	ExtraDays        int    // days of further extension by collective decision
	ExcludedDays     int    // days of hearing, testing, appraisal … not counted
	Reason           string // the reason of 不予处罚 or 撤案
	NoTransferReason string // why a case over a criminal threshold ends without transfer
	Transfer         Transfer
}

// Check validates what a case records.
func (c Case) Check() error {
	if c.Number != "" {
		if _, _, _, err := ParseCaseNumber(c.Number); err != nil {
			return err
		}
	}
	if c.LeadUnit == "" {
		return Errorf(Invalid, "lead_unit", "请选择主办单位")
	}
	if slices.Contains(c.Cooperating, c.LeadUnit) {
		return Errorf(Invalid, "cooperating", "主办单位不能同时是协办单位")
	}
	if len(c.Violations) == 0 {
		return Errorf(Invalid, "violations", "请选择违法行为类型")
	}
	for _, v := range c.Violations {
		if _, ok := violationNames[v]; !ok {
			return Errorf(Invalid, "violations", "没有违法行为类型“%s”", string(v))
		}
	}
	for _, g := range c.Goods {
		if err := g.Check(); err != nil {
			return err
		}
	}
	for _, a := range []Amount{c.Sales, c.Unsold, c.Gains, c.Fine, c.Confiscation} {
		if a < 0 {
			return Errorf(Invalid, "amount", "金额不能为负数")
		}
	}
	if c.Marks < 0 || c.Injured < 0 || c.Dead < 0 {
		return Errorf(Invalid, "count", "人数和件数不能为负数")
	}
	return nil
}

// GoodsValue is the value of all the goods of the case.
func (c Case) GoodsValue() Amount {
	var sum Amount
	for _, g := range c.Goods {
		sum += g.Value()
	}
	return sum
}

// VisibleTo reports whether the actor may see the case: the office and
// leaders see all; a unit sees its own cases and those it cooperates on.
func (c Case) VisibleTo(a Actor) bool {
	if a.Role == RoleOffice || a.Role == RoleLeader {
		return true
	}
	for _, u := range append([]string{c.LeadUnit}, c.Cooperating...) {
		if a.SeesUnit(u) {
			return true
		}
	}
	return false
}

// HandledBy reports whether the actor may take the case's steps: the
// office, or the lead unit's officer or head.
func (c Case) HandledBy(a Actor) bool {
	return a.Role == RoleOffice || (a.Role == RoleOfficer || a.Role == RoleHead) && a.Unit == c.LeadUnit
}

// ApprovedBy reports whether the actor may approve the case's steps that
// need a head: the lead unit's head.
func (c Case) ApprovedBy(a Actor) bool {
	return a.Role == RoleHead && a.Unit == c.LeadUnit
}

func (c Case) may(a Actor, head bool) error {
	if !c.HandledBy(a) {
		return Errorf(Forbidden, "", "只有主办单位或打假办可以办理")
	}
	if head && !c.ApprovedBy(a) {
		return Errorf(Forbidden, "", "这一步须由主办单位负责人批准")
	}
	return nil
}

func caseNote(note string, required bool) (string, error) {
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > MaxCaseNote {
		return note, Errorf(Invalid, "note", "说明最多 %d 字", MaxCaseNote)
	}
	if required && note == "" {
		return note, Errorf(Invalid, "note", "这一步须写明原因")
	}
	return note, nil
}

// Advance takes a lifecycle step on day today. 不予处罚 and 撤案 need their
// reason. A case that crosses one of the criminal thresholds (rules) and
// was not transferred may be closed or withdrawn only with a written
// reason for not transferring (no 以罚代刑): the note.
func (c *Case) Advance(a Actor, act CaseAction, today Date, note string, rules []ThresholdRule) (CaseStep, error) {
	e, ok := caseEdges[act]
	if !ok {
		return CaseStep{}, Errorf(NotFound, "", "没有这个操作")
	}
	note, err := caseNote(note, e.reason)
	if err != nil {
		return CaseStep{}, err
	}
	if err := c.may(a, e.head); err != nil {
		return CaseStep{}, err
	}
	next, err := c.Status.Next(act)
	if err != nil {
		return CaseStep{}, err
	}
	if act == CaseClose && c.Status == CaseTransferred && c.Transfer.Status != TransferFiled {
		return CaseStep{}, Errorf(Conflict, "status", "移送状态为“%s”，公安机关立案后才能结案", c.Transfer.Status.Name())
	}
	noTransfer := (act == CaseClose || act == CaseWithdraw) && c.Transfer.Status != TransferFiled && len(c.Crossed(rules)) > 0
	if noTransfer && note == "" {
		return CaseStep{}, Errorf(Invalid, "note", "案件达到刑事追诉标准（%s）而未移送公安，须写明不移送的理由", sourcesOf(c.Crossed(rules)))
	}
	if (act == CaseClose || act == CaseWithdraw) && (c.Transfer.Status == TransferProposed || c.Transfer.Status == TransferApproved) {
		return CaseStep{}, Errorf(Conflict, "transfer", "移送状态为“%s”，须先办完移送", c.Transfer.Status.Name())
	}
	c.Status = next
	switch act {
	case CaseDecide:
		c.DecidedOn = today
	case CaseNoPenaltyAction:
		c.NoPenaltyOn, c.Reason = today, note
	case CaseWithdraw:
		c.ClosedOn, c.Reason = today, note
	case CaseClose:
		c.ClosedOn = today
	}
	if noTransfer {
		c.NoTransferReason = note
	}
	return CaseStep{Action: string(act), Note: note}, nil
}

// Steps says which steps the case's state allows the actor now: what the
// case's page offers. Nothing for an actor who does not handle it.
func (c Case) Steps(a Actor) map[CaseAction]bool {
	m := map[CaseAction]bool{}
	if !c.HandledBy(a) {
		return m
	}
	for act, e := range caseEdges {
		_, err := c.Status.Next(act)
		m[act] = err == nil && (!e.head || c.ApprovedBy(a))
	}
	head := c.ApprovedBy(a)
	running := slices.Contains(pending, c.Status)
	m[CaseExtend] = head && running && !c.Extended
	m[CaseExtendMore] = head && running && c.Extended
	m[CasePublish] = c.Status == CaseDecided || c.Status == CaseExecuted || c.Status == CaseClosed && !c.DecidedOn.IsZero()
	m[CasePublish] = m[CasePublish] && c.PublishedOn.IsZero()
	m[TransferPropose] = running && c.mayPropose()
	m[TransferApprove] = head && c.Transfer.Status == TransferProposed
	m[TransferRefuse] = m[TransferApprove]
	m[TransferSend] = c.Transfer.Status == TransferApproved
	m[PoliceFiled] = c.Transfer.Status == TransferSent
	m[PoliceRefused] = m[PoliceFiled]
	return m
}

// NoteRequired reports whether the step act needs its note on the case
// under the thresholds rules: the reason (不予处罚, 撤案, an extension, a
// refused transfer, the police not filing), the record of the collective
// decision, or why a case over a threshold ends without transfer.
func (c Case) NoteRequired(act CaseAction, rules []ThresholdRule) bool {
	switch act {
	case CaseExtend, CaseExtendMore, TransferRefuse, PoliceRefused:
		return true
	case CaseClose, CaseWithdraw:
		if c.Transfer.Status != TransferFiled && len(c.Crossed(rules)) > 0 {
			return true
		}
	}
	return caseEdges[act].reason
}

// Extend extends the decision's deadline by 30 days, once, with the head's
// approval and the reason.
func (c *Case) Extend(a Actor, note string) (CaseStep, error) {
	note, err := caseNote(note, true)
	if err != nil {
		return CaseStep{}, err
	}
	if err := c.may(a, true); err != nil {
		return CaseStep{}, err
	}
	if !slices.Contains(pending, c.Status) {
		return CaseStep{}, Errorf(Conflict, "status", "案件当前状态为“%s”，不能%s", c.Status.Name(), CaseExtend.Name())
	}
	if c.Extended {
		return CaseStep{}, Errorf(Conflict, "extend", "办案期限已延长过一次；继续延期须经负责人集体讨论决定")
	}
	c.Extended = true
	return CaseStep{Action: string(CaseExtend), Note: note}, nil
}

// ExtendMore extends the deadline further by days, after the 30-day
// extension, as the heads' collective discussion decided: the note records
// that decision.
func (c *Case) ExtendMore(a Actor, days int, note string) (CaseStep, error) {
	note, err := caseNote(note, true)
	if err != nil {
		return CaseStep{}, err
	}
	if err := c.may(a, true); err != nil {
		return CaseStep{}, err
	}
	if !slices.Contains(pending, c.Status) {
		return CaseStep{}, Errorf(Conflict, "status", "案件当前状态为“%s”，不能%s", c.Status.Name(), CaseExtendMore.Name())
	}
	if !c.Extended {
		return CaseStep{}, Errorf(Conflict, "extend", "须先经负责人批准延长 %d 日", CaseExtensionDays)
	}
	if days <= 0 || days > 365 {
		return CaseStep{}, Errorf(Invalid, "days", "延长的天数应在 1 到 %d 之间", 365)
	}
	c.ExtraDays += days
	return CaseStep{Action: string(CaseExtendMore), Note: strconv.Itoa(days) + " " + note}, nil
}

// Publish records that the penalty information was published on day today.
func (c *Case) Publish(a Actor, today Date) (CaseStep, error) {
	if err := c.may(a, false); err != nil {
		return CaseStep{}, err
	}
	if !c.Steps(a)[CasePublish] {
		return CaseStep{}, Errorf(Conflict, "status", "案件当前状态为“%s”，不能%s", c.Status.Name(), CasePublish.Name())
	}
	c.PublishedOn = today
	return CaseStep{Action: string(CasePublish)}, nil
}

func (c Case) mayPropose() bool {
	switch c.Transfer.Status {
	case TransferNone, TransferRefused, TransferNotFiled:
		return true
	}
	return false
}

// Move takes a step of the transfer to the police at time now: propose (the
// note says why), approve or refuse (the head; refusing needs the reason),
// send (within 24 hours of approval), and record the police's answer
// (不立案 needs their reason). Sending moves the case to 已移送公安; when
// the police do not file, the case goes back to where it was.
func (c *Case) Move(a Actor, act CaseAction, now time.Time, note string) (CaseStep, error) {
	head := act == TransferApprove || act == TransferRefuse
	note, err := caseNote(note, act == TransferRefuse || act == PoliceRefused)
	if err != nil {
		return CaseStep{}, err
	}
	if err := c.may(a, head); err != nil {
		return CaseStep{}, err
	}
	today := DateOf(now.In(ChinaTime))
	t := &c.Transfer
	refuse := func() (CaseStep, error) {
		return CaseStep{}, Errorf(Conflict, "transfer", "移送状态为“%s”，不能%s", t.Status.Name(), act.Name())
	}
	switch act {
	case TransferPropose:
		if !slices.Contains(pending, c.Status) {
			return CaseStep{}, Errorf(Conflict, "status", "案件当前状态为“%s”，不能%s", c.Status.Name(), act.Name())
		}
		if !c.mayPropose() {
			return refuse()
		}
		*t = Transfer{Status: TransferProposed, ProposedOn: today}
	case TransferApprove, TransferRefuse:
		if t.Status != TransferProposed {
			return refuse()
		}
		t.DecidedOn = today
		if act == TransferApprove {
			t.Status, t.ApprovedAt = TransferApproved, now
		} else {
			t.Status, t.Reason = TransferRefused, note
		}
	case TransferSend:
		if t.Status != TransferApproved {
			return refuse()
		}
		t.Status, t.SentAt, t.Resume = TransferSent, now, c.Status
		c.Status = CaseTransferred
	case PoliceFiled, PoliceRefused:
		if t.Status != TransferSent {
			return refuse()
		}
		t.AnsweredOn = today
		if act == PoliceFiled {
			t.Status = TransferFiled
		} else {
			t.Status, t.Reason, c.Status = TransferNotFiled, note, t.Resume
		}
	default:
		return CaseStep{}, Errorf(NotFound, "", "没有这个操作")
	}
	return CaseStep{Action: string(act), Note: note}, nil
}

// CaseDue is what must happen by a case's running deadline, stored as a
// code.
type CaseDue string

const (
	DueCaseDecide     CaseDue = "decide"          // 作出处理决定
	DueCasePublish    CaseDue = "publish"         // 公示行政处罚信息
	DueTransferDecide CaseDue = "transfer_decide" // 负责人决定是否移送
	DueTransferSend   CaseDue = "transfer_send"   // 批准后 24 小时内移送
	DuePoliceAnswer   CaseDue = "police_answer"   // 公安机关审查答复
)

var caseDueNames = map[CaseDue]Text{
	DueCaseDecide:     "作出处理决定",
	DueCasePublish:    "公示行政处罚信息",
	DueTransferDecide: "负责人决定是否移送公安",
	DueTransferSend:   "将案件移送公安机关",
	DuePoliceAnswer:   "公安机关答复是否立案",
}

// Text words what is due.
func (d CaseDue) Text() Text {
	return nameIn(caseDueNames, d)
}

// InWorkdays reports whether the deadline is counted in working days (the
// publication of the penalty, 20 working days) rather than in days.
func (d CaseDue) InWorkdays() bool { return d == DueCasePublish }

// Countdown is a deadline of this kind as people read it: in working
// days for the publication, in days for the others.
func (d CaseDue) Countdown(cal Workdays, today, due Date) Countdown {
	if d.InWorkdays() {
		return CountdownTo(cal, today, due)
	}
	return CountdownDays(today, due)
}

// CaseClock is one running deadline of a case.
type CaseClock struct {
	What    CaseDue
	Due     Date      // the last day
	DueAt   time.Time // for a clock in hours (the 24-hour transfer): the moment; zero otherwise
	Overdue bool      // today is past Due
}

// OverdueAt reports whether the deadline has passed at the moment now: by
// the hour for a clock in hours, by the day otherwise.
func (k CaseClock) OverdueAt(now time.Time) bool {
	if !k.DueAt.IsZero() {
		return now.After(k.DueAt)
	}
	return DateOf(now.In(ChinaTime)).After(k.Due)
}

// dayPeriodEnd is the end of a period of n days from day from: the first
// day is not counted, and a last day that is not a working day (a rest day
// or a holiday; a make-up working day counts as working) moves to the next
// working day.
func dayPeriodEnd(cal Workdays, from Date, n int) (Date, error) {
	d := from.AddDays(n)
	for {
		ok, err := cal.IsWorkday(d)
		if err != nil || ok {
			return d, err
		}
		d = d.AddDays(1)
	}
}

// Clocks lists the deadlines running on day today, earliest first.
func (c Case) Clocks(today Date, cal Workdays) ([]CaseClock, error) {
	var out []CaseClock
	add := func(what CaseDue, due Date, err error) error {
		if err != nil {
			return err
		}
		out = append(out, CaseClock{What: what, Due: due, Overdue: today.After(due)})
		return nil
	}
	if slices.Contains(pending, c.Status) && !c.OpenedOn.IsZero() {
		days := CaseDecideDays + c.ExcludedDays + c.ExtraDays
		if c.Extended {
			days += CaseExtensionDays
		}
		due, err := dayPeriodEnd(cal, c.OpenedOn, days)
		if err := add(DueCaseDecide, due, err); err != nil {
			return nil, err
		}
	}
	if !c.DecidedOn.IsZero() && c.PublishedOn.IsZero() && (c.Status == CaseDecided || c.Status == CaseExecuted || c.Status == CaseClosed) {
		due, err := addWorkdays(cal, c.DecidedOn, CasePublishWorkdays)
		if err := add(DueCasePublish, due, err); err != nil {
			return nil, err
		}
	}
	t := c.Transfer
	switch t.Status {
	case TransferProposed:
		due, err := dayPeriodEnd(cal, t.ProposedOn, TransferDecideDays)
		if err := add(DueTransferDecide, due, err); err != nil {
			return nil, err
		}
	case TransferApproved:
		at := t.ApprovedAt.Add(TransferSendHours * time.Hour)
		due := DateOf(at.In(ChinaTime))
		out = append(out, CaseClock{What: DueTransferSend, Due: due, DueAt: at, Overdue: today.After(due)})
	case TransferSent:
		due, err := dayPeriodEnd(cal, DateOf(t.SentAt.In(ChinaTime)), PoliceAnswerDays)
		if err := add(DuePoliceAnswer, due, err); err != nil {
			return nil, err
		}
	}
	slices.SortStableFunc(out, func(a, b CaseClock) int { return a.Due.Compare(b.Due) })
	return out, nil
}

// Clock is the earliest deadline running on day today; false when none
// runs.
func (c Case) Clock(today Date, cal Workdays) (CaseClock, bool, error) {
	cs, err := c.Clocks(today, cal)
	if err != nil || len(cs) == 0 {
		return CaseClock{}, false, err
	}
	return cs[0], true, nil
}
