// Package corpus finds the real captures in ../shared/corpus for tests, skips those tests
// cleanly on a fresh clone with no corpus beside it, and checks the invariants every parsed
// feed must meet (check.go).
package corpus
