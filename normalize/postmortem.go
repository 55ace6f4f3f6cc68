package normalize

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"statusfeed.dev/statusfeed"
)

// knownHeadings are the headings vendors give postmortem sections; with these a trailing colon
// ("Root cause:") still marks a heading.
var knownHeadings = map[string]bool{
	"summary": true, "overview": true, "what happened": true, "why it happened": true,
	"root cause": true, "root cause analysis": true, "impact": true, "customer impact": true,
	"timeline": true, "resolution": true, "remediation": true, "mitigation": true,
	"next steps": true, "action items": true, "follow-up actions": true, "what we did": true,
	"what's next": true, "what we are doing": true, "lessons learned": true, "conclusion": true,
	"detection": true, "background": true, "incident report": true, "details": true,
}

// Sections splits a postmortem's plain text (as Text renders it) into headed sections. A heading
// is a line standing after a blank line (or first) that is:
//
//   - a markdown heading, "# Summary" (escaped "## \# Summary" too);
//   - a bold line, "**What happened**";
//   - a short title line: at most 8 words, starting with a capital, without a sentence's
//     closing punctuation ("What Happened", "Next Steps"), or a known heading with a colon.
//
// Text before the first heading becomes a section without a heading. A body with no heading
// gives nil: one unnamed section would say nothing the body does not.
func Sections(text string) []statusfeed.Section {
	lines := strings.Split(text, "\n")
	var secs []statusfeed.Section
	var cur *statusfeed.Section
	var body []string
	found := false
	flush := func() {
		b := strings.TrimSpace(strings.Join(body, "\n"))
		if cur != nil || b != "" {
			s := statusfeed.Section{Body: b}
			if cur != nil {
				s.Heading = cur.Heading
			}
			secs = append(secs, s)
		}
		body = body[:0]
	}
	prevBlank := true
	for i, line := range lines {
		t := strings.TrimSpace(line)
		h, ok := heading(t, prevBlank)
		if ok && plainTitle(t) && i+1 < len(lines) {
			// A plain title line needs its body to look like body: a blank line or a line that
			// is not another title ("We saw errors\nAcross All Regions" is one sentence).
			next := strings.TrimSpace(lines[i+1])
			if _, alsoTitle := heading(next, true); next != "" && alsoTitle && plainTitle(next) {
				ok = false
			}
		}
		if ok {
			flush()
			cur = &statusfeed.Section{Heading: h}
			found = true
			prevBlank = false
			continue
		}
		body = append(body, line)
		prevBlank = t == ""
	}
	flush()
	if !found {
		return nil
	}
	return secs
}

func heading(t string, prevBlank bool) (string, bool) {
	if t == "" || !prevBlank {
		return "", false
	}
	if strings.HasPrefix(t, "#") || strings.HasPrefix(t, `\#`) {
		h := strings.TrimLeft(strings.ReplaceAll(t, `\#`, "#"), "# ")
		h = strings.TrimLeft(h, "# ") // "## \# Incident Report" → "Incident Report"
		return h, h != ""
	}
	if strings.HasPrefix(t, "**") && strings.HasSuffix(t, "**") && len(t) > 4 {
		h := strings.TrimSuffix(strings.TrimSpace(t[2:len(t)-2]), ":")
		return h, h != "" && !strings.Contains(h, "**")
	}
	if len(t) > 60 || len(strings.Fields(t)) > 8 {
		return "", false
	}
	if body := strings.TrimSuffix(t, ":"); body != t {
		return body, knownHeadings[strings.ToLower(body)]
	}
	r, _ := utf8.DecodeRuneInString(t)
	if !unicode.IsUpper(r) {
		return "", false
	}
	switch t[len(t)-1] {
	case '.', '!', '?', ',', ';', ')', '"':
		return "", false
	}
	return t, true
}

// plainTitle reports whether t would be a heading only by being a short title line, with no
// markdown or bold markers.
func plainTitle(t string) bool {
	return !strings.HasPrefix(t, "#") && !strings.HasPrefix(t, `\#`) && !strings.HasPrefix(t, "**")
}
