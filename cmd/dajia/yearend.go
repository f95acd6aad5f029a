package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"dajia/app"
	"dajia/yearend"
)

// yearendCmd writes the year-end summary (.docx) or the year's figures
// (.xlsx, by the file's extension) through the same use case as the
// office's page: dajia yearend --plan ID --out FILE.
func (e *env) yearendCmd(ctx context.Context, args []string) int {
	usage := func() int {
		fmt.Fprintln(e.stderr, e.t("用法：dajia yearend --plan ID --out 文件.docx|文件.xlsx [--number 发文字号] [--issued-on YYYY-MM-DD] [--problems 文件] [--next-steps 文件]"))
		return exitError
	}
	fs := flag.NewFlagSet("yearend", flag.ContinueOnError)
	plan := fs.String("plan", "", "")
	out := fs.String("out", "", "")
	number := fs.String("number", "", "")
	issued := fs.String("issued-on", "", "")
	problems := fs.String("problems", "", "")
	next := fs.String("next-steps", "", "")
	pos, err := e.flags(fs, args)
	format := strings.TrimPrefix(strings.ToLower(filepath.Ext(*out)), ".")
	if err != nil || len(pos) != 0 || *plan == "" || (format != "docx" && format != "xlsx") {
		return usage()
	}
	in := app.YearEndInput{PlanID: *plan, Format: format, Number: *number, IssuedOn: *issued}
	for _, f := range []struct {
		name string
		to   *string
	}{{*problems, &in.Problems}, {*next, &in.NextSteps}} {
		if f.name == "" {
			continue
		}
		b, err := e.readFile(f.name, 64<<10)
		if err != nil {
			return e.fail(err)
		}
		*f.to = string(b)
	}
	db, cal, err := e.openStore(ctx)
	if err != nil {
		return e.fail(err)
	}
	defer db.Close()
	a, err := e.app(db, cal)
	if err != nil {
		return e.fail(err)
	}
	y, err := a.YearEnd(ctx, e.actor(), in)
	if err != nil {
		return e.fail(err)
	}
	var b bytes.Buffer
	if format == "xlsx" {
		err = yearend.WriteXLSX(&b, y)
	} else {
		err = yearend.WriteDOCX(&b, y, e.clock.Now())
	}
	if err == nil {
		err = os.WriteFile(*out, b.Bytes(), 0o644)
	}
	if err != nil {
		return e.fail(err)
	}
	fmt.Fprintf(e.stdout, e.t("已写入 %s\n"), *out)
	return exitOK
}
