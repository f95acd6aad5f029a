// Command dajia is the anti-counterfeiting work platform: one binary that
// serves the pages and the API and manages plans, calendars and accounts.
// This package wires flags to config to logger to store to web.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"os/user"
	"strings"
	"syscall"

	"dajia"
	"dajia/app"
	"dajia/calendar"
	"dajia/locale"
	"dajia/planfile"
	"dajia/secret"
	"dajia/store"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Main(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Exit codes: 0 ok, 1 lint warnings under --strict, 2 errors (bad input,
// lint errors, failures).
const (
	exitOK    = 0
	exitWarn  = 1
	exitError = 2
)

// env is what every subcommand gets: the global options and the streams.
type env struct {
	db     string
	key    string // the master key file, outside the database
	sync   string // SQLite's synchronous setting for writes: store.SyncFull unless serve --sqlite-sync says otherwise
	lang   string
	keys   *secret.Keys
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	log    *slog.Logger
	clock  dajia.Clock
	// dbGiven and keyGiven: --db and --key (or their variables) were
	// given, not defaulted; serve --demo picks its own file otherwise.
	dbGiven, keyGiven bool
}

// t translates a Chinese text into the chosen language.
func (e *env) t(zh string, args ...any) string { return locale.Text(e.lang, zh, args...) }

// fail prints an error in the chosen language and returns exitError.
func (e *env) fail(err error) int {
	var de *dajia.Error
	if errors.As(err, &de) {
		fmt.Fprintln(e.stderr, e.t("错误：")+locale.Error(e.lang, de))
	} else {
		fmt.Fprintln(e.stderr, e.t("错误：")+err.Error())
	}
	return exitError
}

// globals are the options every command takes.
type globals struct {
	db, key, lang     string
	today             string // YYYY-MM-DD: the day every command stands on, for tests and demonstrations
	dbGiven, keyGiven bool
}

// splitGlobal takes --db, --key, --lang and --today from anywhere in args,
// before or after the subcommand, and returns the rest. DAJIA_DB, DAJIA_KEY
// and DAJIA_TODAY give their defaults.
func splitGlobal(args []string) (g globals, rest []string, err error) {
	g.db, g.lang = "./dajia.db", "zh"
	if v := os.Getenv("DAJIA_DB"); v != "" {
		g.db, g.dbGiven = v, true
	}
	g.key = os.Getenv("DAJIA_KEY")
	g.keyGiven = g.key != ""
	g.today = os.Getenv("DAJIA_TODAY")
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || (name != "db" && name != "lang" && name != "key" && name != "today") {
			rest = append(rest, a)
			continue
		}
		if !hasVal {
			if i+1 >= len(args) {
				return globals{}, nil, fmt.Errorf("flag --%s needs a value", name)
			}
			i++
			val = args[i]
		}
		switch name {
		case "db":
			g.db, g.dbGiven = val, true
		case "key":
			g.key, g.keyGiven = val, true
		case "today":
			g.today = val
		default:
			g.lang = val
		}
	}
	if g.lang != "zh" && g.lang != "en" {
		return globals{}, nil, fmt.Errorf("--lang must be zh or en, not %q", g.lang)
	}
	if g.key == "" {
		g.key = defaultKeyFile(g.db)
	}
	return g, rest, nil
}

// defaultKeyFile puts the master key beside a SQLite file, or in the
// working folder for PostgreSQL: in either case outside the database.
func defaultKeyFile(dsn string) string {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return "dajia.key"
	}
	return dsn + ".key"
}

