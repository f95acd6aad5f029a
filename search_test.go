package dajia_test

import (
	"fmt"
	"strings"
	"testing"

	"dajia"
	"dajia/locale"
)

func TestASearchTermIsOneToFiftyCharactersOfAFewWords(t *testing.T) {
	for _, tt := range []struct {
		q     string
		words []string
	}{
		{"假冒", []string{"假冒"}},
		{"  假冒  灯具 ", []string{"假冒", "灯具"}},
		{"%_\\", []string{"%_\\"}},
		{"<script>", []string{"<script>"}},
		{strings.Repeat("假", dajia.MaxSearchRunes), []string{strings.Repeat("假", dajia.MaxSearchRunes)}},
		{" " + strings.Repeat("假", dajia.MaxSearchRunes) + " ", []string{strings.Repeat("假", dajia.MaxSearchRunes)}},
		{"", nil},
		{"   ", nil},
		{"\u3000", nil},
		{strings.Repeat("假", dajia.MaxSearchRunes+1), nil},
		{strings.Repeat("词 ", dajia.MaxTipSearchWords+1), nil},
		{"a\x00b", nil},
		{"\xff", nil},
	} {
		t.Run(fmt.Sprintf("%.20q", tt.q), func(t *testing.T) {
			words, err := dajia.SearchWords(tt.q)
			if fmt.Sprint(words) != fmt.Sprint(tt.words) || (err == nil) != (tt.words != nil) {
				t.Fatalf("%q: %q, %v", tt.q, words, err)
			}
			if err != nil {
				e := dajia.ErrorOf(err)
				if e.Code != dajia.Invalid || e.Field != "q" || !locale.Has("en", e.Key) {
					t.Fatalf("%q: %#v", tt.q, e)
				}
			}
		})
	}
	if _, err := dajia.ParseSearchKind("people"); dajia.ErrorOf(err).Field != "kind" {
		t.Fatalf("a kind that is none: %v", err)
	}
	for _, k := range dajia.SearchKinds {
		if got, err := dajia.ParseSearchKind(string(k)); got != k || err != nil || !locale.Has("en", string(k.Name())) {
			t.Fatalf("%s: %s %v", k, got, err)
		}
	}
}

// A snippet is the text around the first word found, every word found
// marked, ASCII letters in either case as SQLite's LIKE finds them.
func TestASnippetMarksEveryWordFoundAroundTheFirst(t *testing.T) {
	show := func(ps []dajia.SnippetPart) string {
		var b strings.Builder
		for _, p := range ps {
			if p.Mark {
				b.WriteString("[" + p.Text + "]")
			} else {
				b.WriteString(p.Text)
			}
		}
		return b.String()
	}
	long := strings.Repeat("甲", 100) + "假冒灯具" + strings.Repeat("乙", 100)
	for _, tt := range []struct {
		text  string
		words []string
		width int
		want  string
	}{
		{"销售假冒伪劣灯具", []string{"假冒", "灯具"}, 60, "销售[假冒]伪劣[灯具]"},
		{"LED吸顶灯 led", []string{"led"}, 60, "[LED]吸顶灯 [led]"},
		{"无关的文字", []string{"假冒"}, 60, "无关的文字"},
		{"无关的文字", []string{"假冒"}, 3, "无关的…"},
		{long, []string{"假冒"}, 12, "…甲甲甲甲[假冒]灯具乙乙乙乙…"},
		{"假冒假冒", []string{"假冒"}, 60, "[假冒假冒]"},
		{"100%_\\纯", []string{"%_\\"}, 60, "100[%_\\]纯"},
		{"", []string{"假冒"}, 60, ""},
	} {
		if got := show(dajia.Snippet(tt.text, tt.words, tt.width)); got != tt.want {
			t.Errorf("%.20q %q: %q, want %q", tt.text, tt.words, got, tt.want)
		}
	}
}

func TestViolationsAreFoundByTheirNames(t *testing.T) {
	if got := dajia.ViolationsNamed("假冒"); fmt.Sprint(got) != "[counterfeit_mark sell_counterfeit_mark]" {
		t.Fatalf("假冒: %v", got)
	}
	if got := dajia.ViolationsNamed("灯具"); got != nil {
		t.Fatalf("灯具: %v", got)
	}
}
