package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"dajia"
	"dajia/app"
)

// townYear is one town's plan year being filled.
type townYear struct {
	g        *gen
	t        town
	year     int
	p        *dajia.Plan
	r        *rand.Rand
	entities []entity
	actions  []action // the joint actions, once made
	bigs     int      // cases over the criminal threshold so far
}

type entity struct {
	id       int64
	name     string
	village  string
	address  string
	credit   string
	kind     shopKind
	category string
}

type action struct {
	id         int64
	start, end dajia.Date
	units      []string
}

// n scales a believable count by the run's volume and the town's weight.
func (ty *townYear) n(base float64) int {
	v := base * ty.g.cfg.Volume * ty.t.weight
	n := int(math.Floor(v))
	if ty.r.Float64() < v-float64(n) {
		n++
	}
	return n
}

func (ty *townYear) date(m time.Month, d int) dajia.Date {
	return dajia.Date{Year: ty.year, Month: m, Day: d}
}

// dayIn is a random day of the year weighted by the plan's rhythm: the
// concentrated phase (September to November) is three times as busy,
// the deployment month (August) twice.
func (ty *townYear) dayIn() dajia.Date {
	weights := []float64{0.8, 0.6, 1.1, 1, 1, 1, 1, 2, 3, 3, 3, 1.2}
	total := 0.0
	for _, w := range weights {
		total += w
	}
	x := ty.r.Float64() * total
	m := 0
	for ; m < 11 && x > weights[m]; m++ {
		x -= weights[m]
	}
	last := time.Date(ty.year, time.Month(m+2), 0, 0, 0, 0, 0, time.UTC).Day()
	return ty.date(time.Month(m+1), 1+ty.r.IntN(last))
}

// officer and head of a unit key; ok false for a unit without accounts
// (an upper-level body).
func (ty *townYear) staffOf(unit string) (staff, bool) {
	s, ok := ty.g.staff[unit]
	return s, ok
}

// leadOf is the unit that leads a campaign here: its first lead that is a
// town department (the office's choice when the lead is an upper-level
// body: 质监分局, which works with it).
func (ty *townYear) leadOf(no int) string {
	if c, ok := ty.p.CampaignByNo(no); ok {
		for _, l := range c.Lead {
			k := ty.p.KeyOf(l.Dept)
			if _, ok := ty.staffOf(k); ok {
				return k
			}
		}
	}
	return ty.t.key("zjfj")
}

// campaignOf is the number of the first campaign covering a category.
func (ty *townYear) campaignOf(cat string) int {
	for _, c := range ty.p.Campaigns {
		if slices.Contains(c.Categories, cat) {
			return c.No
		}
	}
	return 0
}

// categoryWeights is how often each category comes up: 港口镇 is a
// lighting town, food is everywhere.
var categoryWeights = map[string]float64{"食品": 26, "灯具": 24, "小家电": 8, "服装": 8, "玩具": 6, "儿童用品": 4, "化妆品": 5,
	"建材": 5, "汽车零配件": 5, "化肥": 2, "农药": 2, "种子": 1, "农资": 1, "药品": 3, "燃气灶具": 3, "纺织品": 2, "兽用抗菌药": 0.5, dajia.OtherCategory: 3}

func (ty *townYear) category() string {
	cats := ty.p.Categories()
	total := 0.0
	for _, c := range cats {
		total += categoryWeights[c]
	}
	x := ty.r.Float64() * total
	for _, c := range cats {
		x -= categoryWeights[c]
		if x < 0 {
			return c
		}
	}
	return cats[0]
}

func (ty *townYear) productOf(cat string) product {
	if ps, ok := products[cat]; ok {
		return pick(ty.r, ps)
	}
	return product{"日用品", "件", 30}
}

// creditCode is a valid 统一社会信用代码 of an enterprise of the town.
func creditCode(r *rand.Rand, area string) string {
	const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	org := make([]byte, 8)
	sum := 0
	for i, w := range []int{3, 7, 9, 10, 5, 8, 4, 2} {
		d := r.IntN(10)
		org[i] = byte('0' + d)
		sum += d * w
	}
	c := 11 - sum%11
	check := byte('0' + c)
	if c == 10 {
		check = 'X'
	} else if c == 11 {
		check = '0'
	}
	code := "91" + area + string(org) + string(check)
	sum = 0
	for i, ch := range code {
		sum += indexOf(alphabet, ch) * []int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}[i]
	}
	return code + string(alphabet[(31-sum%31)%31])
}

func indexOf(s string, r rune) int {
	for i, c := range s {
		if c == r {
			return i
		}
	}
	return 0
}

