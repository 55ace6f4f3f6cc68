// Package corpus finds the real captures in ../shared/corpus for tests, skips those tests
// cleanly on a fresh clone with no corpus beside it, and checks each parsed capture against an
// independent read of the same file: feeds with gofeed (check.go), JSON with a generic decode
// (checkjson.go), HTML by counting its markers (checkhtml.go).
package corpus
