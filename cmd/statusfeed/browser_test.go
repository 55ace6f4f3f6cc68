package main

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"statusfeed.dev/report"
)

// The browser test drives headless Chromium through chromedriver's WebDriver HTTP API with
// net/http alone: the few calls it needs (a session, a navigation, a script, two screenshots)
// do not justify a dependency.

// chromiumFlags keep Chromium off the network and out of the user's profile; without the
// background-networking ones it tries to reach Google and a closed network refuses it.
var chromiumFlags = []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
	"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
	"--window-size=1100,900", "--force-device-scale-factor=1", "--hide-scrollbars"}

// findBrowser finds Chromium and chromedriver, or skips the test saying how to get them.
func findBrowser(t *testing.T) (browser, driver string) {
	browser = os.Getenv("STATUSFEED_CHROMIUM")
	if browser == "" {
		for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
			if p, err := exec.LookPath(name); err == nil {
				browser = p
				break
			}
		}
	}
	if browser == "" {
		t.Skip("no Chromium found: install Debian's chromium and chromium-driver, or set STATUSFEED_CHROMIUM to a Chromium binary")
	}
	driver = os.Getenv("STATUSFEED_CHROMEDRIVER")
	if driver == "" {
		p, err := exec.LookPath("chromedriver")
		if err != nil {
			t.Skip("Chromium found but no chromedriver: install Debian's chromium-driver, or set STATUSFEED_CHROMEDRIVER")
		}
		driver = p
	}
	return browser, driver
}

// webDriver speaks the W3C WebDriver protocol to one chromedriver session.
type webDriver struct {
	base, session string
	client        *http.Client
}

// startDriver starts chromedriver on a free loopback port and a headless Chromium session.
func startDriver(t *testing.T, browser, driver string) *webDriver {
	cmd := exec.Command(driver, "--port=0")
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	cmd.Stderr = cmd.Stdout
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		_ = cmd.Process.Kill() // this process only, the one the test started
		_ = cmd.Wait()
	})
	// A chromedriver that never says its port is stopped, rather than hanging the test.
	stuck := time.AfterFunc(20*time.Second, func() { _ = cmd.Process.Kill() })
	portRe := regexp.MustCompile(`started successfully on port (\d+)`)
	lines := bufio.NewScanner(out)
	var port string
	for port == "" && lines.Scan() {
		if m := portRe.FindStringSubmatch(lines.Text()); m != nil {
			port = m[1]
		}
	}
	stuck.Stop()
	require.NotEmpty(t, port, "chromedriver did not say which port it took")
	go func() { _, _ = io.Copy(io.Discard, out) }()

	d := &webDriver{base: "http://127.0.0.1:" + port, client: &http.Client{Timeout: 30 * time.Second}}
	caps := map[string]any{"capabilities": map[string]any{"alwaysMatch": map[string]any{
		"browserName": "chrome",
		"goog:chromeOptions": map[string]any{"binary": browser,
			"args": append(append([]string(nil), chromiumFlags...), "--user-data-dir="+t.TempDir())},
	}}}
	var created struct {
		SessionID string `json:"sessionId"`
	}
	d.call(t, http.MethodPost, "/session", caps, &created)
	require.NotEmpty(t, created.SessionID)
	d.session = "/session/" + created.SessionID
	t.Cleanup(func() { d.call(t, http.MethodDelete, d.session, nil, nil) }) // closes Chromium
	return d
}

