// Package locale is dajia's one translation mechanism. Chinese is the
// source language and its texts are the keys: code writes Chinese (a page
// text, an error's format), and a catalogue per other language, embedded
// beside this file (en.json), maps each key to its translation. Pages, API
// errors and the command line all translate through Text. A key missing
// from a catalogue shows in Chinese; a test keeps the catalogues complete.
package locale

import (
	"embed"
	"encoding/json"
	"fmt"
	"strings"

	"dajia"
)

//go:embed *.json
var files embed.FS

// Languages are the languages dajia speaks, the source first.
var Languages = []string{"zh", "en"}

// catalogues are read once, at start: they are data, like the templates.
var catalogues = func() map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, lang := range Languages[1:] {
		b, err := files.ReadFile(lang + ".json")
		if err != nil {
			panic(err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			panic(fmt.Sprintf("locale/%s.json: %v", lang, err))
		}
		out[lang] = m
	}
	return out
}()

// Supported reports whether lang is one of Languages.
func Supported(lang string) bool { return lang == "zh" || catalogues[lang] != nil }

// Has reports whether lang's catalogue translates key; Chinese has every
// key.
func Has(lang, key string) bool {
	if lang == "zh" {
		return true
	}
	_, ok := catalogues[lang][key]
	return ok
}

// Keys lists the keys of lang's catalogue, for tests.
func Keys(lang string) []string {
	var out []string
	for k := range catalogues[lang] {
		out = append(out, k)
	}
	return out
}

// Text translates key into lang and formats it with args. Arguments that
// are texts themselves are translated too: a dajia.Text, a *dajia.Error, a
// dajia.List (joined the language's way).
func Text(lang, key string, args ...any) string {
	format := key
	if t, ok := catalogues[lang][key]; ok {
		format = t
	}
	if len(args) == 0 {
		return format
	}
	args = clone(args)
	for i, a := range args {
		switch a := a.(type) {
		case dajia.Text:
			args[i] = Text(lang, string(a))
		case *dajia.Error:
			args[i] = Error(lang, a)
		case dajia.Phrase:
			args[i] = Phrase(lang, a)
		case dajia.Date:
			if lang == "zh" {
				args[i] = a.Chinese()
			}
		case dajia.List:
			if lang != "zh" {
				args[i] = strings.Join(a, ", ")
			}
		}
	}
	return fmt.Sprintf(format, args...)
}

// Phrase is a phrase in lang.
func Phrase(lang string, p dajia.Phrase) string { return Text(lang, p.Key, p.Args...) }

// Error is a domain error's message in lang.
func Error(lang string, e *dajia.Error) string {
	if e.Key == "" {
		return Text(lang, e.Message)
	}
	return Text(lang, e.Key, e.Args...)
}

// Field is a field error's message in lang.
func Field(lang string, f dajia.FieldError) string {
	if f.Key == "" {
		return Text(lang, f.Message)
	}
	return Text(lang, f.Key, f.Args...)
}

// clone keeps Text from rewriting its caller's arguments.
func clone(args []any) []any { return append([]any(nil), args...) }
