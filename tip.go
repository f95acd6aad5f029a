package dajia

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// TipKind separates the two legal tracks of what the public sends.
type TipKind string

const (
	// TipComplaint (投诉): a consumer's dispute with a business; the
	// complainant must be reachable. Accepted or refused within 7 working
	// days; mediation without agreement ends after 45.
	TipComplaint TipKind = "投诉"
	// TipReport (举报): a violation reported by anyone, anonymous allowed.
	// Verified and decided within 15 working days, extendable once by 15.
	TipReport TipKind = "举报"
)

// Tipster names who sent a tip of this kind: 投诉人 or 举报人.
func (k TipKind) Tipster() Text {
	if k == TipComplaint {
		return "投诉人"
	}
	return "举报人"
}

// ParseTipKind reads 投诉 or 举报 (or complaint/report).
func ParseTipKind(s string) (TipKind, error) {
	switch strings.TrimSpace(s) {
	case "投诉", "complaint":
		return TipComplaint, nil
	case "举报", "report":
		return TipReport, nil
	}
	return "", Errorf(Invalid, "kind", "类型应为“投诉”或“举报”")
}

// Stages: a tip is about the making or the selling of a product.
const (
	StageMaking  = "生产"
	StageSelling = "销售"
)

// OtherCategory is the public form's choice when no campaign category fits.
const OtherCategory = "其他"

// Legal clocks in working days.
const (
	ComplaintAcceptDays   = 7
	ComplaintMediateDays  = 45
	ReportDecideDays      = 15
	ReportExtensionDays   = 15
	TipsterNotifyDays     = 5
	DuplicateWindowDays   = 30
	MaxTipDescription     = 5000
	MaxTipPhotos          = 5
	MaxTipPhotoBytes      = 5 << 20
	MaxTipPhotoPixels     = 40_000_000
	TipTrackingCodeLength = 10
)

// Categories lists the product categories of the plan's campaigns in order,
// then 其他: what the public form offers.
func (p *Plan) Categories() []string {
	var out []string
	for _, c := range p.Campaigns {
		for _, cat := range c.Categories {
			if !slices.Contains(out, cat) {
				out = append(out, cat)
			}
		}
	}
	return append(out, OtherCategory)
}

// Routing is where a tip goes.
type Routing struct {
	Campaign *Campaign // nil when no campaign covers the category
	Units    []string  // the lead units that handle it; dajia.OfficeKey for the office's queue
	Notify   []string  // units told as well (the e-commerce lead for an online purchase)
	Reason   RouteReason
}

// RouteReason says why a tip went where it went. It is stored as a code;
// Text words it in either language from the tip and its plan.
type RouteReason string

const (
	RouteByCategory  RouteReason = "category"     // the campaign of the category, to its lead
	RouteNoCampaign  RouteReason = "no_campaign"  // no campaign covers the category: the office assigns
	RouteNoLead      RouteReason = "no_lead"      // the campaign has no lead for the stage: the office assigns
	RouteLeadUnknown RouteReason = "lead_unknown" // the lead is not among the plan's units: the office assigns
	RouteUpperLevel  RouteReason = "upper_level"  // the lead is an upper-level body: the office forwards
)

// Text words the reason for a tip of category and stage routed under the
// plan p to the campaign numbered no (0: none).
func (r RouteReason) Text(p *Plan, category, stage string, no int) Phrase {
	c, _ := p.CampaignByNo(no)
	switch r {
	case RouteByCategory:
		if c == nil {
			break
		}
		return Phrasef("按产品类别“%s”分派到专项 %d %s", category, c.No, c.Name)
	case RouteNoCampaign:
		return Phrasef("产品类别没有对应的专项，由打假办分派")
	case RouteNoLead:
		if c == nil {
			break
		}
		if stage == StageMaking {
			return Phrasef("专项 %d 没有负责生产领域的牵头部门，由打假办分派", c.No)
		}
		return Phrasef("专项 %d 没有负责流通领域的牵头部门，由打假办分派", c.No)
	case RouteLeadUnknown:
		return Phrasef("牵头部门不在方案的部门名单中，由打假办分派")
	case RouteUpperLevel:
		name := ""
		if c != nil {
			for _, l := range c.LeadsFor(stage) {
				if ref, ok := p.Lookup(l.Dept); ok && p.IsUpperLevel(ref.Unit) {
					name = ref.Unit.Name
					break
				}
			}
		}
		return Phrasef("牵头单位%s是上级机关，由打假办转交", name)
	}
	return Phrasef(string(r))
}

// LeadsFor is the campaign's leads for a tip about the stage: the lead
// whose scope fits (生产领域 for making, 流通领域 for selling) and every
// lead without a scope.
func (c *Campaign) LeadsFor(stage string) []Lead {
	want := ""
	switch stage {
	case StageMaking:
		want = ScopeProduction
	case StageSelling:
		want = ScopeCirculation
	}
	var leads []Lead
	for _, l := range c.Lead {
		if l.Scope == "" || l.Scope == want {
			leads = append(leads, l)
		}
	}
	return leads
}

// ToOffice reports whether the tip waits in the office's queue.
func (r Routing) ToOffice() bool { return len(r.Units) == 1 && r.Units[0] == OfficeKey }

