package flight

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// push writes one chunk as a page does; lit is the JSON string literal, escapes and all.
func push(lit string) string { return `<script>self.__next_f.push([1,` + lit + `])</script>` }

func TestPayloadJoinsChunks(t *testing.T) {
	page := `<!DOCTYPE html><html><head><script src="/_next/static/chunks/main.js" async=""></script></head><body>` +
		`<script>(self.__next_f=self.__next_f||[]).push([0])</script>` +
		push(`"0:{\"a\":\"quote \\\" and newline \\n\"}\n1:[\"caf\u00e9 \\u003cb\\u003e\"]\n2:{\"emoji\":\""`) + // row 2 runs on
		`<script nonce="r4nd>m">self.__next_f.push([1,"\ud83d"])</script>` + // half a surrogate pair…
		push(`"\ude80 \\u0026 é\"}\n"`) + // …and its other half
		`<script>self.__next_f.push([2,{"form":"state"}])</script>` +
		`</body></html>`
	got, err := Payload([]byte(page))
	require.NoError(t, err)
	want := "0:{\"a\":\"quote \\\" and newline \\n\"}\n1:[\"café \\u003cb\\u003e\"]\n2:{\"emoji\":\"🚀 \\u0026 é\"}\n"
	assert.Equal(t, want, string(got))

	d, err := Parse(got)
	require.NoError(t, err)
	require.Len(t, d.Rows, 3)
	var row0 struct{ A string }
	require.NoError(t, json.Unmarshal(d.Rows[0].Data, &row0))
	assert.Equal(t, "quote \" and newline \n", row0.A)
	var row2 struct{ Emoji string }
	require.NoError(t, json.Unmarshal(d.Rows[2].Data, &row2))
	assert.Equal(t, "🚀 & é", row2.Emoji)
}

func TestPayloadErrors(t *testing.T) {
	_, err := Payload([]byte(`<html><script>var x = 1</script><script>self.__next_f.push([0])</script></html>`))
	assert.ErrorIs(t, err, ErrNoData)

	got, err := Payload([]byte(push(`"0:1\n"`) + `<script>self.__next_f.push([1,"unterminated])</script>` + push(`"1:2\n"`)))
	assert.Error(t, err, "an unreadable chunk is reported")
	assert.Equal(t, "0:1\n1:2\n", string(got), "the others are kept")

	_, err = Payload([]byte(push(`"bad escape \x"`)))
	assert.Error(t, err)
}

