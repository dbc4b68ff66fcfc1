package layout

// Uses a type from the sibling file: its layout resolves across files.
type Outer struct { // want "struct-layout: struct Outer could be smaller.*40 → 32 bytes"
	flag bool
	p    Padded
	n    int32
}
