package p

type T struct {
	a int64
	z struct{}
}
