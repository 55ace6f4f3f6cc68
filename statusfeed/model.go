package statusfeed

import "time"

// Page is one vendor's status page as one source showed it: the vendor, its components and
// the incidents and maintenances the source lists.
type Page struct {
	Provider string // parser that read it: "statuspage", "instatus", "incidentio", "feed", …
	Format   string // "atom", "rss", "json", "html"
	// ID is the vendor's ID of the page where the source gives one (Statuspage page.id).
	ID   string
	Name string // the vendor's name, without " Status - Incident History"
	URL  string // the status page's own address where the source gives it, else the source's
	// Status is the page's overall status; RawStatus keeps the vendor's word or sentence
	// ("HASISSUES", "All Systems Operational", "minor"), "" where the source states none.
	Status    ComponentStatus
	RawStatus string
	// Components the source lists; feeds list none.
	Components []Component
	Incidents  []Incident
	// GeneratedAt is when the vendor rendered the document, where the source says so.
	GeneratedAt time.Time
	// Warnings are data-quality notes a user should see, such as a zone label that had to be
	// guessed. They do not make the parse fail.
	Warnings []string
}

// Warn adds a data-quality note once; repeated notes are dropped so that a feed with the same
// quirk in every entry does not drown the reader.
func (p *Page) Warn(msg string) {
	for _, w := range p.Warnings {
		if w == msg {
			return
		}
	}
	p.Warnings = append(p.Warnings, msg)
}

// Component is one service or group on a status page.
type Component struct {
	ID          string // the vendor's ID, where it has one
	Name        string
	Group       string // name of the group it belongs to, "" for top-level components
	Status      ComponentStatus
	RawStatus   string // the vendor's word ("MAJOROUTAGE", "Degraded Performance")
	Description string
	// IsGroup marks a group's own entry (Statuspage lists groups among components).
	IsGroup bool
	// Uptime is the daily outage record where the source publishes one, oldest first.
	Uptime []UptimeDay
	// UptimePercent is the uptime the vendor itself shows for the component (Statuspage's
	// 90-day figure, Instatus' componentsUptime), as published; nil where it shows none.
	UptimePercent *float64
}

// UptimeDay is one day of a component's published uptime record.
type UptimeDay struct {
	Date                 time.Time // the day, at midnight UTC
	PartialOutageSeconds int64
	MajorOutageSeconds   int64
	// Incidents lists the codes of incidents the vendor relates to that day.
	Incidents []string
}

// ComponentRef names a component an incident affected.
type ComponentRef struct {
	ID    string // the vendor's ID where the source gives it; "" otherwise
	Name  string // "" where the source gives only an ID
	Group string
	// Status is the component's state as the source last showed it with this incident, where it
	// does (incident.io feeds list "Name (Status)"; Instatus and incident.io pages give each
	// affected component's status); unknown otherwise.
	Status ComponentStatus
}

// Incident is an incident or a planned maintenance with its timeline.
type Incident struct {
	ID     string // the vendor's public ID or code (Statuspage "l4222m9bmd6k", incident.io ULID)
	Title  string
	URL    string
	Kind   Kind
	Status Status // lifecycle state of the latest update; never StatusUpdate
	// RawStatus keeps the vendor's own word for the incident's state where the source states
	// one apart from its updates (Slack's "active"); "" where the status comes from updates.
	RawStatus string
	Impact    Impact
	// RawImpact keeps the vendor's impact word ("maintenance" has no Impact value).
	RawImpact string
	// Shortlink is the vendor's short URL for the incident (Statuspage "stspg.io/…").
	Shortlink string
	// Components the vendor says were affected.
	Components []ComponentRef
	// Regions are the locations the vendor says the incident affected (Google Cloud's
	// "europe-west4", AWS's "us-east-1"), as the vendor names them; nil where it names none.
	Regions []string
	// StartedAt is when it began: the oldest update, for a maintenance when work started; zero
	// where the source does not say, as for an incident whose only update is its resolution.
	StartedAt  time.Time
	ResolvedAt time.Time // when it reached resolved/completed and stayed there; zero while open
	// ScheduledFor and ScheduledUntil bound a maintenance window where the source gives one.
	ScheduledFor   time.Time
	ScheduledUntil time.Time
	// DeclaredDuration is the duration the vendor states ("Duration: 1 hour and 22 minutes"),
	// zero where it states none; RawDeclaredDuration keeps the vendor's words.
	DeclaredDuration    time.Duration
	RawDeclaredDuration string
	// Updates oldest first; see SortUpdates.
	Updates    []Update
	Postmortem *Postmortem
	// Sources says which documents this incident was read from.
	Sources []Origin
}

// Duration is the observed duration, ResolvedAt - StartedAt; ok is false while the incident is
// open or either end is unknown.
func (i *Incident) Duration() (d time.Duration, ok bool) {
	if i.StartedAt.IsZero() || i.ResolvedAt.IsZero() || i.ResolvedAt.Before(i.StartedAt) {
		return 0, false
	}
	return i.ResolvedAt.Sub(i.StartedAt), true
}

// Update is one entry of an incident's timeline.
type Update struct {
	At        time.Time
	Status    Status
	RawStatus string // the vendor's word, as written ("In progress", "Update")
	Body      string // readable plain text: paragraphs, line breaks and list items kept
}

// Postmortem is the vendor's after-the-fact report. It is not an entry of the update timeline.
type Postmortem struct {
	PublishedAt time.Time
	Body        string
	Sections    []Section
}

// Section is one headed part of a postmortem ("What happened", "Next steps").
type Section struct {
	Heading string
	Body    string
}

// Origin records where an incident was read from.
type Origin struct {
	Provider string
	Format   string
	URL      string
}