// ECommerce finds the e-commerce campaign (电子商务产品专项打假), if any.
func (p *Plan) ECommerce() *Campaign {
	for i := range p.Campaigns {
		if strings.Contains(p.Campaigns[i].Name, "电子商务") || strings.Contains(p.Campaigns[i].Name, "电商") {
			return &p.Campaigns[i]
		}
	}
	return nil
}

// Route sends a tip by its category to the campaign that covers it, then to
// the lead whose scope fits the stage (生产领域 for making, 流通领域 for
// selling); co-responsible leads each get it. An upper-level lead, a
// missing lead or an unknown category sends it to the office's queue. An
// online purchase also tells the e-commerce campaign's lead.
func (p *Plan) Route(category, stage string, online bool) Routing {
	var rt Routing
	for i := range p.Campaigns {
		if slices.Contains(p.Campaigns[i].Categories, category) {
			rt.Campaign = &p.Campaigns[i]
			break // the first campaign in the plan's order; lint warns of overlaps
		}
	}
	office := func(reason RouteReason) Routing {
		rt.Units, rt.Reason = []string{OfficeKey}, reason
		return rt
	}
	if online {
		if ec := p.ECommerce(); ec != nil {
			for _, l := range ec.Lead {
				if r, ok := p.Lookup(l.Dept); ok && !p.IsUpperLevel(r.Unit) && !slices.Contains(rt.Notify, r.Unit.Key) {
					rt.Notify = append(rt.Notify, r.Unit.Key)
				}
			}
		}
	}
	if rt.Campaign == nil {
		return office(RouteNoCampaign)
	}
	leads := rt.Campaign.LeadsFor(stage)
	if len(leads) == 0 {
		return office(RouteNoLead)
	}
	for _, l := range leads {
		r, ok := p.Lookup(l.Dept)
		if !ok {
			return office(RouteLeadUnknown)
		}
		if p.IsUpperLevel(r.Unit) {
			return office(RouteUpperLevel)
		}
		if !slices.Contains(rt.Units, r.Unit.Key) {
			rt.Units = append(rt.Units, r.Unit.Key)
		}
	}
	rt.Notify = slices.DeleteFunc(rt.Notify, func(k string) bool { return slices.Contains(rt.Units, k) })
	rt.Reason = RouteByCategory
	return rt
}

// CheckCreditCode validates a 统一社会信用代码 (GB 32100-2015): 18
// characters of the code alphabet with two check characters. Characters 9
// to 17 are the 组织机构代码 (GB 11714), whose last character checks its
// first eight; the 18th checks the first seventeen. The message says which
// check failed: a mistyped organisation code fails its own check, a mistyped
// check character the code's.
func CheckCreditCode(code string) error {
	const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	weights := []int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
	code = strings.ToUpper(strings.TrimSpace(code))
	if utf8.RuneCountInString(code) != 18 {
		return Errorf(Invalid, "credit_code", "统一社会信用代码应为 18 位")
	}
	sum := 0
	for i, r := range code[:17] {
		v := strings.IndexRune(alphabet, r)
		if v < 0 {
			return Errorf(Invalid, "credit_code", "统一社会信用代码第 %d 位 %q 不是有效字符（不含 I、O、Z、S、V）", i+1, string(r))
		}
		sum += v * weights[i]
	}
	codeOK := rune(alphabet[(31-sum%31)%31]) == rune(code[17])
	orgOK := checkOrgCode(code[8:17])
	switch {
	case !codeOK && !orgOK:
		return Errorf(Invalid, "credit_code", "统一社会信用代码第 17 位（组织机构代码校验位）和第 18 位（统一社会信用代码校验位）都对不上，请核对是否抄错")
	case !orgOK:
		return Errorf(Invalid, "credit_code", "统一社会信用代码第 9 至 17 位的组织机构代码校验不通过（GB 11714），请核对是否抄错")
	case !codeOK:
		return Errorf(Invalid, "credit_code", "统一社会信用代码第 18 位校验位不对（GB 32100），请核对是否抄错")
	}
	return nil
}

// checkOrgCode checks a 组织机构代码 of nine characters (GB 11714-1997):
// the ninth is 11 minus the weighted sum of the first eight modulo 11,
// X for 10 and 0 for 11. Digits count as themselves, letters A to Z as 10
// to 35.
func checkOrgCode(org string) bool {
	weights := []int{3, 7, 9, 10, 5, 8, 4, 2}
	if len(org) != 9 {
		return false
	}
	sum := 0
	for i := range 8 {
		c := org[i]
		switch {
		case c >= '0' && c <= '9':
			sum += int(c-'0') * weights[i]
		case c >= 'A' && c <= 'Z':
			sum += int(c-'A'+10) * weights[i]
		default:
			return false
		}
	}
	want := byte('0' + (11-sum%11)%11)
	if r := 11 - sum%11; r == 10 {
		want = 'X'
	}
	return org[8] == want
}

// MaskName shows a name as its first character and stars: 张**.
func MaskName(name string) string {
	r := []rune(strings.TrimSpace(name))
	if len(r) == 0 {
		return ""
	}
	return string(r[0]) + strings.Repeat("*", max(len(r)-1, 1))
}

