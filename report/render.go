package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// WriteJSON writes the report as indented JSON.
func (r Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// CSVHeader is the CSV's first row: the JSON's names, a vendor's and a component's.
var CSVHeader = []string{"vendor", "provider", "component", "component_id", "group", "uptime_percent",
	"uptime_source", "coverage", "major_outage_seconds", "partial_outage_seconds", "degraded_seconds",
	"maintenance_seconds"}

// WriteCSV writes one row per component, after one row per vendor with an empty component
// that carries the vendor's uptime_percent. An absent uptime is an empty cell; numbers are
// written so that they read back exactly.
func (r Report) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	for _, v := range r.Vendors {
		row := make([]string, len(CSVHeader))
		row[0], row[1], row[5] = v.Vendor, v.Provider, float(v.UptimePercent)
		if err := cw.Write(row); err != nil {
			return err
		}
		for _, c := range v.Components {
			cov := c.Coverage
			if err := cw.Write([]string{v.Vendor, v.Provider, c.Component, c.ComponentID, c.Group,
				float(c.UptimePercent), c.UptimeSource, float(&cov), itoa(c.MajorOutageSeconds),
				itoa(c.PartialOutageSeconds), itoa(c.DegradedSeconds), itoa(c.MaintenanceSeconds)}); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

func float(f *float64) string {
	if f == nil {
		return ""
	}
	return strconv.FormatFloat(*f, 'g', -1, 64)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// WriteTable writes the report for a terminal: per vendor a summary and a table of components.
func (r Report) WriteTable(out io.Writer) error {
	w := new(bytes.Buffer) // written whole at the end, so that one error check suffices
	fmt.Fprintf(w, "Window %s – %s\n", r.Window.From.Format(time.RFC3339), r.Window.To.Format(time.RFC3339))
	for _, v := range r.Vendors {
		fmt.Fprintf(w, "\n%s (%s)\n", v.Vendor, v.Provider)
		for _, line := range summary(v) {
			fmt.Fprintf(w, "  %s\n", line)
		}
		if len(v.Components) == 0 {
			continue
		}
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  COMPONENT\tUPTIME %\tSOURCE\tCOVERAGE\tMAJOR\tPARTIAL\tDEGRADED\tMAINTENANCE")
		for _, c := range v.Components {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", componentName(c), percent(c.UptimePercent),
				orDash(c.UptimeSource), share(c.Coverage), human(c.MajorOutageSeconds), human(c.PartialOutageSeconds),
				human(c.DegradedSeconds), human(c.MaintenanceSeconds))
		}
		tw.Flush()
	}
	_, err := out.Write(w.Bytes())
	return err
}

// WriteMarkdown writes the report as Markdown: a section per vendor with a component table.
func (r Report) WriteMarkdown(out io.Writer) error {
	w := new(bytes.Buffer)
	fmt.Fprintf(w, "# Vendor scorecard\n\nWindow: %s – %s\n", r.Window.From.Format(time.RFC3339), r.Window.To.Format(time.RFC3339))
	for _, v := range r.Vendors {
		fmt.Fprintf(w, "\n## %s (%s)\n\n", md(v.Vendor), md(v.Provider))
		for _, line := range summary(v) {
			fmt.Fprintf(w, "- %s\n", md(line))
		}
		if len(v.Components) == 0 {
			continue
		}
		fmt.Fprint(w, "\n| Component | Uptime % | Source | Coverage | Major | Partial | Degraded | Maintenance |\n")
		fmt.Fprint(w, "|---|--:|---|--:|--:|--:|--:|--:|\n")
		for _, c := range v.Components {
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s |\n", md(componentName(c)), percent(c.UptimePercent),
				orDash(c.UptimeSource), share(c.Coverage), human(c.MajorOutageSeconds), human(c.PartialOutageSeconds),
				human(c.DegradedSeconds), human(c.MaintenanceSeconds))
		}
	}
	_, err := out.Write(w.Bytes())
	return err
}

// summary is a vendor's figures in a few lines of words.
func summary(v Vendor) []string {
	up := "uptime: no data"
	if v.UptimePercent != nil {
		up = "uptime: " + percent(v.UptimePercent) + " %"
	}
	lines := []string{up}
	in := v.Incidents
	var impacts []string
	for k, n := range in.ByImpact {
		impacts = append(impacts, fmt.Sprintf("%s %d", k, n))
	}
	sort.Strings(impacts)
	inc := fmt.Sprintf("incidents and maintenances: %d", in.Total)
	if len(impacts) > 0 {
		inc += " (" + strings.Join(impacts, ", ") + ")"
	}
	lines = append(lines, inc, "time to resolve: "+durs(v.TimeToResolve), "start to first update: "+durs(in.TimeToFirstUpdate))
	if len(in.Open) > 0 {
		lines = append(lines, fmt.Sprintf("still open: %d", len(in.Open)))
	}
	d := v.Disclosure
	pm := fmt.Sprintf("postmortems: %d of %d major or critical", d.WithPostmortem, d.MajorOrCritical)
	if d.PostmortemDelay.Count > 0 {
		pm += ", published " + durs(d.PostmortemDelay) + " after resolution"
	}
	lines = append(lines, pm)
	if n := len(d.DurationMismatches); n > 0 {
		lines = append(lines, fmt.Sprintf("declared durations that disagree with the timeline: %d", n))
	}
	if n := len(d.NeverResolved); n > 0 {
		lines = append(lines, fmt.Sprintf("open with no update for long: %d", n))
	}
	if n := len(d.OperationalWhileOpen); n > 0 {
		lines = append(lines, fmt.Sprintf("pages that said operational during an open incident: %d", n))
	}
	return lines
}

func componentName(c Component) string {
	if c.Group != "" {
		return c.Group + " / " + c.Component
	}
	return c.Component
}

// percent shows an uptime cut (never rounded up) to three decimals: 99.9996 is not 100.000.
func percent(p *float64) string {
	if p == nil {
		return "no data"
	}
	return strconv.FormatFloat(math.Floor(*p*1000+1e-6)/1000, 'f', 3, 64)
}

func share(f float64) string { return strconv.FormatFloat(100*f, 'f', 1, 64) + " %" }

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func human(sec int64) string {
	if sec == 0 {
		return "0"
	}
	return (time.Duration(sec) * time.Second).String()
}

func durs(d Durations) string {
	if d.Count == 0 {
		return "-"
	}
	return fmt.Sprintf("median %s, p90 %s, max %s (%d)", human(*d.MedianSeconds), human(*d.P90Seconds),
		human(*d.MaxSeconds), d.Count)
}

// md escapes what Markdown would read as table cells or emphasis.
func md(s string) string {
	return strings.NewReplacer("|", `\|`, "*", `\*`, "_", `\_`, "`", "\\`").Replace(s)
}
