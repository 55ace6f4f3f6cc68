package flight

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Row is one row of flight data.
type Row struct {
	ID   string // the row's hexadecimal ID; "" for hint rows (":HL[…]")
	Tag  string // "" for a JSON row; "I", "HL", "E", "T", … for the others
	Data []byte // the payload after the tag
}

// Doc is decoded flight data: its rows in order.
type Doc struct {
	Rows  []Row
	index map[string]int // row ID → index of its JSON row
	size  int
}

// Parse splits flight data into rows. A line it cannot read is skipped and reported in err
// beside the rows it could.
func Parse(data []byte) (*Doc, error) {
	d := &Doc{index: map[string]int{}, size: len(data)}
	var errs []error
	for i := 0; i < len(data); {
		if data[i] == '\n' {
			i++
			continue
		}
		j := i
		for j < len(data) && isHex(data[j]) {
			j++
		}
		if j >= len(data) || data[j] != ':' {
			end := lineEnd(data, i)
			errs = append(errs, fmt.Errorf("flight: row without an id: %q", data[i:min(end, i+40)]))
			i = end + 1
			continue
		}
		id := string(data[i:j])
		t := j + 1
		k := t
		for k < len(data) && data[k] >= 'A' && data[k] <= 'Z' {
			k++
		}
		tag := string(data[t:k])
		if tag == "T" {
			// Text rows: "T<hex length>,<text>", the length in bytes, no newline after.
			m := k
			for m < len(data) && isHex(data[m]) {
				m++
			}
			n, err := strconv.ParseUint(string(data[k:m]), 16, 31)
			if err != nil || m >= len(data) || data[m] != ',' {
				end := lineEnd(data, i)
				errs = append(errs, fmt.Errorf("flight: row %s: bad text length", id))
				i = end + 1
				continue
			}
			start, end := m+1, m+1+int(n)
			if end > len(data) {
				errs = append(errs, fmt.Errorf("flight: row %s: text cut short", id))
				end = len(data)
			}
			d.Rows = append(d.Rows, Row{ID: id, Tag: tag, Data: data[start:end]})
			i = end
			continue
		}
		end := lineEnd(data, k)
		d.add(Row{ID: id, Tag: tag, Data: data[k:end]})
		i = end + 1
	}
	return d, errors.Join(errs...)
}

func (d *Doc) add(r Row) {
	if _, dup := d.index[r.ID]; !dup && r.Tag == "" && r.ID != "" {
		d.index[r.ID] = len(d.Rows)
	}
	d.Rows = append(d.Rows, r)
}

