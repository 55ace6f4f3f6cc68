package instatus

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"statusfeed.dev/statusfeed"
)

func TestTrimDoublePeriod(t *testing.T) {
	tests := map[string]string{
		"this incident..":                     "this incident.",
		"fully operational. .":                "fully operational.",
		"we will update you...":               "we will update you...",
		"done.":                               "done.",
		"no period":                           "no period",
		"This incident has been resolved..\n": "This incident has been resolved.",
	}
	for in, want := range tests {
		assert.Equal(t, want, trimDoublePeriod(in), "%q", in)
	}
}

func TestStatusWords(t *testing.T) {
	for word, want := range map[string]statusfeed.Status{
		"NOTSTARTEDYET": statusfeed.StatusScheduled, "notstartedyet": statusfeed.StatusScheduled,
		"INPROGRESS": statusfeed.StatusInProgress, "COMPLETED": statusfeed.StatusCompleted,
		"RESOLVED": statusfeed.StatusResolved, "PLANNED": statusfeed.StatusUnknown,
	} {
		assert.Equal(t, want, status(word), "%q", word)
	}
}
