package statusfeed

import (
	"bufio"
	"bytes"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Documents reach parsers as UTF-8 without a byte-order mark. A UTF-8 BOM before JSON is valid
// by RFC 8259's leniency and common from Windows tools, yet encoding/json rejects it; a UTF-16
// feed with a BOM is valid XML that gofeed cannot read. Both are normalized here, once, so that
// no parser has to care.
//
// Bytes that are not UTF-8 in a document that is UTF-8 (one that declares no other charset)
// become U+FFFD here too, as a browser shows them. Left in, they reached the model's strings,
// which JSON cannot carry: the page's JSON would have differed from the page. A document that
// declares another charset (an XML encoding, an HTML meta charset) is left to its parser.

var (
	bomUTF8    = []byte("\xef\xbb\xbf")
	bomUTF16LE = []byte("\xff\xfe")
	bomUTF16BE = []byte("\xfe\xff")
	// The declaration of a transcoded document must stop claiming UTF-16, or the XML decoder
	// would decode it a second time.
	xmlDeclEncoding = regexp.MustCompile(`(?i)(encoding\s*=\s*["'])utf-?16(?:[lb]e)?(["'])`)
	// declaredCharset finds the charset an XML declaration or an HTML meta element names.
	declaredCharset = regexp.MustCompile(`(?i)(?:<\?xml[^>]*\sencoding|<meta[^>]*\scharset|<meta[^>]*content\s*=\s*["'][^"']*charset)\s*=\s*["']?([-\w.:]+)`)
)

// charsetScan is how far into a document its declared charset is looked for: HTML's encoding
// sniffing looks at the first 1024 bytes, and an XML declaration comes first.
const charsetScan = 1024

// decodeReader returns a reader of r's content as UTF-8 without a BOM.
func decodeReader(r io.Reader) (*bufio.Reader, error) {
	br, ok := r.(*bufio.Reader)
	if !ok || br.Size() < SniffLen {
		br = bufio.NewReaderSize(r, SniffLen)
	}
	head, err := br.Peek(3)
	if err != nil && err != io.EOF {
		return nil, err
	}
	switch {
	case bytes.HasPrefix(head, bomUTF8):
		_, _ = br.Discard(3)
	case bytes.HasPrefix(head, bomUTF16LE), bytes.HasPrefix(head, bomUTF16BE):
		// The decoder writes U+FFFD for unpaired surrogates: its output is UTF-8.
		dec := unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder()
		tr := bufio.NewReaderSize(transform.NewReader(br, dec), SniffLen)
		return fixDeclaration(tr)
	}
	prefix, err := br.Peek(charsetScan)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, err
	}
	enc := declaredEncoding(prefix)
	switch {
	case enc == nil:
		return bufio.NewReaderSize(&utf8Reader{r: br}, SniffLen), nil
	case bytes.HasPrefix(bytes.TrimLeft(prefix, " \t\r\n"), []byte("<?xml")):
		// The XML decoder reads the encoding its declaration names.
		return br, nil
	default:
		// No HTML reader here decodes a meta charset: transcode, and the parsers see UTF-8.
		return bufio.NewReaderSize(transform.NewReader(br, enc.NewDecoder()), SniffLen), nil
	}
}

// plainUTF8 reports whether data is a document decodeReader would pass through unchanged: valid
// UTF-8, no byte-order mark, no other charset declared.
func plainUTF8(data []byte) bool {
	if bytes.HasPrefix(data, bomUTF8) || bytes.HasPrefix(data, bomUTF16LE) || bytes.HasPrefix(data, bomUTF16BE) {
		return false
	}
	return declaredEncoding(data[:min(len(data), charsetScan)]) == nil && utf8.Valid(data)
}

