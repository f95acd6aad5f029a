package web

// The tip chapter's shared parts: the check question of the public form
// and API, and the wording of a tip's codes (steps, deadlines, routing) in
// the reader's language.

import (
	"crypto/rand"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"dajia"
	"dajia/store"
)

const codeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

func randomCode(n int) string {
	b := make([]byte, n)
	out := make([]byte, n)
	rand.Read(b)
	for i := range b {
		out[i] = codeAlphabet[int(b[i])%len(codeAlphabet)]
	}
	return string(out)
}

// captcha is an offline arithmetic question whose answer travels sealed in
// the form, so any server can check it. The token carries a random nonce
// that the first answer spends (store.UseCaptcha): an answered question,
// right or wrong, never lets a second submission in.
type captcha struct {
	Question string `json:"question"`
	Token    string `json:"token"`
}

var cnDigits = []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}

const captchaLifetime = 15 * time.Minute

func (s *Server) newCaptcha() captcha {
	b := make([]byte, 2)
	rand.Read(b)
	a, c := int(b[0])%9+1, int(b[1])%9+1
	exp := s.clock.Now().Add(captchaLifetime).Unix()
	return captcha{Question: fmt.Sprintf("%s加%s等于几？（填阿拉伯数字）", cnDigits[a], cnDigits[c]),
		Token: s.sealer.Seal(fmt.Sprintf("%d|%d|%s", a+c, exp, randomCode(16)), "captcha")}
}

// checkCaptcha spends the question of token and checks the answer. The
// error is a field error on "captcha" that says whether the answer was
// wrong or the question is no longer valid (used, expired or forged).
func (s *Server) checkCaptcha(r *http.Request, token, answer string) error {
	stale := dajia.Errorf(dajia.Invalid, "captcha", "验证问题已用过或已过期，请回答新的问题", "the check question was used or has expired; answer the new question")
	plain, err := s.sealer.Open(token, "captcha")
	if err != nil {
		return stale
	}
	parts := strings.Split(plain, "|")
	if len(parts) != 3 {
		return stale
	}
	exp, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil || s.clock.Now().Unix() > exp {
		return stale
	}
	fresh, err := s.db.UseCaptcha(r.Context(), parts[2], time.Unix(exp, 0))
	if err != nil {
		return err
	}
	if !fresh {
		return stale
	}
	if strings.TrimSpace(answer) != parts[0] {
		return dajia.Errorf(dajia.Invalid, "captcha", "验证问题的答案不对，请回答新的问题", "wrong answer; answer the new question")
	}
	return nil
}

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
	zh, en := d.Text()
	return localized(p.Lang, zh, en)
}

// tipEventNote is the note of a step in the history in lang: the receipt's
// note is the routing reason's code, worded from the tip and its plan.
func tipEventNote(lang string, t dajia.Tip, p *dajia.Plan, e store.TipEvent) string {
	if e.Action != "receive" || e.Note == "" || p == nil {
		return e.Note
	}
	zh, en := dajia.RouteReason(e.Note).Text(p, t.Category, t.Stage, t.CampaignNo)
	return localized(lang, zh, en)
}
