package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"dajia"
	"dajia/store"
)

type auditPage struct {
	Page
	Records []store.AuditRecord
	Filter  store.AuditFilter
	Query   url.Values
	More    string // link to the next (older) page
	Error   string
}

// auditFilter reads the filter from the query; a bad date is an error that
// names the field.
func auditFilter(r *http.Request) (store.AuditFilter, error) {
	q := r.URL.Query()
	f := store.AuditFilter{Actor: strings.TrimSpace(q.Get("actor")), Action: strings.TrimSpace(q.Get("action")),
		Result: strings.TrimSpace(q.Get("result")), Object: strings.TrimSpace(q.Get("object"))}
	for _, d := range []struct {
		key string
		to  *dajia.Date
	}{{"from", &f.From}, {"to", &f.To}} {
		if v := strings.TrimSpace(q.Get(d.key)); v != "" {
			date, err := dajia.ParseDate(v)
			if err != nil {
				return f, dajia.Errorf(dajia.Invalid, d.key, "日期 %q 无效，应为 YYYY-MM-DD", "date %q is invalid; use YYYY-MM-DD", v)
			}
			*d.to = date
		}
	}
	if v := q.Get("before"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return f, dajia.Errorf(dajia.Invalid, "before", "分页参数无效", "invalid paging parameter")
		}
		f.Before = n
	}
	for _, s := range []string{f.Actor, f.Action, f.Result, f.Object} {
		if len(s) > 100 {
			return f, dajia.Errorf(dajia.Invalid, "", "筛选条件过长", "a filter is too long")
		}
	}
	return f, nil
}

func (s *Server) auditList(w http.ResponseWriter, r *http.Request) error {
	pg := s.page(r, "审计记录")
	pg.Title = pg.T("审计记录")
	f, err := auditFilter(r)
	d := auditPage{Page: pg, Filter: f, Query: r.URL.Query()}
	if err != nil {
		d.Error = dajia.ErrorOf(err).Localized(pg.Lang)
		return s.render(w, r, http.StatusBadRequest, "audit", d)
	}
	const pageSize = 100
	f.Limit = pageSize
	recs, err := s.db.AuditLog(r.Context(), f)
	if err != nil {
		return err
	}
	d.Records = recs
	if len(recs) == pageSize {
		q := r.URL.Query()
		q.Set("before", strconv.FormatInt(recs[len(recs)-1].Seq, 10))
		d.More = "/audit?" + q.Encode()
	}
	return s.render(w, r, http.StatusOK, "audit", d)
}

// auditExport streams the selected records into an xlsx file; the export
// itself is audited first, so that a failed write still leaves a trace.
func (s *Server) auditExport(w http.ResponseWriter, r *http.Request) error {
	f, err := auditFilter(r)
	if err != nil {
		return err
	}
	f.Before = 0
	if err := s.db.Audit(r.Context(), actorOf(r), store.AuditEntry{Action: "audit.export", Object: "audit_log",
		After: map[string]any{"from": f.From, "to": f.To, "actor": f.Actor, "action": f.Action, "result": f.Result, "object": f.Object}}); err != nil {
		return err
	}
	x := excelize.NewFile()
	defer x.Close()
	sheet := "审计记录"
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	for _, c := range []struct {
		from, to int
		width    float64
	}{{2, 2, 26}, {8, 8, 30}, {10, 10, 30}, {11, 12, 50}} {
		if err := sw.SetColWidth(c.from, c.to, c.width); err != nil {
			return err
		}
	}
	head := []any{"序号", "时间", "用户", "角色", "地址", "操作", "结果", "对象", "用户ID", "变更字段", "变更前", "变更后"}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	row := 2
	err = s.db.EachAudit(r.Context(), f, func(rec store.AuditRecord) error {
		cell, err := excelize.CoordinatesToCellName(1, row)
		if err != nil {
			return err
		}
		row++
		fields, err := rec.FieldNames()
		if err != nil {
			return err
		}
		return sw.SetRow(cell, []any{rec.Seq, rec.At.In(dajia.ChinaTime).Format("2006-01-02 15:04:05-07:00"), rec.Actor, rec.Role, rec.Address,
			rec.Action, rec.Result, rec.Object, rec.ActorID, strings.Join(fields, ", "), rec.Before, rec.After})
	})
	if err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return writeXLSX(w, x, fmt.Sprintf("audit-%s.xlsx", dajia.Today(s.clock)))
}
