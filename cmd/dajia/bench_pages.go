package main

// dajia bench pages: the pages offices use daily, measured over HTTP on
// loopback as the office and as a unit, on a database filled by dajia demo,
// each beside one raw SQL query that reads what the page shows.

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	neturl "net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"dajia"
	"dajia/demo"
	"dajia/secret"
	"dajia/store"
	"dajia/web"
)

// pageRun is one page measured for one reader.
type pageRun struct {
	Page, Reader string
	P50, P95     time.Duration
	Bytes        int
	Base         time.Duration // the baseline query's median, 0 when none
}

// benchPage is a page the bench opens, with the baseline it stands beside.
type benchPage struct {
	name, path, base string
	officeOnly       bool
}

func (e *env) benchPages(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("bench pages", flag.ContinueOnError)
	scale := fs.String("scale", string(demo.ScaleTown), "")
	n := fs.Int("n", 40, "")
	clients := fs.Int("c", 8, "")
	pg := fs.String("postgres", "", "")
	volume := fs.Float64("volume", 1, "") // for tests: a smaller demo
	if pos, err := e.flags(fs, args); err != nil || len(pos) > 0 {
		return e.fail(dajia.Errorf(dajia.Invalid, "bench", "用法：dajia bench pages [--db 演示数据库] [--scale town|city|province] [--postgres URL] [-n 40] [-c 8]"))
	}
	if *volume <= 0 || *volume > 10 {
		return e.fail(dajia.Errorf(dajia.Invalid, "volume", "--volume 应在 0 到 10 之间"))
	}
	if *n < 5 || *n > 10000 || *clients < 1 || *clients > 256 {
		return e.fail(dajia.Errorf(dajia.Invalid, "n", "-n 应在 5 到 10000 之间，-c 在 1 到 256 之间"))
	}
	sc, err := demo.ParseScale(*scale)
	if err != nil {
		return e.fail(err)
	}
	e.log = slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	filled := ""
	if !e.dbGiven {
		// No database named: a demo at the scale, on a temporary SQLite file
		// or PostgreSQL schema, dropped after the run.
		tmp, err := os.MkdirTemp("", "dajia-bench-")
		if err != nil {
			return e.fail(err)
		}
		defer os.RemoveAll(tmp)
		e.db, e.key = filepath.Join(tmp, "dajia.db"), filepath.Join(tmp, "dajia.key")
		if *pg != "" {
			dsn, drop, err := benchSchema(ctx, *pg)
			if err != nil {
				return e.fail(err)
			}
			defer drop()
			e.db = dsn
		}
		quiet := *e
		quiet.stdout = io.Discard
		start := time.Now()
		if ok, code := quiet.fillDemo(ctx, false, demoOptions{scale: sc, seed: 1, volume: *volume}); !ok {
			return code
		}
		filled = e.t("演示数据 %s 规模，生成用时 %s", sc, time.Since(start).Round(time.Second))
	} else if *pg != "" {
		return e.fail(dajia.Errorf(dajia.Invalid, "postgres", "--postgres 与 --db 只能给一个"))
	}
	e.clock = dajia.FixedDayClock{Day: e.demoDay()}
	db, cal, err := e.openStore(ctx)
	if err != nil {
		return e.fail(err)
	}
	defer db.Close()
	uc, err := e.app(db, cal)
	if err != nil {
		return e.fail(err)
	}
	busy, err := demo.HasWork(ctx, uc)
	if err != nil {
		return e.fail(err)
	}
	if !busy {
		return e.fail(dajia.Errorf(dajia.Invalid, "db", "数据库 %s 没有工作记录：先用 dajia demo 生成演示数据", e.db))
	}
	// The bench makes accounts and audit records dated on the demo's day:
	// never in a database of real work.
	if mark, err := db.DemoMark(ctx); err != nil || mark == "" {
		return e.fail(dajia.Errorf(dajia.Conflict, "db", "数据库 %s 不是 dajia demo 生成的演示数据库：bench pages 会在其中新建账号和审计记录，只在演示数据库上运行", e.db))
	}
	plans, err := db.Plans(ctx)
	if err != nil {
		return e.fail(err)
	}
	if len(plans) == 0 {
		return e.fail(dajia.Errorf(dajia.NotFound, "plan", "还没有导入方案"))
	}
	v, err := db.Plan(ctx, plans[0].ID)
	if err != nil {
		return e.fail(err)
	}
	p := v.Plan
	unit := ""
	if len(p.Campaigns) > 0 && len(p.Campaigns[0].Lead) > 0 {
		unit = p.KeyOf(p.Campaigns[0].Lead[0].Dept)
	}
	entity, err := db.BusiestEntity(ctx, p.ID)
	if err != nil {
		return e.fail(err)
	}
	readers, cleanup, err := benchReaders(ctx, db, unit)
	if err != nil {
		return e.fail(err)
	}
	defer cleanup()
	srv, err := web.New(web.Config{App: uc, Log: e.log, Lang: e.lang, Hasher: secret.DefaultHasher()})
	if err != nil {
		return e.fail(err)
	}
	base, stop, err := benchServe(srv.Handler())
	if err != nil {
		return e.fail(err)
	}
	defer stop()
	clientsOf := map[string]*http.Client{}
	for _, r := range readers {
		c, err := signIn(ctx, base, r.name, r.password)
		if err != nil {
			return e.fail(err)
		}
		clientsOf[r.label] = c
	}
	plan := neturl.QueryEscape(p.ID)
	month := e.demoDay().Month - 1
	if month < 1 {
		month = 1
	}
	period := fmt.Sprintf("%d-%02d", p.Year, month)
	pages := []benchPage{
		{"dashboard", "/dashboard?plan=" + plan, "dashboard", false},
		{"todo", "/todo", "todo", false},
		{"reports", "/reports?plan=" + plan, "reports", false},
		{"tips", "/tips?view=all&plan=" + plan, "tips", false},
		{"cases", "/cases?plan=" + plan, "cases", false},
		{"entity", "/entities/" + strconv.FormatInt(entity, 10), "entity", false},
		{"search 假冒", "/tips?view=all&plan=" + plan + "&q=" + neturl.QueryEscape("假冒"), "search", false},
		{"search 灯具", "/tips?view=all&plan=" + plan + "&q=" + neturl.QueryEscape("灯具"), "search", false},
		// The search over every plan (every town and year the reader may
		// read): tips, clues, cases and market entities.
		{"search-all 假冒", "/search?q=" + neturl.QueryEscape("假冒"), "search-all 假冒", false},
		{"search-all 灯具", "/search?q=" + neturl.QueryEscape("灯具"), "search-all 灯具", false},
		{"period.xlsx", "/reports/period.xlsx?plan=" + plan + "&period=" + period, "", true},
		{"yearend.docx", "/api/v1/yearend.docx?plan=" + plan, "", true},
		{"yearend.xlsx", "/api/v1/yearend.xlsx?plan=" + plan, "", true},
	}
	baselines := map[string]store.Baseline{}
	for _, b := range store.Baselines(p.ID, entity, "假冒") {
		baselines[b.Name] = b
	}
	for _, term := range []string{"假冒", "灯具"} {
		b := store.SearchBaseline(term)
		baselines[b.Name] = b
	}
	counts, err := db.CountAllTips(ctx)
	if err != nil {
		return e.fail(err)
	}
	fmt.Fprintf(e.stdout, e.t("dajia bench pages：%s，%d 核，数据库 %s，%d 条举报投诉（全库），方案 %s，每页每人 %d 次\n"),
		runtime.Version(), runtime.NumCPU(), db.Dialect(), counts, p.ID, *n)
	if filled != "" {
		fmt.Fprintln(e.stdout, filled)
	}
	// The sign-ins hashed passwords (64 MiB each, by design): that memory
	// is given back before the peak is taken, so that it is the pages'.
	debug.FreeOSMemory()
	resetPeakRSS()
	fmt.Fprintln(e.stdout, e.t("页面\t身份\tp50\tp95\t字节\t基准查询 p50\t倍数"))
	for _, pg := range pages {
		for _, r := range readers {
			if pg.officeOnly && r.label != "office" {
				continue
			}
			run, err := measurePage(ctx, clientsOf[r.label], base, pg, r, *n)
			if err != nil {
				return e.fail(err)
			}
			if b, ok := baselines[pg.base]; ok {
				if run.Base, err = medianOf(*n, func() (time.Duration, error) { return db.Time(ctx, b) }); err != nil {
					return e.fail(err)
				}
			}
			times := ""
			if run.Base > 0 {
				times = fmt.Sprintf("%.1f×", float64(run.P50)/float64(run.Base))
			}
			fmt.Fprintf(e.stdout, "%s\t%s\t%s\t%s\t%d\t%s\t%s\n", pg.name, r.label, ms(run.P50), ms(run.P95), run.Bytes, msIf(run.Base), times)
		}
	}
	// Under load: every client opens the pages in turn at once, so the
	// resident memory is what a busy morning costs.
	start := time.Now()
	var wg sync.WaitGroup
	var failed sync.Map
	for i := range *clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := readers[i%len(readers)]
			for _, pg := range pages {
				if pg.officeOnly && r.label != "office" {
					continue
				}
				if _, _, err := get(ctx, clientsOf[r.label], base+strings.TrimPrefix(pg.path, "/"), r); err != nil {
					failed.Store(pg.name, err)
				}
			}
		}()
	}
	wg.Wait()
	var ferr error
	failed.Range(func(_, v any) bool { ferr = v.(error); return false })
	if ferr != nil {
		return e.fail(ferr)
	}
	fmt.Fprintf(e.stdout, e.t("%d 个客户端同时打开全部页面：%s；进程驻留内存峰值 %s\n"), *clients, time.Since(start).Round(time.Millisecond), peakRSS())
	return exitOK
}

