// Package statuspage reads Atlassian Statuspage documents: the history feeds
// (/history.atom, /history.rss).
//
// In a Statuspage feed one entry is one incident or maintenance, revised in place; its content
// is the whole timeline as <small>stamp</small><strong>Status</strong> blocks, newest first,
// with year-less stamps in the page's zone. <published> is the newest update's time, not the
// start (and for a maintenance not yet begun, its scheduled start). Nothing but status words
// marks a maintenance.
//
// The package registers itself as "statuspage"; Parser can also be used directly.
package statuspage
