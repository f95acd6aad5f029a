package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"dajia"
)

const inspectionColumns = `id, plan_id, inspected_on, unit, inspectors, campaign_no, village, place, action_id, notes, created_by, created_at, updated_at`

func scanInspection(sc rowScanner) (dajia.Inspection, error) {
	var i dajia.Inspection
	var on, inspectors string
	if err := sc.Scan(&i.ID, &i.PlanID, &on, &i.Unit, &inspectors, &i.CampaignNo, &i.Village, &i.Place, &i.ActionID, &i.Notes,
		&i.CreatedBy, &i.CreatedAt, &i.UpdatedAt); err != nil {
		return i, err
	}
	var err error
	if i.InspectedOn, err = storedDate("inspected_on", on); err != nil {
		return i, err
	}
	if err := json.Unmarshal([]byte(inspectors), &i.Inspectors); err != nil {
		return i, fmt.Errorf("inspection %d: inspectors: %w", i.ID, err)
	}
	return i, nil
}

type inspectionRow struct {
	id int64
	e  dajia.InspectedEntity
}

func scanInspectionRow(sc rowScanner) (inspectionRow, error) {
	var r inspectionRow
	var checks string
	var clue sql.NullInt64
	if err := sc.Scan(&r.id, &r.e.EntityID, &r.e.Category, &r.e.Product, &r.e.Certificate, &checks, &r.e.Finding, &clue, &r.e.ClueUnit); err != nil {
		return r, err
	}
	r.e.ClueID = clue.Int64
	if err := json.Unmarshal([]byte(checks), &r.e.Checks); err != nil {
		return r, fmt.Errorf("inspection %d entity %d: checks: %w", r.id, r.e.EntityID, err)
	}
	return r, nil
}

const inspectionRowColumns = `inspection_id, entity_id, category, product, certificate, checks, finding, clue_id, clue_unit`

// inspectionView is what the audit trail keeps of an inspection: its
// unit, day, campaign, joint action, the entities checked and the counts
// of findings and 3C flags; the names, place, findings and notes by name
// only.
func inspectionView(i dajia.Inspection) map[string]any {
	var ids, clues []int64
	for _, e := range i.Entities {
		ids = append(ids, e.EntityID)
		if e.ClueID != 0 {
			clues = append(clues, e.ClueID)
		}
	}
	return map[string]any{"plan": i.PlanID, "unit": i.Unit, "inspected_on": i.InspectedOn.String(), "campaign": i.CampaignNo,
		"action_id": i.ActionID, "entities": ids, "clues": clues, "findings": i.Findings(), "ccc_flags": i.CCCFlags(),
		"inspectors": i.Inspectors, "village": i.Village, "place": i.Place, "notes": i.Notes}
}

func inspectionNotFound() error {
	return dajia.Errorf(dajia.NotFound, "inspection", "没有这次巡查检查")
}

// loadRows fills the checked entities of the inspections, in one query.
func loadRows(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, ins []dajia.Inspection) error {
	if len(ins) == 0 {
		return nil
	}
	var args []any
	ids := make([]int64, len(ins))
	at := map[int64]int{}
	for k, i := range ins {
		ids[k], at[i.ID] = i.ID, k
	}
	rows, err := q.QueryContext(ctx, `SELECT `+inspectionRowColumns+` FROM inspection_entities WHERE inspection_id IN (`+
		placeholdersOf(&args, ids)+`) ORDER BY inspection_id, position`, args...)
	if err != nil {
		return err
	}
	rs, err := collect(rows, scanInspectionRow)
	if err != nil {
		return err
	}
	for _, r := range rs {
		k := at[r.id]
		ins[k].Entities = append(ins[k].Entities, r.e)
	}
	return nil
}

