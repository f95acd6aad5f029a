package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"dajia"
)

const surveyColumns = `id, plan_id, found_on, unit, recorded_by, recorder, village, entity_id, entity_name, entity_address, category, stage,
	problems, description, status, clue_id, clue_unit, note`

func scanSurvey(sc rowScanner) (dajia.Survey, error) {
	var s dajia.Survey
	var found, problems, status string
	var entity, clue sql.NullInt64
	if err := sc.Scan(&s.ID, &s.PlanID, &found, &s.Unit, &s.RecordedBy, &s.Recorder, &s.Village, &entity, &s.EntityName, &s.EntityAddress,
		&s.Category, &s.Stage, &problems, &s.Description, &status, &clue, &s.ClueUnit, &s.Note); err != nil {
		return s, err
	}
	s.EntityID, s.ClueID, s.Status = entity.Int64, clue.Int64, dajia.SurveyStatus(status)
	for _, p := range strings.Split(problems, ",") {
		if p != "" {
			s.Problems = append(s.Problems, dajia.SurveyProblem(p))
		}
	}
	var err error
	s.FoundOn, err = storedDate("found_on", found)
	return s, err
}

func joinProblems(ps []dajia.SurveyProblem) string {
	var out []string
	for _, p := range ps {
		out = append(out, string(p))
	}
	return strings.Join(out, ",")
}

// surveyView is what the audit trail keeps of a finding: its codes and
// places; what people wrote by name only, as for clues.
func surveyView(s dajia.Survey) map[string]any {
	return map[string]any{"plan": s.PlanID, "found_on": s.FoundOn.String(), "unit": s.Unit, "village": s.Village, "entity": s.EntityID,
		"entity_name": s.EntityName, "entity_address": s.EntityAddress, "category": s.Category, "stage": s.Stage,
		"problems": joinProblems(s.Problems), "description": s.Description, "status": s.Status, "clue": s.ClueID, "note": s.Note}
}

func surveyNotFound() error {
	return dajia.Errorf(dajia.NotFound, "survey", "没有这条排查记录")
}

func (tx *Tx) survey(ctx context.Context, id int64) (dajia.Survey, error) {
	s, err := scanSurvey(tx.QueryRowContext(ctx, `SELECT `+surveyColumns+` FROM surveys WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return s, surveyNotFound()
	}
	return s, err
}

// CreateSurvey stores a checked finding with its re-encoded photos and its
// audit record in one transaction.
func (db *DB) CreateSurvey(ctx context.Context, actor dajia.Actor, s dajia.Survey, photos []Photo) (_ dajia.Survey, err error) {
	defer db.wrap(&err, "store the survey finding")
	var out dajia.Survey
	err = db.Transact(ctx, func(tx *Tx) error {
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO surveys (plan_id, found_on, unit, recorded_by, recorder, village, entity_id, entity_name,
			entity_address, category, stage, problems, description, status, clue_id, clue_unit, note, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, NULL, '', '', $15, $15) RETURNING id`,
			s.PlanID, s.FoundOn.String(), s.Unit, s.RecordedBy, s.Recorder, s.Village, nullID(s.EntityID), s.EntityName, s.EntityAddress,
			s.Category, s.Stage, joinProblems(s.Problems), s.Description, string(s.Status), tx.Now).Scan(&id); err != nil {
			return fmt.Errorf("insert survey: %w", db.dialect.mapErr(err))
		}
		for _, p := range photos {
			if _, err := tx.ExecContext(ctx, `INSERT INTO survey_photos (survey_id, content_type, size, data) VALUES ($1, $2, $3, $4)`,
				id, p.ContentType, len(p.Data), p.Data); err != nil {
				return fmt.Errorf("insert survey photo: %w", err)
			}
		}
		var err error
		if out, err = tx.survey(ctx, id); err != nil {
			return err
		}
		after := surveyView(out)
		after["photos"] = len(photos)
		return tx.Audit(ctx, actor, AuditEntry{Action: "survey.create", Object: fmt.Sprintf("survey:%d", id), After: after})
	})
	out.Photos = len(photos)
	return out, err
}

