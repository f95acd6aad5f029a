package main

// dajia bench: load generators that start dajia on a temporary database
// and measure it over HTTP on loopback, beside a bare net/http handler
// measured in the same run, so that a figure always comes with its ratio
// to what this machine can do at all.

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	mrand "math/rand/v2"
	"net"
	"net/http"
	neturl "net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"dajia"
	"dajia/secret"
	"dajia/store"
	"dajia/web"
)

func (e *env) bench(ctx context.Context, args []string) int {
	switch {
	case len(args) > 0 && args[0] == "intake":
		return e.benchIntake(ctx, args[1:])
	case len(args) > 0 && args[0] == "pages":
		return e.benchPages(ctx, args[1:])
	}
	return e.fail(dajia.Errorf(dajia.Invalid, "bench", "用法：dajia bench intake [-c 1,64] [-d 10s] | dajia bench pages [--db 演示数据库] [--scale town|city|province]"))
}

// intakeRun is one measurement: so many clients for so long.
type intakeRun struct {
	Clients  int
	Requests int64 // answered as expected (201)
	Failed   int64 // any other answer or a transport error
	Elapsed  time.Duration
	P50, P99 time.Duration
	CPU      time.Duration // the process's CPU time while measuring: server and load generator
}

func (r intakeRun) rate() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Requests) / r.Elapsed.Seconds()
}

// cpuEach is the CPU time spent for each answered request, by the server
// and the load generator together: steadier than the rate on a busy machine.
func (r intakeRun) cpuEach() string {
	if r.Requests == 0 {
		return ""
	}
	return fmt.Sprintf("%dµs", (r.CPU / time.Duration(r.Requests)).Microseconds())
}

// cpuTime is the CPU time this process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func (e *env) benchIntake(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("bench intake", flag.ContinueOnError)
	clients := fs.String("c", "1,64", "")
	dur := fs.Duration("d", 10*time.Second, "")
	warm := fs.Duration("warmup", 2*time.Second, "")
	pg := fs.String("postgres", "", "")
	sync := fs.String("sqlite-sync", store.SyncFull, "")
	bare := fs.Bool("bare", true, "")
	cpuprofile := fs.String("cpuprofile", "", "")
	if _, err := e.flags(fs, args); err != nil {
		return e.fail(fmt.Errorf("bench intake: %w", err))
	}
	var levels []int
	for _, s := range strings.Split(*clients, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 || n > 1024 {
			return e.fail(dajia.Errorf(dajia.Invalid, "c", "-c 应为 1 到 1024 之间的客户端数，用逗号分隔，而不是 %q", s))
		}
		levels = append(levels, n)
	}
	if *dur <= 0 || *dur > 10*time.Minute {
		return e.fail(dajia.Errorf(dajia.Invalid, "d", "-d 应在 0 到 10 分钟之间"))
	}
	tmp, err := os.MkdirTemp("", "dajia-bench-")
	if err != nil {
		return e.fail(err)
	}
	defer os.RemoveAll(tmp)
	e.db, e.key, e.sync = filepath.Join(tmp, "dajia.db"), filepath.Join(tmp, "dajia.key"), *sync
	if *pg != "" {
		dsn, drop, err := benchSchema(ctx, *pg)
		if err != nil {
			return e.fail(err)
		}
		defer drop()
		e.db = dsn
	}
	e.log = slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	quiet := *e // the temporary key needs no word about its backup
	quiet.stderr = io.Discard
	db, cal, err := quiet.openStore(ctx)
	if err != nil {
		return e.fail(err)
	}
	defer db.Close()
	uc, err := quiet.app(db, cal)
	if err != nil {
		return e.fail(err)
	}
	srv, err := web.New(web.Config{App: uc, Log: e.log, Lang: e.lang, Hasher: secret.DefaultHasher(), TrustProxy: true})
	if err != nil {
		return e.fail(err)
	}
	dajiaURL, stopDajia, err := benchServe(srv.Handler())
	if err != nil {
		return e.fail(err)
	}
	defer stopDajia()
	bareURL, stopBare, err := benchServe(bareHandler())
	if err != nil {
		return e.fail(err)
	}
	defer stopBare()
	plans, err := db.Plans(ctx)
	if err != nil || len(plans) == 0 {
		return e.fail(fmt.Errorf("bench intake: no plan: %v", err))
	}
	v, err := db.Plan(ctx, plans[0].ID)
	if err != nil {
		return e.fail(err)
	}
	bodies := intakeBodies(v.Plan, 512)
	store := db.Dialect()
	if store == "sqlite" {
		store += e.t("（落盘方式 %s）", *sync)
	}
	fmt.Fprintf(e.stdout, e.t("dajia bench intake：%s，%d 核，GOMAXPROCS %d，数据库 %s，每档 %s（预热 %s）\n"),
		runtime.Version(), runtime.NumCPU(), runtime.GOMAXPROCS(0), store, *dur, *warm)
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
	before, err := db.CountAllTips(ctx)
	if err != nil {
		return e.fail(err)
	}
	var acked int64
	fmt.Fprintln(e.stdout, e.t("客户端\t对象\t每秒\tp50\tp99\t失败\t每次 CPU\t占裸 net/http"))
	for _, c := range levels {
		d, err := runIntake(ctx, dajiaURL+"api/v1/tips", bodies, c, *warm, *dur)
		if err != nil {
			return e.fail(err)
		}
		acked += d.Requests + d.warmAcked
		var b intakeRun
		if *bare {
			if b, err = runIntakeRun(ctx, bareURL, bodies, c, *warm, *dur); err != nil {
				return e.fail(err)
			}
		}
		fmt.Fprintf(e.stdout, "%d\tdajia\t%.0f\t%s\t%s\t%d\t%s\t%s\n", c, d.rate(), ms(d.P50), ms(d.P99), d.Failed, d.cpuEach(), ratio(d.rate(), b.rate()))
		if *bare {
			fmt.Fprintf(e.stdout, "%d\tnet/http\t%.0f\t%s\t%s\t%d\t%s\t\n", c, b.rate(), ms(b.P50), ms(b.P99), b.Failed, b.cpuEach())
		}
	}
	after, err := db.CountAllTips(ctx)
	if err != nil {
		return e.fail(err)
	}
	// Every answered tip must be stored: a cheap check that speed did not
	// come from dropping work. A submission of both kinds is two tips.
	if after-before < acked {
		return e.fail(fmt.Errorf("bench intake: %d submissions answered but only %d tips stored", acked, after-before))
	}
	fmt.Fprintf(e.stdout, e.t("已存储 %d 条举报投诉（%d 次提交得到受理回执）\n"), after-before, acked)
	return exitOK
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000) }

