// Package all imports every statusfeed parser for its side effect of registering itself:
//
//	import _ "statusfeed.dev/parsers/all"
package all

import (
	_ "statusfeed.dev/parsers/aws"         // AWS Health Dashboard
	_ "statusfeed.dev/parsers/betterstack" // Better Stack (Better Uptime)
	_ "statusfeed.dev/parsers/feed"        // any other Atom or RSS feed
	_ "statusfeed.dev/parsers/gcp"         // Google Cloud's incidents.json
	_ "statusfeed.dev/parsers/incidentio"  // incident.io
	_ "statusfeed.dev/parsers/instatus"    // Instatus
	_ "statusfeed.dev/parsers/pagerduty"   // PagerDuty status pages
	_ "statusfeed.dev/parsers/slack"       // Slack's status API
	_ "statusfeed.dev/parsers/statuspage"  // Atlassian Statuspage
)
