package web_test

import (
	"html"
	"regexp"
	"strings"
	"testing"
)

// englishMain is the <main> of a page in English, without its tags.
func englishMain(t *testing.T, c *browserClient, path string) string {
	t.Helper()
	r, body := c.get(t, path)
	if r.StatusCode != 200 {
		t.Fatalf("%s: %d", path, r.StatusCode)
	}
	i, j := strings.Index(body, "<main"), strings.Index(body, "</main>")
	if i < 0 || j < i {
		t.Fatalf("%s: no main", path)
	}
	return html.UnescapeString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(body[i:j], ""))
}

// The review, the to-do and a notice in English: ASCII punctuation, the
// grades cased alike, the timeline's steps all told as done.
func TestReviewTodoAndNoticeReadInEnglish(t *testing.T) {
	_, c := reviewRichSite(t)
	id := issueRect(t, c["office"], rectForm("gsfj", "deadline", "2018-01-10"))
	path := "/rectifications/" + id
	c["officer"].post(t, path+"/do/answer", form("answer_1", "已补报", "answer_2", "已指定"))
	pages := map[string][]string{
		"/review?plan=zs-gangkou-2017&lang=en":         {"On-time reporting: sent", "Failed", "Grades: Excellent ≥ 90, Good ≥ 75, Passed ≥ 60, Failed < 60."},
		"/review/weights?plan=zs-gangkou-2017&lang=en": {"On-time reporting (%)"},
		"/todo?plan=zs-gangkou-2017&lang=en":           {"Check a rectification"},
		path + "?lang=en":                              {"Issued the notice", "Answered the notice"},
	}
	for p, wants := range pages {
		text := englishMain(t, c["office"], p)
		for _, bad := range []string{"：", "（", "）", "；", "Answer the rectification", " good", " excellent"} {
			if strings.Contains(text, bad) {
				i := strings.Index(text, bad)
				t.Errorf("%s has %q: …%s…", p, bad, text[max(0, i-80):min(len(text), i+80)])
			}
		}
		for _, w := range wants {
			if !strings.Contains(text, w) {
				t.Errorf("%s lacks %q", p, w)
			}
		}
	}
}