func ratio(a, b float64) string {
	if b == 0 {
		return ""
	}
	return fmt.Sprintf("%.0f%%", 100*a/b)
}

// benchSchema makes a new schema on a PostgreSQL server for one run and
// returns a DSN whose search_path is it, and a function that drops it.
func benchSchema(ctx context.Context, pg string) (string, func(), error) {
	u, err := neturl.Parse(pg)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return "", nil, dajia.Errorf(dajia.Invalid, "postgres", "--postgres 应为 postgres:// 地址")
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "bench_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", pg)
	if err != nil {
		return "", nil, err
	}
	defer admin.Close()
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		return "", nil, fmt.Errorf("create schema: %w", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), func() {
		if db, err := sql.Open("pgx", pg); err == nil {
			db.Exec("DROP SCHEMA " + schema + " CASCADE")
			db.Close()
		}
	}, nil
}

// benchServe serves h on a free loopback port with serve's timeouts.
func benchServe(h http.Handler) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	hs := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10}
	go hs.Serve(ln)
	return "http://" + ln.Addr().String() + "/", func() { hs.Close() }, nil
}

// bareHandler is the floor: it reads the same body, decodes it as JSON and
// answers a small JSON object, as an intake would without its work.
func bareHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var in map[string]any
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10)).Decode(&in); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		io.WriteString(w, `{"code":"T000000000","secret":"00000000"}`)
	})
}

