package dajia

import (
	"fmt"
	"slices"
	"strings"
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
	Reason   string    // why, in Chinese
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
	office := func(reason string) Routing {
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
		return office("产品类别没有对应的专项，由打假办分派")
	}
	want := ""
	switch stage {
	case StageMaking:
		want = ScopeProduction
	case StageSelling:
		want = ScopeCirculation
	}
	var leads []Lead
	for _, l := range rt.Campaign.Lead {
		if l.Scope == "" || l.Scope == want {
			leads = append(leads, l)
		}
	}
	if len(leads) == 0 {
		return office(fmt.Sprintf("专项 %d 没有负责%s的牵头部门，由打假办分派", rt.Campaign.No, map[bool]string{true: "生产领域", false: "流通领域"}[want == ScopeProduction]))
	}
	for _, l := range leads {
		r, ok := p.Lookup(l.Dept)
		if !ok {
			return office("牵头部门不在方案的部门名单中，由打假办分派")
		}
		if p.IsUpperLevel(r.Unit) {
			return office(fmt.Sprintf("牵头单位%s是上级机关，由打假办转交", r.Unit.Name))
		}
		if !slices.Contains(rt.Units, r.Unit.Key) {
			rt.Units = append(rt.Units, r.Unit.Key)
		}
	}
	rt.Notify = slices.DeleteFunc(rt.Notify, func(k string) bool { return slices.Contains(rt.Units, k) })
	rt.Reason = fmt.Sprintf("按产品类别“%s”分派到专项 %d %s", category, rt.Campaign.No, rt.Campaign.Name)
	return rt
}

// CheckCreditCode validates a 统一社会信用代码 (GB 32100-2015): 18
// characters of the code alphabet with the check character last.
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
	check := (31 - sum%31) % 31
	if rune(alphabet[check]) != rune(code[17]) {
		return Errorf(Invalid, "credit_code", "统一社会信用代码的校验位不对，请核对是否抄错")
	}
	return nil
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

// TipClock is the running legal deadline of a tip.
type TipClock struct {
	Due  Date
	What string // what must happen by then, in Chinese
}

// TipClockOf computes the deadline that runs in a tip's status: counted in
// working days from the day of receipt (or acceptance, or decision), moved
// by an extension and by paused working days.
func TipClockOf(kind TipKind, status TipStatus, received, accepted, decided Date, extended bool, pausedDays int, named bool, cal Workdays) (TipClock, bool, error) {
	add := func(from Date, n int) (Date, error) {
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
	var c TipClock
	var err error
	switch {
	case kind == TipComplaint && status == TipReceived:
		c.What = "决定是否受理投诉"
		c.Due, err = add(received, ComplaintAcceptDays+pausedDays)
	case kind == TipComplaint && status == TipAccepted:
		c.What = "调解期满（未达成协议的终止调解）"
		c.Due, err = add(accepted, ComplaintMediateDays+pausedDays)
	case kind == TipReport && (status == TipReceived || status == TipAccepted):
		days := ReportDecideDays + pausedDays
		if extended {
			days += ReportExtensionDays
		}
		c.What = "核查并作出是否立案的决定"
		c.Due, err = add(received, days)
	case kind == TipReport && status == TipDecided && named:
		c.What = "将处理结果告知实名举报人"
		c.Due, err = add(decided, TipsterNotifyDays)
	default:
		return c, false, nil
	}
	return c, err == nil, err
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
