package statusfeed

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"sync"
)

// Source is what is known about a document besides its bytes.
type Source struct {
	URL         string // where it was fetched from, if it was
	Name        string // how to name it in messages (a file path); defaults to URL
	ContentType string // the Content-Type it was served with, if any
}

// Origin names this source as the place an incident was read from: its URL, or failing that its
// name (a file path).
func (s Source) Origin(provider, format string) Origin {
	u := s.URL
	if u == "" {
		u = s.Name
	}
	return Origin{Provider: provider, Format: format, URL: u}
}

func (s Source) label() string {
	if s.Name != "" {
		return s.Name
	}
	return s.URL
}

// Parser reads one provider's documents into the model. A Parser reads r and nothing else: it
// never fetches, and never closes r. Implementations must be safe for concurrent use.
//
// When a document is only partly readable, Parse returns the page it built together with an
// error describing what it could not read.
type Parser interface {
	Parse(r io.Reader, src Source) (*Page, error)
}

// ParserFunc adapts a function to the Parser interface.
type ParserFunc func(r io.Reader, src Source) (*Page, error)

// Parse calls f.
func (f ParserFunc) Parse(r io.Reader, src Source) (*Page, error) { return f(r, src) }

// A Detector looks at the first bytes of a document (at most SniffLen of them) and what is known
// of its source, and says how sure it is that the document is its parser's: 0 for no, up to
// Certain. Detectors must not guess: 0 is the answer for anything they do not recognize.
type Detector func(prefix []byte, src Source) int

// Confidence levels for detectors. A provider that recognizes its own markers says Certain or
// Likely; a generic parser that accepts any document of a format says Fallback, so that any
// provider-specific parser wins over it.
const (
	Certain  = 100
	Likely   = 50
	Fallback = 10
)

// SniffLen is how many leading bytes detection looks at.
const SniffLen = 16 << 10

type registration struct {
	name   string
	parser Parser
	detect Detector
}

var (
	regMu sync.RWMutex
	regs  []registration
)

// Register makes a parser available under name to Parse and Lookup. Parser packages call it
// from init, as image/png does with image. It panics if name is empty or taken, or if parser or
// detect is nil, because either is a programming error best found at start-up.
func Register(name string, parser Parser, detect Detector) {
	if name == "" || parser == nil || detect == nil {
		panic("statusfeed: Register with empty name, nil parser or nil detector")
	}
	regMu.Lock()
	defer regMu.Unlock()
	for _, r := range regs {
		if r.name == name {
			panic("statusfeed: Register called twice for parser " + name)
		}
	}
	regs = append(regs, registration{name, parser, detect})
	sort.Slice(regs, func(i, j int) bool { return regs[i].name < regs[j].name })
}

// Parsers lists the registered parsers' names in sorted order.
func Parsers() []string {
	regMu.RLock()
	defer regMu.RUnlock()
	names := make([]string, len(regs))
	for i, r := range regs {
		names[i] = r.name
	}
	return names
}

// Lookup returns the parser registered under name.
func Lookup(name string) (Parser, bool) {
	regMu.RLock()
	defer regMu.RUnlock()
	for _, r := range regs {
		if r.name == name {
			return r.parser, true
		}
	}
	return nil, false
}

// Detect names the registered parser most sure that prefix is its document. It returns
// ErrUnknownFormat when none is. Ties go to the name that sorts first, so detection does not
// depend on registration order.
func Detect(prefix []byte, src Source) (string, error) {
	if len(prefix) > SniffLen {
		prefix = prefix[:SniffLen]
	}
	regMu.RLock()
	defer regMu.RUnlock()
	best, bestScore := "", 0
	for _, r := range regs {
		if s := r.detect(prefix, src); s > bestScore {
			best, bestScore = r.name, s
		}
	}
	if best == "" {
		return "", ErrUnknownFormat
	}
	return best, nil
}

// Parse detects which registered parser reads r and parses it. Errors are *ParseError values
// naming the source; an undetectable document gives one that wraps ErrUnknownFormat. As with
// Parser, a non-nil page may come with an error describing what could not be read.
func Parse(r io.Reader, src Source) (*Page, error) {
	br := bufio.NewReaderSize(r, SniffLen)
	prefix, err := br.Peek(SniffLen)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, &ParseError{Source: src.label(), Err: err}
	}
	name, err := Detect(prefix, src)
	if err != nil {
		return nil, &ParseError{Source: src.label(), Err: err}
	}
	return ParseAs(name, br, src)
}

// ParseAs parses r with the parser registered under name, skipping detection.
func ParseAs(name string, r io.Reader, src Source) (*Page, error) {
	p, ok := Lookup(name)
	if !ok {
		return nil, &ParseError{Source: src.label(), Err: fmt.Errorf("%w %q", ErrUnknownParser, name)}
	}
	page, err := p.Parse(r, src)
	if err != nil {
		err = &ParseError{Source: src.label(), Provider: name, Err: err}
	}
	return page, err
}
