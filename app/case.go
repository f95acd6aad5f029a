package app

import (
	"context"
	"encoding/json"
	"slices"
	"strings"

	"dajia"
	"dajia/store"
)

// CaseInput is what staff type in to open a case (立案) from a clue. What
// is left out is the clue's: its campaign and entity; the number, when not
// typed, is the next of the lead unit's series.
type CaseInput struct {
	ClueID      int64             `json:"clue"`
	Number      string            `json:"number"`
	CampaignNo  int               `json:"campaign_no"`
	Cooperating []string          `json:"cooperating"`
	EntityID    int64             `json:"entity_id"`
	Violations  []dajia.Violation `json:"violations"`
	OpenedOn    string            `json:"opened_on"`
	// ActionID is the joint action the case is tagged with; 0 takes the
	// clue's, -1 none.
	ActionID int64 `json:"action_id"`
}

func caseNotFound() error {
	return dajia.Errorf(dajia.NotFound, "case", "没有这个案件")
}

// cooperating resolves the cooperating units named by key, name or alias
// in the plan p: each once, none the lead unit or the office.
func cooperating(p *dajia.Plan, lead string, refs []string) ([]string, error) {
	var out []string
	for _, ref := range refs {
		if strings.TrimSpace(ref) == "" {
			continue
		}
		r, ok := p.Lookup(strings.TrimSpace(ref))
		if !ok || r.Unit.Key == dajia.OfficeKey {
			return nil, dajia.Errorf(dajia.Invalid, "cooperating", "方案中没有单位 %q", ref)
		}
		if r.Unit.Key == lead {
			return nil, dajia.Errorf(dajia.Invalid, "cooperating", "主办单位不能同时是协办单位")
		}
		if !slices.Contains(out, r.Unit.Key) {
			out = append(out, r.Unit.Key)
		}
	}
	return out, nil
}

// campaign checks a campaign number against the plan p.
func campaign(p *dajia.Plan, no int) error {
	if no == 0 {
		return nil
	}
	if _, ok := p.CampaignByNo(no); !ok {
		return dajia.Errorf(dajia.Invalid, "campaign_no", "方案中没有第 %d 项专项行动", no)
	}
	return nil
}

// reckon sets what the lists keep beside a case: its earliest running
// deadline on day today, and whether the major rules make it major.
func (a *App) reckon(r *store.CaseRecord, today dajia.Date, major []dajia.MajorRule) error {
	k, _, err := r.Case.Clock(today, a.cal)
	if err != nil {
		return err
	}
	r.Due, r.DueWhat = k.Due, k.What
	r.IsMajor, _ = r.Case.Major(major)
	return nil
}

// caseNumber checks a typed number and writes it in the proper form: of
// the lead unit's series (its prefix, the year the case is opened) when
// the unit has a prefix. Without a typed number the unit must have one.
func (a *App) caseNumber(ctx context.Context, typed, unit string, year int) (string, error) {
	prefix, ok, err := a.db.CasePrefix(ctx, unit)
	if err != nil {
		return "", err
	}
	if strings.TrimSpace(typed) == "" {
		if !ok {
			return "", dajia.Errorf(dajia.Invalid, "number", "本单位尚未设置案件编号前缀：请打假办或本单位负责人先设置前缀，或填写案件编号")
		}
		return "", nil
	}
	p, y, seq, err := dajia.ParseCaseNumber(typed)
	if err != nil {
		return "", err
	}
	number := dajia.FormatCaseNumber(p, y, seq)
	if ok {
		if err := dajia.CheckCaseNumber(number, prefix, year); err != nil {
			return "", err
		}
	} else if y != year {
		return "", dajia.Errorf(dajia.Invalid, "number", "案件编号的年份应为立案年份 %d", year)
	}
	return number, nil
}

