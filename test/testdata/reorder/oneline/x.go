package p

// U is written on one line (not gofmt-clean); the fix expands it as gofmt would.
type U struct{ a bool; b int64; c bool }
