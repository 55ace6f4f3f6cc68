package normalize

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"statusfeed.dev/statusfeed"
)

func TestStatus(t *testing.T) {
	tests := map[string]statusfeed.Status{
		"Investigating": statusfeed.StatusInvestigating, "IDENTIFIED": statusfeed.StatusIdentified,
		"monitoring": statusfeed.StatusMonitoring, "Resolved": statusfeed.StatusResolved,
		"Scheduled": statusfeed.StatusScheduled, "In progress": statusfeed.StatusInProgress,
		"in_progress": statusfeed.StatusInProgress, "INPROGRESS": statusfeed.StatusInProgress,
		" Verifying\n": statusfeed.StatusVerifying, "Completed": statusfeed.StatusCompleted,
		"Update":     statusfeed.StatusUpdate,
		"Postmortem": statusfeed.StatusUnknown, "": statusfeed.StatusUnknown, "Fixed-ish": statusfeed.StatusUnknown,
		// One vendor's words are that vendor's parser's to map (Instatus, AWS).
		"NOTSTARTEDYET": statusfeed.StatusUnknown, "operating normally": statusfeed.StatusUnknown,
	}
	for word, want := range tests {
		assert.Equal(t, want, Status(word), "%q", word)
	}
}

func TestComponentStatusAndImpact(t *testing.T) {
	comps := map[string]statusfeed.ComponentStatus{
		"operational": statusfeed.ComponentOperational, "Degraded Performance": statusfeed.ComponentDegradedPerformance,
		"degraded_performance": statusfeed.ComponentDegradedPerformance, "PARTIALOUTAGE": statusfeed.ComponentPartialOutage,
		"MINOROUTAGE": statusfeed.ComponentPartialOutage, "major_outage": statusfeed.ComponentMajorOutage,
		"full_outage": statusfeed.ComponentMajorOutage, "UNDERMAINTENANCE": statusfeed.ComponentUnderMaintenance,
		"Under Maintenance": statusfeed.ComponentUnderMaintenance, "Available": statusfeed.ComponentUnknown,
		"": statusfeed.ComponentUnknown,
	}
	for word, want := range comps {
		assert.Equal(t, want, ComponentStatus(word), "%q", word)
	}
	impacts := map[string]statusfeed.Impact{
		"none": statusfeed.ImpactNone, "Minor": statusfeed.ImpactMinor, "MAJOR": statusfeed.ImpactMajor,
		"critical": statusfeed.ImpactCritical, "maintenance": statusfeed.ImpactUnknown, "": statusfeed.ImpactUnknown,
	}
	for word, want := range impacts {
		assert.Equal(t, want, Impact(word), "%q", word)
	}
}

func TestImpactOf(t *testing.T) {
	tests := map[statusfeed.ComponentStatus]statusfeed.Impact{
		statusfeed.ComponentOperational: statusfeed.ImpactNone, statusfeed.ComponentUnderMaintenance: statusfeed.ImpactNone,
		statusfeed.ComponentDegradedPerformance: statusfeed.ImpactMinor, statusfeed.ComponentPartialOutage: statusfeed.ImpactMajor,
		statusfeed.ComponentMajorOutage: statusfeed.ImpactCritical, statusfeed.ComponentUnknown: statusfeed.ImpactUnknown,
	}
	for cs, want := range tests {
		assert.Equal(t, want, ImpactOf(cs), "%s", cs)
	}
}

func TestDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"16 minutes", 16 * time.Minute, true},
		{"1 hour and 22 minutes", 82 * time.Minute, true},
		{"4 hours and 31 minutes", 4*time.Hour + 31*time.Minute, true},
		{"1 hour and 1 minute", 61 * time.Minute, true},
		{"1 day", 24 * time.Hour, true},
		{"2 days, 3 hours and 5 minutes", 51*time.Hour + 5*time.Minute, true},
		{"a minute", time.Minute, true},
		{"45 seconds", 45 * time.Second, true},
		{"", 0, false}, {"soon", 0, false}, {"5", 0, false}, {"5 fortnights", 0, false},
	}
	for _, tt := range tests {
		got, ok := Duration(tt.in)
		assert.Equal(t, tt.ok, ok, "%q ok", tt.in)
		assert.Equal(t, tt.want, got, "%q", tt.in)
	}
}

