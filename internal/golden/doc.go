// Package golden compares test results with the golden JSON files stored beside their inputs
// in testdata/ (<case>.<ext> → <case>.golden.json), and rewrites them under go test -update.
package golden
