package archive_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"statusfeed.dev/archive"
	"statusfeed.dev/events"
	"statusfeed.dev/statusfeed"
)

// PostgresEnv names the environment variable holding the PostgreSQL URL the suite also runs
// against (.ci/run sets it after starting a server on loopback).
const PostgresEnv = "STATUSFEED_TEST_POSTGRES"

// stores runs the suite against every store that can be had: SQLite always, PostgreSQL when
// STATUSFEED_TEST_POSTGRES names a reachable server.
func stores(t *testing.T, f func(t *testing.T, open func(t *testing.T) *archive.DB)) {
	t.Run("sqlite", func(t *testing.T) {
		f(t, func(t *testing.T) *archive.DB {
			db, err := archive.Open(context.Background(), filepath.Join(t.TempDir(), "a.db"))
			require.NoError(t, err)
			t.Cleanup(func() { db.Close() })
			return db
		})
	})
	t.Run("postgres", func(t *testing.T) {
		addr := postgresURL(t)
		f(t, func(t *testing.T) *archive.DB {
			resetPostgres(t, addr)
			db, err := archive.Open(context.Background(), addr)
			require.NoError(t, err)
			t.Cleanup(func() { db.Close() })
			return db
		})
	})
}

func postgresURL(t *testing.T) string {
	addr := os.Getenv(PostgresEnv)
	if addr == "" {
		t.Skipf("PostgreSQL tests skipped: set %s to a server's URL (.ci/run starts one on loopback)", PostgresEnv)
	}
	db, err := sql.Open("pgx", addr)
	if err == nil {
		err = db.PingContext(context.Background())
		db.Close()
	}
	if err != nil {
		t.Skipf("PostgreSQL tests skipped: %s=%s is not reachable: %v", PostgresEnv, addr, err)
	}
	return addr
}

// resetPostgres empties the test database: each test starts from no schema.
func resetPostgres(t *testing.T, addr string) {
	db, err := sql.Open("pgx", addr)
	require.NoError(t, err)
	defer db.Close()
	_, err = db.Exec(`DROP SCHEMA public CASCADE; CREATE SCHEMA public`)
	require.NoError(t, err)
}

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

const feedURL = "https://status.example.com/history.atom"

func update(min int, st statusfeed.Status, body string) statusfeed.Update {
	return statusfeed.Update{At: t0.Add(time.Duration(min) * time.Minute), Status: st, RawStatus: string(st), Body: body}
}

func incident(id string, updates ...statusfeed.Update) statusfeed.Incident {
	inc := statusfeed.Incident{ID: id, Title: "Incident " + id, URL: "https://status.example.com/incidents/" + id,
		Kind: statusfeed.KindIncident, Impact: statusfeed.ImpactMinor, Updates: updates}
	inc.StartedAt = updates[0].At
	last := updates[len(updates)-1]
	inc.Status = last.Status
	if last.Status.Terminal() {
		inc.ResolvedAt = last.At
	}
	return inc
}

func page(incs ...statusfeed.Incident) *statusfeed.Page {
	return &statusfeed.Page{Provider: "statuspage", Format: "atom", Name: "Example", URL: "https://status.example.com", Incidents: incs}
}

func record(t *testing.T, db *archive.DB, at time.Duration, p *statusfeed.Page) []events.Event {
	t.Helper()
	evs, err := db.Record(context.Background(), archive.Result{URL: feedURL, DetectedAt: t0.Add(at), Page: p, Attempts: 1})
	require.NoError(t, err)
	return evs
}

func types(evs []events.Event) []string {
	var out []string
	for _, e := range evs {
		s := string(e.Type)
		if e.Backfill {
			s += "(backfill)"
		}
		out = append(out, s)
	}
	return out
}

