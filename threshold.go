package dajia

import (
	"slices"
	"strings"
)

// ThresholdRule is one prong of a criminal threshold (刑事追诉标准), kept
// as data the office may edit: a case of the offence crosses it when
//
//	SalesFactor × 销售金额 + UnsoldFactor × 尚未销售的货值金额 + GainsFactor × 违法所得 ≥ Min
//
// and, when MarksAtLeast is set, the case counterfeits at least that many
// registered trademarks. 非法经营数额 (illegal turnover) is the value of
// the goods sold and unsold (最高人民法院、最高人民检察院关于办理侵犯知识
// 产权刑事案件具体应用法律若干问题的解释, 2004, 第12条): sales + unsold.
type ThresholdRule struct {
	ID           string
	Offence      Violation
	Source       string // the provision it comes from, as written
	SalesFactor  int
	UnsoldFactor int
	GainsFactor  int
	Min          Amount
	MarksAtLeast int
}

// DefaultThresholdRules are the thresholds as the 立案追诉标准(一)
// (最高人民检察院、公安部关于公安机关管辖的刑事案件立案追诉标准的规定（一）,
// 2008; 第16条 as amended 2017) sets them:
//
//   - 第16条 生产、销售伪劣产品: 销售金额 ≥ ¥50,000; or 尚未销售的货值金额
//     ≥ ¥150,000; or 销售金额 × 3 + 尚未销售的货值金额 ≥ ¥150,000.
//   - 第69条 假冒注册商标: 非法经营数额 ≥ ¥50,000 or 违法所得 ≥ ¥30,000; for
//     two or more marks, 非法经营数额 ≥ ¥30,000 or 违法所得 ≥ ¥20,000.
//   - 第70条 销售明知是假冒注册商标的商品: 销售金额 ≥ ¥50,000; with the
//     unsold prongs of the 2011 意见 (关于办理侵犯知识产权刑事案件适用法律若干
//     问题的意见 第8条): 尚未销售的货值金额 ≥ ¥150,000, or 已销售金额 + 尚未
//     销售的货值金额 ≥ ¥150,000. Since 刑法修正案（十一） (2021) 第214条 reads
//     违法所得数额较大, which the 2025 解释 (法释〔2025〕5号) sets at ¥30,000:
//     违法所得 ≥ ¥30,000 is a prong too.
//
// 第71条 (illegal trademark labels) counts labels, which a case does not
// record; it is left to the office to add.
func DefaultThresholdRules() []ThresholdRule {
	const yuan = AmountScale
	return []ThresholdRule{
		{ID: "fake-sales", Offence: ViolationFakeInferior, Source: "立案追诉标准（一）第16条", SalesFactor: 1, Min: 50_000 * yuan},
		{ID: "fake-unsold", Offence: ViolationFakeInferior, Source: "立案追诉标准（一）第16条", UnsoldFactor: 1, Min: 150_000 * yuan},
		{ID: "fake-mixed", Offence: ViolationFakeInferior, Source: "立案追诉标准（一）第16条", SalesFactor: 3, UnsoldFactor: 1, Min: 150_000 * yuan},
		{ID: "mark-turnover", Offence: ViolationCounterfeitMark, Source: "立案追诉标准（一）第69条", SalesFactor: 1, UnsoldFactor: 1, Min: 50_000 * yuan},
		{ID: "mark-gains", Offence: ViolationCounterfeitMark, Source: "立案追诉标准（一）第69条", GainsFactor: 1, Min: 30_000 * yuan},
		{ID: "marks-turnover", Offence: ViolationCounterfeitMark, Source: "立案追诉标准（一）第69条", SalesFactor: 1, UnsoldFactor: 1, Min: 30_000 * yuan, MarksAtLeast: 2},
		{ID: "marks-gains", Offence: ViolationCounterfeitMark, Source: "立案追诉标准（一）第69条", GainsFactor: 1, Min: 20_000 * yuan, MarksAtLeast: 2},
		{ID: "sell-mark-sales", Offence: ViolationSellCounterfeitMark, Source: "立案追诉标准（一）第70条", SalesFactor: 1, Min: 50_000 * yuan},
		{ID: "sell-mark-unsold", Offence: ViolationSellCounterfeitMark, Source: "侵犯知识产权刑事案件意见（2011）第8条", UnsoldFactor: 1, Min: 150_000 * yuan},
		{ID: "sell-mark-mixed", Offence: ViolationSellCounterfeitMark, Source: "侵犯知识产权刑事案件意见（2011）第8条", SalesFactor: 1, UnsoldFactor: 1, Min: 150_000 * yuan},
		{ID: "sell-mark-gains", Offence: ViolationSellCounterfeitMark, Source: "刑法第214条；法释〔2025〕5号", GainsFactor: 1, Min: 30_000 * yuan},
	}
}

// Check validates a rule as the office edits it.
func (r ThresholdRule) Check() error {
	switch {
	case strings.TrimSpace(r.ID) == "":
		return Errorf(Invalid, "id", "请填写规则编号")
	case violationNames[r.Offence] == "" || r.Offence == ViolationOther:
		return Errorf(Invalid, "offence", "没有违法行为类型“%s”", string(r.Offence))
	case strings.TrimSpace(r.Source) == "":
		return Errorf(Invalid, "source", "请写明规则的依据")
	case r.SalesFactor < 0 || r.UnsoldFactor < 0 || r.GainsFactor < 0 || r.SalesFactor+r.UnsoldFactor+r.GainsFactor == 0:
		return Errorf(Invalid, "factor", "至少一项金额的倍数应大于 0，且都不能为负数")
	case r.Min <= 0:
		return Errorf(Invalid, "min", "标准金额应大于 0")
	case r.MarksAtLeast < 0:
		return Errorf(Invalid, "marks", "商标件数不能为负数")
	}
	return nil
}

