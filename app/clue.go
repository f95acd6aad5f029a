package app

import (
	"context"
	"strings"

	"dajia"
	"dajia/store"
)

// ClueInput is what staff type in for a clue that is not a tip's: an
// upper level's referral, another department's transfer, or a clue found
// by the units' own work.
type ClueInput struct {
	PlanID      string           `json:"plan"`
	Source      dajia.ClueSource `json:"source"`
	SourceRef   string           `json:"source_ref"`
	ReferralDue string           `json:"referral_due"`
	ReceivedOn  string           `json:"received_on"`
	LeadUnit    string           `json:"lead_unit"`
	CampaignNo  int              `json:"campaign_no"`
	EntityID    int64            `json:"entity_id"`
	Summary     string           `json:"summary"`
	ActionID    int64            `json:"action_id"` // the joint action it came from; 0: none
}

// leadUnit resolves the lead unit of a new clue in the plan p and checks
// that the actor may take a clue in for it: the office for any unit, a
// unit's officer or head for their own.
func leadUnit(actor dajia.Actor, p *dajia.Plan, ref string) (string, error) {
	if actor.Role != dajia.RoleOffice && actor.Role != dajia.RoleOfficer && actor.Role != dajia.RoleHead {
		return "", dajia.Errorf(dajia.Forbidden, "", "只有承办单位或打假办可以办理")
	}
	if strings.TrimSpace(ref) == "" && actor.Role != dajia.RoleOffice {
		ref = actor.Unit
	}
	r, ok := p.Lookup(ref)
	if !ok || r.Unit.Key == dajia.OfficeKey {
		return "", dajia.Errorf(dajia.Invalid, "lead_unit", "请选择承办单位")
	}
	if actor.Role != dajia.RoleOffice && r.Unit.Key != actor.Unit {
		return "", dajia.Errorf(dajia.Forbidden, "", "只有承办单位或打假办可以办理")
	}
	return r.Unit.Key, nil
}

// CreateClue takes in a clue typed in by staff under the current version of
// the plan. A tip becomes a clue by ClueFromTip only.
func (a *App) CreateClue(ctx context.Context, actor dajia.Actor, in ClueInput) (dajia.Clue, error) {
	v, err := a.db.Plan(ctx, in.PlanID)
	if err != nil {
		return dajia.Clue{}, err
	}
	lead, err := leadUnit(actor, v.Plan, in.LeadUnit)
	if err != nil {
		return dajia.Clue{}, err
	}
	if in.Source.Tip() {
		return dajia.Clue{}, dajia.Errorf(dajia.Invalid, "source", "举报投诉请从举报投诉转为线索")
	}
	today := dajia.Today(a.clock)
	c := dajia.Clue{PlanID: v.PlanID, Source: in.Source, SourceRef: in.SourceRef, LeadUnit: lead, CampaignNo: in.CampaignNo,
		EntityID: in.EntityID, Summary: in.Summary, Status: dajia.CluePending}
	if c.ReceivedOn, err = formDate("received_on", in.ReceivedOn, today); err != nil {
		return c, err
	}
	if in.ReferralDue != "" {
		if c.ReferralDue, err = formDate("referral_due", in.ReferralDue, dajia.Date{}); err != nil {
			return c, err
		}
	}
	if err := a.checkTag(ctx, in.ActionID, lead, v.PlanID); err != nil {
		return c, err
	}
	c.ActionID = in.ActionID
	if c.EntityID < 0 {
		return c, dajia.Errorf(dajia.Invalid, "entity_id", "请选择市场主体")
	}
	if c.EntityID != 0 {
		e, err := a.db.Entity(ctx, c.EntityID)
		if dajia.ErrorCode(err) == dajia.NotFound {
			return c, dajia.Errorf(dajia.Invalid, "entity_id", "第 %d 号市场主体不存在", c.EntityID)
		}
		if err != nil {
			return c, err
		}
		if e.MergedInto != 0 {
			return c, dajia.Errorf(dajia.Invalid, "entity_id", "第 %d 号市场主体已经合并到第 %d 号，请选择后者", e.ID, e.MergedInto)
		}
	}
	if err := c.Check(today); err != nil {
		return c, err
	}
	if err := c.Reclock(today, a.cal); err != nil {
		return c, err
	}
	return a.db.CreateClue(ctx, actor, c)
}

