// Package events names the changes statusfeed announces about vendors, and derives them.
//
// An Event is one change: an incident opened, updated or resolved, a postmortem published, a
// maintenance scheduled, started or completed, a component's status changed, or a source that
// became unreadable or recovered. Diff derives the events between what an archive knew of a
// vendor and what a source shows now; it is a pure function so that the archive can run it
// inside the transaction that stores the change, which is what makes delivery exactly-once
// possible: the event and its cause are committed together or not at all.
//
// Event IDs are derived from what changed (vendor, subject and the change itself), not from
// when it was seen, so that two pollers or two sources of one vendor that see the same change
// produce the same ID, and a store can keep it once.
//
// Sinks deliver events: JSON lines on a writer, and a webhook that POSTs each event with its ID
// as the idempotency key. Deliver hands a sink the events after its cursor in a Log. On a Log
// that is also a Leaser (the archive is), one Deliver at a time holds a sink name's cursor, under
// a hold that is renewed as it goes and lapses if its holder dies, and moves the cursor only
// while it holds it: Delivers with one sink name in several processes sharing an archive take
// each event once. Another Deliver of the name returns ErrConsumerBusy and leaves the events to
// the holder. What a cursor cannot cover, a sink that took an event just before its process died
// or stalled past the hold, is the one repeat the webhook's idempotency key lets a receiver drop.
package events
