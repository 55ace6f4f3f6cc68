package timeline

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSplit(t *testing.T) {
	content := `<p><strong>THIS IS A SCHEDULED EVENT</strong></p>` +
		`<p><small>Feb <var data-var='date'> 8</var>, <var data-var='time'>09:00</var> UTC</small><br><strong>In
		progress</strong> - Work &amp; more <a title="x>y" href="/z">work</a>.</p>` +
		`<p><small>Feb <var data-var="date"> 7</var>, <var data-var="time">18:00</var>&nbsp;UTC</small><br><strong>Scheduled</strong> - Planned.</p>`
	preamble, blocks := Split(content)
	assert.Equal(t, `<p><strong>THIS IS A SCHEDULED EVENT</strong></p>`, preamble)
	require.Len(t, blocks, 2)
	assert.Equal(t, Block{Stamp: "Feb 8, 09:00 UTC", RawStatus: "In progress", Body: `Work &amp; more <a title="x>y" href="/z">work</a>.</p>`}, blocks[0])
	assert.Equal(t, "Feb 7, 18:00 UTC", blocks[1].Stamp)
	assert.Equal(t, "Scheduled", blocks[1].RawStatus)
}
