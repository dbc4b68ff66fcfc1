package p

// want-refusal: "same fields"
type A struct {
	ok bool
	b  []byte
	v  any
	on bool
}

// want-refusal: "same fields"
type B struct {
	ok bool
	b  []uint8
	v  interface{}
	on bool
}

var _ = B(A{})
