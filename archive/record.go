package archive

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"time"

	"statusfeed.dev/events"
	"statusfeed.dev/statusfeed"
)

// Result is what one poll of a source produced.
type Result struct {
	URL        string
	DetectedAt time.Time
	// Page is the parsed document; nil when the fetch failed, the body was unreadable or the
	// server said it was not modified.
	Page        *statusfeed.Page
	NotModified bool
	// Err is why the source could not be read. With Unreadable it is a body that is not what
	// the source serves (an HTML error page from a JSON endpoint, a login page answered with
	// 200); without, a failed fetch.
	Err        error
	Unreadable bool
	// The HTTP validators to send next time, and the request counts of this poll (retries
	// included).
	ETag, LastModified string
	Attempts, Failures int
	// NextPoll, when later than the source's interval would have it, is the server's lower
	// bound on the next poll (Retry-After, Cache-Control max-age).
	NextPoll time.Time
}

// Record stores a poll result in one transaction: the source's health and validators, the
// reading merged into the archive (incidents that left the feed's window stay; a new view of a
// known incident is merged into it, never duplicated), and the events the change caused. It
// returns the events it stored, in order.
//
// A reading with no incidents and no components from a source whose last good reading had
// some is taken as unreadable, not as "all clear": feeds do not empty themselves.
func (a *DB) Record(ctx context.Context, r Result) ([]events.Event, error) {
	// Encoded before the transaction, which holds SQLite's one connection: what a new incident
	// stores is the page's own view of it.
	docs, err := encodeIncidents(r.Page)
	if err != nil {
		return nil, err
	}
	tx, err := a.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	t := a.wrap(tx)
	src, err := scanSource(t.QueryRowContext(ctx, a.sourceForUpdate(), r.URL))
	if err == sql.ErrNoRows {
		return nil, fmt.Errorf("%w %s", ErrUnknownSource, r.URL)
	}
	if err != nil {
		return nil, err
	}
	now := r.DetectedAt.UTC()
	if r.Err == nil {
		if err := Emptied(src.LastEntries, r.Page); err != nil {
			r.Err, r.Unreadable, r.Page = err, true, nil
		}
	}
	vendor := vendorOf(src, r.Page)
	var evs []events.Event
	base := events.Event{Vendor: vendor, Source: r.URL, DetectedAt: now}

	if r.Err != nil {
		state := StateFailing
		if r.Unreadable {
			state = StateUnreadable
		}
		if src.State != state {
			evs = append(evs, events.SourceEvent(base, events.SourceUnreadable, src.State, r.Err.Error()))
		}
		_, err = t.ExecContext(ctx, qUpdateSourceFailed,
			state, r.Err.Error(), max(r.Attempts, 1), max(r.Failures, 1), fmtTime(r.NextPoll), r.URL)
		if err != nil {
			return nil, err
		}
	} else {
		if src.State == StateFailing || src.State == StateUnreadable {
			evs = append(evs, events.SourceEvent(base, events.SourceRecovered, src.State, ""))
		}
		entries := src.LastEntries
		provider := src.Provider
		if r.Page != nil {
			entries = len(r.Page.Incidents) + len(r.Page.Components)
			provider = r.Page.Provider
			reading := events.Reading{Vendor: vendor, Source: r.URL, DetectedAt: now, Page: r.Page,
				Backfill: src.Polls == 0, Filter: src.Filter}
			changed, err := a.apply(ctx, t, reading, docs)
			if err != nil {
				return nil, err
			}
			evs = append(evs, changed...)
		}
		etag, lastMod := r.ETag, r.LastModified
		if r.NotModified && etag == "" && lastMod == "" {
			etag, lastMod = src.ETag, src.LastModified
		}
		// A source with no name the user gave learns its vendor's name from the first page it
		// reads; a 304 or a failure, which carry no page, teach nothing (the host name events
		// fall back on is a label, not a name to keep).
		learned := ""
		if r.Page != nil {
			learned = vendor
		}
		_, err = t.ExecContext(ctx, qUpdateSourceRead,
			StateOK, fmtTime(now), max(r.Attempts, 1), r.Failures, etag, lastMod, entries, provider, learned, fmtTime(r.NextPoll), r.URL)
		if err != nil {
			return nil, err
		}
	}
	stored, err := a.insertEvents(ctx, t, evs)
	if err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	a.ckpt.wrote()
	return stored, nil
}

