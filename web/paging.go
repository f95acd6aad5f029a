package web

import (
	"net/url"
	"strconv"
)

// The paging every list page shares: where a page starts, the page before
// it, and the address of a page with the list's filters.

// queryOffset is a list's ?offset=: a positive number below a million, or
// 0 (the first page) for anything else.
func queryOffset(q url.Values) int {
	if n, err := strconv.Atoi(q.Get("offset")); err == nil && n > 0 && n < 1_000_000 {
		return n
	}
	return 0
}

// prevOffset is the start of the page before the one at offset, pages of
// limit rows; -1 on the first page.
func prevOffset(offset, limit int) int {
	if offset <= 0 {
		return -1
	}
	return max(offset-limit, 0)
}

// pageURL is path with the list's filters v and the offset, which the
// first page leaves out.
func pageURL(path string, v url.Values, offset int) string {
	if offset > 0 {
		v.Set("offset", strconv.Itoa(offset))
	}
	return path + "?" + v.Encode()
}
