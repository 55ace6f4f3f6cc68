package normalize

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// referenceText is Text written on the x/net/html tokenizer: slower, but with HTML's own rules
// for what a tag is. Text must agree with it on every input.
//
// Two rules come from HTML's tree construction rather than its tokenizer: a script or style
// start tag hides the raw text after it even when written "<script/>" (HTML ignores the slash
// there, and the tokenizer reads what follows as script all the same), and "</br>" is a line
// break like "<br>".
func referenceText(fragment string) string {
	var w textWriter
	z := html.NewTokenizer(strings.NewReader(fragment))
	skip := 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return w.finish()
		case html.TextToken:
			if skip == 0 {
				w.text(string(z.Text()))
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			switch a := atom.Lookup(name); {
			case a == atom.Script || a == atom.Style:
				skip++
			case a == atom.Br:
				w.newline()
			case a == atom.Li:
				w.lineBreak()
				w.raw("- ")
			case block(a):
				w.paragraph()
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch a := atom.Lookup(name); {
			case a == atom.Script || a == atom.Style:
				if skip > 0 {
					skip--
				}
			case a == atom.Br:
				w.newline()
			case a == atom.Li:
				w.lineBreak()
			case block(a):
				w.paragraph()
			}
		}
	}
}

var textSamples = []string{
	"<p>One &amp; two</p><p>Three</p>",
	"a < b and c > d",
	"x<br/>y<br />z",
	`<a href="/x?a=1&amp;b=2" title='>'>link</a> after`,
	"<!-- postmortem --><p>kept</p>",
	"<strong>Impact</strong><li>Users<li>Admins",
	"<script>if (a < b) {}</script>shown",
	"It’s fixed 🎉&nbsp;now",
	"a\u00a0\u00a0b \xc2 c\xc2",
	"<UL><LI>Upper</LI></UL>",
	"<p>\n  indented\n  lines\n</p>",
	"text with &#39;numeric&#39; and &#x27;hex&#x27; entities",
	`<a title="x>y">link</a>`,
	`<a title='x>y' href=x>y>link</a>`,
	`<a =">">link</a>`,
	`<a b"c="x>y">link</a>`,
	`<p a=/>x</p>`,
	"</ a=\"x>y\">z",
	"<!DOCTYPE html><!x>a<!-->b<!--->c<!-- x --!>d<?xml x?>e</>f",
	"<title>a <b>b</b> &amp; c</title>d",
	"<textarea>x<p>y</TEXTAREA >z",
	"<xmp>&amp;<p></xmp>q",
	"<script/>hidden</script>shown",
	"<script><!--<script>x</script>-->y</script>z",
	"<script><!--<script>a</script>b--></script>c<script><!-- -- > --></script>d",
	"<script><!--<SCRIPT/>--<</script>e",
	"<style>p{}</style >q",
	"<plaintext><p>all text",
	"one\r\ntwo\rthree&#13;four",
	"cut off <a href=\"x",
	"<a>\x00b</a><title>\x00</title>",
}

// TestTextAttributeQuotes is the bug this scanner's states fix: a ">" inside a quoted
// attribute value used to end the tag.
func TestTextAttributeQuotes(t *testing.T) {
	for in, want := range map[string]string{
		`<a title="x>y">link</a>`:             "link",
		`<a title='a>b' href="/c>d">link</a>`: "link",
		`<img alt=">">after`:                  "after",
		`<a title=x>y">link</a>`:              `y">link`, // unquoted: the value ends at ">"
	} {
		if got := Text(in); got != want {
			t.Errorf("Text(%q) = %q, want %q", in, got, want)
		}
	}
}

// referenceClean is textWriter.text byte by byte, as it was written before it copied runs: the
// white-space rules without the speed.
func referenceClean(t string) string {
	var w textWriter
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
	return w.finish()
}

func TestTextMatchesTokenizer(t *testing.T) {
	for _, s := range textSamples {
		if got, want := Text(s), referenceText(s); got != want {
			t.Errorf("Text(%q) = %q, tokenizer gives %q", s, got, want)
		}
	}
}

// FuzzText checks Text against the tokenizer on every input.
func FuzzText(f *testing.F) {
	for _, s := range textSamples {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := cleanText(s), referenceClean(s); got != want {
			t.Errorf("cleanText(%q) = %q, byte by byte %q", s, got, want)
		}
		if got, want := Text(s), referenceText(s); got != want {
			t.Errorf("Text(%q) = %q, tokenizer gives %q", s, got, want)
		}
	})
}

func BenchmarkText(b *testing.B) {
	body := strings.Repeat(`We are investigating reports of errors for <strong>API</strong> users.<br />* Step one<br />* Step &amp; two <a href="https://example.com/x">details</a>.<br /><br />`, 4)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		Text(body)
	}
}
