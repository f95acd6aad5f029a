// Package calendar owns the official Chinese working-day calendar: weekends
// are off except make-up workdays (调休), public holidays are off. It embeds
// the State Council calendar for 2007–2026 and takes further years by import.
package calendar

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"time"

	"dajia"
)

//go:embed data/*.json
var embedded embed.FS

// Day is one exception to the Monday–Friday rule.
type Day struct {
	Name     string `json:"name"`
	Date     string `json:"date"`
	IsOffDay bool   `json:"isOffDay"`
}

// Year is one year of the calendar in the holiday-cn file format.
type Year struct {
	Year   int      `json:"year"`
	Papers []string `json:"papers"`
	Days   []Day    `json:"days"`
}

// Calendar answers working-day questions for the years it knows.
type Calendar struct {
	days map[dajia.Date]Day
	src  map[int]Year
	// shifts are the days that move the Monday–Friday count (a holiday
	// on a weekday, a make-up workday on a weekend), in order, and shifted
	// how far each moves it together with those before it: counting the
	// working days between two dates looks up two places in it.
	shifts  []dajia.Date
	shifted []int
}

// MaxFileSize bounds an imported calendar file; a real year is about 4 KB.
const MaxFileSize = 1 << 20

// Parse reads and checks one year in the holiday-cn format. Every date must
// lie in or next to the named year, appear once and be named.
func Parse(b []byte) (Year, error) {
	var y Year
	if len(b) > MaxFileSize {
		return y, dajia.Errorf(dajia.Invalid, "file", "日历文件过大（%d 字节，最多 %d 字节）", len(b), MaxFileSize)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		return y, dajia.Errorf(dajia.Invalid, "file", "日历文件不是有效的 JSON：%v", err)
	}
	if y.Year < 1949 || y.Year > 2200 {
		return y, dajia.Errorf(dajia.Invalid, "year", "年份 %d 不合理", y.Year)
	}
	if len(y.Papers) == 0 {
		return y, dajia.Errorf(dajia.Invalid, "papers", "缺少 papers：应注明所依据的国务院办公厅通知")
	}
	seen := map[string]bool{}
	for i, d := range y.Days {
		field := fmt.Sprintf("days[%d]", i)
		date, err := dajia.ParseDate(d.Date)
		if err != nil {
			return y, dajia.Errorf(dajia.Invalid, field+".date", "%q 不是 YYYY-MM-DD 形式的日期", d.Date)
		}
		if date.Year != y.Year && !(date.Year == y.Year-1 && date.Month == 12) && !(date.Year == y.Year+1 && date.Month == 1) {
			return y, dajia.Errorf(dajia.Invalid, field+".date", "日期 %s 不在 %d 年", d.Date, y.Year)
		}
		if seen[d.Date] {
			return y, dajia.Errorf(dajia.Invalid, field+".date", "日期 %s 重复出现", d.Date)
		}
		seen[d.Date] = true
		if d.Name == "" {
			return y, dajia.Errorf(dajia.Invalid, field+".name", "日期 %s 缺少节日名称", d.Date)
		}
	}
	return y, nil
}

// Embedded returns the calendar of the years shipped with dajia.
func Embedded() *Calendar {
	c := &Calendar{days: map[dajia.Date]Day{}, src: map[int]Year{}}
	files, err := fs.Glob(embedded, "data/*.json")
	if err != nil {
		panic(err) // the pattern is constant
	}
	for _, f := range files {
		b, _ := embedded.ReadFile(f)
		y, err := Parse(b)
		if err != nil {
			panic(fmt.Sprintf("embedded calendar %s: %v", f, err)) // caught by tests
		}
		c.Add(y)
	}
	return c
}