// OpenCase opens a case (立案) from a clue the actor handles that waits
// for its decision. The case takes the clue's plan, lead unit, campaign and
// entity unless given; its number is the typed one (checked against the
// unit's prefix and the year) or the next of the unit's series. The case,
// its number, the clue's decision and both audit records are saved in one
// transaction.
func (a *App) OpenCase(ctx context.Context, actor dajia.Actor, in CaseInput) (store.CaseRecord, error) {
	clue, err := a.Clue(ctx, actor, in.ClueID)
	if err != nil {
		return store.CaseRecord{}, err
	}
	today := dajia.Today(a.clock)
	// The clue's own rules first, on a copy: who may open it, and only
	// while it is pending.
	probe := clue
	if _, err := probe.Open(actor, today, 1); err != nil {
		return store.CaseRecord{}, err
	}
	v, err := a.db.PlanVersion(ctx, clue.PlanID, 0)
	if err != nil {
		return store.CaseRecord{}, err
	}
	c := dajia.Case{ClueID: clue.ID, LeadUnit: clue.LeadUnit, CampaignNo: clue.CampaignNo, EntityID: clue.EntityID,
		Violations: distinct(in.Violations), Status: dajia.CaseOpened}
	if in.CampaignNo != 0 {
		c.CampaignNo = in.CampaignNo
	}
	if in.EntityID != 0 {
		c.EntityID = in.EntityID
	}
	c.ActionID = clue.ActionID
	if in.ActionID == -1 {
		c.ActionID = 0
	} else if in.ActionID != 0 {
		if err := a.checkTag(ctx, in.ActionID, c.LeadUnit, clue.PlanID); err != nil {
			return store.CaseRecord{}, err
		}
		c.ActionID = in.ActionID
	}
	if c.OpenedOn, err = formDate("opened_on", in.OpenedOn, today); err != nil {
		return store.CaseRecord{}, err
	}
	if c.OpenedOn.After(today) || c.OpenedOn.Before(clue.ReceivedOn) {
		return store.CaseRecord{}, dajia.Errorf(dajia.Invalid, "opened_on", "立案日期不能晚于今天，也不能早于收到线索的日期")
	}
	if err := a.caseFacts(ctx, v.Plan, &c, in.Cooperating); err != nil {
		return store.CaseRecord{}, err
	}
	if c.Number, err = a.caseNumber(ctx, in.Number, c.LeadUnit, c.OpenedOn.Year); err != nil {
		return store.CaseRecord{}, err
	}
	if err := c.Check(); err != nil {
		return store.CaseRecord{}, err
	}
	rules, err := a.CaseRules(ctx)
	if err != nil {
		return store.CaseRecord{}, err
	}
	r := store.CaseRecord{Case: c, PlanID: clue.PlanID}
	if err := a.reckon(&r, today, rules.Major); err != nil {
		return r, err
	}
	return a.db.CreateCase(ctx, actor, r, func(cl *dajia.Clue, id int64) (dajia.ClueStep, error) {
		st, err := cl.Open(actor, today, id)
		if err != nil {
			return st, err
		}
		return st, cl.Reclock(today, a.cal)
	})
}

// caseFacts checks the references of a case against its plan: the
// cooperating units, the campaign and the entity.
func (a *App) caseFacts(ctx context.Context, p *dajia.Plan, c *dajia.Case, coop []string) error {
	var err error
	if c.Cooperating, err = cooperating(p, c.LeadUnit, coop); err != nil {
		return err
	}
	if err := campaign(p, c.CampaignNo); err != nil {
		return err
	}
	if c.EntityID < 0 {
		return dajia.Errorf(dajia.Invalid, "entity_id", "没有这个市场主体")
	}
	if c.EntityID != 0 {
		if _, err := a.db.Entity(ctx, c.EntityID); err != nil {
			return err
		}
	}
	return nil
}

// GoodsInput is one line of goods as typed: amounts as decimal text (or
// JSON numbers), quantity in the line's unit, unit price in yuan.
type GoodsInput struct {
	Name      string      `json:"name"`
	Brand     string      `json:"brand"`
	Quantity  json.Number `json:"quantity"`
	Unit      string      `json:"unit"`
	UnitPrice json.Number `json:"unit_price"`
}

