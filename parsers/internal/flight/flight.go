package flight

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// ErrNoData reports a page without flight chunks (or without a __NEXT_DATA__ script).
var ErrNoData = errors.New("flight: no flight data in the page")

// MaxDepth is how deeply JSON values may nest before a row is rejected.
const MaxDepth = 512

// maxRefs bounds how many references deep Find expands; React's own references are one or two
// levels deep.
const maxRefs = 8

var (
	scriptOpen  = []byte("<script")
	scriptClose = []byte("</script")
	pushCall    = []byte("self.__next_f.push(")
	nextDataID  = regexp.MustCompile(`(?i)\bid\s*=\s*["']?__NEXT_DATA__(?:["'\s/>]|$)`)
)

// scriptText finds the next script whose text contains marker at or after i, and returns
// the script's attributes and text and where to search on. Searching for the marker, not for
// every "<script", skips the page's markup at the speed of bytes.Index.
func scriptText(page, marker []byte, i int) (attrs, text []byte, next int, ok bool) {
	for i < len(page) {
		k := bytes.Index(page[i:], marker)
		if k < 0 {
			return nil, nil, len(page), false
		}
		at := i + k
		i = at + len(marker)
		lt := bytes.LastIndexByte(page[:at], '<')
		if lt < 0 || !bytes.HasPrefix(page[lt:], scriptOpen) || lt+len(scriptOpen) >= len(page) || !isTagEnd(page[lt+len(scriptOpen)]) {
			continue
		}
		gt := tagEnd(page, lt+len(scriptOpen))
		if gt < 0 {
			return nil, nil, len(page), false
		}
		end := len(page)
		if e := bytes.Index(page[gt+1:], scriptClose); e >= 0 {
			end = gt + 1 + e
		}
		if at < gt || at >= end {
			// The marker is inside the start tag (an attribute) or the script ended before it.
			if at < gt && nextDataID.Match(page[lt+len(scriptOpen):gt]) {
				return page[lt+len(scriptOpen) : gt], page[gt+1 : end], end, true
			}
			continue
		}
		return page[lt+len(scriptOpen) : gt], page[gt+1 : end], end, true
	}
	return nil, nil, len(page), false
}

func isTagEnd(c byte) bool {
	return c == '>' || c == '/' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

// tagEnd returns the index of the '>' closing a start tag whose attributes begin at i, skipping
// quoted attribute values, or -1.
func tagEnd(page []byte, i int) int {
	var quote byte
	for ; i < len(page); i++ {
		c := page[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return i
		}
	}
	return -1
}

var nextDataMarker = []byte("__NEXT_DATA__")

// NextData returns the text of a pages-router page's <script id="__NEXT_DATA__"> (JSON), or
// ok false when the page has none.
func NextData(page []byte) (data []byte, ok bool) {
	for i := 0; ; {
		attrs, text, next, found := scriptText(page, nextDataMarker, i)
		if !found {
			return nil, false
		}
		if nextDataID.Match(attrs) {
			return text, true
		}
		i = next
	}
}

// Payload returns the flight data of an app-router page: the string arguments of its
// self.__next_f.push([1,"…"]) chunks, joined and then unescaped. A chunk it cannot read is
// skipped and reported in err beside the data of the others; a page with no chunk at all gives
// ErrNoData.
func Payload(page []byte) ([]byte, error) {
	var raw []byte
	chunks, bad := 0, 0
	for i := 0; i < len(page); {
		_, text, next, ok := scriptText(page, pushCall, i)
		if !ok {
			break
		}
		i = next
		t := bytes.TrimSpace(text)
		if !bytes.HasPrefix(t, pushCall) {
			continue // the bootstrap, (self.__next_f=self.__next_f||[]).push([0]), or other code
		}
		t = bytes.TrimSuffix(bytes.TrimSpace(t[len(pushCall):]), []byte(";"))
		t = bytes.TrimSuffix(bytes.TrimSpace(t), []byte(")"))
		kind, lit, ok := pushArgs(t)
		switch {
		case !ok:
			bad++
		case kind == 1:
			raw = append(raw, lit...)
			chunks++
		}
	}
	if chunks == 0 && bad == 0 {
		return nil, ErrNoData
	}
	out, err := Unquote(make([]byte, 0, len(raw)), raw)
	if bad > 0 {
		err = errors.Join(err, fmt.Errorf("flight: %d unreadable chunks skipped", bad))
	}
	return out, err
}

// pushArgs reads a push argument, [kind] or [kind,"literal"], and returns the kind and the
// literal's raw (still escaped) text.
func pushArgs(b []byte) (kind int, lit []byte, ok bool) {
	i := ws(b, 0)
	if i >= len(b) || b[i] != '[' {
		return 0, nil, false
	}
	i = ws(b, i+1)
	j := i
	for j < len(b) && b[j] >= '0' && b[j] <= '9' {
		j++
	}
	kind, err := strconv.Atoi(string(b[i:j]))
	if err != nil {
		return 0, nil, false
	}
	i = ws(b, j)
	if i < len(b) && b[i] == ']' {
		return kind, nil, ws(b, i+1) == len(b)
	}
	if i >= len(b) || b[i] != ',' {
		return 0, nil, false
	}
	i = ws(b, i+1)
	if i >= len(b) || b[i] != '"' {
		return kind, nil, kind != 1 // other kinds carry other values; only strings are read
	}
	end, err := stringEnd(b, i)
	if err != nil {
		return 0, nil, false
	}
	if k := ws(b, end); k >= len(b) || b[k] != ']' {
		return 0, nil, false
	}
	return kind, b[i+1 : end-1], true
}

// Unquote appends to dst the text of a JSON string literal's contents s (without its quotes).
// An escaped UTF-16 surrogate pair becomes one character; a lone surrogate becomes U+FFFD, as
// in encoding/json.
func Unquote(dst, s []byte) ([]byte, error) {
	for i := 0; i < len(s); {
		j := bytes.IndexByte(s[i:], '\\')
		if j < 0 {
			return append(dst, s[i:]...), nil
		}
		dst = append(dst, s[i:i+j]...)
		i += j
		if i+1 >= len(s) {
			return dst, errors.New("flight: string ends inside an escape")
		}
		switch c := s[i+1]; c {
		case '"', '\\', '/':
			dst = append(dst, c)
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r, ok := hex4(s[i+2:])
			if !ok {
				return dst, fmt.Errorf("flight: bad escape %q", s[i:min(i+6, len(s))])
			}
			i += 6
			if utf16.IsSurrogate(r) {
				if len(s) >= i+6 && s[i] == '\\' && s[i+1] == 'u' {
					if r2, ok := hex4(s[i+2:]); ok {
						if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
							dst = utf8.AppendRune(dst, dec)
							i += 6
							continue
						}
					}
				}
				r = utf8.RuneError
			}
			dst = utf8.AppendRune(dst, r)
			continue
		default:
			return dst, fmt.Errorf("flight: bad escape %q", s[i:i+2])
		}
		i += 2
	}
	return dst, nil
}

func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}
