// Package reporttest holds checks that the report package's tests and the CLI's share.
package reporttest

import (
	"encoding/csv"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"statusfeed.dev/report"
)

// CheckCSV reads a report's CSV back with encoding/csv and strconv and requires the very
// figures the JSON document doc holds: a row per vendor, then one per component, in order. It
// returns how many components it compared, so that a caller can require it compared some.
func CheckCSV(t *testing.T, csvText string, doc report.Report) int {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(csvText)).ReadAll()
	require.NoError(t, err)
	require.NotEmpty(t, rows)
	require.Equal(t, report.CSVHeader, rows[0])
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	num := func(s string) *float64 {
		if s == "" {
			return nil
		}
		f, err := strconv.ParseFloat(s, 64)
		require.NoError(t, err)
		return &f
	}
	integer := func(s string) int64 {
		n, err := strconv.ParseInt(s, 10, 64)
		require.NoError(t, err)
		return n
	}
	rows = rows[1:]
	compared := 0
	for _, v := range doc.Vendors {
		require.NotEmpty(t, rows)
		row := rows[0]
		rows = rows[1:]
		assert.Equal(t, v.Vendor, row[col["vendor"]])
		assert.Equal(t, v.Provider, row[col["provider"]])
		assert.Equal(t, "", row[col["component"]], "a vendor's own row first")
		assert.Equal(t, v.UptimePercent, num(row[col["uptime_percent"]]), v.Vendor)
		for _, c := range v.Components {
			require.NotEmpty(t, rows)
			row := rows[0]
			rows = rows[1:]
			compared++
			cov := num(row[col["coverage"]])
			require.NotNil(t, cov)
			assert.Equal(t, c, report.Component{
				Component: row[col["component"]], ComponentID: row[col["component_id"]], Group: row[col["group"]],
				UptimePercent: num(row[col["uptime_percent"]]), UptimeSource: row[col["uptime_source"]],
				Coverage:             *cov,
				MajorOutageSeconds:   integer(row[col["major_outage_seconds"]]),
				PartialOutageSeconds: integer(row[col["partial_outage_seconds"]]),
				DegradedSeconds:      integer(row[col["degraded_seconds"]]),
				MaintenanceSeconds:   integer(row[col["maintenance_seconds"]]),
			})
			assert.Equal(t, v.Vendor, row[col["vendor"]])
		}
	}
	assert.Empty(t, rows)
	return compared
}
