package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"dajia"
	"dajia/locale"
	"dajia/planfile"
)

func (e *env) plan(ctx context.Context, args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(e.stderr, e.t("用法：dajia plan lint|import|export|show|list"))
		return exitError
	}
	switch args[0] {
	case "lint":
		return e.planLint(args[1:])
	case "import":
		return e.planImport(ctx, args[1:])
	case "export":
		return e.planExport(ctx, args[1:])
	case "show":
		return e.planShow(ctx, args[1:])
	case "list":
		return e.planList(ctx)
	}
	fmt.Fprintf(e.stderr, e.t("错误：未知的 plan 子命令 %q\n"), args[0])
	return exitError
}

// readFile reads a plan or calendar file, "-" meaning standard input, with a
// size limit so that a huge file is refused rather than read.
func (e *env) readFile(name string, limit int64) ([]byte, error) {
	var r io.Reader = e.stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, dajia.Errorf(dajia.Invalid, "file", "无法打开文件 %s：%v", name, err)
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, dajia.Errorf(dajia.Invalid, "file", "无法读取文件 %s：%v", name, err)
	}
	if int64(len(b)) > limit {
		return nil, dajia.Errorf(dajia.Invalid, "file", "文件 %s 过大（最多 %d 字节）", name, limit)
	}
	return b, nil
}

type lintReport struct {
	File     string        `json:"file"`
	Errors   int           `json:"errors"`
	Warnings int           `json:"warnings"`
	Infos    int           `json:"infos"`
	Findings []lintFinding `json:"findings"`
}

type lintFinding struct {
	planfile.Finding
	Message string `json:"message"`
}

