package normalize

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Text renders an HTML fragment as readable plain text: paragraphs become blank-line breaks,
// <br> a line break, list items "- item" lines; entities are decoded, tags, comments and
// scripts dropped, runs of spaces folded, and non-breaking spaces made plain. Newlines in the
// source text are kept, because vendors write markdown-ish bodies whose line breaks carry
// meaning.
//
// It scans the markup itself instead of using a parse tree or the x/net/html tokenizer: it runs
// once per update on the hot path, update bodies are small inline HTML, and a tokenizer's buffer
// per body cost more than the rest of the parse. The scan follows the HTML tokenizer's states as
// x/net/html implements them, so that a ">" inside a quoted attribute value does not end a tag
// and "<" starts one only before a letter, "/", "!" or "?"; its tests compare it with x/net/html
// by table and by fuzzing.
func Text(fragment string) string {
	if !strings.ContainsAny(fragment, "<&\r") {
		return cleanText(fragment)
	}
	var w textWriter
	w.b.Grow(len(fragment))
	s := fragment
	for len(s) > 0 {
		i := nextTag(s)
		if i < 0 {
			i = len(s)
		}
		if i > 0 {
			w.textString(s[:i])
		}
		s = s[i:]
		if s == "" {
			break
		}
		var a atom.Atom
		var end bool
		a, end, s = readMarkup(s)
		switch {
		case a == 0:
		case a == atom.Br:
			w.newline()
		case a == atom.Li:
			w.lineBreak()
			if !end {
				w.raw("- ")
			}
		case block(a):
			w.paragraph()
		case !end:
			s = w.rawText(a, s)
		}
	}
	return w.finish()
}

// InlineText is Text on one line, for short inline fragments such as time stamps, status words
// and names: line and paragraph breaks become single spaces.
func InlineText(fragment string) string {
	t := Text(fragment)
	if strings.IndexByte(t, '\n') < 0 {
		return t
	}
	return strings.Join(strings.Fields(t), " ")
}

