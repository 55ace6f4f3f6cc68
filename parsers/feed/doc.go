// Package feed reads any Atom or RSS status feed that no provider-specific parser claims
// (Microsoft 365, LambStatus, self-hosted pages). AWS Health Dashboard feeds, which publish one
// item per update, belong to parsers/aws.
//
// One item is one incident. Where an item's content holds Statuspage-style update blocks
// (<small>stamp</small><strong>Status</strong> - body), as LambStatus prints, they become its
// timeline; otherwise the item is one update at the item's time. The status comes from clear
// words in the title or body ("[RESOLVED]", "Resolved:", and AWS's "operating normally", which
// this package maps itself) and is unknown otherwise: a generic feed does not say, and
// statusfeed does not guess. So is the kind: an item is an incident or a maintenance where its
// link (/incidents/, /maintenances/), a maintenance word or its title says so, and of unknown
// kind otherwise. An item without a date has no update, and is reported.
//
// An item's non-standard <status> element, where there is one, is the update's RawStatus.
// Microsoft 365 writes "Available" there: a service's state, not an incident's phase, so the
// update is a note (StatusUpdate); when the item names the page's own service (title equal to
// the page name) the word is also the page's status, "Available" being operational.
//
// Kind comes from a marker: an /incidents/ or /maintenances/ link, or Statuspage's incident or
// maintenance status words. An item with none (Microsoft's standing notice) is of unknown kind.
//
// The package registers itself as "feed" with the lowest detection confidence, so that every
// provider-specific parser wins over it; Parser can also be used directly.
package feed
