package slack_test

import (
	"fmt"
	"strings"

	"statusfeed.dev/parsers/slack"
	"statusfeed.dev/statusfeed"
)

// Slack's current status: integer IDs, Pacific offsets, notes newest first.
func ExampleParser() {
	doc := `{"status":"active","active_incidents":[{"id":1054,"type":"notice","status":"active",
	  "title":"Some customers are unable to receive 2FA SMS messages","date_created":"2022-01-14T08:06:36-08:00",
	  "services":["Login/SSO"],"notes":[
	    {"date_created":"2022-01-14T08:46:00-08:00","body":"Still investigating.\r\n\r\nUse a backup code meanwhile."},
	    {"date_created":"2022-01-14T08:06:36-08:00","body":"Some customers are unable to receive 2FA SMS messages."}]}]}`
	page, err := slack.Parser.Parse(strings.NewReader(doc), statusfeed.Source{})
	if err != nil {
		panic(err)
	}
	fmt.Println(page.Name, page.Status, page.RawStatus)
	inc := page.Incidents[0]
	fmt.Println(inc.ID, inc.Status, inc.Impact, inc.RawImpact, inc.StartedAt)
	for _, u := range inc.Updates {
		fmt.Printf("%s %q\n", u.At.Format("15:04"), u.Body)
	}
	// Output:
	// Slack degraded_performance active
	// 1054 investigating none notice 2022-01-14 16:06:36 +0000 UTC
	// 16:06 "Some customers are unable to receive 2FA SMS messages."
	// 16:46 "Still investigating.\n\nUse a backup code meanwhile."
}