// Measure is the amount of the case the rule compares with its minimum.
func (r ThresholdRule) Measure(c Case) Amount {
	return Amount(r.SalesFactor)*c.Sales + Amount(r.UnsoldFactor)*c.Unsold + Amount(r.GainsFactor)*c.Gains
}

// CrossedBy reports whether the case crosses the rule.
func (r ThresholdRule) CrossedBy(c Case) bool {
	if r.Min <= 0 || !slices.Contains(c.Violations, r.Offence) || c.Marks < r.MarksAtLeast {
		return false
	}
	return r.Measure(c) >= r.Min
}

// Crossed lists the rules the case crosses, in the rules' order.
func (c Case) Crossed(rules []ThresholdRule) []ThresholdRule {
	var out []ThresholdRule
	for _, r := range rules {
		if r.CrossedBy(c) {
			out = append(out, r)
		}
	}
	return out
}

// ConsiderTransfer reports whether the case raises the "consider transfer"
// task: it crosses a threshold, is still being handled, and no transfer is
// under way or done.
func (c Case) ConsiderTransfer(rules []ThresholdRule) bool {
	return slices.Contains(pending, c.Status) && c.mayPropose() && len(c.Crossed(rules)) > 0
}

// sourcesOf lists the distinct sources of the rules.
func sourcesOf(rules []ThresholdRule) List {
	var out List
	for _, r := range rules {
		if !slices.Contains(out, r.Source) {
			out = append(out, r.Source)
		}
	}
	return out
}

// MajorKind is a reason a case is major (大要案).
type MajorKind string

const (
	MajorAmount      MajorKind = "amount"       // 涉案货值金额大
	MajorCrossRegion MajorKind = "cross_region" // 跨区域
	MajorInjury      MajorKind = "injury"       // 造成人身伤害
	MajorDeath       MajorKind = "death"        // 造成死亡
	MajorMedia       MajorKind = "media"        // 媒体关注
	MajorSupervised  MajorKind = "supervised"   // 上级督办
)

var majorKindNames = map[MajorKind]Text{
	MajorAmount:      "涉案货值金额大",
	MajorCrossRegion: "跨区域",
	MajorInjury:      "造成人身伤害",
	MajorDeath:       "造成人员死亡",
	MajorMedia:       "媒体关注",
	MajorSupervised:  "上级督办",
}

// Name is the reason as staff read it.
func (k MajorKind) Name() Text {
	return nameIn(majorKindNames, k)
}

// MajorRule is one rule that makes a case major, kept as data the office
// may edit. Min is the amount (货值: sales + unsold) for MajorAmount and
// the number of people for MajorInjury and MajorDeath; the other kinds
// ask only whether the fact is recorded.
type MajorRule struct {
	ID     string
	Kind   MajorKind
	Min    Amount
	People int
	Source string
}

// DefaultMajorRules are the local defaults: 货值 ≥ ¥100,000, a case across
// regions, one person hurt or dead, media attention, an upper level
// supervising. The amount is a local setting (the plan sets no figure).
func DefaultMajorRules() []MajorRule {
	return []MajorRule{
		{ID: "amount", Kind: MajorAmount, Min: 100_000 * AmountScale, Source: "打假办设定"},
		{ID: "cross-region", Kind: MajorCrossRegion, Source: "打假办设定"},
		{ID: "injury", Kind: MajorInjury, People: 1, Source: "打假办设定"},
		{ID: "death", Kind: MajorDeath, People: 1, Source: "打假办设定"},
		{ID: "media", Kind: MajorMedia, Source: "打假办设定"},
		{ID: "supervised", Kind: MajorSupervised, Source: "打假办设定"},
	}
}

// Check validates a rule as the office edits it.
func (r MajorRule) Check() error {
	switch {
	case strings.TrimSpace(r.ID) == "":
		return Errorf(Invalid, "id", "请填写规则编号")
	case majorKindNames[r.Kind] == "":
		return Errorf(Invalid, "kind", "没有大要案情形“%s”", string(r.Kind))
	case r.Kind == MajorAmount && r.Min <= 0:
		return Errorf(Invalid, "min", "标准金额应大于 0")
	case (r.Kind == MajorInjury || r.Kind == MajorDeath) && r.People <= 0:
		return Errorf(Invalid, "people", "人数应大于 0")
	}
	return nil
}

// AppliesTo reports whether the rule makes the case major.
func (r MajorRule) AppliesTo(c Case) bool {
	switch r.Kind {
	case MajorAmount:
		return r.Min > 0 && c.Sales+c.Unsold >= r.Min
	case MajorCrossRegion:
		return c.CrossRegion
	case MajorInjury:
		return r.People > 0 && c.Injured >= r.People
	case MajorDeath:
		return r.People > 0 && c.Dead >= r.People
	case MajorMedia:
		return c.Media
	case MajorSupervised:
		return strings.TrimSpace(c.SupervisedBy) != ""
	}
	return false
}

// Major tells whether the case is major and why: the rules it meets.
func (c Case) Major(rules []MajorRule) (bool, []MajorRule) {
	var why []MajorRule
	for _, r := range rules {
		if r.AppliesTo(c) {
			why = append(why, r)
		}
	}
	return len(why) > 0, why
}