// nextTag returns the index of the next "<" that starts a tag, comment or declaration, or -1.
// A "</" at the very end is text.
func nextTag(s string) int {
	for off := 0; ; {
		i := strings.IndexByte(s[off:], '<')
		if i < 0 {
			return -1
		}
		i += off
		if i+1 < len(s) {
			c := s[i+1]
			if isLetter(c) || c == '!' || c == '?' || c == '/' && i+2 < len(s) {
				return i
			}
		}
		off = i + 1
	}
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' }

// readMarkup reads the markup at the start of s (which begins with "<" and is a tag, comment or
// declaration by nextTag's rule) and returns the tag's atom (0 for markup Text ignores), whether
// it is an end tag, and the rest of s. Markup cut off by the end of the input is dropped with
// everything after it, as the tokenizer drops it.
func readMarkup(s string) (a atom.Atom, end bool, rest string) {
	switch c := s[1]; {
	case c == '!':
		if strings.HasPrefix(s, "<!--") {
			return 0, false, s[commentEnd(s, 4):]
		}
		return 0, false, s[closeAngle(s, 2):] // doctype, CDATA (not allowed in HTML) or bogus
	case c == '?':
		return 0, false, s[closeAngle(s, 1):]
	case c == '/':
		switch d := s[2]; {
		case d == '>':
			return 0, false, s[3:]
		case !isLetter(d):
			return 0, false, s[closeAngle(s, 2):]
		}
		end = true
	}
	i := 1
	if end {
		i = 2
	}
	j := i + 1
	for j < len(s) && !isSpace(s[j]) && s[j] != '/' && s[j] != '>' {
		j++
	}
	a = tagAtom(s[i:j])
	k := tagEnd(s, j)
	if k < 0 {
		return 0, false, ""
	}
	return a, end, s[k:]
}

// closeAngle returns the index just past the first ">" at or after i, or len(s): a bogus
// comment's end.
func closeAngle(s string, i int) int {
	if k := strings.IndexByte(s[i:], '>'); k >= 0 {
		return i + k + 1
	}
	return len(s)
}

// commentEnd returns the index just past the comment whose text starts at i: "-->", "--!>",
// or a ">" right after "<!--" or "<!---"; len(s) if it never ends.
func commentEnd(s string, i int) int {
	dashes, beginning := 0, true
	for ; i < len(s); i++ {
		switch s[i] {
		case '-':
			dashes++
			continue
		case '>':
			if dashes >= 2 || beginning {
				return i + 1
			}
		case '!':
			if dashes >= 2 {
				i++
				if i >= len(s) {
					return len(s)
				}
				switch s[i] {
				case '>':
					return i + 1
				case '-':
					dashes, beginning = 1, false
					continue
				}
			}
		}
		dashes, beginning = 0, false
	}
	return len(s)
}

// tagEnd reads a tag's attributes from i, just past its name, and returns the index just past
// its closing ">", or -1 when the input ends first. Quotes delimit a value only right after its
// "=" (and white space); elsewhere they are ordinary characters, as in the tokenizer.
func tagEnd(s string, i int) int {
	space := func() {
		for i < len(s) && isSpace(s[i]) {
			i++
		}
	}
	space()
	for i < len(s) {
		if s[i] == '>' {
			return i + 1
		}
		// Attribute name: a leading "=" belongs to it.
		for k := i; i < len(s); i++ {
			c := s[i]
			if isSpace(c) || c == '/' || c == '>' || c == '=' && i > k {
				break
			}
		}
		// Attribute value.
		space()
		if i >= len(s) {
			return -1
		}
		switch s[i] {
		case '/':
			i++
		case '=':
			i++
			space()
			if i >= len(s) {
				return -1
			}
			switch q := s[i]; q {
			case '>':
			case '"', '\'':
				k := strings.IndexByte(s[i+1:], q)
				if k < 0 {
					return -1
				}
				i += k + 2
			default:
				for i < len(s) && !isSpace(s[i]) && s[i] != '>' {
					i++
				}
			}
		}
		space()
	}
	return -1
}

// tagAtom returns the atom of a tag name, case folded as HTML folds it (ASCII only).
func tagAtom(name string) atom.Atom {
	var buf [10]byte // the longest name Text acts on is "blockquote"
	if len(name) > len(buf) {
		return 0
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return atom.Lookup(buf[:len(name)])
}

// rawText handles the content after a start tag whose content HTML does not parse as markup
// (a tokenizer's raw text and RCDATA): scripts and styles are dropped, <title> and <textarea>
// are text with entities, <xmp>, <iframe>, <noembed>, <noframes> and <noscript> text without,
// and <plaintext> makes the rest of the input text. It returns what follows the content, which
// starts with the element's end tag.
func (w *textWriter) rawText(a atom.Atom, s string) string {
	var n int
	switch a {
	case atom.Script:
		return s[scriptEnd(s):]
	case atom.Style:
		return s[rawEnd(s, "style"):]
	case atom.Title, atom.Textarea:
		n = rawEnd(s, a.String())
		w.textString(replaceNUL(s[:n]))
		return s[n:]
	case atom.Xmp, atom.Iframe, atom.Noembed, atom.Noframes, atom.Noscript:
		n = rawEnd(s, a.String())
	case atom.Plaintext:
		n = len(s)
	default:
		return s
	}
	w.text(replaceNUL(convertNewlines(s[:n])))
	return s[n:]
}

// rawEnd returns the index of the end tag "</name" (followed by white space, "/" or ">") that
// closes raw text, or len(s).
func rawEnd(s, name string) int {
	for i := 0; ; {
		k := strings.Index(s[i:], "</")
		if k < 0 {
			return len(s)
		}
		i += k + 2
		if ok, eof := endTagAt(s, i, name); ok {
			return i - 2
		} else if eof {
			return len(s)
		}
	}
}

// endTagAt reports whether s[i:] continues "</" into the end tag of name, and whether the input
// ended before that could be told.
func endTagAt(s string, i int, name string) (ok, eof bool) {
	for k := 0; k < len(name); k++ {
		if i+k >= len(s) {
			return false, true
		}
		if s[i+k]|0x20 != name[k] {
			return false, false
		}
	}
	if i+len(name) >= len(s) {
		return false, true
	}
	c := s[i+len(name)]
	return isSpace(c) || c == '/' || c == '>', false
}

// scriptEnd returns the index of the "</script" that ends a script's content, following the
// escaping rules of x/net/html's tokenizer ("<!--" and a nested "<script>" hide the end tag),
// or len(s).
func scriptEnd(s string) int {
	const (
		data = iota
		lessThan
		escapeStart
		escapeStartDash
		escaped
		escapedDash
		escapedDashDash
		escapedLessThan
		doubleEscapeStart
		doubleEscaped
		doubleEscapedDash
		doubleEscapedDashDash
		doubleEscapedLessThan
	)
	state := data
	for i := 0; ; {
		if state == data {
			k := strings.IndexByte(s[i:], '<')
			if k < 0 {
				return len(s)
			}
			i += k + 1
			state = lessThan
			continue
		}
		if i >= len(s) {
			return len(s)
		}
		c := s[i]
		switch state {
		case lessThan:
			switch c {
			case '/':
				if ok, eof := endTagAt(s, i+1, "script"); ok {
					return i - 1
				} else if eof {
					return len(s)
				}
				i++
			case '!':
				i++
				state = escapeStart
				continue
			}
			state = data
		case escapeStart, escapeStartDash:
			if c != '-' {
				state = data
				continue
			}
			i++
			if state == escapeStart {
				state = escapeStartDash
			} else {
				state = escapedDashDash
			}
		case escaped, escapedDash, escapedDashDash, doubleEscaped, doubleEscapedDash, doubleEscapedDashDash:
			// The escaped and double-escaped states count dashes alike: each family is its
			// plain state, then one dash, two dashes, and "<", in that order.
			base := escaped
			if state >= doubleEscaped {
				base = doubleEscaped
			}
			i++
			switch {
			case c == '-':
				state = min(state+1, base+2)
			case c == '<':
				state = base + 3
			case c == '>' && state == base+2:
				state = data
			default:
				state = base
			}
		case escapedLessThan:
			switch {
			case c == '/':
				if ok, eof := endTagAt(s, i+1, "script"); ok {
					return i - 1
				} else if eof {
					return len(s)
				}
				i++
				state = escaped
			case isLetter(c):
				state = doubleEscapeStart
			default:
				state = data
			}
		case doubleEscapeStart:
			k := 0
			for ; k < len("script") && i+k < len(s) && s[i+k]|0x20 == "script"[k]; k++ {
			}
			switch {
			case i+k >= len(s):
				return len(s)
			case k < len("script"):
				i += k
				state = escaped
			case isSpace(s[i+k]) || s[i+k] == '/' || s[i+k] == '>':
				i += k + 1
				state = doubleEscaped
			default:
				i += k
				state = escaped
			}
		case doubleEscapedLessThan:
			if c != '/' {
				state = doubleEscaped
				continue
			}
			ok, eof := endTagAt(s, i+1, "script")
			switch {
			case ok:
				i += 1 + len("script") + 1
				state = escaped
			case eof:
				return len(s)
			default:
				i++
				state = doubleEscaped
			}
		}
	}
}

// convertNewlines turns "\r\n" and lone "\r" into "\n", as HTML's input stream does.
func convertNewlines(s string) string {
	if strings.IndexByte(s, '\r') < 0 {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// replaceNUL replaces NUL bytes in raw text with U+FFFD, as the tokenizer does.
func replaceNUL(s string) string {
	if strings.IndexByte(s, 0) < 0 {
		return s
	}
	return strings.ReplaceAll(s, "\x00", "\ufffd")
}

func block(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Ul, atom.Ol, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6,
		atom.Table, atom.Tr, atom.Blockquote, atom.Pre, atom.Section, atom.Article, atom.Hr,
		atom.Header, atom.Footer, atom.Dl, atom.Dt, atom.Dd:
		return true
	}
	return false
}

// textWriter accumulates text and normalizes white space as it goes: spaces fold to one, no
// space stands at a line's start or end, and at most one blank line separates paragraphs.
type textWriter struct {
	b        strings.Builder
	newlines int  // newlines written since the last text (2 = paragraph break)
	space    bool // a space is pending
	started  bool
}

// textString writes a text run, normalizing its newlines and decoding its entities.
func (w *textWriter) textString(t string) {
	t = convertNewlines(t)
	if strings.IndexByte(t, '&') >= 0 {
		t = html.UnescapeString(t)
	}
	w.text(t)
}

func (w *textWriter) text(t string) {
	for i := 0; i < len(t); {
		// Copy a run of ordinary bytes at once: most of a body is words.
		j := i
		for j < len(t) && !textSpecial[t[j]] {
			j++
		}
		if j > i {
			w.flush()
			w.b.WriteString(t[i:j])
			if i = j; i == len(t) {
				return
			}
		}
		switch c := t[i]; {
		case c == '\n':
			w.newline()
		case c == 0xc2:
			if i+1 < len(t) && t[i+1] == 0xa0 { // U+00A0
				w.space = true
				i++
			} else {
				w.flush()
				w.b.WriteByte(c)
			}
		default:
			w.space = true
		}
		i++
	}
}

// textSpecial marks the bytes text must look at: white space, and the first byte of U+00A0.
var textSpecial = [256]bool{' ': true, '\t': true, '\n': true, '\r': true, '\f': true, 0xc2: true}

// raw writes s as text that starts a line's content.
func (w *textWriter) raw(s string) {
	w.flush()
	w.b.WriteString(s)
}

func (w *textWriter) flush() {
	if w.started {
		switch {
		case w.newlines >= 2:
			w.b.WriteString("\n\n")
		case w.newlines == 1:
			w.b.WriteByte('\n')
		case w.space:
			w.b.WriteByte(' ')
		}
	}
	w.started, w.newlines, w.space = true, 0, false
}

func (w *textWriter) newline() {
	if w.newlines < 2 {
		w.newlines++
	}
	w.space = false
}

// lineBreak ends the current line if it has not ended yet; unlike newline, two in a row do not
// make a paragraph, so "</li><li>" stays one line break.
func (w *textWriter) lineBreak() {
	if w.newlines == 0 {
		w.newlines = 1
	}
	w.space = false
}

func (w *textWriter) paragraph() {
	w.newlines, w.space = 2, false
}

func (w *textWriter) finish() string { return w.b.String() }

// cleanText applies Text's white-space rules to text that holds no markup, entity or CR.
func cleanText(s string) string {
	var w textWriter
	w.text(s)
	return w.finish()
}
