package web

import (
	"cmp"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"dajia"
	"dajia/locale"
	"dajia/store"
)

type auditPage struct {
	Page
	Records []auditRow
	Filter  store.AuditFilter
	Query   url.Values
	More    string // link to the next (older) page
	Error   string
	People  []auditChoice // the filter's choices: accounts, units, kinds of action, results
	Units   []auditChoice
	Kinds   []auditChoice
	Results []auditChoice
}

// auditChoice is one option of a filter.
type auditChoice struct{ Code, Name string }

// auditChoices are the filter's options, in words.
func (s *Server) auditChoices(r *http.Request, d *auditPage, w *auditWords) {
	units := map[string]bool{}
	var accounts []dajia.User
	for _, u := range w.users {
		accounts = append(accounts, u)
	}
	slices.SortFunc(accounts, func(a, b dajia.User) int { return cmp.Compare(a.ID, b.ID) })
	for _, u := range accounts {
		d.People = append(d.People, auditChoice{u.Name, d.Who(u.Name)})
		if u.Unit != "" && !units[u.Unit] {
			units[u.Unit] = true
			name := u.Unit
			if w.plan != nil {
				name = w.plan.DisplayName(u.Unit)
			}
			d.Units = append(d.Units, auditChoice{u.Unit, name})
		}
	}
	d.People = append(d.People, auditChoice{"public", d.T("公众")}, auditChoice{"system", d.T("系统")})
	for _, k := range auditKinds {
		d.Kinds = append(d.Kinds, auditChoice{k.Code, d.T(k.Name)})
	}
	for _, k := range auditResults {
		d.Results = append(d.Results, auditChoice{k.Code, d.T(k.Name)})
	}
}

// unitActors narrows a filter to the accounts of the unit chosen.
func (s *Server) unitActors(r *http.Request, f *store.AuditFilter) error {
	unit := r.URL.Query().Get("unit")
	if unit == "" {
		return nil
	}
	users, err := s.db.Users(r.Context())
	if err != nil {
		return err
	}
	f.Actors = []string{}
	for _, u := range users {
		if u.Unit == unit {
			f.Actors = append(f.Actors, u.Name)
		}
	}
	return nil
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
				return f, dajia.Errorf(dajia.Invalid, d.key, "日期 %q 无效，应为 YYYY-MM-DD", v)
			}
			*d.to = date
		}
	}
	if v := q.Get("before"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return f, dajia.Errorf(dajia.Invalid, "before", "分页参数无效")
		}
		f.Before = n
	}
	for _, s := range []string{f.Actor, f.Action, f.Result, f.Object} {
		if len(s) > 100 {
			return f, dajia.Errorf(dajia.Invalid, "", "筛选条件过长")
		}
	}
	return f, nil
}

func (s *Server) auditList(w http.ResponseWriter, r *http.Request) error {
	pg := s.page(r, "审计记录")
	pg.Title = pg.T("审计记录")
	f, err := auditFilter(r)
	d := auditPage{Page: pg, Filter: f, Query: r.URL.Query()}
	words, werr := s.auditWords(r.Context(), pg)
	if werr != nil {
		return werr
	}
	s.auditChoices(r, &d, words)
	if err == nil {
		err = s.unitActors(r, &f)
	}
	if err != nil {
		d.Error = locale.Error(pg.Lang, dajia.ErrorOf(err))
		return s.render(w, r, http.StatusBadRequest, "audit", d)
	}
	const pageSize = 100
	f.Limit = pageSize
	recs, err := s.db.AuditLog(r.Context(), f)
	if err != nil {
		return err
	}
	for _, rec := range recs {
		d.Records = append(d.Records, words.row(rec))
	}
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
	if err := s.unitActors(r, &f); err != nil {
		return err
	}
	pg := s.page(r, "审计记录")
	words, err := s.auditWords(r.Context(), pg)
	if err != nil {
		return err
	}
	if err := s.db.Audit(r.Context(), actorOf(r), store.AuditEntry{Action: "audit.export", Object: "audit_log",
		After: map[string]any{"from": f.From, "to": f.To, "actor": f.Actor, "action": f.Action, "result": f.Result, "object": f.Object, "unit": r.URL.Query().Get("unit")}}); err != nil {
		return err
	}
	x := excelize.NewFile()
	defer x.Close()
	sheet := pg.T("审计记录")
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
	}{{2, 2, 20}, {3, 3, 24}, {6, 6, 24}, {8, 8, 36}, {9, 9, 60}} {
		if err := sw.SetColWidth(c.from, c.to, c.width); err != nil {
			return err
		}
	}
	var head []any
	for _, h := range []string{"序号", "时间", "用户", "角色", "地址", "操作", "结果", "对象", "变更"} {
		head = append(head, pg.T(h))
	}
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
		w := words.row(rec)
		addr := rec.Address
		if tag := rec.AnonymousTag(); tag != "" {
			addr = pg.T("匿名") + " " + tag
		}
		return sw.SetRow(cell, []any{rec.Seq, rec.At.In(dajia.ChinaTime).Format("2006-01-02 15:04:05"), w.Who, w.RoleName, addr,
			w.What, w.ResultName, w.Object, strings.Join(w.Changes, "\n")})
	})
	if err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return writeXLSX(w, x, fmt.Sprintf("audit-%s.xlsx", dajia.Today(s.clock)))
}
