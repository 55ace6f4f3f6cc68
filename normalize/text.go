package normalize

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Text renders an HTML fragment as readable plain text: paragraphs become blank-line breaks,
// <br> a line break, list items "- item" lines; entities are decoded, tags and scripts dropped,
// runs of spaces folded, and non-breaking spaces made plain. Newlines in the source text are
// kept, because vendors write markdown-ish bodies whose line breaks carry meaning.
//
// It uses the x/net/html tokenizer rather than a parse tree: a tree for every update body would
// cost far more than the feed parse itself, and text needs no tree.
func Text(fragment string) string {
	if !strings.ContainsAny(fragment, "<&") {
		return cleanText(fragment)
	}
	var w textWriter
	z := html.NewTokenizer(strings.NewReader(fragment))
	skip := 0 // inside <script> or <style>
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return w.finish()
		case html.TextToken:
			if skip == 0 {
				w.text(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch a {
			case atom.Script, atom.Style:
				if tt == html.StartTagToken {
					skip++
				}
			case atom.Br:
				w.newline()
			case atom.Li:
				w.lineBreak()
				w.raw("- ")
			default:
				if block(a) {
					w.paragraph()
				}
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch {
			case a == atom.Script || a == atom.Style:
				if skip > 0 {
					skip--
				}
			case a == atom.Li:
				w.lineBreak()
			case block(a):
				w.paragraph()
			}
		}
	}
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

func (w *textWriter) text(t []byte) {
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
	w.text([]byte(s))
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
