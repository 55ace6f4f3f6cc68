package poll_test

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"statusfeed.dev/archive"
	"statusfeed.dev/internal/corpus"
	"statusfeed.dev/poll"
	"statusfeed.dev/statusfeed"
)

// BenchmarkLoad's settings. Run it with, for example:
//
//	go test ./poll -run '^$' -bench 'Load$' -benchtime 1x -sources 10000
var (
	loadSources = flag.Int("sources", 2000, "BenchmarkLoad: how many sources the loopback farm serves")
	// The default gives each provider and format directory of the corpus the same share of the
	// sources, however many captures it has (feeds, summaries, APIs, pages; mean body 103 kB).
	// "files" serves every capture in turn, which is mostly the corpus' 400 single-incident
	// JSON documents from one vendor's archive (mean 14.5 kB).
	loadMix         = flag.String("mix", "formats", "BenchmarkLoad: bodies served: formats (each provider/format directory in turn) or files (every corpus capture in turn)")
	loadConcurrency = flag.Int("concurrency", 64, "BenchmarkLoad: Poller.Concurrency")
	loadArchive     = flag.String("archive", "", "BenchmarkLoad: archive address; empty means a new SQLite file")
)

// loadBody is a corpus capture the farm serves.
type loadBody struct {
	name, ext, contentType string
	body                   []byte
}

// loadBodies reads every corpus capture that a poller would read as a good document (it parses
// into at least one incident or component), in the order the mix serves them.
func loadBodies(b *testing.B) []loadBody {
	byDir := map[string][]loadBody{}
	var dirs []string
	for _, path := range corpus.All(b) {
		ext := strings.ToLower(filepath.Ext(path))
		ctype := corpus.ContentType(path)
		if ctype == "" {
			continue
		}
		data, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		page, _ := statusfeed.Parse(bytes.NewReader(data), statusfeed.Source{Name: filepath.Base(path)})
		if page == nil || len(page.Incidents)+len(page.Components) == 0 {
			continue
		}
		dir := filepath.Dir(corpus.Name(b, path))
		if byDir[dir] == nil {
			dirs = append(dirs, dir)
		}
		byDir[dir] = append(byDir[dir], loadBody{name: corpus.Name(b, path), ext: ext, contentType: ctype, body: data})
	}
	sort.Strings(dirs)
	var out []loadBody
	switch *loadMix {
	case "files":
		for _, d := range dirs {
			out = append(out, byDir[d]...)
		}
	case "formats":
		// Directory by directory in turn, each cycling through its captures, so that each
		// provider and format weighs the same however many captures it has: rounds until the
		// largest directory has served each of its captures once.
		rounds := 0
		for _, d := range dirs {
			rounds = max(rounds, len(byDir[d]))
		}
		for i := range rounds {
			for _, d := range dirs {
				fs := byDir[d]
				out = append(out, fs[i%len(fs)])
			}
		}
	default:
		b.Fatalf("-mix %q: want files or formats", *loadMix)
	}
	if len(out) == 0 {
		b.Skip("no parseable captures in the corpus")
	}
	return out
}

// loadFailures are the ways one source in twenty fails, in turn.
var loadFailures = []failure{stall, status500, htmlError, truncated, reset}

// peakMemory samples the Go runtime's memory while a cycle runs.
type peakMemory struct {
	stop    chan struct{}
	done    sync.WaitGroup
	heap    uint64 // the most heap objects seen
	runtime uint64 // the most memory the Go runtime held from the OS, less what it returned
}

func samplePeakMemory() *peakMemory {
	p := &peakMemory{stop: make(chan struct{})}
	samples := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/memory/classes/total:bytes"},
		{Name: "/memory/classes/heap/released:bytes"}}
	p.done.Add(1)
	go func() {
		defer p.done.Done()
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(samples)
			p.heap = max(p.heap, samples[0].Value.Uint64())
			p.runtime = max(p.runtime, samples[1].Value.Uint64()-samples[2].Value.Uint64())
			select {
			case <-p.stop:
				return
			case <-t.C:
			}
		}
	}()
	return p
}

func (p *peakMemory) end() { close(p.stop); p.done.Wait() }

// cycleStats is what one cycle cost.
type cycleStats struct {
	took, p95         time.Duration // the whole cycle; until 95% of the sources were done
	cpu               time.Duration // CPU time the process spent (user and system), the farm's included
	bodyBytes, wire   int64
	states            map[string]int
	notModified, errs int
}

