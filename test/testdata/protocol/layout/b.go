package layout

// Holder uses Padded, declared in the sibling file a.go.
type Holder struct {
	flag bool
	p    Padded
	n    int32
}