// Survey returns one finding.
func (db *DB) Survey(ctx context.Context, id int64) (_ dajia.Survey, err error) {
	defer db.wrap(&err, "load survey finding %d", id)
	s, err := scanSurvey(db.read.QueryRowContext(ctx, `SELECT `+surveyColumns+` FROM surveys WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return s, surveyNotFound()
	}
	return s, err
}

// SurveyToClue turns a finding into its clue in one transaction: it loads
// the finding, lets makeClue build the clue (by the domain's rules), stores
// the clue, marks the finding and writes both audit records. A finding
// that is already a clue is a conflict, also when two try at once.
func (db *DB) SurveyToClue(ctx context.Context, actor dajia.Actor, id int64, makeClue func(dajia.Survey) (dajia.Clue, error)) (_ dajia.Survey, _ dajia.Clue, err error) {
	defer db.wrap(&err, "turn survey finding %d into a clue", id)
	var s dajia.Survey
	var c dajia.Clue
	err = db.Transact(ctx, func(tx *Tx) error {
		before, err := tx.survey(ctx, id)
		if err != nil {
			return err
		}
		if c, err = makeClue(before); err != nil {
			return err
		}
		if c, err = tx.createClue(ctx, actor, c); err != nil {
			return err
		}
		s = before
		if err := s.Clued(actor, c); err != nil {
			return err
		}
		// The condition on status keeps a finding to one clue when two
		// requests race: the second changes no row.
		res, err := tx.ExecContext(ctx, `UPDATE surveys SET status = $1, clue_id = $2, clue_unit = $3, updated_at = $4 WHERE id = $5 AND status = $6`,
			string(s.Status), s.ClueID, s.ClueUnit, tx.Now, id, string(dajia.SurveyOpen))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n != 1 {
			return dajia.Errorf(dajia.Conflict, "status", "排查记录已经处理过了")
		}
		return tx.Audit(ctx, actor, AuditEntry{Action: "survey.clue", Object: fmt.Sprintf("survey:%d", id), Before: surveyView(before), After: surveyView(s)})
	})
	return s, c, err
}

// UpdateSurvey takes one step on a finding in one transaction (closing it
// as no problem): loads it, lets step change it, saves it and writes the
// audit record.
func (db *DB) UpdateSurvey(ctx context.Context, actor dajia.Actor, id int64, action string, step func(*dajia.Survey) error) (_ dajia.Survey, err error) {
	defer db.wrap(&err, "change survey finding %d", id)
	var s dajia.Survey
	err = db.Transact(ctx, func(tx *Tx) error {
		before, err := tx.survey(ctx, id)
		if err != nil {
			return err
		}
		s = before
		if err := step(&s); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE surveys SET status = $1, note = $2, updated_at = $3, found_on = $4, village = $5, entity_id = $6,
			entity_name = $7, entity_address = $8, category = $9, stage = $10, problems = $11, description = $12 WHERE id = $13 AND status = $14`,
			string(s.Status), s.Note, tx.Now, s.FoundOn.String(), s.Village, nullID(s.EntityID), s.EntityName, s.EntityAddress, s.Category, s.Stage,
			joinProblems(s.Problems), s.Description, id, string(before.Status))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n != 1 {
			return dajia.Errorf(dajia.Conflict, "status", "排查记录已经处理过了")
		}
		return tx.Audit(ctx, actor, AuditEntry{Action: "survey." + action, Object: fmt.Sprintf("survey:%d", id), Before: surveyView(before), After: surveyView(s)})
	})
	return s, err
}