// ErrEmptied is the error of a reading with no incidents and no components from a source whose
// last good reading had some.
var ErrEmptied = errors.New("the source came back empty")

// Emptied returns an error wrapping ErrEmptied when p lists nothing while the source's last good
// reading listed lastEntries incidents and components: feeds do not empty themselves, so such a
// reading is unreadable, not "all clear". Record applies it; a poller applies it first, to
// report the source's state as Record will store it.
func Emptied(lastEntries int, p *statusfeed.Page) error {
	if p != nil && lastEntries > 0 && len(p.Incidents) == 0 && len(p.Components) == 0 {
		return fmt.Errorf("%w after listing %d entries", ErrEmptied, lastEntries)
	}
	return nil
}

// vendorOf names the vendor a reading belongs to: the user's name for the source, else the
// page's name, else the source's host.
func vendorOf(src SourceHealth, p *statusfeed.Page) string {
	if src.Vendor != "" {
		return src.Vendor
	}
	if p != nil && p.Name != "" {
		return p.Name
	}
	if u, err := url.Parse(src.URL); err == nil && u.Host != "" {
		return u.Host
	}
	return src.URL
}

// apply merges a reading into the vendor's archived state and returns the events it caused.
func (a *DB) apply(ctx context.Context, t txn, r events.Reading, docs map[string][]byte) ([]events.Event, error) {
	p := r.Page
	now := fmtTime(r.DetectedAt)
	// The vendor row is written first: on PostgreSQL it locks the vendor, so two sources of
	// one vendor recorded at once diff against each other's results, not a stale state.
	_, err := t.ExecContext(ctx, qUpsertVendor,
		r.Vendor, p.Provider, p.Name, p.ID, p.URL, string(p.Status), p.RawStatus, fmtTime(p.GeneratedAt), now)
	if err != nil {
		return nil, err
	}
	state, err := a.state(ctx, t, r.Vendor, p)
	if err != nil {
		return nil, err
	}
	ch := events.Diff(state, r)
	if err := a.putComponents(ctx, t, r, ch.Components); err != nil {
		return nil, err
	}
	parts := incidentParts{}
	for i := range ch.Incidents {
		key := events.IncidentKey(&ch.Incidents[i])
		// (A page may list one incident twice: its last view is staged over the first's.)
		existed := state.Incidents[key] != nil
		// An incident the archive did not have is stored as the page has it (MergeIncident
		// with no old view copies it), so its document is the one encoded beforehand; a key
		// listed twice has none, and is encoded when staged.
		var doc []byte
		if !existed {
			doc = docs[key]
		}
		if err := a.stageIncident(ctx, t, r.Vendor, &ch.Incidents[i], existed, doc, &parts); err != nil {
			return nil, err
		}
	}
	if err := a.putParts(ctx, t, r.Vendor, now, &parts); err != nil {
		return nil, err
	}
	return ch.Events, nil
}

// incidentParts are the incidents a reading stores, with their documents, written with their
// parts in one batch per table.
type incidentParts struct {
	order []string
	rows  map[string]incidentRow
}

type incidentRow struct {
	inc *statusfeed.Incident
	doc []byte
}

func (p *incidentParts) set(key string, inc *statusfeed.Incident, doc []byte) {
	if p.rows == nil {
		p.rows = map[string]incidentRow{}
	}
	if _, ok := p.rows[key]; !ok {
		p.order = append(p.order, key)
	}
	p.rows[key] = incidentRow{inc, doc}
}