// CaseFacts is what is found in a case, as staff record it while it is
// handled. It replaces every fact of the case: amounts in yuan as decimal
// text (at most four decimals; empty is 0).
type CaseFacts struct {
	Violations   []dajia.Violation `json:"violations"`
	Goods        []GoodsInput      `json:"goods"`
	Sales        json.Number       `json:"sales"`
	Unsold       json.Number       `json:"unsold"`
	Gains        json.Number       `json:"gains"`
	Fine         json.Number       `json:"fine"`
	Confiscation json.Number       `json:"confiscation"`
	Marks        int               `json:"marks"`
	Cooperating  []string          `json:"cooperating"`
	CampaignNo   int               `json:"campaign_no"`
	EntityID     int64             `json:"entity_id"`
	CrossRegion  bool              `json:"cross_region"`
	Injured      int               `json:"injured"`
	Dead         int               `json:"dead"`
	Media        bool              `json:"media"`
	SupervisedBy string            `json:"supervised_by"`
	ExcludedDays int               `json:"excluded_days"`
}

// MaxCaseGoods is how many lines of goods a case records.
const MaxCaseGoods = 200

// amount reads an amount field; empty is 0.
func amount(field string, s json.Number) (dajia.Amount, error) {
	if strings.TrimSpace(string(s)) == "" {
		return 0, nil
	}
	v, err := dajia.ParseAmount(string(s))
	if err != nil || v < 0 {
		return 0, dajia.Errorf(dajia.Invalid, field, "金额应为不小于 0 的数，最多四位小数")
	}
	return v, nil
}

// apply sets what the facts record on the case.
func (f CaseFacts) apply(c *dajia.Case) error {
	if len(f.Goods) > MaxCaseGoods {
		return dajia.Errorf(dajia.Invalid, "goods", "物品最多 %d 行", MaxCaseGoods)
	}
	c.Goods = nil
	for _, g := range f.Goods {
		q, err := amount("goods", g.Quantity)
		if err != nil {
			return err
		}
		p, err := amount("goods", g.UnitPrice)
		if err != nil {
			return err
		}
		c.Goods = append(c.Goods, dajia.Goods{Name: strings.TrimSpace(g.Name), Brand: strings.TrimSpace(g.Brand), Quantity: q,
			Unit: strings.TrimSpace(g.Unit), UnitPrice: p})
	}
	for _, a := range []struct {
		field string
		s     json.Number
		to    *dajia.Amount
	}{{"sales", f.Sales, &c.Sales}, {"unsold", f.Unsold, &c.Unsold}, {"gains", f.Gains, &c.Gains}, {"fine", f.Fine, &c.Fine},
		{"confiscation", f.Confiscation, &c.Confiscation}} {
		v, err := amount(a.field, a.s)
		if err != nil {
			return err
		}
		*a.to = v
	}
	if f.ExcludedDays < 0 || f.ExcludedDays > 3650 {
		return dajia.Errorf(dajia.Invalid, "excluded_days", "不计入办案期限的天数应在 0 到 %d 之间", 3650)
	}
	if len([]rune(f.SupervisedBy)) > 100 {
		return dajia.Errorf(dajia.Invalid, "supervised_by", "督办单位最多 %d 个字", 100)
	}
	for _, g := range c.Goods {
		if len([]rune(g.Name)) > 100 || len([]rune(g.Brand)) > 100 || len([]rune(g.Unit)) > 20 {
			return dajia.Errorf(dajia.Invalid, "goods", "物品名称和品牌最多 %d 个字，计量单位最多 %d 个字", 100, 20)
		}
	}
	c.Violations, c.Marks, c.CampaignNo, c.EntityID = distinct(f.Violations), f.Marks, f.CampaignNo, f.EntityID
	c.CrossRegion, c.Injured, c.Dead, c.Media = f.CrossRegion, f.Injured, f.Dead, f.Media
	c.SupervisedBy, c.ExcludedDays = strings.TrimSpace(f.SupervisedBy), f.ExcludedDays
	return nil
}

