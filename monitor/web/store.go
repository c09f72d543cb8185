package web

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"
)

// Store defaults and bounds.
const (
	// DefaultReportTTL is how long a finished report stays reachable.
	DefaultReportTTL = 15 * time.Minute
	// DefaultMaxReports bounds how many reports are kept; the oldest goes
	// first.
	DefaultMaxReports = 100
	// DefaultMaxBytes bounds the memory all kept reports take together.
	DefaultMaxBytes = 64 << 20
	// idBytes is the randomness of a report's link: 256 bits, beyond
	// guessing, however many reports are kept.
	idBytes = 32
)

// StoreOptions configure a Store; zero fields take the defaults.
type StoreOptions struct {
	TTL      time.Duration
	Max      int
	MaxBytes int
	// Injected by tests; nil means time.Now and crypto/rand.
	Now  func() time.Time
	Rand io.Reader
}

// Store keeps finished reports in memory, each under an unguessable id,
// for a bounded time, count and size. It is safe for concurrent use.
type Store struct {
	o     StoreOptions
	mu    sync.Mutex
	items map[string]item
	order []string // ids, oldest first
	bytes int
}

type item struct {
	page    []byte
	expires time.Time
}

// NewStore builds an empty store.
func NewStore(o StoreOptions) *Store {
	if o.TTL <= 0 {
		o.TTL = DefaultReportTTL
	}
	if o.Max <= 0 {
		o.Max = DefaultMaxReports
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Rand == nil {
		o.Rand = rand.Reader
	}
	return &Store{o: o, items: map[string]item{}}
}

// TTL is how long a report stays reachable.
func (s *Store) TTL() time.Duration { return s.o.TTL }

// errTooLarge refuses a report larger than the whole store.
var errTooLarge = errors.New("report larger than the store")

// Put keeps page and returns its id: idBytes from the random source,
// base64url without padding. Expired reports go, then the oldest until
// the count and size bounds hold.
func (s *Store) Put(page []byte) (string, error) {
	if len(page) > s.o.MaxBytes {
		return "", fmt.Errorf("%w (%d bytes, at most %d)", errTooLarge, len(page), s.o.MaxBytes)
	}
	var raw [idBytes]byte
	if _, err := io.ReadFull(s.o.Rand, raw[:]); err != nil {
		return "", fmt.Errorf("make a report id: %w", err)
	}
	id := base64.RawURLEncoding.EncodeToString(raw[:])
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.o.Now()
	s.expire(now)
	if _, dup := s.items[id]; dup {
		return "", errors.New("make a report id: the random source repeated itself")
	}
	for len(s.order) > 0 && (len(s.order) >= s.o.Max || s.bytes+len(page) > s.o.MaxBytes) {
		s.drop()
	}
	s.items[id] = item{page: page, expires: now.Add(s.o.TTL)}
	s.order = append(s.order, id)
	s.bytes += len(page)
	return id, nil
}

// Get returns the report of id while it has not expired.
func (s *Store) Get(id string) ([]byte, bool) {
	if !validID(id) {
		return nil, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expire(s.o.Now())
	it, ok := s.items[id]
	if !ok {
		return nil, false
	}
	return it.page, true
}

// Len is the number of reports kept now.
func (s *Store) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expire(s.o.Now())
	return len(s.order)
}

// expire drops the reports whose time is up; they expire in the order
// they came, since every report gets the same TTL.
func (s *Store) expire(now time.Time) {
	for len(s.order) > 0 && !now.Before(s.items[s.order[0]].expires) {
		s.drop()
	}
}

// drop forgets the oldest report.
func (s *Store) drop() {
	id := s.order[0]
	s.order[0] = ""
	s.order = s.order[1:]
	s.bytes -= len(s.items[id].page)
	delete(s.items, id)
}

// validID tells whether id has the shape Put makes, so that nothing else
// reaches the map.
func validID(id string) bool {
	if len(id) != base64.RawURLEncoding.EncodedLen(idBytes) {
		return false
	}
	for _, c := range id {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_':
		default:
			return false
		}
	}
	return true
}
