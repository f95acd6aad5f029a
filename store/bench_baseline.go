package store

import (
	"context"
	"strings"
	"time"
)

// Baseline is one raw SQL query that reads what a page shows, the floor a
// page's time is compared with in dajia bench pages: the same rows or the
// same aggregate, with no rules, no permission filter and no rendering.
type Baseline struct {
	Name  string // the page it stands beside
	query string
	args  []any
}

// Baselines are the bench's floors for one plan, one entity and one search
// term (a LIKE pattern is built from it, as the tips list does).
func Baselines(planID string, entityID int64, term string) []Baseline {
	like := "%" + term + "%"
	return []Baseline{
		// The dashboard's core in one query: per campaign, tips and cases
		// opened and closed with their amounts.
		{"dashboard", `SELECT t.campaign_no, t.n, c.opened, c.closed, c.fines FROM
			(SELECT campaign_no, COUNT(*) AS n FROM tips WHERE plan_id = $1 GROUP BY campaign_no) t LEFT JOIN
			(SELECT campaign_no, COUNT(*) AS opened, SUM(CASE WHEN closed_on IS NOT NULL THEN 1 ELSE 0 END) AS closed,
				SUM(fine) AS fines FROM cases WHERE plan_id = $1 GROUP BY campaign_no) c ON c.campaign_no = t.campaign_no`, []any{planID}},
		{"todo", `SELECT id, due_on FROM clues WHERE plan_id = $1 AND decided_on IS NULL ORDER BY due_on LIMIT 50`, []any{planID}},
		{"reports", `SELECT unit_key, period_id, status, submitted_at FROM reports WHERE plan_id = $1`, []any{planID}},
		{"tips", `SELECT id, code, business_name, received_on FROM tips WHERE plan_id = $1 ORDER BY received_on DESC LIMIT 50`, []any{planID}},
		{"cases", `SELECT id, number, lead_unit, opened_on FROM cases WHERE plan_id = $1 ORDER BY opened_on DESC LIMIT 50`, []any{planID}},
		{"entity", `SELECT id, received_on FROM clues WHERE entity_id = $1 UNION ALL SELECT id, opened_on FROM cases WHERE entity_id = $1`, []any{entityID}},
		{"search", `SELECT id, business_name FROM tips WHERE plan_id = $1 AND (business_name LIKE $2 OR description LIKE $2 OR business_address LIKE $2 OR category LIKE $2)
			ORDER BY received_on DESC LIMIT 50`, []any{planID, like}},
	}
}

// SearchBaseline is the floor of the search over every plan for one term:
// in one query, each kind's first ten hits, newest first, with the count
// of all of them, under the text conditions the search uses (the same
// LIKE patterns, %, _ and \ escaped), with no permission filter.
func SearchBaseline(term string) Baseline {
	p := likePattern(term)
	kind := func(name, table, conds, order string) string {
		return `SELECT * FROM (SELECT '` + name + `' AS kind, id, COUNT(*) OVER () AS n FROM ` + table + ` WHERE ` + conds + ` ORDER BY ` + order + ` LIMIT 10) ` + name
	}
	l := func(col string) string { return col + ` LIKE $1 ESCAPE '\'` }
	q := kind("tips", "tips", "("+l("business_name")+" OR "+l("description")+" OR "+l("business_address")+" OR "+l("category")+" OR code = $2)", "received_on DESC, id DESC") +
		` UNION ALL ` + kind("clues", "clues", "("+l("summary")+" OR "+l("reason")+" OR "+l("source_ref")+
		" OR entity_id IN (SELECT id FROM entities WHERE "+l("name")+"))", "received_on DESC, id DESC") +
		` UNION ALL ` + kind("cases", "cases", "("+l("number")+" OR "+l("reason")+" OR "+l("no_transfer_reason")+" OR "+l("supervised_by")+
		" OR id IN (SELECT case_id FROM case_goods WHERE "+l("name")+" OR "+l("brand")+") OR entity_id IN (SELECT id FROM entities WHERE "+l("name")+"))",
		"opened_on DESC, id DESC") +
		` UNION ALL ` + kind("entities", "entities", "merged_into IS NULL AND ("+l("name")+" OR "+l("address")+" OR "+l("credit_code")+")", "updated_at DESC, id DESC")
	return Baseline{Name: "search-all " + term, query: q, args: []any{p, strings.ToUpper(term)}}
}

// Time runs the baseline's query once, reading every row, and says how long
// it took.
func (db *DB) Time(ctx context.Context, b Baseline) (time.Duration, error) {
	start := time.Now()
	rows, err := db.read.QueryContext(ctx, b.query, b.args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	for rows.Next() {
	}
	return time.Since(start), rows.Err()
}

// BusiestEntity is the entity of the plan with the most clues and cases:
// the bench's entity history page.
func (db *DB) BusiestEntity(ctx context.Context, planID string) (id int64, err error) {
	defer db.wrap(&err, "find the busiest entity of plan %s", planID)
	err = db.read.QueryRowContext(ctx, `SELECT entity_id FROM (
		SELECT entity_id FROM clues WHERE plan_id = $1 AND entity_id IS NOT NULL
		UNION ALL SELECT entity_id FROM cases WHERE plan_id = $1 AND entity_id IS NOT NULL) x
		GROUP BY entity_id ORDER BY COUNT(*) DESC, entity_id LIMIT 1`, planID).Scan(&id)
	return id, err
}
