package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"

	"dajia"
	"dajia/locale"
	"dajia/remind"
	"dajia/secret"
	"dajia/store"
	"dajia/web"
)

func (e *env) serve(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8080", "")
	secure := fs.Bool("secure-cookies", false, "")
	trustProxy := fs.Bool("trust-proxy", false, "")
	baseURL := fs.String("base-url", "", "")
	smtpAddr := fs.String("smtp-addr", "", "")
	smtpFrom := fs.String("smtp-from", "", "")
	smtpUser := fs.String("smtp-user", "", "")
	remindDays := fs.Int("remind-days", 3, "")
	sqliteSync := fs.String("sqlite-sync", store.SyncFull, "")
	demoFlag := fs.Bool("demo", false, "")
	demoVolume := fs.Float64("demo-volume", 1, "") // for tests: a smaller demo year
	if _, err := e.flags(fs, args); err != nil {
		return e.fail(fmt.Errorf("serve: %w", err))
	}
	if *sqliteSync != store.SyncFull && *sqliteSync != store.SyncNormal {
		return e.fail(dajia.Errorf(dajia.Invalid, "sqlite-sync", "--sqlite-sync 应为 full 或 normal，而不是 %q", *sqliteSync))
	}
	if *demoFlag {
		if code := e.prepareDemo(ctx, *demoVolume); code != exitOK {
			return code
		}
	}
	e.sync = *sqliteSync
	db, cal, err := e.openStore(ctx)
	if err != nil {
		return e.fail(err)
	}
	defer db.Close()
	uc, err := e.app(db, cal)
	if err != nil {
		return e.fail(err)
	}
	if plans, err := db.Plans(ctx); err == nil {
		for _, p := range plans {
			if _, err := uc.EnsureObligations(ctx, dajia.SystemActor(), p.ID); err != nil {
				e.log.Warn("reports of a plan cannot be laid out", "plan", p.ID, "err", locale.Error(e.lang, dajia.ErrorOf(err)))
			}
		}
	}
	hasher := secret.DefaultHasher()
	pw := secret.RandomPassword()
	created, err := db.EnsureFirstAdmin(ctx, "admin", hasher.Hash(pw))
	if err != nil {
		return e.fail(err)
	}
	if created {
		fmt.Fprintf(e.stdout, e.t("首次启动：已创建系统管理员账号 admin，初始密码 %s\n（只显示这一次；首次登录后须修改）\n"), pw)
	}
	srv, err := web.New(web.Config{App: uc, Log: e.log, Lang: e.lang, Hasher: hasher, SecureCookies: *secure, TrustProxy: *trustProxy})
	if err != nil {
		return e.fail(err)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return e.fail(err)
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10}
	url := "http://" + ln.Addr().String() + "/"
	if *baseURL == "" {
		*baseURL = url
	}
	host, err := os.Hostname()
	if err != nil {
		// The owner only tells this process's claims on the outbox from
		// another's; the process id still does within one host.
		e.log.Warn("no host name for the outbox owner", "err", err)
		host = "localhost"
	}
	rem, err := remind.New(remind.Config{App: uc, DB: db, Clock: e.clock, Log: e.log, BaseURL: *baseURL, DaysBefore: *remindDays,
		Owner: fmt.Sprintf("%s/%d", host, os.Getpid()),
		SMTP:  remind.SMTP{Addr: *smtpAddr, From: *smtpFrom, User: *smtpUser, Password: os.Getenv("DAJIA_SMTP_PASSWORD")}})
	if err != nil {
		return e.fail(err)
	}
	go rem.Run(ctx, time.Minute)
	go e.logAuditCheckpoints(ctx, db, time.Hour)
	fmt.Fprintf(e.stdout, e.t("dajia 已启动：%s（数据库 %s，%s，今天 %s）\n"),
		url, db.Dialect(), e.db, dajia.Today(e.clock))
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			return e.fail(err)
		}
	case <-ctx.Done():
		shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		hs.Shutdown(shut)
	}
	return exitOK
}