func TestAffected(t *testing.T) {
	type ref = statusfeed.ComponentRef
	tests := []struct {
		name  string
		in    string
		known []string
		want  []ref
	}{
		{"instatus list", "Affected Components: Loyalty, Admin panel, Site personalization", nil,
			[]ref{{Name: "Loyalty"}, {Name: "Admin panel"}, {Name: "Site personalization"}}},
		{"groups with children, two items", "This incident affected: Regions (SGP1) and Services (Spaces).", nil,
			[]ref{{Name: "SGP1", Group: "Regions"}, {Name: "Spaces", Group: "Services"}}},
		{"oxford and, brackets in names",
			"This incident affected: MEP Core Services (Dashboard, In-app delivery), Optional Services (Inbox), [OLD_STATUSPAGE_MODEL] Webservices (Custom attributes), and API ([MEP] Campaigns API, [MEP] Transactional API).", nil,
			[]ref{{Name: "Dashboard", Group: "MEP Core Services"}, {Name: "In-app delivery", Group: "MEP Core Services"},
				{Name: "Inbox", Group: "Optional Services"}, {Name: "Custom attributes", Group: "[OLD_STATUSPAGE_MODEL] Webservices"},
				{Name: "[MEP] Campaigns API", Group: "API"}, {Name: "[MEP] Transactional API", Group: "API"}}},
		{"non-oxford and", "This incident affected: API, Dashboard and Web UI.", nil,
			[]ref{{Name: "API"}, {Name: "Dashboard"}, {Name: "Web UI"}}},
		{"two plain items", "This incident affected: API and Web UI.", nil, []ref{{Name: "API"}, {Name: "Web UI"}}},
		{"a known name containing and", "This incident affected: Search and Discovery.", []string{"Search and Discovery"},
			[]ref{{Name: "Search and Discovery"}}},
		{"blank names from instatus rss", "Affected Components: , , ", nil, nil},
		{"empty", "", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Affected(tt.in, tt.known...))
		})
	}
}

func TestText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "This incident has been resolved.", "This incident has been resolved."},
		{"entities and nbsp", "Fish &amp; chips&nbsp;today &lt;b&gt;", "Fish & chips today <b>"},
		{"line breaks", "First line.<br />Second line.<br><br>New paragraph.", "First line.\nSecond line.\n\nNew paragraph."},
		{"paragraphs", "<p>One.</p><p>Two.</p>", "One.\n\nTwo."},
		{"list items", "Steps:<ul><li>Roll back</li><li>Pause upgrades</ul>", "Steps:\n\n- Roll back\n- Pause upgrades"},
		{"unclosed li", "<strong>Impact</strong><li>Users<li>Admins", "Impact\n- Users\n- Admins"},
		{"links keep their text", `See <a href="https://x">the docs</a>.`, "See the docs."},
		{"space folding", "  lots   of\tspace  ", "lots of space"},
		{"raw newlines are kept", "Line one.  \nLine two.\n\n\n\nPara.", "Line one.\nLine two.\n\nPara."},
		{"script dropped", "a<script>alert(1)</script>b", "ab"},
		{"smart quotes and emoji", "It’s fixed 🎉", "It’s fixed 🎉"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Text(tt.in))
		})
	}
}