// msIf is a short time to the hundredth of a millisecond, or nothing for
// no time.
func msIf(d time.Duration) string {
	if d == 0 {
		return ""
	}
	return fmt.Sprintf("%.2fms", float64(d.Microseconds())/1000)
}

// benchReader is an account the bench signs in as.
type benchReader struct {
	label, name, password, token string
}

// benchReaders makes an office account and an account of the unit, with
// random passwords and an API token for the office, and a function that
// disables them after the run.
func benchReaders(ctx context.Context, db *store.DB, unit string) ([]benchReader, func(), error) {
	hasher := secret.DefaultHasher()
	operator := dajia.Actor{Name: "cli:bench", Role: dajia.RoleOperator}
	tag := strings.ToLower(strings.TrimPrefix(secret.RandomPassword(), "")[:6])
	var out []benchReader
	var ids []int64
	var tokens []store.APIToken
	for _, r := range []struct {
		label string
		role  dajia.Role
		unit  string
	}{{"office", dajia.RoleOffice, ""}, {"unit", dajia.RoleOfficer, unit}} {
		if r.unit == "" && r.role.NeedsUnit() {
			continue
		}
		pw := secret.RandomPassword()
		name := fmt.Sprintf("bench-%s-%x", r.label, tag)
		u, err := db.CreateUser(ctx, operator, store.NewUser{Name: name, DisplayName: name, Role: r.role, Unit: r.unit, PasswordHash: hasher.Hash(pw)})
		if err != nil {
			return nil, nil, err
		}
		ids = append(ids, u.ID)
		br := benchReader{label: r.label, name: name, password: pw}
		if r.role == dajia.RoleOffice {
			token, hash := secret.NewToken("dj_")
			t, err := db.CreateToken(ctx, operator, u.ID, "bench", hash)
			if err != nil {
				return nil, nil, err
			}
			tokens = append(tokens, t)
			br.token = token
		}
		out = append(out, br)
	}
	return out, func() {
		for _, t := range tokens {
			db.RevokeToken(context.Background(), dajia.Actor{UserID: t.UserID, Name: "cli:bench", Role: dajia.RoleOffice}, t.ID)
		}
		for _, id := range ids {
			db.SetDisabled(context.Background(), operator, id, true)
		}
	}, nil
}