// declaredEncoding returns the encoding a document starting with prefix declares, or nil for a
// UTF-8 document: one that declares no charset, UTF-8 or ASCII (a subset), or a label no
// encoding answers to ("UTF-8dden"), which browsers ignore too.
func declaredEncoding(prefix []byte) encoding.Encoding {
	m := declaredCharset.FindSubmatch(prefix)
	if m == nil {
		return nil
	}
	switch strings.ToLower(string(m[1])) {
	case "utf-8", "utf8", "us-ascii", "ascii":
		return nil
	}
	enc, name := charset.Lookup(string(m[1]))
	if enc == nil || name == "utf-8" {
		return nil
	}
	return enc
}

// utf8Reader passes a UTF-8 stream through with every byte that is not part of a valid UTF-8
// sequence replaced by U+FFFD. It reads straight into the caller's buffer: valid input, the
// usual case, is only checked, not copied.
type utf8Reader struct {
	r    io.Reader
	pend [utf8.UTFMax]byte // the start of a sequence cut at the end of the last read
	np   int
	out  []byte // rewritten bytes that did not fit the caller's buffer
	err  error  // r's error, returned once everything before it is
}

var replacement = []byte("\uFFFD")

func (u *utf8Reader) Read(p []byte) (int, error) {
	for {
		if len(u.out) > 0 {
			n := copy(p, u.out)
			u.out = u.out[n:]
			return n, nil
		}
		if u.err != nil {
			if u.np > 0 { // the input ended inside a sequence
				u.np, u.out = 0, replacement
				continue
			}
			return 0, u.err
		}
		if len(p) < 2*utf8.UTFMax { // too small to hold a held-back sequence and more
			buf := make([]byte, 512)
			n, err := u.Read(buf)
			u.out = buf[:n]
			if n == 0 {
				return 0, err
			}
			continue
		}
		copy(p, u.pend[:u.np])
		n, err := u.r.Read(p[u.np:])
		data := p[:u.np+n]
		u.np, u.err = 0, err
		if err == nil {
			cut := incompleteTail(data)
			u.np = copy(u.pend[:], data[len(data)-cut:])
			data = data[:len(data)-cut]
		}
		if len(data) == 0 {
			continue
		}
		if utf8.Valid(data) {
			return len(data), nil
		}
		fixed := bytes.ToValidUTF8(data, replacement)
		m := copy(p, fixed)
		u.out = fixed[m:]
		return m, nil
	}
}

// incompleteTail returns the length of the sequence cut at the end of b: the bytes from its
// last sequence start, when they are fewer than that sequence needs.
func incompleteTail(b []byte) int {
	for i := 1; i < utf8.UTFMax && i <= len(b); i++ {
		if utf8.RuneStart(b[len(b)-i]) {
			if utf8.FullRune(b[len(b)-i:]) {
				return 0
			}
			return i
		}
	}
	return 0
}

// fixDeclaration rewrites an XML declaration's UTF-16 encoding to UTF-8.
func fixDeclaration(br *bufio.Reader) (*bufio.Reader, error) {
	head, err := br.Peek(256)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, err
	}
	if !bytes.HasPrefix(head, []byte("<?xml")) {
		return br, nil
	}
	end := bytes.Index(head, []byte("?>"))
	if end < 0 {
		return br, nil
	}
	decl := xmlDeclEncoding.ReplaceAll(head[:end+2], []byte("${1}UTF-8${2}"))
	_, _ = br.Discard(end + 2)
	return bufio.NewReaderSize(io.MultiReader(bytes.NewReader(decl), br), SniffLen), nil
}

// decodePrefix does for a prefix what decodeReader does for a stream. A UTF-16 prefix cut in the
// middle of a character loses that character, which detection can afford.
func decodePrefix(p []byte) ([]byte, bool) {
	switch {
	case bytes.HasPrefix(p, bomUTF8):
		return p[3:], true
	case bytes.HasPrefix(p, bomUTF16LE), bytes.HasPrefix(p, bomUTF16BE):
		dec := unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder()
		out, _, _ := transform.Bytes(dec, p[:len(p)&^1])
		return out, true
	}
	return p, false
}
