package gcp

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestRender(t *testing.T) {
	for _, tc := range []struct{ name, md, plain, marked string }{
		{"lines stay lines", "Summary: x\nDescription: y", "Summary: x\nDescription: y", ""},
		{"bold heading", "**Summary**\nA.\n**Description**\nB.", "Summary\nA.\n\nDescription\nB.", "# Summary\nA.\n\n# Description\nB."},
		{"escaped headings", "## \\# Incident Report\n## \\#\\# Summary\nText.", "Incident Report\n\nSummary\nText.", "# Incident Report\n\n# Summary\nText."},
		{"closing hashes", "## PRELIMINARY INCIDENT REPORT ##\nText.", "PRELIMINARY INCIDENT REPORT\nText.", ""},
		{"hashtag is text", "#gcp rocks", "#gcp rocks", ""},
		{"bold sentence is text", "**We recommend shutting down your workloads now.**", "We recommend shutting down your workloads now.", ""},
		{"colon heading", "**Root Cause:**\nX", "Root Cause:\nX", "# Root Cause\nX"},
		{"lists", "* one\n- two\n1. three", "- one\n- two\n1. three", ""},
		{"table", "| When | What |\n| :---- | :---- |\n| 16:24 | Power \\| lost |", "When | What\n16:24 | Power | lost", ""},
		{"escapes and emphasis", `**\[ETA Aug 2026\].** and *before* us-central* 5 * 3 snake_case`, "[ETA Aug 2026]. and before us-central* 5 * 3 snake_case", ""},
		{"links", "[**https://a.example/x**](https://a.example/x) and [Support](https://b.example)", "https://a.example/x and Support (https://b.example)", ""},
		{"not a link", "[Global] x (y)", "[Global] x (y)", ""},
		{"code", "run `gcloud foo`", "run gcloud foo", ""},
		{"hard breaks", "**Description** \\\nText. \\ \\\n\\\nMore.", "Description\nText.\n\nMore.", ""},
		{"crlf", "a\r\nb\rc", "a\nb\nc", ""},
		{"rule", "a\n---\nb", "a\n\nb", ""},
		{"plain report headings", "INCIDENT REPORT (Combined GCP / WS)\nSummary\nText.", "INCIDENT REPORT (Combined GCP / WS)\n\nSummary\nText.", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := render(tc.md)
			assert.Equal(t, tc.plain, r.plain)
			if tc.marked != "" {
				assert.Equal(t, tc.marked, r.marked)
			}
		})
	}
}

func TestIsReport(t *testing.T) {
	for md, want := range map[string]bool{
		"## \\# Incident Report\n## \\#\\# Summary":                         true,
		"# Mini Incident Report\nWe apologize":                              true,
		"**Mini Incident Report**\nx":                                       true,
		"Mini Incident-Report:\nx":                                          true,
		"## PRELIMINARY INCIDENT REPORT ##\nx":                              true,
		"INCIDENT REPORT (Combined GCP / WS)\nSummary":                      true,
		"We apologize.\n**Incident Start:** 1 May\n**Incident End:** 2 May": true,
		"The Incident Report is now available on the dashboard":             false,
		"Please refer to the following for the mini incident report:":       false,
		"**Summary**\nAn incident report will follow.":                      false,
		"": false,
	} {
		assert.Equal(t, want, isReport(md), md)
	}
}

func FuzzRender(f *testing.F) {
	for _, s := range []string{"## \\# a\n| b | c |\n| --- | --- |", "[x](y) *z* **w** \\", "[[", "*", "| \\"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, md string) {
		r := render(md)
		_ = isReport(md)
		if len(r.plain) > 2*len(md)+16 {
			t.Fatalf("rendering grew %d bytes to %d", len(md), len(r.plain))
		}
	})
}

// Inline markup is read in one pass: inputs that made the first version quadratic (a marker or
// bracket opening on every few bytes of a long line) take milliseconds, not seconds.
func TestRenderIsLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("timing")
	}
	for _, s := range []string{strings.Repeat("*a ", 30000), strings.Repeat("[", 100000), strings.Repeat("[a](", 30000) + ")",
		strings.Repeat("_a ", 30000), strings.Repeat("*[", 40000), strings.Repeat("[", 20000) + "x" + strings.Repeat("](y)", 20000)} {
		start := time.Now()
		render(s)
		isReport(s)
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%d bytes starting %.8q took %v", len(s), s, d)
		}
	}
}
