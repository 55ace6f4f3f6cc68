package statusfeed

import (
	"bufio"
	"bytes"
	"io"
	"regexp"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Documents reach parsers as UTF-8 without a byte-order mark. A UTF-8 BOM before JSON is valid
// by RFC 8259's leniency and common from Windows tools, yet encoding/json rejects it; a UTF-16
// feed with a BOM is valid XML that gofeed cannot read. Both are normalized here, once, so that
// no parser has to care.

var (
	bomUTF8    = []byte("\xef\xbb\xbf")
	bomUTF16LE = []byte("\xff\xfe")
	bomUTF16BE = []byte("\xfe\xff")
	// The declaration of a transcoded document must stop claiming UTF-16, or the XML decoder
	// would decode it a second time.
	xmlDeclEncoding = regexp.MustCompile(`(?i)(encoding\s*=\s*["'])utf-?16(?:[lb]e)?(["'])`)
)

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
		return br, nil
	case bytes.HasPrefix(head, bomUTF16LE), bytes.HasPrefix(head, bomUTF16BE):
		dec := unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder()
		tr := bufio.NewReaderSize(transform.NewReader(br, dec), SniffLen)
		return fixDeclaration(tr)
	}
	return br, nil
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
