package web

import (
	"strings"

	"dajia/app"
)

// The review's filters of the lists its counts open, worded so that the
// list says which records it holds: "筛选：按期决定的线索".

// ReviewFilter words the clue list's review filter; "" when none.
func (d cluesPage) ReviewFilter() string {
	switch d.Q.Timely {
	case app.TimelyIn:
		return d.T("按期决定的线索")
	case app.TimelyLate:
		return d.T("超期决定或超期未决定的线索")
	case app.TimelyJudged:
		return d.T("已到期考核的线索")
	}
	return ""
}

// ReviewFilter words the case list's review filters; "" when none.
func (d casesPage) ReviewFilter() string {
	var parts []string
	if d.Q.Lead == "1" {
		parts = append(parts, d.T("本单位牵头"))
	}
	if d.Q.Concluded == "1" {
		parts = append(parts, d.T("已办结"))
	}
	switch d.Q.Transfer {
	case app.TimelyIn:
		parts = append(parts, d.T("按时移送"))
	case app.TimelyJudged:
		parts = append(parts, d.T("已到期考核的移送"))
	}
	return strings.Join(parts, d.T("、"))
}

// ReviewFilter words the action list's review filter; "" when none.
func (d actionsPage) ReviewFilter() string {
	if d.Q.Forced == "1" {
		return d.T("出动了力量的行动")
	}
	return ""
}
