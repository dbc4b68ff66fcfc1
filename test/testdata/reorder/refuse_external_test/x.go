package p

// want-refusal: "positional composite literal"
type T struct {
	a bool
	b int64
	c bool
}
