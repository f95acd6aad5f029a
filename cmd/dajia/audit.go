package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"dajia"
	"dajia/locale"
	"dajia/store"
)

func (e *env) auditCmd(ctx context.Context, args []string) int {
	usage := func() int {
		fmt.Fprintln(e.stderr, e.t("用法：dajia audit verify [--since 检查点] | dajia audit purge"))
		return exitError
	}
	if len(args) == 0 || (args[0] != "verify" && args[0] != "purge") {
		return usage()
	}
	fs := flag.NewFlagSet("audit", flag.ContinueOnError)
	sinceText := fs.String("since", "", "")
	if pos, err := e.flags(fs, args[1:]); err != nil || len(pos) != 0 || (args[0] == "purge" && *sinceText != "") {
		return usage()
	}
	var since *store.Checkpoint
	if *sinceText != "" {
		cp, err := store.ParseCheckpoint(*sinceText)
		if err != nil {
			return e.fail(err)
		}
		since = &cp
	}
	db, _, err := e.open(ctx, false)
	if err != nil {
		return e.fail(err)
	}
	defer db.Close()
	if args[0] == "purge" {
		days, err := db.AuditRetentionDays(ctx)
		if err != nil {
			return e.fail(err)
		}
		if days == 0 {
			fmt.Fprintln(e.stdout, e.t("审计记录设为永久保存，没有清理"))
			return exitOK
		}
		n, err := db.PurgeAudit(ctx, e.actor())
		if err != nil {
			return e.fail(err)
		}
		fmt.Fprintf(e.stdout, e.t("已清理超过 %d 天的审计记录 %d 条\n"), days, n)
		return exitOK
	}
	c, err := db.CheckAudit(ctx, since)
	if err != nil {
		return e.fail(err)
	}
	if c.Break != nil {
		fmt.Fprintf(e.stdout, e.t("审计记录校验失败：%s（已核对 %d 条）\n"), locale.Error(e.lang, c.Break.Reason), c.Records)
		return exitError
	}
	fmt.Fprintf(e.stdout, e.t("审计记录完整：%d 条记录全部校验通过\n"), c.Records)
	if since != nil {
		if c.SincePurged {
			fmt.Fprintf(e.stdout, e.t("检查点第 %d 条已按保存期清理；清理后的起点校验通过，之后的记录没有被删除或改动\n"), since.Seq)
		} else {
			fmt.Fprintf(e.stdout, e.t("与检查点（第 %d 条）相符：检查点及之前的记录都在，没有被删除或替换\n"), since.Seq)
		}
	}
	if !c.Head.IsZero() {
		fmt.Fprintln(e.stdout, e.t("新的检查点（请抄存到本机以外，下次用 --since 核对）："))
		fmt.Fprintln(e.stdout, c.Head.String())
	}
	return exitOK
}

// logAuditCheckpoints writes a signed checkpoint of the audit trail to the
// log at start and then every interval, for the operator to keep off the
// machine; and deletes the address keys of past days.
func (e *env) logAuditCheckpoints(ctx context.Context, db *store.DB, every time.Duration) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		cp, brk, err := db.AuditCheckpoint(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			e.log.Error("audit checkpoint", "err", err)
		case brk != nil:
			e.log.Error("audit trail broken", "seq", brk.Seq, "reason", locale.Error(e.lang, brk.Reason))
		case err == nil && !cp.IsZero():
			e.log.Info("audit checkpoint", "checkpoint", cp.String())
		}
		if err := db.ForgetAddressKeys(ctx); err != nil && ctx.Err() == nil {
			e.log.Error("forget address keys", "err", locale.Error(e.lang, dajia.ErrorOf(err)))
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
