package layout

// Padded has a bool between two 8-byte fields.
type Padded struct {
	a bool  // first
	b int64 // second
	c bool
}

func use() *Padded {
	return &Padded{a: true}
}
