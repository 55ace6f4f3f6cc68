package parsertest

import (
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"statusfeed.dev/statusfeed"
)

// recorder is a testing.TB that records failures instead of failing, so that the checks can be
// shown to fail.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	runtime.Goexit()
}

// failures runs check against a recorder and returns what it reported.
func failures(t *testing.T, check func(testing.TB)) string {
	r := &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		check(r)
	}()
	<-done
	return strings.Join(r.errs, "\n")
}

var (
	at     = time.Date(2024, 2, 8, 9, 0, 0, 0, time.UTC)
	berlin = time.FixedZone("CET", 3600)
)

func goodPage() *statusfeed.Page {
	return &statusfeed.Page{
		Name: "Example", GeneratedAt: at,
		Components: []statusfeed.Component{{Name: "API", Uptime: []statusfeed.UptimeDay{{Date: at.Truncate(24 * time.Hour)}}}},
		Incidents: []statusfeed.Incident{{
			ID: "x1", Title: "Errors", Status: statusfeed.StatusResolved, StartedAt: at, ResolvedAt: at.Add(time.Hour),
			Updates: []statusfeed.Update{
				{Status: statusfeed.StatusUpdate}, // no time: left out of the order
				{At: at, Status: statusfeed.StatusInvestigating},
				{At: at.Add(time.Hour), Status: statusfeed.StatusResolved},
			},
			Postmortem: &statusfeed.Postmortem{PublishedAt: at.Add(24 * time.Hour)},
		}},
	}
}

func TestInvariants(t *testing.T) {
	assert.Empty(t, failures(t, func(tb testing.TB) { Invariants(tb, goodPage()) }))
	for want, spoil := range map[string]func(p *statusfeed.Page){
		"page GeneratedAt 2024-02-08 10:00:00 +0100 CET is not UTC":     func(p *statusfeed.Page) { p.GeneratedAt = at.In(berlin) },
		`component "API" uptime day`:                                    func(p *statusfeed.Page) { p.Components[0].Uptime[0].Date = at.In(berlin) },
		`incident "Errors" (x1) StartedAt`:                              func(p *statusfeed.Page) { p.Incidents[0].StartedAt = at.In(berlin) },
		`incident "Errors" (x1) ResolvedAt`:                             func(p *statusfeed.Page) { p.Incidents[0].ResolvedAt = at.Add(time.Hour).In(berlin) },
		`incident "Errors" (x1) ScheduledFor`:                           func(p *statusfeed.Page) { p.Incidents[0].ScheduledFor = at.In(berlin) },
		`incident "Errors" (x1) ScheduledUntil`:                         func(p *statusfeed.Page) { p.Incidents[0].ScheduledUntil = at.In(berlin) },
		`incident "Errors" (x1) postmortem PublishedAt`:                 func(p *statusfeed.Page) { p.Incidents[0].Postmortem.PublishedAt = at.In(berlin) },
		`incident "Errors" (x1) update 1`:                               func(p *statusfeed.Page) { p.Incidents[0].Updates[1].At = at.In(berlin) },
		"update 2 at 2024-02-08 08:00:00 +0000 UTC comes before":        func(p *statusfeed.Page) { p.Incidents[0].Updates[2].At = at.Add(-time.Hour) },
		"resolved at 2024-02-08 08:00:00 +0000 UTC, before it":          func(p *statusfeed.Page) { p.Incidents[0].ResolvedAt = at.Add(-time.Hour) },
		`status "update" is a note, not a state`:                        func(p *statusfeed.Page) { p.Incidents[0].Status = statusfeed.StatusUpdate },
		`Page.Incidents[0].Updates[1].Body "ok\xff" is not valid UTF-8`: func(p *statusfeed.Page) { p.Incidents[0].Updates[1].Body = "ok\xff" },
	} {
		p := goodPage()
		spoil(p)
		assert.Contains(t, failures(t, func(tb testing.TB) { Invariants(tb, p) }), want)
	}
}

func TestFuzzParseChecks(t *testing.T) {
	parser := func(page func() *statusfeed.Page) statusfeed.Parser {
		return statusfeed.ParserFunc(func(io.Reader, statusfeed.Source) (*statusfeed.Page, error) { return page(), nil })
	}
	assert.Empty(t, failures(t, func(tb testing.TB) { FuzzParse(tb, parser(goodPage), nil) }))

	n := 0
	counting := parser(func() *statusfeed.Page { n++; p := goodPage(); p.Name = fmt.Sprint(n); return p })
	assert.Contains(t, failures(t, func(tb testing.TB) { FuzzParse(tb, counting, nil) }), "two parses of one input differ")

	unsorted := parser(func() *statusfeed.Page {
		p := goodPage()
		p.Incidents[0].Updates[1].At = at.Add(2 * time.Hour)
		return p
	})
	assert.Contains(t, failures(t, func(tb testing.TB) { FuzzParse(tb, unsorted, nil) }), "comes before the one before it")

	// Invalid UTF-8 is lost in JSON: the round trip says so, not only the UTF-8 rule.
	lossy := parser(func() *statusfeed.Page { p := goodPage(); p.Name = "bad\xff"; return p })
	assert.Contains(t, failures(t, func(tb testing.TB) { FuzzParse(tb, lossy, nil) }), "lost in the JSON round trip")

	year := parser(func() *statusfeed.Page {
		p := goodPage()
		p.GeneratedAt = time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC)
		return p
	})
	assert.Contains(t, failures(t, func(tb testing.TB) { FuzzParse(tb, year, nil) }), "page does not marshal")
}
