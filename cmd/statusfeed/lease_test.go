package main

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"statusfeed.dev/archive"
)

// A poll --once whose sinks' cursors another process holds (pollers sharing one archive) is not
// a failure: it exits 0, prints no event, and says in one line on stderr that another process
// delivers them; the events wait for whoever holds the cursor, and the next run delivers them
// once the hold is gone.
func TestPollLeavesAHeldCursorToItsHolder(t *testing.T) {
	srv := newFeedServer(t, readFixture(t, "statuspage", "basic.atom"))
	path := filepath.Join(t.TempDir(), "archive.db")
	url := srv.URL + "/history.atom"
	hook := newFeedServer(t, nil) // a webhook receiver (backfill is not sent to it)
	hold := func(f func(ctx context.Context, db *archive.DB)) {
		ctx := context.Background()
		db, err := archive.Open(ctx, path)
		require.NoError(t, err)
		defer db.Close()
		f(ctx, db)
	}
	now := time.Now()
	hold(func(ctx context.Context, db *archive.DB) {
		for _, name := range []string{"stdout", "webhook:" + hook.URL} {
			_, ok, err := db.Acquire(ctx, name, "other-process", now, now.Add(time.Hour))
			require.NoError(t, err)
			require.True(t, ok)
		}
	})

	code, out, errOut := runChild(t, nil, "poll", "--once", "--json", "--webhook", hook.URL, "--archive", path, url)
	require.Equal(t, 0, code, errOut)
	assert.Empty(t, out, "the holder delivers them, not this process")
	assert.Equal(t, "statusfeed poll: stdout: another process is delivering these events\n"+
		"statusfeed poll: webhook: another process is delivering these events\n", errOut,
		"one line per held sink, though both deliveries found it held; the hook's URL left out")
	cursors := func() (out []int64) {
		hold(func(ctx context.Context, db *archive.DB) {
			for _, name := range []string{"stdout", "webhook:" + hook.URL} {
				cur, err := db.Cursor(ctx, name)
				require.NoError(t, err)
				out = append(out, cur)
			}
		})
		return out
	}
	assert.Equal(t, []int64{0, 0}, cursors(), "nothing taken")

	hold(func(ctx context.Context, db *archive.DB) {
		for _, name := range []string{"stdout", "webhook:" + hook.URL} {
			require.NoError(t, db.Release(ctx, name, "other-process"))
		}
	})
	code, out, errOut = runChild(t, nil, "poll", "--once", "--json", "--webhook", hook.URL, "--archive", path, url)
	require.Equal(t, 0, code, errOut)
	assert.Empty(t, errOut)
	evs := eventLines(t, out)
	assert.NotEmpty(t, evs, "delivered once the hold is gone")
	ids := map[string]bool{}
	for _, e := range evs {
		ids[e["id"].(string)] = true
	}
	assert.Len(t, ids, len(evs), "each once")
	last := int64(evs[len(evs)-1]["seq"].(float64))
	assert.Equal(t, []int64{last, last}, cursors(), "both sinks took every event")
}
