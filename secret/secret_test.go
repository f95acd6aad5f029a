package secret_test

import (
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emmansun/gmsm/sm3"

	"dajia/secret"
)

func TestSM3KnownAnswer(t *testing.T) {
	// GB/T 32905-2016, example 1.
	sum := sm3.Sum([]byte("abc"))
	if hex.EncodeToString(sum[:]) != "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0" {
		t.Fatalf("SM3(abc) = %x", sum)
	}
}

func TestAuditMACDependsOnKeyAndData(t *testing.T) {
	a, b := secret.KeysFrom([]byte("key one, sixteen+")), secret.KeysFrom([]byte("key two, sixteen+"))
	x := a.AuditMAC().Sum([]byte("record"))
	if len(x) != 32 || string(x) != string(a.AuditMAC().Sum([]byte("record"))) {
		t.Fatal("HMAC-SM3 must be 32 bytes and deterministic")
	}
	if string(x) == string(b.AuditMAC().Sum([]byte("record"))) || string(x) == string(a.AuditMAC().Sum([]byte("recorD"))) {
		t.Fatal("the MAC must depend on key and data")
	}
}

func TestSealerRoundTripAndContextBinding(t *testing.T) {
	s := secret.KeysFrom([]byte("a master key of test")).Sealer()
	sealed := s.Seal("13800138000", "tips.phone:1")
	if strings.Contains(sealed, "13800138000") {
		t.Fatal("plain text visible")
	}
	if got, err := s.Open(sealed, "tips.phone:1"); err != nil || got != "13800138000" {
		t.Fatalf("open: %q %v", got, err)
	}
	if _, err := s.Open(sealed, "tips.phone:2"); err == nil {
		t.Fatal("a sealed value opened under another context")
	}
	if s.Seal("x", "c") == s.Seal("x", "c") {
		t.Fatal("sealing must use a fresh nonce")
	}
	other := secret.KeysFrom([]byte("another master key")).Sealer()
	if _, err := other.Open(sealed, "tips.phone:1"); err == nil {
		t.Fatal("opened with the wrong key")
	}
	if _, err := s.Open("!!!", "c"); err == nil {
		t.Fatal("garbage opened")
	}
}

func TestPasswordHashing(t *testing.T) {
	h := secret.Hasher{Memory: 1024, Time: 1, Threads: 1}
	long := strings.Repeat("很长的密码短语-Long1 ", 20)
	enc := h.Hash(long)
	if !strings.HasPrefix(enc, "$argon2id$v=19$m=1024,t=1,p=1$") {
		t.Fatalf("hash %s", enc)
	}
	if !secret.Verify(enc, long) || secret.Verify(enc, long[:len(long)-1]) || secret.Verify(enc, "") {
		t.Fatal("verify must take the whole password and nothing else")
	}
	if h.Hash(long) == enc {
		t.Fatal("salts must differ")
	}
	for _, bad := range []string{"", "$argon2i$v=19$m=1024,t=1,p=1$aa$bb", "$argon2id$v=19$m=99999999,t=1,p=1$aa$bb", "plain"} {
		if secret.Verify(bad, "x") {
			t.Errorf("malformed hash %q verified", bad)
		}
	}
}

func TestCommonPasswords(t *testing.T) {
	for _, p := range []string{"Password123", "P@ssw0rd", "Admin@123", "woaini1314", "1qaz@WSX", "Huawei@123"} {
		if !secret.Common(p) {
			t.Errorf("%s not on the blocklist", p)
		}
	}
	if secret.Common("Zhongshan@Gangkou2017!x") {
		t.Error("an uncommon password is on the blocklist")
	}
}

func TestKeyFileIsCreatedPrivateAndReused(t *testing.T) {
	p := filepath.Join(t.TempDir(), "dajia.key")
	k1, created, err := secret.LoadOrCreateKey(p)
	if err != nil || !created {
		t.Fatal(err)
	}
	st, _ := os.Stat(p)
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v", st.Mode().Perm())
	}
	k2, created, err := secret.LoadOrCreateKey(p)
	if err != nil || created || string(k1.AuditMAC().Sum([]byte("x"))) != string(k2.AuditMAC().Sum([]byte("x"))) {
		t.Fatal("the key must be read back")
	}
	os.WriteFile(p, []byte("not hex"), 0o600)
	if _, _, err := secret.LoadOrCreateKey(p); err == nil {
		t.Fatal("a damaged key file must be refused")
	}
}

func TestRandomPasswordMeetsPolicyShape(t *testing.T) {
	seen := map[string]bool{}
	for range 50 {
		p := secret.RandomPassword()
		if len(p) != 16 || seen[p] || !strings.ContainsAny(p, "23456789") || !strings.ContainsAny(p, "-_.!@#%+=") {
			t.Fatalf("password %q", p)
		}
		seen[p] = true
	}
}

func TestTOTP(t *testing.T) {
	en, err := secret.NewTOTP("dajia", "office")
	if err != nil || en.Secret == "" || !strings.HasPrefix(en.URL, "otpauth://totp/") || !strings.HasPrefix(en.QR, "data:image/png;base64,") {
		t.Fatalf("%+v %v", en, err)
	}
	now := time.Date(2017, 9, 15, 9, 0, 0, 0, time.UTC)
	code := secret.TOTPCode(en.Secret, now)
	if !secret.CheckTOTP(en.Secret, code, now) || !secret.CheckTOTP(en.Secret, code, now.Add(30*time.Second)) {
		t.Fatal("current code refused")
	}
	if secret.CheckTOTP(en.Secret, code, now.Add(5*time.Minute)) || secret.CheckTOTP(en.Secret, "", now) {
		t.Fatal("stale or empty code accepted")
	}
}
