package app

import (
	"context"
	"crypto/rand"
	"fmt"
	"strconv"
	"strings"
	"time"

	"dajia"
)

// Captcha is an offline arithmetic question whose answer travels sealed in
// the form, so any server can check it. The token carries a random nonce
// that the first answer spends (store.UseCaptcha): an answered question,
// right or wrong, never lets a second submission in.
type Captcha struct {
	Question dajia.Phrase
	Token    string
}

var cnDigits = []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}

const captchaLifetime = 15 * time.Minute

// NewCaptcha asks a new check question.
func (a *App) NewCaptcha() Captcha {
	b := make([]byte, 2)
	rand.Read(b)
	x, y := int(b[0])%9+1, int(b[1])%9+1
	exp := a.clock.Now().Add(captchaLifetime).Unix()
	return Captcha{Question: dajia.Phrasef("%s加%s等于几？（填阿拉伯数字）", cnDigits[x], cnDigits[y]),
		Token: a.sealer.Seal(fmt.Sprintf("%d|%d|%s", x+y, exp, randomCode(16)), "captcha")}
}

// CheckCaptcha spends the question of token and checks the answer. The
// error is a field error on "captcha" that says whether the answer was
// wrong or the question is no longer valid (used, expired or forged).
func (a *App) CheckCaptcha(ctx context.Context, token, answer string) error {
	stale := dajia.Errorf(dajia.Invalid, "captcha", "验证问题已用过或已过期，请回答新的问题")
	plain, err := a.sealer.Open(token, "captcha")
	if err != nil {
		return stale
	}
	parts := strings.Split(plain, "|")
	if len(parts) != 3 {
		return stale
	}
	exp, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil || a.clock.Now().Unix() > exp {
		return stale
	}
	fresh, err := a.db.UseCaptcha(ctx, parts[2], time.Unix(exp, 0))
	if err != nil {
		return err
	}
	if !fresh {
		return stale
	}
	if strings.TrimSpace(answer) != parts[0] {
		return dajia.Errorf(dajia.Invalid, "captcha", "验证问题的答案不对，请回答新的问题")
	}
	return nil
}