// MaskPhone keeps the first three and last four digits: 138****8000.
func MaskPhone(phone string) string {
	r := []rune(strings.TrimSpace(phone))
	if len(r) <= 7 {
		return strings.Repeat("*", len(r))
	}
	return string(r[:3]) + strings.Repeat("*", len(r)-7) + string(r[len(r)-4:])
}

// MaskID keeps the first and last characters of an ID number.
func MaskID(id string) string {
	r := []rune(strings.TrimSpace(id))
	if len(r) <= 2 {
		return strings.Repeat("*", len(r))
	}
	return string(r[0]) + strings.Repeat("*", len(r)-2) + string(r[len(r)-1])
}

// CheckPhone accepts a mainland mobile (11 digits starting with 1), a
// landline with its area code (starting with 0, 10 to 12 digits, an
// optional dash) or a local landline of 7 or 8 digits.
func CheckPhone(phone string) error {
	p := strings.ReplaceAll(strings.TrimSpace(phone), " ", "")
	digits := strings.Replace(p, "-", "", 1)
	for _, r := range digits {
		if r < '0' || r > '9' {
			return Errorf(Invalid, "phone", "电话号码只能含数字和一个“-”")
		}
	}
	n := len(digits)
	switch {
	case n == 11 && digits[0] == '1', n >= 10 && n <= 12 && digits[0] == '0', n == 7 || n == 8:
		return nil
	}
	return Errorf(Invalid, "phone", "电话号码应为 11 位手机号或带区号的固定电话")
}

// TipStatus is where a tip stands.
type TipStatus string

const (
	TipReceived TipStatus = "received" // waiting to be accepted (投诉) or verified (举报)
	TipAccepted TipStatus = "accepted" // 投诉 accepted, in mediation; 举报 being verified
	TipRefused  TipStatus = "refused"  // 投诉 not accepted, with the reason
	TipDecided  TipStatus = "decided"  // 举报: case opened or not; 投诉: mediation ended
	TipClosed   TipStatus = "closed"
)

// Name is the status as the public and staff read it.
func (s TipStatus) Name(kind TipKind) Text {
	switch s {
	case TipReceived:
		return "已收到，待处理"
	case TipAccepted:
		if kind == TipComplaint {
			return "已受理，调解中"
		}
		return "核查中"
	case TipRefused:
		return "不予受理"
	case TipDecided:
		if kind == TipComplaint {
			return "调解结束"
		}
		return "已作出处理决定"
	case TipClosed:
		return "已办结"
	}
	return Text(s)
}

// TipAction is a handling step.
type TipAction string

const (
	TipAccept TipAction = "accept" // 受理 / 开始核查
	TipRefuse TipAction = "refuse" // 不予受理 (投诉 only), reason required
	TipDecide TipAction = "decide" // 立案或不予立案 / 调解结束, reason required
	TipClose  TipAction = "close"  // 办结 (after telling a named tipster)
)

// Next says where a step leads, or why it cannot be taken.
func (s TipStatus) Next(kind TipKind, a TipAction) (TipStatus, error) {
	switch {
	case a == TipAccept && s == TipReceived:
		return TipAccepted, nil
	case a == TipRefuse && s == TipReceived && kind == TipComplaint:
		return TipRefused, nil
	case a == TipDecide && s == TipAccepted:
		return TipDecided, nil
	case a == TipClose && (s == TipDecided || s == TipRefused):
		return TipClosed, nil
	}
	return s, Errorf(Conflict, "status", "当前状态为“%s”，不能执行该操作", s.Name(kind))
}

// TipDue is what must happen by a tip's running deadline. It is stored as
// a code; Text words it.
type TipDue string

const (
	DueAccept  TipDue = "accept"  // 投诉: decide whether to accept it
	DueMediate TipDue = "mediate" // 投诉: mediation ends without agreement
	DueDecide  TipDue = "decide"  // 举报: verify and decide whether to open a case
	DueNotify  TipDue = "notify"  // 举报: tell a named tipster the outcome
)

// Text words what is due.
func (d TipDue) Text() Text {
	switch d {
	case DueAccept:
		return "决定是否受理投诉"
	case DueMediate:
		return "调解期满（未达成协议的终止调解）"
	case DueDecide:
		return "核查并作出是否立案的决定"
	case DueNotify:
		return "将处理结果告知实名举报人"
	}
	return Text(d)
}

// String is the Chinese text, for texts written in Chinese only (reminders,
// the Excel export).
func (d TipDue) String() string { return string(d.Text()) }

// TipClock is the running legal deadline of a tip.
type TipClock struct {
	Due  Date
	What TipDue
}

// Tip is a public tip or complaint (举报 / 投诉) as staff see it. The
// contact stays sealed (ContactSealed); only its masked form is shown.
type Tip struct {
	ID            int64
	Code          string
	SecretHash    string
	GroupCode     string
	PlanID        string
	PlanVersionID int64
	Source        string
	Kind          TipKind
	Category      string
	Stage         string
	Online        bool
	CampaignNo    int
	RouteReason   RouteReason
	BusinessName  string
	CreditCode    string
	Address       string
	Village       string
	Description   string
	OccurredOn    string
	Named         bool
	ContactSealed string
	ContactMasked string
	ReceivedAt    time.Time
	ReceivedOn    Date
	Status        TipStatus
	AcceptedOn    Date
	DecidedOn     Date
	ClosedOn      Date
	Decision      string
	PublicReply   string
	Extended      bool
	PausedSince   Date
	PausedDays    int
	Due           Date
	DueWhat       TipDue
	DuplicateOf   int64
	RewardGrade   int
	RewardFines   int64
	RewardAmount  int64
	Handlers      []string // units handling it now
	Notified      []string // units told of it
}

