package normalize

import (
	"strings"

	"statusfeed.dev/statusfeed"
)

// wordKey folds a vendor's word for lookup: case, spaces, underscores and hyphens do not matter,
// so "In progress", "in_progress" and "INPROGRESS" are one word.
func wordKey(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z':
			b.WriteByte(c + 'a' - 'A')
		case c == ' ' || c == '_' || c == '-' || c == '\t' || c == '\n' || c == '\r':
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

var statusWords = map[string]statusfeed.Status{
	"investigating": statusfeed.StatusInvestigating,
	"identified":    statusfeed.StatusIdentified,
	"monitoring":    statusfeed.StatusMonitoring,
	"resolved":      statusfeed.StatusResolved,
	"scheduled":     statusfeed.StatusScheduled,
	"inprogress":    statusfeed.StatusInProgress,
	"verifying":     statusfeed.StatusVerifying,
	"completed":     statusfeed.StatusCompleted,
	"update":        statusfeed.StatusUpdate,
}

// Status maps a status word common to the providers to the enum; unknown words give
// StatusUnknown. A word only one vendor uses ("NOTSTARTEDYET") is that vendor's parser's to
// map.
func Status(word string) statusfeed.Status {
	return statusWords[wordKey(word)]
}

var componentWords = map[string]statusfeed.ComponentStatus{
	"operational":         statusfeed.ComponentOperational,
	"degradedperformance": statusfeed.ComponentDegradedPerformance,
	"degraded":            statusfeed.ComponentDegradedPerformance,
	"partialoutage":       statusfeed.ComponentPartialOutage,
	"minoroutage":         statusfeed.ComponentPartialOutage, // Instatus
	"majoroutage":         statusfeed.ComponentMajorOutage,
	"fulloutage":          statusfeed.ComponentMajorOutage, // incident.io
	"undermaintenance":    statusfeed.ComponentUnderMaintenance,
	"maintenance":         statusfeed.ComponentUnderMaintenance,
}

// ComponentStatus maps a vendor's component status word ("Degraded Performance",
// "MAJOROUTAGE", "full_outage") to the enum; unknown words give ComponentUnknown.
func ComponentStatus(word string) statusfeed.ComponentStatus {
	return componentWords[wordKey(word)]
}

var impactWords = map[string]statusfeed.Impact{
	"none":     statusfeed.ImpactNone,
	"minor":    statusfeed.ImpactMinor,
	"major":    statusfeed.ImpactMajor,
	"critical": statusfeed.ImpactCritical,
}

// Impact maps a vendor's impact word to the enum; unknown words give ImpactUnknown.
func Impact(word string) statusfeed.Impact {
	return impactWords[wordKey(word)]
}

// ImpactOf maps the worst component status an incident caused to an impact, as the providers
// that only record component statuses (incident.io, Instatus) present it: degraded performance
// is minor, a partial outage major, a major (full) outage critical, and operational or under
// maintenance none.
func ImpactOf(worst statusfeed.ComponentStatus) statusfeed.Impact {
	switch worst {
	case statusfeed.ComponentOperational, statusfeed.ComponentUnderMaintenance:
		return statusfeed.ImpactNone
	case statusfeed.ComponentDegradedPerformance:
		return statusfeed.ImpactMinor
	case statusfeed.ComponentPartialOutage:
		return statusfeed.ImpactMajor
	case statusfeed.ComponentMajorOutage:
		return statusfeed.ImpactCritical
	}
	return statusfeed.ImpactUnknown
}
