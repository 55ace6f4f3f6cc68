package feeddoc

import (
	"bytes"
	"errors"
	"fmt"
	"io"
)

// MaxDepth bounds how deeply a feed's elements may nest. gofeed keeps every element it does not
// know (extensions, XHTML content) as a tree of maps, at about a hundred times the element's
// size in memory: a 31 MB feed of millions of nested elements cost 3 GB. Real status feeds nest
// 4 to 6 levels (feed, entry, content, an extension element), and XHTML content adds its HTML's
// own nesting, which rarely passes 30; 256 leaves room for both and stops a hostile document
// after a few kilobytes.
const MaxDepth = 256

// ErrTooDeep is returned for a feed whose elements nest deeper than MaxDepth.
var ErrTooDeep = errors.New("feeddoc: elements nested too deeply")

// depthLimit passes a document through while it follows the XML markup that encoding/xml
// (gofeed's parser underneath) reads, counting open elements, and fails the read that would
// hand over an element deeper than max. It keeps only a few bytes of state, so the check costs
// one pass over bytes the parser reads anyway, and no memory. It reads the bytes before any
// charset conversion: the markup characters are ASCII in every charset a feed may declare.
type depthLimit struct {
	r      io.Reader
	max    int
	depth  int
	state  uint8
	quote  byte // the quote a value or declaration is in, 0 outside
	last   byte // in a start tag: the last byte outside quotes
	n      int  // bytes of a terminator ("-->", "]]>", "?>", "[CDATA[", "!--") seen so far
	nested int  // in a declaration: "<" not yet closed by ">"
	err    error
}

// Lexer states.
const (
	inText        uint8 = iota
	afterLt             // after "<"
	inStartTag          // in "<name attr='v'"
	inEndTag            // in "</name"
	afterBang           // after "<!"
	afterBang1          // after "<!-"
	inComment           // after "<!--"
	inCDATAOpen         // after "<![", reading "CDATA["
	inCDATA             // after "<![CDATA["
	inPI                // after "<?"
	inDecl              // in "<!DOCTYPE …>"
	inDeclLt            // in a declaration, after "<": maybe "<!--"
	inDeclComment       // in a comment inside a declaration
)

func newDepthLimit(r io.Reader, max int) *depthLimit { return &depthLimit{r: r, max: max} }

func (d *depthLimit) Read(p []byte) (int, error) {
	if d.err != nil {
		return 0, d.err
	}
	n, err := d.r.Read(p)
	if d.scan(p[:n]) {
		d.err = fmt.Errorf("%w: deeper than %d elements", ErrTooDeep, d.max)
		return 0, d.err
	}
	return n, err
}

// scan follows the markup in b and reports whether an element went deeper than max.
func (d *depthLimit) scan(b []byte) bool {
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch d.state {
		case inText:
			k := bytes.IndexByte(b[i:], '<')
			if k < 0 {
				return false
			}
			i += k
			d.state = afterLt
		case afterLt:
			switch c {
			case '/':
				d.state = inEndTag
				if d.depth > 0 {
					d.depth--
				}
			case '?':
				d.state, d.n = inPI, 0
			case '!':
				d.state = afterBang
			default:
				d.depth++
				if d.depth > d.max {
					return true
				}
				d.state, d.quote, d.last = inStartTag, 0, c
			}
		case inStartTag:
			switch {
			case d.quote != 0:
				if c == d.quote {
					d.quote, d.last = 0, c
				}
			case c == '"' || c == '\'':
				d.quote = c
			case c == '>':
				if d.last == '/' { // "<x/>" closes itself
					d.depth--
				}
				d.state = inText
			default:
				d.last = c
			}
		case inEndTag:
			if c == '>' {
				d.state = inText
			}
		case afterBang:
			switch c {
			case '-':
				d.state = afterBang1
			case '[':
				d.state, d.n = inCDATAOpen, 0
			default:
				// A declaration ("<!DOCTYPE"); its first byte is taken as it is, as
				// encoding/xml takes it.
				d.state, d.quote, d.nested = inDecl, 0, 0
			}
		case afterBang1:
			d.state, d.n = inComment, 0 // "<!-x" is a syntax error the parser reports
		case inComment, inDeclComment:
			switch {
			case c == '-':
				d.n++
			case c == '>' && d.n >= 2:
				if d.state == inComment {
					d.state = inText
				} else {
					d.state = inDecl
				}
			default:
				d.n = 0
			}
		case inCDATAOpen:
			if d.n < len("CDATA[")-1 {
				d.n++
			} else {
				d.state, d.n = inCDATA, 0
			}
		case inCDATA:
			switch {
			case c == ']':
				d.n++
			case c == '>' && d.n >= 2:
				d.state = inText
			default:
				d.n = 0
			}
		case inPI:
			switch {
			case c == '>' && d.n == 1:
				d.state = inText
			case c == '?':
				d.n = 1
			default:
				d.n = 0
			}
		case inDecl:
			switch {
			case d.quote != 0:
				if c == d.quote {
					d.quote = 0
				}
			case c == '"' || c == '\'':
				d.quote = c
			case c == '>' && d.nested == 0:
				d.state = inText
			case c == '>':
				d.nested--
			case c == '<':
				d.state, d.n = inDeclLt, 0
			}
		case inDeclLt:
			// "<!--" opens a comment; anything else is a nested "<" (reconsidered as such).
			if c == "!--"[d.n] {
				d.n++
				if d.n == len("!--") {
					d.state, d.n = inDeclComment, 0
				}
				continue
			}
			d.nested++
			d.state = inDecl
			i--
		}
	}
	return false
}
