// Package parsertest holds the tests every parser package runs the same way: golden files over
// its fixtures in testdata/, the real corpus, and fuzzing seeded from both, with the invariants
// every parsed page must meet (parsertest.go), and the lossless JSON round trip (roundtrip.go).
package parsertest
