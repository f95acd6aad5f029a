package app

import (
	"context"
	"io"

	"dajia"
	"dajia/store"
)

// PublicityInput is what a unit types in for a publicity activity (宣传).
type PublicityInput struct {
	PlanID     string                 `json:"plan"`
	Unit       string                 `json:"unit"` // the office names the unit; a unit's account records its own
	On         string                 `json:"on"`
	Channel    dajia.PublicityChannel `json:"channel"`
	CampaignNo int                    `json:"campaign_no"`
	Title      string                 `json:"title"`
	Content    string                 `json:"content"`
	People     int64                  `json:"people"`
	Copies     int64                  `json:"copies"`
	Views      int64                  `json:"views"`
	ActionID   int64                  `json:"action_id"`
}

// fill sets the activity's fields and checks them all at once, with the
// joint action (of the plan, one the unit takes part in).
func (a *App) fillPublicity(ctx context.Context, actor dajia.Actor, u *dajia.Publicity, p *dajia.Plan, in PublicityInput, photos int) error {
	today := dajia.Today(a.clock)
	u.Unit = in.Unit
	if actor.Role != dajia.RoleOffice || in.Unit == "" {
		if actor.Role != dajia.RoleOffice {
			u.Unit = actor.Unit
		} else {
			u.Unit = dajia.OfficeKey
		}
	}
	u.Channel, u.CampaignNo, u.Title, u.Content = in.Channel, in.CampaignNo, in.Title, in.Content
	u.Reach = dajia.Reach{People: in.People, Copies: in.Copies, Views: in.Views}
	u.ActionID, u.Photos = in.ActionID, photos
	var errs []dajia.FieldError
	var err error
	unreadable := false
	if u.On, err = formDate("on", in.On, today); err != nil {
		errs, unreadable = append(errs, dajia.FieldErrorf("on", "invalid", "日期应为 YYYY-MM-DD")), true
	}
	for _, e := range u.Check(p, today) {
		if e.Field != "on" || !unreadable {
			errs = append(errs, e)
		}
	}
	if !u.EditableBy(actor) {
		return dajia.Errorf(dajia.Forbidden, "", "只能登记本单位的宣传活动")
	}
	if in.ActionID != 0 {
		j, err := a.actionFor(ctx, in.ActionID)
		if err != nil {
			errs = append(errs, dajia.FieldError{Field: "action_id", Rule: "invalid", Message: dajia.ErrorOf(err).Message,
				Key: dajia.ErrorOf(err).Key, Args: dajia.ErrorOf(err).Args})
		} else if j.PlanID != p.ID || !j.Takes(u.Unit) {
			errs = append(errs, dajia.FieldErrorf("action_id", "invalid", "本单位没有参加第 %d 号集中行动", j.ID))
		}
	}
	if len(errs) > 0 {
		return dajia.FieldErrors(errs)
	}
	return nil
}

// CreatePublicity records a publicity activity with its photos, checked
// and re-encoded as the tips' are, in one transaction with its audit
// record.
func (a *App) CreatePublicity(ctx context.Context, actor dajia.Actor, in PublicityInput, files []io.ReadSeeker) (store.PublicityRecord, error) {
	if actor.Role != dajia.RoleOffice && actor.Role != dajia.RoleOfficer && actor.Role != dajia.RoleHead && actor.Role != dajia.RoleSupervisor {
		return store.PublicityRecord{}, dajia.Errorf(dajia.Forbidden, "", "只能登记本单位的宣传活动")
	}
	v, err := a.db.Plan(ctx, in.PlanID)
	if err != nil {
		return store.PublicityRecord{}, err
	}
	u := dajia.Publicity{PlanID: v.PlanID}
	if err := a.fillPublicity(ctx, actor, &u, v.Plan, in, len(files)); err != nil {
		return store.PublicityRecord{}, err
	}
	photos, release, err := a.CleanPhotos(ctx, files)
	if err != nil {
		return store.PublicityRecord{}, err
	}
	defer release()
	return a.db.CreatePublicity(ctx, actor, u, photos)
}

// UpdatePublicity changes a publicity activity the actor may record: every
// field as typed; the photos stay.
func (a *App) UpdatePublicity(ctx context.Context, actor dajia.Actor, id int64, in PublicityInput) (store.PublicityRecord, error) {
	cur, err := a.Publicity(ctx, actor, id)
	if err != nil {
		return cur, err
	}
	if !cur.EditableBy(actor) {
		return cur, dajia.Errorf(dajia.Forbidden, "", "只能登记本单位的宣传活动")
	}
	v, err := a.db.PlanVersion(ctx, cur.PlanID, 0)
	if err != nil {
		return cur, err
	}
	if actor.Role == dajia.RoleOffice && in.Unit == "" {
		in.Unit = cur.Unit
	}
	return a.db.UpdatePublicity(ctx, actor, id, func(u *dajia.Publicity) error {
		return a.fillPublicity(ctx, actor, u, v.Plan, in, u.Photos)
	})
}

