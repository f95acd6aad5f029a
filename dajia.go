// Package dajia is the domain of the anti-counterfeiting work platform: the
// plan and its campaigns, leads, phases and reporting rules, and the rules
// that act on them. It uses the standard library only: no SQL, no HTTP.
package dajia

import (
	"errors"
	"fmt"
	"time"
)

// Code classifies an error so that the web layer can choose a status code in
// one place and the domain never has to know about HTTP.
type Code string

const (
	Invalid      Code = "invalid"
	NotFound     Code = "not_found"
	Conflict     Code = "conflict"
	Forbidden    Code = "forbidden"
	Unauthorized Code = "unauthorized"
	Busy         Code = "busy"         // a bounded resource is taken: try again shortly
	TooMany      Code = "rate_limited" // too many attempts from one client: try again after a while
	Internal     Code = "internal"
)

// Error is a domain error: a code, a message that is safe to show (Chinese
// first, English beside it) and the field it concerns, if any.
type Error struct {
	Code    Code
	Field   string
	Message string // zh-CN
	English string // en; empty means "use Message"
	Err     error  // the cause, logged but never shown
	// RetryAfter says, for Busy and TooMany, when a new try may succeed;
	// zero leaves it to the caller.
	RetryAfter time.Duration
}

func (e *Error) Error() string {
	msg := e.Message
	if e.Field != "" {
		msg = e.Field + ": " + msg
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// Localized returns the message in lang ("zh" or "en").
func (e *Error) Localized(lang string) string {
	if lang == "en" && e.English != "" {
		return e.English
	}
	return e.Message
}

// Errorf builds an Error whose Chinese and English texts take the same args.
func Errorf(code Code, field, zh, en string, args ...any) *Error {
	return &Error{Code: code, Field: field, Message: fmt.Sprintf(zh, args...), English: fmt.Sprintf(en, args...)}
}

// ErrorCode returns the code of err, Internal for errors that carry none.
func ErrorCode(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// ErrorOf returns the domain error inside err, or a generic internal error
// that hides the cause.
func ErrorOf(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Code: Internal, Message: "系统内部错误，请稍后再试或联系管理员", English: "internal error; try again later or contact the administrator", Err: err}
}

// Clock gives the current time; injected everywhere so that a demo or a test
// can stand on any day of a plan year.
type Clock interface {
	Now() time.Time
}

// SystemClock is the wall clock.
type SystemClock struct{}

func (SystemClock) Now() time.Time { return time.Now() }

// FixedDayClock stands on one calendar day: the date is fixed, the time of day
// runs, so that ordering by time still works.
type FixedDayClock struct {
	Day Date
	Loc *time.Location
}

func (c FixedDayClock) Now() time.Time {
	loc := c.Loc
	if loc == nil {
		loc = ChinaTime
	}
	now := time.Now().In(loc)
	return time.Date(c.Day.Year, c.Day.Month, c.Day.Day, now.Hour(), now.Minute(), now.Second(), now.Nanosecond(), loc)
}

// ChinaTime is China Standard Time (UTC+8, no daylight saving). It is fixed
// here rather than loaded from the system zone database, which an intranet
// server may lack.
var ChinaTime = time.FixedZone("CST", 8*3600)

// Today is the civil date of now in China.
func Today(c Clock) Date { return DateOf(c.Now().In(ChinaTime)) }
