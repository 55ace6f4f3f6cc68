package timeline

import (
	"fmt"
	"html"
	"strings"
	"time"

	"statusfeed.dev/normalize"
	"statusfeed.dev/statusfeed"
)

// Block is one update as printed: the stamp's text, the status word and the body's HTML.
type Block struct {
	Stamp     string
	RawStatus string
	Body      string // HTML
}

// Split finds the update blocks in an entry's HTML. preamble is the HTML before the first block
// (Instatus' Type/Duration paragraphs, Statuspage's "THIS IS A SCHEDULED EVENT" line). Content
// whose blocks are entity-escaped once more (Instatus RSS wraps escaped HTML in CDATA) is
// unescaped first.
func Split(content string) (preamble string, blocks []Block) {
	if !strings.Contains(content, "<small") && strings.Contains(content, "&lt;small") {
		content = html.UnescapeString(content)
	}
	starts := blockStarts(content)
	if len(starts) == 0 {
		return content, nil
	}
	preamble = trimOpenP(content[:starts[0].tag])
	for i, s := range starts {
		end := len(content)
		if i+1 < len(starts) {
			end = starts[i+1].tag
		}
		b := Block{Stamp: s.stamp}
		rest := content[s.after:end]
		if j := strings.Index(rest, "<strong>"); j >= 0 {
			if k := strings.Index(rest[j:], "</strong>"); k >= 0 {
				// Only a <strong> before any body text is the status; a body may hold more.
				if normalize.Text(rest[:j]) == "" {
					b.RawStatus = normalize.InlineText(rest[j+len("<strong>") : j+k])
					rest = rest[j+k+len("</strong>"):]
				}
			}
		}
		rest = strings.TrimLeft(rest, " \t\r\n")
		rest = strings.TrimPrefix(rest, "-")
		b.Body = trimOpenP(rest)
		blocks = append(blocks, b)
	}
	return preamble, blocks
}

type start struct {
	tag   int    // where the block's <p> (or <small>) begins
	after int    // just past </small>
	stamp string // the stamp's text
}

func blockStarts(s string) []start {
	var out []start
	for i := 0; ; {
		j := strings.Index(s[i:], "<small")
		if j < 0 {
			return out
		}
		j += i
		open := strings.IndexByte(s[j:], '>')
		k := strings.Index(s[j:], "</small>")
		if open < 0 || k < 0 {
			return out
		}
		if open > k { // "<small</small>": not a tag
			i = j + len("<small")
			continue
		}
		after := j + k + len("</small>")
		stamp := normalize.InlineText(s[j+open+1 : j+k])
		if _, err := normalize.ParseStamp(stamp); err == nil {
			out = append(out, start{tag: paragraphStart(s, i, j), after: after, stamp: stamp})
		}
		i = after
	}
}

// paragraphStart returns where the block whose <small> is at j begins: at the "<p>" right before
// it when there is one (after from), else at the <small> itself.
func paragraphStart(s string, from, j int) int {
	p := strings.LastIndex(s[from:j], "<p")
	if p < 0 {
		return j
	}
	p += from
	gt := strings.IndexByte(s[p:j], '>')
	if gt < 0 || strings.TrimSpace(s[p+gt+1:j]) != "" {
		return j
	}
	return p
}

// trimOpenP drops a dangling "<p>" at the end of a fragment and white space around it.
func trimOpenP(s string) string {
	return strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "<p>"))
}

// Options adjust how blocks become updates for one provider.
type Options struct {
	// CleanBody is applied to every body's text (Instatus' extra period).
	CleanBody func(string) string
}

// Updates resolves the blocks' stamps against ref (the entry's own time, with its offset) and
// maps their status words. A block titled "Postmortem" becomes the postmortem, not an update.
// Blocks whose stamps cannot be read are reported in errs and left out; zone doubts go to the
// page's warnings.
func Updates(blocks []Block, ref time.Time, page *statusfeed.Page, opt Options) (updates []statusfeed.Update, pm *statusfeed.Postmortem, errs []error) {
	for _, b := range blocks {
		at, warn, err := normalize.ResolveStamp(b.Stamp, ref)
		if warn != "" {
			page.Warn(warn)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("update %q: %w", b.Stamp, err))
			continue
		}
		body := normalize.Text(b.Body)
		if opt.CleanBody != nil {
			body = opt.CleanBody(body)
		}
		if strings.EqualFold(b.RawStatus, "postmortem") {
			if pm == nil || at.After(pm.PublishedAt) { // the newest postmortem wins
				pm = &statusfeed.Postmortem{PublishedAt: at, Body: body, Sections: normalize.Sections(body)}
			}
			continue
		}
		updates = append(updates, statusfeed.Update{At: at, Status: normalize.Status(b.RawStatus), RawStatus: b.RawStatus, Body: body})
	}
	return updates, pm, errs
}
