package secret

import (
	"bytes"
	"encoding/base64"
	"image/png"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// TOTPEnrollment is a new second factor to show once: the secret for manual
// entry, and a QR code of the otpauth URL as a PNG data URI.
type TOTPEnrollment struct {
	Secret string
	URL    string
	QR     string
}

// NewTOTP makes a TOTP secret (RFC 6238: SHA-1, 6 digits, 30 s), as every
// authenticator app reads it.
func NewTOTP(issuer, account string) (TOTPEnrollment, error) {
	key, err := totp.Generate(totp.GenerateOpts{Issuer: issuer, AccountName: account})
	if err != nil {
		return TOTPEnrollment{}, err
	}
	img, err := key.Image(200, 200)
	if err != nil {
		return TOTPEnrollment{}, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return TOTPEnrollment{}, err
	}
	return TOTPEnrollment{Secret: key.Secret(), URL: key.URL(), QR: "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())}, nil
}

// CheckTOTP accepts the code of the current 30-second step or of one step
// either side, for clock drift.
func CheckTOTP(secret, code string, now time.Time) bool {
	ok, err := totp.ValidateCustom(code, secret, now, totp.ValidateOpts{Period: 30, Skew: 1, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	return err == nil && ok
}

// TOTPCode gives the code at t; for tests and demos.
func TOTPCode(secret string, t time.Time) string {
	c, _ := totp.GenerateCodeCustom(secret, t, totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	return c
}
