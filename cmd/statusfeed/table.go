package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"statusfeed.dev/statusfeed"
)

// printPage writes a page as a readable table: one row per incident. Every value goes through
// printf, which strips control characters: vendor text must not drive the terminal.
func printPage(w io.Writer, p *statusfeed.Page) {
	name := p.Name
	if name == "" {
		name = "(unnamed page)"
	}
	printf(w, "%s  [%s %s]  status: %s  %s\n", name, p.Provider, p.Format, p.Status, p.URL)
	for _, warn := range p.Warnings {
		printf(w, "warning: %s\n", warn)
	}
	if len(p.Components) > 0 {
		printComponents(w, p.Components)
	}
	if len(p.Incidents) == 0 {
		fmt.Fprintln(w, "no incidents")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "STARTED (UTC)\tKIND\tSTATUS\tIMPACT\tDURATION\tDECLARED\tUPDATES\tPOSTMORTEM\tCOMPONENTS\tTITLE")
	for _, inc := range p.Incidents {
		started := "-"
		if !inc.StartedAt.IsZero() {
			started = inc.StartedAt.UTC().Format("2006-01-02 15:04")
		}
		dur := "-"
		if d, ok := inc.Duration(); ok {
			dur = human(d)
		} else if !inc.StartedAt.IsZero() && inc.ResolvedAt.IsZero() && inc.Status.Lifecycle() && !inc.Status.Terminal() {
			dur = "open"
		}
		declared := "-"
		if inc.DeclaredDuration > 0 {
			declared = human(inc.DeclaredDuration)
		}
		pm := "no"
		if inc.Postmortem != nil {
			pm = "yes"
		}
		printf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\t%s\n", started, inc.Kind, inc.Status, inc.Impact,
			dur, declared, len(inc.Updates), pm, components(inc.Components), truncate(safe(inc.Title), 60))
	}
	tw.Flush()
}

func components(refs []statusfeed.ComponentRef) string {
	if len(refs) == 0 {
		return "-"
	}
	names := make([]string, len(refs))
	for i, r := range refs {
		names[i] = componentLabel(r.Group, r.Name, r.ID)
	}
	return truncate(safe(strings.Join(names, ", ")), 40)
}

// human prints a duration the way a reader says it: "1h22m", "16m", "2d3h".
func human(d time.Duration) string {
	d = d.Round(time.Minute)
	days, hours, mins := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case days > 0:
		return fmt.Sprintf("%dd%dh", days, hours)
	case hours > 0:
		return fmt.Sprintf("%dh%02dm", hours, mins)
	}
	return fmt.Sprintf("%dm", mins)
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// printComponents lists the components that are not operational, and counts the rest.
func printComponents(w io.Writer, cs []statusfeed.Component) {
	ok := 0
	var other []statusfeed.Component
	for _, c := range cs {
		if c.Status == statusfeed.ComponentOperational {
			ok++
		} else {
			other = append(other, c)
		}
	}
	printf(w, "%d components, %d operational\n", len(cs), ok)
	for _, c := range other {
		printf(w, "  %-22s %s\n", c.Status, componentLabel(c.Group, c.Name, c.ID))
	}
}

// componentLabel names a component "Group/Name", by its ID where the source gave no name.
func componentLabel(group, name, id string) string {
	if name == "" {
		name = id
	}
	if name == "" {
		name = "(unnamed)"
	}
	if group != "" {
		return group + "/" + name
	}
	return name
}
