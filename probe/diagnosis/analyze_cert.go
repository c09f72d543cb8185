package diagnosis

import (
	"fmt"
	"strconv"
	"time"
)

// DefaultCertWarnDays is how many days before its expiry a certificate
// raises tls.certificate_expiring unless told otherwise.
const DefaultCertWarnDays = 14

// certificateExpiring warns about a certificate that is still valid but
// expires within the threshold. An expired one is tls.certificate_invalid.
func (a *analysis) certificateExpiring(c *Certificate) {
	left, ok := expiresWithin(c, a.f.now, a.f.certDays)
	if !ok {
		return
	}
	days := int(left / (24 * time.Hour))
	until := c.NotAfter.UTC()
	ev := []string{
		"subject: " + c.Subject,
		"issuer: " + c.Issuer,
		fmt.Sprintf("not after: %s (%s left; the warning starts %d days before)", until.Format("2006-01-02 15:04:05 MST"), daysLeft(left), a.f.certDays),
	}
	a.add(FindingTLSCertificateExpiring, SeverityWarning,
		fmt.Sprintf("The server's TLS certificate expires on %s, in %s: from then on clients that verify certificates refuse to connect.",
			until.Format(time.DateOnly), daysLeft(left)),
		ev, Params{ParamNotAfter: until.Format(time.RFC3339), ParamDaysLeft: strconv.Itoa(days)})
}

// expiresWithin reports how long c has left at now, and whether that is
// more than nothing and at most days days.
func expiresWithin(c *Certificate, now time.Time, days int) (time.Duration, bool) {
	if c == nil || c.NotAfter.IsZero() || now.IsZero() || days <= 0 {
		return 0, false
	}
	left := c.NotAfter.Sub(now)
	return left, left > 0 && left <= time.Duration(days)*24*time.Hour
}

// daysLeft is "9 days", "1 day" or, on the last day, the hours.
func daysLeft(left time.Duration) string {
	switch days := int(left / (24 * time.Hour)); {
	case days > 1:
		return strconv.Itoa(days) + " days"
	case days == 1:
		return "1 day"
	}
	if h := int(left / time.Hour); h >= 1 {
		return fmt.Sprintf("less than a day (%d h)", h)
	}
	return "less than an hour"
}
