package web

// The wording of a tip's codes (steps, deadlines, routing) in the
// reader's language, shared by the tip pages and the API.

import (
	"strings"

	"dajia"
	"dajia/locale"
	"dajia/store"
)

// tipStepName names a handling step in Chinese, the key of its English.
func tipStepName(action string) string {
	if n, ok := map[string]string{"receive": "已收到", "accept": "受理/开始核查", "refuse": "不予受理", "decide": "作出处理决定", "close": "办结",
		"reply": "答复", "return": "退回打假办", "assign": "分派", "pause": "暂停计时", "resume": "恢复计时", "extend": "延长核查期限",
		"duplicate": "标记为重复", "reward": "举报奖励"}[action]; ok {
		return n
	}
	return strings.ReplaceAll(action, "_", " ")
}

// TipStep names a handling step in the page's language.
func (p Page) TipStep(action string) string { return p.T(tipStepName(action)) }

// TipDue words what is due by a tip's deadline in the page's language.
func (p Page) TipDue(d dajia.TipDue) string {
	return p.N(d.Text())
}

// tipEventNote is the note of a step in the history in lang: the notes
// dajia writes are codes, worded from the tip and its plan.
func tipEventNote(lang string, t dajia.Tip, p *dajia.Plan, e store.TipEvent) string {
	return locale.Phrase(lang, t.NoteText(p, e.Action, e.Note))
}
