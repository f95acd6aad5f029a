package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"dajia"
	"dajia/store"
)

// SamplingInput is a sampling as a form, the API or a spreadsheet row
// gives it: dates as YYYY-MM-DD text, the result as its code or name.
type SamplingInput struct {
	PlanID       string `json:"plan"`
	Unit         string `json:"unit"`
	CampaignNo   int    `json:"campaign_no"`
	Category     string `json:"category"`
	Product      string `json:"product"`
	Brand        string `json:"brand"`
	Model        string `json:"model"`
	Batch        string `json:"batch"`
	ProducerID   int64  `json:"producer_id"`
	SellerID     int64  `json:"seller_id"`
	SampledOn    string `json:"sampled_on"`
	Lab          string `json:"lab"`
	Standard     string `json:"standard"`
	TestItems    string `json:"test_items"`
	Result       string `json:"result"`
	FailedItems  string `json:"failed_items"`
	Certificate  string `json:"certificate"`
	ActionID     int64  `json:"action_id"`
	Notes        string `json:"notes"`
	NotifiedOn   string `json:"notified_on"`
	Objected     bool   `json:"objected"`
	ObjectedOn   string `json:"objected_on"`
	RetestResult string `json:"retest_result"`
}

// SamplingInputOf is a stored sampling as its form shows it.
func SamplingInputOf(s dajia.Sampling) SamplingInput {
	d := func(x dajia.Date) string {
		if x.IsZero() {
			return ""
		}
		return x.String()
	}
	return SamplingInput{PlanID: s.PlanID, Unit: s.Unit, CampaignNo: s.CampaignNo, Category: s.Category, Product: s.Product,
		Brand: s.Brand, Model: s.Model, Batch: s.Batch, ProducerID: s.ProducerID, SellerID: s.SellerID, SampledOn: d(s.SampledOn),
		Lab: s.Lab, Standard: s.Standard, TestItems: s.TestItems, Result: string(s.Result), FailedItems: s.FailedItems,
		Certificate: s.Certificate, ActionID: s.ActionID, Notes: s.Notes, NotifiedOn: d(s.NotifiedOn), Objected: s.Objected,
		ObjectedOn: d(s.ObjectedOn), RetestResult: string(s.RetestResult)}
}

// samplingUnit resolves the recording unit: the office names any unit of
// the plan; a unit's officer or head records for their own.
func samplingUnit(actor dajia.Actor, p *dajia.Plan, ref string) (string, error) {
	if err := actor.MayRecordSamplings(); err != nil {
		return "", err
	}
	if actor.Role != dajia.RoleOffice {
		if ref = strings.TrimSpace(ref); ref != "" {
			if r, ok := p.Lookup(ref); !ok || r.Unit.Key != actor.Unit {
				return "", dajia.Errorf(dajia.Forbidden, "", "只有抽样单位或打假办可以登记抽检")
			}
		}
		return actor.Unit, nil
	}
	r, ok := p.Lookup(ref)
	if !ok || r.Unit.Key == dajia.OfficeKey {
		return "", dajia.FieldErrors{dajia.FieldErrorf("unit", "required", "请选择抽样单位")}
	}
	return r.Unit.Key, nil
}

