package dajia_test

import (
	"testing"

	"dajia"
	"dajia/calendar"
)

func TestCountdownSaysWorkingDays(t *testing.T) {
	cal := calendar.Embedded()
	d := func(s string) dajia.Date { return dajia.MustDate(s) }
	for _, tt := range []struct {
		name, today, due, want string
	}{
		{"ahead over a weekend", "2017-11-15", "2017-11-24", "还有 7 个工作日"},
		{"overdue", "2017-11-15", "2017-11-13", "已逾期 2 个工作日"},
		{"due today", "2017-11-15", "2017-11-15", "今天截止"},
		{"over the national day", "2017-09-29", "2017-10-09", "还有 2 个工作日"},
		{"overdue on a weekend only", "2017-11-19", "2017-11-17", "已逾期"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := dajia.CountdownTo(cal, d(tt.today), d(tt.due)).Phrase().String(); got != tt.want {
				t.Errorf("%s → %s: %q, want %q", tt.today, tt.due, got, tt.want)
			}
		})
	}
	if got := dajia.CountdownTo(nil, d("2017-11-15"), d("2017-11-24")).Phrase().String(); got != "" {
		t.Errorf("without a calendar: %q, want nothing rather than calendar days", got)
	}
}
