package feeddoc

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"statusfeed.dev/normalize"
	"statusfeed.dev/statusfeed"
)

// TestUnreadableFeedUpdatedIsReported: the page is returned, without a generation time, and
// the error says why.
func TestUnreadableFeedUpdatedIsReported(t *testing.T) {
	doc := `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>X Status</title>` +
		`<updated>last Tuesday</updated></feed>`
	page, err := Parse(strings.NewReader(doc), statusfeed.Source{Format: statusfeed.FormatAtom}, "test",
		func(*Entry, *statusfeed.Page, statusfeed.Source) (statusfeed.Incident, []error) {
			return statusfeed.Incident{}, nil
		}, nil)
	require.NotNil(t, page)
	require.Error(t, err)
	assert.ErrorIs(t, err, normalize.ErrStamp)
	assert.Contains(t, err.Error(), "last Tuesday")
	assert.True(t, page.GeneratedAt.IsZero())
	assert.Equal(t, "X", page.Name)
}

// TestEntryErrorsAreEntryErrors: what an entry function reports comes back as
// *statusfeed.EntryError naming the entry.
func TestEntryErrorsAreEntryErrors(t *testing.T) {
	doc := `<?xml version="1.0"?><rss version="2.0"><channel><title>X</title>` +
		`<item><title>A</title><link>https://x.example/incidents/a</link></item></channel></rss>`
	page, err := Parse(strings.NewReader(doc), statusfeed.Source{Format: statusfeed.FormatRSS}, "test",
		func(*Entry, *statusfeed.Page, statusfeed.Source) (statusfeed.Incident, []error) {
			return statusfeed.Incident{Title: "A"}, []error{errors.New("no date")}
		}, nil)
	require.NotNil(t, page)
	var ee *statusfeed.EntryError
	require.ErrorAs(t, err, &ee)
	assert.Equal(t, "https://x.example/incidents/a", ee.Entry)
	assert.Len(t, page.Incidents, 1)
}
