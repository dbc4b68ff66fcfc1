package p

// T has comments everywhere.
type T struct { // opening comment stays
	// Enabled switches it on.
	// Second doc line.
	Enabled bool // line comment

	// --- counters ---

	// Count of hits.
	Count  int64 // hits
	Short  bool
	Ratio  float64 /* block comment */
	Letter byte    // short
	// end of the struct
}
