package store

import (
	"encoding/json"
	"fmt"
	"strconv"

	"dajia"
)

// phraseArg is one argument of a stored phrase, with its kind, so that a
// date or a name reads back as what it was and is worded in the reader's
// language.
type phraseArg struct {
	T string      `json:"t,omitempty"` // "" string, "int", "date", "text", "phrase"
	V string      `json:"v"`
	A []phraseArg `json:"a,omitempty"` // a phrase's own arguments
}

func encodeArgs(args []any) (string, error) {
	enc, err := encodeArgList(args)
	if err != nil {
		return "", err
	}
	b, err := json.Marshal(enc)
	return string(b), err
}

func encodeArgList(args []any) ([]phraseArg, error) {
	out := []phraseArg{}
	for _, a := range args {
		switch a := a.(type) {
		case string:
			out = append(out, phraseArg{V: a})
		case int:
			out = append(out, phraseArg{T: "int", V: strconv.Itoa(a)})
		case dajia.Date:
			out = append(out, phraseArg{T: "date", V: a.String()})
		case dajia.Text:
			out = append(out, phraseArg{T: "text", V: string(a)})
		case dajia.Phrase:
			inner, err := encodeArgList(a.Args)
			if err != nil {
				return nil, err
			}
			out = append(out, phraseArg{T: "phrase", V: a.Key, A: inner})
		default:
			return nil, fmt.Errorf("a phrase argument of type %T cannot be stored", a)
		}
	}
	return out, nil
}

func decodeArgs(s string) ([]any, error) {
	var in []phraseArg
	if err := json.Unmarshal([]byte(s), &in); err != nil {
		return nil, fmt.Errorf("stored phrase arguments %.40q: %w", s, err)
	}
	return decodeArgList(in)
}

func decodeArgList(in []phraseArg) ([]any, error) {
	var out []any
	for _, a := range in {
		switch a.T {
		case "":
			out = append(out, a.V)
		case "int":
			n, err := strconv.Atoi(a.V)
			if err != nil {
				return nil, fmt.Errorf("stored phrase argument %q: %w", a.V, err)
			}
			out = append(out, n)
		case "date":
			d, err := dajia.ParseDate(a.V)
			if err != nil {
				return nil, err
			}
			out = append(out, d)
		case "text":
			out = append(out, dajia.Text(a.V))
		case "phrase":
			args, err := decodeArgList(a.A)
			if err != nil {
				return nil, err
			}
			out = append(out, dajia.Phrase{Key: a.V, Args: args})
		default:
			return nil, fmt.Errorf("stored phrase argument of unknown kind %q", a.T)
		}
	}
	return out, nil
}
