package dajia

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// FieldError is a validation failure of one field; Message, Key and Args
// as in Error.
type FieldError struct {
	Field   string `json:"field"`
	Rule    string `json:"rule"`
	Message string `json:"message"`
	Key     string `json:"-"`
	Args    []any  `json:"-"`
}

// FieldErrorf builds a FieldError from a Chinese format, the catalogue key.
func FieldErrorf(field, rule, format string, args ...any) FieldError {
	return FieldError{Field: field, Rule: rule, Message: fmt.Sprintf(format, args...), Key: format, Args: args}
}

// Problem is the field error as a domain error, for translation.
func (f FieldError) Problem() *Error {
	return &Error{Code: Invalid, Field: f.Field, Message: f.Message, Key: f.Key, Args: f.Args}
}

// FieldErrors is an invalid input with every field's problem, not only the
// first: a form marks each field, the API lists them all. It is an Invalid
// error whose message is the first problem and how many more there are.
type FieldErrors []FieldError

func (fe FieldErrors) Error() string {
	var parts []string
	for _, f := range fe {
		parts = append(parts, f.Field+": "+f.Message)
	}
	return strings.Join(parts, "; ")
}

// Unwrap is the summary as a domain error, so that ErrorCode and ErrorOf
// see an Invalid error.
func (fe FieldErrors) Unwrap() error {
	if len(fe) == 0 {
		return Errorf(Invalid, "", "输入有误")
	}
	e := fe[0].Problem()
	if len(fe) > 1 {
		return Errorf(Invalid, e.Field, "%s（另有 %d 处问题）", e, len(fe)-1)
	}
	return e
}

// Readable reports whether s is valid UTF-8 without control characters
// other than line breaks and tabs: what no form sends, and what PostgreSQL
// will not store (NUL).
func Readable(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsFunc(s, func(r rune) bool { return (r < 0x20 && r != '\n' && r != '\r' && r != '\t') || r == 0x7f })
}

// unreadable adds an error for each named text that is not Readable.
func unreadable(errs *[]FieldError, texts ...any) {
	for i := 0; i+1 < len(texts); i += 2 {
		field := texts[i].(string)
		var vs []string
		switch v := texts[i+1].(type) {
		case string:
			vs = []string{v}
		case []string:
			vs = v
		}
		for _, v := range vs {
			if !Readable(v) {
				*errs = append(*errs, FieldErrorf(field, "invalid", "内容含有无法识别的字符"))
				break
			}
		}
	}
}