// runYear fills one year of a batch of towns on one timeline.
func (g *gen) runYear(ctx context.Context, towns []town, year int) error {
	g.prog.startBatch(len(towns))
	var tys []*townYear
	for _, t := range towns {
		v, err := g.db.Plan(ctx, t.planID(year))
		if err != nil {
			return err
		}
		ty := &townYear{g: g, t: t, year: year, p: v.Plan, r: rand.New(rand.NewPCG(g.cfg.Seed, uint64(t.index)<<16|uint64(year)))}
		tys = append(tys, ty)
		// The market entities are registered in January, by the office.
		g.later(at(ty.date(1, 3), 9, 0), "entities", ty.makeEntities)
	}
	for _, ty := range tys {
		ty.plan()
	}
	if err := g.drain(ctx, year); err != nil {
		return err
	}
	g.prog.townsDone(len(towns))
	return nil
}

// plan schedules the town's year: the entities come first (above); the
// rest is scheduled here and runs in date order.
func (ty *townYear) plan() {
	g := ty.g
	g.later(at(ty.date(1, 4), 9, 0), "year", func(ctx context.Context) error {
		ty.scheduleReports(ctx)
		for i, n := 0, ty.n(170); i < n; i++ {
			ty.scheduleTip()
		}
		for i, n := 0, ty.n(110); i < n; i++ {
			ty.scheduleInspection(false)
		}
		for i, n := 0, ty.n(36); i < n; i++ {
			ty.scheduleSampling()
		}
		for i, n := 0, ty.n(28); i < n; i++ {
			ty.scheduleSurvey()
		}
		for i, n := 0, ty.n(10); i < n; i++ {
			ty.scheduleReferral()
		}
		for i, n := 0, ty.n(24); i < n; i++ {
			ty.schedulePublicity(ty.dayIn(), 0, nil)
		}
		ty.scheduleActions()
		ty.scheduleRectifications()
		return nil
	})
}

func (ty *townYear) makeEntities(ctx context.Context) error {
	n := max(12, ty.n(80))
	area := ty.t.code[:6]
	for i := 0; i < n; i++ {
		k := shopKinds[i%len(shopKinds)]
		v := pick(ty.r, ty.t.villages)
		e := entity{name: trimTo(shortName(ty.t.name)+pick(ty.r, shopWords)+k.suffix, 60), village: v, kind: k,
			address: fmt.Sprintf("%s%s%s%d号", ty.t.name, v, pick(ty.r, streets), 1+ty.r.IntN(300))}
		if len(k.cats) > 0 {
			e.category = pick(ty.r, k.cats)
		}
		in := app.EntityInput{Name: e.name, Kind: dajia.EntityKind(k.kind), Village: v, Address: e.address}
		if chance(ty.r, 0.85) {
			e.credit = creditCode(ty.r, area)
			in.CreditCode = e.credit
		}
		if chance(ty.r, 0.6) {
			in.LegalRep = personName(ty.r)
		}
		got, err := ty.g.a.CreateEntity(ctx, ty.g.office, in)
		if dajia.ErrorCode(err) == dajia.Conflict {
			// A name or code drawn twice, or registered before (--force):
			// the one registered stands.
			found, ferr := ty.g.a.FindEntities(ctx, ty.g.office, e.name)
			if ferr != nil {
				return ferr
			}
			for _, f := range found {
				if f.Name == e.name && !slices.ContainsFunc(ty.entities, func(x entity) bool { return x.id == f.ID }) {
					e.id, e.credit, e.village, e.address = f.ID, f.CreditCode, f.Village, f.Address
					ty.entities = append(ty.entities, e)
				}
			}
			continue
		}
		if err != nil {
			return fmt.Errorf("entity %s: %w", e.name, err)
		}
		e.id = got.ID
		ty.entities = append(ty.entities, e)
		ty.g.count("entities")
	}
	return nil
}

// entityFor is an entity that deals in the category, or any.
func (ty *townYear) entityFor(cat string) entity {
	var fit []entity
	for _, e := range ty.entities {
		if slices.Contains(e.kind.cats, cat) {
			fit = append(fit, e)
		}
	}
	if len(fit) == 0 {
		return pick(ty.r, ty.entities)
	}
	return pick(ty.r, fit)
}

// actionOn is a joint action running on day d that the unit takes part
// in, or 0.
func (ty *townYear) actionOn(d dajia.Date, unit string) int64 {
	for _, a := range ty.actions {
		if d.Within(a.start, a.end) && (unit == "" || slices.Contains(a.units, unit)) {
			return a.id
		}
	}
	return 0
}

// money is an amount in yuan for json.Number.
func money(yuan int) json.Number { return json.Number(strconv.Itoa(yuan)) }