// RouteText words why the tip went where it went, under its plan.
func (t Tip) RouteText(p *Plan) Phrase {
	return t.RouteReason.Text(p, t.Category, t.Stage, t.CampaignNo)
}

// VisibleTo reports whether the actor may see the tip: the office and
// leaders see all; a unit sees the tips it handles or is told of.
func (t Tip) VisibleTo(a Actor) bool {
	if a.Role == RoleOffice || a.Role == RoleLeader {
		return true
	}
	for _, u := range append(slices.Clone(t.Handlers), t.Notified...) {
		if a.SeesUnit(u) {
			return true
		}
	}
	return false
}

// HandledBy reports whether the actor may take handling steps: the office,
// or the officer, head or supervisor of a handling unit.
func (t Tip) HandledBy(a Actor) bool {
	if a.Role == RoleOffice {
		return true
	}
	return (a.Role == RoleOfficer || a.Role == RoleHead || a.Role == RoleSupervisor) && slices.Contains(t.Handlers, a.Unit)
}

// TipUnits is the units whose tips the actor may see, for a query: nil
// (every unit) for the office and leaders, the actor's own unit for a
// unit's account, none for anyone else. It agrees with Tip.VisibleTo.
func TipUnits(a Actor) []string {
	unit, all := a.UnitScope()
	switch {
	case all:
		return nil
	case unit != "":
		return []string{unit}
	}
	return []string{}
}

// Clock is the legal deadline running in the tip's status on day today:
// counted in working days from the day of receipt (or acceptance, or
// decision), moved by an extension and by the paused working days. While
// paused the clock stands: the days since the pause count as paused. It
// answers false when no deadline runs.
func (t Tip) Clock(today Date, cal Workdays) (TipClock, bool, error) {
	paused := t.PausedDays
	if !t.PausedSince.IsZero() {
		n, err := workdaysBetween(cal, t.PausedSince, today)
		if err != nil {
			return TipClock{}, false, err
		}
		paused += n
	}
	var c TipClock
	var err error
	switch {
	case t.Kind == TipComplaint && t.Status == TipReceived:
		c.What = DueAccept
		c.Due, err = addWorkdays(cal, t.ReceivedOn, ComplaintAcceptDays+paused)
	case t.Kind == TipComplaint && t.Status == TipAccepted:
		c.What = DueMediate
		c.Due, err = addWorkdays(cal, t.AcceptedOn, ComplaintMediateDays+paused)
	case t.Kind == TipReport && (t.Status == TipReceived || t.Status == TipAccepted):
		days := ReportDecideDays + paused
		if t.Extended {
			days += ReportExtensionDays
		}
		c.What = DueDecide
		c.Due, err = addWorkdays(cal, t.ReceivedOn, days)
	case t.Kind == TipReport && t.Status == TipDecided && t.Named:
		c.What = DueNotify
		c.Due, err = addWorkdays(cal, t.DecidedOn, TipsterNotifyDays)
	default:
		return TipClock{}, false, nil
	}
	if err != nil {
		return TipClock{}, false, err
	}
	return c, true, nil
}

// Reclock sets Due and DueWhat to the deadline running on day today, or
// clears them when none runs.
func (t *Tip) Reclock(today Date, cal Workdays) error {
	c, _, err := t.Clock(today, cal)
	if err != nil {
		return err
	}
	t.Due, t.DueWhat = c.Due, c.What
	return nil
}

func addWorkdays(cal Workdays, from Date, n int) (Date, error) {
	cur := from
	for n > 0 {
		cur = cur.AddDays(1)
		ok, err := cal.IsWorkday(cur)
		if err != nil {
			return Date{}, err
		}
		if ok {
			n--
		}
	}
	return cur, nil
}

// workdaysBetween counts the working days after from up to and including to
// (none when to is not after from). A calendar that counts a span at once
// (the official one: by arithmetic, whatever the span's length) is asked
// so; any other is asked day by day.
func workdaysBetween(cal Workdays, from, to Date) (int, error) {
	if !from.Before(to) {
		return 0, nil
	}
	if c, ok := cal.(interface {
		WorkdaysBetween(from, to Date) (int, error)
	}); ok {
		return c.WorkdaysBetween(from, to)
	}
	n := 0
	for d := from.AddDays(1); !d.After(to); d = d.AddDays(1) {
		ok, err := cal.IsWorkday(d)
		if err != nil {
			return 0, err
		}
		if ok {
			n++
		}
	}
	return n, nil
}

// TipStep is one handling step as the tip's history and the audit trail
// keep it.
type TipStep struct {
	Action string // the step: tip.<Action> in the audit trail
	Note   string // the reason, reply or note as written; for the steps dajia writes, codes (see NoteText)
	Public bool   // Note is a reply the tipster may read
}