// formDate reads a date field; empty is def.
func formDate(field, s string, def dajia.Date) (dajia.Date, error) {
	if s = strings.TrimSpace(s); s == "" {
		return def, nil
	}
	d, err := dajia.ParseDate(s)
	if err != nil {
		return d, dajia.Errorf(dajia.Invalid, field, "日期应为 YYYY-MM-DD")
	}
	return d, nil
}

// ClueFromTip turns a tip the actor handles into a clue of the lead unit
// (a unit's account: its own; the office: the unit it names). The clue
// links the tip and copies none of its text; a tip becomes one clue only.
func (a *App) ClueFromTip(ctx context.Context, actor dajia.Actor, tipID int64, lead string) (dajia.Clue, error) {
	t, p, err := a.Tip(ctx, actor, tipID)
	if err != nil {
		return dajia.Clue{}, err
	}
	if !t.HandledBy(actor) {
		return dajia.Clue{}, dajia.Errorf(dajia.Forbidden, "", "只有承办单位或打假办可以办理")
	}
	if lead == "" && actor.Role == dajia.RoleOffice && len(t.Handlers) > 0 {
		lead = t.Handlers[0]
	}
	if lead, err = leadUnit(actor, p, lead); err != nil {
		return dajia.Clue{}, err
	}
	today := dajia.Today(a.clock)
	c, err := dajia.ClueFromTip(t, lead, today)
	if err != nil {
		return c, err
	}
	c.PlanID = t.PlanID
	if err := c.Reclock(today, a.cal); err != nil {
		return c, err
	}
	return a.db.CreateClue(ctx, actor, c)
}

// ClueStepInput is what a step on a clue may carry. Open (立案) opens the
// case from the clue: it carries the case's fields, as OpenCase takes them.
type ClueStepInput struct {
	Note string `json:"note"` // the reason
	To   string `json:"to"`   // transfer: the unit, or dajia.CluePoliceKey
	// Case was the id of a case made elsewhere: open makes the case now,
	// and refuses a bare id.
	Case int64 `json:"case"`

	Number      string            `json:"number"`
	CampaignNo  int               `json:"campaign_no"`
	Cooperating []string          `json:"cooperating"`
	EntityID    int64             `json:"entity_id"`
	Violations  []dajia.Violation `json:"violations"`
	OpenedOn    string            `json:"opened_on"`
}

// ClueStep takes a step on a clue the actor may see: open (立案, which
// opens the case by OpenCase), decline, transfer, extend. The clue's rules decide; a step its state does not
// allow is a conflict. The step, the new clock and the audit record are
// saved in one transaction.
func (a *App) ClueStep(ctx context.Context, actor dajia.Actor, id int64, step string, in ClueStepInput) (dajia.Clue, error) {
	today := dajia.Today(a.clock)
	var take func(c *dajia.Clue) (dajia.ClueStep, error)
	switch step {
	case "open":
		return a.openClue(ctx, actor, id, in)
	case "decline":
		take = func(c *dajia.Clue) (dajia.ClueStep, error) { return c.Decline(actor, today, in.Note) }
	case "transfer":
		// The units are named in the clue's plan: read before the step.
		c, err := a.Clue(ctx, actor, id)
		if err != nil {
			return c, err
		}
		v, err := a.db.PlanVersion(ctx, c.PlanID, 0)
		if err != nil {
			return c, err
		}
		take = func(c *dajia.Clue) (dajia.ClueStep, error) { return c.Transfer(actor, v.Plan, today, in.To, in.Note) }
	case "extend":
		take = func(c *dajia.Clue) (dajia.ClueStep, error) { return c.Extend(actor, in.Note) }
	default:
		return dajia.Clue{}, dajia.Errorf(dajia.NotFound, "", "没有这个操作")
	}
	return a.db.UpdateClue(ctx, actor, id, func(c *dajia.Clue) (dajia.ClueStep, error) {
		if !c.VisibleTo(actor) {
			return dajia.ClueStep{}, dajia.Errorf(dajia.NotFound, "clue", "没有这条线索")
		}
		st, err := take(c)
		if err != nil {
			return st, err
		}
		return st, c.Reclock(today, a.cal)
	})
}