// SurveyPhotos lists a finding's photos without their data.
func (db *DB) SurveyPhotos(ctx context.Context, id int64) (_ []Photo, err error) {
	defer db.wrap(&err, "list the photos of survey finding %d", id)
	rows, err := db.read.QueryContext(ctx, `SELECT id, content_type FROM survey_photos WHERE survey_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(sc rowScanner) (Photo, error) {
		var p Photo
		return p, sc.Scan(&p.ID, &p.ContentType)
	})
}

// SurveyPhoto returns one photo of a finding.
func (db *DB) SurveyPhoto(ctx context.Context, surveyID, id int64) (_ Photo, err error) {
	defer db.wrap(&err, "load photo %d of survey finding %d", id, surveyID)
	var p Photo
	err = db.read.QueryRowContext(ctx, `SELECT id, content_type, data FROM survey_photos WHERE id = $1 AND survey_id = $2`, id, surveyID).
		Scan(&p.ID, &p.ContentType, &p.Data)
	if errors.Is(err, sql.ErrNoRows) {
		return p, dajia.Errorf(dajia.NotFound, "photo", "没有这张照片")
	}
	return p, err
}

// SurveyFilter selects findings.
type SurveyFilter struct {
	PlanID   string   // "" is every plan's
	Units    []string // recorded by one of these units; nil: all, empty: none
	Village  string   // "" is every village
	Category string   // "" is every category
	// Categories, when not nil, keeps the findings of these categories
	// (a campaign's); empty: none.
	Categories []string
	Status     dajia.SurveyStatus
	Recorder   int64      // recorded by this account, when set
	From, To   dajia.Date // found on or after From, on or before To, when set
	Limit      int        // at most 500; 0 is 200
	Offset     int
}

func (f SurveyFilter) where() (string, []any, bool) {
	var conds []string
	var args []any
	ph := func(v any) string { return placeholders(&args, v) }
	if f.Units != nil {
		if len(f.Units) == 0 {
			return "", nil, false
		}
		conds = append(conds, "unit IN ("+placeholdersOf(&args, f.Units)+")")
	}
	for _, c := range []struct{ col, v string }{{"plan_id", f.PlanID}, {"village", f.Village}, {"category", f.Category}, {"status", string(f.Status)}} {
		if c.v != "" {
			conds = append(conds, c.col+" = "+ph(c.v))
		}
	}
	if f.Categories != nil {
		if len(f.Categories) == 0 {
			return "", nil, false
		}
		conds = append(conds, "category IN ("+placeholdersOf(&args, f.Categories)+")")
	}
	if f.Recorder != 0 {
		conds = append(conds, "recorded_by = "+ph(f.Recorder))
	}
	if !f.From.IsZero() {
		conds = append(conds, "found_on >= "+ph(f.From.String()))
	}
	if !f.To.IsZero() {
		conds = append(conds, "found_on <= "+ph(f.To.String()))
	}
	if len(conds) == 0 {
		return "", args, true
	}
	return " WHERE " + strings.Join(conds, " AND "), args, true
}

// Surveys lists findings, the latest first.
func (db *DB) Surveys(ctx context.Context, f SurveyFilter) (_ []dajia.Survey, err error) {
	defer db.wrap(&err, "list survey findings")
	where, args, ok := f.where()
	if !ok {
		return nil, nil
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 200
	}
	args = append(args, f.Limit, max(f.Offset, 0))
	q := `SELECT ` + surveyColumns + ` FROM surveys` + where + fmt.Sprintf(` ORDER BY found_on DESC, id DESC LIMIT $%d OFFSET $%d`, len(args)-1, len(args))
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanSurvey)
}

// SurveyCount is how many findings a filter matches, and how many of them
// are open.
type SurveyCount struct {
	Total int
	Open  int
}

// CountSurveys counts the findings of a filter over every page.
func (db *DB) CountSurveys(ctx context.Context, f SurveyFilter) (_ SurveyCount, err error) {
	defer db.wrap(&err, "count survey findings")
	var c SurveyCount
	where, args, ok := f.where()
	if !ok {
		return c, nil
	}
	args = append(args, string(dajia.SurveyOpen))
	q := fmt.Sprintf(`SELECT COUNT(*), COALESCE(SUM(CASE WHEN status = $%d THEN 1 ELSE 0 END), 0) FROM surveys`, len(args)) + where
	err = db.read.QueryRowContext(ctx, q, args...).Scan(&c.Total, &c.Open)
	return c, err
}

// SurveyCell is the count of findings of one village and category.
type SurveyCell struct {
	Village, Category string
	SurveyCount
}

// SurveyGather counts the findings of a filter by village and category
// (the filter's village, category, limit and offset are ignored), at most
// maxGatherCells cells: where problems gather.
func (db *DB) SurveyGather(ctx context.Context, f SurveyFilter) (_ []SurveyCell, err error) {
	defer db.wrap(&err, "count survey findings by village and category")
	f.Village, f.Category = "", ""
	where, args, ok := f.where()
	if !ok {
		return nil, nil
	}
	args = append(args, string(dajia.SurveyOpen), maxGatherCells)
	q := fmt.Sprintf(`SELECT village, category, COUNT(*), COALESCE(SUM(CASE WHEN status = $%d THEN 1 ELSE 0 END), 0) FROM surveys`, len(args)-1) +
		where + fmt.Sprintf(` GROUP BY village, category ORDER BY village, category LIMIT $%d`, len(args))
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(sc rowScanner) (SurveyCell, error) {
		var c SurveyCell
		return c, sc.Scan(&c.Village, &c.Category, &c.Total, &c.Open)
	})
}

// maxGatherCells bounds the village × category grid: a town has some
// dozens of villages and the plan some dozens of categories.
const maxGatherCells = 5000