// An incident seen opened, updated, resolved and then gone from the feed window ends as one
// archived incident with all its updates and one event of each kind.
func TestIncidentLifecycle(t *testing.T) {
	stores(t, func(t *testing.T, open func(t *testing.T) *archive.DB) {
		db := open(t)
		ctx := context.Background()
		require.NoError(t, db.AddSource(ctx, archive.Source{URL: feedURL, Interval: time.Minute}))

		old := incident("old1", update(-600, statusfeed.StatusInvestigating, "x"), update(-500, statusfeed.StatusResolved, "y"))
		evs := record(t, db, 0, page(old))
		assert.Equal(t, []string{"incident_opened(backfill)", "incident_resolved(backfill)"}, types(evs),
			"the first poll records history as backfill")

		a1 := incident("a", update(10, statusfeed.StatusInvestigating, "Looking."))
		evs = record(t, db, 11*time.Minute, page(a1, old))
		assert.Equal(t, []string{"incident_opened"}, types(evs))
		assert.Equal(t, "Incident a", evs[0].Incident.Title)
		assert.Equal(t, t0.Add(10*time.Minute), evs[0].At, "when it happened, per the vendor")
		assert.Equal(t, t0.Add(11*time.Minute), evs[0].DetectedAt)

		assert.Empty(t, record(t, db, 12*time.Minute, page(a1, old)), "an unchanged reading emits nothing")

		a2 := incident("a", update(10, statusfeed.StatusInvestigating, "Looking."), update(20, statusfeed.StatusMonitoring, "Fixed."))
		evs = record(t, db, 21*time.Minute, page(a2, old))
		assert.Equal(t, []string{"incident_updated"}, types(evs))
		assert.Equal(t, "Fixed.", evs[0].Update.Body)

		a3 := incident("a", update(10, statusfeed.StatusInvestigating, "Looking."), update(20, statusfeed.StatusMonitoring, "Fixed."),
			update(30, statusfeed.StatusResolved, "Done."))
		a3.Postmortem = &statusfeed.Postmortem{PublishedAt: t0.Add(90 * time.Minute), Body: "What happened"}
		evs = record(t, db, 91*time.Minute, page(a3, old))
		assert.Equal(t, []string{"incident_updated", "incident_resolved", "postmortem_published"}, types(evs))

		// The feed's window moves on: only a newer incident is listed.
		b := incident("b", update(100, statusfeed.StatusInvestigating, "New."))
		evs = record(t, db, 101*time.Minute, page(b))
		assert.Equal(t, []string{"incident_opened"}, types(evs))

		p, err := db.Page(ctx, "Example")
		require.NoError(t, err)
		require.Len(t, p.Incidents, 3, "a, b and old: nothing dropped, nothing duplicated")
		var a *statusfeed.Incident
		for i := range p.Incidents {
			if p.Incidents[i].ID == "a" {
				a = &p.Incidents[i]
			}
		}
		require.NotNil(t, a)
		assert.Len(t, a.Updates, 3)
		assert.Equal(t, statusfeed.StatusResolved, a.Status)
		assert.NotNil(t, a.Postmortem)

		all, err := db.Events(ctx, 0, 100)
		require.NoError(t, err)
		count := map[events.Type]int{}
		for _, e := range all {
			if e.Incident != nil && e.Incident.ID == "a" {
				count[e.Type]++
			}
		}
		assert.Equal(t, map[events.Type]int{events.IncidentOpened: 1, events.IncidentUpdated: 2, events.IncidentResolved: 1,
			events.PostmortemPublished: 1}, count, "one event per change; the two updates are two changes")
		for i := 1; i < len(all); i++ {
			assert.Greater(t, all[i].Seq, all[i-1].Seq)
		}
	})
}