// openClue opens the case of a clue (立案) by OpenCase and returns the
// decided clue. A bare case id is refused: the case is made here.
func (a *App) openClue(ctx context.Context, actor dajia.Actor, id int64, in ClueStepInput) (dajia.Clue, error) {
	c, err := a.Clue(ctx, actor, id)
	if err != nil {
		return c, err
	}
	if _, err := c.Open(actor, dajia.Today(a.clock), 1); err != nil {
		return dajia.Clue{}, err
	}
	if in.Case != 0 {
		return dajia.Clue{}, dajia.Errorf(dajia.Invalid, "case", "立案即生成案件：请填写违法行为类型等案件信息，而不是案件号")
	}
	if _, err := a.OpenCase(ctx, actor, CaseInput{ClueID: id, Number: in.Number, CampaignNo: in.CampaignNo, Cooperating: in.Cooperating,
		EntityID: in.EntityID, Violations: in.Violations, OpenedOn: in.OpenedOn}); err != nil {
		return dajia.Clue{}, err
	}
	return a.Clue(ctx, actor, id)
}

// Clue returns a clue the actor may see; another unit's clue is not found.
func (a *App) Clue(ctx context.Context, actor dajia.Actor, id int64) (dajia.Clue, error) {
	c, err := a.db.Clue(ctx, id)
	if err != nil {
		return c, err
	}
	if !c.VisibleTo(actor) {
		return dajia.Clue{}, dajia.Errorf(dajia.NotFound, "clue", "没有这条线索")
	}
	return c, nil
}

// ClueFile is a clue as its page shows it.
type ClueFile struct {
	Clue   dajia.Clue
	Plan   *dajia.Plan
	Events []store.ClueEvent
	Entity *dajia.Entity // the entity the clue is about; nil when none
}

// OpenClue returns the file of a clue the actor may see, with its history.
func (a *App) OpenClue(ctx context.Context, actor dajia.Actor, id int64) (ClueFile, error) {
	c, err := a.Clue(ctx, actor, id)
	if err != nil {
		return ClueFile{}, err
	}
	f := ClueFile{Clue: c}
	v, err := a.db.PlanVersion(ctx, c.PlanID, 0)
	if err != nil {
		return f, err
	}
	f.Plan = v.Plan
	if c.EntityID != 0 {
		e, err := a.db.Entity(ctx, c.EntityID)
		if err != nil {
			return f, err
		}
		f.Entity = &e
	}
	f.Events, err = a.db.ClueEvents(ctx, id)
	return f, err
}

// SetClueEntity names, changes or (given 0) clears the market entity of a
// clue the actor handles, while it is pending; audited like every step. A
// record merged into another is refused: the kept one is named.
func (a *App) SetClueEntity(ctx context.Context, actor dajia.Actor, id, entityID int64) (dajia.Clue, error) {
	if entityID > 0 {
		e, err := a.Entity(ctx, actor, entityID)
		if dajia.ErrorCode(err) == dajia.NotFound {
			return dajia.Clue{}, dajia.Errorf(dajia.Invalid, "entity_id", "第 %d 号市场主体不存在", entityID)
		}
		if err != nil {
			return dajia.Clue{}, err
		}
		if e.MergedInto != 0 {
			return dajia.Clue{}, dajia.Errorf(dajia.Invalid, "entity_id", "第 %d 号市场主体已经合并到第 %d 号，请选择后者", e.ID, e.MergedInto)
		}
	}
	return a.db.UpdateClue(ctx, actor, id, func(c *dajia.Clue) (dajia.ClueStep, error) {
		if !c.VisibleTo(actor) {
			return dajia.ClueStep{}, dajia.Errorf(dajia.NotFound, "clue", "没有这条线索")
		}
		return c.SetEntity(actor, entityID)
	})
}

// ClueQuery is a list of clues as staff ask for it.
type ClueQuery struct {
	PlanID  string           // "" is every plan's
	Status  dajia.ClueStatus // "" is every status
	Source  dajia.ClueSource // "" is every source
	Unit    string           // "" is every unit the actor sees
	Overdue bool             // only the clues past their running deadline
	Action  int64            // only the clues a joint action's results count: tagged with it and received inside its dates
	// Campaign, when set, keeps the clues of the campaign of that number.
	Campaign int
	// Timely, when set, keeps the clues of the plan the review judges
	// against their clock (dajia.Clue.Timely): "in" decided in time, "late"
	// decided late or pending past the deadline, "judged" both.
	Timely string
	// Query keeps the clues whose text holds each of its words, as the
	// search over every plan finds them (dajia.TipSearchWords splits it).
	Query  string
	Limit  int // per page; 0 is 50
	Offset int
}

