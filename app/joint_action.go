package app

import (
	"context"
	"slices"
	"strings"

	"dajia"
	"dajia/store"
)

// ActionInput is what the office types in to plan or change a joint
// action (统一集中行动). Staff and Vehicles are the organiser's own; the
// participating units record theirs on the action (SetActionForce).
type ActionInput struct {
	PlanID      string   `json:"plan"`
	Name        string   `json:"name"`
	Arrangement string   `json:"arrangement"`
	Start       string   `json:"start"`
	End         string   `json:"end"`
	Units       []string `json:"units"`
	Places      []string `json:"places"`
	Categories  []string `json:"categories"`
	Staff       int      `json:"staff"`
	Vehicles    int      `json:"vehicles"`
	Done        bool     `json:"done"`
	Summary     string   `json:"summary"`
	Notes       string   `json:"notes"`
}

// Bounded lists of an action's input: more than these is refused before
// any lookup.
const maxActionList = 200

// fill sets the action's fields from the input, every problem at once,
// on day today: the organiser's force replaced, the units' kept for those
// still taking part.
func (in ActionInput) fill(j *dajia.JointAction, p *dajia.Plan, today dajia.Date) []dajia.FieldError {
	var errs []dajia.FieldError
	for _, l := range []struct {
		field string
		v     []string
	}{{"units", in.Units}, {"places", in.Places}, {"categories", in.Categories}} {
		if len(l.v) > maxActionList {
			errs = append(errs, dajia.FieldErrorf(l.field, "invalid", "最多选择 %d 项", dajia.MaxActionTargets))
		}
	}
	if len(errs) > 0 {
		return errs
	}
	j.Name, j.Arrangement, j.Notes, j.Summary = in.Name, in.Arrangement, in.Notes, in.Summary
	j.Units, j.Places, j.Categories = in.Units, in.Places, in.Categories
	var err error
	for _, d := range []struct {
		field, s string
		to       *dajia.Date
	}{{"start", in.Start, &j.Start}, {"end", in.End, &j.End}} {
		if *d.to, err = formDate(d.field, d.s, dajia.Date{}); err != nil {
			errs = append(errs, dajia.FieldErrorf(d.field, "invalid", "日期应为 YYYY-MM-DD"))
		}
	}
	switch {
	case in.Done && !j.Done:
		j.Done, j.DoneOn = true, today
	case !in.Done:
		j.Done, j.DoneOn = false, dajia.Date{}
	}
	var forces []dajia.ActionForce
	for _, f := range j.Forces {
		if f.Unit != dajia.OfficeKey {
			forces = append(forces, f)
		}
	}
	j.Forces = append(forces, dajia.ActionForce{Unit: dajia.OfficeKey, Staff: in.Staff, Vehicles: in.Vehicles})
	errs = append(errs, j.Check(p, today)...)
	// A unit no longer taking part leaves its figures with it.
	j.Forces = slices.DeleteFunc(j.Forces, func(f dajia.ActionForce) bool { return !j.Takes(f.Unit) })
	return errs
}

// withoutGoneUnits drops the "does not take part" problems of forces of
// units the office just removed: those figures go with the unit.
func withoutGoneUnits(errs []dajia.FieldError) []dajia.FieldError {
	return slices.DeleteFunc(errs, func(e dajia.FieldError) bool { return e.Field == "staff" && strings.HasPrefix(e.Key, "单位 %q") })
}

func onlyOffice(actor dajia.Actor) error {
	if actor.Role != dajia.RoleOffice {
		return dajia.Errorf(dajia.Forbidden, "", "只有打假办可以安排集中行动")
	}
	return nil
}

// CreateJointAction plans a joint action of the plan (the office only).
// The answer carries the warnings the office should see: dates outside the
// phase that asks for joint actions do not refuse it.
func (a *App) CreateJointAction(ctx context.Context, actor dajia.Actor, in ActionInput) (store.ActionRecord, []dajia.FieldError, error) {
	if err := onlyOffice(actor); err != nil {
		return store.ActionRecord{}, nil, err
	}
	v, err := a.db.Plan(ctx, in.PlanID)
	if err != nil {
		return store.ActionRecord{}, nil, err
	}
	j := dajia.JointAction{PlanID: v.PlanID}
	if errs := withoutGoneUnits(in.fill(&j, v.Plan, dajia.Today(a.clock))); len(errs) > 0 {
		return store.ActionRecord{}, nil, dajia.FieldErrors(errs)
	}
	r, err := a.db.CreateJointAction(ctx, actor, j)
	return r, j.Warnings(v.Plan), err
}

