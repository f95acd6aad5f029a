package demo

import (
	"context"
	"fmt"
	"time"

	"dajia"
	"dajia/app"
)

// after is a time in office hours on the working day on or after n
// calendar days after d.
func (ty *townYear) after(d dajia.Date, n int) time.Time {
	return ty.g.officeHours(ty.r, d.AddDays(n))
}

func dayOf(t time.Time) dajia.Date { return dajia.DateOf(t.In(dajia.ChinaTime)) }

// scheduleTip schedules a submission from the public on a day of the
// year, at any hour: through the public intake, as the form sends it.
func (ty *townYear) scheduleTip() {
	d := ty.dayIn()
	when := at(d, 7+ty.r.IntN(15), ty.r.IntN(60))
	cat := ty.category()
	e := ty.entityFor(cat)
	pr := ty.productOf(cat)
	brand := ty.brand(cat)
	kind := string(dajia.TipReport)
	switch x := ty.r.Float64(); {
	case x < 0.35:
		kind = string(dajia.TipComplaint)
	case x < 0.40:
		kind = dajia.TipBoth
	}
	var desc string
	i := ty.r.IntN(len(tipTexts))
	if i == 0 && !durable[cat] {
		i = 4 // no 3C mark on food
	}
	switch {
	case kind == string(dajia.TipComplaint):
		desc = fmt.Sprintf(pick(ty.r, complaintTexts[durable[cat]]), e.name, pr.name)
	case i == 1:
		desc = fmt.Sprintf(tipTexts[i], e.name, brand, pr.name)
	case i == 2 || i == 5:
		desc = fmt.Sprintf(tipTexts[i], e.name, pr.name, brand)
	default:
		desc = fmt.Sprintf(tipTexts[i], e.name, pr.name)
	}
	sub := dajia.TipSubmission{Kind: kind, Category: cat, Stage: dajia.StageSelling, Online: e.kind.kind == "online" && chance(ty.r, 0.7),
		BusinessName: e.name, Address: e.address, Village: e.village, Description: desc, OccurredOn: d.AddDays(-ty.r.IntN(10)).String()}
	if e.kind.kind == "producer" || e.kind.kind == "workshop" || e.kind.kind == "dyeing" {
		sub.Stage = dajia.StageMaking
	}
	if sub.OccurredOn < fmt.Sprintf("%d-01-01", ty.year) {
		sub.OccurredOn = ""
	}
	if chance(ty.r, 0.3) {
		sub.CreditCode = e.credit
	}
	if kind != string(dajia.TipReport) || chance(ty.r, 0.45) {
		sub.ContactName = personName(ty.r)
		sub.ContactPhone = fmt.Sprintf("13%d%08d", 5+ty.r.IntN(5), ty.r.IntN(100000000))
	}
	ty.g.later(when, "tip", func(ctx context.Context) error {
		taken, err := ty.g.a.TakeTips(ctx, dajia.PublicActor("203.0.113.7"), ty.p.ID, sub, nil, "web")
		if err != nil {
			return err
		}
		for _, tk := range taken {
			ty.g.count("tips")
			ty.handleTip(tk.Tip, e, cat)
		}
		return nil
	})
}