// Add puts a parsed year into the calendar, replacing that year if known.
func (c *Calendar) Add(y Year) {
	if old, ok := c.src[y.Year]; ok {
		for _, d := range old.Days {
			delete(c.days, dajia.MustDate(d.Date))
		}
	}
	for _, d := range y.Days {
		c.days[dajia.MustDate(d.Date)] = d
	}
	c.src[y.Year] = y
	c.shifts, c.shifted = nil, nil
	n := 0
	for _, d := range slices.SortedFunc(maps.Keys(c.days), dajia.Date.Compare) {
		weekday := d.Weekday() != time.Saturday && d.Weekday() != time.Sunday
		switch off := c.days[d].IsOffDay; {
		case weekday && off:
			n--
		case !weekday && !off:
			n++
		default:
			continue
		}
		c.shifts, c.shifted = append(c.shifts, d), append(c.shifted, n)
	}
}

// shiftThrough is how far the days of the calendar up to and including d
// move the Monday–Friday count.
func (c *Calendar) shiftThrough(d dajia.Date) int {
	i, found := slices.BinarySearchFunc(c.shifts, d, dajia.Date.Compare)
	if found {
		i++
	}
	if i == 0 {
		return 0
	}
	return c.shifted[i-1]
}

// Years lists the known years in order.
func (c *Calendar) Years() []int { return slices.Sorted(maps.Keys(c.src)) }

// Source returns a known year as it was loaded.
func (c *Calendar) Source(year int) (Year, bool) { y, ok := c.src[year]; return y, ok }

// ErrUnknownYear is the code-carrying error for a date with no calendar.
func unknownYear(year int) error {
	return dajia.Errorf(dajia.Invalid, "date", "没有 %d 年的法定节假日安排，无法计算工作日；请由管理员导入该年的国务院办公厅通知（dajia calendar import）", year)
}

// IsWorkday reports whether d is a working day.
func (c *Calendar) IsWorkday(d dajia.Date) (bool, error) {
	if _, ok := c.src[d.Year]; !ok {
		return false, unknownYear(d.Year)
	}
	if x, ok := c.days[d]; ok {
		return !x.IsOffDay, nil
	}
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday, nil
}

// Holiday returns the name of the holiday or make-up day on d, if any.
func (c *Calendar) Holiday(d dajia.Date) (Day, bool) {
	x, ok := c.days[d]
	return x, ok
}

// AddWorkdays returns the n-th working day after d (n ≥ 0; 0 gives d itself
// when it is a working day, else the next working day). This is how a legal
// deadline of "N working days" from receipt is counted: the day of receipt
// is not counted.
func (c *Calendar) AddWorkdays(d dajia.Date, n int) (dajia.Date, error) {
	if n < 0 {
		return dajia.Date{}, dajia.Errorf(dajia.Invalid, "n", "工作日数不能为负数")
	}
	cur := d
	if n == 0 {
		for {
			ok, err := c.IsWorkday(cur)
			if err != nil || ok {
				return cur, err
			}
			cur = cur.AddDays(1)
		}
	}
	for n > 0 {
		cur = cur.AddDays(1)
		ok, err := c.IsWorkday(cur)
		if err != nil {
			return dajia.Date{}, err
		}
		if ok {
			n--
		}
	}
	return cur, nil
}

// WorkdaysBetween counts the working days after from up to and including to;
// negative when to is before from. It counts Monday to Friday by
// arithmetic and the holidays and make-up days in between from running
// sums, so that a deadline years past costs no more than one a week past
// (a city's to-do counts how long each old case is overdue).
func (c *Calendar) WorkdaysBetween(from, to dajia.Date) (int, error) {
	sign := 1
	if to.Before(from) {
		from, to, sign = to, from, -1
	}
	if !from.Before(to) {
		return 0, nil
	}
	for y := from.AddDays(1).Year; y <= to.Year; y++ {
		if _, ok := c.src[y]; !ok {
			return 0, unknownYear(y)
		}
	}
	n := weekdaysThrough(to) - weekdaysThrough(from) + c.shiftThrough(to) - c.shiftThrough(from)
	return sign * n, nil
}

// weekdaysThrough counts the days Monday to Friday from a fixed Monday
// (5 January 1970) up to and including d; before it the count is
// negative, so that a difference of two counts is always right.
func weekdaysThrough(d dajia.Date) int {
	k := int(time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Unix()/86400) - 4 // days since that Monday
	q, r := k/7, k%7
	if r < 0 {
		q, r = q-1, r+7
	}
	return 5*q + min(r+1, 5)
}