func (tx *Tx) inspection(ctx context.Context, id int64) (dajia.Inspection, error) {
	i, err := scanInspection(tx.QueryRowContext(ctx, `SELECT `+inspectionColumns+` FROM inspections WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return i, inspectionNotFound()
	}
	if err != nil {
		return i, err
	}
	one := []dajia.Inspection{i}
	err = loadRows(ctx, tx, one)
	return one[0], err
}

func (tx *Tx) writeRows(ctx context.Context, i dajia.Inspection) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM inspection_entities WHERE inspection_id = $1`, i.ID); err != nil {
		return fmt.Errorf("inspection %d: clear entities: %w", i.ID, err)
	}
	for k, e := range i.Entities {
		checks := e.Checks
		if checks == nil {
			checks = []dajia.CheckItem{}
		}
		b, err := json.Marshal(checks)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO inspection_entities (inspection_id, position, entity_id, category, product, certificate,
			checks, finding, ccc_missing, clue_id, clue_unit) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
			i.ID, k, e.EntityID, e.Category, e.Product, e.Certificate, string(b), e.Finding, e.CCCMissing(), nullID(e.ClueID), e.ClueUnit); err != nil {
			return fmt.Errorf("inspection %d: entity %d: %w", i.ID, e.EntityID, tx.db.dialect.mapErr(err))
		}
	}
	return nil
}

