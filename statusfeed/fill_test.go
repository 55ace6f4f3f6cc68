package statusfeed

import (
	"fmt"
	"reflect"
	"testing"
	"time"
)

// filler sets every field reachable from a value to a non-zero value, walking the types by
// reflection, so that a field added to the model later is covered by the tests that use it
// without anyone listing it. Each value it writes is distinct (a counter), and times increase in
// declaration order, so that StartedAt comes before ResolvedAt.
type filler struct {
	t testing.TB
	n int
}

var (
	timeType     = reflect.TypeFor[time.Time]()
	durationType = reflect.TypeFor[time.Duration]()
)

// fill writes into v in place: existing slice elements and pointees are overwritten rather
// than replaced, so that filling a result shows whether it shares memory with anything else.
func (f *filler) fill(v reflect.Value, path string) {
	f.n++
	switch {
	case v.Type() == timeType:
		at := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(f.n)*time.Hour + 17*time.Second + 250*time.Millisecond)
		if path == "UptimeDay.Date" {
			// The model's contract: a day is midnight UTC, and the JSON writes the date only.
			at = at.Truncate(24 * time.Hour)
		}
		v.Set(reflect.ValueOf(at))
		return
	case v.Type() == durationType:
		// Durations are whole seconds in the model's JSON, as vendors state them.
		v.SetInt(int64(time.Duration(f.n) * time.Minute))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(fmt.Sprintf("%s-%d", path, f.n))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(f.n))
	case reflect.Float32, reflect.Float64:
		v.SetFloat(float64(f.n) + 0.25)
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		f.fill(v.Elem(), path)
	case reflect.Slice:
		if v.Len() == 0 {
			v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		}
		for i := 0; i < v.Len(); i++ {
			f.fill(v.Index(i), path)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			sf := v.Type().Field(i)
			if !sf.IsExported() {
				f.t.Fatalf("%s.%s is unexported: teach the filler how to set it", v.Type(), sf.Name)
			}
			f.fill(v.Field(i), v.Type().Name()+"."+sf.Name)
		}
	default:
		f.t.Fatalf("%s (%s): the filler does not know how to set a %s; teach it", path, v.Type(), v.Kind())
	}
}

// filledPage returns a page with every field of every type in the model set.
func filledPage(t testing.TB) *Page {
	p := &Page{}
	(&filler{t: t}).fill(reflect.ValueOf(p).Elem(), "Page")
	return p
}
