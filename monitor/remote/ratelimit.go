package remote

import (
	"net/netip"
	"sync"
	"time"
)

// maxClients bounds the limiter's memory: past it, idle clients are
// forgotten, and if that is not enough new clients share one bucket (a
// flood of addresses then limits itself, not the known clients).
const maxClients = 10000

// overflowKey is the shared bucket of clients beyond maxClients.
const overflowKey = "overflow"

// limiter is a token bucket per client: burst requests at once, then
// refilled at rate per second.
type limiter struct {
	rate  float64 // tokens per second
	burst float64
	now   func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newLimiter(perMinute int, now func() time.Time) *limiter {
	return &limiter{rate: float64(perMinute) / 60, burst: float64(perMinute), now: now, buckets: make(map[string]*bucket)}
}

// allow takes a token for key, or says how long until one is there.
func (l *limiter) allow(key string) (time.Duration, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b := l.buckets[key]
	if b == nil {
		if len(l.buckets) >= maxClients {
			l.sweep(now)
		}
		if len(l.buckets) >= maxClients {
			key = overflowKey
			b = l.buckets[key]
		}
		if b == nil {
			b = &bucket{tokens: l.burst, last: now}
			l.buckets[key] = b
		}
	}
	b.tokens = min(l.burst, b.tokens+now.Sub(b.last).Seconds()*l.rate)
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return 0, true
	}
	return time.Duration((1 - b.tokens) / l.rate * float64(time.Second)), false
}

// sweep forgets the clients whose bucket has refilled: they are the same
// as new ones.
func (l *limiter) sweep(now time.Time) {
	for k, b := range l.buckets {
		if b.tokens+now.Sub(b.last).Seconds()*l.rate >= l.burst {
			delete(l.buckets, k)
		}
	}
}

// clientKey is what the rate limit counts by: the address, or its /64 for
// IPv6, since one host commonly owns a whole /64 and could otherwise pick
// a fresh address for every request.
func clientKey(remoteAddr string) string {
	ap, err := netip.ParseAddrPort(remoteAddr)
	if err != nil {
		return remoteAddr
	}
	a := ap.Addr().Unmap()
	if a.Is6() {
		p, _ := a.Prefix(64)
		return p.String()
	}
	return a.String()
}
