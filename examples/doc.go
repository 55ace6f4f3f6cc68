// Package examples holds runnable programs that use statusfeed as a library; each
// subdirectory is one command: go run ./examples/incidents FILE|URL prints a feed's incidents,
// go run ./examples/scorecard FILE... a quarter's vendor scorecard, go run ./examples/watch
// URL... polls sources and prints each change until interrupted.
package examples
