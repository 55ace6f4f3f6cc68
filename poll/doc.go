// Package poll tracks vendors through time: it polls their status sources politely, records
// what it reads in an archive, and leaves the events the changes caused for delivery.
//
// A Poller runs cycles. Each cycle leases the sources that are due from the archive (so that
// pollers sharing a PostgreSQL archive poll each source once per interval), fetches them with
// a bounded worker pool and at most a few requests in flight per host, sends the stored HTTP
// validators so that an unchanged document costs a 304 and no parsing, parses what changed,
// and records each result in one transaction with its events.
//
// A source may be a status page's address, resolved to its best machine-readable endpoint by
// statusfeed.Discover on the first poll and again when it keeps failing (vendors migrate
// between providers), or an endpoint itself. A body that is not what the source serves (an
// HTML error page from a JSON endpoint, a login page answered with 200, a feed that suddenly
// comes back empty) makes the source unreadable for that cycle and keeps its last good state:
// it is never read as "no incidents" or "operational".
//
// No goroutine outlives the call that started it: Poll returns when its cycle is done, Run
// when its context ends.
//
// The tests play vendors on a loopback server, one host name per source. BenchmarkLoad polls
// thousands of them serving the corpus's captures, one in twenty failing, cold then warm, and
// reports times, bytes and peak memory; BenchmarkLoadRecording times the same readings'
// recordings alone (both need ../shared/corpus):
//
//	go test ./poll -run '^$' -bench 'Load$' -benchtime 1x -sources 10000
package poll