// NoteText words the note of a step in the tip's history. What people wrote stays as written; the notes dajia writes are
// codes: the routing reason of the receipt, the earlier tip's number of a
// duplicate, "grade fines award" of a reward.
func (t Tip) NoteText(p *Plan, action, note string) Phrase {
	switch f := strings.Fields(note); {
	case action == "receive" && note != "" && p != nil:
		return RouteReason(note).Text(p, t.Category, t.Stage, t.CampaignNo)
	case action == "duplicate" && len(f) == 1:
		return Phrasef("与第 %s 号重复", f[0])
	case action == "reward" && len(f) == 3:
		return Phrasef("%s 级，罚没款 %s 元，奖励 %s 元", f[0], f[1], f[2])
	}
	return Phrase{Key: note} // as written: no catalogue has it
}

// MaxTipNote bounds a step's note and reply.
const MaxTipNote = 2000

// tipText trims a step's note and reply and bounds their length.
func tipText(note, reply string) (string, string, error) {
	note, reply = strings.TrimSpace(note), strings.TrimSpace(reply)
	if utf8.RuneCountInString(note) > MaxTipNote || utf8.RuneCountInString(reply) > MaxTipNote {
		return note, reply, Errorf(Invalid, "note", "说明最多 %d 字", MaxTipNote)
	}
	return note, reply, nil
}

func needReason(note string) error {
	if note == "" {
		return Errorf(Invalid, "note", "这一步须写明原因")
	}
	return nil
}

func (t Tip) mayHandle(a Actor) error {
	if !t.HandledBy(a) {
		return Errorf(Forbidden, "", "只有承办单位或打假办可以办理")
	}
	return nil
}

// Steps says, by name, which handling steps the tip's state allows the
// actor now: what the tip's page offers. Nothing for an actor who does not
// handle it. A step offered may still need what the actor lacks (an
// extension needs a head).
func (t Tip) Steps(a Actor) map[string]bool {
	m := map[string]bool{}
	if !t.HandledBy(a) {
		return m
	}
	for _, act := range []TipAction{TipAccept, TipRefuse, TipDecide, TipClose} {
		_, err := t.Status.Next(t.Kind, act)
		m[string(act)] = err == nil
	}
	running := t.Status == TipReceived || t.Status == TipAccepted
	m["reply"] = true
	m["pause"] = running && t.PausedSince.IsZero()
	m["resume"] = running && !t.PausedSince.IsZero()
	m["extend"] = running && t.Kind == TipReport && !t.Extended
	m["return"] = a.Role != RoleOffice
	m["assign"] = a.Role == RoleOffice
	m["reward"] = a.Role == RoleOffice && t.Kind == TipReport && t.decided()
	m["reveal"] = t.Named && t.mayReveal(a)
	m["duplicate"] = t.DuplicateOf == 0
	return m
}

// Advance takes a step of the legal track (accept, refuse, decide, close)
// on day today. Refusing and deciding need the reason, which becomes the
// decision; a reply, when given, is public.
func (t *Tip) Advance(a Actor, act TipAction, today Date, note, reply string) (TipStep, error) {
	note, reply, err := tipText(note, reply)
	if err != nil {
		return TipStep{}, err
	}
	switch act {
	case TipAccept, TipClose:
	case TipRefuse, TipDecide:
		if err := needReason(note); err != nil {
			return TipStep{}, err
		}
	default:
		return TipStep{}, Errorf(NotFound, "", "没有这个操作")
	}
	if err := t.mayHandle(a); err != nil {
		return TipStep{}, err
	}
	next, err := t.Status.Next(t.Kind, act)
	if err != nil {
		return TipStep{}, err
	}
	t.Status = next
	switch act {
	case TipAccept:
		t.AcceptedOn = today
	case TipRefuse, TipDecide:
		t.DecidedOn, t.Decision = today, note
	case TipClose:
		t.ClosedOn = today
	}
	step := TipStep{Action: string(act), Note: note}
	if reply != "" {
		t.PublicReply = reply
		step.Note, step.Public = reply, true
	}
	return step, nil
}

// Reply sends the tipster a public reply without changing the status.
func (t *Tip) Reply(a Actor, reply string) (TipStep, error) {
	_, reply, err := tipText("", reply)
	if err != nil {
		return TipStep{}, err
	}
	if reply == "" {
		return TipStep{}, Errorf(Invalid, "reply", "请填写答复内容")
	}
	if err := t.mayHandle(a); err != nil {
		return TipStep{}, err
	}
	t.PublicReply = reply
	return TipStep{Action: "reply", Note: reply, Public: true}, nil
}

// Return sends the tip back to the office's queue, with the reason. A unit
// may only send a tip back to the office, never sideways; the office
// reassigns directly.
func (t *Tip) Return(a Actor, note string) (TipStep, error) {
	note, _, err := tipText(note, "")
	if err != nil {
		return TipStep{}, err
	}
	if err := needReason(note); err != nil {
		return TipStep{}, err
	}
	if a.Role == RoleOffice {
		return TipStep{}, Errorf(Invalid, "", "打假办可直接改派")
	}
	if err := t.mayHandle(a); err != nil {
		return TipStep{}, err
	}
	t.Handlers = []string{OfficeKey}
	return TipStep{Action: "return", Note: note}, nil
}

