package dajia

import (
	"fmt"
	"strings"
)

// FieldError is a validation failure of one field.
type FieldError struct {
	Field   string `json:"field"`
	Rule    string `json:"rule"`
	Message string `json:"message"`
	English string `json:"-"`
}

// Localized returns the message in lang ("zh" or "en").
func (f FieldError) Localized(lang string) string {
	if lang == "en" && f.English != "" {
		return f.English
	}
	return f.Message
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
		return Errorf(Invalid, "", "输入有误", "invalid input")
	}
	e := &Error{Code: Invalid, Field: fe[0].Field, Message: fe[0].Message, English: fe[0].English}
	if len(fe) > 1 {
		e.Message += fmt.Sprintf("（另有 %d 处问题）", len(fe)-1)
		if e.English == "" {
			e.English = fe[0].Message
		}
		e.English += fmt.Sprintf(" (and %d more)", len(fe)-1)
	}
	return e
}