// FactsOf is the facts of a case as its form shows them.
func FactsOf(c dajia.Case) CaseFacts {
	f := CaseFacts{Violations: c.Violations, Sales: json.Number(c.Sales.String()), Unsold: json.Number(c.Unsold.String()),
		Gains: json.Number(c.Gains.String()), Fine: json.Number(c.Fine.String()), Confiscation: json.Number(c.Confiscation.String()),
		Marks: c.Marks, Cooperating: c.Cooperating, CampaignNo: c.CampaignNo, EntityID: c.EntityID, CrossRegion: c.CrossRegion,
		Injured: c.Injured, Dead: c.Dead, Media: c.Media, SupervisedBy: c.SupervisedBy, ExcludedDays: c.ExcludedDays}
	for _, g := range c.Goods {
		f.Goods = append(f.Goods, GoodsInput{Name: g.Name, Brand: g.Brand, Quantity: json.Number(g.Quantity.String()), Unit: g.Unit,
			UnitPrice: json.Number(g.UnitPrice.String())})
	}
	return f
}

// distinct drops the repeats of a list, keeping the first of each.
func distinct[T comparable](in []T) []T {
	var out []T
	for _, v := range in {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// CaseStepName names a line of a case's timeline: 立案, the facts
// recorded, or the step taken.
func CaseStepName(action string) dajia.Text {
	switch action {
	case "open":
		return "立案"
	case "facts":
		return "记录案情"
	case "document":
		return "添加案件文书"
	case "action":
		return "关联集中行动"
	}
	return dajia.CaseAction(action).Name()
}

// caseOpen reports whether the facts of a case in status s may still
// change: until it is closed or withdrawn.
func caseOpen(s dajia.CaseStatus) bool {
	return s != dajia.CaseClosed && s != dajia.CaseWithdrawn
}

// UpdateCaseFacts records what was found in a case (the facts replace the
// recorded ones) by its handlers, while it is not closed; checked by the
// case's rules, with the deadline and the major flag reckoned again.
func (a *App) UpdateCaseFacts(ctx context.Context, actor dajia.Actor, id int64, f CaseFacts) (store.CaseRecord, error) {
	today := dajia.Today(a.clock)
	rules, err := a.CaseRules(ctx)
	if err != nil {
		return store.CaseRecord{}, err
	}
	cur, err := a.Case(ctx, actor, id)
	if err != nil {
		return cur, err
	}
	v, err := a.db.PlanVersion(ctx, cur.PlanID, 0)
	if err != nil {
		return cur, err
	}
	return a.db.UpdateCase(ctx, actor, id, func(r *store.CaseRecord) (dajia.CaseStep, error) {
		if !r.VisibleTo(actor) {
			return dajia.CaseStep{}, caseNotFound()
		}
		if !r.HandledBy(actor) {
			return dajia.CaseStep{}, dajia.Errorf(dajia.Forbidden, "", "只有主办单位或打假办可以办理")
		}
		if !caseOpen(r.Status) {
			return dajia.CaseStep{}, dajia.Errorf(dajia.Conflict, "status", "案件当前状态为“%s”，不能再修改案情", r.Status.Name())
		}
		if err := f.apply(&r.Case); err != nil {
			return dajia.CaseStep{}, err
		}
		if err := a.caseFacts(ctx, v.Plan, &r.Case, f.Cooperating); err != nil {
			return dajia.CaseStep{}, err
		}
		if err := r.Check(); err != nil {
			return dajia.CaseStep{}, err
		}
		return dajia.CaseStep{Action: "facts"}, a.reckon(r, today, rules.Major)
	})
}

// CaseStepInput is what a step on a case may carry: the note (the reason,
// or the record of the collective decision) and, for extend_more, the
// days.
type CaseStepInput struct {
	Note string `json:"note"`
	Days int    `json:"days"`
}

// CaseStep takes a step on a case the actor may see: a lifecycle step
// (investigate, review, notify, hear, decide, execute, close, no_penalty,
// withdraw), extend, extend_more, publish, or a step of the transfer to the
// police (transfer_propose, transfer_approve, transfer_refuse,
// transfer_send, police_filed, police_refused). The case's rules decide; a
// step its state does not allow is a conflict. The step, the new deadline
// and the audit record are saved in one transaction.
func (a *App) CaseStep(ctx context.Context, actor dajia.Actor, id int64, step string, in CaseStepInput) (store.CaseRecord, error) {
	now := a.clock.Now()
	today := dajia.DateOf(now.In(dajia.ChinaTime))
	rules, err := a.CaseRules(ctx)
	if err != nil {
		return store.CaseRecord{}, err
	}
	act := dajia.CaseAction(step)
	var take func(c *dajia.Case) (dajia.CaseStep, error)
	switch act {
	case dajia.CaseExtend:
		take = func(c *dajia.Case) (dajia.CaseStep, error) { return c.Extend(actor, in.Note) }
	case dajia.CaseExtendMore:
		take = func(c *dajia.Case) (dajia.CaseStep, error) { return c.ExtendMore(actor, in.Days, in.Note) }
	case dajia.CasePublish:
		take = func(c *dajia.Case) (dajia.CaseStep, error) { return c.Publish(actor, today) }
	case dajia.TransferPropose, dajia.TransferApprove, dajia.TransferRefuse, dajia.TransferSend, dajia.PoliceFiled, dajia.PoliceRefused:
		take = func(c *dajia.Case) (dajia.CaseStep, error) { return c.Move(actor, act, now, in.Note) }
	case dajia.CaseInvestigate, dajia.CaseReview, dajia.CaseNotify, dajia.CaseHear, dajia.CaseDecide, dajia.CaseExecute, dajia.CaseClose,
		dajia.CaseNoPenaltyAction, dajia.CaseWithdraw:
		take = func(c *dajia.Case) (dajia.CaseStep, error) {
			return c.Advance(actor, act, today, in.Note, rules.Thresholds)
		}
	default:
		return store.CaseRecord{}, dajia.Errorf(dajia.NotFound, "", "没有这个操作")
	}
	return a.db.UpdateCase(ctx, actor, id, func(r *store.CaseRecord) (dajia.CaseStep, error) {
		if !r.VisibleTo(actor) {
			return dajia.CaseStep{}, caseNotFound()
		}
		st, err := take(&r.Case)
		if err != nil {
			return st, err
		}
		return st, a.reckon(r, today, rules.Major)
	})
}

// Case returns a case the actor may see; another unit's case is not found.
func (a *App) Case(ctx context.Context, actor dajia.Actor, id int64) (store.CaseRecord, error) {
	r, err := a.db.Case(ctx, id)
	if err != nil {
		return r, err
	}
	if !r.VisibleTo(actor) {
		return store.CaseRecord{}, caseNotFound()
	}
	return r, nil
}

// CaseFile is a case as its page shows it: the case, its plan, timeline,
// running deadlines, the criminal thresholds it crosses and whether it
// should be considered for transfer, whether it is major and why, the
// steps the actor may take and whether the actor may record its facts.
type CaseFile struct {
	Case             store.CaseRecord
	Plan             *dajia.Plan
	Events           []store.CaseEvent
	Clocks           []dajia.CaseClock
	Crossed          []dajia.ThresholdRule
	ConsiderTransfer bool
	Major            bool
	MajorWhy         []dajia.MajorRule
	Steps            map[dajia.CaseAction]bool
	EditFacts        bool
	Left             []dajia.Countdown // for each clock, what is left as it counts (CaseDue.Countdown)
	Entity           *dajia.Entity     // the entity the case concerns; nil when none
	ClueCase         bool              // the case was opened from a clue the actor may see
}

// CaseFile returns the file of a case the actor may see.
func (a *App) CaseFile(ctx context.Context, actor dajia.Actor, id int64) (CaseFile, error) {
	r, err := a.Case(ctx, actor, id)
	if err != nil {
		return CaseFile{}, err
	}
	f := CaseFile{Case: r, Steps: r.Steps(actor), EditFacts: r.HandledBy(actor) && caseOpen(r.Status)}
	v, err := a.db.PlanVersion(ctx, r.PlanID, 0)
	if err != nil {
		return f, err
	}
	f.Plan = v.Plan
	if f.Events, err = a.db.CaseEvents(ctx, id); err != nil {
		return f, err
	}
	now := a.clock.Now()
	if f.Clocks, err = r.Clocks(dajia.DateOf(now.In(dajia.ChinaTime)), a.cal); err != nil {
		return f, err
	}
	today := dajia.DateOf(now.In(dajia.ChinaTime))
	for i, k := range f.Clocks {
		f.Clocks[i].Overdue = k.OverdueAt(now)
		f.Left = append(f.Left, k.What.Countdown(a.cal, today, k.Due))
	}
	if r.EntityID != 0 {
		e, err := a.db.Entity(ctx, r.EntityID)
		if err != nil && dajia.ErrorCode(err) != dajia.NotFound {
			return f, err
		}
		if err == nil {
			f.Entity = &e
		}
	}
	if r.ClueID != 0 {
		_, err := a.Clue(ctx, actor, r.ClueID)
		if err != nil && dajia.ErrorCode(err) != dajia.NotFound {
			return f, err
		}
		f.ClueCase = err == nil
	}
	rules, err := a.CaseRules(ctx)
	if err != nil {
		return f, err
	}
	f.Crossed, f.ConsiderTransfer = r.Crossed(rules.Thresholds), r.ConsiderTransfer(rules.Thresholds)
	f.Major, f.MajorWhy = r.Case.Major(rules.Major)
	return f, nil
}

// CaseQuery is a list of cases as staff ask for it.
type CaseQuery struct {
	PlanID     string           // "" is every plan's
	Unit       string           // "" is every unit the actor sees; a unit: the cases it leads or cooperates on
	Status     dajia.CaseStatus // "" is every status
	CampaignNo int              // 0: every campaign
	Overdue    bool             // only the cases past a deadline
	Transfer   string           // "" any; "none" or a dajia.TransferStatus
	MajorOnly  bool
	Action     int64  // only the cases a joint action's results count: tagged with it and opened inside its dates
	Month      string // "YYYY-MM": only the cases opened in that month; "" any
	// Lead "1" keeps, of Unit's cases, those it leads; Concluded "1" the
	// cases brought to an end: the review's 案件办结率. Transfer may also
	// be TimelyJudged or TimelyIn: the transfers the review judges, or
	// those whose every step kept its clock.
	Lead, Concluded string
	// Query keeps the cases whose text holds each of its words, as the
	// search over every plan finds them (dajia.TipSearchWords splits it).
	Query  string
	Limit  int // per page; 0 is 50
	Offset int
}

// CaseList is one page of cases with the counts over all of them.
type CaseList struct {
	Cases   []store.CaseRecord
	Total   int
	Overdue int
	Next    int                       // offset of the next page; 0 when this is the last
	Names   map[int64]string          // the page's entities' names, by id
	Left    map[int64]dajia.Countdown // by case: what is left before its deadline, as it counts (CaseDue.Countdown)
	// Consider marks the cases of the page that raise the "consider
	// transfer" task under the thresholds in force.
	Consider map[int64]bool
}

// Cases lists the cases the actor may see (a unit: those it leads or
// cooperates on; the office and leaders: all; administrators: none), the
// most urgent first, a page at a time; the counts are over every page.
func (a *App) Cases(ctx context.Context, actor dajia.Actor, q CaseQuery) (CaseList, error) {
	today := dajia.Today(a.clock)
	f, err := a.caseListFilter(ctx, actor, q, today)
	if err != nil {
		return CaseList{}, err
	}
	c, err := a.db.CountCases(ctx, f, today)
	if err != nil {
		return CaseList{}, err
	}
	recs, err := a.db.Cases(ctx, f)
	if err != nil {
		return CaseList{}, err
	}
	rules, err := a.CaseRules(ctx)
	if err != nil {
		return CaseList{}, err
	}
	l := CaseList{Cases: recs, Total: c.Total, Overdue: c.Overdue, Left: map[int64]dajia.Countdown{}, Consider: map[int64]bool{}}
	if f.Offset+len(recs) < c.Total {
		l.Next = f.Offset + len(recs)
	}
	var ids []int64
	for _, r := range recs {
		if r.EntityID != 0 {
			ids = append(ids, r.EntityID)
		}
		l.Consider[r.ID] = r.ConsiderTransfer(rules.Thresholds)
		// A day outside the calendar's years leaves the count unknown
		// rather than the list out of the page.
		if !r.Due.IsZero() {
			l.Left[r.ID] = r.DueWhat.Countdown(a.cal, today, r.Due)
		}
	}
	l.Names, err = a.db.EntityNames(ctx, ids)
	return l, err
}

// caseListFilter is caseFilter with the review's transfer sets resolved:
// the transfers of the plan's cases the Unit leads that the review judges
// (TimelyJudged) or judges in time (TimelyIn), by the same rule and moment
// as the scorecard's.
func (a *App) caseListFilter(ctx context.Context, actor dajia.Actor, q CaseQuery, today dajia.Date) (store.CaseFilter, error) {
	want := q.Transfer
	if want == TimelyJudged || want == TimelyIn {
		q.Transfer = ""
	}
	f, err := caseFilter(actor, q, today)
	if err != nil || (want != TimelyJudged && want != TimelyIn) {
		return f, err
	}
	if q.PlanID == "" {
		return f, dajia.Errorf(dajia.Invalid, "transfer", "按时移送筛选需要指定方案")
	}
	if f.Units != nil && len(f.Units) == 0 {
		return f, nil
	}
	cases, err := a.db.ReviewCases(ctx, q.PlanID, f.Units)
	if err != nil {
		return f, err
	}
	now := a.clock.Now()
	f.IDs = []int64{}
	for _, c := range cases {
		judged, inTime, err := c.TransferTimely(now, a.cal)
		if err != nil {
			return f, err
		}
		if judged && (want == TimelyJudged || inTime) {
			f.IDs = append(f.IDs, c.ID)
		}
	}
	return f, nil
}

// caseFilter is the store's filter of a list query as the actor may ask
// it: a unit sees the cases it leads or cooperates on, the office and
// leaders all, administrators none.
func caseFilter(actor dajia.Actor, q CaseQuery, today dajia.Date) (store.CaseFilter, error) {
	f := store.CaseFilter{PlanID: q.PlanID, CampaignNo: q.CampaignNo, Overdue: q.Overdue, Today: today, MajorOnly: q.MajorOnly,
		Limit: q.Limit, Offset: max(q.Offset, 0), ActionID: q.Action}
	switch dajia.TransferStatus(q.Transfer) {
	case "", "none", store.TransferRunning, dajia.TransferProposed, dajia.TransferApproved, dajia.TransferRefused, dajia.TransferSent, dajia.TransferFiled, dajia.TransferNotFiled:
		f.Transfer = q.Transfer
	default:
		return f, dajia.Errorf(dajia.Invalid, "transfer", "没有移送状态“%s”", q.Transfer)
	}
	f.Units = listUnits(actor, q.Unit)
	words, err := dajia.TipSearchWords(q.Query)
	if err != nil {
		return f, err
	}
	f.Words = words
	if q.Status != "" {
		f.Statuses = []dajia.CaseStatus{q.Status}
	}
	switch q.Lead {
	case "":
	case "1":
		if f.Units == nil {
			return f, dajia.Errorf(dajia.Invalid, "lead", "牵头筛选需要指定单位")
		}
		f.LeadOnly = true
	default:
		return f, dajia.Errorf(dajia.Invalid, "lead", "牵头筛选应为 1，不能是“%s”", q.Lead)
	}
	switch q.Concluded {
	case "":
	case "1":
		f.Concluded = true
	default:
		return f, dajia.Errorf(dajia.Invalid, "concluded", "办结筛选应为 1，不能是“%s”", q.Concluded)
	}
	if q.Month != "" {
		first, last, ok := dajia.MonthRange(q.Month)
		if !ok {
			return f, dajia.Errorf(dajia.Invalid, "month", "月份“%s”应为 YYYY-MM", q.Month)
		}
		f.OpenedFrom, f.OpenedTo = first, last
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	return f, nil
}