// Assign gives the tip to the units named (by key, name or alias of the
// plan p); only the office assigns. The units' names are the public note.
func (t *Tip) Assign(a Actor, p *Plan, units []string) (TipStep, error) {
	if a.Role != RoleOffice {
		return TipStep{}, Errorf(Forbidden, "", "只有打假办可以分派")
	}
	var keys []string
	for _, u := range units {
		ref, ok := p.Lookup(u)
		if !ok {
			return TipStep{}, Errorf(Invalid, "units", "方案中没有单位 %q", u)
		}
		if !slices.Contains(keys, ref.Unit.Key) {
			keys = append(keys, ref.Unit.Key)
		}
	}
	if len(keys) == 0 {
		return TipStep{}, Errorf(Invalid, "units", "请选择承办单位")
	}
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = p.DisplayName(k)
	}
	t.Handlers = keys
	return TipStep{Action: "assign", Note: strings.Join(names, "、"), Public: true}, nil
}

// Pause stops the clock on day today while the goods are tested or
// appraised (检测、鉴定), with the reason.
func (t *Tip) Pause(a Actor, today Date, note string) (TipStep, error) {
	note, err := t.clockStep(a, note)
	if err != nil {
		return TipStep{}, err
	}
	if !t.PausedSince.IsZero() || (t.Status != TipReceived && t.Status != TipAccepted) {
		return TipStep{}, Errorf(Conflict, "status", "当前不能暂停计时")
	}
	t.PausedSince = today
	return TipStep{Action: "pause", Note: note}, nil
}

// Resume restarts a paused clock on day today: the working days it stood
// are added to the deadline.
func (t *Tip) Resume(a Actor, today Date, cal Workdays, note string) (TipStep, error) {
	note, err := t.clockStep(a, note)
	if err != nil {
		return TipStep{}, err
	}
	if t.PausedSince.IsZero() {
		return TipStep{}, Errorf(Conflict, "status", "计时没有暂停")
	}
	n, err := workdaysBetween(cal, t.PausedSince, today)
	if err != nil {
		return TipStep{}, err
	}
	t.PausedDays += n
	t.PausedSince = Date{}
	return TipStep{Action: "resume", Note: note}, nil
}

// Extend lengthens a report's verification by 15 working days, once, with
// the approval of a head (or the office).
func (t *Tip) Extend(a Actor, note string) (TipStep, error) {
	note, err := t.clockStep(a, note)
	if err != nil {
		return TipStep{}, err
	}
	if t.Kind != TipReport || t.Extended || (t.Status != TipReceived && t.Status != TipAccepted) {
		return TipStep{}, Errorf(Conflict, "status", "举报核查期限只能延长一次")
	}
	if a.Role != RoleOffice && a.Role != RoleHead {
		return TipStep{}, Errorf(Forbidden, "", "延长期限须经负责人批准")
	}
	t.Extended = true
	return TipStep{Action: "extend", Note: note}, nil
}

func (t Tip) clockStep(a Actor, note string) (string, error) {
	note, _, err := tipText(note, "")
	if err != nil {
		return note, err
	}
	if err := needReason(note); err != nil {
		return note, err
	}
	return note, t.mayHandle(a)
}

// MarkDuplicate marks the tip as a repeat of an earlier one. The earlier
// tip must be one the actor may see: marking another unit's tip would tell
// that it exists.
func (t *Tip) MarkDuplicate(a Actor, of Tip) (TipStep, error) {
	if of.ID <= 0 || of.ID == t.ID {
		return TipStep{}, Errorf(Invalid, "of", "请选择重复的举报投诉")
	}
	if !of.VisibleTo(a) {
		return TipStep{}, Errorf(NotFound, "of", "没有这条举报投诉")
	}
	if err := t.mayHandle(a); err != nil {
		return TipStep{}, err
	}
	t.DuplicateOf = of.ID
	return TipStep{Action: "duplicate", Note: strconv.FormatInt(of.ID, 10)}, nil
}

// SetReward records the award for a report that led to a penalty: the
// office chooses the grade and gives the fines and confiscations in yuan.
func (t *Tip) SetReward(a Actor, grades []RewardGrade, grade int, fines string) (TipStep, error) {
	if a.Role != RoleOffice {
		return TipStep{}, Errorf(Forbidden, "", "举报奖励由打假办认定")
	}
	amount, err := ParseAmount(fines)
	if err != nil || amount < 0 || t.Kind != TipReport {
		return TipStep{}, Errorf(Invalid, "fines", "请选择奖励等级并填写罚没款金额（元）")
	}
	if !t.decided() {
		return TipStep{}, Errorf(Conflict, "", "举报奖励在作出立案或不予立案决定之后认定")
	}
	yuan := int64(amount.Float())
	award, err := Reward(grades, grade, yuan)
	if err != nil {
		return TipStep{}, err
	}
	t.RewardGrade, t.RewardFines, t.RewardAmount = grade, yuan, award
	return TipStep{Action: "reward", Note: fmt.Sprintf("%d %s %d", grade, amount, award)}, nil
}

