// Package feeddoc reads an Atom or RSS document with gofeed's format parsers and gives the
// feed parsers one shape for both, with dates left raw so that their offsets survive.
//
// It uses gofeed's atom and rss packages rather than its universal parser: the universal
// translation would cost time for fields statusfeed never reads, and it converts dates to UTC,
// losing the page-zone offset that year-less stamps are resolved against.
//
// Before gofeed reads a document, a streaming check bounds how deeply its elements nest
// (depth.go, MaxDepth): gofeed keeps unknown elements as trees costing about a hundred times
// their size, and a deeply nested document would otherwise take gigabytes.
package feeddoc
