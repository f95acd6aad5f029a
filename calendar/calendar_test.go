package calendar_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"dajia"
	"dajia/calendar"
)

func d(s string) dajia.Date { return dajia.MustDate(s) }

func TestEmbeddedCalendarCovers2007To2026(t *testing.T) {
	ys := calendar.Embedded().Years()
	if len(ys) != 20 || ys[0] != 2007 || ys[len(ys)-1] != 2026 {
		t.Fatalf("years = %v", ys)
	}
}

func TestKnownWorkdaysAndHolidays(t *testing.T) {
	cal := calendar.Embedded()
	tests := []struct {
		day     string
		workday bool
		why     string
	}{
		{"2017-01-22", true, "Sunday make-up workday before Spring Festival 2017"},
		{"2017-02-04", true, "Saturday make-up workday after Spring Festival 2017"},
		{"2017-09-30", true, "Saturday make-up workday before National Day 2017"},
		{"2017-10-04", false, "Mid-Autumn and National Day 2017"},
		{"2017-10-09", true, "first Monday after the 2017 break"},
		{"2017-10-14", false, "an ordinary Saturday"},
		{"2017-10-16", true, "an ordinary Monday"},
		{"2018-02-11", true, "Sunday make-up workday 2018"},
		{"2018-12-29", true, "Saturday make-up workday for New Year 2019, listed in the 2019 file"},
		{"2019-04-28", true, "Sunday make-up workday before Labour Day 2019"},
		{"2019-05-03", false, "Labour Day 2019 (extended)"},
		{"2020-01-19", true, "Sunday make-up workday 2020"},
		{"2020-01-31", false, "Spring Festival 2020 extended"},
		{"2020-02-03", true, "explicit workday after the 2020 extension"},
		{"2023-04-23", true, "Sunday make-up workday 2023"},
		{"2024-02-04", true, "Sunday make-up workday 2024"},
		{"2024-02-18", true, "Sunday make-up workday 2024"},
		{"2024-02-16", false, "Spring Festival 2024"},
		{"2025-01-26", true, "Sunday make-up workday 2025"},
		{"2025-10-08", false, "National Day 2025"},
		{"2025-10-11", true, "Saturday make-up workday 2025"},
		{"2026-01-01", false, "New Year 2026"},
	}
	for _, tt := range tests {
		t.Run(tt.day, func(t *testing.T) {
			got, err := cal.IsWorkday(d(tt.day))
			if err != nil {
				t.Fatalf("%s: %v", tt.day, err)
			}
			if got != tt.workday {
				t.Errorf("%s workday=%v, want %v (%s)", tt.day, got, tt.workday, tt.why)
			}
		})
	}
}

func TestAddWorkdaysAcrossNationalDay2017(t *testing.T) {
	cal := calendar.Embedded()
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2017-09-29", 1, "2017-09-30"},  // the make-up Saturday counts
		{"2017-09-29", 2, "2017-10-09"},  // the break does not
		{"2017-09-29", 5, "2017-10-12"},  // a named tipster is told within 5 working days
		{"2017-09-29", 7, "2017-10-16"},  // a complaint is accepted within 7 working days
		{"2017-09-29", 15, "2017-10-26"}, // a report is decided within 15 working days
		{"2017-10-01", 0, "2017-10-09"},  // day 0 on a holiday is the next workday
		{"2017-10-10", 0, "2017-10-10"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s+%d", tt.from, tt.n), func(t *testing.T) {
			got, err := cal.AddWorkdays(d(tt.from), tt.n)
			if err != nil || got.String() != tt.want {
				t.Errorf("%s + %d workdays = %s, %v; want %s", tt.from, tt.n, got, err, tt.want)
			}
		})
	}
	if _, err := cal.AddWorkdays(d("2017-09-29"), -1); err == nil {
		t.Error("negative count accepted")
	}
}

func TestWorkdaysBetween(t *testing.T) {
	cal := calendar.Embedded()
	for _, tt := range []struct {
		a, b string
		n    int
	}{
		{"2017-09-29", "2017-10-26", 15}, {"2017-10-26", "2017-09-29", -15}, {"2017-10-09", "2017-10-09", 0}, {"2017-09-30", "2017-10-08", 0},
	} {
		t.Run(tt.a+".."+tt.b, func(t *testing.T) {
			got, err := cal.WorkdaysBetween(d(tt.a), d(tt.b))
			if err != nil || got != tt.n {
				t.Errorf("workdays %s..%s = %d, %v; want %d", tt.a, tt.b, got, err, tt.n)
			}
		})
	}
}

func TestDateInYearWithoutCalendarNamesTheYear(t *testing.T) {
	cal := calendar.Embedded()
	_, err := cal.IsWorkday(d("2027-03-01"))
	if err == nil || !strings.Contains(dajia.ErrorOf(err).Message, "2027") {
		t.Fatalf("err = %v, want one naming 2027", err)
	}
	_, err = cal.AddWorkdays(d("2026-12-28"), 10)
	if err == nil || !strings.Contains(err.Error(), "2027") {
		t.Fatalf("counting into 2027 must fail naming 2027, got %v", err)
	}
}