// decided reports whether the tip has its decision (立案 or not, or the
// end of a mediation), after which a report's award may be set.
func (t Tip) decided() bool { return t.Status == TipDecided || t.Status == TipClosed }

// mayReveal reports whether the actor may open the tipster's contact: the
// office for any tip; for a complaint also its handling unit, which must
// call the complainant to mediate. A report's tipster stays protected from
// the unit.
func (t Tip) mayReveal(a Actor) bool {
	return a.Role == RoleOffice || (t.Kind == TipComplaint && t.HandledBy(a))
}

// Reveal checks that the actor may see the tipster's sealed contact (see
// mayReveal), with a reason the audit trail keeps.
func (t Tip) Reveal(a Actor, reason string) error {
	if !t.mayReveal(a) {
		return Errorf(Forbidden, "", "举报人信息只有打假办可以查看；投诉人信息打假办和承办单位可以查看")
	}
	if strings.TrimSpace(reason) == "" || utf8.RuneCountInString(reason) > 500 {
		return Errorf(Invalid, "reason", "查看举报人信息须写明原因（500 字以内）")
	}
	return nil
}

// TipContact is the tipster's contact as it is sealed: never stored or
// logged in the clear.
type TipContact struct {
	Name  string `json:"name,omitempty"`
	Phone string `json:"phone,omitempty"`
	ID    string `json:"id,omitempty"`
}

// RewardGrade is the grade of a major-violation report's award.
type RewardGrade struct {
	Grade   int     `json:"grade"` // 1, 2, 3
	Percent float64 `json:"percent"`
	Min     int64   `json:"min"` // yuan
	Max     int64   `json:"max"` // yuan
}

// DefaultRewardGrades follow the 市场监管领域重大违法行为举报奖励 rules: 5%,
// 3% and 1% of the fines and confiscations, at least ¥5,000, ¥3,000 and
// ¥1,000, at most ¥1,000,000. They are data: an office can change them.
func DefaultRewardGrades() []RewardGrade {
	return []RewardGrade{{1, 5, 5000, 1_000_000}, {2, 3, 3000, 1_000_000}, {3, 1, 1000, 1_000_000}}
}

// Reward computes the award in yuan for a grade and the fines and
// confiscations (罚没款) in yuan.
func Reward(grades []RewardGrade, grade int, finesYuan int64) (int64, error) {
	for _, g := range grades {
		if g.Grade == grade {
			award := int64(float64(finesYuan) * g.Percent / 100)
			return min(max(award, g.Min), g.Max), nil
		}
	}
	return 0, Errorf(Invalid, "grade", "奖励等级 %d 不存在", grade)
}

// CheckRewardGrades refuses grades that make no sense: each grade once,
// a percentage between 0 and 100, a minimum not above the maximum.
func CheckRewardGrades(g []RewardGrade) error {
	seen := map[int]bool{}
	if len(g) == 0 || len(g) > 10 {
		return Errorf(Invalid, "grades", "奖励等级应有 1 到 10 个")
	}
	for _, x := range g {
		switch {
		case x.Grade < 1 || seen[x.Grade]:
			return Errorf(Invalid, "grade", "奖励等级 %d 无效或重复", x.Grade)
		case x.Percent <= 0 || x.Percent > 100:
			return Errorf(Invalid, "percent", "第 %d 级的比例应在 0 到 100 之间", x.Grade)
		case x.Min < 0 || x.Max < x.Min || x.Max > 100_000_000:
			return Errorf(Invalid, "max", "第 %d 级的最低和最高金额不合理", x.Grade)
		}
		seen[x.Grade] = true
	}
	return nil
}

// A tip search is a few words: each word is one more condition in the
// query, and thousands of them overflow the database's expression limit.
const (
	MaxTipSearchWords = 10
	MaxTipSearchRunes = 100
	MaxTipSearchWord  = 50
)

// TipSearchWords splits a search of the tips into its words, refusing a
// search too long to be a person's (field "q").
func TipSearchWords(q string) ([]string, error) {
	if !utf8.ValidString(q) || strings.ContainsFunc(q, func(r rune) bool { return r < 0x20 && r != '\t' && r != '\n' && r != '\r' }) {
		return nil, Errorf(Invalid, "q", "搜索内容含有无法识别的字符")
	}
	if n := utf8.RuneCountInString(q); n > MaxTipSearchRunes {
		return nil, Errorf(Invalid, "q", "搜索内容最多 %d 个字（现有 %d 个）", MaxTipSearchRunes, n)
	}
	words := strings.Fields(q)
	if len(words) > MaxTipSearchWords {
		return nil, Errorf(Invalid, "q", "搜索最多 %d 个词（现有 %d 个），请减少关键词", MaxTipSearchWords, len(words))
	}
	for _, w := range words {
		if utf8.RuneCountInString(w) > MaxTipSearchWord {
			return nil, Errorf(Invalid, "q", "搜索词最多 %d 个字", MaxTipSearchWord)
		}
	}
	return words, nil
}

// TipBoth is the submission kind that is a complaint and a report at once:
// it is taken in as one tip of each kind.
const TipBoth = "两者"

