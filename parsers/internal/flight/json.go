package flight

import (
	"bytes"
	"errors"
)

// A small JSON scanner over bytes: it finds values' ends, objects holding given keys, and
// copies values while decoding React's dollar forms, all without decoding into Go values.

var (
	errSyntax = errors.New("invalid JSON")
	errDepth  = errors.New("JSON nested too deeply")
)

func ws(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// stringEnd returns the index just past the closing quote of the string that opens at b[i].
func stringEnd(b []byte, i int) (int, error) {
	if i >= len(b) || b[i] != '"' {
		return 0, errSyntax
	}
	for j := i + 1; ; {
		k := bytes.IndexByte(b[j:], '"')
		if k < 0 {
			return 0, errors.New("unterminated string")
		}
		q := j + k
		n := 0
		for p := q - 1; p > i && b[p] == '\\'; p-- {
			n++
		}
		if n%2 == 0 {
			return q + 1, nil
		}
		j = q + 1
	}
}

// literalEnd returns the end of a number, true, false or null starting at i.
func literalEnd(b []byte, i int) (int, error) {
	j := i
	for j < len(b) {
		c := b[j]
		if c == ',' || c == ']' || c == '}' || c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			break
		}
		if c == '"' || c == '{' || c == '[' || c == ':' {
			return 0, errSyntax
		}
		j++
	}
	if j == i {
		return 0, errSyntax
	}
	return j, nil
}

// visitor receives the tokens walk meets.
type visitor interface {
	open(c byte)                      // '{' or '['
	key(k []byte)                     // an object member's key, quotes included
	comma()                           // between members or elements
	close(b []byte, start, end int)   // the object or array b[start:end] ends
	scalar(s []byte, depth int) error // a string (quotes included), number, true, false, null
}

// walk scans the JSON value starting at b[i] (after any space), telling v what it meets, and
// returns the index just past it.
func walk(b []byte, i, depth int, v visitor) (int, error) {
	i = ws(b, i)
	if i >= len(b) {
		return 0, errSyntax
	}
	c := b[i]
	if c != '{' && c != '[' {
		var end int
		var err error
		if c == '"' {
			end, err = stringEnd(b, i)
		} else {
			end, err = literalEnd(b, i)
		}
		if err != nil {
			return 0, err
		}
		return end, v.scalar(b[i:end], depth)
	}
	if depth >= MaxDepth {
		return 0, errDepth
	}
	start, closer := i, byte(']')
	if c == '{' {
		closer = '}'
	}
	v.open(c)
	if i = ws(b, i+1); i < len(b) && b[i] == closer {
		v.close(b, start, i+1)
		return i + 1, nil
	}
	for {
		var err error
		if c == '{' {
			i = ws(b, i)
			ke, err := stringEnd(b, i)
			if err != nil {
				return 0, err
			}
			v.key(b[i:ke])
			if i = ws(b, ke); i >= len(b) || b[i] != ':' {
				return 0, errSyntax
			}
			i++
		}
		if i, err = walk(b, i, depth+1, v); err != nil {
			return 0, err
		}
		if i = ws(b, i); i >= len(b) {
			return 0, errSyntax
		}
		switch b[i] {
		case ',':
			v.comma()
			i++
		case closer:
			v.close(b, start, i+1)
			return i + 1, nil
		default:
			return 0, errSyntax
		}
	}
}

// skipper is the visitor that only finds a value's end.
type skipper struct{}

func (skipper) open(byte)                {}
func (skipper) key([]byte)               {}
func (skipper) comma()                   {}
func (skipper) close([]byte, int, int)   {}
func (skipper) scalar([]byte, int) error { return nil }

// skip returns the end of the value starting at i (after any space).
func skip(b []byte, i, depth int) (int, error) { return walk(b, i, depth, skipper{}) }

// finder records the spans of the objects that hold all of its keys.
type finder struct {
	skipper
	keys  [][]byte
	full  uint64
	have  []uint64 // for each open object, the keys seen so far
	spans [][2]int
}

func (f *finder) open(c byte) {
	if c == '{' {
		f.have = append(f.have, 0)
	}
}

// key marks a wanted key in the innermost open object: keys stand only in objects, and arrays
// push nothing, so that object is the top of the stack.
func (f *finder) key(k []byte) {
	k = k[1 : len(k)-1]
	for n, want := range f.keys {
		if bytes.Equal(k, want) {
			f.have[len(f.have)-1] |= 1 << uint(n)
		}
	}
}

func (f *finder) close(b []byte, start, end int) {
	if b[start] != '{' {
		return
	}
	top := len(f.have) - 1
	if f.have[top] == f.full {
		f.spans = append(f.spans, [2]int{start, end})
	}
	f.have = f.have[:top]
}

// expander copies a JSON value, making React's encoded values plain JSON.
type expander struct {
	d      *Doc
	out    []byte
	refs   int // references being expanded around the current value
	budget int // bytes of output past which references are no longer expanded
}

func (e *expander) open(c byte)                { e.out = append(e.out, c) }
func (e *expander) key(k []byte)               { e.out = append(append(e.out, k...), ':') }
func (e *expander) comma()                     { e.out = append(e.out, ',') }
func (e *expander) close(b []byte, _, end int) { e.out = append(e.out, b[end-1]) }

// nulls are the encoded values JSON has no place for.
var nulls = map[string]bool{`"$undefined"`: true, `"$NaN"`: true, `"$Infinity"`: true, `"$-Infinity"`: true, `"$-0"`: true}

// scalar writes a scalar, decoding React's dollar forms in strings.
func (e *expander) scalar(s []byte, depth int) error {
	if s[0] != '"' || len(s) < 4 || s[1] != '$' || bytes.IndexByte(s, '\\') >= 0 {
		e.out = append(e.out, s...)
		return nil
	}
	body := s[1 : len(s)-1]
	switch c := body[1]; {
	case nulls[string(s)]:
		e.out = append(e.out, "null"...)
	case c == '$': // "$$…" is a string that starts with a dollar
		e.out = append(append(append(e.out, '"'), body[1:]...), '"')
	case c == 'D': // a Date, as its ISO string
		e.out = append(append(append(e.out, '"'), body[2:]...), '"')
	case isHex(c):
		raw, err := e.d.lookup(string(body[1:]))
		if err != nil || e.refs >= maxRefs || len(e.out) > e.budget {
			e.out = append(e.out, "null"...) // unresolvable: unknown, never a guess
			return nil
		}
		mark := len(e.out)
		e.refs++
		if _, err := walk(raw, 0, depth+1, e); err != nil {
			e.out = append(e.out[:mark], "null"...) // a broken row reads as unknown too
		}
		e.refs--
	default: // lazy elements, promises, symbols, modules: not data
		e.out = append(e.out, s...)
	}
	return nil
}