// putParts writes the incidents in p, then their updates, components, regions, postmortems and
// sources. A key is written once, with its last view: a multi-row upsert may not touch a row
// twice (PostgreSQL refuses it).
func (a *DB) putParts(ctx context.Context, t txn, vendor, now string, p *incidentParts) error {
	incs := newBatch(batchIncidents)
	for _, key := range p.order {
		row := p.rows[key]
		inc := row.inc
		var declared any
		if inc.DeclaredDuration > 0 {
			declared = int64(inc.DeclaredDuration / time.Second)
		}
		incs.add(vendor, key, inc.ID, inc.Title, inc.URL, string(inc.Kind), string(inc.Status), string(inc.Impact), inc.RawImpact,
			fmtTime(inc.StartedAt), fmtTime(inc.ResolvedAt), fmtTime(inc.ScheduledFor), fmtTime(inc.ScheduledUntil), declared,
			now, now, string(row.doc))
	}
	if err := a.execBatch(ctx, t, incs, nil); err != nil {
		return err
	}
	updates := newBatch(batchUpdates)
	comps := newBatch(batchIncidentComponents)
	regions := newBatch(batchRegions)
	pms := newBatch(batchPostmortems)
	sources := newBatch(batchIncidentSources)
	for _, key := range p.order {
		inc := p.rows[key].inc
		for i, u := range inc.Updates {
			updates.add(vendor, key, i, fmtTime(u.At), string(u.Status), u.RawStatus, u.Body)
		}
		for _, c := range inc.Components {
			comps.add(vendor, key, c.ID, c.Name, c.Group, string(c.Status))
		}
		for _, reg := range inc.Regions {
			regions.add(vendor, key, reg)
		}
		if pm := inc.Postmortem; pm != nil {
			pms.add(vendor, key, fmtTime(pm.PublishedAt), pm.Body)
		}
		for _, o := range inc.Sources {
			sources.add(vendor, key, o.Provider, o.Format, o.URL)
		}
	}
	for _, b := range []*rowBatch{updates, comps, regions, pms, sources} {
		if err := a.execBatch(ctx, t, b, nil); err != nil {
			return err
		}
	}
	return nil
}

