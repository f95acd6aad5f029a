package docx

import (
	"encoding/xml"
	"strings"
)

// Clean makes s safe to stand in an XML document: broken UTF-8 becomes
// U+FFFD, and characters XML 1.0 does not allow (control characters but
// tab, line feed and carriage return; surrogates; U+FFFE and U+FFFF) are
// dropped.
func Clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return r
		case r < 0x20, r >= 0xD800 && r <= 0xDFFF, r == 0xFFFE || r == 0xFFFF:
			return -1
		}
		return r
	}, s)
}

// escape is Clean and then XML's escapes, for text and attribute values.
func escape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(Clean(s)))
	return b.String()
}
