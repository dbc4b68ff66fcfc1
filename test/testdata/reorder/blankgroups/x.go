package p

type T struct {
	a bool
	b bool

	c int64
	d string

	e bool
	f int32
}
