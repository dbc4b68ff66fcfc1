// Package shop is the bundled example for `npm run demo`: a small order service
// with the memory mistakes Go Memory Hints finds.
package shop

import (
	"sync"
	"time"
)

// Order is laid out carelessly: bools between 8-byte fields cost padding.
type Order struct {
	Paid     bool      // set once the payment cleared
	ID       int64     `json:"id"`
	Express  bool      `json:"express"`
	Customer string    `json:"customer"`
	Items    []Item    `json:"items"`
	Created  time.Time `json:"created"`
	Priority int8
}

// Item is already optimal: nothing to report.
type Item struct {
	SKU   string
	Price int64
	Qty   int32
	Gift  bool
}

// Cache holds orders by ID.
type Cache struct {
	hits   int32
	mu     sync.Mutex
	misses int32
	orders map[int64]*Order
}
