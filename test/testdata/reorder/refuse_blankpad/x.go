package p

// want-refusal: "blank (_) padding"
type T struct {
	a bool
	_ [1]byte
	b int64
	c bool
}