// TipSubmission is one submission from the public, by form or API, before
// it is checked.
type TipSubmission struct {
	Kind         string // 投诉, 举报 or 两者 (TipBoth)
	Category     string
	Stage        string
	Online       bool
	BusinessName string
	CreditCode   string
	Address      string
	Village      string
	Description  string
	OccurredOn   string
	ContactName  string
	ContactPhone string
	ContactID    string
	Photos       int // how many photos come with it
}

// Kinds is the tips a submission becomes: one of each kind for 两者.
func (s TipSubmission) Kinds() []TipKind {
	if s.Kind == TipBoth {
		return []TipKind{TipComplaint, TipReport}
	}
	return []TipKind{TipKind(s.Kind)}
}

// Named reports whether the tipster gave a name or phone number.
func (s TipSubmission) Named() bool { return s.ContactName != "" || s.ContactPhone != "" }

// Contact is what of the tipster is sealed.
func (s TipSubmission) Contact() TipContact {
	return TipContact{Name: s.ContactName, Phone: s.ContactPhone, ID: s.ContactID}
}

// MaskedContact is the contact as staff see it: 张** 138****8000.
func (s TipSubmission) MaskedContact() string {
	return strings.TrimSpace(MaskName(s.ContactName) + " " + MaskPhone(s.ContactPhone))
}

// Check trims the submission and checks it against the plan p on day
// today. It answers every field's problem, not only the first.
func (s *TipSubmission) Check(p *Plan, today Date) []FieldError {
	var errs []FieldError
	bad := func(field, zh string, args ...any) {
		errs = append(errs, FieldErrorf(field, "invalid", zh, args...))
	}
	fields := []struct {
		name string
		v    *string
	}{{"kind", &s.Kind}, {"category", &s.Category}, {"stage", &s.Stage}, {"business.name", &s.BusinessName},
		{"business.credit_code", &s.CreditCode}, {"business.address", &s.Address}, {"business.village", &s.Village},
		{"description", &s.Description}, {"occurred_on", &s.OccurredOn}, {"contact.name", &s.ContactName},
		{"contact.phone", &s.ContactPhone}, {"contact.id", &s.ContactID}}
	unreadable := map[string]bool{}
	for _, f := range fields {
		*f.v = strings.TrimSpace(*f.v)
		if !utf8.ValidString(*f.v) || strings.ContainsFunc(*f.v, func(r rune) bool { return r < 0x20 && r != '\n' && r != '\r' && r != '\t' }) {
			bad(f.name, "内容含有无法识别的字符")
			unreadable[f.name] = true
		}
	}
	if s.Kind != string(TipComplaint) && s.Kind != string(TipReport) && s.Kind != TipBoth {
		bad("kind", "请选择“投诉”或“举报”")
	}
	if !slices.Contains(p.Categories(), s.Category) {
		bad("category", "请从列表中选择产品类别（没有合适的选“其他”）")
	}
	if s.Stage != StageMaking && s.Stage != StageSelling {
		bad("stage", "请选择是生产环节还是销售环节的问题")
	}
	limits := []struct {
		field, v string
		n        int
		zh       Text
	}{{"business.name", s.BusinessName, 100, "经营者名称"}, {"business.address", s.Address, 200, "地址"}, {"business.village", s.Village, 50, "村（社区）"},
		{"contact.name", s.ContactName, 30, "姓名"}, {"contact.id", s.ContactID, 18, "身份证号"}}
	for _, l := range limits {
		if utf8.RuneCountInString(l.v) > l.n {
			bad(l.field, "%s最多 %d 个字", l.zh, l.n)
		}
	}
	if s.BusinessName == "" && s.Address == "" {
		bad("business.name", "请至少填写经营者名称或地址，以便核查")
	}
	if s.CreditCode != "" && !unreadable["business.credit_code"] {
		s.CreditCode = strings.ToUpper(s.CreditCode)
		if err := CheckCreditCode(s.CreditCode); err != nil {
			bad("business.credit_code", "%s", err)
		}
	}
	if n := utf8.RuneCountInString(s.Description); n < 10 || n > MaxTipDescription {
		bad("description", "请用 10 到 %d 个字说明发生了什么", MaxTipDescription)
	}
	if s.OccurredOn != "" && !unreadable["occurred_on"] {
		d, err := ParseDate(s.OccurredOn)
		if err != nil {
			bad("occurred_on", "日期应为 YYYY-MM-DD")
		} else if d.After(today) {
			bad("occurred_on", "发生日期不能晚于今天")
		}
	}
	if s.Kind == string(TipComplaint) || s.Kind == TipBoth {
		if s.ContactName == "" || s.ContactPhone == "" {
			bad("contact.phone", "投诉须留下姓名和电话，以便受理和调解")
		}
	}
	if s.ContactPhone != "" && !unreadable["contact.phone"] {
		if err := CheckPhone(s.ContactPhone); err != nil {
			bad("contact.phone", "%s", err)
		}
	}
	if s.ContactID != "" && (len(s.ContactID) != 18 || strings.Trim(strings.ToUpper(s.ContactID), "0123456789X") != "") {
		bad("contact.id", "身份证号应为 18 位")
	}
	if s.Photos > MaxTipPhotos {
		bad("photos", "最多上传 %d 张照片", MaxTipPhotos)
	}
	return errs
}
