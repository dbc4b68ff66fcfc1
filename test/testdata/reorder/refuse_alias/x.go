package p

// want-refusal: "positional composite literal"
type T struct {
	a bool
	b int64
	c bool
}

type A = T

type D T

var d = D{true, 1, false}
