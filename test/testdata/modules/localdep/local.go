package local

type L struct {
	P *int
	N int32
}
