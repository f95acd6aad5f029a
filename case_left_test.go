package dajia_test

import (
	"testing"

	"dajia"
	"dajia/calendar"
)

func TestCaseDeadlineLeftCountsAsTheDeadlineIsCounted(t *testing.T) {
	cal := calendar.Embedded()
	for _, tt := range []struct {
		name       string
		what       dajia.CaseDue
		today, due string
		want       int
	}{
		{"the decision: days, holidays included", dajia.DueCaseDecide, "2017-09-29", "2017-10-09", 10},
		{"the decision on its last day", dajia.DueCaseDecide, "2017-10-09", "2017-10-09", 0},
		{"the decision two days late", dajia.DueCaseDecide, "2017-10-11", "2017-10-09", -2},
		{"the publication: working days, the make-up Saturday counts, National Day does not", dajia.DueCasePublish, "2017-09-29", "2017-10-10", 3},
		{"the publication on its last day", dajia.DueCasePublish, "2017-10-10", "2017-10-10", 0},
		{"the publication two working days late", dajia.DueCasePublish, "2017-10-12", "2017-10-10", -2},
		{"the publication late over a weekend", dajia.DueCasePublish, "2017-10-16", "2017-10-13", -1},
		{"the head's 3 days on the transfer", dajia.DueTransferDecide, "2017-09-30", "2017-10-09", 9},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.what.Left(dajia.MustDate(tt.today), dajia.MustDate(tt.due), cal)
			if err != nil || got != tt.want {
				t.Fatalf("Left = %d, %v; want %d", got, err, tt.want)
			}
		})
	}
	if !dajia.DueCasePublish.InWorkdays() || dajia.DueCaseDecide.InWorkdays() || dajia.DueTransferSend.InWorkdays() {
		t.Error("only the publication is counted in working days")
	}
}
