package dajia_test

import (
	"fmt"
	"strings"
	"testing"

	"dajia"
	"dajia/locale"
)

func TestTipSearchIsAFewWords(t *testing.T) {
	for _, tt := range []struct {
		q     string
		words int
		ok    bool
	}{
		{"", 0, true},
		{"  假冒  灯具 ", 2, true},
		{strings.Repeat("词 ", dajia.MaxTipSearchWords), dajia.MaxTipSearchWords, true},
		{strings.Repeat("词 ", dajia.MaxTipSearchWords+1), 0, false},
		{strings.Repeat("w1 ", 2000), 0, false},
		{strings.Repeat("假", dajia.MaxTipSearchWord+1), 0, false},
		{strings.Repeat("假", dajia.MaxTipSearchRunes+1), 0, false},
		{"a\x00b", 0, false},
		{"\xff", 0, false},
	} {
		t.Run(fmt.Sprintf("%.20q", tt.q), func(t *testing.T) {
			words, err := dajia.TipSearchWords(tt.q)
			if (err == nil) != tt.ok || len(words) != tt.words {
				t.Errorf("%.20q: %d words, %v", tt.q, len(words), err)
			}
			if err != nil && (dajia.ErrorCode(err) != dajia.Invalid || dajia.ErrorOf(err).Field != "q" || !locale.Has("en", dajia.ErrorOf(err).Key)) {
				t.Errorf("%.20q: %#v", tt.q, err)
			}
		})
	}
}