// Values of ClueQuery.Timely and of the transfer filter of CaseQuery.
const (
	TimelyIn     = "in"
	TimelyLate   = "late"
	TimelyJudged = "judged"
)

// timelyClueIDs are the clues of a plan led by units (nil: every unit)
// the review judges, keeping those that fit want (TimelyIn, TimelyLate or
// TimelyJudged): the same rule and day as the scorecard's, so the list
// holds exactly the count.
func (a *App) timelyClueIDs(ctx context.Context, planID string, units []string, want string) ([]int64, error) {
	switch want {
	case TimelyIn, TimelyLate, TimelyJudged:
	default:
		return nil, dajia.Errorf(dajia.Invalid, "timely", "按期处理筛选应为 in（按期）、late（超期）或 judged（已考核），不能是“%s”", want)
	}
	if planID == "" {
		return nil, dajia.Errorf(dajia.Invalid, "timely", "按期处理筛选需要指定方案")
	}
	clues, err := a.db.ReviewClues(ctx, planID, units)
	if err != nil {
		return nil, err
	}
	today := dajia.Today(a.clock)
	ids := []int64{}
	for _, c := range clues {
		judged, inTime, err := c.Timely(today, a.cal)
		if err != nil {
			return nil, err
		}
		if judged && (want == TimelyJudged || (want == TimelyIn) == inTime) {
			ids = append(ids, c.ID)
		}
	}
	return ids, nil
}

// ClueList is one page of clues with the counts over all of them.
type ClueList struct {
	Clues   []dajia.Clue
	Total   int
	Overdue int
	Next    int              // offset of the next page; 0 when this is the last
	Names   map[int64]string // the names of the page's entities, by entity id
	Left    map[int64]int    // working days left to a pending clue's deadline, by clue id; negative when overdue
}

// listUnits is the units a list asked for unit (empty: every one the actor
// sees) may hold: nil for no limit (the office and leaders, who see every
// unit), the actor's own unit for a unit's account, and none (an empty
// list) for anyone else or another unit's records.
func listUnits(actor dajia.Actor, asked string) []string {
	unit, all := actor.UnitScope()
	switch {
	case all && asked != "":
		return []string{asked}
	case all:
		return nil
	case unit != "" && (asked == "" || asked == unit):
		return []string{unit}
	}
	return []string{}
}

// Clues lists the clues the actor may see, the most urgent first, a page
// at a time; the counts are over every page.
func (a *App) Clues(ctx context.Context, actor dajia.Actor, q ClueQuery) (ClueList, error) {
	f := store.ClueFilter{PlanID: q.PlanID, Limit: q.Limit, Offset: max(q.Offset, 0), Units: listUnits(actor, q.Unit), ActionID: q.Action,
		CampaignNo: q.Campaign}
	if q.Status != "" {
		f.Statuses = []dajia.ClueStatus{q.Status}
	}
	if q.Source != "" {
		f.Sources = []dajia.ClueSource{q.Source}
	}
	words, err := dajia.TipSearchWords(q.Query)
	if err != nil {
		return ClueList{}, err
	}
	f.Words = words
	today := dajia.Today(a.clock)
	if q.Overdue {
		f.OverdueOn = today
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	if q.Timely != "" {
		if f.Units == nil || len(f.Units) > 0 {
			ids, err := a.timelyClueIDs(ctx, q.PlanID, f.Units, q.Timely)
			if err != nil {
				return ClueList{}, err
			}
			f.IDs = ids
		}
	}
	c, err := a.db.CountClues(ctx, f, today)
	if err != nil {
		return ClueList{}, err
	}
	clues, err := a.db.Clues(ctx, f)
	if err != nil {
		return ClueList{}, err
	}
	l := ClueList{Clues: clues, Total: c.Total, Overdue: c.Overdue, Left: map[int64]int{}}
	if f.Offset+len(clues) < c.Total {
		l.Next = f.Offset + len(clues)
	}
	var ids []int64
	for _, cl := range clues {
		if cl.EntityID != 0 {
			ids = append(ids, cl.EntityID)
		}
		// A day outside the calendar's years leaves the clock out of
		// the list rather than the list out of the page.
		if !cl.Due.IsZero() {
			if n, err := a.cal.WorkdaysBetween(today, cl.Due); err == nil {
				l.Left[cl.ID] = n
			}
		}
	}
	l.Names, err = a.db.EntityNames(ctx, ids)
	return l, err
}
