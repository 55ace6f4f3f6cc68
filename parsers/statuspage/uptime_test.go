package statuspage_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"statusfeed.dev/internal/corpus"
	"statusfeed.dev/parsers/statuspage"
	"statusfeed.dev/statusfeed"
)

// uptimeHome is the part of a home page the uptime readers look at, modeled on the 2024
// template (streamyard-home.html): the figure in a <var>, and a start date inside the record.
const uptimeHome = `<!DOCTYPE html><html><head><title>Acme Status</title>
<meta name="issued" content="1718918546"></head>
<body class="status-none"><div class="layout-content status status-index">
<div class="components-section">
<div class="component-container border-color">
<div data-component-id="newcomp00001" class="component-inner-container status-green showcased" data-component-status="operational">
  <span class="name">New API</span>
  <div class="shared-partial uptime-90-days-wrapper"><div class="legend">
    <div class="legend-item legend-item-uptime-value legend-item-newcomp00001">
      <span id="uptime-percent-newcomp00001">
        <var data-var="uptime-percent">99.9</var>
      </span>
      % uptime
    </div></div></div>
</div></div>
<div class="component-container border-color">
<div data-component-id="plaincomp001" class="component-inner-container status-green" data-component-status="operational">
  <span class="name">Old API</span>
</div></div>
</div></div>
<script>
  var uptimeData = {"newcomp00001":{"component":{"code":"newcomp00001","name":"New API","startDate":"2024-06-19"},
  "days":[{"date":"2024-06-18","outages":{},"related_events":[]},
          {"date":"2024-06-19","outages":{"p":60},"related_events":[]},
          {"date":"2024-06-20","outages":{"m":30},"related_events":[]}]},
  "plaincomp001":{"component":{"code":"plaincomp001","name":"Old API"},
  "days":[{"date":"2024-06-19","outages":{},"related_events":[]},
          {"date":"2024-06-20","outages":{},"related_events":[]}]}};
</script>
</body></html>`

func TestHomeUptimePercentAndStartDate(t *testing.T) {
	page, err := statuspage.Parser.Parse(strings.NewReader(uptimeHome), statusfeed.Source{Name: "home.html"})
	require.NoError(t, err)
	require.Len(t, page.Components, 2)
	c := page.Components[0]
	require.NotNil(t, c.UptimePercent, "the <var> inside the span holds the figure")
	assert.Equal(t, 99.9, *c.UptimePercent)
	// 2024-06-18 lies before the start date: the page shows "No data exists for this day".
	require.Len(t, c.Uptime, 2)
	assert.Equal(t, "2024-06-19", c.Uptime[0].Date.Format("2006-01-02"))
	assert.Equal(t, int64(60), c.Uptime[0].PartialOutageSeconds)
	assert.Equal(t, int64(30), c.Uptime[1].MajorOutageSeconds)
	// No span: no figure, never a made-up 100.
	assert.Nil(t, page.Components[1].UptimePercent)
	assert.Len(t, page.Components[1].Uptime, 2, "no start date: every day is kept")
}

// TestCorpusUptimePercent pins the figures the two corpus home pages print beside their bars.
func TestCorpusUptimePercent(t *testing.T) {
	dir := filepath.Join(corpus.Dir(t), "statuspage", "html")
	acme := parseFile(t, filepath.Join(dir, "acmeapico-home-2021-01.html"))
	shown := map[string]float64{}
	for _, c := range acme.Components {
		if c.UptimePercent != nil {
			shown[c.Name] = *c.UptimePercent
		}
	}
	// Ten showcased components (the group "Test Group" among them); the others show no bar.
	assert.Len(t, shown, 10)
	assert.Equal(t, 70.14, shown["Acme.js Server"])
	assert.Equal(t, 100.0, shown["Test Group"])

	sy := parseFile(t, filepath.Join(dir, "streamyard-home.html"))
	for _, c := range sy.Components {
		require.NotNil(t, c.UptimePercent, c.Name)
		assert.Equal(t, 100.0, *c.UptimePercent, c.Name)
		assert.Len(t, c.Uptime, 90, "%s: start dates (2022, 2023) lie before the record", c.Name)
	}
}
