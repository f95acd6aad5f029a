package dajia

import (
	"strings"
	"unicode/utf8"
)

// SearchKind is a kind of record one search over every plan finds.
type SearchKind string

const (
	SearchTips     SearchKind = "tips"
	SearchClues    SearchKind = "clues"
	SearchCases    SearchKind = "cases"
	SearchEntities SearchKind = "entities"
)

// SearchKinds are the kinds a search finds, in the order it shows them.
var SearchKinds = []SearchKind{SearchTips, SearchClues, SearchCases, SearchEntities}

// Name is the kind's name in the plan's words.
func (k SearchKind) Name() Text {
	switch k {
	case SearchTips:
		return "举报投诉"
	case SearchClues:
		return "线索"
	case SearchCases:
		return "案件"
	case SearchEntities:
		return "市场主体"
	}
	return Text(k)
}

// ParseSearchKind reads a search's kind; "" is every kind.
func ParseSearchKind(s string) (SearchKind, error) {
	if s == "" {
		return "", nil
	}
	for _, k := range SearchKinds {
		if string(k) == s {
			return k, nil
		}
	}
	return "", Errorf(Invalid, "kind", "搜索类别应为 tips、clues、cases 或 entities，不能是“%s”", Clip(s, 20))
}

// Bounds of a search over every plan: a term of a few words a person
// types, and a page of hits a person reads.
const (
	MaxSearchRunes = 50
	MaxSearchLimit = 50
)

// SearchWords checks a search term and splits it into its words: 1 to
// MaxSearchRunes characters once trimmed, at most MaxTipSearchWords words.
// Each word is a condition the record's text must meet, as the tips list
// searches (field "q").
func SearchWords(q string) ([]string, error) {
	q = strings.TrimSpace(q)
	if q == "" {
		return nil, Errorf(Invalid, "q", "请输入要搜索的词")
	}
	if n := utf8.RuneCountInString(q); n > MaxSearchRunes {
		return nil, Errorf(Invalid, "q", "搜索内容最多 %d 个字（现有 %d 个）", MaxSearchRunes, n)
	}
	words, err := TipSearchWords(q)
	if err != nil {
		return nil, err
	}
	if len(words) == 0 {
		return nil, Errorf(Invalid, "q", "请输入要搜索的词")
	}
	return words, nil
}

// Clip cuts s to at most n characters, with "…" when it was longer.
func Clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// SnippetPart is a piece of a snippet: a found word (Mark) or the text
// around it.
type SnippetPart struct {
	Text string
	Mark bool
}

// Snippet is the part of text around the first of words found in it, at
// most about width characters, with every found word marked; the
// beginning of text when none is found. Letters are compared as the
// database's LIKE compares them on SQLite: ASCII letters in either case.
func Snippet(text string, words []string, width int) []SnippetPart {
	rs := []rune(text)
	var ws [][]rune
	for _, w := range words {
		if w != "" {
			ws = append(ws, []rune(w))
		}
	}
	at := func(i int) int { // the length of a word found at i, 0 if none
		best := 0
		for _, w := range ws {
			if len(w) > best && i+len(w) <= len(rs) && runesFold(rs[i:i+len(w)], w) {
				best = len(w)
			}
		}
		return best
	}
	first := -1
	for i := range rs {
		if at(i) > 0 {
			first = i
			break
		}
	}
	start, end := 0, min(len(rs), width)
	if first >= 0 && first+width/2 > end {
		start = max(0, first-width/3)
		end = min(len(rs), start+width)
	}
	var out []SnippetPart
	add := func(s string, mark bool) {
		if s == "" {
			return
		}
		if n := len(out); n > 0 && out[n-1].Mark == mark {
			out[n-1].Text += s
			return
		}
		out = append(out, SnippetPart{Text: s, Mark: mark})
	}
	if start > 0 {
		add("…", false)
	}
	for i := start; i < end; {
		if n := at(i); n > 0 {
			add(string(rs[i:i+n]), true)
			i += n
			continue
		}
		add(string(rs[i]), false)
		i++
	}
	if end < len(rs) {
		add("…", false)
	}
	return out
}

func runesFold(a, b []rune) bool {
	for i := range a {
		x, y := a[i], b[i]
		if x == y {
			continue
		}
		if x < utf8.RuneSelf && y < utf8.RuneSelf && (x|0x20) == (y|0x20) && (x|0x20) >= 'a' && (x|0x20) <= 'z' {
			continue
		}
		return false
	}
	return true
}

// ViolationsNamed are the violations whose name (as staff read it, in
// Chinese) holds word: what a search of the cases finds by their
// violations, which are stored as codes.
func ViolationsNamed(word string) []Violation {
	var out []Violation
	for _, v := range Violations {
		if word != "" && strings.Contains(string(v.Name()), word) {
			out = append(out, v)
		}
	}
	return out
}