// state loads what the archive holds of the vendor's components and of the incidents the
// reading mentions.
func (a *DB) state(ctx context.Context, t txn, vendor string, p *statusfeed.Page) (events.State, error) {
	st := events.State{Incidents: map[string]*statusfeed.Incident{}, Components: map[string]*statusfeed.Component{}}
	rows, err := t.QueryContext(ctx, qComponentsOf, vendor)
	if err != nil {
		return st, err
	}
	for rows.Next() {
		var key, doc string
		var c statusfeed.Component
		if err := rows.Scan(&key, &doc); err == nil && json.Unmarshal([]byte(doc), &c) == nil {
			st.Components[key] = &c
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return st, err
	}
	if len(p.Incidents) == 0 {
		return st, nil
	}
	// A vendor seen for the first time (every one, on a cold start) has no incident to look up.
	var has int
	if err := t.QueryRowContext(ctx, qHasIncidents, vendor).Scan(&has); err != nil || has == 0 {
		return st, err
	}
	for i := range p.Incidents {
		key := events.IncidentKey(&p.Incidents[i])
		var doc string
		err := t.QueryRowContext(ctx, qIncidentDoc, vendor, key).Scan(&doc)
		if err == sql.ErrNoRows {
			continue
		}
		if err != nil {
			return st, err
		}
		var inc statusfeed.Incident
		if err := json.Unmarshal([]byte(doc), &inc); err != nil {
			return st, fmt.Errorf("archive: incident %s/%s: %w", vendor, key, err)
		}
		st.Incidents[key] = &inc
	}
	return st, nil
}

// putComponents stores the components a reading changed, and the status changes among them.
// A component the page lists twice is stored with its last view (a multi-row upsert may not
// touch a row twice); each of its status changes is kept.
func (a *DB) putComponents(ctx context.Context, t txn, r events.Reading, changes []events.ComponentChange) error {
	if len(changes) == 0 {
		return nil
	}
	now := fmtTime(r.DetectedAt)
	last := make(map[string]int, len(changes)) // key → the index of its last view
	for i, c := range changes {
		last[c.Key] = i
	}
	comps := newBatch(batchComponents)
	moves := newBatch(batchComponentChanges)
	for i := range changes {
		c := &changes[i].Component
		if last[changes[i].Key] == i {
			doc, err := c.MarshalJSON()
			if err != nil {
				return err
			}
			comps.add(r.Vendor, changes[i].Key, c.ID, c.Name, c.Group, string(c.Status), c.RawStatus, c.Description, now, now, string(doc))
		}
		if changes[i].StatusChanged {
			moves.add(r.Vendor, changes[i].Key, string(c.Status), string(changes[i].Previous), c.RawStatus, now, r.Source)
		}
	}
	if err := a.execBatch(ctx, t, comps, nil); err != nil {
		return err
	}
	return a.execBatch(ctx, t, moves, nil)
}

// encodeIncidents encodes the incidents of p by key, leaving out keys p lists more than once
// (which of their views is stored depends on the archive).
func encodeIncidents(p *statusfeed.Page) (map[string][]byte, error) {
	if p == nil || len(p.Incidents) == 0 {
		return nil, nil
	}
	docs := make(map[string][]byte, len(p.Incidents))
	twice := map[string]bool{}
	for i := range p.Incidents {
		key := events.IncidentKey(&p.Incidents[i])
		if _, ok := docs[key]; ok || twice[key] {
			delete(docs, key)
			twice[key] = true
			continue
		}
		doc, err := p.Incidents[i].MarshalJSON()
		if err != nil {
			return nil, err
		}
		docs[key] = doc
	}
	return docs, nil
}

// stageIncident readies an incident for putParts, with doc its encoding when known; existed
// says whether the archive had it, whose parts are then deleted.
func (a *DB) stageIncident(ctx context.Context, t txn, vendor string, inc *statusfeed.Incident, existed bool, doc []byte, parts *incidentParts) error {
	key := events.IncidentKey(inc)
	if doc == nil {
		var err error
		if doc, err = inc.MarshalJSON(); err != nil { // json.Marshal would re-validate the output
			return err
		}
	}
	if existed {
		for _, table := range incidentChildren {
			if _, err := t.ExecContext(ctx, deleteChildren(table), vendor, key); err != nil {
				return err
			}
		}
	}
	parts.set(key, inc, doc)
	return nil
}

// insertEvents stores events, keeping the first of any ID already stored, and returns those
// it stored with their sequence numbers.
func (a *DB) insertEvents(ctx context.Context, t txn, evs []events.Event) ([]events.Event, error) {
	if len(evs) == 0 {
		return nil, nil
	}
	// Consumers read events after a cursor, so events must become visible in the order of
	// their sequence numbers. PostgreSQL draws a number at insert time, and a transaction that
	// drew a lower one could commit after one that drew a higher, behind a cursor already past
	// it. Transactions that store events take this lock before drawing and hold it until they
	// commit (this is the last statement before commit), so numbers are drawn in commit order.
	// SQLite has one writer at a time, which orders them alike.
	if a.d.name == "postgres" {
		if _, err := t.ExecContext(ctx, `SELECT pg_advisory_xact_lock(4242002)`); err != nil {
			return nil, err
		}
	}
	batch := newBatch(batchEvents)
	for _, e := range evs {
		payload, err := e.MarshalJSON() // json.Marshal would validate the output again
		if err != nil {
			return nil, err
		}
		var incKey, compKey string
		if e.Incident != nil {
			incKey = e.Incident.ID
		}
		if e.Component != nil {
			compKey = e.Component.ID
			if compKey == "" {
				compKey = e.Component.Group + "/" + e.Component.Name
			}
		}
		backfill := 0
		if e.Backfill {
			backfill = 1
		}
		batch.add(e.ID, string(e.Type), fmtTime(e.At), fmtTime(e.DetectedAt), e.Vendor, e.Source, backfill, incKey, compKey, string(payload))
	}
	// An event whose ID is stored already returns no row. The rows come back in no promised
	// order: they are matched by ID, and the events sorted by the numbers drawn, which follow
	// the order of the rows (both databases number a multi-row VALUES in order).
	seqs := make(map[string]int64, len(evs))
	err := a.execBatch(ctx, t, batch, func(rows *sql.Rows) error {
		var id string
		var seq int64
		if err := rows.Scan(&id, &seq); err != nil {
			return err
		}
		seqs[id] = seq
		return nil
	})
	if err != nil {
		return nil, err
	}
	var out []events.Event
	for _, e := range evs {
		if seq, ok := seqs[e.ID]; ok {
			delete(seqs, e.ID) // a second event of one ID is a repeat
			e.Seq = seq
			out = append(out, e)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Seq < out[j].Seq })
	return out, nil
}
