package web_test

import (
	"strings"
	"testing"
)

// The to-do: each unit lists its issued notices waiting for its answer and
// never another unit's; once a unit answers, the office lists the notice
// waiting for its check (before the deadline, so not as overdue), and the
// unit no longer does.
func TestRectificationsOnTheTodoOfTheOfficeAndEachUnit(t *testing.T) {
	_, c := caseSite(t)
	gs := "/rectifications/" + issueRect(t, c["office"], rectForm("gsfj", "title", "关于工商分局报送整改的通知"))
	zj := "/rectifications/" + issueRect(t, c["office"], rectForm("zjfj", "title", "关于质监分局报送整改的通知"))
	todo := func(who string) string {
		t.Helper()
		r, body := c[who].get(t, "/todo?plan=zs-gangkou-2017")
		if r.StatusCode != 200 {
			t.Fatalf("%s's to-do: %d", who, r.StatusCode)
		}
		return body
	}
	for who, want := range map[string][2]string{"officer": {gs, zj}, "head": {gs, zj}, "other": {zj, gs}} {
		body := todo(who)
		if !strings.Contains(body, `href="`+want[0]+`"`) || !strings.Contains(body, "回复整改情况") {
			t.Errorf("%s's to-do lacks its notice %s", who, want[0])
		}
		if strings.Contains(body, `href="`+want[1]+`"`) {
			t.Errorf("%s's to-do lists another unit's notice %s", who, want[1])
		}
	}
	if body := todo("office"); strings.Contains(body, "核查整改情况") || strings.Contains(body, `href="`+gs+`"`) {
		t.Errorf("the office's to-do lists a notice not answered nor overdue")
	}
	if r, _ := c["officer"].post(t, gs+"/do/answer", form("answer_1", "已补报", "answer_2", "已指定")); r.StatusCode != 200 {
		t.Fatalf("answer: %d", r.StatusCode)
	}
	body := todo("office")
	i := strings.Index(body, `href="`+gs+`"`)
	if i < 0 || !strings.Contains(body[i:], "核查整改情况") || strings.Contains(body, `href="`+zj+`"`) {
		t.Errorf("the office's to-do does not list gsfj's answered notice alone for its check: %s", body)
	}
	if body := todo("officer"); strings.Contains(body, `href="`+gs+`"`) {
		t.Errorf("gsfj's to-do still lists the notice it answered")
	}
	if body := todo("other"); strings.Contains(body, `href="`+gs+`"`) || !strings.Contains(body, `href="`+zj+`"`) {
		t.Errorf("zjfj's to-do after gsfj's answer")
	}
}