// Publicity returns an activity the actor may read; another unit's is not
// found.
func (a *App) Publicity(ctx context.Context, actor dajia.Actor, id int64) (store.PublicityRecord, error) {
	r, err := a.db.Publicity(ctx, id)
	if err != nil {
		return r, err
	}
	if !r.VisibleTo(actor) {
		return store.PublicityRecord{}, dajia.Errorf(dajia.NotFound, "publicity", "没有这条宣传记录")
	}
	return r, nil
}

// PublicityFile is an activity as its page shows it.
type PublicityFile struct {
	Publicity store.PublicityRecord
	Plan      *dajia.Plan
	Photos    []store.Photo // without their data
	Action    *store.ActionRecord
}

// OpenPublicity returns the file of an activity the actor may read.
func (a *App) OpenPublicity(ctx context.Context, actor dajia.Actor, id int64) (PublicityFile, error) {
	r, err := a.Publicity(ctx, actor, id)
	if err != nil {
		return PublicityFile{}, err
	}
	f := PublicityFile{Publicity: r}
	v, err := a.db.PlanVersion(ctx, r.PlanID, 0)
	if err != nil {
		return f, err
	}
	f.Plan = v.Plan
	if r.ActionID != 0 {
		j, err := a.db.JointAction(ctx, r.ActionID)
		if err != nil {
			return f, err
		}
		f.Action = &j
	}
	f.Photos, err = a.db.PublicityPhotos(ctx, id)
	return f, err
}

// PublicityPhoto returns a photo of an activity the actor may read.
func (a *App) PublicityPhoto(ctx context.Context, actor dajia.Actor, id, photoID int64) (store.Photo, error) {
	r, err := a.Publicity(ctx, actor, id)
	if err != nil {
		return store.Photo{}, err
	}
	return a.db.PublicityPhoto(ctx, r.ID, photoID)
}

// PublicityQuery is a list of publicity activities as staff ask for it.
type PublicityQuery struct {
	PlanID     string
	Unit       string // "" every unit the actor sees
	Channel    dajia.PublicityChannel
	CampaignNo int
	Action     int64
	From, To   string
	Limit      int // per page; 0 is 50
	Offset     int
}

// PublicityList is one page of activities with the totals over all of them.
type PublicityList struct {
	Items  []store.PublicityRecord
	Totals store.PublicityTotals
	Next   int
}

func publicityFilter(actor dajia.Actor, q PublicityQuery) (store.PublicityFilter, error) {
	f := store.PublicityFilter{PlanID: q.PlanID, Units: listUnits(actor, q.Unit), Channel: q.Channel, CampaignNo: q.CampaignNo,
		ActionID: q.Action, Limit: q.Limit, Offset: max(q.Offset, 0)}
	if q.Channel != "" && q.Channel.Name() == dajia.Text(q.Channel) {
		return f, dajia.Errorf(dajia.Invalid, "channel", "没有宣传渠道“%s”", q.Channel)
	}
	var err error
	if f.From, err = formDate("from", q.From, dajia.Date{}); err != nil {
		return f, err
	}
	if f.To, err = formDate("to", q.To, dajia.Date{}); err != nil {
		return f, err
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	return f, nil
}

// Publicities lists the activities the actor may read (a unit: its own),
// the latest first, a page at a time, with the count and reach of all.
func (a *App) Publicities(ctx context.Context, actor dajia.Actor, q PublicityQuery) (PublicityList, error) {
	f, err := publicityFilter(actor, q)
	if err != nil {
		return PublicityList{}, err
	}
	var l PublicityList
	if l.Totals, err = a.db.CountPublicity(ctx, f); err != nil {
		return l, err
	}
	if l.Items, err = a.db.Publicities(ctx, f); err != nil {
		return l, err
	}
	if f.Offset+len(l.Items) < l.Totals.Count {
		l.Next = f.Offset + len(l.Items)
	}
	return l, nil
}

// ExportPublicity hands each activity the actor may read under the list's
// filters to each, a page at a time, and records the export in the audit
// trail.
func (a *App) ExportPublicity(ctx context.Context, actor dajia.Actor, q PublicityQuery, each func(store.PublicityRecord) error) (int, error) {
	q.Limit, q.Offset = exportPage, 0
	f, err := publicityFilter(actor, q)
	if err != nil {
		return 0, err
	}
	n := 0
	for f.Units == nil || len(f.Units) > 0 {
		recs, err := a.db.Publicities(ctx, f)
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
	return n, a.db.Audit(ctx, actor, store.AuditEntry{Action: "publicity.export", Object: "publicity",
		After: map[string]any{"plan": q.PlanID, "unit": q.Unit, "channel": string(q.Channel), "campaign": q.CampaignNo,
			"from": q.From, "to": q.To, "count": n}})
}
