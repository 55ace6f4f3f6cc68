package apitime

import (
	"errors"
	"testing"
	"time"

	"statusfeed.dev/normalize"
)

func TestTime(t *testing.T) {
	var r Reader
	if got, want := r.Time("a", " 2021-01-04T07:14:44-08:00 "), time.Date(2021, 1, 4, 15, 14, 44, 0, time.UTC); !got.Equal(want) || got.Location() != time.UTC {
		t.Errorf("got %v, want %v in UTC", got, want)
	}
	if got := r.Time("b", "2022-07-01T13:37:44+00:00"); got != time.Date(2022, 7, 1, 13, 37, 44, 0, time.UTC) {
		t.Errorf("got %v", got)
	}
	if len(r.Errs) != 0 {
		t.Fatalf("unexpected errors %v", r.Errs)
	}
	if got := r.Time("end", "Jan 4, 07:14 PST"); !got.IsZero() {
		t.Errorf("an unreadable time gave %v", got)
	}
	if len(r.Errs) != 1 || !errors.Is(r.Errs[0], normalize.ErrStamp) || r.Errs[0].Error()[:4] != "end:" {
		t.Errorf("errors %v: want one naming the field and wrapping ErrStamp", r.Errs)
	}
}
