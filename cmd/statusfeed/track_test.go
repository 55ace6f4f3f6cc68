package main

import (
	"bufio"
	"bytes"
	"database/sql"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"statusfeed.dev/statusfeed"
)

// TestMain lets a test run the CLI as a child process (the test binary re-executed), so that a
// fault can kill it for real.
func TestMain(m *testing.M) {
	if os.Getenv("STATUSFEED_TEST_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

func runChild(t *testing.T, env []string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(append(os.Environ(), "STATUSFEED_TEST_MAIN=1"), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), out.String(), errb.String()
	}
	require.NoError(t, err)
	return 0, out.String(), errb.String()
}

// feedServer serves a feed whose content the test can swap, with an ETag, and counts requests
// and the conditional ones.
type feedServer struct {
	*httptest.Server
	mu                    sync.Mutex
	body                  []byte
	requests, conditional atomic.Int32
}

func newFeedServer(t *testing.T, body []byte) *feedServer {
	fs := &feedServer{body: body}
	fs.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fs.requests.Add(1)
		fs.mu.Lock()
		b := fs.body
		fs.mu.Unlock()
		etag := `"` + string(rune('a'+len(b)%26)) + `"`
		if r.Header.Get("If-None-Match") != "" {
			fs.conditional.Add(1)
			if r.Header.Get("If-None-Match") == etag {
				w.WriteHeader(http.StatusNotModified)
				return
			}
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Content-Type", "application/atom+xml")
		_, _ = w.Write(b)
	}))
	t.Cleanup(fs.Close)
	return fs
}

func (fs *feedServer) set(b []byte) { fs.mu.Lock(); fs.body = b; fs.mu.Unlock() }

// makeDue moves every source's next poll into the past, as if its interval had passed.
func makeDue(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	defer db.Close()
	_, err = db.Exec(`UPDATE sources SET next_poll = ''`)
	require.NoError(t, err)
}

func readFixture(t *testing.T, parts ...string) []byte {
	b, err := os.ReadFile(fixture(t, parts...))
	require.NoError(t, err)
	return b
}

func eventLines(t *testing.T, out string) []map[string]any {
	t.Helper()
	var evs []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &m), line)
		evs = append(evs, m)
	}
	return evs
}

// A poller killed between storing a cycle's events and delivering them delivers every one on
// restart, once; a second poll of an unchanged source emits nothing and costs a 304.
func TestPollExactlyOnceAcrossACrash(t *testing.T) {
	srv := newFeedServer(t, readFixture(t, "statuspage", "basic.atom"))
	db := filepath.Join(t.TempDir(), "archive.db")
	url := srv.URL + "/history.atom"

	code, out, errOut := runChild(t, []string{faultEnv + "=exit-before-delivery"}, "poll", "--once", "--json", "--archive", db, url)
	require.Equal(t, 3, code, errOut)
	assert.Empty(t, out, "killed before delivering anything")

	makeDue(t, db)
	code, out, errOut = runChild(t, nil, "poll", "--once", "--json", "--archive", db, url)
	require.Equal(t, 0, code, errOut)
	first := eventLines(t, out)
	require.NotEmpty(t, first, "the stored events are delivered after the restart")
	ids := map[string]bool{}
	for _, e := range first {
		id := e["id"].(string)
		assert.False(t, ids[id], "event %s delivered twice", id)
		ids[id] = true
		assert.Equal(t, true, e["backfill"], "the first poll of a source is backfill")
		for _, k := range []string{"id", "type", "at", "detected_at", "vendor", "source", "backfill"} {
			assert.Contains(t, e, k)
		}
		assert.Equal(t, url, e["source"])
	}
	assert.Equal(t, int32(1), srv.conditional.Load(), "the second run asked conditionally")

	code, out, errOut = runChild(t, nil, "poll", "--once", "--json", "--archive", db, url)
	require.Equal(t, 0, code, errOut)
	assert.Empty(t, out, "nothing new, nothing repeated")
	assert.Equal(t, int32(2), srv.requests.Load(), "a source not yet due again is not fetched")

	// The events command replays every stored event, each once, in order.
	code, out, _ = runChild(t, nil, "events", "--json", "--archive", db)
	require.Equal(t, 0, code)
	replay := eventLines(t, out)
	assert.Len(t, replay, len(first))

	code, out, _ = runChild(t, nil, "sources", "--json", "--archive", db)
	require.Equal(t, 0, code)
	srcs := eventLines(t, out)
	require.Len(t, srcs, 1)
	assert.Equal(t, "ok", srcs[0]["state"])
	assert.Equal(t, "statuspage", srcs[0]["provider"])
	for _, k := range []string{"url", "vendor", "provider", "state", "last_success", "last_error", "consecutive_failures", "attempts", "failures"} {
		assert.Contains(t, srcs[0], k)
	}
}