func TestUnquoteSurrogates(t *testing.T) {
	for in, want := range map[string]string{
		`\ud83d\ude80`: "🚀",
		`\ud83d`:       "\ufffd",     // lone high surrogate
		`\ude80x`:      "\ufffdx",    // lone low surrogate
		`\ud83dA`:      "\ufffdA",    // high surrogate, then no escape
		`a\/b\tc`:      "a/b\tc",     // the short escapes
		`\u00E9\u0041`: "éA",         // upper-case hex
		`raw é ✓`:      "raw é ✓",    // UTF-8 passes through
		`\\u0041`:      `\u0041`,     // an escaped backslash is not an escape
		`\ud83d\u0041`: "\ufffdA",    // high surrogate, then a non-surrogate escape
		`\"\\\b\f\r`:   "\"\\\b\f\r", // the rest
	} {
		got, err := Unquote(nil, []byte(in))
		require.NoError(t, err, in)
		assert.Equal(t, want, string(got), in)
	}
	for _, bad := range []string{`\`, `\u12`, `\uzzzz`, `\q`} {
		_, err := Unquote(nil, []byte(bad))
		assert.Error(t, err, bad)
	}
}

func TestParseRows(t *testing.T) {
	// A text row gives its length in bytes (é is two) and ends without a newline.
	data := "0:{\"P\":null}\n1:I[85341,[],\"\"]\n:HL[\"/a.css\",\"style\"]\n2:T6,héllo3:[\"$\",\"div\",null,{}]\n\n4:E{\"digest\":\"x\"}"
	d, err := Parse([]byte(data))
	require.NoError(t, err)
	type row struct{ ID, Tag, Data string }
	var got []row
	for _, r := range d.Rows {
		got = append(got, row{r.ID, r.Tag, string(r.Data)})
	}
	assert.Equal(t, []row{
		{"0", "", `{"P":null}`},
		{"1", "I", `[85341,[],""]`},
		{"", "HL", `["/a.css","style"]`},
		{"2", "T", "héllo"},
		{"3", "", `["$","div",null,{}]`},
		{"4", "E", `{"digest":"x"}`},
	}, got)

	d, err = Parse([]byte("0:[1]\nnot a row\n1:T99,short"))
	assert.Error(t, err)
	require.Len(t, d.Rows, 2, "the readable rows are kept")
	assert.Equal(t, "short", string(d.Rows[1].Data))
}

func TestFindDecodesReactValues(t *testing.T) {
	data := strings.Join([]string{
		`1:{"name":"Login","since":"$D2026-03-17T02:42:00.000Z","price":"$$5","gone":"$undefined","kids":"$L15","n":"$NaN"}`,
		`2:["$","$L13",null,{"summary":{"structure":{"items":[]},"ongoing_incidents":[],"components":"$1","note":"$9"}}]`,
		`3:["$","$L14",null,{"summary":"$2:props:summary","data":{"structure":"nested","ongoing_incidents":"$2:3:summary:ongoing_incidents"}}]`,
		`4:{"structure":1,"ongoing_incidents":2,"inner":{"structure":3,"ongoing_incidents":4}}`,
		``,
	}, "\n")
	d, err := Parse([]byte(data))
	require.NoError(t, err)
	objs, err := d.Find("structure", "ongoing_incidents")
	require.NoError(t, err)
	want := []string{
		`{"structure":{"items":[]},"ongoing_incidents":[],"components":{"name":"Login","since":"2026-03-17T02:42:00.000Z","price":"$5","gone":null,"kids":"$L15","n":null},"note":null}`,
		`{"structure":"nested","ongoing_incidents":[]}`,
		`{"structure":1,"ongoing_incidents":2,"inner":{"structure":3,"ongoing_incidents":4}}`, // its inner match is not repeated
	}
	require.Len(t, objs, len(want))
	for i := range want {
		assert.JSONEq(t, want[i], string(objs[i]))
		assert.True(t, json.Valid(objs[i]))
	}

	v, err := d.Resolve("3:props:summary")
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(v), `{"structure":{"items":[]}`), "a reference to a reference: %s", v)
	for _, bad := range []string{"9", "2:props:nothing", "2:7", "1:name:x", "2:kind"} {
		_, err := d.Resolve(bad)
		assert.Error(t, err, bad)
	}
}

func TestReferencesAreBounded(t *testing.T) {
	// A row that refers to itself, and rows that double at every level.
	data := "a:{\"self\":\"$a\"}\n"
	for i := 0xb; i < 0x15; i++ { // b:["$c","$c"], c:["$d","$d"], …: 2^10 leaves if unbounded
		data += fmt.Sprintf("%x:[\"$%x\",\"$%x\"]\n", i, i+1, i+1)
	}
	data += "15:{\"leaf\":1}\n"
	d, err := Parse([]byte(data))
	require.NoError(t, err)
	v, err := d.Resolve("a")
	require.NoError(t, err)
	assert.Equal(t, maxRefs, strings.Count(string(v), `"self"`)-1, "self-reference stops at the depth bound: %s", v)
	assert.True(t, strings.HasSuffix(string(v), `null`+strings.Repeat("}", maxRefs+1)))
	v, err = d.Resolve("b")
	require.NoError(t, err)
	assert.True(t, json.Valid(v))
	assert.Less(t, len(v), 64<<10)
}

func TestDepthLimit(t *testing.T) {
	nest := strings.Repeat("[", MaxDepth+5) + strings.Repeat("]", MaxDepth+5)
	deep := "0:{\"structure\":" + nest + ",\"ongoing_incidents\":1}\n1:{\"structure\":1,\"ongoing_incidents\":2}\n"
	d, err := Parse([]byte(deep))
	require.NoError(t, err)
	objs, err := d.Find("structure", "ongoing_incidents")
	assert.True(t, err != nil && strings.Contains(err.Error(), "deeply"), "%v", err)
	assert.Len(t, objs, 1, "the other rows are still searched")
}

func TestNextData(t *testing.T) {
	page := []byte(`<html><head><script src="/_next/static/main.js"></script></head><body><div id="__next"></div>` +
		`<script id="__NEXT_DATA__" type="application/json">{"props":{"pageProps":{"a":"\u003cb"}}}</script></body></html>`)
	data, ok := NextData(page)
	require.True(t, ok)
	assert.Equal(t, `{"props":{"pageProps":{"a":"\u003cb"}}}`, string(data))
	_, ok = NextData([]byte(`<html><script id="__NEXT_DATA_X">{}</script><scripts id="__NEXT_DATA__"></html>`))
	assert.False(t, ok)
}

func FuzzFlight(f *testing.F) {
	f.Add([]byte(push(`"0:{\"structure\":\"$1\",\"ongoing_incidents\":[\"$undefined\"]}\n1:[\"$0\"]\n2:T3,abc"`)))
	f.Add([]byte(`<script>self.__next_f.push([1,"\ud83d"])</script><script id="__NEXT_DATA__">{}</script>`))
	f.Fuzz(func(t *testing.T, page []byte) {
		_, _ = NextData(page)
		data, err := Payload(page)
		if errors.Is(err, ErrNoData) {
			data = page
		}
		d, _ := Parse(data)
		objs, _ := d.Find("structure", "ongoing_incidents")
		for _, o := range objs {
			if !json.Valid(o) {
				t.Fatalf("Find returned invalid JSON %q", o)
			}
		}
	})
}