const usage = `dajia 打假工作平台

用法：dajia [--db DSN] [--lang zh|en] [--today YYYY-MM-DD] 命令 [参数]

命令：
  serve [--addr 127.0.0.1:8080]                        迁移数据库，首次启动载入内置方案，启动服务
        [--base-url URL] [--secure-cookies] [--trust-proxy] [--remind-days 3]
        [--smtp-addr host:port --smtp-from 地址 [--smtp-user 用户]]   邮件提醒（密码放在环境变量 DAJIA_SMTP_PASSWORD）
        [--demo]                                       在演示数据库（默认 ./dajia-demo.db）上启动：库为空时先生成镇级演示数据并显示账号，今天为 2017-12-20
        [--sqlite-sync full|normal]                    SQLite 写入落盘方式：full（默认，每次提交都写入磁盘）或 normal（更快，断电可能丢失最近的提交）
  plan lint FILE [--json] [--strict]                   检查方案文件（退出码：0 无问题，1 有警告且 --strict，2 有错误）
  plan import FILE                                     导入方案（同一 id 内容相同则不变，内容变化则生成新版本）
  plan export ID [--version N]                         导出方案文件
  plan show ID                                         显示方案概要
  plan list                                            列出方案
  calendar import FILE                                 导入一年的法定节假日安排（holiday-cn 格式）
  calendar list                                        列出已知年份
  user add NAME --role ROLE [--unit KEY] [--display 姓名] --password-stdin   新建账号（密码从标准输入读取）
  user list | user disable NAME | user enable NAME      列出、停用、启用账号
  user reset-password NAME [--password-stdin]          重置密码（不给密码则生成一次性密码），下次登录须修改
  token create NAME [--label 用途]                     为账号生成接口令牌（只显示一次）
  audit verify [--since 检查点]                        校验审计记录链，指出第一条被改动的记录；打印新的检查点，
                                                       --since 核对以前抄存的检查点之前没有记录被删除
  audit purge                                          清理超过保存期（安全策略中设置，不少于 180 天）的审计记录
  demo [--scale town|city|province] [--seed N] [--force]   生成一年（city：24 个镇街五年；province：约 1600 个镇）逼真的演示数据，
                                                       经由与页面相同的业务流程写入（审计完整）；用 --today 指定截至日期（默认 2017-12-20）；
                                                       数据库已有工作记录时拒绝，除非 --force；最后显示演示账号和密码（只显示一次）
  bench intake [-c 1,64] [-d 10s] [--postgres URL]    在临时数据库上启动 dajia，测量公众提交举报投诉的速度（与同一次运行中的裸 net/http 对比）
        [--sqlite-sync full|normal] [--cpuprofile 文件]
  bench pages [--db 演示数据库] [--scale town|city|province] [--postgres URL] [-n 40] [-c 8]
                                                       在演示数据上（不给 --db 时先生成）测量看板、待办、报送、列表、搜索和导出的速度，与同一次运行中的原始 SQL 查询对比
  yearend --plan ID --out 文件.docx|文件.xlsx [--number 文号] [--issued-on 日期]   生成年度打假工作总结（公文 .docx）或全年数据（.xlsx）

全局参数：
  --db DSN     SQLite 文件路径（默认 ./dajia.db）或 postgres:// 地址
  --key FILE   主密钥文件（默认在 SQLite 文件旁，如 ./dajia.db.key；PostgreSQL 时为 ./dajia.key）
  --lang       zh（默认）或 en
  --today      YYYY-MM-DD：所有命令都以这一天为今天（审计记录的日期、密码有效期、报送期限），用于演示和测试；也可用环境变量 DAJIA_TODAY

任何命令第一次打开一个新数据库时，都会迁移它并载入内置的参考方案 zs-gangkou-2017。
`

