package dajia

// Countdown is a legal clock as people read it: its due date and the
// working days left, negative for the working days overdue. Most legal
// clocks run in working days; the few set in days (a case's 90 days, the
// 3 days of a transfer decision, whose last day only moves off a rest day)
// count days and say so (Days).
type Countdown struct {
	Due     Date
	Left    int  // working days (or days) after today up to Due; negative: after Due up to today
	Overdue bool // today is after Due
	Today   bool // Due is today
	Unknown bool // the calendar does not know the days between
	Days    bool // Left counts calendar days: the period is set in days
}

// CountdownDays counts the days from today to due, for a period set in
// days.
func CountdownDays(today, due Date) Countdown {
	c := Countdown{Due: due, Overdue: today.After(due), Today: today == due, Days: true}
	if due.IsZero() {
		c.Unknown = true
		return c
	}
	c.Left = today.DaysUntil(due)
	return c
}

// CountdownTo counts the working days from today to due on cal. When the
// calendar lacks a year the countdown still says whether due has passed.
func CountdownTo(cal Workdays, today, due Date) Countdown {
	c := Countdown{Due: due, Overdue: today.After(due), Today: today == due}
	if cal == nil || due.IsZero() {
		c.Unknown = true
		return c
	}
	var n int
	var err error
	if c.Overdue {
		n, err = workdaysBetween(cal, due, today)
		n = -n
	} else {
		n, err = workdaysBetween(cal, today, due)
	}
	if err != nil {
		c.Unknown = true
		return c
	}
	c.Left = n
	return c
}

// Phrase words the countdown: "还有 7 个工作日", "已逾期 2 个工作日",
// "今天截止".
func (c Countdown) Phrase() Phrase {
	switch {
	case c.Due.IsZero():
		return Phrase{}
	case c.Today:
		return Phrase{Key: "今天截止"}
	case c.Overdue && c.Left < 0 && c.Days:
		return Phrasef("已逾期 %d 天", -c.Left)
	case c.Overdue && c.Left < 0:
		return Phrasef("已逾期 %d 个工作日", -c.Left)
	case c.Overdue:
		return Phrase{Key: "已逾期"}
	case c.Unknown:
		return Phrase{}
	case c.Left == 0:
		return Phrase{Key: "截止前已没有工作日"}
	}
	if c.Days {
		return Phrasef("还有 %d 天", c.Left)
	}
	return Phrasef("还有 %d 个工作日", c.Left)
}
