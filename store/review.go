package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"dajia"
)

// The review (检查总结): the office's weights of a plan, kept as a setting,
// and the records a scorecard is computed from, read in a fixed number of
// queries whatever the number of units.

func reviewKey(planID string) string { return "review_weights:" + planID }

// ReviewWeights returns a plan's weights: the stored ones, or the defaults
// (stored false).
func (db *DB) ReviewWeights(ctx context.Context, planID string) (_ dajia.ReviewWeights, stored bool, err error) {
	defer db.wrap(&err, "load the review weights of plan %s", planID)
	var v string
	err = db.read.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, reviewKey(planID)).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return dajia.DefaultReviewWeights(), false, nil
	}
	if err != nil {
		return dajia.ReviewWeights{}, false, db.dialect.mapErr(err)
	}
	var w dajia.ReviewWeights
	if err := json.Unmarshal([]byte(v), &w); err != nil {
		return dajia.ReviewWeights{}, false, fmt.Errorf("decode stored review weights: %w", err)
	}
	return w, true, nil
}

// SetReviewWeights stores a plan's weights after checking them, audited
// with the weights before and after.
func (db *DB) SetReviewWeights(ctx context.Context, actor dajia.Actor, planID string, w dajia.ReviewWeights) (err error) {
	defer db.wrap(&err, "set the review weights of plan %s", planID)
	if err := w.Check(); err != nil {
		return err
	}
	before, _, err := db.ReviewWeights(ctx, planID)
	if err != nil {
		return err
	}
	b, _ := json.Marshal(w)
	return db.Transact(ctx, func(tx *Tx) error {
		if err := tx.setSetting(ctx, reviewKey(planID), string(b)); err != nil {
			return err
		}
		return tx.Audit(ctx, actor, AuditEntry{Action: "review.weights", Object: "settings:" + reviewKey(planID), Before: before, After: w})
	})
}

// ReviewRecords are the records of a plan's lead units a scorecard counts,
// with only the fields its rules read.
type ReviewRecords struct {
	Clues     []dajia.Clue
	Cases     []dajia.Case
	Actions   []dajia.JointAction // with Units (participants) and Forces
	Publicity map[string]int      // activities by unit
}

// ReviewRecords reads the clues and cases the units lead under a plan, the
// plan's joint actions with their units and forces, and how many
// publicity activities each unit recorded: four queries, each on an index
// of the plan.
func (db *DB) ReviewRecords(ctx context.Context, planID string, units []string) (_ ReviewRecords, err error) {
	defer db.wrap(&err, "read the review records of plan %s", planID)
	out := ReviewRecords{Publicity: map[string]int{}}
	if len(units) == 0 {
		return out, nil
	}
	if out.Clues, err = db.ReviewClues(ctx, planID, units); err != nil {
		return out, err
	}
	if out.Cases, err = db.ReviewCases(ctx, planID, units); err != nil {
		return out, err
	}
	return db.reviewActions(ctx, planID, units, out)
}

// ReviewClues reads the clues the units lead under a plan (every unit's
// when units is nil) with the fields the review's clock reads: on the
// index of the plan's clues.
func (db *DB) ReviewClues(ctx context.Context, planID string, units []string) (_ []dajia.Clue, err error) {
	defer db.wrap(&err, "read the review's clues of plan %s", planID)
	if units != nil && len(units) == 0 {
		return nil, nil
	}
	var args []any
	q := `SELECT id, lead_unit, status, received_on, referral_due, extended, decided_on FROM clues WHERE plan_id = ` + placeholders(&args, planID)
	if units != nil {
		q += ` AND lead_unit IN (` + placeholdersOf(&args, units) + `)`
	}
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, db.dialect.mapErr(err)
	}
	return collect(rows, func(sc rowScanner) (dajia.Clue, error) {
		var c dajia.Clue
		var status, received, referral, decided string
		if err := sc.Scan(&c.ID, &c.LeadUnit, &status, &received, &referral, &c.Extended, &decided); err != nil {
			return c, err
		}
		c.Status = dajia.ClueStatus(status)
		var err error
		if c.ReceivedOn, err = storedDate("received_on", received); err != nil {
			return c, err
		}
		if c.ReferralDue, err = storedDate("referral_due", referral); err != nil {
			return c, err
		}
		c.DecidedOn, err = storedDate("decided_on", decided)
		return c, err
	})
}

