package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"dajia"
)

const exposureColumns = `id, case_id, plan_id, lead_unit, campaign_no, number, title, text, violations, fine, confiscation,
	decided_on, published_on, published_by, redacted, withdrawn_on, reason`

func scanExposure(sc rowScanner) (dajia.Exposure, error) {
	var e dajia.Exposure
	var violations, redacted, decided, published, withdrawn string
	var fine, conf int64
	if err := sc.Scan(&e.ID, &e.CaseID, &e.PlanID, &e.LeadUnit, &e.CampaignNo, &e.Number, &e.Title, &e.Text, &violations, &fine, &conf,
		&decided, &published, &e.PublishedBy, &redacted, &withdrawn, &e.Reason); err != nil {
		return e, err
	}
	e.Fine, e.Confiscation = dajia.Amount(fine), dajia.Amount(conf)
	for _, v := range codes(violations) {
		e.Violations = append(e.Violations, dajia.Violation(v))
	}
	for _, k := range codes(redacted) {
		e.Redacted = append(e.Redacted, dajia.RedactKind(k))
	}
	var err error
	for _, d := range []struct {
		col string
		s   string
		to  *dajia.Date
	}{{"decided_on", decided, &e.DecidedOn}, {"published_on", published, &e.PublishedOn}, {"withdrawn_on", withdrawn, &e.WithdrawnOn}} {
		if *d.to, err = storedDate(d.col, d.s); err != nil {
			return e, err
		}
	}
	return e, nil
}

// codes splits a comma-separated column of codes.
func codes(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func joinCodes[T ~string](xs []T) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = string(x)
	}
	return strings.Join(s, ",")
}

// exposureView is what the audit trail keeps of an exposure: the case, its
// number, the dates and the kinds redacted; the title, text and reason by
// name only. The original text the publisher wrote never reaches the
// store, so the trail cannot copy it.
func exposureView(e dajia.Exposure) map[string]any {
	return map[string]any{"case": e.CaseID, "number": e.Number, "lead_unit": e.LeadUnit, "campaign": e.CampaignNo,
		"violations": e.Violations, "fine": e.Fine.String(), "confiscation": e.Confiscation.String(), "decided_on": e.DecidedOn.String(),
		"published_on": e.PublishedOn.String(), "published_by": e.PublishedBy, "redacted": e.Redacted, "withdrawn_on": e.WithdrawnOn.String(),
		"live": e.Live(), "title": e.Title, "text": e.Text, "reason": e.Reason}
}

func exposureNotFound() error {
	return dajia.Errorf(dajia.NotFound, "exposure", "没有这条曝光")
}

