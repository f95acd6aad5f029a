package demo

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"regexp"
	"strconv"

	"dajia"
	"dajia/planfile"
)

// town is one jurisdiction the demo fills: its plan each year is the
// reference plan with the town's name, code and unit keys.
type town struct {
	index    int
	name     string // 小榄镇
	city     string // 中山市
	slug     string // the plan ids' middle part: gangkou, t07, p0123
	prefix   string // of the unit keys: "" for the reference town, "t07-" for others
	code     string // the jurisdiction's administrative code
	villages []string
	weight   float64 // how busy the town is next to 港口镇 (1)
}

// zhongshan is 中山市's 24 towns and subdistricts; 港口镇, the reference
// plan's town, first.
var zhongshan = []string{"港口镇", "石岐街道", "东区街道", "西区街道", "南区街道", "五桂山街道", "火炬开发区", "小榄镇", "古镇镇", "横栏镇",
	"东凤镇", "南头镇", "黄圃镇", "三角镇", "民众镇", "阜沙镇", "东升镇", "沙溪镇", "大涌镇", "三乡镇", "坦洲镇", "板芙镇", "神湾镇", "南朗镇"}

// guangdong is the province's cities, for the province scale's towns.
var guangdong = []string{"中山市", "广州市", "深圳市", "珠海市", "汕头市", "佛山市", "韶关市", "湛江市", "肇庆市", "江门市", "茂名市",
	"惠州市", "梅州市", "汕尾市", "河源市", "阳江市", "清远市", "东莞市", "潮州市", "揭阳市", "云浮市"}

var placeSyllables = []string{"龙", "凤", "沙", "石", "新", "塘", "湾", "岗", "坑", "田", "溪", "洲", "平", "安", "和", "兴", "隆", "富", "华", "南", "东", "西", "北", "横", "大", "小", "金", "水", "桥", "山"}

// placeName makes a two-character place name.
func placeName(r *rand.Rand) string {
	a := pick(r, placeSyllables)
	b := pick(r, placeSyllables)
	for b == a {
		b = pick(r, placeSyllables)
	}
	return a + b
}

// townsOf lists the towns of a scale.
func townsOf(s Scale, seed uint64) []town {
	r := rand.New(rand.NewPCG(seed, 0x70776e))
	gk := town{name: "港口镇", city: "中山市", slug: "gangkou", code: "442000108", villages: villages, weight: 1}
	switch s {
	case ScaleCity:
		out := []town{gk}
		for i, n := range zhongshan[1:] {
			out = append(out, otherTown(r, i+1, "中山市", n, fmt.Sprintf("t%02d", i+1), fmt.Sprintf("4420001%02d", 10+i)))
		}
		return out
	case ScaleProvince:
		out := []town{gk}
		seen := map[string]bool{"中山市港口镇": true}
		for i := 1; len(out) < 1600; i++ {
			city := guangdong[i%len(guangdong)]
			name := placeName(r) + "镇"
			if seen[city+name] {
				continue
			}
			seen[city+name] = true
			out = append(out, otherTown(r, len(out), city, name, fmt.Sprintf("p%04d", len(out)), fmt.Sprintf("44%04d%03d", 100+i%9000, len(out)%1000)))
		}
		return out
	}
	return []town{gk}
}

func otherTown(r *rand.Rand, i int, city, name, slug, code string) town {
	t := town{index: i, name: name, city: city, slug: slug, prefix: slug + "-", code: code, weight: 0.6 + r.Float64()*0.8}
	seen := map[string]bool{}
	for len(t.villages) < 5+r.IntN(5) {
		v := placeName(r)
		if seen[v] {
			continue
		}
		seen[v] = true
		if chance(r, 0.5) {
			v += "村"
		} else {
			v += "社区"
		}
		t.villages = append(t.villages, v)
	}
	return t
}

// yearsOf lists the plan years of a scale: the city's five years end with
// the demo's today's year.
func yearsOf(s Scale, last int) []int {
	if s == ScaleCity {
		return []int{last - 4, last - 3, last - 2, last - 1, last}
	}
	return []int{last}
}

// planID is the id of a town's plan of a year: zs- for 中山市's towns
// (zs-gangkou-2017, zs-t07-2015), zz- for the province's others. Every id
// sorts after 港口镇's of the same year, so that its plan stays the newest
// one, which the pages open first and name the units by.
func (t town) planID(year int) string {
	if t.city == "中山市" && t.index < len(zhongshan) {
		return fmt.Sprintf("zs-%s-%d", t.slug, year)
	}
	return fmt.Sprintf("zz-%s-%d", t.slug, year)
}

// key is the town's key of a unit of the reference plan.
func (t town) key(ref string) string { return t.prefix + ref }

var deptKeyRe = regexp.MustCompile(`\{key: ([a-z0-9]+),`)

// planSource is the reference plan rewritten for the town and year: the
// same campaigns, phases and reporting rule; the town's name, code, plan
// id and unit keys; the year's dates. The reference town's reference year
// is the reference plan itself, byte for byte.
func (t town) planSource(year int) []byte {
	src := planfile.Reference()
	if t.prefix == "" && year == ReferenceYear {
		return src
	}
	y := []byte(strconv.Itoa(year))
	src = bytes.ReplaceAll(src, []byte("zs-gangkou-2017"), []byte(t.planID(ReferenceYear)))
	src = bytes.ReplaceAll(src, []byte(strconv.Itoa(ReferenceYear)), y)
	if t.prefix != "" {
		src = bytes.ReplaceAll(src, []byte("中山市港口镇"), []byte(t.city+t.name))
		src = bytes.ReplaceAll(src, []byte("港口镇"), []byte(t.name))
		src = bytes.ReplaceAll(src, []byte("parent: 中山市"), []byte("parent: "+t.city))
		src = bytes.ReplaceAll(src, []byte(`"442000108"`), []byte(`"`+t.code+`"`))
		src = deptKeyRe.ReplaceAll(src, []byte("{key: "+t.prefix+"$1,"))
	}
	return src
}

// importPlan imports the town's plan of the year and lays out its reports.
func (g *gen) importPlan(ctx context.Context, t town, year int) (*dajia.Plan, error) {
	src := t.planSource(year)
	res := planfile.Check(src)
	if res.HasErrors() {
		return nil, fmt.Errorf("demo plan %s: %w", t.planID(year), res.Err())
	}
	if _, err := g.db.ImportPlan(ctx, dajia.SystemActor(), res.Plan, src); err != nil {
		return nil, err
	}
	if _, err := g.a.EnsureObligations(ctx, dajia.SystemActor(), res.Plan.ID); err != nil {
		return nil, err
	}
	g.res.Plans++
	return res.Plan, nil
}
