package normalize

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// referenceText is Text written on the x/net/html tokenizer: slower, but with HTML's own rules
// for what a tag is. Text must agree with it on every input.
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
				if tt == html.StartTagToken {
					skip++
				}
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
	"<UL><LI>Upper</LI></UL>",
	"<p>\n  indented\n  lines\n</p>",
	"text with &#39;numeric&#39; and &#x27;hex&#x27; entities",
}

func TestTextMatchesTokenizer(t *testing.T) {
	for _, s := range textSamples {
		if got, want := Text(s), referenceText(s); got != want {
			t.Errorf("Text(%q) = %q, tokenizer gives %q", s, got, want)
		}
	}
}

// FuzzText checks Text against the tokenizer on inputs made of the characters that matter.
func FuzzText(f *testing.F) {
	for _, s := range textSamples {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if strings.ContainsAny(s, "\x00\r") || strings.Contains(s, "<!") || strings.Contains(s, "<?") ||
			strings.Contains(s, "</ ") || strings.Contains(s, "<script") || strings.Contains(s, "<style") ||
			strings.Contains(s, "\"") || strings.Contains(s, "'") || strings.Contains(s, "<t") || strings.Contains(s, "<x") {
			// Edge cases where the two may differ harmlessly: NUL and CR handling, bogus comments,
			// raw-text elements, attribute quoting, and RCDATA (<title>, <textarea>, <xmp>).
			t.Skip()
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