func (e *env) planLint(args []string) int {
	fs := flag.NewFlagSet("plan lint", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "")
	strict := fs.Bool("strict", false, "")
	pos, err := e.flags(fs, args)
	if err != nil || len(pos) != 1 {
		fmt.Fprintln(e.stderr, e.t("用法：dajia plan lint FILE [--json] [--strict]"))
		return exitError
	}
	src, err := e.readFile(pos[0], planfile.MaxSize)
	if err != nil {
		return e.fail(err)
	}
	res := planfile.Check(src)
	if *asJSON {
		rep := lintReport{File: pos[0], Errors: res.Count(planfile.Error), Warnings: res.Count(planfile.Warning), Infos: res.Count(planfile.Info), Findings: []lintFinding{}}
		for _, f := range res.Findings {
			rep.Findings = append(rep.Findings, lintFinding{f, locale.Error(e.lang, f.Problem())})
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.Encode(rep)
	} else {
		for _, f := range res.Findings {
			fmt.Fprintf(e.stdout, "%s:%s\n", pos[0], f.Format(e.t))
		}
		fmt.Fprintf(e.stdout, e.t("%s：%d 个错误，%d 个警告，%d 个提示\n"),
			pos[0], res.Count(planfile.Error), res.Count(planfile.Warning), res.Count(planfile.Info))
	}
	switch {
	case res.HasErrors():
		return exitError
	case *strict && res.Count(planfile.Warning) > 0:
		return exitWarn
	}
	return exitOK
}

func (e *env) planImport(ctx context.Context, args []string) int {
	if len(args) != 1 {
		fmt.Fprintln(e.stderr, e.t("用法：dajia plan import FILE"))
		return exitError
	}
	src, err := e.readFile(args[0], planfile.MaxSize)
	if err != nil {
		return e.fail(err)
	}
	res := planfile.Check(src)
	for _, f := range res.Findings {
		fmt.Fprintf(e.stderr, "%s:%s\n", args[0], f.Format(e.t))
	}
	if res.HasErrors() {
		fmt.Fprintln(e.stderr, e.t("方案有错误，未导入；请按上面的提示修改后重试"))
		return exitError
	}
	db, cal, err := e.openStore(ctx)
	if err != nil {
		return e.fail(err)
	}
	defer db.Close()
	uc, err := e.app(db, cal)
	if err != nil {
		return e.fail(err)
	}
	out, err := db.ImportPlan(ctx, e.actor(), res.Plan, src)
	if err != nil {
		return e.fail(err)
	}
	if _, err := uc.EnsureObligations(ctx, e.actor(), out.Version.PlanID); err != nil {
		fmt.Fprintln(e.stderr, e.t("警告：")+locale.Error(e.lang, dajia.ErrorOf(err)))
	}
	v := out.Version
	switch {
	case out.Created:
		fmt.Fprintf(e.stdout, e.t("已导入方案 %s（第 %d 版）\n"), v.PlanID, v.Version)
	case out.Changed:
		fmt.Fprintf(e.stdout, e.t("方案 %s 内容有变化，已保存为第 %d 版；已有记录仍指向原版本\n"), v.PlanID, v.Version)
	default:
		fmt.Fprintf(e.stdout, e.t("方案 %s 没有变化（仍为第 %d 版）\n"), v.PlanID, v.Version)
	}
	return exitOK
}

func (e *env) planExport(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("plan export", flag.ContinueOnError)
	version := fs.Int("version", 0, "")
	pos, err := e.flags(fs, args)
	if err != nil || len(pos) != 1 {
		fmt.Fprintln(e.stderr, e.t("用法：dajia plan export ID [--version N]"))
		return exitError
	}
	db, _, err := e.openStore(ctx)
	if err != nil {
		return e.fail(err)
	}
	defer db.Close()
	v, err := db.PlanVersion(ctx, pos[0], *version)
	if err != nil {
		return e.fail(err)
	}
	b, err := planfile.Export(v.Plan)
	if err != nil {
		return e.fail(err)
	}
	e.stdout.Write(b)
	return exitOK
}

func (e *env) planShow(ctx context.Context, args []string) int {
	if len(args) != 1 {
		fmt.Fprintln(e.stderr, e.t("用法：dajia plan show ID"))
		return exitError
	}
	db, _, err := e.openStore(ctx)
	if err != nil {
		return e.fail(err)
	}
	defer db.Close()
	v, err := db.Plan(ctx, args[0])
	if err != nil {
		return e.fail(err)
	}
	p := v.Plan
	w := e.stdout
	fmt.Fprintf(w, "%s\n%s  %s  %s\n", p.Title, p.Document.Number, p.Document.Issuer, p.Document.IssuedOn)
	fmt.Fprintf(w, e.t("版本：%d，导入于 %s\n\n"), v.Version, v.ImportedAt.In(dajia.ChinaTime).Format("2006-01-02 15:04"))
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, e.t("编号\t专项\t牵头\t配合"))
	for _, c := range p.Campaigns {
		var leads []string
		for _, l := range c.Lead {
			s := p.DisplayName(l.Dept)
			if l.Scope != "" {
				s += "(" + l.Scope + ")"
			}
			leads = append(leads, s)
		}
		var sup []string
		for _, s := range c.Support {
			sup = append(sup, p.DisplayName(s))
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", c.No, c.Name, strings.Join(leads, "、"), strings.Join(sup, "、"))
	}
	tw.Flush()
	if len(p.Phases) > 0 {
		fmt.Fprintln(w)
		for _, ph := range p.Phases {
			fmt.Fprintf(w, "%s  %s — %s\n", ph.Name, ph.Start, ph.End)
		}
	}
	// The keys are what user add --unit takes.
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, e.t("键\t部门或单位"))
	for _, r := range p.Refs() {
		fmt.Fprintf(tw, "%s\t%s\n", r.Unit.Key, r.Unit.Name)
	}
	tw.Flush()
	return exitOK
}

func (e *env) planList(ctx context.Context) int {
	db, _, err := e.openStore(ctx)
	if err != nil {
		return e.fail(err)
	}
	defer db.Close()
	plans, err := db.Plans(ctx)
	if err != nil {
		return e.fail(err)
	}
	tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, e.t("ID\t年度\t版本\t标题"))
	for _, p := range plans {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\n", p.ID, p.Year, p.Version, p.Title)
	}
	tw.Flush()
	return exitOK
}
