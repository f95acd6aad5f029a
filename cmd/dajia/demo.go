package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime/pprof"
	"strings"
	"text/tabwriter"
	"time"

	"dajia"
	"dajia/app"
	"dajia/demo"
	"dajia/store"
)

// demoToday is the day a demo stands on unless --today says otherwise: in
// the reference plan's review phase, with the year's work behind it and
// some of it still running.
var demoToday = dajia.Date{Year: demo.ReferenceYear, Month: 12, Day: 20}

// demoOptions are the demo command's flags; the last three are for tests
// and are not in the help.
type demoOptions struct {
	scale        demo.Scale
	seed         uint64
	force        bool
	volume       float64
	towns, years int
	workers      int // 0: two on PostgreSQL, one on SQLite
}

func (e *env) demo(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	scale := fs.String("scale", string(demo.ScaleTown), "")
	seed := fs.Uint64("seed", 1, "")
	force := fs.Bool("force", false, "")
	volume := fs.Float64("volume", 1, "")
	towns := fs.Int("towns", 0, "")
	years := fs.Int("years", 0, "")
	cpuprofile := fs.String("cpuprofile", "", "")
	workers := fs.Int("workers", 0, "")
	if pos, err := e.flags(fs, args); err != nil || len(pos) > 0 {
		fmt.Fprintln(e.stderr, e.t("用法：dajia demo [--scale town|city|province] [--seed N] [--force]"))
		return exitError
	}
	sc, err := demo.ParseScale(*scale)
	if err != nil {
		return e.fail(err)
	}
	if *volume <= 0 || *volume > 10 || *towns < 0 || *years < 0 || *workers < 0 || *workers > 8 {
		return e.fail(dajia.Errorf(dajia.Invalid, "volume", "--volume 应在 0 到 10 之间"))
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return e.fail(err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return e.fail(err)
		}
		defer pprof.StopCPUProfile()
	}
	_, code := e.fillDemo(ctx, false, demoOptions{scale: sc, seed: *seed, force: *force, volume: *volume, towns: *towns, years: *years, workers: *workers})
	return code
}

// demoDay is the day the demo stands on: --today, or demoToday.
func (e *env) demoDay() dajia.Date {
	if c, ok := e.clock.(dajia.FixedDayClock); ok {
		return c.Day
	}
	return demoToday
}