// handleTip schedules a tip's handling: the office forwards what waits in
// its queue; the unit accepts within days (now and then late), makes a
// clue of a report, decides, replies and closes. Some are still open on
// the demo's today.
func (ty *townYear) handleTip(t dajia.Tip, e entity, cat string) {
	received := t.ReceivedOn
	unit := ""
	if len(t.Handlers) > 0 {
		unit = t.Handlers[0]
	}
	var ch chain
	step := func(when time.Time, who dajia.Actor, name string, in app.TipStepInput) {
		ty.g.later(ch.next(when), "tip "+name, func(ctx context.Context) error {
			_, err := ty.g.a.TipStep(ctx, who, t.ID, name, in)
			return err
		})
	}
	start := received
	if _, ok := ty.staffOf(unit); !ok {
		// In the office's queue (an upper-level lead, an online shop, no
		// campaign): the office assigns it to the campaign's town lead.
		unit = ty.leadOf(t.CampaignNo)
		if t.CampaignNo == 0 {
			unit = ty.t.key("gsfj")
		}
		when := ty.g.officeHours(ty.r, received.AddDays(1+ty.r.IntN(2)))
		start = dayOf(when)
		step(when, ty.g.office, "assign", app.TipStepInput{Units: []string{unit}})
	}
	s, _ := ty.staffOf(unit)
	delay := 1 + ty.r.IntN(4)
	if chance(ty.r, 0.08) {
		delay = 9 + ty.r.IntN(10) // past the clock
	}
	acceptAt := ty.after(start, delay)
	if t.Kind == dajia.TipComplaint && chance(ty.r, 0.1) {
		step(acceptAt, s.officer, "refuse", app.TipStepInput{Note: "不属于本部门职责范围，已告知投诉人向有关部门反映", Reply: "您的投诉不属于本部门受理范围，请向消费者委员会反映。"})
		step(ty.after(dayOf(acceptAt), 1), s.officer, "close", app.TipStepInput{})
		return
	}
	step(acceptAt, s.officer, "accept", app.TipStepInput{})
	if t.Kind == dajia.TipReport && chance(ty.r, 0.75) {
		ty.g.later(acceptAt.Add(30*time.Minute), "clue from tip", func(ctx context.Context) error {
			c, err := ty.g.a.ClueFromTip(ctx, s.officer, t.ID, "")
			if err != nil {
				return err
			}
			ty.g.count("clues")
			ty.handleClue(c, s, e, cat, t.CampaignNo)
			return nil
		})
	}
	decideAt := ty.after(dayOf(acceptAt), 5+ty.r.IntN(20))
	if chance(ty.r, 0.07) {
		decideAt = ty.after(dayOf(acceptAt), 40+ty.r.IntN(30)) // past the clock
	}
	if t.Kind == dajia.TipComplaint {
		step(decideAt, s.officer, "decide", app.TipStepInput{Note: pick(ty.r, []string{"经调解，双方达成协议，商家退货退款", "经调解，商家更换商品并赔偿", "调解未达成协议，终止调解，告知投诉人可依法起诉"}),
			Reply: "您的投诉已处理完毕，感谢您对打假工作的支持。"})
	} else {
		step(decideAt, s.officer, "decide", app.TipStepInput{Note: pick(ty.r, []string{"经核查，举报情况基本属实，已立案查处", "经现场核查，未发现举报所述违法行为", "经核查，部分属实，已责令改正"}),
			Reply: "您举报的问题已核查处理，感谢您的支持。"})
	}
	step(ty.after(dayOf(decideAt), 1+ty.r.IntN(3)), s.officer, "close", app.TipStepInput{})
}