// A later view of an archived incident that shows fewer updates (a feed trimmed its entry)
// merges in: the archive keeps the union.
func TestMergeKeepsUpdatesASourceDropped(t *testing.T) {
	stores(t, func(t *testing.T, open func(t *testing.T) *archive.DB) {
		db := open(t)
		ctx := context.Background()
		require.NoError(t, db.AddSource(ctx, archive.Source{URL: feedURL}))
		record(t, db, 0, page(incident("a", update(1, statusfeed.StatusInvestigating, "one"), update(2, statusfeed.StatusIdentified, "two"))))
		evs := record(t, db, time.Hour, page(incident("a", update(2, statusfeed.StatusIdentified, "two"), update(3, statusfeed.StatusResolved, "three"))))
		assert.Equal(t, []string{"incident_updated", "incident_resolved"}, types(evs))
		p, err := db.Page(ctx, "Example")
		require.NoError(t, err)
		require.Len(t, p.Incidents, 1)
		assert.Len(t, p.Incidents[0].Updates, 3)
		assert.Equal(t, t0.Add(time.Minute), p.Incidents[0].StartedAt, "the earlier start stands")
	})
}

func TestComponentStatusChanges(t *testing.T) {
	stores(t, func(t *testing.T, open func(t *testing.T) *archive.DB) {
		db := open(t)
		ctx := context.Background()
		const api = "https://status.example.com/api/v2/summary.json"
		require.NoError(t, db.AddSource(ctx, archive.Source{URL: api, Vendor: "Acme"}))
		withStatus := func(s statusfeed.ComponentStatus) *statusfeed.Page {
			return &statusfeed.Page{Provider: "statuspage", Format: "json", Name: "Acme Corp", Components: []statusfeed.Component{
				{ID: "c1", Name: "API", Status: s}, {ID: "g1", Name: "Core", IsGroup: true, Status: s}}}
		}
		rec := func(at time.Duration, s statusfeed.ComponentStatus) []events.Event {
			evs, err := db.Record(ctx, archive.Result{URL: api, DetectedAt: t0.Add(at), Page: withStatus(s)})
			require.NoError(t, err)
			return evs
		}
		assert.Equal(t, []string{"component_status_changed(backfill)"}, types(rec(0, statusfeed.ComponentOperational)), "groups are not components")
		assert.Empty(t, rec(time.Minute, statusfeed.ComponentOperational))
		evs := rec(2*time.Minute, statusfeed.ComponentMajorOutage)
		require.Len(t, evs, 1)
		assert.Equal(t, statusfeed.ComponentOperational, evs[0].Component.PreviousStatus)
		assert.Equal(t, statusfeed.ComponentMajorOutage, evs[0].Component.Status)
		assert.Equal(t, "Acme", evs[0].Vendor, "the user's vendor name wins over the page's")
		rec(5*time.Minute, statusfeed.ComponentOperational)
		changes, err := db.ComponentChanges(ctx, "Acme")
		require.NoError(t, err)
		require.Len(t, changes, 3)
		assert.Equal(t, t0.Add(2*time.Minute), changes[1].At)
		assert.Equal(t, statusfeed.ComponentMajorOutage, changes[1].Status)
	})
}

