package web

import (
	"bytes"
	"encoding/base64"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
)

// clock is a settable time for the store.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func newClock() *clock { return &clock{t: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)} }

func TestStoreExpires(t *testing.T) {
	c := newClock()
	s := NewStore(StoreOptions{TTL: time.Minute, Now: c.now})
	id, err := s.Put([]byte("first"))
	if err != nil {
		t.Fatal(err)
	}
	c.add(30 * time.Second)
	id2, _ := s.Put([]byte("second"))
	if page, ok := s.Get(id); !ok || string(page) != "first" {
		t.Fatalf("Get before the TTL: %q %v", page, ok)
	}
	c.add(30 * time.Second) // the first is a minute old
	if _, ok := s.Get(id); ok {
		t.Error("a report is still there after its TTL")
	}
	if page, ok := s.Get(id2); !ok || string(page) != "second" {
		t.Errorf("the younger report went too: %q %v", page, ok)
	}
	c.add(time.Hour)
	if n := s.Len(); n != 0 {
		t.Errorf("%d reports left after an hour", n)
	}
}

func TestStoreBoundsCountAndBytes(t *testing.T) {
	s := NewStore(StoreOptions{Max: 3, MaxBytes: 10, Now: newClock().now})
	var ids []string
	for _, p := range []string{"a", "b", "c", "d"} {
		id, err := s.Put([]byte(p))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if s.Len() != 3 {
		t.Errorf("%d reports kept, the bound is 3", s.Len())
	}
	if _, ok := s.Get(ids[0]); ok {
		t.Error("the oldest report was kept beyond the count bound")
	}
	for _, id := range ids[1:] {
		if _, ok := s.Get(id); !ok {
			t.Error("a newer report went instead of the oldest")
		}
	}
	big, err := s.Put([]byte("123456789")) // 9 bytes: only "d" still fits beside it
	if err != nil {
		t.Fatal(err)
	}
	if s.Len() != 2 {
		t.Errorf("%d reports kept, want 2 (10 bytes)", s.Len())
	}
	for i, id := range []string{ids[3], big} {
		if _, ok := s.Get(id); !ok {
			t.Errorf("report %d is not there", i)
		}
	}
	if _, err := s.Put(make([]byte, 11)); !errors.Is(err, errTooLarge) {
		t.Errorf("a report larger than the store: %v", err)
	}
}

// Ids are 256 random bits: distinct, of one length and alphabet, and
// nothing else reaches the map.
func TestStoreIDsUnguessable(t *testing.T) {
	s := NewStore(StoreOptions{Max: 1000})
	seen := map[string]bool{}
	for range 500 {
		id, err := s.Put([]byte("x"))
		if err != nil {
			t.Fatal(err)
		}
		raw, err := base64.RawURLEncoding.DecodeString(id)
		if err != nil || len(raw) != 32 {
			t.Fatalf("id %q: %d bytes, %v", id, len(raw), err)
		}
		if seen[id] {
			t.Fatalf("id %q twice", id)
		}
		seen[id] = true
	}
	for _, bad := range []string{"", "x", "../etc/passwd", strings.Repeat("A", 42), strings.Repeat("A", 44), strings.Repeat("+", 43)} {
		if _, ok := s.Get(bad); ok {
			t.Errorf("Get(%q) found something", bad)
		}
	}
	// The ids come from the random source, not a counter: two stores fed
	// the same bytes make the same id.
	a := NewStore(StoreOptions{Rand: bytes.NewReader(make([]byte, 32))})
	id, err := a.Put([]byte("x"))
	if err != nil || id != strings.Repeat("A", 43) {
		t.Errorf("id from zero bytes: %q %v", id, err)
	}
	if _, err := a.Put([]byte("y")); err == nil {
		t.Error("an exhausted random source made an id")
	}
}
