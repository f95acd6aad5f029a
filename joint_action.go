package dajia

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Bounds of a joint action (统一集中行动).
const (
	MaxActionName        = 100
	MaxActionArrangement = 5000
	MaxActionNotes       = 2000
	MaxActionSummary     = 5000
	MaxActionUnits       = 60
	MaxActionTargets     = 60
	MaxActionDays        = 366
	MaxActionStaff       = 100_000
	MaxActionVehicles    = 10_000
)

// ActionStatus is where a joint action stands on a day: by its dates, or
// done once the office records its summary.
type ActionStatus string

const (
	ActionPlanned  ActionStatus = "planned"   // before its first day
	ActionUnderWay ActionStatus = "under_way" // between its dates
	ActionDone     ActionStatus = "done"      // after its last day, or marked done
)

var actionStatusNames = map[ActionStatus]Text{ActionPlanned: "计划中", ActionUnderWay: "进行中", ActionDone: "已完成"}

// Name is the status as staff read it.
func (s ActionStatus) Name() Text { return nameIn(actionStatusNames, s) }

// ActionStatuses lists the statuses in the order lists offer them.
func ActionStatuses() []ActionStatus {
	return []ActionStatus{ActionPlanned, ActionUnderWay, ActionDone}
}

// ActionForce is what one unit deployed to a joint action: staff (人次)
// and vehicles (车次). The office's is the organiser's own.
type ActionForce struct {
	Unit     string
	Staff    int
	Vehicles int
}

// JointAction is a unified joint action (统一集中行动) the office organises
// in the concentrated phase with the plan's departments and units.
type JointAction struct {
	ID          int64
	PlanID      string
	Name        string
	Arrangement string // the action's own plan (行动方案): what, how, who
	Start       Date
	End         Date
	Units       []string // the participating units' keys; the office organises
	Places      []string // target places, as the plan names them
	Categories  []string // target product categories of the plan
	Forces      []ActionForce
	Done        bool // marked done by the office with its summary
	DoneOn      Date
	Summary     string
	Notes       string
}

// Status is where the action stands on day today.
func (j JointAction) Status(today Date) ActionStatus {
	switch {
	case j.Done || today.After(j.End):
		return ActionDone
	case today.Before(j.Start):
		return ActionPlanned
	}
	return ActionUnderWay
}

// DoneDay is the day the action counts as done on day today: the day it
// was marked done (its last day when marked later), or its last day once
// that has passed; false while it is not done.
func (j JointAction) DoneDay(today Date) (Date, bool) {
	switch {
	case j.Done && j.DoneOn.After(j.End):
		return j.End, true
	case j.Done:
		return j.DoneOn, true
	case today.After(j.End):
		return j.End, true
	}
	return Date{}, false
}

// Staff is the staff deployed by every unit together.
func (j JointAction) Staff() int {
	n := 0
	for _, f := range j.Forces {
		n += f.Staff
	}
	return n
}

// Vehicles is the vehicles deployed by every unit together.
func (j JointAction) Vehicles() int {
	n := 0
	for _, f := range j.Forces {
		n += f.Vehicles
	}
	return n
}

// Force is what unit deployed; zero when it recorded nothing.
func (j JointAction) Force(unit string) ActionForce {
	for _, f := range j.Forces {
		if f.Unit == unit {
			return f
		}
	}
	return ActionForce{Unit: unit}
}

// Takes reports whether the unit takes part in the action: a participant,
// or the office, which organises it.
func (j JointAction) Takes(unit string) bool {
	return unit != "" && (unit == OfficeKey || slices.Contains(j.Units, unit))
}

// VisibleTo reports whether the actor may read the action: the office and
// leaders every one, a unit those it takes part in.
func (j JointAction) VisibleTo(a Actor) bool {
	unit, all := a.UnitScope()
	return all || (unit != "" && slices.Contains(j.Units, unit))
}

// EditableBy reports whether the actor may plan or change the action: the
// office only.
func (j JointAction) EditableBy(a Actor) bool { return a.Role == RoleOffice }

// ForceBy reports whether the actor may record the staff and vehicles of
// unit: the office for any unit of the action and its own, a participating
// unit's officer or head for its own.
func (j JointAction) ForceBy(a Actor, unit string) bool {
	if a.Role == RoleOffice {
		return j.Takes(unit)
	}
	return (a.Role == RoleOfficer || a.Role == RoleHead) && a.Unit == unit && slices.Contains(j.Units, unit)
}