func lineEnd(data []byte, i int) int {
	if n := bytes.IndexByte(data[i:], '\n'); n >= 0 {
		return i + n
	}
	return len(data)
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' }

// Find returns, in document order, every object in the JSON rows that has all of keys among
// its own members, with React's encoded values made plain JSON (see the package doc). An
// object found inside another found object is not returned again. Rows that are not valid
// JSON are skipped and reported in err.
func (d *Doc) Find(keys ...string) ([][]byte, error) {
	var out [][]byte
	err := d.Each(func(obj []byte) bool { out = append(out, obj); return true }, keys...)
	return out, err
}

// Each calls fn with the objects Find would return, in the same order, until fn returns false.
// Objects are decoded only as fn asks for them, so that a caller wanting the first of several
// copies pays for one.
func (d *Doc) Each(fn func(obj []byte) bool, keys ...string) error {
	if len(keys) == 0 || len(keys) > 64 {
		return errors.New("flight: Find needs 1 to 64 keys")
	}
	f := &finder{full: 1<<uint(len(keys)) - 1}
	for _, k := range keys {
		f.keys = append(f.keys, []byte(k))
	}
	var errs []error
	for _, r := range d.Rows {
		if r.Tag != "" || !mayHold(r.Data, f.keys) {
			continue
		}
		f.have, f.spans = f.have[:0], f.spans[:0]
		if _, err := walk(r.Data, 0, 0, f); err != nil {
			errs = append(errs, fmt.Errorf("flight: row %s: %w", r.ID, err))
			continue
		}
		sort.Slice(f.spans, func(i, j int) bool { return f.spans[i][0] < f.spans[j][0] })
		end := -1
		for _, s := range f.spans {
			if s[0] < end {
				continue // inside an object already found
			}
			end = s[1]
			obj, err := d.expand(r.Data[s[0]:s[1]])
			if err == nil && !json.Valid(obj) {
				// The scanner finds structure, not every JSON rule (control characters in
				// strings, malformed numbers): what it hands on is checked.
				err = errSyntax
			}
			if err != nil {
				errs = append(errs, fmt.Errorf("flight: row %s: %w", r.ID, err))
				continue
			}
			if !fn(obj) {
				return errors.Join(errs...)
			}
		}
	}
	return errors.Join(errs...)
}

// mayHold is a quick test that a row mentions every key, so that most rows are never scanned.
func mayHold(data []byte, keys [][]byte) bool {
	for _, k := range keys {
		if !bytes.Contains(data, k) {
			return false
		}
	}
	return true
}

// Resolve returns the value a reference names ("5", "5:1:props:summary", without the leading
// dollar), made plain JSON as Find makes its objects.
func (d *Doc) Resolve(ref string) ([]byte, error) {
	raw, err := d.lookup(ref)
	if err != nil {
		return nil, err
	}
	return d.expand(raw)
}

func (d *Doc) expand(raw []byte) ([]byte, error) {
	e := &expander{d: d, budget: 4*d.size + 1<<20}
	e.out = make([]byte, 0, len(raw))
	if _, err := walk(raw, 0, 0, e); err != nil {
		return nil, err
	}
	return e.out, nil
}

// lookup finds the raw value a reference names: a row, then a path of member names and array
// indexes into it. In a React element (["$", type, key, props]) "type", "key" and "props" name
// its places.
func (d *Doc) lookup(ref string) ([]byte, error) {
	id, path, _ := cut(ref, ':')
	n, ok := d.index[id]
	if !ok {
		return nil, fmt.Errorf("flight: reference to missing row %q", id)
	}
	v := d.Rows[n].Data
	for path != "" {
		var seg string
		seg, path, _ = cut(path, ':')
		var err error
		if v, err = member(v, seg); err != nil {
			return nil, fmt.Errorf("flight: reference %q: %w", ref, err)
		}
	}
	return v, nil
}

func cut(s string, sep byte) (before, after string, found bool) {
	if i := strings.IndexByte(s, sep); i >= 0 {
		return s[:i], s[i+1:], true
	}
	return s, "", false
}

var elementPlaces = map[string]int{"type": 1, "key": 2, "props": 3}

// member returns the raw value of an object's member or an array's element.
func member(v []byte, seg string) ([]byte, error) {
	i := ws(v, 0)
	if i >= len(v) {
		return nil, errors.New("empty value")
	}
	switch v[i] {
	case '{':
		i = ws(v, i+1)
		for i < len(v) && v[i] != '}' {
			ke, err := stringEnd(v, i)
			if err != nil {
				return nil, err
			}
			key := v[i+1 : ke-1]
			i = ws(v, ke)
			if i >= len(v) || v[i] != ':' {
				return nil, errSyntax
			}
			start := ws(v, i+1)
			end, err := skip(v, start, 0)
			if err != nil {
				return nil, err
			}
			if string(key) == seg {
				return v[start:end], nil
			}
			i = ws(v, end)
			if i < len(v) && v[i] == ',' {
				i = ws(v, i+1)
			}
		}
		return nil, fmt.Errorf("no member %q", seg)
	case '[':
		var elems [][2]int
		i = ws(v, i+1)
		for i < len(v) && v[i] != ']' {
			end, err := skip(v, i, 0)
			if err != nil {
				return nil, err
			}
			elems = append(elems, [2]int{i, end})
			i = ws(v, end)
			if i < len(v) && v[i] == ',' {
				i = ws(v, i+1)
			}
		}
		n, err := strconv.Atoi(seg)
		if err != nil {
			place, ok := elementPlaces[seg]
			if !ok || len(elems) == 0 || string(v[elems[0][0]:elems[0][1]]) != `"$"` {
				return nil, fmt.Errorf("no member %q in an array", seg)
			}
			n = place
		}
		if n < 0 || n >= len(elems) {
			return nil, fmt.Errorf("index %s out of range", seg)
		}
		return v[elems[n][0]:elems[n][1]], nil
	}
	return nil, fmt.Errorf("no member %q in a scalar", seg)
}
