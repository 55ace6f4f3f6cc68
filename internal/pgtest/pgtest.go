package pgtest

import (
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // PostgreSQL through database/sql
	"github.com/stretchr/testify/require"
)

// Env names the environment variable holding the test server's URL (.ci/run sets it after
// starting a server on loopback).
const Env = "STATUSFEED_TEST_POSTGRES"

// Schema returns the address of an empty schema named after prefix in the test database,
// dropped at the end of the test; or skips the test. Commits do not wait for the disk:
// durability is not under test, and waiting tripled the time of the poller's tests.
func Schema(t testing.TB, prefix string) string {
	t.Helper()
	addr := os.Getenv(Env)
	if addr == "" {
		t.Skipf("PostgreSQL tests skipped: set %s to a server's URL (.ci/run starts one on loopback)", Env)
	}
	raw, err := sql.Open("pgx", addr)
	require.NoError(t, err)
	t.Cleanup(func() { raw.Close() })
	if err := raw.Ping(); err != nil {
		t.Skipf("PostgreSQL tests skipped: %s=%s is not reachable: %v", Env, addr, err)
	}
	schema := fmt.Sprintf("%s_%d", strings.ToLower(prefix), time.Now().UnixNano())
	_, err = raw.Exec(`CREATE SCHEMA ` + schema)
	require.NoError(t, err)
	t.Cleanup(func() { _, _ = raw.Exec(`DROP SCHEMA ` + schema + ` CASCADE`) })
	u, err := url.Parse(addr)
	require.NoError(t, err)
	q := u.Query()
	q.Set("search_path", schema)
	q.Set("synchronous_commit", "off")
	u.RawQuery = q.Encode()
	return u.String()
}
