// Package dajia is the domain of the anti-counterfeiting work platform: the
// plan and its campaigns, leads, phases and reporting rules, and the rules
// that act on them. It uses the standard library only: no SQL, no HTTP.
package dajia

import (
	"errors"
	"fmt"
	"strings"
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

// Error is a domain error: a code, a message that is safe to show and the
// field it concerns, if any. Chinese is the source language: Message is the
// Chinese text, and Key with Args is what it was made from, the key of the
// catalogues of other languages (package locale).
type Error struct {
	Code    Code
	Field   string
	Message string // zh-CN, formatted
	Key     string // the Chinese format of Message; empty: Message is its own key
	Args    []any  // Key's arguments; a Text among them is translated too
	Err     error  // the cause, logged but never shown
	// RetryAfter says, for Busy and TooMany, when a new try may succeed;
	// zero leaves it to the caller.
	RetryAfter time.Duration
}

// Text is a Chinese text that is itself a catalogue key (a role's or a
// status's name): wherever it is shown or formatted into a message, the
// reader sees it in their language.
type Text string

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

// Errorf builds an Error from a Chinese format, the catalogue key.
func Errorf(code Code, field, format string, args ...any) *Error {
	return &Error{Code: code, Field: field, Message: fmt.Sprintf(format, args...), Key: format, Args: args}
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
	return &Error{Code: Internal, Message: "系统内部错误，请稍后再试或联系管理员", Err: err}
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

// nameIn is a code's name from its table; a code the table lacks is named
// by itself.
func nameIn[K ~string](names map[K]Text, k K) Text {
	if n, ok := names[k]; ok {
		return n
	}
	return Text(k)
}

// Phrase is a text made of a Chinese format, the catalogue key, and its
// arguments: worded in the reader's language where it is shown.
type Phrase struct {
	Key  string
	Args []any
}

// Phrasef makes a Phrase.
func Phrasef(format string, args ...any) Phrase { return Phrase{format, args} }

// String is the Chinese text: dates written the Chinese way, phrases
// among the arguments in Chinese too.
func (p Phrase) String() string {
	if len(p.Args) == 0 {
		return p.Key
	}
	args := make([]any, len(p.Args))
	for i, a := range p.Args {
		switch a := a.(type) {
		case Date:
			args[i] = a.Chinese()
		case Phrase:
			args[i] = a.String()
		default:
			args[i] = a
		}
	}
	return fmt.Sprintf(p.Key, args...)
}

// List is a list of names in a message: joined with "、" in Chinese and
// with the reader's separator in other languages.
type List []string

func (l List) String() string { return strings.Join(l, "、") }