// intakeBodies makes n varied submissions as the public sends them: every
// category of the plan, both stages, complaints with a contact, reports
// with and without one, shop names, villages and descriptions of different
// lengths.
func intakeBodies(p *dajia.Plan, n int) [][]byte {
	cats := p.Categories()
	villages := []string{"胜隆社区", "群众社区", "石特社区", "港口社区", "下南村", "西街社区", "沙港社区", "大南村", "新沙村", "民主社区"}
	shops := []string{"某灯饰商行", "某五金店", "某母婴用品店", "某汽车配件行", "某服装档", "某家电城", "某建材店", "某农资店", "某玩具批发部", "某超市"}
	what := []string{
		"店里销售的台灯没有3C标志，使用一周后冒烟，怀疑是假冒产品。",
		"该商行大量销售假冒知名品牌的LED灯具，价格明显低于市场价，包装粗糙。",
		"购买的儿童玩具有刺鼻气味，标签上没有厂名厂址和执行标准，属于三无产品。",
		"汽车配件店把翻新的刹车片当作原厂新件销售，包装盒是自己印的。",
		"该档口销售的运动鞋是假冒某品牌的，鞋盒和吊牌印刷错误，发票也不给。",
		"农资店出售的化肥含量与包装标注严重不符，种下去的菜苗大面积发黄。",
		"小区附近有作坊在夜间生产电饭锅，没有任何标识，产品直接拉去批发市场。",
		"建材店销售的电线铜芯明显偏细，标注的规格与实物不符，怀疑是劣质产品。",
	}
	r := mrand.New(mrand.NewPCG(1, 2))
	out := make([][]byte, n)
	for i := range out {
		kind := "举报"
		if i%3 == 0 {
			kind = "投诉"
		}
		stage := dajia.StageSelling
		if i%4 == 0 {
			stage = dajia.StageMaking
		}
		sub := map[string]any{"kind": kind, "category": cats[r.IntN(len(cats))], "stage": stage, "online": i%7 == 0,
			"occurred_on": "", "description": what[r.IntN(len(what))] + strings.Repeat("现场照片已拍，可配合调查。", r.IntN(4)),
			"business": map[string]any{"name": shops[r.IntN(len(shops))], "address": fmt.Sprintf("港口镇某路 %d 号", 1+r.IntN(300)),
				"village": villages[r.IntN(len(villages))]}}
		if kind == "投诉" || i%2 == 0 {
			sub["contact"] = map[string]any{"name": "张三", "phone": fmt.Sprintf("138%08d", r.IntN(100000000))}
		}
		out[i], _ = json.Marshal(sub)
	}
	return out
}

// warmRun is a measurement with the answers of its warm-up counted apart,
// since those tips are stored too.
type warmRun struct {
	intakeRun
	warmAcked int64
}

func runIntakeRun(ctx context.Context, url string, bodies [][]byte, clients int, warm, dur time.Duration) (intakeRun, error) {
	r, err := runIntake(ctx, url, bodies, clients, warm, dur)
	return r.intakeRun, err
}

// runIntake posts bodies from clients goroutines, each over its own kept
// connection and from its own addresses (one per request, forwarded by the
// trusted proxy dajia is told it sits behind, so that the per-address limit
// does not stand in for the server's speed): first for warm, unmeasured,
// then for dur.
func runIntake(ctx context.Context, url string, bodies [][]byte, clients int, warm, dur time.Duration) (warmRun, error) {
	tr := &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients, DisableCompression: true}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	var (
		measuring atomic.Bool
		stop      atomic.Bool
		acked     [2]atomic.Int64 // warm-up, measured
		failed    atomic.Int64
		firstErr  atomic.Value
		seq       atomic.Uint32
		mu        sync.Mutex
		lat       []time.Duration
		wg        sync.WaitGroup
	)
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mine := make([]time.Duration, 0, 1<<14)
			for i := c; !stop.Load() && ctx.Err() == nil; i += clients {
				n := seq.Add(1)
				req, _ := http.NewRequestWithContext(ctx, "POST", url, bytes.NewReader(bodies[i%len(bodies)]))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.%d", byte(n>>16), byte(n>>8), byte(n)))
				m := measuring.Load()
				t0 := time.Now()
				resp, err := hc.Do(req)
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				took := time.Since(t0)
				switch {
				case err == nil && resp.StatusCode == http.StatusCreated:
					if m {
						acked[1].Add(1)
						mine = append(mine, took)
					} else {
						acked[0].Add(1)
					}
				default:
					failed.Add(1)
					if err == nil {
						err = fmt.Errorf("status %d", resp.StatusCode)
					}
					firstErr.CompareAndSwap(nil, err.Error())
				}
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}()
	}
	time.Sleep(warm)
	measuring.Store(true)
	t0, cpu0 := time.Now(), cpuTime()
	time.Sleep(dur)
	stop.Store(true)
	wg.Wait()
	elapsed, cpu := time.Since(t0), cpuTime()-cpu0
	out := warmRun{intakeRun: intakeRun{Clients: clients, Requests: acked[1].Load(), Failed: failed.Load(), Elapsed: elapsed, CPU: cpu}, warmAcked: acked[0].Load()}
	if len(lat) == 0 {
		return out, fmt.Errorf("bench intake: no request answered: %v", firstErr.Load())
	}
	if out.Failed > 0 {
		return out, errors.New("bench intake: " + fmt.Sprint(out.Failed) + " requests failed, the first: " + fmt.Sprint(firstErr.Load()))
	}
	slices.Sort(lat)
	out.P50, out.P99 = lat[len(lat)*50/100], lat[len(lat)*99/100]
	return out, nil
}
