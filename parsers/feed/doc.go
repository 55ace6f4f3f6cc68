// Package feed reads any Atom or RSS status feed that no provider-specific parser claims
// (Microsoft 365, LambStatus, self-hosted pages). AWS Health Dashboard feeds, which publish one
// item per update, belong to parsers/aws.
//
// One item is one incident. Where an item's content holds Statuspage-style update blocks
// (<small>stamp</small><strong>Status</strong> - body), as LambStatus prints, they become its
// timeline; otherwise the item is one update at the item's time. The status comes from clear
// words in the title or body ("[RESOLVED]", "Resolved:", "operating normally") and is unknown
// otherwise: a generic feed does not say, and statusfeed does not guess.
//
// The package registers itself as "feed" with the lowest detection confidence, so that every
// provider-specific parser wins over it; Parser can also be used directly.
package feed
