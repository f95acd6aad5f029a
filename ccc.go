package dajia

import "strings"

// The compulsory product certification catalogue (强制性产品认证目录, 3C):
// products that may not be made, sold or imported without a certificate.
// It is data: each plan category the catalogue touches, with the products
// of that category it lists. A category listed whole (Whole) needs a
// certificate for everything in it; otherwise only the products named.
// The seed plan's campaigns 4, 6, 7, 8 and 9 name these categories.
type CCCEntry struct {
	Category string
	Whole    bool
	Products []string // for a category listed in part: what the catalogue names
}

// CCCCatalogue is the catalogue as dajia knows it (the 2017 edition's
// classes that meet the reference plan's categories).
var CCCCatalogue = []CCCEntry{
	{Category: "小家电", Whole: true, Products: []string{"电磁炉", "电饭锅", "电热水器", "电水壶", "电吹风", "电熨斗", "电风扇", "微波炉", "电暖器", "榨汁机"}},
	{Category: "灯具", Whole: true, Products: []string{"台灯", "落地灯", "嵌入式灯具", "LED灯", "镇流器", "吸顶灯"}},
	{Category: "玩具", Whole: true, Products: []string{"童车", "电玩具", "塑胶玩具", "金属玩具", "弹射玩具", "娃娃玩具"}},
	{Category: "儿童用品", Products: []string{"童车", "儿童自行车", "婴儿车", "儿童座椅", "儿童安全座椅", "电动童车"}},
	{Category: "汽车零配件", Products: []string{"轮胎", "安全带", "安全玻璃", "汽车灯具", "车灯", "后视镜", "制动软管", "座椅", "喇叭", "反光标识", "行驶记录仪"}},
	{Category: "燃气灶具", Products: []string{"燃气灶", "燃气热水器", "燃气灶具"}},
}

// CCCRequired says whether a product of a category needs a 3C certificate:
// every product of a category listed whole, and a product whose name holds
// one the catalogue names in a category listed in part.
func CCCRequired(category, product string) bool {
	for _, e := range CCCCatalogue {
		if e.Category != category {
			continue
		}
		if e.Whole {
			return true
		}
		for _, p := range e.Products {
			if product != "" && strings.Contains(product, p) {
				return true
			}
		}
	}
	return false
}

// CCCMissing is the 3C flag of a product sampled or inspected: it needs a
// certificate and none was recorded.
func CCCMissing(category, product, certificate string) bool {
	return strings.TrimSpace(certificate) == "" && CCCRequired(category, product)
}