func TestSections(t *testing.T) {
	type sec struct{ Heading, Body string } // local, so the table can use short literals
	tests := []struct {
		name string
		in   string
		want []sec
	}{
		{"plain title lines", "What happened\nOn April 8, 1.5% of traffic failed.\n\nWhy it happened\nA bug in HAProxy.\n\nWhat's next\nReproduce it.",
			[]sec{{"What happened", "On April 8, 1.5% of traffic failed."}, {"Why it happened", "A bug in HAProxy."}, {"What's next", "Reproduce it."}}},
		{"intro before the first heading", "Traffic went to rebooting systems.\n\nWhat Happened\n\nA load balancer misfired.\n\nNext Steps\n\n- Fix the runbook.",
			[]sec{{"", "Traffic went to rebooting systems."}, {"What Happened", "A load balancer misfired."}, {"Next Steps", "- Fix the runbook."}}},
		{"markdown headings", "# Summary\nIt broke.\n\n## Root Cause\nA config change.",
			[]sec{{"Summary", "It broke."}, {"Root Cause", "A config change."}}},
		{"escaped markdown headings", "## \\# Incident Report\n\n## \\#\\# Summary\nIt broke.",
			[]sec{{"Incident Report", ""}, {"Summary", "It broke."}}},
		{"bold lines", "**What happened**\nIt broke.\n\n**Root cause:**\nDNS.",
			[]sec{{"What happened", "It broke."}, {"Root cause", "DNS."}}},
		{"known heading with a colon", "Root cause:\nDNS.", []sec{{"Root cause", "DNS."}}},
		{"html headings and strong lines, rendered by Text",
			Text("<h3>Summary</h3><p>It broke.</p><p><strong>Root Cause</strong><br>A bad deploy.</p><p><strong>Next steps:</strong></p><ul><li>Add a canary</li></ul>"),
			[]sec{{"Summary", "It broke."}, {"Root Cause", "A bad deploy."}, {"Next steps", "- Add a canary"}}},
		{"sentences are not headings", "This incident was caused by DNS.\n\nWe are sorry.", nil},
		{"a line inside a paragraph is not a heading", "We saw errors\nAcross All Regions\nfor an hour.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []sec
			for _, s := range Sections(tt.in) {
				got = append(got, sec{s.Heading, s.Body})
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestFinish(t *testing.T) {
	at := func(hm string) time.Time {
		tt, _ := time.Parse("15:04", hm)
		return time.Date(2024, 2, 8, tt.Hour(), tt.Minute(), 0, 0, time.UTC)
	}
	u := func(hm string, s statusfeed.Status) statusfeed.Update {
		return statusfeed.Update{At: at(hm), Status: s}
	}
	const (
		unknownKind = statusfeed.KindUnknown
		incident    = statusfeed.KindIncident
		maintenance = statusfeed.KindMaintenance
	)
	tests := []struct {
		name              string
		in                statusfeed.Incident
		kind              statusfeed.Kind
		status            statusfeed.Status
		started, resolved string
		order             []statusfeed.Status
	}{
		{"newest first is sorted; an update note keeps the state",
			statusfeed.Incident{Updates: []statusfeed.Update{u("09:00", statusfeed.StatusResolved), u("09:00", statusfeed.StatusUpdate), u("08:29", statusfeed.StatusInvestigating)}},
			unknownKind, statusfeed.StatusResolved, "08:29", "09:00",
			[]statusfeed.Status{statusfeed.StatusInvestigating, statusfeed.StatusUpdate, statusfeed.StatusResolved}},
		{"equal times sort by lifecycle",
			statusfeed.Incident{Updates: []statusfeed.Update{u("10:00", statusfeed.StatusResolved), u("10:00", statusfeed.StatusMonitoring), u("10:00", statusfeed.StatusInvestigating)}},
			unknownKind, statusfeed.StatusResolved, "10:00", "10:00",
			[]statusfeed.Status{statusfeed.StatusInvestigating, statusfeed.StatusMonitoring, statusfeed.StatusResolved}},
		{"open incident has no resolution; trailing note keeps monitoring",
			statusfeed.Incident{Kind: incident, Updates: []statusfeed.Update{u("10:00", statusfeed.StatusInvestigating), u("10:30", statusfeed.StatusMonitoring), u("10:45", statusfeed.StatusUpdate)}},
			incident, statusfeed.StatusMonitoring, "10:00", "",
			[]statusfeed.Status{statusfeed.StatusInvestigating, statusfeed.StatusMonitoring, statusfeed.StatusUpdate}},
		{"reopened incident resolves at its last resolution",
			statusfeed.Incident{Kind: incident, Updates: []statusfeed.Update{u("10:00", statusfeed.StatusInvestigating), u("10:30", statusfeed.StatusResolved), u("11:00", statusfeed.StatusInvestigating), u("11:30", statusfeed.StatusResolved)}},
			incident, statusfeed.StatusResolved, "10:00", "11:30", nil},
		{"only the resolution: the start is unknown",
			statusfeed.Incident{Kind: incident, Updates: []statusfeed.Update{u("10:00", statusfeed.StatusResolved)}},
			incident, statusfeed.StatusResolved, "", "10:00", nil},
		{"a note before the resolution is the start",
			statusfeed.Incident{Updates: []statusfeed.Update{u("10:30", statusfeed.StatusResolved), u("10:00", statusfeed.StatusUpdate)}},
			unknownKind, statusfeed.StatusResolved, "10:00", "10:30", nil},
		{"maintenance from words starts when work starts",
			statusfeed.Incident{Updates: []statusfeed.Update{u("01:00", statusfeed.StatusScheduled), u("06:00", statusfeed.StatusInProgress), u("07:00", statusfeed.StatusCompleted)}},
			maintenance, statusfeed.StatusCompleted, "06:00", "07:00", nil},
		{"maintenance not yet started",
			statusfeed.Incident{Updates: []statusfeed.Update{u("01:00", statusfeed.StatusScheduled)}},
			maintenance, statusfeed.StatusScheduled, "", "", nil},
		{"maintenance with a schedule and no in-progress word",
			statusfeed.Incident{Kind: maintenance, ScheduledFor: at("06:00"),
				Updates: []statusfeed.Update{u("01:00", statusfeed.StatusIdentified), u("06:00", statusfeed.StatusIdentified), u("06:08", statusfeed.StatusCompleted)}},
			maintenance, statusfeed.StatusCompleted, "06:00", "06:08", nil},
		{"maintenance straight from scheduled to completed starts at its schedule",
			statusfeed.Incident{ScheduledFor: at("06:00"), Updates: []statusfeed.Update{u("01:00", statusfeed.StatusScheduled), u("07:00", statusfeed.StatusCompleted)}},
			maintenance, statusfeed.StatusCompleted, "06:00", "07:00", nil},
		{"maintenance completed with no schedule: the start is unknown",
			statusfeed.Incident{Updates: []statusfeed.Update{u("01:00", statusfeed.StatusScheduled), u("07:00", statusfeed.StatusCompleted)}},
			maintenance, statusfeed.StatusCompleted, "", "07:00", nil},
		{"unknown words leave the status unknown",
			statusfeed.Incident{Updates: []statusfeed.Update{u("10:00", statusfeed.StatusUnknown)}},
			unknownKind, statusfeed.StatusUnknown, "10:00", "", nil},
		{"no marker: a title that does not say stays unknown",
			statusfeed.Incident{Title: "Scheduled network work", Updates: []statusfeed.Update{u("10:00", statusfeed.StatusIdentified)}},
			unknownKind, statusfeed.StatusIdentified, "10:00", "", nil},
		{"a title that says maintenance",
			statusfeed.Incident{Title: "Scheduled Maintenance: database upgrade", Updates: []statusfeed.Update{u("10:00", statusfeed.StatusIdentified)}},
			maintenance, statusfeed.StatusIdentified, "10:00", "", nil},
		{"the parser's marker stands",
			statusfeed.Incident{Kind: incident, Title: "Maintenance: gone wrong", Updates: []statusfeed.Update{u("10:00", statusfeed.StatusInvestigating)}},
			incident, statusfeed.StatusInvestigating, "10:00", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inc := tt.in
			Finish(&inc, OrderUnknown)
			assert.Equal(t, tt.kind, inc.Kind, "kind")
			assert.Equal(t, tt.status, inc.Status, "status")
			fmtT := func(x time.Time) string {
				if x.IsZero() {
					return ""
				}
				return x.Format("15:04")
			}
			assert.Equal(t, tt.started, fmtT(inc.StartedAt), "started")
			assert.Equal(t, tt.resolved, fmtT(inc.ResolvedAt), "resolved")
			if _, ok := inc.Duration(); ok != (tt.started != "" && tt.resolved != "") {
				t.Errorf("duration known = %v with start %q and resolution %q", ok, tt.started, tt.resolved)
			}
			if tt.order != nil {
				var got []statusfeed.Status
				for _, u := range inc.Updates {
					got = append(got, u.Status)
				}
				assert.Equal(t, tt.order, got, "order")
			}
		})
	}
}

func TestMaintenanceTitle(t *testing.T) {
	for title, want := range map[string]bool{
		"Scheduled maintenance": true, "Planned Maintenance of the EU database": true,
		"Maintenance: network upgrade": true, "[Maintenance] Upgrading load balancers": true,
		"Scheduled network work": false, "Network Maintenance": false, "Sauce Labs Unplanned Maintenance": false,
		"Issue affecting small number of scheduled maintenances": false, "": false,
	} {
		assert.Equal(t, want, MaintenanceTitle(title), "%q", title)
	}
}

// TestSortUpdatesDirection is the LambStatus demo's "Delayed webhook deliveries": two updates
// in one minute with one status, listed newest first. The later in the document is the older.
func TestSortUpdatesDirection(t *testing.T) {
	at := func(m int) time.Time { return time.Date(2017, 5, 13, 6, m, 0, 0, time.UTC) }
	doc := []statusfeed.Update{
		{At: at(41), Status: statusfeed.StatusResolved, Body: "Everything operating normally."},
		{At: at(40), Status: statusfeed.StatusInvestigating, Body: "We're continuing to investigate."},
		{At: at(40), Status: statusfeed.StatusInvestigating, Body: "We're investigating."},
	}
	bodies := func(us []statusfeed.Update) []string {
		var out []string
		for _, u := range us {
			out = append(out, u.Body)
		}
		return out
	}
	chronological := []string{"We're investigating.", "We're continuing to investigate.", "Everything operating normally."}
	for _, listed := range []Order{NewestFirst, OrderUnknown} {
		us := append([]statusfeed.Update(nil), doc...)
		SortUpdates(us, listed)
		assert.Equal(t, chronological, bodies(us), "listed %d", listed)
	}
	// The same two ties listed oldest first keep their order.
	us := []statusfeed.Update{doc[2], doc[1]}
	SortUpdates(us, OldestFirst)
	assert.Equal(t, chronological[:2], bodies(us))
	// With nothing to tell the direction, the document's order stands.
	us = []statusfeed.Update{doc[1], doc[2]}
	SortUpdates(us, OrderUnknown)
	assert.Equal(t, []string{"We're continuing to investigate.", "We're investigating."}, bodies(us))
}

func TestListedOrder(t *testing.T) {
	at := func(m int) statusfeed.Update {
		return statusfeed.Update{At: time.Date(2024, 1, 1, 0, m, 0, 0, time.UTC)}
	}
	tests := []struct {
		name string
		in   []statusfeed.Update
		want Order
	}{
		{"newest first, with a tie", []statusfeed.Update{at(5), at(3), at(3), at(1)}, NewestFirst},
		{"oldest first", []statusfeed.Update{at(1), at(3)}, OldestFirst},
		{"shuffled", []statusfeed.Update{at(3), at(1), at(2)}, OrderUnknown},
		{"one time", []statusfeed.Update{at(3), at(3)}, OrderUnknown},
		{"empty", nil, OrderUnknown},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, ListedOrder(tt.in), tt.name)
	}
}