func (tx *Tx) exposure(ctx context.Context, id int64) (dajia.Exposure, error) {
	e, err := scanExposure(tx.QueryRowContext(ctx, `SELECT `+exposureColumns+` FROM exposures WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return e, exposureNotFound()
	}
	return e, err
}

// CreateExposure publishes an exposure of a case with its audit record. A
// case has at most one live exposure: a second is a conflict.
func (db *DB) CreateExposure(ctx context.Context, actor dajia.Actor, e dajia.Exposure) (_ dajia.Exposure, err error) {
	defer db.wrap(&err, "publish the exposure of case %d", e.CaseID)
	var out dajia.Exposure
	err = db.Transact(ctx, func(tx *Tx) error {
		var other int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM exposures WHERE case_id = $1 AND withdrawn_on = ''`, e.CaseID).Scan(&other)
		if err == nil {
			return dajia.Errorf(dajia.Conflict, "case", "这个案件已经曝光（第 %d 号曝光），请先撤下", other)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO exposures (case_id, plan_id, lead_unit, campaign_no, number, title, text, violations, fine,
			confiscation, decided_on, published_on, published_by, redacted, withdrawn_on, reason, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, '', '', $15, $15) RETURNING id`,
			e.CaseID, e.PlanID, e.LeadUnit, e.CampaignNo, e.Number, e.Title, e.Text, joinCodes(e.Violations), int64(e.Fine), int64(e.Confiscation),
			e.DecidedOn.String(), e.PublishedOn.String(), e.PublishedBy, joinCodes(e.Redacted), tx.Now).Scan(&id); err != nil {
			if dajia.ErrorCode(db.dialect.mapErr(err)) == dajia.Conflict {
				return dajia.Errorf(dajia.Conflict, "case", "这个案件已经曝光，请先撤下")
			}
			return fmt.Errorf("insert exposure: %w", db.dialect.mapErr(err))
		}
		if out, err = tx.exposure(ctx, id); err != nil {
			return err
		}
		return tx.Audit(ctx, actor, AuditEntry{Action: "exposure.publish", Object: fmt.Sprintf("exposure:%d", id), After: exposureView(out)})
	})
	return out, err
}

// WithdrawExposure takes an exposure off the public page in one
// transaction: it loads the exposure and its case, lets withdraw change it
// (by the domain's rules), saves it and writes the audit record.
func (db *DB) WithdrawExposure(ctx context.Context, actor dajia.Actor, id int64, withdraw func(*dajia.Exposure, CaseRecord) error) (_ dajia.Exposure, err error) {
	defer db.wrap(&err, "withdraw exposure %d", id)
	var after dajia.Exposure
	err = db.Transact(ctx, func(tx *Tx) error {
		before, err := tx.exposure(ctx, id)
		if err != nil {
			return err
		}
		c, err := tx.caseRecord(ctx, before.CaseID)
		if err != nil {
			return err
		}
		e := before
		if err := withdraw(&e, c); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE exposures SET withdrawn_on = $1, reason = $2, updated_at = $3 WHERE id = $4`,
			e.WithdrawnOn.String(), e.Reason, tx.Now, id); err != nil {
			return fmt.Errorf("update exposure %d: %w", id, err)
		}
		if after, err = tx.exposure(ctx, id); err != nil {
			return err
		}
		return tx.Audit(ctx, actor, AuditEntry{Action: "exposure.withdraw", Object: fmt.Sprintf("exposure:%d", id), Before: exposureView(before), After: exposureView(after)})
	})
	return after, err
}

// Exposure returns one exposure, live or withdrawn.
func (db *DB) Exposure(ctx context.Context, id int64) (_ dajia.Exposure, err error) {
	defer db.wrap(&err, "load exposure %d", id)
	e, err := scanExposure(db.read.QueryRowContext(ctx, `SELECT `+exposureColumns+` FROM exposures WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return e, exposureNotFound()
	}
	return e, err
}

// ExposuresOfCase lists a case's exposures, live and withdrawn, newest first.
func (db *DB) ExposuresOfCase(ctx context.Context, caseID int64) (_ []dajia.Exposure, err error) {
	defer db.wrap(&err, "list the exposures of case %d", caseID)
	rows, err := db.read.QueryContext(ctx, `SELECT `+exposureColumns+` FROM exposures WHERE case_id = $1 ORDER BY id DESC LIMIT 100`, caseID)
	if err != nil {
		return nil, db.dialect.mapErr(err)
	}
	return collect(rows, scanExposure)
}

// LiveExposures lists the live exposures, newest first: limit of them
// (at most 100) with ids below before (0: from the newest). It reads one
// index range, whatever page is asked for.
func (db *DB) LiveExposures(ctx context.Context, before int64, limit int) (_ []dajia.Exposure, err error) {
	defer db.wrap(&err, "list exposures")
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	q := `SELECT ` + exposureColumns + ` FROM exposures WHERE withdrawn_on = ''`
	args := []any{}
	if before > 0 {
		args = append(args, before)
		q += ` AND id < $1`
	}
	args = append(args, limit)
	q += fmt.Sprintf(` ORDER BY id DESC LIMIT $%d`, len(args))
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, db.dialect.mapErr(err)
	}
	return collect(rows, scanExposure)
}
