package gcp

import (
	"regexp"
	"strings"

	"statusfeed.dev/normalize"
	"statusfeed.dev/statusfeed"
)

// Google writes update text in a markdown of its own: one line per paragraph (single newlines,
// never blank lines), "**Summary**" lines and "#" headings, "-" and "*" lists, a table in the
// 2026 reports, the odd link and backslash escape, and incident reports whose headings are
// escaped twice over ("## \# Incident Report", "## \#\#  Summary"). A CommonMark renderer would
// join the single-newline lines into one paragraph and print "# Incident Report" for the
// escaped headings, so the text is rendered line by line here instead.

// rendered is an update's text as plain text, and as the same text with its headings marked
// ("# Summary") for normalize.Sections.
type rendered struct {
	plain, marked string
}

// render turns Google's markdown into readable plain text: headings and bold-only lines stand as
// their own lines after a blank line, list items are "- item" lines, table rows are cells joined
// by " | " (the separator row dropped), emphasis markers, backticks and escapes are removed, and
// links become "text (url)". Line breaks are kept: each of Google's lines is a paragraph.
func render(md string) rendered {
	md = strings.ReplaceAll(strings.ReplaceAll(md, "\r\n", "\n"), "\r", "\n")
	var plain, marked []string
	blank := func() {
		if n := len(plain); n > 0 && plain[n-1] != "" {
			plain, marked = append(plain, ""), append(marked, "")
		}
	}
	for _, line := range strings.Split(md, "\n") {
		// A backslash ending a line is markdown's hard line break; Google's editor leaves them in
		// runs ("healthy. \ \") and alone on a line.
		t := strings.TrimRight(strings.TrimSpace(line), "\\ \t")
		switch {
		// Each pattern is tried only on lines that can match it (by their first byte, or a byte
		// they must hold): the dashboard's document has tens of thousands of lines.
		case t == "" || strings.IndexByte("-*_", t[0]) >= 0 && hrLine.MatchString(t):
			blank()
		case strings.IndexByte(t, '|') >= 0 && strings.Contains(t, "---") && tableSep.MatchString(t):
		case strings.HasPrefix(t, "|"):
			var cells []string
			for _, c := range splitCells(t) {
				cells = append(cells, inline(c))
			}
			l := strings.Join(cells, " | ")
			plain, marked = append(plain, l), append(marked, l)
		default:
			if h, ok := heading(t); ok {
				blank()
				plain, marked = append(plain, h), append(marked, "# "+strings.TrimSuffix(h, ":"))
				continue
			}
			var l string
			if m := matchFirst(bullet, "-*+", t); m != nil {
				l = "- " + inline(m[1])
			} else {
				l = inline(t)
			}
			if l = fold(l); l != "" {
				plain, marked = append(plain, l), append(marked, l)
			}
		}
	}
	return rendered{plain: joinLines(plain), marked: joinLines(marked)}
}

var (
	hrLine   = regexp.MustCompile(`^(?:-{3,}|\*{3,}|_{3,})$`)
	tableSep = regexp.MustCompile(`^\|?(?:\s*:?-{3,}:?\s*\|)+\s*(?::?-{3,}:?)?\s*$`)
	bullet   = regexp.MustCompile(`^[-*+]\s+(.*)$`)
	// reportTitle is the first line of an incident report once markup is gone: "Incident
	// Report", "Mini Incident Report", "PRELIMINARY INCIDENT REPORT ##", "UPDATED INCIDENT REPORT".
	reportTitle = regexp.MustCompile(`(?i)^(?:(?:mini|preliminary|updated|final|full)\s+)?incident[\s-]*report\b`)
)

// plainHeadings are the section titles of Google's incident reports, which some reports write
// as plain lines ("Summary", "Root Cause") with no markup to tell them from text.
var plainHeadings = map[string]bool{
	"summary": true, "incident summary": true, "introduction": true, "background": true,
	"root cause": true, "remediation and prevention": true, "detailed description of impact": true,
	"customer impact": true, "additional details": true, "timeline": true,
}

// longestPlainHeading is the length of the longest of plainHeadings.
var longestPlainHeading = func() int {
	n := 0
	for h := range plainHeadings {
		n = max(n, len(h))
	}
	return n
}()

// matchFirst is re.FindStringSubmatch(t) for a pattern that matches only strings that begin with
// one of the bytes in first.
func matchFirst(re *regexp.Regexp, first, t string) []string {
	if t == "" || strings.IndexByte(first, t[0]) < 0 {
		return nil
	}
	return re.FindStringSubmatch(t)
}