func (c cycleStats) String() string {
	return fmt.Sprintf("%.2fs (95%% of sources done in %.2fs; %.1f CPU-seconds), %.1f MB of bodies, %.1f MB on the wire, %d not modified, states %v",
		c.took.Seconds(), c.p95.Seconds(), c.cpu.Seconds(), float64(c.bodyBytes)/1e6, float64(c.wire)/1e6, c.notModified, c.states)
}

// BenchmarkLoad polls -sources loopback sources serving real corpus captures, one in twenty
// failing (a timeout, a 500, an HTML error page, a truncated body, a reset connection), once
// cold and once warm, and reports each cycle's time and bytes and the peak memory. Each source
// has its own host name, as vendors do; the farm answers conditional requests by ETag,
// Last-Modified or both. It never fails on a timing: the numbers are for reading.
func BenchmarkLoad(b *testing.B) {
	bodies := loadBodies(b)
	var total int64
	for _, lb := range bodies {
		total += int64(len(lb.body))
	}
	b.Logf("%d sources, %d bodies served in turn (mix %s, mean %.1f KB), concurrency %d", *loadSources, len(bodies), *loadMix,
		float64(total)/float64(len(bodies))/1e3, *loadConcurrency)
	var cold, warm cycleStats
	var heap, rt uint64
	b.ResetTimer() // ns/op without the corpus' parsing above
	for range b.N {
		b.StopTimer()
		db, f := loadSetup(b, bodies)
		c := newClock()
		p := &poll.Poller{
			Archive: db,
			// A timeout of 2s and one retry bound what the stalled sources cost; vendors get
			// the defaults (30s, three attempts) unless the user says otherwise.
			Fetcher:     &statusfeed.Fetcher{Client: f.client, Timeout: 2 * time.Second, MaxAttempts: 2, BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second},
			Owner:       "load",
			Concurrency: *loadConcurrency,
			Interval:    5 * time.Minute,
			Now:         c.Now,
		}
		runtime.GC()
		mem := samplePeakMemory()
		b.StartTimer()
		cold = loadCycle(b, p, f)
		c.advance(5 * time.Minute)
		warm = loadCycle(b, p, f)
		b.StopTimer()
		mem.end()
		heap, rt = max(heap, mem.heap), max(rt, mem.runtime)
		db.Close()
		f.client.CloseIdleConnections()
		f.srv.Close()
	}
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	b.Logf("cold: %v", cold)
	b.Logf("warm: %v", warm)
	b.Logf("peak: heap objects %.0f MB, Go runtime %.0f MB, process max RSS %.0f MB (the farm and its bodies included)",
		float64(heap)/1e6, float64(rt)/1e6, float64(ru.Maxrss)/1e3)
	b.ReportMetric(cold.took.Seconds(), "cold-s")
	b.ReportMetric(cold.p95.Seconds(), "cold-p95-s")
	b.ReportMetric(cold.cpu.Seconds(), "cold-cpu-s")
	b.ReportMetric(warm.cpu.Seconds(), "warm-cpu-s")
	b.ReportMetric(warm.took.Seconds(), "warm-s")
	b.ReportMetric(float64(cold.wire)/1e6, "cold-wire-MB")
	b.ReportMetric(float64(warm.wire)/1e6, "warm-wire-MB")
	b.ReportMetric(100*float64(warm.wire)/float64(max(cold.wire, 1)), "warm/cold-wire-%")
	b.ReportMetric(100*float64(warm.bodyBytes)/float64(max(cold.bodyBytes, 1)), "warm/cold-body-%")
	b.ReportMetric(float64(heap)/1e6, "peak-heap-MB")
	b.ReportMetric(float64(ru.Maxrss)/1e3, "maxrss-MB")
}

