// Package secret owns dajia's cryptography: the master key kept outside the
// database, password hashing (argon2id), session and API tokens, the audit
// MAC (HMAC-SM3), sealing of confidential fields (SM4-GCM) and TOTP.
// Everything 国密 sits behind small types so that a certified module can
// replace the library.
package secret

import (
	"bufio"
	"bytes"
	"context"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/sm4"
	"golang.org/x/crypto/argon2"
)

// Keys are derived from one master key file kept outside the database, so
// that a copy of the database alone can neither forge the audit trail nor
// open sealed fields.
type Keys struct {
	audit []byte
	seal  []byte
}

// LoadOrCreateKey reads the master key file, creating it (mode 0600) with a
// random key when it does not exist yet.
func LoadOrCreateKey(path string) (*Keys, bool, error) {
	b, err := os.ReadFile(path)
	created := false
	if errors.Is(err, fs.ErrNotExist) {
		master := make([]byte, 32)
		rand.Read(master)
		b = []byte(hex.EncodeToString(master) + "\n")
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return nil, false, fmt.Errorf("create key file %s: %w", path, err)
		}
		if _, err := f.Write(b); err != nil {
			f.Close()
			return nil, false, fmt.Errorf("write key file %s: %w", path, err)
		}
		if err := f.Close(); err != nil {
			return nil, false, err
		}
		created = true
	} else if err != nil {
		return nil, false, fmt.Errorf("read key file %s: %w", path, err)
	}
	master, err := hex.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(master) < 16 {
		return nil, false, fmt.Errorf("key file %s does not hold a hex key of at least 16 bytes", path)
	}
	return KeysFrom(master), created, nil
}

// KeysFrom derives the working keys from a master key.
func KeysFrom(master []byte) *Keys {
	derive := func(label string) []byte {
		m := hmac.New(sm3.New, master)
		m.Write([]byte("dajia/" + label))
		return m.Sum(nil)
	}
	return &Keys{audit: derive("audit"), seal: derive("seal")[:16]}
}

// AuditMAC is HMAC-SM3 under the audit key.
func (k *Keys) AuditMAC() MAC { return MAC{key: k.audit} }

// Sealer seals with SM4-GCM under the seal key.
func (k *Keys) Sealer() *Sealer {
	block, err := sm4.NewCipher(k.seal)
	if err != nil {
		panic(err) // the key length is fixed above
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		panic(err)
	}
	return &Sealer{gcm: gcm}
}

// MAC computes HMAC-SM3.
type MAC struct{ key []byte }

func (m MAC) Sum(data []byte) []byte {
	h := hmac.New(sm3.New, m.key)
	h.Write(data)
	return h.Sum(nil)
}

// Sealer encrypts small confidential values with SM4-GCM; the output is
// nonce || ciphertext, base64.
type Sealer struct{ gcm cipher.AEAD }

// Seal encrypts plain; context binds the value to its place (table and
// column), so a sealed value cannot be moved to another field.
func (s *Sealer) Seal(plain, context string) string {
	nonce := make([]byte, s.gcm.NonceSize())
	rand.Read(nonce)
	out := s.gcm.Seal(nonce, nonce, []byte(plain), []byte(context))
	return base64.StdEncoding.EncodeToString(out)
}

// Open decrypts what Seal made with the same context.
func (s *Sealer) Open(sealed, context string) (string, error) {
	b, err := base64.StdEncoding.DecodeString(sealed)
	if err != nil || len(b) < s.gcm.NonceSize() {
		return "", errors.New("sealed value is damaged")
	}
	plain, err := s.gcm.Open(nil, b[:s.gcm.NonceSize()], b[s.gcm.NonceSize():], []byte(context))
	if err != nil {
		return "", errors.New("sealed value is damaged or the key is wrong")
	}
	return string(plain), nil
}

// Hasher hashes passwords with argon2id; the parameters are kept in each
// hash, so they can be raised later without breaking old hashes.
type Hasher struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
	// Gate bounds the hashes running at once for HashContext and Verify;
	// nil bounds nothing.
	Gate *Gate
}

// DefaultHasher: 64 MiB, 2 passes, 2 lanes (above the OWASP minimum), one
// hash at a time per processor.
func DefaultHasher() Hasher {
	return Hasher{Memory: 64 * 1024, Time: 2, Threads: 2, Gate: DefaultGate()}
}

// HashContext is Hash through the gate: the server's way to hash.
func (h Hasher) HashContext(ctx context.Context, password string) (string, error) {
	var out string
	err := h.Gate.Do(ctx, func() { out = h.Hash(password) })
	return out, err
}

// Verify is the package's Verify through the gate: the server's way to
// check a password. An error (busy, or the request gone) means nothing was
// checked.
func (h Hasher) Verify(ctx context.Context, encoded, password string) (bool, error) {
	var ok bool
	err := h.Gate.Do(ctx, func() { ok = Verify(encoded, password) })
	return ok, err
}

// Hash returns a PHC-format argon2id hash of the whole password; nothing is
// truncated. It does not wait for the gate: for the command line and the
// first start, where nothing else hashes.
func (h Hasher) Hash(password string) string {
	salt := make([]byte, 16)
	rand.Read(salt)
	key := argon2.IDKey([]byte(password), salt, h.Time, h.Memory, h.Threads, 32)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, h.Memory, h.Time, h.Threads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
}

// Verify reports whether password matches an encoded hash, in constant
// time. It does not wait for a gate: the server uses Hasher.Verify.
func Verify(encoded, password string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var v int
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m > 1<<20 || t > 16 || p == 0 {
		return false
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	want, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// DummyHash is verified against when a user does not exist, so that an
// unknown name takes as long as a wrong password.
func (h Hasher) DummyHash() string { return h.Hash("dajia-no-such-user") }

//go:embed common-passwords.txt
var commonList []byte

var common = func() map[string]bool {
	m := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(commonList))
	for sc.Scan() {
		if w := strings.TrimSpace(sc.Text()); w != "" && !strings.HasPrefix(w, "#") {
			m[strings.ToLower(w)] = true
		}
	}
	return m
}()

// Common reports whether a password is on the blocklist of common
// passwords (case-insensitive).
func Common(password string) bool { return common[strings.ToLower(password)] }

// NewToken returns a random token for a session or the API and the hash
// under which it is stored; the token itself is never stored.
func NewToken(prefix string) (token, hash string) {
	b := make([]byte, 32)
	rand.Read(b)
	token = prefix + base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token)
}

// HashToken is the stored form of a token.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// RandomPassword makes a one-time password that meets the default policy.
func RandomPassword() string {
	const lower, upper, digit, sym = "abcdefghijkmnpqrstuvwxyz", "ABCDEFGHJKLMNPQRSTUVWXYZ", "23456789", "-_.!@#%+="
	pick := func(set string) byte {
		b := make([]byte, 1)
		for {
			rand.Read(b)
			if int(b[0]) < 256-256%len(set) {
				return set[int(b[0])%len(set)]
			}
		}
	}
	out := []byte{pick(lower), pick(upper), pick(digit), pick(sym)}
	all := lower + upper + digit + sym
	for len(out) < 16 {
		out = append(out, pick(all))
	}
	return string(out)
}
