package statusfeed

import (
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSameSite(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		same bool
	}{
		{"https://status.example.com/history.atom", "https://status.example.com/", true},
		{"https://STATUS.example.com/x", "https://status.example.com/", true},
		{"https://status.example.com:443/x", "https://status.example.com/", true},
		{"https://status.example.com/x", "http://status.example.com/", true}, // both default ports
		{"http://127.0.0.1:8080/x", "http://127.0.0.1:8080/", true},
		{"http://127.0.0.1:8081/x", "http://127.0.0.1:8080/", false},
		{"https://status.example.com:8443/x", "https://status.example.com/", false},
		{"https://example.com/x", "https://status.example.com/", false},
		{"https://evil.statuspage.io/x", "https://acme.statuspage.io/", false},
	} {
		a, _ := url.Parse(tc.a)
		b, _ := url.Parse(tc.b)
		assert.Equal(t, tc.same, sameSite(a, b), "%s ~ %s", tc.a, tc.b)
	}
}