// heading returns the text of a markdown heading ("## Summary", "## \#\# Root Cause",
// "## PRELIMINARY INCIDENT REPORT ##"), a line that is all bold ("**Summary:**"), or a plain line
// that is one of the reports' section titles ("Root Cause") or a report's own title ("INCIDENT
// REPORT (Combined GCP / WS)").
func heading(t string) (string, bool) {
	if strings.HasPrefix(t, "#") {
		n := strings.IndexFunc(t, func(r rune) bool { return r != '#' })
		if n > 0 && t[n] != ' ' && t[n] != '\t' {
			return "", false // "#hashtag" is no heading
		}
		h := t
		for { // "## \#\# Summary": the escaped marks are part of the heading's text, and noise
			s := strings.TrimLeft(strings.TrimLeft(h, "#"), " \t")
			s = strings.TrimLeft(strings.ReplaceAll(s, `\#`, "#"), "# \t")
			if s == h {
				break
			}
			h = s
		}
		h = fold(inline(strings.TrimRight(h, "# \t")))
		return h, h != ""
	}
	// A bold line is a heading when it reads like one: a sentence in bold is emphasis.
	if len(t) <= longestPlainHeading+1 && plainHeadings[strings.ToLower(strings.TrimSuffix(t, ":"))] ||
		matchFirst(reportTitle, "mpufiMPUFI", t) != nil && len(strings.Fields(t)) <= 10 && !strings.ContainsAny(t, "*[\\") {
		return t, true
	}
	if len(t) > 4 && strings.HasPrefix(t, "**") && strings.HasSuffix(t, "**") && !strings.Contains(t[2:len(t)-2], "**") {
		h := fold(inline(t))
		return h, h != "" && len(strings.Fields(h)) <= 12 && !strings.HasSuffix(h, ".")
	}
	return "", false
}

// splitCells splits a table row on the pipes that are not escaped.
func splitCells(row string) []string {
	row = strings.TrimSpace(row)
	row = strings.TrimPrefix(row, "|")
	if strings.HasSuffix(row, "|") && !strings.HasSuffix(row, `\|`) {
		row = row[:len(row)-1]
	}
	var cells []string
	start := 0
	for i := 0; i < len(row); i++ {
		switch row[i] {
		case '\\':
			i++
		case '|':
			cells = append(cells, strings.TrimSpace(row[start:i]))
			start = i + 1
		}
	}
	return append(cells, strings.TrimSpace(row[start:]))
}

// mdPunct are the characters a backslash escapes in markdown.
const mdPunct = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"

