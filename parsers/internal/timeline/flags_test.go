package timeline

// The golden package defines -update, which "go test ./parsers/... -run Golden -update" passes
// to every package under parsers/; this package has no golden files, but must accept the flag.
import _ "statusfeed.dev/internal/golden"
