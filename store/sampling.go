package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"dajia"
)

// SamplingRecord is a sampling as the store keeps it, with who recorded
// it and when.
type SamplingRecord struct {
	dajia.Sampling
	CreatedBy string
	CreatedAt time.Time
	UpdatedAt time.Time
}

const samplingColumns = `id, plan_id, unit, campaign_no, category, product, brand, model, batch, producer_id, seller_id, sampled_on,
	lab, standard, test_items, result, failed_items, certificate, action_id, notes, notified_on, objected, objected_on,
	retest_result, village, created_by, created_at, updated_at`

func scanSampling(sc rowScanner) (SamplingRecord, error) {
	var r SamplingRecord
	s := &r.Sampling
	var producer, seller sql.NullInt64
	var sampled, result, notified, objected, retest string
	if err := sc.Scan(&s.ID, &s.PlanID, &s.Unit, &s.CampaignNo, &s.Category, &s.Product, &s.Brand, &s.Model, &s.Batch, &producer, &seller,
		&sampled, &s.Lab, &s.Standard, &s.TestItems, &result, &s.FailedItems, &s.Certificate, &s.ActionID, &s.Notes, &notified,
		&s.Objected, &objected, &retest, &s.Village, &r.CreatedBy, &r.CreatedAt, &r.UpdatedAt); err != nil {
		return r, err
	}
	s.ProducerID, s.SellerID = producer.Int64, seller.Int64
	s.Result, s.RetestResult = dajia.SamplingResult(result), dajia.SamplingResult(retest)
	var err error
	for _, d := range []struct {
		col string
		s   string
		to  *dajia.Date
	}{{"sampled_on", sampled, &s.SampledOn}, {"notified_on", notified, &s.NotifiedOn}, {"objected_on", objected, &s.ObjectedOn}} {
		if *d.to, err = storedDate(d.col, d.s); err != nil {
			return r, err
		}
	}
	return r, nil
}

// samplingView is what the audit trail keeps of a sampling: the workflow
// values (unit, campaign, category, entities, dates, results, flags); what
// staff wrote (product, lab, items, notes) by name only.
func samplingView(s dajia.Sampling) map[string]any {
	return map[string]any{"plan": s.PlanID, "unit": s.Unit, "campaign": s.CampaignNo, "category": s.Category, "product": s.Product,
		"brand": s.Brand, "model": s.Model, "batch": s.Batch, "producer": s.ProducerID, "seller": s.SellerID,
		"sampled_on": s.SampledOn.String(), "lab": s.Lab, "standard": s.Standard, "test_items": s.TestItems, "result": s.Result,
		"failed_items": s.FailedItems, "certificate": s.Certificate, "ccc_missing": s.CCCMissing(), "action_id": s.ActionID,
		"notes": s.Notes, "notified_on": s.NotifiedOn.String(), "objected": s.Objected, "objected_on": s.ObjectedOn.String(),
		"retest_result": s.RetestResult, "village": s.Village}
}

func samplingNotFound() error {
	return dajia.Errorf(dajia.NotFound, "sampling", "没有这条抽检记录")
}

func (tx *Tx) sampling(ctx context.Context, id int64) (SamplingRecord, error) {
	r, err := scanSampling(tx.QueryRowContext(ctx, `SELECT `+samplingColumns+` FROM samplings WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, samplingNotFound()
	}
	return r, err
}

// SamplingClues makes the clues of a stored, failed sampling (its id set);
// none for one that did not fail.
type SamplingClues func(dajia.Sampling) ([]dajia.Clue, error)

// CreateSamplings stores checked samplings, each with its audit record
// and, for a failed one, the clues clues makes, all in one transaction:
// every one or none (an import is all-or-nothing).
func (db *DB) CreateSamplings(ctx context.Context, actor dajia.Actor, ss []dajia.Sampling, clues SamplingClues) (_ []SamplingRecord, err error) {
	defer db.wrap(&err, "store the samplings")
	var out []SamplingRecord
	err = db.Transact(ctx, func(tx *Tx) error {
		out = out[:0]
		for _, s := range ss {
			r, err := tx.createSampling(ctx, actor, s, clues)
			if err != nil {
				return err
			}
			out = append(out, r)
		}
		return nil
	})
	return out, err
}

func (tx *Tx) createSampling(ctx context.Context, actor dajia.Actor, s dajia.Sampling, clues SamplingClues) (SamplingRecord, error) {
	var id int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO samplings (plan_id, unit, campaign_no, category, product, brand, model, batch,
		producer_id, seller_id, sampled_on, lab, standard, test_items, result, failed_items, certificate, ccc_missing, action_id, notes,
		notified_on, objected, objected_on, retest_result, final_result, village, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $28)
		RETURNING id`,
		s.PlanID, s.Unit, s.CampaignNo, s.Category, s.Product, s.Brand, s.Model, s.Batch, nullID(s.ProducerID), nullID(s.SellerID),
		s.SampledOn.String(), s.Lab, s.Standard, s.TestItems, string(s.Result), s.FailedItems, s.Certificate, s.CCCMissing(), s.ActionID,
		s.Notes, s.NotifiedOn.String(), s.Objected, s.ObjectedOn.String(), string(s.RetestResult), string(s.Final()), s.Village,
		actor.Name, tx.Now).Scan(&id); err != nil {
		return SamplingRecord{}, fmt.Errorf("insert sampling: %w", tx.db.dialect.mapErr(err))
	}
	r, err := tx.sampling(ctx, id)
	if err != nil {
		return r, err
	}
	if err := tx.Audit(ctx, actor, AuditEntry{Action: "sampling.create", Object: fmt.Sprintf("sampling:%d", id), After: samplingView(r.Sampling)}); err != nil {
		return r, err
	}
	return r, tx.samplingClues(ctx, actor, r.Sampling, clues)
}

// samplingClues stores the clues of a failed sampling unless it already
// has its clues: a sampling gives its clues once, whatever is changed
// afterwards. Each clue gets its history line and audit record, and its
// link to the sampling.
func (tx *Tx) samplingClues(ctx context.Context, actor dajia.Actor, s dajia.Sampling, clues SamplingClues) error {
	if clues == nil || s.Result != dajia.SampleFailed {
		return nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM sampling_clues WHERE sampling_id = $1`, s.ID).Scan(&n); err != nil {
		return fmt.Errorf("sampling %d clues: %w", s.ID, err)
	}
	if n > 0 {
		return nil
	}
	cs, err := clues(s)
	if err != nil {
		return err
	}
	for _, c := range cs {
		stored, err := tx.createClue(ctx, actor, c)
		if err != nil {
			return fmt.Errorf("the clue of sampling %d: %w", s.ID, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO sampling_clues (sampling_id, unit, clue_id) VALUES ($1, $2, $3)`, s.ID, c.LeadUnit, stored.ID); err != nil {
			return fmt.Errorf("link the clue of sampling %d: %w", s.ID, tx.db.dialect.mapErr(err))
		}
	}
	return nil
}

