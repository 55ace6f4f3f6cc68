package gcp_test

import (
	"fmt"
	"strings"

	"statusfeed.dev/parsers/gcp"
	"statusfeed.dev/statusfeed"
)

// An open incident (no "end") stays open; its updates keep Google's words.
func ExampleParser() {
	doc := `[{"id":"Op3n","external_desc":"Elevated errors in us-west1","begin":"2026-08-21T09:12:00+00:00",
	  "status_impact":"SERVICE_OUTAGE","severity":"high","uri":"incidents/Op3n",
	  "affected_products":[{"title":"Compute Engine","id":"c1"}],
	  "currently_affected_locations":[{"title":"Oregon (us-west1)","id":"us-west1"}],
	  "updates":[{"when":"2026-08-21T09:31:40+00:00","status":"SERVICE_OUTAGE","text":"**Summary**\nWe are investigating."}]}]`
	page, err := gcp.Parser.Parse(strings.NewReader(doc), statusfeed.Source{})
	if err != nil {
		panic(err)
	}
	inc := page.Incidents[0]
	fmt.Println(inc.URL)
	fmt.Println(inc.Status, inc.Impact, inc.RawImpact, inc.Regions, inc.ResolvedAt.IsZero())
	u := inc.Updates[0]
	fmt.Printf("%s %s %q\n", u.Status, u.RawStatus, u.Body)
	// Output:
	// https://status.cloud.google.com/incidents/Op3n
	// investigating critical SERVICE_OUTAGE/high [us-west1] true
	// update SERVICE_OUTAGE "Summary\nWe are investigating."
}