// Main runs dajia with args and returns the exit code; the tests call it.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	g, rest, err := splitGlobal(args)
	if err != nil {
		fmt.Fprintln(stderr, "错误："+err.Error())
		return exitError
	}
	e := &env{db: g.db, key: g.key, lang: g.lang, stdin: stdin, stdout: stdout, stderr: stderr, clock: dajia.SystemClock{},
		dbGiven: g.dbGiven, keyGiven: g.keyGiven,
		log: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))}
	if g.today != "" {
		d, err := dajia.ParseDate(g.today)
		if err != nil {
			return e.fail(dajia.Errorf(dajia.Invalid, "today", "--today 应为 YYYY-MM-DD 形式的日期，而不是 %q", g.today))
		}
		e.clock = dajia.FixedDayClock{Day: d}
	}
	if len(rest) == 0 || rest[0] == "help" || rest[0] == "-h" || rest[0] == "--help" {
		fmt.Fprint(stdout, e.t(usage))
		if len(rest) == 0 {
			return exitError
		}
		return exitOK
	}
	cmd, sub := rest[0], rest[1:]
	switch cmd {
	case "serve":
		return e.serve(ctx, sub)
	case "plan":
		return e.plan(ctx, sub)
	case "calendar":
		return e.calendarCmd(ctx, sub)
	case "user":
		return e.userCmd(ctx, sub)
	case "token":
		return e.tokenCmd(ctx, sub)
	case "audit":
		return e.auditCmd(ctx, sub)
	case "bench":
		return e.bench(ctx, sub)
	case "yearend":
		return e.yearendCmd(ctx, sub)
	case "demo":
		return e.demo(ctx, sub)
	}
	fmt.Fprintf(stderr, e.t("错误：未知命令 %q；dajia help 列出全部命令\n"), cmd)
	return exitError
}

// flags parses a subcommand's own flags, allowing them between positional
// arguments (dajia plan lint FILE --json).
func (e *env) flags(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// actor is the local user running a command, for the audit trail.
func (e *env) actor() dajia.Actor {
	name := "unknown"
	if u, err := user.Current(); err == nil {
		name = u.Username
	}
	return dajia.CLIActor(name)
}

// openStore loads the master key (creating it on first use), opens and
// migrates the store, loads the embedded reference plan into a store that
// has no plan yet (so that every command finds it on a new database, not
// only serve) and loads imported calendar years.
// app returns the use cases over an opened store.
func (e *env) app(db *store.DB, cal *calendar.Calendar) (*app.App, error) {
	return app.New(app.Config{DB: db, Calendar: cal, Clock: e.clock, Log: e.log, Sealer: e.keys.Sealer()})
}

func (e *env) openStore(ctx context.Context) (*store.DB, *calendar.Calendar, error) {
	return e.open(ctx, true)
}

// open is openStore; withReference false leaves the store's contents as
// they are, for the audit commands: loading the reference plan writes an
// audit record, which must not happen before a wiped trail is checked.
func (e *env) open(ctx context.Context, withReference bool) (*store.DB, *calendar.Calendar, error) {
	keys, created, err := secret.LoadOrCreateKey(e.key)
	if err != nil {
		return nil, nil, err
	}
	if created {
		fmt.Fprintf(e.stderr, e.t("已生成主密钥文件 %s：审计记录的校验和加密字段都依赖它，请妥善备份，不要与数据库放在同一备份介质上\n"), e.key)
	}
	e.keys = keys
	db, err := store.Open(ctx, store.Config{DSN: e.db, Clock: e.clock, MAC: keys.AuditMAC(), SQLiteSync: e.sync})
	if err != nil {
		return nil, nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, nil, err
	}
	if withReference {
		if err := loadReference(ctx, db); err != nil {
			db.Close()
			return nil, nil, err
		}
	}
	cal := calendar.Embedded()
	years, err := db.CalendarYears(ctx)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	for _, y := range years {
		parsed, err := calendar.Parse(y.Data)
		if err != nil {
			db.Close()
			return nil, nil, fmt.Errorf("stored calendar %d: %w", y.Year, err)
		}
		cal.Add(parsed)
	}
	return db, cal, nil
}

// loadReference imports the embedded reference plan when the store has no
// plan yet, so that a new database shows a real plan to every command.
// Two commands starting on one new PostgreSQL database may race to import
// it: the loser finds the winner's plan and carries on.
func loadReference(ctx context.Context, db *store.DB) error {
	plans, err := db.Plans(ctx)
	if err != nil || len(plans) > 0 {
		return err
	}
	src := planfile.Reference()
	res := planfile.Check(src)
	if res.HasErrors() {
		return fmt.Errorf("embedded reference plan: %w", res.Err())
	}
	if _, err := db.ImportPlan(ctx, dajia.SystemActor(), res.Plan, src); err != nil {
		if plans, e := db.Plans(ctx); e == nil && len(plans) > 0 {
			return nil
		}
		return err
	}
	return nil
}
