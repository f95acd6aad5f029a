package store

import (
	"context"
	"fmt"

	"dajia"
)

// CalendarYear is one year of the official holiday calendar added by import,
// kept as the file that was imported.
type CalendarYear struct {
	Year int
	Data []byte
}

// SaveCalendarYear adds or replaces an imported calendar year. The caller
// has checked the file.
func (db *DB) SaveCalendarYear(ctx context.Context, actor dajia.Actor, year int, data []byte) (err error) {
	defer db.wrap(&err, "save calendar year %d", year)
	return db.Transact(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE calendar_years SET data = $1, imported_at = $2, imported_by = $3 WHERE year = $4`, string(data), tx.Now, actor.Name, year)
		if err != nil {
			return err
		}
		action := "calendar.replace"
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if n == 0 {
			action = "calendar.import"
			if _, err := tx.ExecContext(ctx, `INSERT INTO calendar_years (year, data, imported_at, imported_by) VALUES ($1, $2, $3, $4)`, year, string(data), tx.Now, actor.Name); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, actor, AuditEntry{Action: action, Object: fmt.Sprintf("calendar:%d", year), After: map[string]any{"bytes": len(data)}})
	})
}

// CalendarYears returns every imported year.
func (db *DB) CalendarYears(ctx context.Context) (_ []CalendarYear, err error) {
	defer db.wrap(&err, "list calendar years")
	rows, err := db.read.QueryContext(ctx, `SELECT year, data FROM calendar_years ORDER BY year`)
	if err != nil {
		return nil, db.dialect.mapErr(err)
	}
	defer rows.Close()
	var out []CalendarYear
	for rows.Next() {
		var y CalendarYear
		var data string
		if err := rows.Scan(&y.Year, &data); err != nil {
			return nil, err
		}
		y.Data = []byte(data)
		out = append(out, y)
	}
	return out, rows.Err()
}