// entitiesLive refuses an entity that does not exist or was merged into
// another record: the kept one is named.
func (tx *Tx) entitiesLive(ctx context.Context, i dajia.Inspection) error {
	var errs dajia.FieldErrors
	for k, e := range i.Entities {
		field := fmt.Sprintf("entities.%d.entity_id", k)
		var merged sql.NullInt64
		err := tx.QueryRowContext(ctx, `SELECT merged_into FROM entities WHERE id = $1`, e.EntityID).Scan(&merged)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			errs = append(errs, dajia.FieldErrorf(field, "invalid", "第 %d 号市场主体不存在", e.EntityID))
		case err != nil:
			return err
		case merged.Valid:
			errs = append(errs, dajia.FieldErrorf(field, "invalid", "第 %d 号市场主体已经合并到第 %d 号，请选择后者", e.EntityID, merged.Int64))
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// CreateInspections stores checked inspections, each with its audit record
// (action: inspection.create, or inspection.import for a spreadsheet), in
// one transaction: all or none.
func (db *DB) CreateInspections(ctx context.Context, actor dajia.Actor, action string, ins []dajia.Inspection) (_ []dajia.Inspection, err error) {
	defer db.wrap(&err, "store the inspections")
	var out []dajia.Inspection
	err = db.Transact(ctx, func(tx *Tx) error {
		out = out[:0]
		for _, i := range ins {
			if err := tx.entitiesLive(ctx, i); err != nil {
				return err
			}
			b, err := json.Marshal(i.Inspectors)
			if err != nil {
				return err
			}
			if err := tx.QueryRowContext(ctx, `INSERT INTO inspections (plan_id, inspected_on, unit, inspectors, campaign_no, village, place,
				action_id, notes, findings, ccc_flags, created_by, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id`,
				i.PlanID, i.InspectedOn.String(), i.Unit, string(b), i.CampaignNo, i.Village, i.Place, i.ActionID, i.Notes,
				i.Findings(), i.CCCFlags(), actor.Name, tx.Now).Scan(&i.ID); err != nil {
				return fmt.Errorf("insert inspection: %w", db.dialect.mapErr(err))
			}
			if err := tx.writeRows(ctx, i); err != nil {
				return err
			}
			saved, err := tx.inspection(ctx, i.ID)
			if err != nil {
				return err
			}
			if err := tx.Audit(ctx, actor, AuditEntry{Action: action, Object: fmt.Sprintf("inspection:%d", i.ID), After: inspectionView(saved)}); err != nil {
				return err
			}
			out = append(out, saved)
		}
		return nil
	})
	return out, err
}

// UpdateInspection changes an inspection in one transaction: change edits
// the loaded record (and refuses what the domain forbids); the record and
// its rows are saved with the audit record.
func (db *DB) UpdateInspection(ctx context.Context, actor dajia.Actor, id int64, change func(*dajia.Inspection) error) (_ dajia.Inspection, err error) {
	defer db.wrap(&err, "change inspection %d", id)
	var after dajia.Inspection
	err = db.Transact(ctx, func(tx *Tx) error {
		before, err := tx.inspection(ctx, id)
		if err != nil {
			return err
		}
		i := before
		i.Inspectors = append([]string(nil), before.Inspectors...)
		i.Entities = append([]dajia.InspectedEntity(nil), before.Entities...)
		if err := change(&i); err != nil {
			return err
		}
		if err := tx.entitiesLive(ctx, i); err != nil {
			return err
		}
		b, err := json.Marshal(i.Inspectors)
		if err != nil {
			return err
		}
		i.ID = id
		if _, err := tx.ExecContext(ctx, `UPDATE inspections SET inspected_on = $1, unit = $2, inspectors = $3, campaign_no = $4, village = $5,
			place = $6, action_id = $7, notes = $8, findings = $9, ccc_flags = $10, updated_at = $11 WHERE id = $12`,
			i.InspectedOn.String(), i.Unit, string(b), i.CampaignNo, i.Village, i.Place, i.ActionID, i.Notes, i.Findings(), i.CCCFlags(), tx.Now, id); err != nil {
			return fmt.Errorf("update inspection %d: %w", id, err)
		}
		if err := tx.writeRows(ctx, i); err != nil {
			return err
		}
		if after, err = tx.inspection(ctx, id); err != nil {
			return err
		}
		return tx.Audit(ctx, actor, AuditEntry{Action: "inspection.update", Object: fmt.Sprintf("inspection:%d", id),
			Before: inspectionView(before), After: inspectionView(after)})
	})
	return after, err
}

// Inspection returns one inspection with the entities it checked.
func (db *DB) Inspection(ctx context.Context, id int64) (_ dajia.Inspection, err error) {
	defer db.wrap(&err, "load inspection %d", id)
	i, err := scanInspection(db.read.QueryRowContext(ctx, `SELECT `+inspectionColumns+` FROM inspections WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return i, inspectionNotFound()
	}
	if err != nil {
		return i, err
	}
	one := []dajia.Inspection{i}
	err = loadRows(ctx, db.read, one)
	return one[0], err
}

// InspectionClue makes the clue c of the finding at entity entityID of
// inspection id, in one transaction with its audit records: the clue, its
// link on the inspection's row. build makes the clue from the inspection
// as stored in the transaction, so that a row becomes one clue only.
func (db *DB) InspectionClue(ctx context.Context, actor dajia.Actor, id, entityID int64, build func(dajia.Inspection) (dajia.Clue, error)) (_ dajia.Clue, err error) {
	defer db.wrap(&err, "turn the finding of inspection %d into a clue", id)
	var out dajia.Clue
	err = db.Transact(ctx, func(tx *Tx) error {
		i, err := tx.inspection(ctx, id)
		if err != nil {
			return err
		}
		c, err := build(i)
		if err != nil {
			return err
		}
		if out, err = tx.createClue(ctx, actor, c); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE inspection_entities SET clue_id = $1, clue_unit = $2 WHERE inspection_id = $3 AND entity_id = $4 AND clue_id IS NULL`,
			out.ID, out.LeadUnit, id, entityID)
		if err != nil {
			return fmt.Errorf("link clue %d: %w", out.ID, err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return dajia.Errorf(dajia.Conflict, "entity_id", "这个问题已转为线索")
		}
		after, err := tx.inspection(ctx, id)
		if err != nil {
			return err
		}
		return tx.Audit(ctx, actor, AuditEntry{Action: "inspection.clue", Object: fmt.Sprintf("inspection:%d", id),
			Before: inspectionView(i), After: inspectionView(after)})
	})
	return out, err
}

// InspectionFilter selects inspections.
type InspectionFilter struct {
	PlanID     string
	Units      []string // recorded by one of these units; nil: all, empty: none
	CampaignNo int      // 0: any
	From, To   dajia.Date
	Village    string
	ActionID   int64 // 0: any; else tagged with it and dated inside its dates
	Findings   bool  // only those with a finding
	CCC        bool  // only those with a 3C flag
	Limit      int   // at most 500; 0 is 200
	Offset     int
}

func (f InspectionFilter) where() (string, []any, bool) {
	var conds []string
	var args []any
	ph := func(v any) string { return placeholders(&args, v) }
	if f.Units != nil {
		if len(f.Units) == 0 {
			return "", nil, false
		}
		conds = append(conds, "unit IN ("+placeholdersOf(&args, f.Units)+")")
	}
	if f.PlanID != "" {
		conds = append(conds, "plan_id = "+ph(f.PlanID))
	}
	if f.CampaignNo != 0 {
		conds = append(conds, "campaign_no = "+ph(max(f.CampaignNo, 0)))
	}
	if !f.From.IsZero() {
		conds = append(conds, "inspected_on >= "+ph(f.From.String()))
	}
	if !f.To.IsZero() {
		conds = append(conds, "inspected_on <= "+ph(f.To.String()))
	}
	if f.Village != "" {
		conds = append(conds, "village = "+ph(f.Village))
	}
	if f.ActionID != 0 {
		// What the action's results count: tagged and dated inside it.
		conds = append(conds, actionDated("", "inspected_on", ph(f.ActionID)))
	}
	if f.Findings {
		conds = append(conds, "findings > 0")
	}
	if f.CCC {
		conds = append(conds, "ccc_flags > 0")
	}
	if len(conds) == 0 {
		return "", args, true
	}
	return " WHERE " + strings.Join(conds, " AND "), args, true
}

// Inspections lists inspections with their entities, the latest first.
func (db *DB) Inspections(ctx context.Context, f InspectionFilter) (_ []dajia.Inspection, err error) {
	defer db.wrap(&err, "list inspections")
	where, args, ok := f.where()
	if !ok {
		return nil, nil
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 200
	}
	args = append(args, f.Limit, max(f.Offset, 0))
	rows, err := db.read.QueryContext(ctx, `SELECT `+inspectionColumns+` FROM inspections`+where+
		fmt.Sprintf(` ORDER BY inspected_on DESC, id DESC LIMIT $%d OFFSET $%d`, len(args)-1, len(args)), args...)
	if err != nil {
		return nil, db.dialect.mapErr(err)
	}
	ins, err := collect(rows, scanInspection)
	if err != nil {
		return nil, err
	}
	return ins, loadRows(ctx, db.read, ins)
}

// InspectionCount is how many inspections a filter matches, with how many
// entities they checked, findings and 3C flags.
type InspectionCount struct {
	Total    int
	Findings int
	CCC      int
}

// CountInspections counts the inspections of a filter over every page.
func (db *DB) CountInspections(ctx context.Context, f InspectionFilter) (_ InspectionCount, err error) {
	defer db.wrap(&err, "count inspections")
	var c InspectionCount
	where, args, ok := f.where()
	if !ok {
		return c, nil
	}
	err = db.read.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(findings), 0), COALESCE(SUM(ccc_flags), 0) FROM inspections`+where, args...).
		Scan(&c.Total, &c.Findings, &c.CCC)
	return c, db.dialect.mapErr(err)
}

// InspectionVillages lists the villages inspections of the units recorded (nil:
// every unit), for the list's filter.
func (db *DB) InspectionVillages(ctx context.Context, units []string) (_ []string, err error) {
	defer db.wrap(&err, "list the villages inspected")
	where, args, ok := InspectionFilter{Units: units}.where()
	if !ok {
		return nil, nil
	}
	cond := " WHERE village <> ''"
	if where != "" {
		cond = where + " AND village <> ''"
	}
	rows, err := db.read.QueryContext(ctx, `SELECT DISTINCT village FROM inspections`+cond+` ORDER BY village LIMIT 500`, args...)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(sc rowScanner) (string, error) {
		var s string
		return s, sc.Scan(&s)
	})
}

// Checklists returns the office's checklists of a plan, by campaign
// number; a campaign without one uses the default.
func (db *DB) Checklists(ctx context.Context, planID string) (_ map[int]dajia.Checklist, err error) {
	defer db.wrap(&err, "load the checklists of plan %s", planID)
	rows, err := db.read.QueryContext(ctx, `SELECT campaign_no, items, updated_by FROM checklists WHERE plan_id = $1`, planID)
	if err != nil {
		return nil, err
	}
	list, err := collect(rows, func(sc rowScanner) (dajia.Checklist, error) {
		c := dajia.Checklist{PlanID: planID, Edited: true}
		var items string
		if err := sc.Scan(&c.CampaignNo, &items, &c.UpdatedBy); err != nil {
			return c, err
		}
		return c, json.Unmarshal([]byte(items), &c.Items)
	})
	if err != nil {
		return nil, err
	}
	out := map[int]dajia.Checklist{}
	for _, c := range list {
		out[c.CampaignNo] = c
	}
	return out, nil
}

// SaveChecklist stores the office's checklist of a campaign of a plan, or
// (items nil) goes back to the default, with its audit record.
func (db *DB) SaveChecklist(ctx context.Context, actor dajia.Actor, planID string, no int, items []string) (err error) {
	defer db.wrap(&err, "save the checklist of campaign %d", no)
	return db.Transact(ctx, func(tx *Tx) error {
		var before []string
		var old string
		err := tx.QueryRowContext(ctx, `SELECT items FROM checklists WHERE plan_id = $1 AND campaign_no = $2`, planID, no).Scan(&old)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return err
		default:
			if err := json.Unmarshal([]byte(old), &before); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM checklists WHERE plan_id = $1 AND campaign_no = $2`, planID, no); err != nil {
			return err
		}
		action := "checklist.reset"
		if items != nil {
			action = "checklist.update"
			b, err := json.Marshal(items)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO checklists (plan_id, campaign_no, items, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5)`,
				planID, no, string(b), actor.Name, tx.Now); err != nil {
				return fmt.Errorf("insert checklist: %w", db.dialect.mapErr(err))
			}
		}
		return tx.Audit(ctx, actor, AuditEntry{Action: action, Object: fmt.Sprintf("checklist:%s/%d", planID, no),
			Before: map[string]any{"items": before}, After: map[string]any{"items": items}})
	})
}

// EntitiesByID returns the entities ids, in one query: the entities an
// inspection checked. Ids that do not exist are left out.
func (db *DB) EntitiesByID(ctx context.Context, ids []int64) (_ []dajia.Entity, err error) {
	defer db.wrap(&err, "load market entities")
	if len(ids) == 0 {
		return nil, nil
	}
	var args []any
	rows, err := db.read.QueryContext(ctx, `SELECT `+entityColumns+` FROM entities WHERE id IN (`+placeholdersOf(&args, ids)+`)`, args...)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanEntity)
}

// LiveEntitiesNamed returns the live entities whose name is text or whose
// credit code is code, by their indexes: what a spreadsheet row names.
func (db *DB) LiveEntitiesNamed(ctx context.Context, text, code string) (_ []dajia.Entity, err error) {
	defer db.wrap(&err, "find market entities by name")
	rows, err := db.read.QueryContext(ctx, `SELECT `+entityColumns+` FROM entities WHERE merged_into IS NULL AND (name = $1 OR (credit_code <> '' AND credit_code = $2))
		ORDER BY id LIMIT 10`, text, code)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanEntity)
}
