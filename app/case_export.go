package app

import (
	"context"

	"dajia"
	"dajia/store"
)

// exportPage is how many cases an export reads at a time when the query
// does not say.
const exportPage = 200

// ExportCases hands each case the actor may see under the list's filters
// to each, with its market entity's name ("" when none), a page of the
// store at a time however many there are (the entities' names in one query
// a page), most urgent first, and records the export in the audit trail.
// q.Limit is the page's size (0: 200); q.Offset is ignored: an export is
// every page. Administrators see no case, so their export is empty.
func (a *App) ExportCases(ctx context.Context, actor dajia.Actor, q CaseQuery, each func(r store.CaseRecord, entity string) error) (int, error) {
	if q.Limit <= 0 {
		q.Limit = exportPage
	}
	q.Offset = 0
	f, err := a.caseListFilter(ctx, actor, q, dajia.Today(a.clock))
	if err != nil {
		return 0, err
	}
	n := 0
	for f.Units == nil || len(f.Units) > 0 {
		recs, err := a.db.Cases(ctx, f)
		if err != nil {
			return n, err
		}
		var ids []int64
		for _, r := range recs {
			if r.EntityID != 0 {
				ids = append(ids, r.EntityID)
			}
		}
		names, err := a.db.EntityNames(ctx, ids)
		if err != nil {
			return n, err
		}
		for _, r := range recs {
			if err := each(r, names[r.EntityID]); err != nil {
				return n, err
			}
			n++
		}
		if len(recs) < f.Limit {
			break
		}
		f.Offset += len(recs)
	}
	return n, a.db.Audit(ctx, actor, store.AuditEntry{Action: "case.export", Object: "cases",
		After: map[string]any{"plan": q.PlanID, "unit": q.Unit, "status": string(q.Status), "campaign": q.CampaignNo,
			"overdue": q.Overdue, "transfer": q.Transfer, "major": q.MajorOnly, "count": n}})
}
