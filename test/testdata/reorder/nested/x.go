package p

type T struct {
	ok    bool
	inner struct {
		n int64
		b bool
	} // inner struct
	count int64
	done  bool
}