// fillDemo fills the database named by --db with a demo, after saying what
// it will do; it refuses a database that holds work records unless forced.
// filled is false when it refused or failed.
func (e *env) fillDemo(ctx context.Context, keepBusy bool, o demoOptions) (filled bool, code int) {
	today := e.demoDay()
	clock := demo.NewClock(time.Date(today.Year, today.Month, today.Day, 9, 0, 0, 0, dajia.ChinaTime))
	e.clock = clock
	// Demo data is not worth a disk flush per record: SQLite commits with
	// synchronous=NORMAL (durable once checkpointed).
	e.sync = store.SyncNormal
	db, cal, err := e.openStore(ctx)
	if err != nil {
		return false, e.fail(err)
	}
	defer db.Close()
	uc, err := e.app(db, cal)
	if err != nil {
		return false, e.fail(err)
	}
	busy, err := demo.HasWork(ctx, uc)
	if err != nil {
		return false, e.fail(err)
	}
	// Only an empty database or one a demo filled is a demo's: serve --demo
	// never fills, nor stands on 2017, a database with real accounts or
	// work; dajia demo does only when forced.
	mark, err := db.DemoMark(ctx)
	if err != nil {
		return false, e.fail(err)
	}
	users, err := db.Users(ctx)
	if err != nil {
		return false, e.fail(err)
	}
	if mark == "" && (busy || len(users) > 0) {
		if keepBusy {
			return false, e.fail(dajia.Errorf(dajia.Conflict, "db", "数据库 %s 不是演示数据库（已有账号或工作记录）：serve --demo 只使用空数据库或 dajia demo 生成的数据库；用 --db 指定另一个文件，或不加 --demo 启动", e.db))
		}
		if !o.force {
			return false, e.fail(dajia.Errorf(dajia.Conflict, "db", "数据库 %s 已有账号或工作记录，演示数据不会写入；换一个数据库文件，或加 --force 仍然写入", e.db))
		}
	}
	if busy && keepBusy {
		fmt.Fprintf(e.stdout, e.t("演示数据库 %s 已有数据，直接启动（演示账号的密码在首次生成时已显示；忘记时可用 dajia user reset-password 重置）\n"), e.db)
		return false, exitOK
	}
	if busy && !o.force {
		return false, e.fail(dajia.Errorf(dajia.Conflict, "db", "数据库 %s 已有工作记录，演示数据不会写入；换一个数据库文件，或加 --force 仍然写入", e.db))
	}
	// A demo stopped before its first records left its accounts: it is
	// taken up again, reusing them.
	force := o.force || (mark != "" && !busy && len(users) > 0)
	if err := db.MarkDemo(ctx, e.actor(), fmt.Sprintf("%s seed %d", o.scale, o.seed)); err != nil {
		return false, e.fail(err)
	}
	what := map[demo.Scale]dajia.Text{demo.ScaleTown: "中山市港口镇一年", demo.ScaleCity: "中山市 24 个镇街五年", demo.ScaleProvince: "广东省约 1600 个镇一年"}[o.scale]
	fmt.Fprintf(e.stdout, e.t("将在数据库 %s 中生成演示数据：%s（随机种子 %d），截至 %s；每条记录都经由与页面相同的业务流程写入，并记入审计记录。\n"),
		e.db, e.t(string(what)), o.seed, today)
	f, _ := os.Stderr.Stat()
	terminal := e.stderr == os.Stderr && f != nil && f.Mode()&os.ModeCharDevice != 0
	workers := o.workers
	if workers == 0 && db.Dialect() == "postgres" {
		workers = 2
	}
	// A worker opens the same database on a clock of its own.
	newWorker := func(c *demo.Clock) (*app.App, func(), error) {
		w := *e
		w.clock = c
		wdb, wcal, err := w.open(ctx, false)
		if err != nil {
			return nil, nil, err
		}
		a, err := w.app(wdb, wcal)
		if err != nil {
			wdb.Close()
			return nil, nil, err
		}
		return a, func() { wdb.Close() }, nil
	}
	res, err := demo.Run(ctx, demo.Config{App: uc, Clock: clock, Scale: o.scale, Seed: o.seed, Today: today, Volume: o.volume,
		Towns: o.towns, Years: o.years, Progress: e.stderr, Terminal: terminal, T: e.t, Force: force,
		Workers: workers, NewWorker: newWorker})
	if err != nil {
		fmt.Fprintln(e.stderr, err)
		return false, e.fail(err)
	}
	var kinds []string
	for _, k := range []string{"tips", "clues", "cases", "reports", "reports_zero", "inspections", "samplings", "samplings_failed", "surveys",
		"joint_actions", "publicity", "rectifications", "entities", "accounts"} {
		kinds = append(kinds, fmt.Sprintf("%s %d", e.t(string(demoKinds[k])), res.Counts[k]))
	}
	sep := "，"
	if e.lang == "en" {
		sep = ", "
	}
	fmt.Fprintf(e.stdout, e.t("已生成：%d 个镇街、%d 年、%d 个方案；%s；共 %d 步，用时 %s。\n"), res.Towns, res.Years, res.Plans,
		strings.Join(kinds, sep), res.Steps, res.Elapsed.Round(time.Second))
	if st, err := os.Stat(e.db); err == nil && db.Dialect() == "sqlite" {
		fmt.Fprintf(e.stdout, e.t("数据库文件 %.1f MB\n"), float64(st.Size())/1e6)
	}
	e.printAccounts(res.Accounts)
	return true, exitOK
}

var demoKinds = map[string]dajia.Text{"tips": "举报投诉", "clues": "线索", "cases": "案件", "reports": "月报", "reports_zero": "其中零申报",
	"inspections": "巡查检查", "samplings": "抽检", "samplings_failed": "其中不合格", "surveys": "排查摸底", "joint_actions": "集中行动",
	"publicity": "宣传活动", "rectifications": "整改通知", "entities": "市场主体", "accounts": "账号"}

// printAccounts prints the demo accounts with their passwords, once.
func (e *env) printAccounts(accs []demo.Account) {
	fmt.Fprintln(e.stdout, e.t("演示账号（密码只显示这一次）："))
	tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, e.t("用户名\t密码\t角色\t姓名\t单位"))
	for _, a := range accs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", a.Name, a.Password, e.t(string(a.Role.Name())), a.Display, a.Unit)
	}
	tw.Flush()
}

// demoDB is the file serve --demo uses unless --db names one: apart from
// the real ./dajia.db, so that a demo never mixes with real work.
const demoDB = "./dajia-demo.db"

// prepareDemo is serve --demo's first step: it points the server at the
// demo database, fills it at town scale when it holds no work yet (the
// accounts printed), and stands the server on the demo's today.
func (e *env) prepareDemo(ctx context.Context, volume float64) int {
	if !e.dbGiven {
		e.db = demoDB
		if !e.keyGiven {
			e.key = defaultKeyFile(e.db)
		}
	}
	today := e.demoDay()
	if _, code := e.fillDemo(ctx, true, demoOptions{scale: demo.ScaleTown, seed: 1, volume: volume}); code != exitOK {
		return code
	}
	e.clock = dajia.FixedDayClock{Day: today}
	return exitOK
}
