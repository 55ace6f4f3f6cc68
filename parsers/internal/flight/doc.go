// Package flight reads the data Next.js pages carry for their client: React Server Components
// "flight" data in app-router pages (Instatus from late 2023, incident.io), and the
// __NEXT_DATA__ script of pages-router pages (Instatus until 2023).
//
// An app-router page writes its flight data as <script>self.__next_f.push([1,"…"])</script>
// chunks: each a JSON string literal, split wherever the server's stream happened to flush, so
// that one row, one string, even one escape-encoded character pair may straddle two chunks.
// Payload joins the literals before it unescapes them, which keeps such splits exact. The
// joined text is a sequence of rows "id:payload": JSON values, tagged rows ("I[…]" module
// imports, "HL[…]" hints, "E{…}" errors) ending at a newline, and text rows "T<hex length>,"
// whose text runs for that many bytes with no terminator.
//
// Inside JSON rows React writes JavaScript values JSON lacks as strings: "$undefined",
// references to other rows ("$5", or a path into one, "$5:1:props:summary"), dates ("$D…"),
// and a literal leading dollar doubled ("$$"). Doc.Find hands back objects with these made
// plain JSON (null, the referenced value, the date, one dollar) so that callers can decode
// them into typed structs with encoding/json.
//
// Chunks of other kinds (push([0]) bootstraps, [2,…] form state, [3,…] binary data) are
// ignored: no capture in the corpus carries data in them.
//
// Everything is a linear scan of the bytes, deterministic, and bounded: nesting deeper than
// MaxDepth is an error, and references expand at most a few levels deep and within a byte
// budget, so that a hostile page cannot make Find's output grow without limit.
package flight