// samplingOf builds the sampling of an input under plan p for unit on day
// today, with every field's problem at once: the dates, the result, the
// entities (which must be live records), the campaign (the category's,
// when a campaign covers it) and the domain's own checks. It reads the
// entities to find the village the sampling is counted in.
func (a *App) samplingOf(ctx context.Context, p *dajia.Plan, planID, unit string, in SamplingInput, today dajia.Date) (dajia.Sampling, error) {
	s := dajia.Sampling{PlanID: planID, Unit: unit, Category: in.Category, Product: in.Product, Brand: in.Brand, Model: in.Model,
		Batch: in.Batch, ProducerID: in.ProducerID, SellerID: in.SellerID, Lab: in.Lab, Standard: in.Standard, TestItems: in.TestItems,
		FailedItems: in.FailedItems, Certificate: in.Certificate, ActionID: in.ActionID, Notes: in.Notes, Objected: in.Objected}
	var errs dajia.FieldErrors
	date := func(field, v string, to *dajia.Date) {
		if v = strings.TrimSpace(v); v == "" {
			return
		}
		d, err := dajia.ParseDate(v)
		if err != nil {
			errs = append(errs, dajia.FieldErrorf(field, "date", "日期应为 YYYY-MM-DD"))
			return
		}
		*to = d
	}
	date("sampled_on", in.SampledOn, &s.SampledOn)
	date("notified_on", in.NotifiedOn, &s.NotifiedOn)
	date("objected_on", in.ObjectedOn, &s.ObjectedOn)
	if r, ok := dajia.ParseSamplingResult(in.Result); ok {
		s.Result = r
	} else if strings.TrimSpace(in.Result) != "" {
		s.Result = "?"
	}
	if strings.TrimSpace(in.RetestResult) != "" {
		r, ok := dajia.ParseSamplingResult(in.RetestResult)
		if !ok {
			r = "?"
		}
		s.RetestResult = r
	}
	var villages [2]string
	for i, e := range []struct {
		field string
		id    int64
	}{{"producer_id", s.ProducerID}, {"seller_id", s.SellerID}} {
		if e.id <= 0 {
			continue
		}
		ent, err := a.db.Entity(ctx, e.id)
		switch {
		case dajia.ErrorCode(err) == dajia.NotFound:
			errs = append(errs, dajia.FieldErrorf(e.field, "invalid", "第 %d 号市场主体不存在", e.id))
		case err != nil:
			return s, err
		case ent.MergedInto != 0:
			errs = append(errs, dajia.FieldErrorf(e.field, "invalid", "第 %d 号市场主体已经合并到第 %d 号，请选择后者", ent.ID, ent.MergedInto))
		default:
			villages[i] = ent.Village
		}
	}
	s.Village = villages[0]
	if s.SellerID > 0 {
		s.Village = villages[1]
	}
	s.CampaignNo = dajia.SamplingCampaign(p, strings.TrimSpace(s.Category))
	if s.CampaignNo == 0 && in.CampaignNo != 0 {
		if _, ok := p.CampaignByNo(in.CampaignNo); ok {
			s.CampaignNo = in.CampaignNo
		} else {
			errs = append(errs, dajia.FieldErrorf("campaign_no", "invalid", "方案中没有专项 %d", in.CampaignNo))
		}
	}
	if s.ActionID > 0 {
		fe, err := a.tagProblem(ctx, s.ActionID, unit, planID)
		if err != nil {
			return s, err
		}
		if fe != nil {
			errs = append(errs, *fe)
		}
	}
	if err := s.Check(p, today, a.cal); err != nil {
		var fe dajia.FieldErrors
		if !errors.As(err, &fe) {
			return s, err
		}
		// A field the input already found wrong says so once.
		for _, f := range fe {
			if !hasField(errs, f.Field) {
				errs = append(errs, f)
			}
		}
	}
	if len(errs) > 0 {
		return s, errs
	}
	return s, nil
}

func hasField(errs dajia.FieldErrors, field string) bool {
	for _, e := range errs {
		if e.Field == field {
			return true
		}
	}
	return false
}

// samplingClues makes the clues a failed sample gives under plan p on day
// today: one for each competent unit (ClueLeads), naming the entities, on
// its legal clock.
func (a *App) samplingClues(ctx context.Context, p *dajia.Plan, ss []dajia.Sampling, today dajia.Date) (store.SamplingClues, error) {
	var ids []int64
	for _, s := range ss {
		if s.Result == dajia.SampleFailed {
			ids = append(ids, s.ProducerID, s.SellerID)
		}
	}
	names, err := a.db.EntityNames(ctx, ids)
	if err != nil {
		return nil, err
	}
	return func(s dajia.Sampling) ([]dajia.Clue, error) {
		var out []dajia.Clue
		for _, l := range s.ClueLeads(p) {
			c := s.SamplingClue(l, names, today)
			if err := c.Check(today); err != nil {
				return nil, err
			}
			if err := c.Reclock(today, a.cal); err != nil {
				return nil, err
			}
			out = append(out, c)
		}
		return out, nil
	}, nil
}

