package statusfeed

import (
	"bufio"
	"bytes"
	"errors"
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
	// Format is the document's syntax (FormatAtom, FormatRSS, FormatJSON, FormatHTML) where it
	// is known. Registry.Parse and Registry.ParseAs fill it in from the document's first bytes
	// before they call a parser, so that parsers need not sniff it again; a parser used on its
	// own calls Prepare, which does the same.
	Format string
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

// Label is how messages name the source: its Name, or failing that its URL.
func (s Source) Label() string {
	if s.Name != "" {
		return s.Name
	}
	return s.URL
}

// Parser reads one provider's documents into the model. A Parser reads r and nothing else: it
// never fetches, and never closes r. Implementations must be safe for concurrent use.
//
// When a document is only partly readable, Parse returns the page it built together with an
// error describing what it could not read. A document that is not the parser's returns a nil
// page and an error wrapping ErrUnknownFormat: that is how a parser declines a document that
// detection could only call Possible, so that the next candidate may try it.
type Parser interface {
	Parse(r io.Reader, src Source) (*Page, error)
}

// A Describer is a Parser that says what it reads, for listings such as `statusfeed
// providers`: "Atom and RSS history feeds, v2 JSON API, HTML pages".
type Describer interface {
	Describe() string
}

// ParserFunc adapts a function to the Parser interface.
type ParserFunc func(r io.Reader, src Source) (*Page, error)

// Parse calls f.
func (f ParserFunc) Parse(r io.Reader, src Source) (*Page, error) { return f(r, src) }

// Match is a detector's verdict on a document prefix. The levels, not numbers chosen per
// provider, decide precedence; see Registry.Detect.
type Match int

// Match levels, from no to sure.
const (
	// NoMatch: not this parser's document.
	NoMatch Match = iota
	// Generic: a parser that reads any document of the syntax (the feed parser reads any Atom
	// or RSS). It is tried after every provider's parser.
	Generic
	// Possible: the syntax is one the parser reads, but the prefix shows none of its markers
	// ("an HTML page, possibly mine": real pages carry their data near the end). The parser
	// confirms on the whole document and declines with ErrUnknownFormat if it is not its own.
	Possible
	// Certain: the prefix carries the provider's own markers (a generator, asset hosts, ID
	// shapes, its field names). A detector says Certain only on markers no other provider
	// writes; two parsers both certain of one document is a bug in one of them.
	Certain
)

func (m Match) String() string {
	switch m {
	case NoMatch:
		return "no"
	case Generic:
		return "generic"
	case Possible:
		return "possible"
	case Certain:
		return "certain"
	}
	return fmt.Sprintf("Match(%d)", int(m))
}

// A Detector looks at the first bytes of a document (at most SniffLen of them, with any
// byte-order mark removed and UTF-16 already transcoded) and what is known of its source, with
// src.Format already set to the document's syntax, and says whether the document is its
// parser's. Detectors must not guess: NoMatch is the answer for anything they do not recognize.
type Detector func(prefix []byte, src Source) Match

// SniffLen is how many leading bytes detection looks at.
const SniffLen = 16 << 10

type registration struct {
	name   string
	parser Parser
	detect Detector
}

// Registry is a set of parsers with the detection that chooses among them. Its zero value is
// an empty registry ready to use; the package-level functions use Default. Tests and programs
// that want another set build their own rather than changing Default: for example
// Default.Without("feed") drops the catch-all feed parser.
//
// A Registry is safe for concurrent use.
type Registry struct {
	mu   sync.RWMutex
	regs []registration // sorted by name
}

// Default is the registry parser packages register with in their init functions, and the one
// the package-level functions use.
var Default = &Registry{}

// Register makes a parser available in Default under name. Parser packages call it from init,
// as image/png does with image.
func Register(name string, parser Parser, detect Detector) { Default.Register(name, parser, detect) }

// Register makes a parser available under name. It panics if name is empty or taken, or if
// parser or detect is nil, because either is a programming error best found at start-up.
func (r *Registry) Register(name string, parser Parser, detect Detector) {
	if name == "" || parser == nil || detect == nil {
		panic("statusfeed: Register with empty name, nil parser or nil detector")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, g := range r.regs {
		if g.name == name {
			panic("statusfeed: Register called twice for parser " + name)
		}
	}
	r.regs = append(r.regs, registration{name, parser, detect})
	sort.Slice(r.regs, func(i, j int) bool { return r.regs[i].name < r.regs[j].name })
}

// Without returns a new registry holding r's parsers except the named ones.
func (r *Registry) Without(names ...string) *Registry {
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := &Registry{}
	for _, g := range r.regs {
		drop := false
		for _, n := range names {
			drop = drop || g.name == n
		}
		if !drop {
			out.regs = append(out.regs, g)
		}
	}
	return out
}

// Parsers lists the names of Default's parsers in sorted order.
func Parsers() []string { return Default.Parsers() }

// Parsers lists the registered parsers' names in sorted order.
func (r *Registry) Parsers() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	names := make([]string, len(r.regs))
	for i, g := range r.regs {
		names[i] = g.name
	}
	return names
}

// Lookup returns the parser registered in Default under name.
func Lookup(name string) (Parser, bool) { return Default.Lookup(name) }

// Lookup returns the parser registered under name.
func (r *Registry) Lookup(name string) (Parser, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	for _, g := range r.regs {
		if g.name == name {
			return g.parser, true
		}
	}
	return nil, false
}

// Candidate is a parser detection considers for a document, with its detector's verdict.
type Candidate struct {
	Name  string
	Match Match
}

// Candidates lists, in the order Parse tries them, the parsers whose detectors match prefix.
// The order is the whole of the precedence rule: Certain before Possible before Generic, and
// parsers of one level by name. src.Format is set from prefix when empty.
func (r *Registry) Candidates(prefix []byte, src Source) []Candidate {
	prefix, _ = decodePrefix(prefix)
	if len(prefix) > SniffLen {
		prefix = prefix[:SniffLen]
	}
	if src.Format == "" {
		src.Format = Sniff(prefix, src)
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	var out []Candidate
	for _, g := range r.regs {
		if m := g.detect(prefix, src); m > NoMatch {
			out = append(out, Candidate{g.name, m})
		}
	}
	// Stable: registrations are sorted by name, so within a level the name decides.
	sort.SliceStable(out, func(i, j int) bool { return out[i].Match > out[j].Match })
	return out
}

// Detect names the parser Default would try first for prefix; see Registry.Detect.
func Detect(prefix []byte, src Source) (string, error) { return Default.Detect(prefix, src) }

// Detect names the parser Parse tries first for a document starting with prefix, or returns
// ErrUnknownFormat when no detector matches it. A Possible match may still be declined by its
// parser on the whole document; Parse then tries the next candidate.
func (r *Registry) Detect(prefix []byte, src Source) (string, error) {
	c := r.Candidates(prefix, src)
	if len(c) == 0 {
		return "", ErrUnknownFormat
	}
	return c[0].Name, nil
}

// Parse detects which parser of Default reads r and parses it; see Registry.Parse.
func Parse(r io.Reader, src Source) (*Page, error) { return Default.Parse(r, src) }

// Parse detects which registered parser reads r and parses it. It reads r once: a document
// only one candidate claims streams to it; one that several may claim is read into memory and
// offered to each in turn until one accepts it. Errors are *ParseError values naming the
// source; a document nobody accepts gives one that wraps ErrUnknownFormat. As with Parser, a
// non-nil page may come with an error describing what could not be read.
func (r *Registry) Parse(rd io.Reader, src Source) (*Page, error) {
	br, src, err := prepare(rd, src)
	if err != nil {
		return nil, &ParseError{Source: src.Label(), Err: err}
	}
	return r.parsePrepared(br, src)
}

// ParseDocument parses a fetched document with the parsers of Default; see
// Registry.ParseDocument.
func ParseDocument(doc *Document) (*Page, error) { return Default.ParseDocument(doc) }

// ParseDocument parses a fetched document as Parse parses its body from its source. The body is
// read where it lies rather than copied, so it must not change until ParseDocument returns; a
// poller parsing what it fetched saves a copy of every document.
func (r *Registry) ParseDocument(doc *Document) (*Page, error) {
	p, err := prepareBytes(doc.Body)
	if err != nil {
		return nil, &ParseError{Source: doc.Source.Label(), Err: err}
	}
	src, err := withFormat(p, doc.Source)
	if err != nil {
		return nil, &ParseError{Source: src.Label(), Err: err}
	}
	return r.parsePrepared(p, src)
}

// parsePrepared detects what br holds and parses it.
func (r *Registry) parsePrepared(br *prepared, src Source) (*Page, error) {
	prefix, _ := br.Peek(SniffLen)
	cands := r.Candidates(prefix, src)
	if len(cands) == 0 {
		return nil, &ParseError{Source: src.Label(), Err: fmt.Errorf("%w: no parser recognizes this %s", ErrUnknownFormat, describe(src.Format))}
	}
	if len(cands) == 1 || (cands[0].Match == Certain && cands[1].Match < Certain) {
		return r.parseWith(cands[0].Name, br, src)
	}
	doc, err := ReadAll(br)
	if err != nil {
		return nil, &ParseError{Source: src.Label(), Err: err}
	}
	var declined []string
	for _, c := range cands {
		page, err := r.parseWith(c.Name, &prepared{data: doc}, src)
		if page == nil && errors.Is(err, ErrUnknownFormat) {
			declined = append(declined, c.Name)
			continue
		}
		return page, err
	}
	return nil, &ParseError{Source: src.Label(), Err: fmt.Errorf("%w: %s declined it", ErrUnknownFormat, joinNames(declined))}
}

// ParseAs parses r with the parser of Default registered under name; see Registry.ParseAs.
func ParseAs(name string, r io.Reader, src Source) (*Page, error) {
	return Default.ParseAs(name, r, src)
}

// ParseAs parses r with the parser registered under name, skipping detection. A parser given a
// document that is not its own returns an error wrapping ErrUnknownFormat.
func (r *Registry) ParseAs(name string, rd io.Reader, src Source) (*Page, error) {
	if _, ok := r.Lookup(name); !ok {
		return nil, &ParseError{Source: src.Label(), Err: fmt.Errorf("%w %q", ErrUnknownParser, name)}
	}
	br, src, err := prepare(rd, src)
	if err != nil {
		return nil, &ParseError{Source: src.Label(), Provider: name, Err: err}
	}
	return r.parseWith(name, br, src)
}

func (r *Registry) parseWith(name string, rd io.Reader, src Source) (*Page, error) {
	p, _ := r.Lookup(name)
	page, err := p.Parse(rd, src)
	if err != nil {
		var pe *ParseError
		if !errors.As(err, &pe) {
			err = &ParseError{Source: src.Label(), Provider: name, Err: err}
		}
	}
	return page, err
}

// Prepare readies a document for a parser used on its own, as the registry does before it calls
// one: it removes a byte-order mark, transcodes UTF-16 to UTF-8, and sets src.Format from the
// document's first bytes when it is empty. The returned reader yields the whole document.
// Preparing what Prepare returned changes nothing.
func Prepare(r io.Reader, src Source) (io.Reader, Source, error) {
	br, src, err := prepare(r, src)
	return br, src, err
}

// prepared is a document prepare has readied. Parsers prepare their input themselves, since
// they may be used on their own; given what the registry prepared, they must not do it again:
// a page transcoded from the charset it declares would be transcoded a second time (and every
// byte checked and copied twice more).
//
// A document read from memory (a *bytes.Reader, as a poller parses what it fetched) that needs
// no decoding is held as its bytes, so that parsers that want the whole document (ReadAll) get
// it without another copy, and nothing is buffered twice on the way.
type prepared struct {
	br   *bufio.Reader // the document read through its decoding; nil when data holds it
	data []byte        // the unread rest of a document held in memory
}

func (p *prepared) Read(b []byte) (int, error) {
	if p.br != nil {
		return p.br.Read(b)
	}
	if len(p.data) == 0 {
		return 0, io.EOF
	}
	n := copy(b, p.data)
	p.data = p.data[n:]
	return n, nil
}

// Peek returns the next n bytes without consuming them, as bufio.Reader.Peek does.
func (p *prepared) Peek(n int) ([]byte, error) {
	if p.br != nil {
		return p.br.Peek(n)
	}
	// Full slice expressions: what a caller gets cannot be appended into the rest.
	if n > len(p.data) {
		return p.data[:len(p.data):len(p.data)], io.EOF
	}
	return p.data[:n:n], nil
}

// ReadAll returns the rest of r, as io.ReadAll does. Given a reader Prepare returned for a
// document held in memory, it returns the document's bytes without copying them: the caller
// must not modify them.
func ReadAll(r io.Reader) ([]byte, error) {
	p, ok := r.(*prepared)
	if !ok || p.br != nil {
		return io.ReadAll(r)
	}
	d := p.data[:len(p.data):len(p.data)]
	p.data = nil
	return d, nil
}

func prepare(r io.Reader, src Source) (*prepared, Source, error) {
	if p, ok := r.(*prepared); ok {
		src, err := withFormat(p, src)
		return p, src, err
	}
	p, err := prepareReader(r)
	if err != nil {
		return nil, src, err
	}
	if src, err = withFormat(p, src); err != nil {
		return nil, src, err
	}
	return p, src, nil
}

// prepareReader readies r's content, as its bytes when it is in memory and needs no decoding.
func prepareReader(r io.Reader) (*prepared, error) {
	if b, ok := r.(*bytes.Reader); ok {
		data := make([]byte, b.Len())
		if _, err := io.ReadFull(b, data); err != nil {
			return nil, err
		}
		return prepareBytes(data)
	}
	br, err := decodeReader(r)
	if err != nil {
		return nil, err
	}
	return &prepared{br: br}, nil
}

// prepareBytes readies data, in place when it needs no decoding.
func prepareBytes(data []byte) (*prepared, error) {
	if plainUTF8(data) {
		return &prepared{data: data}, nil
	}
	br, err := decodeReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	return &prepared{br: br}, nil
}

// withFormat sets src.Format from the document's first bytes when it is empty.
func withFormat(p *prepared, src Source) (Source, error) {
	if src.Format == "" {
		prefix, err := p.Peek(SniffLen)
		if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
			return src, err
		}
		src.Format = Sniff(prefix, src)
	}
	return src, nil
}

func describe(format string) string {
	if format == "" {
		return "document (not Atom, RSS, JSON or HTML)"
	}
	return format + " document"
}

func joinNames(names []string) string {
	switch len(names) {
	case 0:
		return "no parser"
	case 1:
		return names[0]
	}
	s := names[0]
	for _, n := range names[1 : len(names)-1] {
		s += ", " + n
	}
	return s + " and " + names[len(names)-1]
}