// call sends one command and decodes its "value" into into.
func (d *webDriver) call(t *testing.T, method, path string, body, into any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		require.NoError(t, err)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, d.base+path, rd)
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	resp, err := d.client.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var env struct {
		Value json.RawMessage `json:"value"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&env))
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s %s: %s", method, path, env.Value)
	if into != nil {
		require.NoError(t, json.Unmarshal(env.Value, into))
	}
}

func (d *webDriver) screenshot(t *testing.T, path, name string) image.Image {
	t.Helper()
	var b64 string
	d.call(t, http.MethodGet, d.session+path, nil, &b64)
	data, err := base64.StdEncoding.DecodeString(b64)
	require.NoError(t, err)
	file := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(file, data, 0o644))
	if dir := os.Getenv("STATUSFEED_SCREENSHOTS"); dir != "" { // to look at them
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), data, 0o644))
	}
	img, err := png.Decode(bytes.NewReader(data))
	require.NoError(t, err, "the screenshot is a PNG")
	return img
}

// domScript reads the report's structure as the browser built and laid it out.
const domScript = `
const bars = svg => [...svg.querySelectorAll('rect')];
return {
  title: document.title,
  scripts: document.scripts.length,
  note: (document.querySelector('#note') || {}).textContent || '',
  vendors: [...document.querySelectorAll('section.vendor')].map(v => ({
    name: v.querySelector('.vendor-name').textContent,
    summaries: v.querySelectorAll('ul.summary').length,
    summaryItems: v.querySelectorAll('ul.summary li').length,
    components: v.querySelectorAll('.component').length,
    bars: [...v.querySelectorAll('svg.uptime-bar')].map(svg => {
      const box = svg.getBoundingClientRect();
      return {
        width: box.width, height: box.height,
        rects: bars(svg).length,
        titled: bars(svg).filter(r => r.querySelector('title') && r.querySelector('title').textContent.trim() !== '').length,
        drawn: bars(svg).filter(r => r.getBoundingClientRect().width > 1).length,
        classes: bars(svg).map(r => r.getAttribute('class').replace('day ', '')),
        tips: bars(svg).map(r => (r.querySelector('title') || {}).textContent || ''),
      };
    }),
    incidents: [...v.querySelectorAll('article.incident')].map(a => ({
      title: a.querySelector('h4').textContent,
      updates: a.querySelectorAll('.timeline li').length,
      times: a.querySelectorAll('.timeline li time').length,
      postmortem: [...a.querySelectorAll('.postmortem h6')].map(h => h.textContent),
    })),
  })),
};`

type domBar struct {
	Width, Height float64
	Rects, Titled int
	Drawn         int
	Classes, Tips []string
}

type domReport struct {
	Title   string
	Scripts int
	Note    string
	Vendors []struct {
		Name                    string
		Summaries, SummaryItems int
		Components              int
		Bars                    []domBar
		Incidents               []struct {
			Title          string
			Updates, Times int
			Postmortem     []string
		}
	}
}

// TestReportInBrowser renders the sample's HTML report, loads it in headless Chromium from a
// loopback server, and checks what a reader would see: the structure through the DOM, the
// layout of the bars, and screenshots (a page that is not blank, a bar whose pixels have its
// days' colors).
func TestReportInBrowser(t *testing.T) {
	browser, driver := findBrowser(t)
	code, page, errOut := runCLI(t, "", "report", "--format", "html")
	require.Equal(t, 0, code, errOut)
	code, js, errOut := runCLI(t, "", "report", "--format", "json")
	require.Equal(t, 0, code, errOut)
	var want report.Report
	require.NoError(t, json.Unmarshal([]byte(js), &want))
	days := int(want.Window.To.Sub(want.Window.From) / (24 * time.Hour))

	var requests, others atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/report.html":
			requests.Add(1)
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = io.WriteString(w, page)
		case "/favicon.ico":
			http.NotFound(w, r)
		default:
			others.Add(1) // the report fetched something: it is not self-contained
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()

	d := startDriver(t, browser, driver)
	d.call(t, http.MethodPost, d.session+"/url", map[string]string{"url": srv.URL + "/report.html"}, nil)
	var dom domReport
	d.call(t, http.MethodPost, d.session+"/execute/sync", map[string]any{"script": domScript, "args": []any{}}, &dom)

	assert.Equal(t, int32(1), requests.Load())
	assert.Zero(t, others.Load(), "the page asked for something beside itself")
	assert.Zero(t, dom.Scripts, "no script in the report")
	assert.Equal(t, "Vendor scorecard", dom.Title)
	assert.Contains(t, dom.Note, "Sample report")
	require.Len(t, dom.Vendors, len(want.Vendors), "one section per vendor")
	var incidents, postmortems int
	for i, v := range dom.Vendors {
		wv := want.Vendors[i]
		assert.Equal(t, wv.Vendor+" ("+wv.Provider+")", v.Name)
		assert.Equal(t, 1, v.Summaries, "one summary per vendor")
		assert.GreaterOrEqual(t, v.SummaryItems, 4)
		assert.Equal(t, len(wv.Components), v.Components)
		require.Len(t, v.Bars, len(wv.Components), "%s: one bar per component", wv.Vendor)
		for j, b := range v.Bars {
			where := wv.Vendor + " / " + wv.Components[j].Component
			assert.Equal(t, days, b.Rects, where)
			assert.Equal(t, days, b.Titled, "%s: a tooltip per day", where)
			assert.Equal(t, days, b.Drawn, "%s: every day drawn with some width", where)
			assert.Greater(t, b.Width, 600.0, where)
			assert.Equal(t, 34.0, b.Height, where)
		}
		for _, inc := range v.Incidents {
			incidents++
			assert.Positive(t, inc.Updates, "%s: a timeline", inc.Title)
			assert.Equal(t, inc.Updates, inc.Times, "%s: each update with its time", inc.Title)
			if len(inc.Postmortem) > 0 {
				postmortems++
				assert.NotContains(t, inc.Postmortem, "", inc.Title)
			}
			if inc.Title == "Elevated API error rates" {
				assert.Equal(t, []string{"Summary", "What happened", "Next steps"}, inc.Postmortem)
			}
		}
	}
	assert.Equal(t, 9, incidents, "Example Co's 3 and ExampleVideo's 6")
	assert.Equal(t, 2, postmortems)
	// ExampleVideo's API: its own record's outages, with the incidents the vendor relates to them.
	require.Len(t, dom.Vendors, 2)
	api := dom.Vendors[1].Bars[1]
	assert.Equal(t, "major", api.Classes[days-2], "March 5")
	assert.Contains(t, api.Tips[days-2], "Elevated API error rates")
	assert.Equal(t, "partial", api.Classes[11], "December 19")
	assert.Contains(t, api.Tips[11], "incident inc00000000a (related by the vendor's record")
	srt := dom.Vendors[1].Bars[4]
	assert.Equal(t, "nodata", srt.Classes[0], "SRT started on January 15")

	// The page as a reader sees it: not blank, and with the bars' colors.
	shot := d.screenshot(t, "/screenshot", "report.png")
	assert.GreaterOrEqual(t, shot.Bounds().Dx(), 1000)
	assert.GreaterOrEqual(t, shot.Bounds().Dy(), 600)
	colors := map[color.RGBA]int{}
	for y := shot.Bounds().Min.Y; y < shot.Bounds().Max.Y; y += 2 {
		for x := shot.Bounds().Min.X; x < shot.Bounds().Max.X; x += 2 {
			r, g, b, _ := shot.At(x, y).RGBA()
			colors[color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 255}]++
		}
	}
	assert.Greater(t, len(colors), 20, "the screenshot is not one color")
	assert.Positive(t, colors[hexColor("#2fcc66")], "green days in the first screen")
	assert.Positive(t, colors[hexColor("#d8dde6")], "no-data days in the first screen")

	// One bar alone: sample each day's middle column; it must have the day's color.
	var elems []map[string]string
	d.call(t, http.MethodPost, d.session+"/elements", map[string]string{"using": "css selector",
		"value": "section.vendor:nth-of-type(2) svg.uptime-bar"}, &elems)
	require.Len(t, elems, len(want.Vendors[1].Components))
	var id string
	for _, v := range elems[1] { // the one key is the W3C element identifier
		id = v
	}
	require.NotEmpty(t, id)
	barShot := d.screenshot(t, "/element/"+id+"/screenshot", "api-bar.png")
	w, h := barShot.Bounds().Dx(), barShot.Bounds().Dy()
	require.Greater(t, w, 600)
	fills := map[string]string{"major": "#e74c3c", "partial": "#f1c40f", "up": "#2fcc66", "nodata": "#d8dde6"}
	for i, class := range api.Classes {
		x := barShot.Bounds().Min.X + int((float64(5*i)+1.5)/float64(5*days-2)*float64(w))
		r, g, b, _ := barShot.At(x, barShot.Bounds().Min.Y+h/2).RGBA()
		got := color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 255}
		assert.Equal(t, hexColor(fills[class]), got, "day %d (%s) at x=%d", i, class, x)
	}
}

func hexColor(s string) color.RGBA {
	var c color.RGBA
	_, err := fmt.Sscanf(strings.TrimPrefix(s, "#"), "%02x%02x%02x", &c.R, &c.G, &c.B)
	if err != nil {
		panic(err)
	}
	c.A = 255
	return c
}