const year2027 = `{"year": 2027, "papers": ["http://www.gov.cn/example"], "days": [
 {"name": "元旦", "date": "2027-01-01", "isOffDay": true},
 {"name": "春节", "date": "2027-02-06", "isOffDay": false}]}`

func TestImportedYearIsUsed(t *testing.T) {
	cal := calendar.Embedded()
	y, err := calendar.Parse([]byte(year2027))
	if err != nil {
		t.Fatal(err)
	}
	cal.Add(y)
	if ok, err := cal.IsWorkday(d("2027-01-01")); err != nil || ok {
		t.Fatalf("2027-01-01: %v %v", ok, err)
	}
	if ok, err := cal.IsWorkday(d("2027-02-06")); err != nil || !ok {
		t.Fatalf("2027-02-06 (Saturday make-up): %v %v", ok, err)
	}
	if ok, _ := cal.IsWorkday(d("2027-01-04")); !ok {
		t.Fatal("an ordinary Monday of an imported year is a workday")
	}
}

func TestParseRefusesBadCalendarFiles(t *testing.T) {
	tests := map[string]string{
		"not json":        `{"year": 2027,`,
		"no papers":       `{"year": 2027, "papers": [], "days": []}`,
		"bad date":        `{"year": 2027, "papers": ["x"], "days": [{"name": "元旦", "date": "2027-13-01", "isOffDay": true}]}`,
		"wrong year":      `{"year": 2027, "papers": ["x"], "days": [{"name": "元旦", "date": "2025-06-01", "isOffDay": true}]}`,
		"duplicate date":  `{"year": 2027, "papers": ["x"], "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": true}, {"name": "元旦", "date": "2027-01-01", "isOffDay": true}]}`,
		"no name":         `{"year": 2027, "papers": ["x"], "days": [{"name": "", "date": "2027-01-01", "isOffDay": true}]}`,
		"absurd year":     `{"year": 99999, "papers": ["x"], "days": []}`,
		"oversized input": `{"year": 2027, "papers": ["` + strings.Repeat("x", calendar.MaxFileSize) + `"], "days": []}`,
	}
	for name, src := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := calendar.Parse([]byte(src))
			if err == nil || dajia.ErrorCode(err) != dajia.Invalid {
				t.Fatalf("err = %v, want invalid", err)
			}
		})
	}
}

// workdaysByDay is the count WorkdaysBetween must agree with: every day
// asked in turn.
func workdaysByDay(cal *calendar.Calendar, from, to dajia.Date) (int, error) {
	sign := 1
	if to.Before(from) {
		from, to, sign = to, from, -1
	}
	n := 0
	for x := from.AddDays(1); !x.After(to); x = x.AddDays(1) {
		ok, err := cal.IsWorkday(x)
		if err != nil {
			return 0, err
		}
		if ok {
			n++
		}
	}
	return sign * n, nil
}

// The count of a long span (an old case overdue for years) is arithmetic,
// not a walk: it must be the walk's count for every span, across holidays,
// make-up workdays, weekends, year ends and unknown years.
func TestWorkdaysBetweenCountsAsTheDayByDayWalk(t *testing.T) {
	cal := calendar.Embedded()
	years := cal.Years()
	first, last := d(fmt.Sprintf("%d-01-01", years[0])), d(fmt.Sprintf("%d-12-31", years[len(years)-1]))
	rng := rand.New(rand.NewPCG(15, 41))
	span := first.DaysUntil(last)
	check := func(a, b dajia.Date) {
		t.Helper()
		got, err := cal.WorkdaysBetween(a, b)
		want, werr := workdaysByDay(cal, a, b)
		if got != want || (err == nil) != (werr == nil) || (err != nil && err.Error() != werr.Error()) {
			t.Fatalf("workdays %s..%s = %d, %v; the walk counts %d, %v", a, b, got, err, want, werr)
		}
	}
	for range 3000 {
		a := first.AddDays(rng.IntN(span + 1))
		check(a, a.AddDays(rng.IntN(40)-20))      // a week or two either way
		check(a, first.AddDays(rng.IntN(span+1))) // up to the whole calendar
	}
	for _, y := range years { // around every new year and spring festival
		for _, md := range []string{"-01-01", "-02-01", "-10-01", "-12-31"} {
			a := d(fmt.Sprint(y) + md)
			for k := -12; k <= 12; k++ {
				check(a, a.AddDays(k))
				check(a.AddDays(k), a.AddDays(3*k))
			}
		}
	}
	// Past the known years: an error naming the first unknown year, as
	// the walk gives.
	check(last.AddDays(-5), last.AddDays(400))
	check(first.AddDays(3), first.AddDays(-3))
	check(last, last)
}
