// Package parsertest holds the tests every parser package runs the same way: golden files over
// its fixtures in testdata/, the real corpus, and fuzzing seeded from both.
package parsertest
