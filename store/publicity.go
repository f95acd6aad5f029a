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

// PublicityRecord is a publicity activity as the store keeps it.
type PublicityRecord struct {
	dajia.Publicity
	CreatedBy string
	CreatedAt time.Time
	UpdatedAt time.Time
}

const publicityColumns = `id, plan_id, unit, held_on, channel, campaign_no, title, content, people, copies, views, action_id, photos,
	created_by, created_at, updated_at`

func scanPublicity(sc rowScanner) (PublicityRecord, error) {
	var r PublicityRecord
	u := &r.Publicity
	var on, channel string
	var action sql.NullInt64
	if err := sc.Scan(&u.ID, &u.PlanID, &u.Unit, &on, &channel, &u.CampaignNo, &u.Title, &u.Content, &u.Reach.People, &u.Reach.Copies,
		&u.Reach.Views, &action, &u.Photos, &r.CreatedBy, &r.CreatedAt, &r.UpdatedAt); err != nil {
		return r, err
	}
	u.Channel, u.ActionID = dajia.PublicityChannel(channel), action.Int64
	var err error
	u.On, err = storedDate("held_on", on)
	return r, err
}

// publicityView is what the audit trail keeps of a publicity activity.
func publicityView(u dajia.Publicity) map[string]any {
	return map[string]any{"plan": u.PlanID, "unit": u.Unit, "on": u.On.String(), "channel": u.Channel, "campaign": u.CampaignNo,
		"title": u.Title, "content": u.Content, "people": u.Reach.People, "copies": u.Reach.Copies, "views": u.Reach.Views,
		"joint_action": u.ActionID, "photos": u.Photos}
}

func publicityNotFound() error {
	return dajia.Errorf(dajia.NotFound, "publicity", "没有这条宣传记录")
}

func (tx *Tx) publicity(ctx context.Context, id int64) (PublicityRecord, error) {
	r, err := scanPublicity(tx.QueryRowContext(ctx, `SELECT `+publicityColumns+` FROM publicity WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, publicityNotFound()
	}
	return r, err
}

// CreatePublicity stores a checked publicity activity with its photos
// (already re-encoded) and its audit record.
func (db *DB) CreatePublicity(ctx context.Context, actor dajia.Actor, u dajia.Publicity, photos []Photo) (_ PublicityRecord, err error) {
	defer db.wrap(&err, "store the publicity activity")
	var out PublicityRecord
	err = db.Transact(ctx, func(tx *Tx) error {
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO publicity (plan_id, unit, held_on, channel, campaign_no, title, content, people, copies, views,
			action_id, photos, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id`,
			u.PlanID, u.Unit, u.On.String(), string(u.Channel), u.CampaignNo, u.Title, u.Content, u.Reach.People, u.Reach.Copies, u.Reach.Views,
			nullID(u.ActionID), len(photos), actor.Name, tx.Now).Scan(&id); err != nil {
			return fmt.Errorf("insert publicity: %w", db.dialect.mapErr(err))
		}
		for _, p := range photos {
			if _, err := tx.ExecContext(ctx, `INSERT INTO publicity_photos (publicity_id, content_type, size, data) VALUES ($1, $2, $3, $4)`,
				id, p.ContentType, len(p.Data), p.Data); err != nil {
				return fmt.Errorf("publicity %d photo: %w", id, err)
			}
		}
		var err error
		if out, err = tx.publicity(ctx, id); err != nil {
			return err
		}
		return tx.Audit(ctx, actor, AuditEntry{Action: "publicity.create", Object: fmt.Sprintf("publicity:%d", id), After: publicityView(out.Publicity)})
	})
	return out, err
}

