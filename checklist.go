package dajia

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// The checklist of an inspection (检查表) is data: each campaign of a plan
// has its items. By default they are the items every inspection checks,
// then those of the campaign's categories (or, for a campaign about
// places, of its places), as the reference plan's campaign paragraphs
// name them; the office may replace a campaign's list (stored per plan and
// campaign).

// checklistBase is checked at every entity.
var checklistBase = []Text{"营业执照", "进货台账", "索证索票"}

// checklistByTopic holds the items of a product category or a place, from
// what the reference plan's campaigns ask to be checked.
var checklistByTopic = map[string][]Text{
	// 1 食品、药品（含化妆品）
	"食品":  {"食品经营许可证", "标签标识", "保质期", "从业人员健康证明"},
	"药品":  {"药品经营许可证", "购进渠道", "标签说明书"},
	"化妆品": {"生产许可证", "标签标识", "保质期"},
	// 2 农资
	"农资":    {"农资经营许可证", "标签标识", "禁限用农药", "购销台账"},
	"种子":    {"种子经营备案", "标签标识", "购销台账"},
	"化肥":    {"肥料登记证", "标签标识", "购销台账"},
	"农药":    {"农药经营许可证", "农药登记证", "禁限用农药", "购销台账"},
	"兽用抗菌药": {"兽药经营许可证", "兽药批准文号", "购销台账"},
	// 3 建材
	"建材": {"生产许可证", "产品合格证", "质量检验报告", "标签标识"},
	// 4, 8 儿童用品（含玩具）
	"儿童用品": {"3C 标志", "标签标识", "使用年龄与警示说明", "产品合格证"},
	"玩具":   {"3C 标志", "标签标识", "使用年龄与警示说明", "产品合格证"},
	// 5 服装
	"服装":  {"产品合格证", "标签标识", "商标授权", "原材料检验登记"},
	"纺织品": {"产品合格证", "标签标识", "原材料检验登记"},
	// 6 燃气灶具、小家电
	"燃气灶具": {"3C 标志", "产品合格证", "标签标识", "商标授权"},
	"小家电":  {"3C 标志", "产品合格证", "标签标识", "商标授权"},
	// 7 灯具
	"灯具": {"3C 标志", "产品合格证", "标签标识"},
	// 9 汽车零配件
	"汽车零配件": {"3C 标志", "生产商授权许可", "商标授权", "以旧翻新", "包装标识"},
	// 10 电子商务产品: its places
	"网络交易平台":      {"亮照经营", "商品信息公示"},
	"邮件快递渠道":      {"收寄验视", "实名收寄", "过机安检"},
	"货运场（站）":      {"货物来源登记"},
	"中转场（站）":      {"货物来源登记"},
	"货物集散地":       {"货物来源登记"},
	"道路":          {"运输单证"},
	OtherCategory: {"标签标识"},
}

// DefaultChecklist is the default checklist of campaign no of the plan p;
// with no campaign (0), the base items and the general ones.
func (p *Plan) DefaultChecklist(no int) []string {
	out := textsOf(checklistBase)
	add := func(topics []string) {
		for _, t := range topics {
			for _, it := range checklistByTopic[t] {
				if !slices.Contains(out, string(it)) {
					out = append(out, string(it))
				}
			}
		}
	}
	c, ok := p.CampaignByNo(no)
	switch {
	case !ok:
		add([]string{OtherCategory})
	case len(c.Categories) > 0:
		add(c.Categories)
	default:
		add(c.Places)
	}
	return out
}

func textsOf(ts []Text) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = string(t)
	}
	return out
}

// CheckChecklist trims and checks a checklist as the office edits it:
// one item a line, no blank or repeated item, within bounds.
func CheckChecklist(items []string) ([]string, error) {
	var out []string
	var errs FieldErrors
	for _, it := range items {
		it = strings.TrimSpace(it)
		switch {
		case it == "":
			continue
		case utf8.RuneCountInString(it) > MaxChecklistItemLength:
			errs = append(errs, FieldErrorf("items", "invalid", "检查项目“%s”超过 %d 个字", truncateRunes(it, MaxChecklistItemLength), MaxChecklistItemLength))
		case slices.Contains(out, it):
			errs = append(errs, FieldErrorf("items", "invalid", "检查项目“%s”重复", it))
		}
		out = append(out, it)
	}
	switch {
	case len(out) == 0:
		errs = append(errs, FieldErrorf("items", "required", "检查表至少要有一个检查项目"))
	case len(out) > MaxChecklistItems:
		errs = append(errs, FieldErrorf("items", "invalid", "检查项目最多 %d 项", MaxChecklistItems))
	}
	if len(errs) > 0 {
		return out, errs
	}
	return out, nil
}

// Checklist is a campaign's checklist as a plan holds it: the office's
// list when it edited one, else the default.
type Checklist struct {
	PlanID     string
	CampaignNo int // 0: inspections under no campaign
	Items      []string
	Edited     bool // the office's list, not the default
	UpdatedBy  string
}

// MayEditChecklists says whether the actor may edit the checklists: the
// office only.
func (a Actor) MayEditChecklists() error {
	if a.Role != RoleOffice {
		return Errorf(Forbidden, "", "只有打假办可以修改检查表")
	}
	return nil
}
