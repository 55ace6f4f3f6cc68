package archive

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The background checkpoints end with the archive: no goroutine outlives Close. An in-memory
// archive has no log to copy and starts none.
func TestCloseStopsTheCheckpointer(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "archive.db"))
	require.NoError(t, err)
	require.NotNil(t, db.ckpt, "a SQLite file is checkpointed in the background")
	db.ckpt.wrote()
	require.NoError(t, db.Close())
	select {
	case <-db.ckpt.done:
	default:
		t.Fatal("the checkpointer outlived Close")
	}
	assert.NotPanics(t, func() { db.Close() }, "a second Close is harmless, as sql.DB's is")

	mem, err := Open(ctx, ":memory:")
	require.NoError(t, err)
	defer mem.Close()
	assert.Nil(t, mem.ckpt)
}

// A relative path is the file it named at Open: the checkpointer does not open (and create)
// another one in whatever directory the process is in when it first runs.
func TestCheckpointerKeepsTheFileOpened(t *testing.T) {
	dir, elsewhere := t.TempDir(), t.TempDir()
	t.Chdir(dir)
	db, err := Open(context.Background(), "archive.db")
	require.NoError(t, err)
	defer db.Close()
	opened, stray := filepath.Join(dir, "archive.db"), filepath.Join(elsewhere, "archive.db")
	fi, err := os.Stat(opened)
	require.NoError(t, err)
	before := fi.Size()
	require.NoError(t, os.Chdir(elsewhere))
	require.NoError(t, db.AddSource(context.Background(), Source{URL: "http://vendor.test/feed"}))
	db.ckpt.wrote()
	// Until a checkpoint has run, into one file or the other.
	require.Eventually(t, func() bool {
		fi, err := os.Stat(opened)
		_, serr := os.Stat(stray)
		return serr == nil || err == nil && fi.Size() > before
	}, 3*time.Second, 10*time.Millisecond, "no checkpoint ran")
	require.NoError(t, db.Close())
	assert.NoFileExists(t, stray, "the checkpointer created a second archive")
}