// handleClue schedules the decision on a clue within its 15 working days
// mostly; some late, some still pending on the demo's today; about half
// become cases.
func (ty *townYear) handleClue(c dajia.Clue, s staff, e entity, cat string, no int) {
	if s.officer.Unit != c.LeadUnit {
		var ok bool
		if s, ok = ty.staffOf(c.LeadUnit); !ok {
			return
		}
	}
	received := c.ReceivedOn
	if received.IsZero() {
		received = dayOf(ty.g.clock.Now())
	}
	x := ty.r.Float64()
	if x < 0.06 {
		return // forgotten: overdue once its clock runs out
	}
	delay := 2 + ty.r.IntN(14)
	if x < 0.16 {
		delay = 25 + ty.r.IntN(20) // decided past the clock
	}
	when := ty.after(received, delay)
	if chance(ty.r, 0.5) {
		ty.g.later(when, "decline clue", func(ctx context.Context) error {
			_, err := ty.g.a.ClueStep(ctx, s.officer, c.ID, "decline", app.ClueStepInput{Note: pick(ty.r, []string{"经核查未发现违法事实", "证据不足，不予立案", "情节轻微并及时改正，不予立案"})})
			return err
		})
		return
	}
	ty.g.later(when, "open case", func(ctx context.Context) error {
		f := ty.caseFacts(cat, no, e, dayOf(when))
		in := app.CaseInput{ClueID: c.ID, OpenedOn: dayOf(when).String(), Violations: f.Violations, EntityID: e.id}
		if prefix, ok := ty.g.typed[c.LeadUnit]; ok {
			k := fmt.Sprintf("%s/%d", c.LeadUnit, ty.year)
			ty.g.caseSeq[k]++
			in.Number = dajia.FormatCaseNumber(prefix, ty.year, ty.g.caseSeq[k])
		}
		k, err := ty.g.a.OpenCase(ctx, s.officer, in)
		if err != nil {
			return err
		}
		ty.g.count("cases")
		if k, err = ty.g.a.UpdateCaseFacts(ctx, s.officer, k.ID, f); err != nil {
			return err
		}
		rules, err := ty.g.a.CaseRules(ctx)
		if err != nil {
			return err
		}
		ty.runCase(k.ID, s, dayOf(when), k.Case.ConsiderTransfer(rules.Thresholds))
		return nil
	})
}

// caseFacts are a case's goods and amounts: mostly small, a few past the
// criminal threshold (50,000 yuan of sales of fakes), a few major.
func (ty *townYear) caseFacts(cat string, no int, e entity, opened dajia.Date) app.CaseFacts {
	f := app.CaseFacts{CampaignNo: no, EntityID: e.id}
	v := dajia.ViolationFakeInferior
	switch x := ty.r.Float64(); {
	case x < 0.3:
		v = dajia.ViolationSellCounterfeitMark
	case x < 0.5:
		v = dajia.ViolationLabel
	case x < 0.55:
		v = dajia.ViolationUnlicensed
	}
	sales, unsold := 0, 0
	// A den of fakes: goods by the hundred thousand; the concentrated
	// phase finds one at least.
	big := chance(ty.r, 0.045) || (ty.bigs == 0 && opened.Month >= 9)
	if big {
		ty.bigs++
	}
	if big && (v == dajia.ViolationLabel || v == dajia.ViolationUnlicensed) {
		v = dajia.ViolationFakeInferior
	}
	f.Violations = []dajia.Violation{v}
	for i, n := 0, 1+ty.r.IntN(3); i < n; i++ {
		pr := ty.productOf(cat)
		price := max(1, pr.price*(60+ty.r.IntN(50))/100)
		// A line of goods is worth up to some ten thousand yuan in a
		// common case, up to a few hundred thousand in a big one.
		qty := 1 + ty.r.IntN(max(1, 12000/price))
		if big {
			qty = max(1, (60000+ty.r.IntN(240000))/price)
		}
		f.Goods = append(f.Goods, app.GoodsInput{Name: pr.name, Brand: ty.brand(cat), Quantity: money(qty), Unit: pr.unit, UnitPrice: money(price)})
		sold := qty * price * (30 + ty.r.IntN(60)) / 100
		sales += sold
		unsold += qty*price - sold
	}
	if big && sales < 52000 {
		sales = 52000 + ty.r.IntN(90000)
	}
	f.Sales, f.Unsold = money(sales), money(unsold)
	if v != dajia.ViolationLabel {
		f.Gains = money(sales / 5)
	}
	f.Fine = money(max(2000, sales*(1+ty.r.IntN(3))/100*10))
	f.Confiscation = money(sales / 5)
	if chance(ty.r, 0.02) {
		f.Media = true
	}
	if chance(ty.r, 0.015) {
		f.CrossRegion = true
	}
	return f
}

