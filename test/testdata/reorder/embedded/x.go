package p

import (
	"bytes"
	"sync"
)

type G[T any] struct{ v T }

type Base struct{ ok bool }

type T struct {
	Base
	sync.Mutex
	flag bool
	*bytes.Buffer
	G[int64] // generic embedded
	small    bool
	*Base2   `json:"base2"`
}

type Base2 struct{ n int }
