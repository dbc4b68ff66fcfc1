package p

type T struct {
	a, b bool
	c    int64
	d, e bool
	x, y int32 // pair
}