// A page's components are stored a batch at a time: many more than one statement holds, and a
// component the page lists twice, are stored as per-row writes stored them (the last view of a
// component, every status change).
func TestComponentsStoredInBatches(t *testing.T) {
	stores(t, func(t *testing.T, open func(t *testing.T) *archive.DB) {
		db := open(t)
		ctx := context.Background()
		const api = "https://status.example.com/api/v2/summary.json"
		require.NoError(t, db.AddSource(ctx, archive.Source{URL: api, Vendor: "Acme"}))
		var comps []statusfeed.Component
		for i := range 70 {
			comps = append(comps, statusfeed.Component{ID: fmt.Sprintf("c%02d", i), Name: fmt.Sprintf("Service %d", i), Status: statusfeed.ComponentOperational})
		}
		comps = append(comps, statusfeed.Component{ID: "c05", Name: "Service 5, again", Status: statusfeed.ComponentMajorOutage})
		evs, err := db.Record(ctx, archive.Result{URL: api, DetectedAt: t0, Page: &statusfeed.Page{Name: "Acme", Components: comps}})
		require.NoError(t, err)
		assert.Len(t, evs, 71, "one event per status seen")
		changes, err := db.ComponentChanges(ctx, "Acme")
		require.NoError(t, err)
		require.Len(t, changes, 71)
		assert.Equal(t, "c00", changes[0].Key, "in the page's order")
		assert.Equal(t, "c05", changes[70].Key)
		assert.Equal(t, statusfeed.ComponentMajorOutage, changes[70].Status)

		// The stored component is the page's last view of it: reading the same page again
		// changes nothing.
		evs, err = db.Record(ctx, archive.Result{URL: api, DetectedAt: t0.Add(time.Minute), Page: &statusfeed.Page{Name: "Acme", Components: comps[70:]}})
		require.NoError(t, err)
		assert.Empty(t, evs, "c05 is stored as the page last had it")
		var name string
		require.NoError(t, archive.RawDB(db).QueryRowContext(ctx, `SELECT name FROM components WHERE vendor = 'Acme' AND key = 'c05'`).Scan(&name))
		assert.Equal(t, "Service 5, again", name)
		var n int
		require.NoError(t, archive.RawDB(db).QueryRowContext(ctx, `SELECT COUNT(*) FROM components WHERE vendor = 'Acme'`).Scan(&n))
		assert.Equal(t, 70, n)
	})
}

// A source that cannot be read is never read as "all clear": it is marked, announced once, and
// its last good state stays.
func TestUnreadableSourceKeepsLastGoodState(t *testing.T) {
	stores(t, func(t *testing.T, open func(t *testing.T) *archive.DB) {
		db := open(t)
		ctx := context.Background()
		require.NoError(t, db.AddSource(ctx, archive.Source{URL: feedURL}))
		open1 := incident("a", update(1, statusfeed.StatusInvestigating, "one"))
		record(t, db, 0, page(open1))

		bad := func(at time.Duration, err error, unreadable bool) []events.Event {
			evs, rerr := db.Record(ctx, archive.Result{URL: feedURL, DetectedAt: t0.Add(at), Err: err, Unreadable: unreadable, Attempts: 3, Failures: 3})
			require.NoError(t, rerr)
			return evs
		}
		evs := bad(time.Minute, errors.New("statusfeed: unknown format: an HTML page where a feed was"), true)
		assert.Equal(t, []string{"source_unreadable"}, types(evs))
		assert.Empty(t, bad(2*time.Minute, errors.New("again"), true), "announced once, not every cycle")

		s, err := db.SourceByURL(ctx, feedURL)
		require.NoError(t, err)
		assert.Equal(t, archive.StateUnreadable, s.State)
		assert.Equal(t, 2, s.ConsecutiveFailures)
		assert.Equal(t, 7, s.Attempts, "retries are counted")
		assert.Equal(t, 6, s.Failures)

		// An empty feed from a source that listed entries is unreadable, not "no incidents".
		evs = record(t, db, 3*time.Minute, page())
		assert.Empty(t, evs, "still unreadable: no recovery, no change")
		s, err = db.SourceByURL(ctx, feedURL)
		require.NoError(t, err)
		assert.Equal(t, archive.StateUnreadable, s.State)
		assert.Contains(t, s.LastError, "came back empty")

		p, err := db.Page(ctx, "Example")
		require.NoError(t, err)
		require.Len(t, p.Incidents, 1)
		assert.Equal(t, statusfeed.StatusInvestigating, p.Incidents[0].Status, "the last good state stays")

		evs = record(t, db, 4*time.Minute, page(open1))
		assert.Equal(t, []string{"source_recovered"}, types(evs))
		s, err = db.SourceByURL(ctx, feedURL)
		require.NoError(t, err)
		assert.Equal(t, archive.StateOK, s.State)
		assert.Equal(t, 0, s.ConsecutiveFailures)
	})
}

