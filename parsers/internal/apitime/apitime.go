// Package apitime reads the RFC 3339 times of vendors' JSON APIs (Google Cloud's "+00:00",
// Slack's Pacific "-08:00") into UTC, collecting an error for each time an entry could not give,
// so that the entry is still read.
package apitime

import (
	"fmt"
	"strings"
	"time"

	"statusfeed.dev/normalize"
)

// Reader reads one entry's times; Errs lists those it could not read, each naming its field.
// The zero value is ready to use.
type Reader struct {
	Errs []error
}

// Time reads raw as RFC 3339 and returns it in UTC, or the zero time and an error kept in Errs.
func (r *Reader) Time(field, raw string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(raw))
	if err != nil {
		r.Errs = append(r.Errs, fmt.Errorf("%s: %w: %q", field, normalize.ErrStamp, raw))
		return time.Time{}
	}
	return t.UTC()
}
