// Package examples holds runnable programs that use statusfeed as a library; each
// subdirectory is one command (go run ./examples/incidents FILE|URL).
package examples