// A feed that suddenly comes back as an HTML error page makes the source unreadable, once, and
// its incidents stay as they were.
func TestPollUnreadableSource(t *testing.T) {
	srv := newFeedServer(t, readFixture(t, "statuspage", "basic.atom"))
	db := filepath.Join(t.TempDir(), "archive.db")
	url := srv.URL + "/history.atom"
	code, _, errOut := runCLI(t, "", "poll", "--once", "--json", "--archive", db, url)
	require.Equal(t, 0, code, errOut)

	makeDue(t, db)
	srv.set([]byte("<!DOCTYPE html><html><head><title>Log in</title></head><body><form>password</form></body></html>"))
	code, out, errOut := runCLI(t, "", "poll", "--once", "--json", "--archive", db, url)
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, url)
	evs := eventLines(t, out)
	require.Len(t, evs, 1)
	assert.Equal(t, "source_unreadable", evs[0]["type"])

	code, out, _ = runCLI(t, "", "sources", "--json", "--archive", db)
	require.Equal(t, 0, code)
	assert.Contains(t, out, `"state":"unreadable"`)
}

func TestEveryCommandHasHelp(t *testing.T) {
	for _, cmd := range []string{"parse", "discover", "poll", "events", "sources", "providers", "version"} {
		code, out, errOut := runCLI(t, "", cmd, "--help")
		assert.Equal(t, 0, code, cmd)
		assert.Contains(t, out, "Usage:", cmd)
		assert.Empty(t, errOut, cmd)
	}
	_, out, _ := runCLI(t, "", "poll", "--help")
	for _, flag := range []string{"--archive", "--db", "--once", "--interval", "--concurrency", "--json", "--webhook", "--listen", "--timeout"} {
		assert.Contains(t, out, flag)
	}
}

func TestVersionAndProviders(t *testing.T) {
	code, out, _ := runCLI(t, "", "version")
	assert.Equal(t, 0, code)
	assert.Regexp(t, `^statusfeed \d+\.\d+\.\d+`, out)
	code, out, _ = runCLI(t, "", "providers")
	assert.Equal(t, 0, code)
	for _, name := range statusfeed.Parsers() {
		assert.Regexp(t, `(?m)^`+name+` +\S`, out, "every provider says what it reads")
		assert.NotRegexp(t, `(?m)^`+name+` +-$`, out)
	}
}

// Flags may follow the inputs, as with the Go tools.
func TestFlagsAfterInputs(t *testing.T) {
	code, out, errOut := runCLI(t, "", "parse", fixture(t, "statuspage", "basic.atom"), "--json")
	require.Equal(t, 0, code, errOut)
	var pages []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &pages))
	assert.Len(t, pages, 1)
}

func TestSourcesFile(t *testing.T) {
	srcs, err := parseSources(strings.NewReader(`# vendors we track
GitHub https://www.githubstatus.com/history.atom
Google Cloud https://status.cloud.google.com/incidents.json region:europe-west4 # only our region
https://status.openai.com
`), "sources.txt", 0)
	require.NoError(t, err)
	require.Len(t, srcs, 3)
	assert.Equal(t, "GitHub", srcs[0].Vendor)
	assert.Equal(t, "Google Cloud", srcs[1].Vendor)
	assert.Equal(t, "region:europe-west4", srcs[1].Filter.String())
	assert.Equal(t, "", srcs[2].Vendor)
	_, err = parseSources(strings.NewReader("no url here\n"), "bad.txt", 0)
	assert.ErrorContains(t, err, "bad.txt:1")
}

// A long-running poll prints a source's events as soon as they are stored, while another
// vendor still hangs: not when the cycle's slowest source gives up.
func TestPollDeliversWhileAVendorHangs(t *testing.T) {
	srv := newFeedServer(t, readFixture(t, "statuspage", "basic.atom"))
	release := make(chan struct{})
	hung := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(hung.Close)
	t.Cleanup(func() { close(release) })
	db := filepath.Join(t.TempDir(), "archive.db")

	cmd := exec.Command(os.Args[0], "poll", "--json", "--timeout", "60s", "--archive", db,
		hung.URL+"/history.atom", srv.URL+"/history.atom")
	cmd.Env = append(os.Environ(), "STATUSFEED_TEST_MAIN=1")
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	lines := make(chan string, 1024) // the reader never blocks once the test stops reading
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	// stderr is read only once the child is gone: exec writes it meanwhile.
	stderr := func() string { _ = cmd.Process.Kill(); _ = cmd.Wait(); return errb.String() }
	select {
	case line, ok := <-lines:
		if !ok {
			t.Fatalf("the poller exited: %s", stderr())
		}
		var e map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &e), line)
		assert.Equal(t, srv.URL+"/history.atom", e["source"], "the quick source's event, while the other hangs")
	case <-time.After(20 * time.Second):
		t.Fatalf("no event within 20 s while one vendor hangs for 60 s; stderr: %s", stderr())
	}
}