// inline removes inline markup: escapes, bold and emphasis markers, backticks, and links
// ("[text](target)" becomes "text (target)", or "target" where the text is the target). It is
// one pass over s: the closing markers and brackets are found beforehand, so that no input
// makes it quadratic.
func inline(s string) string {
	if !strings.ContainsAny(s, "\\*`[_") {
		return s
	}
	var sc *scan // built on the first marker that needs it
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if sc != nil {
			if sc.drop[i] {
				continue
			}
			if r, ok := sc.resume[i]; ok {
				b.WriteString(r.text)
				i = r.at - 1
				continue
			}
		}
		c := s[i]
		switch c {
		case '\\':
			if i+1 < len(s) && strings.IndexByte(mdPunct, s[i+1]) >= 0 {
				b.WriteByte(s[i+1])
				i++
				continue
			}
		case '*', '_':
			if i+1 < len(s) && s[i+1] == c { // "**" and "__" only ever mark bold
				i++
				continue
			}
			if opens(s, i) && i+2 < len(s) {
				if sc == nil {
					sc = newScan(s)
				}
				if j := sc.closer(c, i+2); j > 0 {
					sc.drop[j] = true
					continue
				}
			}
		case '`':
			continue
		case '[':
			if sc == nil {
				sc = newScan(s)
			}
			if j, k, ok := sc.link(i); ok {
				text, target := s[i+1:j], strings.TrimSpace(s[j+2:k])
				if t := strings.Trim(text, "*_ "); t == "" || t == target {
					b.WriteString(target)
					i = k
					continue
				}
				sc.resume[j] = resume{" (" + target + ")", k + 1}
				continue
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

// opens reports whether the marker at i can open emphasis: text follows it, and it does not
// stand inside a word ("snake_case", "us-central*").
func opens(s string, i int) bool {
	return i+1 < len(s) && s[i+1] != ' ' && !(i > 0 && isWordByte(s[i-1]))
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// scan holds what inline looks ahead for, computed once per string in linear time.
type scan struct {
	s           string
	star, under []int // the first marker at or after k that can close emphasis, -1 for none
	match       []int // for each "[", the index of its "]", -1 for none
	paren       []int // the first ")" at or after k
	space       []int // the first space or tab at or after k
	drop        []bool
	resume      map[int]resume // at a link's "]": what to write, and where to go on
}

type resume struct {
	text string
	at   int
}

func newScan(s string) *scan {
	n := len(s)
	sc := &scan{s: s, star: make([]int, n+1), under: make([]int, n+1), match: make([]int, n),
		paren: make([]int, n+1), space: make([]int, n+1), drop: make([]bool, n), resume: map[int]resume{}}
	sc.star[n], sc.under[n], sc.paren[n], sc.space[n] = -1, -1, -1, -1
	for k := n - 1; k >= 0; k-- {
		sc.star[k], sc.under[k], sc.paren[k], sc.space[k] = sc.star[k+1], sc.under[k+1], sc.paren[k+1], sc.space[k+1]
		switch c := s[k]; {
		case (c == '*' || c == '_') && closes(s, k):
			if c == '*' {
				sc.star[k] = k
			} else {
				sc.under[k] = k
			}
		case c == ')':
			sc.paren[k] = k
		case c == ' ' || c == '\t':
			sc.space[k] = k
		}
	}
	var open []int
	for i := 0; i < n; i++ {
		sc.match[i] = -1
		switch s[i] {
		case '\\':
			i++
		case '[':
			open = append(open, i)
		case ']':
			if len(open) > 0 {
				sc.match[open[len(open)-1]] = i
				open = open[:len(open)-1]
			}
		}
	}
	return sc
}

// closes reports whether the marker at j can close emphasis: it follows text, and no word goes
// on after it.
func closes(s string, j int) bool {
	c := s[j]
	if j == 0 || s[j-1] == ' ' || s[j-1] == '\\' || s[j-1] == c {
		return false
	}
	return j+1 == len(s) || !isWordByte(s[j+1]) && s[j+1] != c
}

func (sc *scan) closer(c byte, from int) int {
	next := sc.star
	if c == '_' {
		next = sc.under
	}
	if j := next[from]; j > 0 && !sc.drop[j] {
		return j
	}
	return -1
}

// link reports whether the "[" at i opens a link "[text](target)", with the indexes of its "]"
// and of the ")" closing the target; the target has no spaces.
func (sc *scan) link(i int) (j, k int, ok bool) {
	j = sc.match[i]
	if j < 0 || j+1 >= len(sc.s) || sc.s[j+1] != '(' {
		return 0, 0, false
	}
	k = sc.paren[j+2]
	if k < 0 || k == j+2 || (sc.space[j+2] >= 0 && sc.space[j+2] < k) {
		return 0, 0, false
	}
	return j, k, true
}

// fold folds runs of white space to one space.
func fold(s string) string {
	// Byte searches: ContainsAny with a non-ASCII rune walks the string rune by rune.
	if !strings.Contains(s, "  ") && strings.IndexByte(s, '\t') < 0 && !strings.Contains(s, "\u00a0") {
		return strings.TrimSpace(s)
	}
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\u00a0", " ")), " ")
}

func joinLines(lines []string) string {
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return strings.Join(lines, "\n")
}

// isReport says whether an update is an incident report (a postmortem) rather than a status
// update: its first line names one ("# Incident Report", "**Mini Incident Report**", "##
// PRELIMINARY INCIDENT REPORT ##"), or it is a mini report in Google's form without that title,
// which states the incident's start and end in "**Incident Start:**" and "**Incident End:**"
// lines. A pointer to a report elsewhere ("The Incident Report is now available on …") is an
// update.
func isReport(md string) bool {
	first := strings.TrimSpace(md)
	if i := strings.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	if h, ok := heading(strings.TrimSpace(first)); ok {
		first = h
	} else {
		first = inline(first)
	}
	first = strings.TrimLeft(first, "#*\\ \t")
	return reportTitle.MatchString(first) ||
		strings.Contains(md, "**Incident Start:**") && strings.Contains(md, "**Incident End:**")
}

// report is an update that is an incident report.
type report struct {
	update statusfeed.Update
	text   rendered
}

// postmortem makes the newest report the incident's postmortem, and returns the older ones (a
// mini or preliminary report that the final one superseded) as updates, so that none of the
// vendor's text is lost.
func postmortem(reports []report) (*statusfeed.Postmortem, []statusfeed.Update) {
	if len(reports) == 0 {
		return nil, nil
	}
	newest := 0
	for i, r := range reports {
		if r.update.At.After(reports[newest].update.At) {
			newest = i
		}
	}
	var older []statusfeed.Update
	for i, r := range reports {
		if i != newest {
			older = append(older, r.update)
		}
	}
	r := reports[newest]
	pm := &statusfeed.Postmortem{PublishedAt: r.update.At, Body: r.text.plain}
	for _, s := range normalize.Sections(r.text.marked) {
		if s.Body != "" { // the report's own title heads no text of its own
			pm.Sections = append(pm.Sections, s)
		}
	}
	return pm, older
}
