package main

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// safe makes vendor text fit to print on a terminal, on one line: control characters (C0 and
// C1, DEL, and so ESC and BEL, which start escape sequences that set a terminal's title or
// clear its screen), Unicode bidi controls (which reorder what follows) and bytes that are not
// UTF-8 (a lone 0x9b is C1's CSI to some terminals) are removed or shown as U+FFFD; line breaks and tabs, which
// would break the table, become spaces.
func safe(s string) string {
	clean := true
	for i := 0; i < len(s) && clean; {
		r, size := utf8.DecodeRuneInString(s[i:])
		clean = !(r == utf8.RuneError && size == 1) && !unsafeRune(r)
		i += size
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError) // shown, so that the reader sees something was there
		case r == '\t' || r == '\n' || r == '\v' || r == '\f' || r == '\r' || r == '\u2028' || r == '\u2029':
			b.WriteByte(' ')
		case unsafeRune(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func unsafeRune(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7f && r <= 0x9f: // C0, DEL, C1
		return true
	case r == '\u061c', r == '\u200e', r == '\u200f', // ALM, LRM, RLM
		r >= '\u202a' && r <= '\u202e', // LRE, RLE, PDF, LRO, RLO
		r >= '\u2066' && r <= '\u2069', // LRI, RLI, FSI, PDI
		r == '\u2028', r == '\u2029':   // line and paragraph separators
		return true
	}
	return false
}

// printf is fmt.Fprintf with every string argument (and every value printed as a string)
// passed through safe. The format itself is the program's own and keeps its newlines and tabs.
func printf(w io.Writer, format string, args ...any) {
	for i, a := range args {
		switch v := a.(type) {
		case string:
			args[i] = safe(v)
		case fmt.Stringer:
			args[i] = safe(v.String())
		case error:
			args[i] = safe(v.Error())
		}
	}
	fmt.Fprintf(w, format, args...)
}
