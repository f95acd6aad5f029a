package store

import (
	"context"
)

// TransferRunning is the cases filter's value for a transfer to the police
// under way: proposed, approved or sent and not yet answered.
const TransferRunning = "running"

// TipTally is what the tips of a filter add up to for the dashboard: by
// campaign number and by month received (YYYY-MM).
type TipTally struct {
	ByCampaign map[int]int
	ByMonth    map[string]int
}

// TallyTips counts the tips of a filter by campaign and by month received:
// two grouped queries on the filter's own conditions (the list's), so that
// each count is what the list with the same filter shows.
func (db *DB) TallyTips(ctx context.Context, f TipFilter) (_ TipTally, err error) {
	defer db.wrap(&err, "count tips by campaign and month")
	t := TipTally{ByCampaign: map[int]int{}, ByMonth: map[string]int{}}
	where, args, ok, err := f.whereOf(false)
	if err != nil || !ok {
		return t, err
	}
	if err := db.tally(ctx, `SELECT campaign_no, COUNT(*) FROM tips`+where+` GROUP BY campaign_no`, args, func(k string, n int) {
		t.ByCampaign[atoiKey(k)] = n
	}); err != nil {
		return t, err
	}
	return t, db.tally(ctx, `SELECT SUBSTR(received_on, 1, 7), COUNT(*) FROM tips`+where+` GROUP BY SUBSTR(received_on, 1, 7)`, args, func(k string, n int) {
		t.ByMonth[k] = n
	})
}

// CasesByMonth counts the cases of a filter by the month they were opened
// (YYYY-MM): one grouped query on the list's conditions.
func (db *DB) CasesByMonth(ctx context.Context, f CaseFilter) (_ map[string]int, err error) {
	defer db.wrap(&err, "count cases by month")
	out := map[string]int{}
	where, args, ok := f.where()
	if !ok {
		return out, nil
	}
	return out, db.tally(ctx, `SELECT SUBSTR(opened_on, 1, 7), COUNT(*) FROM cases`+where+` GROUP BY SUBSTR(opened_on, 1, 7)`, args, func(k string, n int) {
		out[k] = n
	})
}

// tally runs a query of one key and one count.
func (db *DB) tally(ctx context.Context, q string, args []any, each func(key string, n int)) error {
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return db.dialect.mapErr(err)
	}
	defer rows.Close()
	for rows.Next() {
		var k any
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return err
		}
		each(keyText(k), n)
	}
	return rows.Err()
}

func atoiKey(s string) int {
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0
		}
		n = n*10 + int(r-'0')
	}
	return n
}

// NoCampaign is the campaign filter's value for the records of no
// campaign (stored with campaign number 0): the 未归入专项 row of the
// dashboard and of the year-end summary links to them.
const NoCampaign = -1