func TestValidatorsAndNotModified(t *testing.T) {
	stores(t, func(t *testing.T, open func(t *testing.T) *archive.DB) {
		db := open(t)
		ctx := context.Background()
		require.NoError(t, db.AddSource(ctx, archive.Source{URL: feedURL}))
		_, err := db.Record(ctx, archive.Result{URL: feedURL, DetectedAt: t0, Page: page(incident("a", update(1, statusfeed.StatusInvestigating, "x"))),
			ETag: `"v1"`, LastModified: "Sun, 01 Mar 2026 12:00:00 GMT"})
		require.NoError(t, err)
		evs, err := db.Record(ctx, archive.Result{URL: feedURL, DetectedAt: t0.Add(time.Minute), NotModified: true})
		require.NoError(t, err)
		assert.Empty(t, evs)
		s, err := db.SourceByURL(ctx, feedURL)
		require.NoError(t, err)
		assert.Equal(t, `"v1"`, s.ETag, "a 304 keeps the validators")
		assert.Equal(t, "Sun, 01 Mar 2026 12:00:00 GMT", s.LastModified)
		assert.Equal(t, 2, s.Polls)
		assert.Equal(t, 1, s.LastEntries, "a 304 keeps the count of entries")
	})
}

func TestCursorReplay(t *testing.T) {
	stores(t, func(t *testing.T, open func(t *testing.T) *archive.DB) {
		db := open(t)
		ctx := context.Background()
		require.NoError(t, db.AddSource(ctx, archive.Source{URL: feedURL}))
		record(t, db, 0, page(incident("a", update(1, statusfeed.StatusInvestigating, "x"))))
		record(t, db, time.Hour, page(incident("b", update(61, statusfeed.StatusInvestigating, "y"))))
		cur, err := db.Cursor(ctx, "stdout")
		require.NoError(t, err)
		assert.Zero(t, cur)
		first, err := db.Events(ctx, cur, 1)
		require.NoError(t, err)
		require.Len(t, first, 1)
		require.NoError(t, db.Advance(ctx, "stdout", first[0].Seq))
		require.NoError(t, db.Advance(ctx, "stdout", 0), "a cursor never moves back")
		cur, err = db.Cursor(ctx, "stdout")
		require.NoError(t, err)
		rest, err := db.Events(ctx, cur, 10)
		require.NoError(t, err)
		require.Len(t, rest, 1)
		assert.Equal(t, "b", rest[0].Incident.ID)
	})
}

// Pollers sharing a database lease each due source to one of them per interval.
func TestLeaseGivesEachSourceToOnePoller(t *testing.T) {
	stores(t, func(t *testing.T, open func(t *testing.T) *archive.DB) {
		db := open(t)
		ctx := context.Background()
		const n = 60
		for i := 0; i < n; i++ {
			require.NoError(t, db.AddSource(ctx, archive.Source{URL: fmt.Sprintf("https://s%d.example.com/feed", i), Interval: time.Minute}))
		}
		var mu sync.Mutex
		got := map[string]int{}
		var wg sync.WaitGroup
		for w := 0; w < 3; w++ {
			wg.Add(1)
			go func(owner string) {
				defer wg.Done()
				for {
					leased, err := db.Lease(ctx, owner, t0, 7, time.Minute, 0)
					if !assert.NoError(t, err) || len(leased) == 0 {
						return
					}
					mu.Lock()
					for _, s := range leased {
						got[s.URL]++
					}
					mu.Unlock()
				}
			}(fmt.Sprintf("poller-%d", w))
		}
		wg.Wait()
		assert.Len(t, got, n)
		for u, c := range got {
			assert.Equal(t, 1, c, "%s leased %d times in one interval", u, c)
		}
		again, err := db.Lease(ctx, "late", t0.Add(30*time.Second), 100, time.Minute, 0)
		require.NoError(t, err)
		assert.Empty(t, again, "not due again before the interval")
		again, err = db.Lease(ctx, "late", t0.Add(61*time.Second), 100, time.Minute, 0)
		require.NoError(t, err)
		assert.Len(t, again, n, "due again after the interval")
	})
}

func TestMigrationsApplyOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	for i := 0; i < 2; i++ {
		db, err := archive.Open(context.Background(), path)
		require.NoError(t, err)
		require.NoError(t, db.Close())
	}
	raw, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	defer raw.Close()
	var n, max int
	require.NoError(t, raw.QueryRow(`SELECT COUNT(*), MAX(version) FROM schema_migrations`).Scan(&n, &max))
	assert.Equal(t, archive.SchemaVersion(), n)
	assert.Equal(t, archive.SchemaVersion(), max)

	// An archive a newer build migrated is refused, not written with statements its tables no
	// longer fit.
	_, err = raw.Exec(`INSERT INTO schema_migrations (version, applied_at) VALUES (?, '')`, archive.SchemaVersion()+1)
	require.NoError(t, err)
	_, err = archive.Open(context.Background(), path)
	require.ErrorIs(t, err, archive.ErrNewerSchema)
	assert.Contains(t, err.Error(), fmt.Sprintf("version %d", archive.SchemaVersion()+1))
}

// A component's published uptime record grows every day without its status changing: the
// archive keeps the newest record, and announces nothing.
func TestComponentUptimeRecordStaysCurrent(t *testing.T) {
	stores(t, func(t *testing.T, open func(t *testing.T) *archive.DB) {
		db := open(t)
		ctx := context.Background()
		const home = "https://status.example.com/"
		require.NoError(t, db.AddSource(ctx, archive.Source{URL: home}))
		day := func(n int, major int64) statusfeed.UptimeDay {
			return statusfeed.UptimeDay{Date: time.Date(2026, 3, n, 0, 0, 0, 0, time.UTC), MajorOutageSeconds: major}
		}
		withDays := func(days ...statusfeed.UptimeDay) *statusfeed.Page {
			return &statusfeed.Page{Provider: "statuspage", Format: "html", Name: "Example", Components: []statusfeed.Component{
				{ID: "c1", Name: "API", Status: statusfeed.ComponentOperational, Uptime: days}}}
		}
		_, err := db.Record(ctx, archive.Result{URL: home, DetectedAt: t0, Page: withDays(day(1, 0))})
		require.NoError(t, err)
		evs, err := db.Record(ctx, archive.Result{URL: home, DetectedAt: t0.Add(24 * time.Hour), Page: withDays(day(1, 0), day(2, 600))})
		require.NoError(t, err)
		assert.Empty(t, evs, "a longer record is not news")
		p, err := db.Page(ctx, "Example")
		require.NoError(t, err)
		require.Len(t, p.Components, 1)
		require.Len(t, p.Components[0].Uptime, 2, "the stored record is the newest")
		assert.Equal(t, int64(600), p.Components[0].Uptime[1].MajorOutageSeconds)
	})
}

