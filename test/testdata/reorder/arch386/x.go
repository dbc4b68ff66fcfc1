package p

// On amd64 this wastes 8 bytes; on 386 int64 is 4-aligned and nothing is wasted.
type T struct {
	a int32
	b int64
	c int32
}