// ActionPlaces are the target places the plan names: its campaigns'
// places and kinds of business, the places it watches, and its villages,
// communities and markets; each once, in the plan's order.
func (p *Plan) ActionPlaces() []string {
	var out []string
	add := func(s string) {
		if s = strings.TrimSpace(s); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	for _, c := range p.Campaigns {
		for _, s := range c.Places {
			add(s)
		}
		for _, s := range c.Targets {
			add(s)
		}
	}
	for _, w := range p.Watch {
		add(w.Name)
	}
	for _, u := range p.Units {
		if u.Kind == "village" || u.Kind == "community" || u.Kind == "market" {
			add(u.Name)
		}
	}
	return out
}

// ActionCategories are the product categories of the plan's campaigns.
func (p *Plan) ActionCategories() []string {
	cats := p.Categories()
	return cats[:len(cats)-1] // without 其他
}

// ActionPhases are the plan's phases that ask for joint actions.
func (p *Plan) ActionPhases() []Phase {
	var out []Phase
	for _, ph := range p.Phases {
		if ph.JointActions > 0 {
			out = append(out, ph)
		}
	}
	return out
}

// Check trims the action and returns every problem at once under the plan
// p (the units, places and categories are the plan's) on day today. The
// units are resolved to their keys.
func (j *JointAction) Check(p *Plan, today Date) []FieldError {
	var errs []FieldError
	bad := func(field, zh string, args ...any) { errs = append(errs, FieldErrorf(field, "invalid", zh, args...)) }
	j.Name, j.Arrangement = strings.TrimSpace(j.Name), strings.TrimSpace(j.Arrangement)
	j.Notes, j.Summary = strings.TrimSpace(j.Notes), strings.TrimSpace(j.Summary)
	unreadable(&errs, "name", j.Name, "arrangement", j.Arrangement, "notes", j.Notes, "summary", j.Summary, "places", j.Places, "categories", j.Categories)
	switch n := utf8.RuneCountInString(j.Name); {
	case n == 0:
		bad("name", "请填写行动名称")
	case n > MaxActionName:
		bad("name", "行动名称最多 %d 个字", MaxActionName)
	}
	if utf8.RuneCountInString(j.Arrangement) > MaxActionArrangement {
		bad("arrangement", "行动方案最多 %d 字", MaxActionArrangement)
	}
	if utf8.RuneCountInString(j.Notes) > MaxActionNotes {
		bad("notes", "备注最多 %d 字", MaxActionNotes)
	}
	switch {
	case j.Start.IsZero():
		bad("start", "请填写开始日期")
	case j.End.IsZero():
		bad("end", "请填写结束日期")
	case j.End.Before(j.Start):
		bad("end", "结束日期不能早于开始日期")
	case j.Start.DaysUntil(j.End) >= MaxActionDays:
		bad("end", "一次行动最长 %d 天", MaxActionDays)
	}
	var units []string
	for _, ref := range j.Units {
		if strings.TrimSpace(ref) == "" {
			continue
		}
		r, ok := p.Lookup(ref)
		if !ok || r.Unit.Key == OfficeKey {
			bad("units", "方案中没有单位 %q", ref)
			continue
		}
		if !slices.Contains(units, r.Unit.Key) {
			units = append(units, r.Unit.Key)
		}
	}
	j.Units = units
	switch {
	case len(units) == 0 && !slices.ContainsFunc(errs, func(e FieldError) bool { return e.Field == "units" }):
		bad("units", "请选择参加行动的单位")
	case len(units) > MaxActionUnits:
		bad("units", "参加单位最多 %d 个", MaxActionUnits)
	}
	j.Places = checkChoices(&errs, "places", j.Places, p.ActionPlaces(), "方案中没有目标场所 %q")
	j.Categories = checkChoices(&errs, "categories", j.Categories, p.ActionCategories(), "方案中没有产品类别 %q")
	var forces []ActionForce
	for _, f := range j.Forces {
		if f.Staff < 0 || f.Staff > MaxActionStaff {
			bad("staff", "出动人次应在 0 到 %d 之间", MaxActionStaff)
		}
		if f.Vehicles < 0 || f.Vehicles > MaxActionVehicles {
			bad("vehicles", "出动车次应在 0 到 %d 之间", MaxActionVehicles)
		}
		if !j.Takes(f.Unit) {
			bad("staff", "单位 %q 没有参加这次行动", f.Unit)
			continue
		}
		if f.Staff != 0 || f.Vehicles != 0 {
			forces = append(forces, f)
		}
	}
	j.Forces = forces
	if j.Done {
		switch {
		case j.Summary == "":
			bad("summary", "标记完成须填写行动小结")
		case utf8.RuneCountInString(j.Summary) > MaxActionSummary:
			bad("summary", "行动小结最多 %d 字", MaxActionSummary)
		}
		if !j.Start.IsZero() && today.Before(j.Start) {
			bad("done", "行动尚未开始，不能标记完成")
		}
	} else if utf8.RuneCountInString(j.Summary) > MaxActionSummary {
		bad("summary", "行动小结最多 %d 字", MaxActionSummary)
	}
	return errs
}

// checkChoices keeps the chosen names that are among the allowed ones, each
// once, and records the others as problems of field.
func checkChoices(errs *[]FieldError, field string, chosen, allowed []string, zh string) []string {
	var out []string
	for _, s := range chosen {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		if !slices.Contains(allowed, s) {
			*errs = append(*errs, FieldErrorf(field, "invalid", zh, s))
			continue
		}
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	if len(out) > MaxActionTargets {
		*errs = append(*errs, FieldErrorf(field, "invalid", "最多选择 %d 项", MaxActionTargets))
	}
	return out
}

// Warnings are what the office should know about a checked action but may
// still save: its dates outside every phase of the plan that asks for
// joint actions, or a plan with no such phase.
func (j JointAction) Warnings(p *Plan) []FieldError {
	phases := p.ActionPhases()
	if len(phases) == 0 {
		return []FieldError{FieldErrorf("start", "outside_phase", "方案没有要求开展统一集中行动的阶段")}
	}
	for _, ph := range phases {
		if j.Start.Within(ph.Start, ph.End) && j.End.Within(ph.Start, ph.End) {
			return nil
		}
	}
	ph := phases[0]
	return []FieldError{FieldErrorf("start", "outside_phase", "行动日期不在%s（%s 至 %s）内，方案要求统一集中行动在该阶段开展",
		ph.Name, ph.Start.String(), ph.End.String())}
}

// ActionTally is what a phase that asks for joint actions asks and what is
// done: Planned the number the plan requires, Done the actions of the plan
// done inside the phase.
type ActionTally struct {
	Phase   Phase
	Planned int
	Done    int
}

// TallyActions counts, for each phase of p that asks for joint actions,
// the actions done inside it on day today.
func TallyActions(p *Plan, actions []JointAction, today Date) []ActionTally {
	var out []ActionTally
	for _, ph := range p.ActionPhases() {
		t := ActionTally{Phase: ph, Planned: ph.JointActions}
		for _, j := range actions {
			if d, ok := j.DoneDay(today); ok && d.Within(ph.Start, ph.End) {
				t.Done++
			}
		}
		out = append(out, t)
	}
	return out
}

// TagStep is the step that tags a clue or a case with a joint action, or
// (0) clears the tag.
func tagStep(action int64) string {
	if action == 0 {
		return "0"
	}
	return strconv.FormatInt(action, 10)
}

// TagAction tags the clue with the joint action j (nil clears the tag): by
// those who handle the clue, with an action its lead unit takes part in.
func (c *Clue) TagAction(a Actor, j *JointAction) (ClueStep, error) {
	if !c.HandledBy(a) {
		return ClueStep{}, Errorf(Forbidden, "", "只有承办单位或打假办可以办理")
	}
	id, err := tagWith(j, c.ActionID, c.LeadUnit, c.PlanID)
	if err != nil {
		return ClueStep{}, err
	}
	c.ActionID = id
	return ClueStep{Action: "action", Note: tagStep(id)}, nil
}

// TagAction tags the case with the joint action j (nil clears the tag): by
// those who handle the case, with an action its lead unit takes part in.
func (c *Case) TagAction(a Actor, planID string, j *JointAction) (CaseStep, error) {
	if !c.HandledBy(a) {
		return CaseStep{}, Errorf(Forbidden, "", "只有主办单位或打假办可以办理")
	}
	id, err := tagWith(j, c.ActionID, c.LeadUnit, planID)
	if err != nil {
		return CaseStep{}, err
	}
	c.ActionID = id
	return CaseStep{Action: "action", Note: tagStep(id)}, nil
}

// CheckTag checks that a new record of unit under plan may be tagged with
// the action j.
func CheckTag(j JointAction, unit, planID string) error {
	if j.PlanID != planID {
		return Errorf(Invalid, "action_id", "第 %d 号集中行动不属于这个方案", j.ID)
	}
	if !slices.Contains(j.Units, unit) {
		return Errorf(Invalid, "action_id", "承办单位没有参加第 %d 号集中行动", j.ID)
	}
	return nil
}

func tagWith(j *JointAction, current int64, unit, planID string) (int64, error) {
	if j == nil {
		if current == 0 {
			return 0, Errorf(Invalid, "action_id", "请选择集中行动")
		}
		return 0, nil
	}
	if j.ID == current {
		return 0, Errorf(Invalid, "action_id", "已是这次集中行动")
	}
	return j.ID, CheckTag(*j, unit, planID)
}