// A page that lists one incident twice is stored once, on a vendor's first reading as on
// later ones (the first reading stores parts without clearing old ones: there are none).
func TestIncidentListedTwice(t *testing.T) {
	stores(t, func(t *testing.T, open func(t *testing.T) *archive.DB) {
		db := open(t)
		ctx := context.Background()
		require.NoError(t, db.AddSource(ctx, archive.Source{URL: feedURL}))
		a := incident("a", update(1, statusfeed.StatusInvestigating, "one"), update(2, statusfeed.StatusIdentified, "two"))
		record(t, db, 0, page(a, a))
		p, err := db.Page(ctx, "Example")
		require.NoError(t, err)
		require.Len(t, p.Incidents, 1)
		assert.Len(t, p.Incidents[0].Updates, 2)
		b := incident("b", update(3, statusfeed.StatusInvestigating, "three"))
		record(t, db, time.Hour, page(b, b, a))
		p, err = db.Page(ctx, "Example")
		require.NoError(t, err)
		require.Len(t, p.Incidents, 2)

		// Two views of one new incident in one reading: the last is stored, parts and all.
		c1 := incident("c", update(5, statusfeed.StatusInvestigating, "c one"))
		c2 := incident("c", update(5, statusfeed.StatusInvestigating, "c one"), update(6, statusfeed.StatusResolved, "c two"))
		c2.Title = "Incident c, retitled"
		record(t, db, 2*time.Hour, page(c1, c2))
		p, err = db.Page(ctx, "Example")
		require.NoError(t, err)
		require.Len(t, p.Incidents, 3)
		var c *statusfeed.Incident
		for i := range p.Incidents {
			if p.Incidents[i].ID == "c" {
				c = &p.Incidents[i]
			}
		}
		require.NotNil(t, c)
		assert.Equal(t, "Incident c, retitled", c.Title)
		assert.Len(t, c.Updates, 2)
		var n int
		require.NoError(t, archive.RawDB(db).QueryRow(`SELECT COUNT(*) FROM incident_updates WHERE key = $1`, "c").Scan(&n))
		assert.Equal(t, 2, n)
	})
}

// A source keeps its vendor: adding its bare URL again does not wipe the name, and a 304 (no
// page to read a name from) does not replace it with the host name.
func TestSourceKeepsItsVendor(t *testing.T) {
	stores(t, func(t *testing.T, open func(t *testing.T) *archive.DB) {
		db := open(t)
		ctx := context.Background()
		require.NoError(t, db.AddSource(ctx, archive.Source{URL: feedURL, Vendor: "Acme"}))
		require.NoError(t, db.AddSource(ctx, archive.Source{URL: feedURL}))
		s, err := db.SourceByURL(ctx, feedURL)
		require.NoError(t, err)
		assert.Equal(t, "Acme", s.Vendor, "a bare re-add keeps the given name")

		const other = "https://status.other.example/history.atom"
		require.NoError(t, db.AddSource(ctx, archive.Source{URL: other}))
		_, err = db.Record(ctx, archive.Result{URL: other, DetectedAt: t0, NotModified: true})
		require.NoError(t, err)
		s, err = db.SourceByURL(ctx, other)
		require.NoError(t, err)
		assert.Equal(t, "", s.Vendor, "a 304 teaches no name")
		_, err = db.Record(ctx, archive.Result{URL: other, DetectedAt: t0.Add(time.Hour), Page: page(incident("a", update(1, statusfeed.StatusInvestigating, "x")))})
		require.NoError(t, err)
		s, err = db.SourceByURL(ctx, other)
		require.NoError(t, err)
		assert.Equal(t, "Example", s.Vendor, "the first page read names it")
		require.NoError(t, db.AddSource(ctx, archive.Source{URL: other}))
		_, err = db.Record(ctx, archive.Result{URL: other, DetectedAt: t0.Add(2 * time.Hour), NotModified: true})
		require.NoError(t, err)
		s, err = db.SourceByURL(ctx, other)
		require.NoError(t, err)
		assert.Equal(t, "Example", s.Vendor)
	})
}

