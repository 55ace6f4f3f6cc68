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
// It scans tags itself instead of using a parse tree or the x/net/html tokenizer: it runs once
// per update on the hot path, update bodies are small inline HTML, and a tokenizer's buffer per
// body cost more than the rest of the parse. Tag recognition follows HTML's tokenizer ("<"
// starts a tag only before a letter, "/", "!" or "?"); its tests compare it with x/net/html.
func Text(fragment string) string {
	if !strings.ContainsAny(fragment, "<&") {
		return cleanText(fragment)
	}
	var w textWriter
	w.b.Grow(len(fragment))
	skip := atom.Atom(0) // inside <script> or <style>: skip to its end tag
	s := fragment
	for len(s) > 0 {
		i := nextTag(s)
		if i < 0 {
			i = len(s)
		}
		if skip == 0 && i > 0 {
			w.textString(s[:i])
		}
		s = s[i:]
		if s == "" {
			break
		}
		var name string
		var end, selfClosing bool
		name, end, selfClosing, s = readTag(s)
		if name == "" {
			continue // comment, doctype or processing instruction
		}
		a := atom.Lookup([]byte(strings.ToLower(name)))
		if skip != 0 {
			if end && a == skip {
				skip = 0
			}
			continue
		}
		switch {
		case !end && (a == atom.Script || a == atom.Style):
			if !selfClosing {
				skip = a
			}
		case a == atom.Br:
			w.newline()
		case a == atom.Li:
			w.lineBreak()
			if !end {
				w.raw("- ")
			}
		case block(a):
			w.paragraph()
		}
	}
	return w.finish()
}

// nextTag returns the index of the next "<" that starts a tag, comment or declaration, or -1.
func nextTag(s string) int {
	for off := 0; ; {
		i := strings.IndexByte(s[off:], '<')
		if i < 0 {
			return -1
		}
		i += off
		if i+1 < len(s) {
			c := s[i+1]
			if c|0x20 >= 'a' && c|0x20 <= 'z' || c == '!' || c == '?' || c == '/' && i+2 < len(s) {
				return i
			}
		}
		off = i + 1
	}
}

// readTag reads the tag at the start of s (which begins with "<") and returns its name, whether
// it is an end tag or self-closing, and the rest of s. Comments and declarations return "".
func readTag(s string) (name string, end, selfClosing bool, rest string) {
	if strings.HasPrefix(s, "<!--") {
		if j := strings.Index(s[4:], "-->"); j >= 0 {
			return "", false, false, s[4+j+3:]
		}
		return "", false, false, ""
	}
	i := 1
	if s[i] == '/' {
		end = true
		i++
	}
	j := i
	for j < len(s) && s[j] != '>' && s[j] != '/' && s[j] != ' ' && s[j] != '\t' && s[j] != '\n' && s[j] != '\r' && s[j] != '\f' {
		j++
	}
	name = s[i:j]
	if s[1] == '!' || s[1] == '?' {
		name = ""
	}
	// Find the closing ">", skipping quoted attribute values.
	var quote byte
	for ; j < len(s); j++ {
		c := s[j]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			if j > 0 && s[j-1] == '=' || j > 1 && s[j-1] == ' ' && s[j-2] == '=' {
				quote = c
			}
		case c == '>':
			return name, end, j > 0 && s[j-1] == '/', s[j+1:]
		}
	}
	return "", false, false, "" // end of input inside a tag: HTML drops the tag
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

// textString writes a text run, decoding its entities.
func (w *textWriter) textString(t string) {
	if strings.IndexByte(t, '&') >= 0 {
		t = html.UnescapeString(t)
	}
	w.text(t)
}

func (w *textWriter) text(t string) {
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case c == '\n':
			w.newline()
		case c == ' ' || c == '\t' || c == '\r' || c == '\f':
			w.space = true
		case c == 0xc2 && i+1 < len(t) && t[i+1] == 0xa0: // U+00A0
			w.space = true
			i++
		default:
			w.flush()
			w.b.WriteByte(c)
		}
	}
}

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

// cleanText applies Text's white-space rules to text that holds no markup.
func cleanText(s string) string {
	var w textWriter
	w.text(s)
	return w.finish()
}

// TrimDoublePeriod removes the extra period Instatus appends to a message that already ends in
// one ("resolved.." and "operational. ."), leaving an ellipsis ("...") alone.
func TrimDoublePeriod(s string) string {
	t := strings.TrimRight(s, " \n")
	switch {
	case strings.HasSuffix(t, "...") && !strings.HasSuffix(t, "...."):
		return t
	case strings.HasSuffix(t, ".."):
		return t[:len(t)-1]
	case strings.HasSuffix(t, ". ."):
		return t[:len(t)-2]
	}
	return t
}