// runCase schedules a case's lifecycle after it is opened: most run to
// closing in weeks to months, a few end without a penalty; most of those
// over a criminal threshold go to the police, the others are closed with
// the reason they were not transferred.
func (ty *townYear) runCase(id int64, s staff, opened dajia.Date, overThreshold bool) {
	d := opened
	var ch chain
	step := func(gap int, who dajia.Actor, name, note string) {
		d = d.AddDays(gap)
		ty.g.later(ch.next(ty.g.officeHours(ty.r, d)), "case "+name, func(ctx context.Context) error {
			_, err := ty.g.a.CaseStep(ctx, who, id, name, app.CaseStepInput{Note: note})
			return err
		})
	}
	step(1+ty.r.IntN(6), s.officer, "investigate", "")
	closeNote := ""
	if overThreshold {
		if chance(ty.r, 0.8) {
			step(3+ty.r.IntN(10), s.officer, "transfer_propose", "涉案金额达到刑事立案追诉标准，涉嫌犯罪")
			step(1, s.head, "transfer_approve", "同意移送")
			step(1, s.officer, "transfer_send", "已移送公安分局")
			if chance(ty.r, 0.85) {
				step(5+ty.r.IntN(20), s.officer, "police_filed", "公安分局已立案侦查")
			} else {
				step(5+ty.r.IntN(20), s.officer, "police_refused", "公安分局审查认为不构成犯罪，退回处理")
			}
			return
		}
		closeNote = "经鉴定实际货值未达到刑事立案追诉标准"
	}
	step(15+ty.r.IntN(40), s.officer, "review", "")
	if chance(ty.r, 0.1) && !overThreshold {
		step(2+ty.r.IntN(5), s.head, "no_penalty", "违法行为轻微并及时改正，没有造成危害后果")
		step(3+ty.r.IntN(5), s.head, "close", "")
		return
	}
	step(2+ty.r.IntN(4), s.officer, "notify", "")
	step(3+ty.r.IntN(5), s.officer, "hear", "")
	step(2+ty.r.IntN(6), s.head, "decide", "")
	// The penalty is made public within days of the decision; now and
	// then a unit forgets, and the office's to-do shows it.
	if chance(ty.r, 0.93) {
		step(1+ty.r.IntN(4), s.officer, "publish", "")
	}
	step(5+ty.r.IntN(20), s.officer, "execute", "")
	step(2+ty.r.IntN(8), s.head, "close", closeNote)
}

// scheduleReferral is a clue referred by the city office (上级交办).
func (ty *townYear) scheduleReferral() {
	d := ty.g.workday(ty.dayIn())
	cat := ty.category()
	no := ty.campaignOf(cat)
	unit := ty.leadOf(no)
	s, _ := ty.staffOf(unit)
	e := ty.entityFor(cat)
	pr := ty.productOf(cat)
	ty.g.later(ty.g.officeHours(ty.r, d), "referral", func(ctx context.Context) error {
		c, err := ty.g.a.CreateClue(ctx, s.officer, app.ClueInput{PlanID: ty.p.ID, Source: dajia.ClueFromReferral,
			SourceRef: fmt.Sprintf("中打假办交〔%d〕%d号", ty.year, 1+ty.r.IntN(90)), ReceivedOn: d.String(), CampaignNo: no, EntityID: e.id,
			ActionID: ty.actionOn(d, unit),
			Summary:  fmt.Sprintf("上级交办：%s涉嫌销售假冒伪劣%s", e.name, pr.name)})
		if err != nil {
			return err
		}
		ty.g.count("clues")
		ty.handleClue(c, s, e, cat, no)
		return nil
	})
}

// chain keeps the steps of one record in order when working days shift
// two of them onto one day.
type chain struct{ last time.Time }

func (c *chain) next(t time.Time) time.Time {
	if !t.After(c.last) {
		t = c.last.Add(20 * time.Minute)
	}
	c.last = t
	return t
}

// brand is a mark of the category's.
func (ty *townYear) brand(cat string) string {
	return brandOf(func(xs []string) string { return pick(ty.r, xs) }, cat)
}