// CreateSampling records a sampling under the plan it names; a failed one
// gives its clues to the producer's and the seller's competent units in
// the same transaction.
func (a *App) CreateSampling(ctx context.Context, actor dajia.Actor, in SamplingInput) (store.SamplingRecord, error) {
	if err := actor.MayRecordSamplings(); err != nil {
		return store.SamplingRecord{}, err
	}
	v, err := a.db.Plan(ctx, in.PlanID)
	if err != nil {
		return store.SamplingRecord{}, err
	}
	unit, err := samplingUnit(actor, v.Plan, in.Unit)
	if err != nil {
		return store.SamplingRecord{}, err
	}
	today := dajia.Today(a.clock)
	s, err := a.samplingOf(ctx, v.Plan, v.PlanID, unit, in, today)
	if err != nil {
		return store.SamplingRecord{}, err
	}
	clues, err := a.samplingClues(ctx, v.Plan, []dajia.Sampling{s}, today)
	if err != nil {
		return store.SamplingRecord{}, err
	}
	recs, err := a.db.CreateSamplings(ctx, actor, []dajia.Sampling{s}, clues)
	if err != nil {
		return store.SamplingRecord{}, err
	}
	return recs[0], nil
}

// UpdateSampling changes a sampling the actor may edit (EditableBy): the
// whole record as the input gives it, under its own plan. Turning it
// failed gives its clues, once.
func (a *App) UpdateSampling(ctx context.Context, actor dajia.Actor, id int64, in SamplingInput) (store.SamplingRecord, error) {
	cur, err := a.Sampling(ctx, actor, id)
	if err != nil {
		return cur, err
	}
	today := dajia.Today(a.clock)
	if !cur.EditableBy(actor, today, a.cal) {
		return cur, dajia.Errorf(dajia.Forbidden, "", "抽检结论已确定，只有打假办可以修改")
	}
	v, err := a.db.PlanVersion(ctx, cur.PlanID, 0)
	if err != nil {
		return cur, err
	}
	unit := cur.Unit
	if actor.Role == dajia.RoleOffice && strings.TrimSpace(in.Unit) != "" {
		if unit, err = samplingUnit(actor, v.Plan, in.Unit); err != nil {
			return cur, err
		}
	}
	s, err := a.samplingOf(ctx, v.Plan, cur.PlanID, unit, in, today)
	if err != nil {
		return cur, err
	}
	clues, err := a.samplingClues(ctx, v.Plan, []dajia.Sampling{s}, today)
	if err != nil {
		return cur, err
	}
	return a.db.UpdateSampling(ctx, actor, id, func(before *dajia.Sampling) error {
		// Read again inside the transaction: another change may have
		// closed it since.
		if !before.VisibleTo(actor) {
			return dajia.Errorf(dajia.NotFound, "sampling", "没有这条抽检记录")
		}
		if !before.EditableBy(actor, today, a.cal) {
			return dajia.Errorf(dajia.Forbidden, "", "抽检结论已确定，只有打假办可以修改")
		}
		s.ID = before.ID
		*before = s
		return nil
	}, clues)
}

// Sampling returns a sampling the actor may see; another unit's is not
// found.
func (a *App) Sampling(ctx context.Context, actor dajia.Actor, id int64) (store.SamplingRecord, error) {
	r, err := a.db.Sampling(ctx, id)
	if err != nil {
		return r, err
	}
	if !r.VisibleTo(actor) {
		return store.SamplingRecord{}, dajia.Errorf(dajia.NotFound, "sampling", "没有这条抽检记录")
	}
	return r, nil
}

// SamplingFile is a sampling as its page shows it.
type SamplingFile struct {
	Record   store.SamplingRecord
	Plan     *dajia.Plan
	Names    map[int64]string // the producer's and the seller's names
	Window   dajia.ObjectionWindow
	Clues    []dajia.Clue // the clues it gave
	Editable bool
}