// UpdatePublicity changes a publicity activity in one transaction: loads
// it, lets change change it (by the domain's rules), saves it and writes
// the audit record. Its photos stay as they are.
func (db *DB) UpdatePublicity(ctx context.Context, actor dajia.Actor, id int64, change func(*dajia.Publicity) error) (_ PublicityRecord, err error) {
	defer db.wrap(&err, "change publicity activity %d", id)
	var out PublicityRecord
	err = db.Transact(ctx, func(tx *Tx) error {
		before, err := tx.publicity(ctx, id)
		if err != nil {
			return err
		}
		u := before.Publicity
		if err := change(&u); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE publicity SET unit = $1, held_on = $2, channel = $3, campaign_no = $4, title = $5, content = $6,
			people = $7, copies = $8, views = $9, action_id = $10, updated_at = $11 WHERE id = $12`,
			u.Unit, u.On.String(), string(u.Channel), u.CampaignNo, u.Title, u.Content, u.Reach.People, u.Reach.Copies, u.Reach.Views,
			nullID(u.ActionID), tx.Now, id); err != nil {
			return fmt.Errorf("update publicity %d: %w", id, err)
		}
		if out, err = tx.publicity(ctx, id); err != nil {
			return err
		}
		return tx.Audit(ctx, actor, AuditEntry{Action: "publicity.update", Object: fmt.Sprintf("publicity:%d", id),
			Before: publicityView(before.Publicity), After: publicityView(out.Publicity)})
	})
	return out, err
}

// Publicity returns one publicity activity.
func (db *DB) Publicity(ctx context.Context, id int64) (_ PublicityRecord, err error) {
	defer db.wrap(&err, "load publicity activity %d", id)
	r, err := scanPublicity(db.read.QueryRowContext(ctx, `SELECT `+publicityColumns+` FROM publicity WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, publicityNotFound()
	}
	return r, err
}

// PublicityFilter selects publicity activities.
type PublicityFilter struct {
	PlanID     string   // "" is every plan's
	Units      []string // recorded by one of these; nil: all; empty: none
	Channel    dajia.PublicityChannel
	CampaignNo int   // 0: any
	ActionID   int64 // 0: any
	From, To   dajia.Date
	Limit      int // at most 500; 0 is 200
	Offset     int
}

func (f PublicityFilter) where() (string, []any, bool) {
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
	if f.Channel != "" {
		conds = append(conds, "channel = "+ph(string(f.Channel)))
	}
	if f.CampaignNo != 0 {
		conds = append(conds, "campaign_no = "+ph(max(f.CampaignNo, 0)))
	}
	if f.ActionID != 0 {
		conds = append(conds, "action_id = "+ph(f.ActionID))
	}
	if !f.From.IsZero() {
		conds = append(conds, "held_on >= "+ph(f.From.String()))
	}
	if !f.To.IsZero() {
		conds = append(conds, "held_on <= "+ph(f.To.String()))
	}
	if len(conds) == 0 {
		return "", args, true
	}
	return " WHERE " + strings.Join(conds, " AND "), args, true
}

// Publicities lists publicity activities, the latest first.
func (db *DB) Publicities(ctx context.Context, f PublicityFilter) (_ []PublicityRecord, err error) {
	defer db.wrap(&err, "list publicity")
	where, args, ok := f.where()
	if !ok {
		return nil, nil
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 200
	}
	q := `SELECT ` + publicityColumns + ` FROM publicity` + where + ` ORDER BY held_on DESC, id DESC LIMIT ` +
		placeholders(&args, f.Limit) + ` OFFSET ` + placeholders(&args, max(f.Offset, 0))
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, db.dialect.mapErr(err)
	}
	return collect(rows, scanPublicity)
}

// PublicityTotals is how many activities a filter matches over every page
// and their reach added up.
type PublicityTotals struct {
	Count int
	Reach dajia.Reach
}

// CountPublicity counts the activities of a filter and adds up their reach.
func (db *DB) CountPublicity(ctx context.Context, f PublicityFilter) (_ PublicityTotals, err error) {
	defer db.wrap(&err, "count publicity")
	var t PublicityTotals
	where, args, ok := f.where()
	if !ok {
		return t, nil
	}
	err = db.read.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(people), 0), COALESCE(SUM(copies), 0), COALESCE(SUM(views), 0) FROM publicity`+where,
		args...).Scan(&t.Count, &t.Reach.People, &t.Reach.Copies, &t.Reach.Views)
	return t, db.dialect.mapErr(err)
}

// PublicityPhotos lists an activity's photos without their data.
func (db *DB) PublicityPhotos(ctx context.Context, id int64) (_ []Photo, err error) {
	defer db.wrap(&err, "list the photos of publicity %d", id)
	rows, err := db.read.QueryContext(ctx, `SELECT id, content_type FROM publicity_photos WHERE publicity_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, db.dialect.mapErr(err)
	}
	return collect(rows, func(sc rowScanner) (Photo, error) {
		var p Photo
		return p, sc.Scan(&p.ID, &p.ContentType)
	})
}

// PublicityPhoto returns one photo of an activity.
func (db *DB) PublicityPhoto(ctx context.Context, publicityID, id int64) (_ Photo, err error) {
	defer db.wrap(&err, "load photo %d of publicity %d", id, publicityID)
	var p Photo
	err = db.read.QueryRowContext(ctx, `SELECT id, content_type, data FROM publicity_photos WHERE id = $1 AND publicity_id = $2`, id, publicityID).
		Scan(&p.ID, &p.ContentType, &p.Data)
	if errors.Is(err, sql.ErrNoRows) {
		return p, dajia.Errorf(dajia.NotFound, "photo", "没有这张照片")
	}
	return p, db.dialect.mapErr(err)
}