// signIn signs in over HTTP and returns a client that holds the session.
func signIn(ctx context.Context, base, name, password string) (*http.Client, error) {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: time.Minute}
	form := neturl.Values{"name": {name}, "password": {password}}
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+"login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	u, _ := neturl.Parse(base)
	for _, k := range jar.Cookies(u) {
		if k.Value != "" {
			return c, nil
		}
	}
	return nil, fmt.Errorf("bench pages: %s could not sign in (status %d)", name, resp.StatusCode)
}

// get opens one page (a bearer token for the API), reads it whole and
// says how many bytes it had; anything but 200 is an error.
func get(ctx context.Context, c *http.Client, url string, r benchReader) (time.Duration, int, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if strings.Contains(url, "/api/") {
		req.Header.Set("Authorization", "Bearer "+r.token)
	}
	start := time.Now()
	resp, err := c.Do(req)
	if err != nil {
		return 0, 0, err
	}
	nb, err := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	took := time.Since(start)
	if err != nil {
		return 0, 0, err
	}
	if resp.StatusCode != http.StatusOK {
		return 0, 0, fmt.Errorf("bench pages: %s as %s: status %d", url, r.label, resp.StatusCode)
	}
	return took, int(nb), nil
}

// measurePage opens the page n times one after another (after two to warm
// up) and keeps the median and 95th percentile.
func measurePage(ctx context.Context, c *http.Client, base string, pg benchPage, r benchReader, n int) (pageRun, error) {
	url := base + strings.TrimPrefix(pg.path, "/")
	run := pageRun{Page: pg.name, Reader: r.label}
	for range 2 {
		if _, _, err := get(ctx, c, url, r); err != nil {
			return run, err
		}
	}
	ds := make([]time.Duration, 0, n)
	for range n {
		d, nb, err := get(ctx, c, url, r)
		if err != nil {
			return run, err
		}
		ds, run.Bytes = append(ds, d), nb
	}
	slices.Sort(ds)
	run.P50, run.P95 = ds[len(ds)/2], ds[(len(ds)*95+99)/100-1]
	return run, nil
}

// medianOf runs f n times and keeps the median.
func medianOf(n int, f func() (time.Duration, error)) (time.Duration, error) {
	ds := make([]time.Duration, 0, n)
	for range n {
		d, err := f()
		if err != nil {
			return 0, err
		}
		ds = append(ds, d)
	}
	slices.Sort(ds)
	return ds[len(ds)/2], nil
}

// resetPeakRSS starts the peak resident memory over (Linux), so that the
// peak read after is the pages' and not the demo's that filled the database.
func resetPeakRSS() { os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// peakRSS is the process's peak resident memory (VmHWM), or "?" where
// the system does not say.
func peakRSS() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "?"
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			f := strings.Fields(v)
			if kb, err := strconv.Atoi(f[0]); err == nil {
				return fmt.Sprintf("%.0f MB", float64(kb)/1024)
			}
		}
	}
	return "?"
}
