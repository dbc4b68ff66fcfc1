package p

// U is written on one line (not gofmt-clean); the fix expands it as gofmt would.
type U struct{ a bool; b int64; c bool }

// 𝔊 has a surrogate pair before the edit (UTF-16 columns).
type 𝔊 struct{ x bool; y int64; z bool }
