package aws

import (
	"testing"
	"time"
)

func TestSplitCode(t *testing.T) {
	for _, c := range []struct{ code, service, region string }{
		{"ec2-us-east-1", "ec2", "us-east-1"},
		{"directconnect-eu-central-1", "directconnect", "eu-central-1"},
		{"dynamodb-dax-ap-northeast-1", "dynamodb-dax", "ap-northeast-1"},
		{"internetconnectivity-us-gov-west-1", "internetconnectivity", "us-gov-west-1"},
		{"ec2-us-isob-east-1", "ec2", "us-isob-east-1"},
		{"s3-us-standard", "s3", "us-standard"},
		{"multipleservices-me-central-1", "multipleservices", "me-central-1"},
		{"management-console", "management-console", ""},
		{"route53", "route53", ""},
		{"us-east-1", "us-east-1", ""}, // a region alone names no service
	} {
		if s, r := splitCode(c.code); s != c.service || r != c.region {
			t.Errorf("splitCode(%q) = %q, %q; want %q, %q", c.code, s, r, c.service, c.region)
		}
	}
}

func TestStripResolved(t *testing.T) {
	for _, c := range []struct{ in, clean, tag string }{
		{"[RESOLVED] Increased Packet loss", "Increased Packet loss", "RESOLVED"},
		{"[解決済] APIのエラー率の増加 | [RESOLVED] API Increased API Error Rates", "APIのエラー率の増加 | API Increased API Error Rates", "解決済"},
		{"Increased API Error Rates ", "Increased API Error Rates", ""},
		{"[Resolved]  Elevated  errors", "Elevated errors", "Resolved"},
	} {
		if clean, tag := stripResolved(c.in); clean != c.clean || tag != c.tag {
			t.Errorf("stripResolved(%q) = %q, %q; want %q, %q", c.in, clean, tag, c.clean, c.tag)
		}
	}
}

func TestComponentName(t *testing.T) {
	for _, c := range []struct{ display, region, want string }{
		{"Amazon DynamoDB Accelerator (DAX) (Tokyo)", "ap-northeast-1", "Amazon DynamoDB Accelerator (DAX)"},
		{"AWS Internet Connectivity (US-West)", "us-gov-west-1", "AWS Internet Connectivity"},
		{"Amazon Route 53", "", "Amazon Route 53"},
		{"Amazon Simple Storage Service (S3)", "", "Amazon Simple Storage Service (S3)"},
	} {
		if got := componentName(c.display, c.region); got != c.want {
			t.Errorf("componentName(%q, %q) = %q, want %q", c.display, c.region, got, c.want)
		}
	}
}

func TestClock(t *testing.T) {
	utc := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, c := range []struct {
		name  string
		start string
		raws  []string
		want  []string
	}{
		{"year end", "2021-12-31T23:50:00Z", []string{" 3:50 PM PST", "11:30 PM PST", "Jan 1, 12:10 AM PST"},
			[]string{"2021-12-31T23:50:00Z", "2022-01-01T07:30:00Z", "2022-01-01T08:10:00Z"}},
		{"end of daylight time", "2021-11-07T08:30:00Z", []string{" 1:30 AM PDT", " 1:10 AM PST"},
			[]string{"2021-11-07T08:30:00Z", "2021-11-07T09:10:00Z"}},
		{"rounded to the next day", "2021-10-05T06:59:40Z", []string{"12:00 AM PDT"}, []string{"2021-10-05T07:00:00Z"}},
		{"rounded to the day before", "2021-10-05T07:00:20Z", []string{"11:59 PM PDT"}, []string{"2021-10-05T06:59:00Z"}},
		{"midnight without a date", "2021-12-22T07:40:31Z", []string{"11:40 PM PST", "12:25 AM PST", " 1:05 AM PST"},
			[]string{"2021-12-22T07:40:00Z", "2021-12-22T08:25:00Z", "2021-12-22T09:05:00Z"}},
		{"spans in markup", "2021-06-24T19:53:13Z", []string{"<b>12:53&nbsp;PM PDT</b>"}, []string{"2021-06-24T19:53:00Z"}},
	} {
		c2 := clock{start: utc(c.start)}
		for i, raw := range c.raws {
			got, _, err := c2.next(raw)
			if err != nil || !got.Equal(utc(c.want[i])) {
				t.Errorf("%s: stamp %q = %v, %v; want %s", c.name, raw, got, err, c.want[i])
			}
		}
	}
	for _, raw := range []string{"13:00 PM PDT", "9:61 AM PDT", "9:00 AM", "noon PDT", "9:00 AM XYZ"} {
		c2 := clock{start: utc("2021-06-24T19:53:13Z")}
		if _, _, err := c2.next(raw); err == nil {
			t.Errorf("stamp %q read without error", raw)
		}
	}
}