// A reading with more incidents, updates and events than one multi-row INSERT holds stores
// every part in its table, in order, and numbers its events in the order they happened.
func TestRecordStoresEveryPart(t *testing.T) {
	stores(t, func(t *testing.T, open func(t *testing.T) *archive.DB) {
		db := open(t)
		ctx := context.Background()
		require.NoError(t, db.AddSource(ctx, archive.Source{URL: feedURL}))
		const nInc, nUpd = 40, 35
		var incs []statusfeed.Incident
		for i := range nInc {
			var ups []statusfeed.Update
			for j := range nUpd {
				st := statusfeed.StatusMonitoring
				if j == nUpd-1 {
					st = statusfeed.StatusResolved
				}
				ups = append(ups, update(i*100+j, st, fmt.Sprintf("u%d-%d", i, j)))
			}
			inc := incident(fmt.Sprintf("i%02d", i), ups...)
			inc.Components = []statusfeed.ComponentRef{{ID: "c1", Name: "API"}, {ID: "c2", Name: "Web"}}
			inc.Regions = []string{"eu", "us"}
			inc.Sources = []statusfeed.Origin{{Provider: "statuspage", Format: "atom", URL: feedURL}}
			if i%2 == 0 {
				inc.Postmortem = &statusfeed.Postmortem{PublishedAt: ups[nUpd-1].At, Body: fmt.Sprintf("pm%d", i)}
			}
			incs = append(incs, inc)
		}
		evs := record(t, db, 0, page(incs...))
		// Per incident: opened and resolved, and a postmortem for every other one.
		require.Len(t, evs, nInc*2+nInc/2)
		for k := 1; k < len(evs); k++ {
			assert.Less(t, evs[k-1].Seq, evs[k].Seq)
			assert.LessOrEqual(t, evs[k-1].Incident.ID, evs[k].Incident.ID, "events follow the page's order")
		}
		assert.Equal(t, events.IncidentOpened, evs[0].Type)
		assert.Equal(t, events.IncidentResolved, evs[1].Type)
		assert.Equal(t, events.PostmortemPublished, evs[2].Type)
		stored, err := db.Events(ctx, 0, 1000)
		require.NoError(t, err)
		require.Len(t, stored, len(evs))
		for k := range evs {
			assert.Equal(t, evs[k].ID, stored[k].ID)
			assert.Equal(t, evs[k].Seq, stored[k].Seq)
		}

		raw := archive.RawDB(db)
		count := func(table string) int {
			var n int
			require.NoError(t, raw.QueryRow(`SELECT COUNT(*) FROM `+table).Scan(&n))
			return n
		}
		assert.Equal(t, nInc*nUpd, count("incident_updates"))
		assert.Equal(t, nInc*2, count("incident_components"))
		assert.Equal(t, nInc*2, count("incident_regions"))
		assert.Equal(t, nInc/2, count("postmortems"))
		assert.Equal(t, nInc, count("incident_sources"))
		var body string
		require.NoError(t, raw.QueryRow(`SELECT body FROM incident_updates WHERE key = $1 AND position = $2`, "i39", 34).Scan(&body))
		assert.Equal(t, "u39-34", body)

		// A later reading that adds an update to one incident replaces that incident's parts.
		incs[7].Updates = append(incs[7].Updates, update(9999, statusfeed.StatusResolved, "late"))
		evs = record(t, db, time.Hour, page(incs...))
		assert.Equal(t, []string{"incident_updated"}, types(evs))
		assert.Equal(t, nInc*nUpd+1, count("incident_updates"))
		assert.Equal(t, nInc*2, count("incident_components"))
	})
}

// The SQLite settings the archive relies on are in force on its connection (the driver applies
// the DSN's pragmas in an order of its own, which once left one without effect).
func TestSQLiteSettings(t *testing.T) {
	db, err := archive.Open(context.Background(), filepath.Join(t.TempDir(), "s.db"))
	require.NoError(t, err)
	defer db.Close()
	raw := archive.RawDB(db)
	for pragma, want := range map[string]string{
		"journal_mode": "wal", "synchronous": "1", "wal_autocheckpoint": "16384", "temp_store": "2",
		"cache_size": "-16384", "busy_timeout": "10000", "journal_size_limit": "67108864",
	} {
		var got string
		require.NoError(t, raw.QueryRow(`PRAGMA `+pragma).Scan(&got))
		assert.Equal(t, want, got, pragma)
	}
}
