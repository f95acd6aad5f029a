package dajia

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// RedactKind is what a redaction removed. It is stored as a code.
type RedactKind string

const (
	RedactName     RedactKind = "name"     // a natural person's name the publisher gave
	RedactID       RedactKind = "id"       // a 居民身份证 number, 18 or 15 digits
	RedactMobile   RedactKind = "mobile"   // a mobile number
	RedactLandline RedactKind = "landline" // a landline with its area code
	RedactAddress  RedactKind = "address"  // a natural person's address after 住, 住址 or 家住
)

var redactKindNames = map[RedactKind]Text{
	RedactName:     "自然人姓名",
	RedactID:       "身份证号码",
	RedactMobile:   "手机号码",
	RedactLandline: "固定电话",
	RedactAddress:  "自然人住址",
}

// Name is the kind as the publisher reads it.
func (k RedactKind) Name() Text {
	return nameIn(redactKindNames, k)
}

// Redaction is one piece of personal data Redact removed: what it was,
// what replaced it, and where it stood in the original text (byte offsets,
// Start inclusive, End exclusive).
type Redaction struct {
	Kind        RedactKind
	Text        string
	Replacement string
	Start, End  int
}

var (
	reIDNumber = regexp.MustCompile(`\b(?:\d{17}[\dXx]|\d{15})\b`)
	reMobile   = regexp.MustCompile(`(?:\+86[- ]?|\b)1[3-9]\d[- ]?\d{4}[- ]?\d{4}\b`)
	reLandline = regexp.MustCompile(`(?:[（(]0\d{2,3}[）)][-－ ]?|\b0\d{2,3}[-－ ]?)\d{7,8}\b`)
)

// Redact removes personal data of natural persons from a text for the
// public exposure page (曝光台): each of the names given (of two characters
// or more) wherever it stands, kept as its surname and 某 (张某某); 居民身份证
// numbers (18 digits or 17 and X, or the old 15, with a birth date where it
// belongs); mobile numbers (1[3-9] and 9 digits); landlines with their area
// code; and the address after 家住, 住址 or a 住 that opens a clause, up to the
// next punctuation. Numbers become stars and addresses ***. Business names,
// their 住所 and 统一社会信用代码 (and the old 15-digit 注册号) stay. It
// answers the redacted text and every redaction in the order of the text,
// for the publisher to review before publishing. A name given is removed
// wherever it stands, inside a shop's name too: the publisher sees it.
func Redact(text string, names []string) (string, []Redaction) {
	var found []Redaction
	add := func(kind RedactKind, start, end int, repl string) {
		found = append(found, Redaction{Kind: kind, Text: text[start:end], Replacement: repl, Start: start, End: end})
	}
	stars := func(s string) string { return strings.Repeat("*", utf8.RuneCountInString(s)) }
	for _, m := range reIDNumber.FindAllStringIndex(text, -1) {
		if isIDNumber(text, m[0], m[1]) {
			add(RedactID, m[0], m[1], stars(text[m[0]:m[1]]))
		}
	}
	for _, m := range reMobile.FindAllStringIndex(text, -1) {
		add(RedactMobile, m[0], m[1], stars(text[m[0]:m[1]]))
	}
	for _, m := range reLandline.FindAllStringIndex(text, -1) {
		add(RedactLandline, m[0], m[1], stars(text[m[0]:m[1]]))
	}
	for _, a := range addresses(text) {
		add(RedactAddress, a[0], a[1], "***")
	}
	for _, n := range names {
		n = strings.TrimSpace(n)
		r := []rune(n)
		if len(r) < 2 {
			continue
		}
		repl := string(r[0]) + strings.Repeat("某", len(r)-1)
		for i := 0; ; {
			j := strings.Index(text[i:], n)
			if j < 0 {
				break
			}
			add(RedactName, i+j, i+j+len(n), repl)
			i += j + len(n)
		}
	}
	// In the order of the text; of overlapping ones the earlier, then the longer.
	slices.SortStableFunc(found, func(a, b Redaction) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return b.End - a.End
	})
	var out strings.Builder
	var kept []Redaction
	at := 0
	for _, r := range found {
		if r.Start < at {
			continue
		}
		out.WriteString(text[at:r.Start])
		out.WriteString(r.Replacement)
		at = r.End
		kept = append(kept, r)
	}
	out.WriteString(text[at:])
	return out.String(), kept
}

// isIDNumber tells a 居民身份证 number from other long numbers: a region
// code that does not start with 0, a birth date where it belongs, and not
// a valid 统一社会信用代码 or a 注册号 so labelled.
func isIDNumber(text string, start, end int) bool {
	s := text[start:end]
	if s[0] == '0' || s[0] == '9' || CheckCreditCode(s) == nil {
		return false
	}
	var year, month, day string
	if len(s) == 18 {
		year, month, day = s[6:10], s[10:12], s[12:14]
	} else {
		year, month, day = "19"+s[6:8], s[8:10], s[10:12]
		if strings.Contains(text[max(0, start-18):start], "注册号") {
			return false
		}
	}
	y, err1 := strconv.Atoi(year)
	m, err2 := strconv.Atoi(month)
	d, err3 := strconv.Atoi(day)
	return err1 == nil && err2 == nil && err3 == nil && y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31
}

// addressEnd is the punctuation that ends an address.
const addressEnd = "，。；;,、！!？?\n\r）)"

// addresses finds the natural persons' addresses: after 家住 (在/于), 住址
// (：) and a 住 (：/在) that opens a clause (after punctuation or at the
// start), not 住所 (a business's) nor words like 住宿, 住房, 住院.
func addresses(text string) [][2]int {
	var out [][2]int
	for i := 0; i < len(text); {
		j := strings.Index(text[i:], "住")
		if j < 0 {
			break
		}
		p := i + j
		after := p + len("住")
		i = after
		before, _ := utf8.DecodeLastRuneInString(text[:p])
		next, _ := utf8.DecodeRuneInString(text[after:])
		switch {
		case before == '家':
			after = skipRunes(text, after, "在于：:")
		case next == '址':
			after = skipRunes(text, after+len("址"), "：:为")
		case (p == 0 || strings.ContainsRune("，,、；;：:（( \n", before)) && !strings.ContainsRune("所宿房宅院户", next):
			after = skipRunes(text, after, "：:在于")
		default:
			continue
		}
		end := after
		for end < len(text) {
			r, n := utf8.DecodeRuneInString(text[end:])
			if strings.ContainsRune(addressEnd, r) {
				break
			}
			end += n
		}
		for end > after {
			r, n := utf8.DecodeLastRuneInString(text[after:end])
			if !unicode.IsSpace(r) {
				break
			}
			end -= n
		}
		if utf8.RuneCountInString(text[after:end]) >= 2 {
			out = append(out, [2]int{after, end})
			i = end
		}
	}
	return out
}

// skipRunes skips one rune of set at i, if there is one.
func skipRunes(text string, i int, set string) int {
	if r, n := utf8.DecodeRuneInString(text[i:]); n > 0 && strings.ContainsRune(set, r) {
		return i + n
	}
	return i
}