// UpdateJointAction changes a joint action (the office only): every field
// as typed; marking it done records the day and needs the summary.
func (a *App) UpdateJointAction(ctx context.Context, actor dajia.Actor, id int64, in ActionInput) (store.ActionRecord, []dajia.FieldError, error) {
	if err := onlyOffice(actor); err != nil {
		return store.ActionRecord{}, nil, err
	}
	cur, err := a.db.JointAction(ctx, id)
	if err != nil {
		return cur, nil, err
	}
	v, err := a.db.Plan(ctx, cur.PlanID)
	if err != nil {
		return cur, nil, err
	}
	today := dajia.Today(a.clock)
	var warn []dajia.FieldError
	r, err := a.db.UpdateJointAction(ctx, actor, id, func(j *dajia.JointAction) (string, error) {
		if errs := withoutGoneUnits(in.fill(j, v.Plan, today)); len(errs) > 0 {
			return "", dajia.FieldErrors(errs)
		}
		warn = j.Warnings(v.Plan)
		return "update", nil
	})
	return r, warn, err
}

// SetActionForce records the staff and vehicles unit deployed to the
// action: a participating unit its own, the office any unit's.
func (a *App) SetActionForce(ctx context.Context, actor dajia.Actor, id int64, unit string, staff, vehicles int) (store.ActionRecord, error) {
	cur, err := a.JointAction(ctx, actor, id)
	if err != nil {
		return cur, err
	}
	v, err := a.db.Plan(ctx, cur.PlanID)
	if err != nil {
		return cur, err
	}
	today := dajia.Today(a.clock)
	return a.db.UpdateJointAction(ctx, actor, id, func(j *dajia.JointAction) (string, error) {
		if !j.ForceBy(actor, unit) {
			return "", dajia.Errorf(dajia.Forbidden, "", "只能填报本单位参加行动的人员和车辆")
		}
		j.Forces = slices.DeleteFunc(j.Forces, func(f dajia.ActionForce) bool { return f.Unit == unit })
		j.Forces = append(j.Forces, dajia.ActionForce{Unit: unit, Staff: staff, Vehicles: vehicles})
		// The office's own choices stand as they are: only the figures
		// are checked here, not the whole action again.
		var errs []dajia.FieldError
		for _, e := range j.Check(v.Plan, today) {
			if e.Field == "staff" || e.Field == "vehicles" {
				errs = append(errs, e)
			}
		}
		if len(errs) > 0 {
			return "", dajia.FieldErrors(errs)
		}
		return "force", nil
	})
}

// JointAction returns an action the actor may read: another unit's
// action is not found.
func (a *App) JointAction(ctx context.Context, actor dajia.Actor, id int64) (store.ActionRecord, error) {
	r, err := a.db.JointAction(ctx, id)
	if err != nil {
		return r, err
	}
	if !r.VisibleTo(actor) {
		return store.ActionRecord{}, dajia.Errorf(dajia.NotFound, "action", "没有这次集中行动")
	}
	return r, nil
}

// ActionFile is a joint action as its page shows it: the action, its
// plan, its warnings, and its results as the reader may count them.
type ActionFile struct {
	Action   store.ActionRecord
	Plan     *dajia.Plan
	Status   dajia.ActionStatus
	Warnings []dajia.FieldError
	// Results: the clues and cases tagged with the action and dated
	// inside it, of the units the reader sees (a unit: its own).
	Results   []store.ActionFigure
	Publicity store.PublicityTotals
}

// OpenJointAction returns the file of an action the actor may read.
func (a *App) OpenJointAction(ctx context.Context, actor dajia.Actor, id int64) (ActionFile, error) {
	r, err := a.JointAction(ctx, actor, id)
	if err != nil {
		return ActionFile{}, err
	}
	v, err := a.db.PlanVersion(ctx, r.PlanID, 0)
	if err != nil {
		return ActionFile{}, err
	}
	f := ActionFile{Action: r, Plan: v.Plan, Status: r.Status(dajia.Today(a.clock)), Warnings: r.Warnings(v.Plan)}
	units := listUnits(actor, "")
	if f.Results, err = a.db.ActionResults(ctx, id, units); err != nil {
		return f, err
	}
	f.Publicity, err = a.db.CountPublicity(ctx, store.PublicityFilter{ActionID: id, Units: units})
	return f, err
}

