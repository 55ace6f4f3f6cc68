package normalize_test

import (
	"fmt"
	"time"

	"statusfeed.dev/normalize"
)

// A legacy Statuspage template prints "PST" all year; the entry's own time says -07:00, so the
// stamp is read as Pacific daylight time, and the page gets a warning.
func ExampleResolveStamp() {
	ref, _ := time.Parse(time.RFC3339, "2014-07-10T10:30:00-07:00")
	t, warn, err := normalize.ResolveStamp("Jul 10, 09:00 PST", ref)
	fmt.Println(t, err)
	fmt.Println(warn)
	// Output:
	// 2014-07-10 16:00:00 +0000 UTC <nil>
	// zone label "PST" contradicts the entry's offset -07:00; used the entry's offset
}

func ExampleAffected() {
	for _, c := range normalize.Affected("This incident affected: Regions (SGP1) and Services (Spaces).") {
		fmt.Printf("%s / %s\n", c.Group, c.Name)
	}
	// Output:
	// Regions / SGP1
	// Services / Spaces
}

func ExampleDuration() {
	d, ok := normalize.Duration("1 hour and 22 minutes")
	fmt.Println(d, ok)
	// Output: 1h22m0s true
}
