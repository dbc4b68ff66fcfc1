package p

// want-refusal: "cannot be attributed"
type T struct {
	a/* the flag */ bool
	b int64
	c bool
}
