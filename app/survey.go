package app

import (
	"context"
	"errors"
	"io"
	"slices"
	"strings"

	"dajia"
	"dajia/store"
)

// SurveyInput is a survey finding as recorded: on the phone form or the
// API (which sends no photos).
type SurveyInput struct {
	PlanID        string   `json:"plan"`
	FoundOn       string   `json:"found_on"` // YYYY-MM-DD; empty is today
	Village       string   `json:"village"`
	EntityID      int64    `json:"entity_id"`
	EntityName    string   `json:"entity_name"`
	EntityAddress string   `json:"entity_address"`
	Category      string   `json:"category"`
	Stage         string   `json:"stage"` // 销售 (default) or 生产
	Problems      []string `json:"problems"`
	Description   string   `json:"description"`
}

// MaxSurveyProblems bounds the problems a request may list before they are
// checked one by one.
const MaxSurveyProblems = 20

// surveyPlan is the current version of the plan id, or of the first plan
// when id is "".
func (a *App) surveyPlan(ctx context.Context, id string) (store.PlanVersion, error) {
	if id == "" {
		plans, err := a.db.Plans(ctx)
		if err != nil {
			return store.PlanVersion{}, err
		}
		if len(plans) == 0 {
			return store.PlanVersion{}, dajia.Errorf(dajia.NotFound, "plan", "还没有导入方案")
		}
		id = plans[0].ID
	}
	return a.db.Plan(ctx, id)
}

// CreateSurvey records a finding of the actor's unit under the plan: it
// checks every field (all problems at once), the market entity, and cleans
// the photos as for tips; the finding, its photos and the audit record are
// stored in one transaction.
func (a *App) CreateSurvey(ctx context.Context, actor dajia.Actor, in SurveyInput, photos []io.ReadSeeker) (dajia.Survey, error) {
	if !actor.MayRecordSurvey() {
		return dajia.Survey{}, dajia.Errorf(dajia.Forbidden, "", "只有村组市场监督员、各单位和打假办可以记录排查情况")
	}
	v, err := a.surveyPlan(ctx, in.PlanID)
	if err != nil {
		return dajia.Survey{}, err
	}
	s := dajia.Survey{PlanID: v.PlanID, Unit: actor.SurveyUnit(), RecordedBy: actor.UserID, Recorder: actor.Name, Photos: len(photos)}
	if s, err = a.checkSurveyInput(ctx, actor, v, in, s); err != nil {
		return s, err
	}
	cleaned, release, err := a.CleanPhotos(ctx, photos)
	if err != nil {
		return s, err
	}
	defer release()
	return a.db.CreateSurvey(ctx, actor, s, cleaned)
}

// checkSurveyInput puts what the form or the API sent onto s and checks
// every field (all problems at once) and the market entity.
func (a *App) checkSurveyInput(ctx context.Context, actor dajia.Actor, v store.PlanVersion, in SurveyInput, s dajia.Survey) (dajia.Survey, error) {
	today := dajia.Today(a.clock)
	s.Village, s.EntityID, s.EntityName, s.EntityAddress = in.Village, in.EntityID, in.EntityName, in.EntityAddress
	s.Category, s.Stage, s.Description, s.Problems = in.Category, in.Stage, in.Description, nil
	var errs dajia.FieldErrors
	var err error
	if strings.TrimSpace(in.FoundOn) == "" {
		s.FoundOn = today
	} else if s.FoundOn, err = dajia.ParseDate(strings.TrimSpace(in.FoundOn)); err != nil {
		errs = append(errs, dajia.FieldErrorf("found_on", "invalid", "日期应为 YYYY-MM-DD"))
	}
	if len(in.Problems) > MaxSurveyProblems {
		errs = append(errs, dajia.FieldErrorf("problems", "invalid", "请从列表中选择发现的问题"))
	} else {
		for _, p := range in.Problems {
			s.Problems = append(s.Problems, dajia.SurveyProblem(strings.TrimSpace(p)))
		}
	}
	if err := s.Check(v.Plan, today); err != nil {
		var fe dajia.FieldErrors
		if !errors.As(err, &fe) {
			return s, err
		}
		for _, f := range fe {
			// A date that did not parse is said once, as unparsable.
			if f.Field == "found_on" && len(errs) > 0 && errs[0].Field == "found_on" {
				continue
			}
			errs = append(errs, f)
		}
	}
	if s.EntityID > 0 {
		e, err := a.Entity(ctx, actor, s.EntityID)
		switch {
		case dajia.ErrorCode(err) == dajia.NotFound:
			errs = append(errs, dajia.FieldErrorf("entity_id", "invalid", "第 %d 号市场主体不存在", s.EntityID))
		case err != nil:
			return s, err
		case e.MergedInto != 0:
			errs = append(errs, dajia.FieldErrorf("entity_id", "invalid", "第 %d 号市场主体已经合并到第 %d 号，请选择后者", e.ID, e.MergedInto))
		}
	}
	if len(errs) > 0 {
		return s, errs
	}
	return s, nil
}

