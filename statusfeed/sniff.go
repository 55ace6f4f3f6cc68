package statusfeed

import "bytes"

// Document syntaxes, as Sniff names them and Page.Format and Source.Format carry them.
const (
	FormatAtom = "atom"
	FormatRSS  = "rss"
	FormatJSON = "json"
	FormatHTML = "html"
)

// FeedKind names the syndication format of a document prefix: "atom", "rss" or "" for neither.
// Parsers' detectors use it so that every one agrees on what a feed is. It looks for the root
// element, skipping the XML declaration, comments, a byte-order mark and leading space.
func FeedKind(prefix []byte) string {
	p := bytes.TrimPrefix(prefix, []byte("\xef\xbb\xbf"))
	for {
		p = bytes.TrimLeft(p, " \t\r\n")
		if !bytes.HasPrefix(p, []byte("<")) {
			return ""
		}
		switch {
		case bytes.HasPrefix(p, []byte("<?")):
			i := bytes.Index(p, []byte("?>"))
			if i < 0 {
				return ""
			}
			p = p[i+2:]
		case bytes.HasPrefix(p, []byte("<!--")):
			i := bytes.Index(p, []byte("-->"))
			if i < 0 {
				return ""
			}
			p = p[i+3:]
		case bytes.HasPrefix(p, []byte("<!")): // DOCTYPE
			i := bytes.IndexByte(p, '>')
			if i < 0 {
				return ""
			}
			p = p[i+1:]
		default:
			name := p[1:]
			if i := bytes.IndexAny(name, " \t\r\n>/"); i >= 0 {
				name = name[:i]
			}
			if i := bytes.IndexByte(name, ':'); i >= 0 { // <atom:feed>
				name = name[i+1:]
			}
			switch string(bytes.ToLower(name)) {
			case "feed":
				return FormatAtom
			case "rss", "rdf":
				return FormatRSS
			}
			return ""
		}
	}
}

// Sniff names the syntax of a document from its first bytes and, where the bytes leave it
// open, its content type: "atom", "rss", "json", "html", or "" for none of these.
func Sniff(prefix []byte, src Source) string {
	if k := FeedKind(prefix); k != "" {
		return k
	}
	p := bytes.TrimLeft(bytes.TrimPrefix(prefix, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(p) > 0 && (p[0] == '{' || p[0] == '[') {
		return FormatJSON
	}
	head := bytes.ToLower(p[:min(len(p), 512)])
	if bytes.HasPrefix(head, []byte("<!doctype html")) || bytes.HasPrefix(head, []byte("<html")) ||
		bytes.Contains(head, []byte("<head")) || bytes.Contains(head, []byte("<body")) {
		return FormatHTML
	}
	if bytes.HasPrefix(p, []byte("<")) && bytes.Contains([]byte(src.ContentType), []byte("html")) {
		return FormatHTML
	}
	return ""
}
