package archive

import (
	"context"
	"path/filepath"
	"testing"

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

	mem, err := Open(ctx, ":memory:")
	require.NoError(t, err)
	defer mem.Close()
	assert.Nil(t, mem.ckpt)
}