// BenchmarkLoadRecording is BenchmarkLoad's cold cycle without the network and the parsing:
// the same -sources readings (each body parsed beforehand; one source in twenty a failed
// fetch) recorded into a new SQLite archive one after another, as the archive's one writer
// records them during a cycle. It shows what recording alone costs; all of it but the
// documents' encoding holds the archive's one connection, so it bounds the cold cycle from
// below whatever the rest of the poller does.
func BenchmarkLoadRecording(b *testing.B) {
	bodies := loadBodies(b)
	pages := make([]*statusfeed.Page, min(len(bodies), *loadSources))
	for i, lb := range bodies[:len(pages)] {
		pages[i], _ = statusfeed.ParseDocument(&statusfeed.Document{Body: lb.body,
			Source: statusfeed.Source{URL: "http://load.test/status" + lb.ext, ContentType: lb.contentType}})
		// A nil page with no error is a 304 to Record: nothing stored, nothing measured.
		if pages[i] == nil || len(pages[i].Incidents)+len(pages[i].Components) == 0 {
			b.Fatalf("%s: no reading to record", lb.name)
		}
	}
	ctx := context.Background()
	failed := errors.New("load: fetch failed")
	var stored int
	b.ResetTimer() // ns/op without the corpus' parsing above
	for range b.N {
		b.StopTimer()
		db, err := archive.Open(ctx, filepath.Join(b.TempDir(), "archive.db"))
		if err != nil {
			b.Fatal(err)
		}
		urls := make([]string, *loadSources)
		for i := range urls {
			urls[i] = fmt.Sprintf("http://s%05d.load.test/status", i)
			if err := db.AddSource(ctx, archive.Source{URL: urls[i], Vendor: fmt.Sprintf("vendor-%05d", i)}); err != nil {
				b.Fatal(err)
			}
		}
		runtime.GC()
		cpu0, start := cpuTime(), time.Now()
		b.StartTimer()
		for i, u := range urls {
			r := archive.Result{URL: u, DetectedAt: start, Page: pages[i%len(pages)]}
			if i%20 == 19 {
				r.Page, r.Err = nil, failed
			}
			evs, err := db.Record(ctx, r)
			if err != nil {
				b.Fatal(err)
			}
			stored += len(evs)
		}
		b.StopTimer()
		took := time.Since(start)
		b.ReportMetric(took.Seconds(), "wall-s")
		b.ReportMetric((cpuTime() - cpu0).Seconds(), "cpu-s")
		b.ReportMetric(float64(took.Microseconds())/float64(len(urls)), "µs/recording")
		db.Close()
	}
	if stored == 0 {
		b.Fatal("no recording stored an event")
	}
}

// loadSetup starts the farm and an archive holding its sources, each with its endpoint known.
func loadSetup(b *testing.B, bodies []loadBody) (*archive.DB, *farm) {
	f := newFarm(b)
	addr := *loadArchive
	if addr == "" {
		addr = filepath.Join(b.TempDir(), "archive.db")
	}
	ctx := context.Background()
	db, err := archive.Open(ctx, addr)
	if err != nil {
		b.Fatal(err)
	}
	for i := range *loadSources {
		lb := bodies[i%len(bodies)]
		fail := healthy
		if i%20 == 19 {
			fail = loadFailures[(i/20)%len(loadFailures)]
		}
		ext := lb.ext
		if fail == htmlError {
			ext = ".json" // an error page where JSON is promised
		}
		u := fmt.Sprintf("http://s%05d.load.test/status%s", i, ext)
		r := &route{noETag: i%3 == 1, noLM: i%3 == 2}
		r.set(lb.body, lb.contentType)
		r.fail = fail
		f.addRoute(u, r)
		if err := db.AddSource(ctx, archive.Source{URL: u, Vendor: fmt.Sprintf("vendor-%05d", i), Interval: 5 * time.Minute}); err != nil {
			b.Fatal(err)
		}
		if err := db.SetEndpoint(ctx, u, u); err != nil { // discovered already
			b.Fatal(err)
		}
	}
	return db, f
}

// cpuTime is the CPU time the process has used. A cycle's CPU time varies far less than its
// wall time on a machine shared with other work.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func loadCycle(b *testing.B, p *poll.Poller, f *farm) cycleStats {
	wire0 := f.wire.Load()
	cpu0 := cpuTime()
	start := time.Now()
	var p95 time.Duration
	p.Progress = func(done, total int) {
		if p95 == 0 && done >= total*95/100 {
			p95 = time.Since(start)
		}
	}
	rs, err := p.Poll(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	st := cycleStats{took: time.Since(start), p95: p95, cpu: cpuTime() - cpu0, wire: f.wire.Load() - wire0, states: map[string]int{}}
	if len(rs) != *loadSources {
		b.Fatalf("polled %d sources of %d", len(rs), *loadSources)
	}
	for _, r := range rs {
		st.bodyBytes += int64(r.Bytes)
		st.states[r.State]++
		if r.NotModified {
			st.notModified++
		}
		if r.Err != nil {
			st.errs++
		}
	}
	return st
}