// OpenSampling returns the file of a sampling the actor may see: its
// entities' names, its objection window on today, and the clues it gave.
func (a *App) OpenSampling(ctx context.Context, actor dajia.Actor, id int64) (SamplingFile, error) {
	r, err := a.Sampling(ctx, actor, id)
	if err != nil {
		return SamplingFile{}, err
	}
	today := dajia.Today(a.clock)
	f := SamplingFile{Record: r, Window: r.Window(today, a.cal), Editable: r.EditableBy(actor, today, a.cal)}
	v, err := a.db.PlanVersion(ctx, r.PlanID, 0)
	if err != nil {
		return f, err
	}
	f.Plan = v.Plan
	if f.Names, err = a.db.EntityNames(ctx, []int64{r.ProducerID, r.SellerID}); err != nil {
		return f, err
	}
	f.Clues, err = a.db.CluesOfSampling(ctx, id)
	return f, err
}

// SamplingQuery is a list of samplings as staff ask for it.
type SamplingQuery struct {
	PlanID   string
	Unit     string // "" is every unit the actor sees
	Campaign string // "" any; a number (0: none)
	Category string
	Village  string // "" any; VillageNone: none known
	Result   dajia.SamplingResult
	CCC      bool  // only the samples flagged for a missing 3C certificate
	Action   int64 // 0 any; else what joint action Action's results count: tagged and dated inside it
	From, To string
	Limit    int // per page; 0 is 50
	Offset   int
}

// VillageNone asks for the samplings whose entity has no village.
const VillageNone = "-"