// ActionQuery is a list of joint actions as staff ask for it.
type ActionQuery struct {
	PlanID string
	Unit   string // "" every unit the actor sees; a unit: the actions it takes part in
	Status dajia.ActionStatus
	// DoneFrom and DoneTo (YYYY-MM-DD), both set: the actions done inside
	// those days, as a phase's planned / done counts them.
	DoneFrom, DoneTo string
	// Forced "1" keeps, of Unit's actions, those it sent a force to: the
	// review's 集中行动参与率.
	Forced string
	Limit  int // per page; 0 is 50
	Offset int
}

// ActionList is one page of joint actions and how many there are.
type ActionList struct {
	Actions []store.ActionRecord
	Total   int
	Next    int
	Today   dajia.Date
}

func actionFilter(actor dajia.Actor, q ActionQuery, today dajia.Date) (store.ActionFilter, error) {
	switch q.Status {
	case "", dajia.ActionPlanned, dajia.ActionUnderWay, dajia.ActionDone:
	default:
		return store.ActionFilter{}, dajia.Errorf(dajia.Invalid, "status", "没有行动状态“%s”", q.Status)
	}
	f := store.ActionFilter{PlanID: q.PlanID, Units: listUnits(actor, q.Unit), Status: q.Status, Today: today, Limit: q.Limit, Offset: max(q.Offset, 0)}
	switch q.Forced {
	case "":
	case "1":
		if f.Units == nil {
			return f, dajia.Errorf(dajia.Invalid, "forced", "出动筛选需要指定单位")
		}
		f.Forced = true
	default:
		return f, dajia.Errorf(dajia.Invalid, "forced", "出动筛选应为 1，不能是“%s”", q.Forced)
	}
	var err error
	if f.DoneFrom, err = formDate("done_from", q.DoneFrom, dajia.Date{}); err != nil {
		return f, err
	}
	if f.DoneTo, err = formDate("done_to", q.DoneTo, dajia.Date{}); err != nil {
		return f, err
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	return f, nil
}

// JointActions lists the actions the actor may read (a unit: those it
// takes part in), the latest first, a page at a time.
func (a *App) JointActions(ctx context.Context, actor dajia.Actor, q ActionQuery) (ActionList, error) {
	today := dajia.Today(a.clock)
	f, err := actionFilter(actor, q, today)
	if err != nil {
		return ActionList{}, err
	}
	l := ActionList{Today: today}
	if l.Total, err = a.db.CountJointActions(ctx, f); err != nil {
		return l, err
	}
	if l.Actions, err = a.db.JointActions(ctx, f); err != nil {
		return l, err
	}
	if f.Offset+len(l.Actions) < l.Total {
		l.Next = f.Offset + len(l.Actions)
	}
	return l, nil
}

// ExportJointActions hands each action the actor may read under the list's
// filters to each, a page of the store at a time, and records the export
// in the audit trail.
func (a *App) ExportJointActions(ctx context.Context, actor dajia.Actor, q ActionQuery, each func(store.ActionRecord) error) (int, error) {
	q.Limit, q.Offset = exportPage, 0
	f, err := actionFilter(actor, q, dajia.Today(a.clock))
	if err != nil {
		return 0, err
	}
	n := 0
	for f.Units == nil || len(f.Units) > 0 {
		recs, err := a.db.JointActions(ctx, f)
		if err != nil {
			return n, err
		}
		for _, r := range recs {
			if err := each(r); err != nil {
				return n, err
			}
			n++
		}
		if len(recs) < f.Limit {
			break
		}
		f.Offset += len(recs)
	}
	return n, a.db.Audit(ctx, actor, store.AuditEntry{Action: "action.export", Object: "actions",
		After: map[string]any{"plan": q.PlanID, "unit": q.Unit, "status": string(q.Status), "count": n}})
}

// ActionsOf lists the actions of the plan unit takes part in, for the
// choice on a clue's, a case's or a publicity form (the office's own
// publicity: every action of the plan).
func (a *App) ActionsOf(ctx context.Context, planID, unit string) ([]store.ActionRecord, error) {
	f := store.ActionFilter{PlanID: planID, Limit: 500}
	if unit != dajia.OfficeKey {
		f.Units = []string{unit}
	}
	return a.db.JointActions(ctx, f)
}

// ActionTallies is, for each phase of the plan that asks for joint
// actions, the number it asks for and the actions done inside it that the
// actor may read (a unit: those it takes part in): the overview's and the
// dashboard's planned / done. Nothing for those who read no actions.
func (a *App) ActionTallies(ctx context.Context, actor dajia.Actor, planID string) ([]dajia.ActionTally, error) {
	units := listUnits(actor, "")
	if units != nil && len(units) == 0 {
		return nil, nil
	}
	v, err := a.db.Plan(ctx, planID)
	if err != nil {
		return nil, err
	}
	if len(v.Plan.ActionPhases()) == 0 {
		return nil, nil
	}
	var all []dajia.JointAction
	f := store.ActionFilter{PlanID: v.PlanID, Units: units, Limit: 500}
	for {
		recs, err := a.db.JointActions(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			all = append(all, r.JointAction)
		}
		if len(recs) < f.Limit {
			break
		}
		f.Offset += len(recs)
	}
	return dajia.TallyActions(v.Plan, all, dajia.Today(a.clock)), nil
}

// actionFor loads the action a record is tagged with: 0 is none; one that
// does not exist is the field's problem.
func (a *App) actionFor(ctx context.Context, id int64) (*dajia.JointAction, error) {
	if id == 0 {
		return nil, nil
	}
	r, err := a.db.JointAction(ctx, id)
	if dajia.ErrorCode(err) == dajia.NotFound || id < 0 {
		return nil, dajia.Errorf(dajia.Invalid, "action_id", "第 %d 号集中行动不存在", id)
	}
	if err != nil {
		return nil, err
	}
	return &r.JointAction, nil
}

// TagClue tags a clue the actor handles with a joint action its lead unit
// takes part in, or (0) clears the tag; audited and in its history.
func (a *App) TagClue(ctx context.Context, actor dajia.Actor, id, actionID int64) (dajia.Clue, error) {
	j, err := a.actionFor(ctx, actionID)
	if err != nil {
		return dajia.Clue{}, err
	}
	return a.db.UpdateClue(ctx, actor, id, func(c *dajia.Clue) (dajia.ClueStep, error) {
		if !c.VisibleTo(actor) {
			return dajia.ClueStep{}, dajia.Errorf(dajia.NotFound, "clue", "没有这条线索")
		}
		return c.TagAction(actor, j)
	})
}

// TagCase tags a case the actor handles with a joint action its lead unit
// takes part in, or (0) clears the tag; audited and on its timeline.
func (a *App) TagCase(ctx context.Context, actor dajia.Actor, id, actionID int64) (store.CaseRecord, error) {
	j, err := a.actionFor(ctx, actionID)
	if err != nil {
		return store.CaseRecord{}, err
	}
	return a.db.UpdateCase(ctx, actor, id, func(r *store.CaseRecord) (dajia.CaseStep, error) {
		if !r.VisibleTo(actor) {
			return dajia.CaseStep{}, caseNotFound()
		}
		return r.Case.TagAction(actor, r.PlanID, j)
	})
}

// checkTag checks the action a new record of unit under plan is tagged
// with.
func (a *App) checkTag(ctx context.Context, id int64, unit, planID string) error {
	j, err := a.actionFor(ctx, id)
	if err != nil || j == nil {
		return err
	}
	return dajia.CheckTag(*j, unit, planID)
}

// tagProblem is what is wrong with the joint action id that a record of
// unit under plan planID is tagged with, as the form's field problem: the
// action must be one of the plan that the unit takes part in; a record of
// the office's own may name any action of the plan. None for no action.
func (a *App) tagProblem(ctx context.Context, id int64, unit, planID string) (*dajia.FieldError, error) {
	if id == 0 {
		return nil, nil
	}
	var r store.ActionRecord
	var err error
	if id > 0 {
		r, err = a.db.JointAction(ctx, id)
	}
	if id < 0 || dajia.ErrorCode(err) == dajia.NotFound {
		fe := dajia.FieldErrorf("action_id", "invalid", "第 %d 号集中行动不存在", id)
		return &fe, nil
	}
	if err != nil {
		return nil, err
	}
	if r.PlanID != planID {
		fe := dajia.FieldErrorf("action_id", "invalid", "第 %d 号集中行动不属于这个方案", id)
		return &fe, nil
	}
	if unit != dajia.OfficeKey && !slices.Contains(r.Units, unit) {
		fe := dajia.FieldErrorf("action_id", "invalid", "承办单位没有参加第 %d 号集中行动", id)
		return &fe, nil
	}
	return nil, nil
}