// EditSurvey changes what an open finding records: those who may act on it
// (its recorder, the unit's officer or head, the office) while it is not
// yet a clue or closed; every field is checked as when it was recorded.
func (a *App) EditSurvey(ctx context.Context, actor dajia.Actor, id int64, in SurveyInput) (dajia.Survey, error) {
	cur, err := a.Survey(ctx, actor, id)
	if err != nil {
		return cur, err
	}
	if !cur.Steps(actor)["edit"] {
		return cur, cur.Edit(actor, cur) // says why: who may, or its state
	}
	v, err := a.db.PlanVersion(ctx, cur.PlanID, 0)
	if err != nil {
		return cur, err
	}
	e, err := a.checkSurveyInput(ctx, actor, v, in, cur)
	if err != nil {
		return cur, err
	}
	return a.db.UpdateSurvey(ctx, actor, id, "update", func(s *dajia.Survey) error {
		if !s.VisibleTo(actor) {
			return dajia.Errorf(dajia.NotFound, "survey", "没有这条排查记录")
		}
		return s.Edit(actor, e)
	})
}

// Survey returns a finding the actor may read; another unit's is not found.
func (a *App) Survey(ctx context.Context, actor dajia.Actor, id int64) (dajia.Survey, error) {
	s, err := a.db.Survey(ctx, id)
	if err != nil {
		return s, err
	}
	if !s.VisibleTo(actor) {
		return dajia.Survey{}, dajia.Errorf(dajia.NotFound, "survey", "没有这条排查记录")
	}
	return s, nil
}

// SurveyFile is a finding as its page shows it.
type SurveyFile struct {
	Survey dajia.Survey
	Plan   *dajia.Plan
	Entity *dajia.Entity // the registered entity; nil when named as seen
	Photos []store.Photo // without their data
	Clue   *dajia.Clue   // its clue, when the reader may see the clue
}

// OpenSurvey returns the file of a finding the actor may read.
func (a *App) OpenSurvey(ctx context.Context, actor dajia.Actor, id int64) (SurveyFile, error) {
	s, err := a.Survey(ctx, actor, id)
	if err != nil {
		return SurveyFile{}, err
	}
	f := SurveyFile{Survey: s}
	v, err := a.db.PlanVersion(ctx, s.PlanID, 0)
	if err != nil {
		return f, err
	}
	f.Plan = v.Plan
	if s.EntityID != 0 {
		e, err := a.db.Entity(ctx, s.EntityID)
		if err != nil {
			return f, err
		}
		f.Entity = &e
	}
	if s.ClueID != 0 {
		if c, err := a.Clue(ctx, actor, s.ClueID); err == nil {
			f.Clue = &c
		} else if dajia.ErrorCode(err) != dajia.NotFound {
			return f, err
		}
	}
	f.Photos, err = a.db.SurveyPhotos(ctx, s.ID)
	f.Survey.Photos = len(f.Photos)
	return f, err
}

// SurveyPhoto returns a photo of a finding the actor may read.
func (a *App) SurveyPhoto(ctx context.Context, actor dajia.Actor, id, photoID int64) (store.Photo, error) {
	s, err := a.Survey(ctx, actor, id)
	if err != nil {
		return store.Photo{}, err
	}
	return a.db.SurveyPhoto(ctx, s.ID, photoID)
}

// SurveyToClue makes the finding the clue of the lead of the campaign that
// covers its category (Plan.Route, under the plan's current version), with
// the legal clock from today; the clue, the finding's new state and both
// audit records in one transaction. A finding becomes one clue only.
func (a *App) SurveyToClue(ctx context.Context, actor dajia.Actor, id int64) (dajia.Survey, dajia.Clue, error) {
	s, err := a.Survey(ctx, actor, id)
	if err != nil {
		return s, dajia.Clue{}, err
	}
	v, err := a.db.PlanVersion(ctx, s.PlanID, 0)
	if err != nil {
		return s, dajia.Clue{}, err
	}
	today := dajia.Today(a.clock)
	return a.db.SurveyToClue(ctx, actor, id, func(s dajia.Survey) (dajia.Clue, error) {
		if !s.VisibleTo(actor) {
			return dajia.Clue{}, dajia.Errorf(dajia.NotFound, "survey", "没有这条排查记录")
		}
		c, err := s.Clue(actor, v.Plan, today)
		if err != nil {
			return c, err
		}
		return c, c.Reclock(today, a.cal)
	})
}

