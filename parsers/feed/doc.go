// Package feed reads any Atom or RSS status feed that no provider-specific parser claims (AWS
// Health Dashboard, Microsoft 365, LambStatus, self-hosted pages).
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
// The package registers itself as "feed" with the lowest detection confidence, so that every
// provider-specific parser wins over it; Parser can also be used directly.
package feed
