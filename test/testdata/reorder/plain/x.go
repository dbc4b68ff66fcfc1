package p

type T struct {
	a bool
	b int64
	c bool
}