// ClearSurvey closes a finding as no problem on check, with the note why.
func (a *App) ClearSurvey(ctx context.Context, actor dajia.Actor, id int64, note string) (dajia.Survey, error) {
	if _, err := a.Survey(ctx, actor, id); err != nil {
		return dajia.Survey{}, err
	}
	return a.db.UpdateSurvey(ctx, actor, id, "clear", func(s *dajia.Survey) error {
		if !s.VisibleTo(actor) {
			return dajia.Errorf(dajia.NotFound, "survey", "没有这条排查记录")
		}
		return s.Clear(actor, note)
	})
}

// SurveyQuery is a list of findings as people ask for it.
type SurveyQuery struct {
	PlanID string
	Unit   string // "" is every unit the actor sees
	// Campaign, when set, keeps the findings of the product categories
	// the campaign of that number covers (the plan's, or the current one's).
	Campaign   int
	categories []string // the campaign's, set by campaignCategories
	Village    string
	Category   string
	Status     dajia.SurveyStatus
	Mine       bool   // only the actor's own findings
	From, To   string // YYYY-MM-DD, either may be empty
	Limit      int    // per page; 0 is 50
	Offset     int
}

// filter is the store's filter of the query for the actor: a unit's
// account never reads another unit's findings.
func (q SurveyQuery) filter(actor dajia.Actor) (store.SurveyFilter, error) {
	f := store.SurveyFilter{PlanID: q.PlanID, Units: listUnits(actor, q.Unit), Village: strings.TrimSpace(q.Village),
		Category: strings.TrimSpace(q.Category), Status: q.Status, Limit: q.Limit, Offset: max(q.Offset, 0)}
	if q.Campaign != 0 {
		f.Categories = append([]string{}, q.categories...)
	}
	if q.Mine {
		f.Recorder = max(actor.UserID, 1) // an actor without an account has none
		if actor.UserID == 0 {
			f.Units = []string{}
		}
	}
	var errs dajia.FieldErrors
	if q.Status != "" && !slices.Contains(dajia.SurveyStatuses(), q.Status) {
		errs = append(errs, dajia.FieldErrorf("status", "invalid", "请从列表中选择状态"))
	}
	for _, d := range []struct {
		field, v string
		to       *dajia.Date
	}{{"from", q.From, &f.From}, {"to", q.To, &f.To}} {
		if v := strings.TrimSpace(d.v); v != "" {
			t, err := dajia.ParseDate(v)
			if err != nil {
				errs = append(errs, dajia.FieldErrorf(d.field, "invalid", "日期应为 YYYY-MM-DD"))
			}
			*d.to = t
		}
	}
	if len(f.Village) > 4*dajia.MaxSurveyVillage || len(f.Category) > 400 {
		errs = append(errs, dajia.FieldErrorf("village", "invalid", "筛选条件过长"))
	}
	if len(errs) > 0 {
		return f, errs
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	return f, nil
}

// SurveyList is one page of findings with the counts over all of them.
type SurveyList struct {
	Surveys []dajia.Survey
	Total   int
	Open    int
	Next    int              // offset of the next page; 0 on the last
	Names   map[int64]string // the names of the page's registered entities
}

// Surveys lists the findings the actor may read, the latest first, a page
// at a time; the counts are over every page.
func (a *App) Surveys(ctx context.Context, actor dajia.Actor, q SurveyQuery) (SurveyList, error) {
	if err := a.campaignCategories(ctx, &q); err != nil {
		return SurveyList{}, err
	}
	f, err := q.filter(actor)
	if err != nil {
		return SurveyList{}, err
	}
	c, err := a.db.CountSurveys(ctx, f)
	if err != nil {
		return SurveyList{}, err
	}
	list, err := a.db.Surveys(ctx, f)
	if err != nil {
		return SurveyList{}, err
	}
	l := SurveyList{Surveys: list, Total: c.Total, Open: c.Open}
	if f.Offset+len(list) < c.Total {
		l.Next = f.Offset + len(list)
	}
	var ids []int64
	for _, s := range list {
		if s.EntityID != 0 {
			ids = append(ids, s.EntityID)
		}
	}
	l.Names, err = a.db.EntityNames(ctx, ids)
	return l, err
}

// SurveyGrid is where problems gather: the findings counted by village
// (rows) and product category (columns), with each row's and column's
// totals.
type SurveyGrid struct {
	Villages   []string
	Categories []string
	Cells      map[string]map[string]store.SurveyCount // village → category → counts
	ByVillage  map[string]store.SurveyCount
	ByCategory map[string]store.SurveyCount
	Total      store.SurveyCount
}

// Cell is the counts of one village and category.
func (g SurveyGrid) Cell(village, category string) store.SurveyCount {
	return g.Cells[village][category]
}

// SurveyGather counts the findings the actor may read under the query's
// plan, unit, status and dates by village and category: the plan's
// villages and categories first in the plan's order, then any others.
func (a *App) SurveyGather(ctx context.Context, actor dajia.Actor, q SurveyQuery, p *dajia.Plan) (SurveyGrid, error) {
	if err := a.campaignCategories(ctx, &q); err != nil {
		return SurveyGrid{}, err
	}
	f, err := q.filter(actor)
	if err != nil {
		return SurveyGrid{}, err
	}
	cells, err := a.db.SurveyGather(ctx, f)
	if err != nil {
		return SurveyGrid{}, err
	}
	g := SurveyGrid{Cells: map[string]map[string]store.SurveyCount{}, ByVillage: map[string]store.SurveyCount{},
		ByCategory: map[string]store.SurveyCount{}}
	add := func(m map[string]store.SurveyCount, k string, c store.SurveyCount) {
		x := m[k]
		x.Total += c.Total
		x.Open += c.Open
		m[k] = x
	}
	for _, c := range cells {
		if g.Cells[c.Village] == nil {
			g.Cells[c.Village] = map[string]store.SurveyCount{}
			g.Villages = append(g.Villages, c.Village)
		}
		if _, ok := g.ByCategory[c.Category]; !ok {
			g.Categories = append(g.Categories, c.Category)
		}
		g.Cells[c.Village][c.Category] = c.SurveyCount
		add(g.ByVillage, c.Village, c.SurveyCount)
		add(g.ByCategory, c.Category, c.SurveyCount)
		g.Total.Total += c.Total
		g.Total.Open += c.Open
	}
	if p != nil {
		g.Villages = planOrder(p.Villages(), g.Villages)
		g.Categories = planOrder(p.Categories(), g.Categories)
	}
	return g, nil
}

// planOrder is found in the plan's order (those the plan lists that were
// found), then the rest as they came.
func planOrder(plan, found []string) []string {
	var out []string
	for _, x := range plan {
		if slices.Contains(found, x) {
			out = append(out, x)
		}
	}
	for _, x := range found {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// ExportSurveys hands each finding the actor may read under the list's
// filters to each, with its registered entity's name ("" when none), a
// page of the store at a time, and records the export in the audit trail.
func (a *App) ExportSurveys(ctx context.Context, actor dajia.Actor, q SurveyQuery, each func(s dajia.Survey, entity string) error) (int, error) {
	q.Limit, q.Offset = exportPage, 0
	if err := a.campaignCategories(ctx, &q); err != nil {
		return 0, err
	}
	f, err := q.filter(actor)
	if err != nil {
		return 0, err
	}
	n := 0
	for f.Units == nil || len(f.Units) > 0 {
		list, err := a.db.Surveys(ctx, f)
		if err != nil {
			return n, err
		}
		var ids []int64
		for _, s := range list {
			if s.EntityID != 0 {
				ids = append(ids, s.EntityID)
			}
		}
		names, err := a.db.EntityNames(ctx, ids)
		if err != nil {
			return n, err
		}
		for _, s := range list {
			if err := each(s, names[s.EntityID]); err != nil {
				return n, err
			}
			n++
		}
		if len(list) < f.Limit {
			break
		}
		f.Offset += len(list)
	}
	return n, a.db.Audit(ctx, actor, store.AuditEntry{Action: "survey.export", Object: "surveys",
		After: map[string]any{"plan": q.PlanID, "unit": q.Unit, "village": q.Village, "category": q.Category, "status": string(q.Status), "mine": q.Mine,
			"campaign": q.Campaign, "from": q.From, "to": q.To, "count": n}})
}

// OpenSurveys counts the actor's own open findings: the supervisor's
// to-do.
func (a *App) OpenSurveys(ctx context.Context, actor dajia.Actor, planID string) (int, error) {
	f, err := SurveyQuery{PlanID: planID, Status: dajia.SurveyOpen, Mine: true}.filter(actor)
	if err != nil {
		return 0, err
	}
	c, err := a.db.CountSurveys(ctx, f)
	return c.Total, err
}

// campaignCategories sets the categories of the query's campaign, if it
// asks for one: a campaign the plan does not have is the parameter's
// problem.
func (a *App) campaignCategories(ctx context.Context, q *SurveyQuery) error {
	if q.Campaign == 0 {
		return nil
	}
	v, err := a.planOrCurrent(ctx, q.PlanID)
	if err != nil {
		return err
	}
	c, ok := v.Plan.CampaignByNo(q.Campaign)
	if !ok {
		return dajia.Errorf(dajia.Invalid, "campaign", "方案中没有专项 %d", q.Campaign)
	}
	q.categories = c.Categories
	return nil
}
