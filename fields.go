package dajia

import (
	"fmt"
	"strings"
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