// UpdateSampling changes a sampling in one transaction: it loads it, lets
// change change it (by the domain's rules), saves it with its audit record
// and, when it is now failed and has no clues yet, stores the clues clues
// makes.
func (db *DB) UpdateSampling(ctx context.Context, actor dajia.Actor, id int64, change func(*dajia.Sampling) error, clues SamplingClues) (_ SamplingRecord, err error) {
	defer db.wrap(&err, "change sampling %d", id)
	var after SamplingRecord
	err = db.Transact(ctx, func(tx *Tx) error {
		before, err := tx.sampling(ctx, id)
		if err != nil {
			return err
		}
		s := before.Sampling
		if err := change(&s); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE samplings SET unit = $1, campaign_no = $2, category = $3, product = $4, brand = $5, model = $6,
			batch = $7, producer_id = $8, seller_id = $9, sampled_on = $10, lab = $11, standard = $12, test_items = $13, result = $14,
			failed_items = $15, certificate = $16, ccc_missing = $17, action_id = $18, notes = $19, notified_on = $20, objected = $21,
			objected_on = $22, retest_result = $23, final_result = $24, village = $25, updated_at = $26 WHERE id = $27`,
			s.Unit, s.CampaignNo, s.Category, s.Product, s.Brand, s.Model, s.Batch, nullID(s.ProducerID), nullID(s.SellerID),
			s.SampledOn.String(), s.Lab, s.Standard, s.TestItems, string(s.Result), s.FailedItems, s.Certificate, s.CCCMissing(),
			s.ActionID, s.Notes, s.NotifiedOn.String(), s.Objected, s.ObjectedOn.String(), string(s.RetestResult), string(s.Final()),
			s.Village, tx.Now, id); err != nil {
			return fmt.Errorf("update sampling %d: %w", id, db.dialect.mapErr(err))
		}
		if after, err = tx.sampling(ctx, id); err != nil {
			return err
		}
		if err := tx.Audit(ctx, actor, AuditEntry{Action: "sampling.update", Object: fmt.Sprintf("sampling:%d", id),
			Before: samplingView(before.Sampling), After: samplingView(after.Sampling)}); err != nil {
			return err
		}
		return tx.samplingClues(ctx, actor, after.Sampling, clues)
	})
	return after, err
}

// Sampling returns one sampling.
func (db *DB) Sampling(ctx context.Context, id int64) (_ SamplingRecord, err error) {
	defer db.wrap(&err, "load sampling %d", id)
	r, err := scanSampling(db.read.QueryRowContext(ctx, `SELECT `+samplingColumns+` FROM samplings WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, samplingNotFound()
	}
	return r, err
}

// CluesOfSampling returns the clues a sampling gave, by unit.
func (db *DB) CluesOfSampling(ctx context.Context, id int64) (_ []dajia.Clue, err error) {
	defer db.wrap(&err, "load the clues of sampling %d", id)
	rows, err := db.read.QueryContext(ctx, `SELECT `+clueColumns+` FROM clues WHERE id IN (SELECT clue_id FROM sampling_clues WHERE sampling_id = $1) ORDER BY id`, id)
	if err != nil {
		return nil, db.dialect.mapErr(err)
	}
	return collect(rows, scanClue)
}

// SamplingFilter selects samplings. Results filter on the result that
// stands (after any re-test).
type SamplingFilter struct {
	PlanID      string   // "" is every plan's
	Units       []string // recorded by these units; nil: all, empty: none
	CampaignNo  int      // with HasCampaign: of this campaign (0: none)
	HasCampaign bool
	Category    string
	Village     string // with HasVillage: of this village ("" : none known)
	HasVillage  bool
	Result      dajia.SamplingResult
	CCCMissing  bool  // only the samples flagged for a missing 3C certificate
	ActionID    int64 // 0: any; else tagged with it and dated inside its dates, as the action's results count
	From, To    dajia.Date
	Limit       int // at most 500; 0 is 50
	Offset      int
}

func (f SamplingFilter) where() (string, []any, bool) {
	var conds []string
	var args []any
	ph := func(v any) string { return placeholders(&args, v) }
	if f.PlanID != "" {
		conds = append(conds, "plan_id = "+ph(f.PlanID))
	}
	if f.Units != nil {
		if len(f.Units) == 0 {
			return "", nil, false
		}
		conds = append(conds, "unit IN ("+placeholdersOf(&args, f.Units)+")")
	}
	if f.HasCampaign {
		conds = append(conds, "campaign_no = "+ph(f.CampaignNo))
	}
	if f.Category != "" {
		conds = append(conds, "category = "+ph(f.Category))
	}
	if f.HasVillage {
		conds = append(conds, "village = "+ph(f.Village))
	}
	if f.Result != "" {
		conds = append(conds, "final_result = "+ph(string(f.Result)))
	}
	if f.CCCMissing {
		conds = append(conds, "ccc_missing = "+ph(true))
	}
	if f.ActionID != 0 {
		conds = append(conds, actionDated("", "sampled_on", ph(f.ActionID)))
	}
	if !f.From.IsZero() {
		conds = append(conds, "sampled_on >= "+ph(f.From.String()))
	}
	if !f.To.IsZero() {
		conds = append(conds, "sampled_on <= "+ph(f.To.String()))
	}
	if len(conds) == 0 {
		return "", args, true
	}
	return " WHERE " + strings.Join(conds, " AND "), args, true
}

// Samplings lists samplings, the latest sampled first.
func (db *DB) Samplings(ctx context.Context, f SamplingFilter) (_ []SamplingRecord, err error) {
	defer db.wrap(&err, "list samplings")
	where, args, ok := f.where()
	if !ok {
		return nil, nil
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	args = append(args, f.Limit, max(f.Offset, 0))
	q := `SELECT ` + samplingColumns + ` FROM samplings` + where +
		fmt.Sprintf(` ORDER BY sampled_on DESC, id DESC LIMIT $%d OFFSET $%d`, len(args)-1, len(args))
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, db.dialect.mapErr(err)
	}
	return collect(rows, scanSampling)
}

// CountSamplings counts the samplings of a filter over every page.
func (db *DB) CountSamplings(ctx context.Context, f SamplingFilter) (_ int, err error) {
	defer db.wrap(&err, "count samplings")
	where, args, ok := f.where()
	if !ok {
		return 0, nil
	}
	var n int
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM samplings`+where, args...).Scan(&n); err != nil {
		return 0, db.dialect.mapErr(err)
	}
	return n, nil
}

// Pass-rate groupings: the columns SamplingRates groups by.
const (
	RateByCampaign = "campaign_no"
	RateByCategory = "category"
	RateByVillage  = "village"
)

// SamplingRates counts the samplings of a filter by group (RateByCampaign,
// RateByCategory or RateByVillage) and standing result, in one query,
// the groups in their key's order.
func (db *DB) SamplingRates(ctx context.Context, f SamplingFilter, by string) (_ []dajia.PassRate, err error) {
	defer db.wrap(&err, "count pass rates")
	switch by {
	case RateByCampaign, RateByCategory, RateByVillage:
	default:
		return nil, fmt.Errorf("no grouping %q", by)
	}
	where, args, ok := f.where()
	if !ok {
		return nil, nil
	}
	rows, err := db.read.QueryContext(ctx, `SELECT `+by+`, final_result, COUNT(*) FROM samplings`+where+` GROUP BY `+by+`, final_result ORDER BY `+by, args...)
	if err != nil {
		return nil, db.dialect.mapErr(err)
	}
	defer rows.Close()
	var out []dajia.PassRate
	for rows.Next() {
		var key any
		var result string
		var n int
		if err := rows.Scan(&key, &result, &n); err != nil {
			return nil, err
		}
		k := fmt.Sprint(key)
		if b, ok := key.([]byte); ok {
			k = string(b)
		}
		if len(out) == 0 || out[len(out)-1].Key != k {
			out = append(out, dajia.PassRate{Key: k})
		}
		r := &out[len(out)-1]
		switch dajia.SamplingResult(result) {
		case dajia.SamplePassed:
			r.Passed += n
		case dajia.SampleFailed:
			r.Failed += n
		default:
			r.Pending += n
		}
	}
	return out, rows.Err()
}
