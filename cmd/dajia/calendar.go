package main

import (
	"context"
	"fmt"

	"dajia/calendar"
)

func (e *env) calendarCmd(ctx context.Context, args []string) int {
	switch {
	case len(args) == 2 && args[0] == "import":
		b, err := e.readFile(args[1], calendar.MaxFileSize)
		if err != nil {
			return e.fail(err)
		}
		y, err := calendar.Parse(b)
		if err != nil {
			return e.fail(err)
		}
		db, _, err := e.openStore(ctx)
		if err != nil {
			return e.fail(err)
		}
		defer db.Close()
		if err := db.SaveCalendarYear(ctx, e.actor(), y.Year, b); err != nil {
			return e.fail(err)
		}
		fmt.Fprintf(e.stdout, e.t("已导入 %d 年的法定节假日安排（%d 个调整日）\n"), y.Year, len(y.Days))
		return exitOK
	case len(args) == 1 && args[0] == "list":
		_, cal, err := e.openStore(ctx)
		if err != nil {
			return e.fail(err)
		}
		for _, y := range cal.Years() {
			fmt.Fprintln(e.stdout, y)
		}
		return exitOK
	}
	fmt.Fprintln(e.stderr, e.t("用法：dajia calendar import FILE | dajia calendar list"))
	return exitError
}