// ReviewCases reads the cases the units lead under a plan (every unit's
// when units is nil) with the fields the review reads: status and
// transfer.
func (db *DB) ReviewCases(ctx context.Context, planID string, units []string) (_ []dajia.Case, err error) {
	defer db.wrap(&err, "read the review's cases of plan %s", planID)
	if units != nil && len(units) == 0 {
		return nil, nil
	}
	var args []any
	q := `SELECT id, lead_unit, status, transfer_status, transfer_proposed_on, transfer_decided_on, transfer_approved_at, transfer_sent_at
		FROM cases WHERE plan_id = ` + placeholders(&args, planID)
	if units != nil {
		q += ` AND lead_unit IN (` + placeholdersOf(&args, units) + `)`
	}
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, db.dialect.mapErr(err)
	}
	return collect(rows, func(sc rowScanner) (dajia.Case, error) {
		var c dajia.Case
		var status, tStatus, proposed, decided string
		var approved, sent sql.NullTime
		if err := sc.Scan(&c.ID, &c.LeadUnit, &status, &tStatus, &proposed, &decided, &approved, &sent); err != nil {
			return c, err
		}
		c.Status, c.Transfer.Status = dajia.CaseStatus(status), dajia.TransferStatus(tStatus)
		c.Transfer.ApprovedAt, c.Transfer.SentAt = approved.Time, sent.Time
		var err error
		if c.Transfer.ProposedOn, err = storedDate("transfer_proposed_on", proposed); err != nil {
			return c, err
		}
		c.Transfer.DecidedOn, err = storedDate("transfer_decided_on", decided)
		return c, err
	})
}

func (db *DB) reviewActions(ctx context.Context, planID string, units []string, out ReviewRecords) (ReviewRecords, error) {
	// The actions and their units in one query, in the actions' order.
	rows, err := db.read.QueryContext(ctx, `SELECT a.id, a.start_on, a.end_on, a.done, a.done_on, u.unit, u.part, u.staff, u.vehicles
		FROM joint_actions a JOIN joint_action_units u ON u.action_id = a.id WHERE a.plan_id = $1 ORDER BY a.id`, planID)
	if err != nil {
		return out, db.dialect.mapErr(err)
	}
	type actionUnit struct {
		j    dajia.JointAction
		part bool
		f    dajia.ActionForce
	}
	aus, err := collect(rows, func(sc rowScanner) (actionUnit, error) {
		var x actionUnit
		var start, end, doneOn string
		if err := sc.Scan(&x.j.ID, &start, &end, &x.j.Done, &doneOn, &x.f.Unit, &x.part, &x.f.Staff, &x.f.Vehicles); err != nil {
			return x, err
		}
		var err error
		if x.j.Start, err = storedDate("start_on", start); err != nil {
			return x, err
		}
		if x.j.End, err = storedDate("end_on", end); err != nil {
			return x, err
		}
		x.j.DoneOn, err = storedDate("done_on", doneOn)
		return x, err
	})
	if err != nil {
		return out, err
	}
	for _, x := range aus {
		n := len(out.Actions)
		if n == 0 || out.Actions[n-1].ID != x.j.ID {
			out.Actions = append(out.Actions, x.j)
			n++
		}
		j := &out.Actions[n-1]
		if x.part {
			j.Units = append(j.Units, x.f.Unit)
		}
		j.Forces = append(j.Forces, x.f)
	}

	var args []any
	q := `SELECT unit, COUNT(*) FROM publicity WHERE plan_id = ` + placeholders(&args, planID) + ` AND unit IN (` +
		placeholdersOf(&args, units) + `) GROUP BY unit`
	if rows, err = db.read.QueryContext(ctx, q, args...); err != nil {
		return out, db.dialect.mapErr(err)
	}
	type count struct {
		unit string
		n    int
	}
	counts, err := collect(rows, func(sc rowScanner) (count, error) {
		var c count
		return c, sc.Scan(&c.unit, &c.n)
	})
	for _, c := range counts {
		out.Publicity[c.unit] = c.n
	}
	return out, err
}