// filter is the store's filter of the query for the actor: the units it
// may read, the dates and numbers parsed (a bad one is an Invalid error
// naming its parameter).
func (q SamplingQuery) filter(actor dajia.Actor) (store.SamplingFilter, error) {
	f := store.SamplingFilter{PlanID: q.PlanID, Units: listUnits(actor, q.Unit), Category: strings.TrimSpace(q.Category),
		CCCMissing: q.CCC, ActionID: q.Action, Limit: q.Limit, Offset: max(q.Offset, 0)}
	if q.Action < 0 {
		return f, dajia.Errorf(dajia.Invalid, "action", "%s 应为非负整数", "action")
	}
	if q.Campaign != "" {
		n, err := strconv.Atoi(q.Campaign)
		if err != nil || n < 0 {
			return f, dajia.Errorf(dajia.Invalid, "campaign", "专项编号应为非负整数")
		}
		f.CampaignNo, f.HasCampaign = n, true
	}
	if q.Village != "" {
		f.HasVillage = true
		if q.Village != VillageNone {
			f.Village = q.Village
		}
	}
	if q.Result != "" {
		if !q.Result.Valid() {
			return f, dajia.Errorf(dajia.Invalid, "result", "检验结论应为 pending、passed 或 failed")
		}
		f.Result = q.Result
	}
	for _, d := range []struct {
		name, v string
		to      *dajia.Date
	}{{"from", q.From, &f.From}, {"to", q.To, &f.To}} {
		if d.v == "" {
			continue
		}
		x, err := dajia.ParseDate(d.v)
		if err != nil {
			return f, dajia.Errorf(dajia.Invalid, d.name, "日期应为 YYYY-MM-DD")
		}
		*d.to = x
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	return f, nil
}

// SamplingList is one page of samplings with the count over all of them.
type SamplingList struct {
	Items []store.SamplingRecord
	Total int
	Next  int              // offset of the next page; 0 on the last
	Names map[int64]string // the page's entities' names
}

// Samplings lists the samplings the actor may see, the latest first.
func (a *App) Samplings(ctx context.Context, actor dajia.Actor, q SamplingQuery) (SamplingList, error) {
	f, err := q.filter(actor)
	if err != nil {
		return SamplingList{}, err
	}
	n, err := a.db.CountSamplings(ctx, f)
	if err != nil {
		return SamplingList{}, err
	}
	items, err := a.db.Samplings(ctx, f)
	if err != nil {
		return SamplingList{}, err
	}
	l := SamplingList{Items: items, Total: n}
	if f.Offset+len(items) < n {
		l.Next = f.Offset + len(items)
	}
	l.Names, err = a.db.EntityNames(ctx, samplingEntityIDs(items))
	return l, err
}

func samplingEntityIDs(items []store.SamplingRecord) []int64 {
	var ids []int64
	for _, r := range items {
		ids = append(ids, r.ProducerID, r.SellerID)
	}
	return ids
}

// SamplingRates is the pass rates of the samplings a query selects: in
// all, and by campaign, category and village.
type SamplingRates struct {
	All        dajia.PassRate
	ByCampaign []dajia.PassRate
	ByCategory []dajia.PassRate
	ByVillage  []dajia.PassRate
}

// PassRates counts the samplings the actor may see under the query's
// filters (a plan and a date range, most often) by standing result: one
// grouped query per grouping.
func (a *App) PassRates(ctx context.Context, actor dajia.Actor, q SamplingQuery) (SamplingRates, error) {
	var out SamplingRates
	f, err := q.filter(actor)
	if err != nil {
		return out, err
	}
	for _, g := range []struct {
		by string
		to *[]dajia.PassRate
	}{{store.RateByCampaign, &out.ByCampaign}, {store.RateByCategory, &out.ByCategory}, {store.RateByVillage, &out.ByVillage}} {
		if *g.to, err = a.db.SamplingRates(ctx, f, g.by); err != nil {
			return out, err
		}
	}
	for _, r := range out.ByCampaign {
		out.All = out.All.Add(r)
	}
	return out, nil
}

// ExportSamplings hands each sampling the actor may see under the list's
// filters to each, with its entities' names, a page of the store at a time
// however many there are, and records the export in the audit trail.
func (a *App) ExportSamplings(ctx context.Context, actor dajia.Actor, q SamplingQuery, each func(r store.SamplingRecord, names map[int64]string) error) (int, error) {
	if q.Limit <= 0 {
		q.Limit = exportPage
	}
	q.Offset = 0
	f, err := q.filter(actor)
	if err != nil {
		return 0, err
	}
	n := 0
	for f.Units == nil || len(f.Units) > 0 {
		recs, err := a.db.Samplings(ctx, f)
		if err != nil {
			return n, err
		}
		names, err := a.db.EntityNames(ctx, samplingEntityIDs(recs))
		if err != nil {
			return n, err
		}
		for _, r := range recs {
			if err := each(r, names); err != nil {
				return n, err
			}
			n++
		}
		if len(recs) < f.Limit {
			break
		}
		f.Offset += len(recs)
	}
	return n, a.db.Audit(ctx, actor, store.AuditEntry{Action: "sampling.export", Object: "samplings",
		After: map[string]any{"plan": q.PlanID, "unit": q.Unit, "campaign": q.Campaign, "category": q.Category, "village": q.Village,
			"result": string(q.Result), "ccc_missing": q.CCC, "action_id": q.Action, "from": q.From, "to": q.To, "count": n}})
}

// MaxSamplingImport bounds the rows of one import.
const MaxSamplingImport = 500

// SamplingRowError is a problem of one row of an import: the row's number
// in the spreadsheet and the field's problem.
type SamplingRowError struct {
	Row int
	dajia.FieldError
}

// SamplingImportErrors is every problem of an import; none of it was
// stored. It is an Invalid error.
type SamplingImportErrors []SamplingRowError

func (e SamplingImportErrors) Error() string {
	var parts []string
	for _, r := range e {
		parts = append(parts, fmt.Sprintf("row %d %s: %s", r.Row, r.Field, r.Message))
	}
	return strings.Join(parts, "; ")
}

// Unwrap makes the errors an Invalid domain error.
func (e SamplingImportErrors) Unwrap() error {
	return dajia.Errorf(dajia.Invalid, "file", "Excel 中有错误，没有导入任何内容；请按下面的提示修改后重新上传")
}

// SamplingRow is one row of an import: its number in the spreadsheet and
// what it holds.
type SamplingRow struct {
	Row int
	In  SamplingInput
	// The producer and the seller as a spreadsheet names them: the
	// entity's number in dajia or its 统一社会信用代码; "" is unknown.
	Producer, Seller string
}

// entityRef finds the live entity a spreadsheet names by its number or its
// credit code; 0 for none.
func (a *App) entityRef(ctx context.Context, field, ref string) (int64, error) {
	ref = strings.ToUpper(strings.TrimSpace(ref))
	if ref == "" {
		return 0, nil
	}
	if len(ref) < 18 {
		if id, err := strconv.ParseInt(ref, 10, 64); err == nil && id > 0 {
			return id, nil
		}
		return 0, dajia.FieldErrors{dajia.FieldErrorf(field, "invalid", "请填写市场主体编号或统一社会信用代码")}
	}
	found, err := a.db.FindEntities(ctx, ref, 5)
	if err != nil {
		return 0, err
	}
	for _, e := range found {
		if e.CreditCode == ref {
			return e.ID, nil
		}
	}
	return 0, dajia.FieldErrors{dajia.FieldErrorf(field, "invalid", "没有统一社会信用代码为 %s 的市场主体，请先登记", ref)}
}

// ImportSamplings records the rows as samplings of the plan planID, all
// or none: every row's every problem comes back as SamplingImportErrors
// and nothing is stored. The failed ones give their clues as one by one.
func (a *App) ImportSamplings(ctx context.Context, actor dajia.Actor, planID string, rows []SamplingRow) ([]store.SamplingRecord, error) {
	if err := actor.MayRecordSamplings(); err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, dajia.Errorf(dajia.Invalid, "file", "表格中没有抽检记录")
	}
	if len(rows) > MaxSamplingImport {
		return nil, dajia.Errorf(dajia.Invalid, "file", "一次最多导入 %d 条抽检记录", MaxSamplingImport)
	}
	v, err := a.db.Plan(ctx, planID)
	if err != nil {
		return nil, err
	}
	today := dajia.Today(a.clock)
	var errs SamplingImportErrors
	var ss []dajia.Sampling
	for _, row := range rows {
		var mine []SamplingRowError // this row's problems, one per field
		problem := func(err error) {
			for _, p := range rowProblems(row.Row, err) {
				if !slices.ContainsFunc(mine, func(m SamplingRowError) bool { return m.Field == p.Field }) {
					mine = append(mine, p)
				}
			}
		}
		for _, e := range []struct {
			field, ref string
			to         *int64
		}{{"producer_id", row.Producer, &row.In.ProducerID}, {"seller_id", row.Seller, &row.In.SellerID}} {
			if e.ref == "" {
				continue
			}
			id, err := a.entityRef(ctx, e.field, e.ref)
			if dajia.ErrorCode(err) == dajia.Invalid {
				problem(err)
				continue
			}
			if err != nil {
				return nil, err
			}
			*e.to = id
		}
		unit, err := samplingUnit(actor, v.Plan, row.In.Unit)
		switch {
		case dajia.ErrorCode(err) == dajia.Forbidden:
			problem(dajia.FieldErrors{dajia.FieldErrorf("unit", "forbidden", "只能登记本单位的抽检")})
		case err != nil:
			problem(err)
		}
		s, err := a.samplingOf(ctx, v.Plan, v.PlanID, unit, row.In, today)
		if err != nil && dajia.ErrorCode(err) != dajia.Invalid {
			return nil, err
		}
		if err != nil {
			problem(err)
		}
		if len(mine) > 0 {
			errs = append(errs, mine...)
			continue
		}
		ss = append(ss, s)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	clues, err := a.samplingClues(ctx, v.Plan, ss, today)
	if err != nil {
		return nil, err
	}
	return a.db.CreateSamplings(ctx, actor, ss, clues)
}

func rowProblems(row int, err error) []SamplingRowError {
	var fe dajia.FieldErrors
	if !errors.As(err, &fe) {
		e := dajia.ErrorOf(err)
		fe = dajia.FieldErrors{{Field: e.Field, Rule: "invalid", Message: e.Message, Key: e.Key, Args: e.Args}}
	}
	var out []SamplingRowError
	for _, f := range fe {
		out = append(out, SamplingRowError{Row: row, FieldError: f})
	}
	return out
}
