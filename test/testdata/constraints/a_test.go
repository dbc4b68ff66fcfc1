package plat

// Row is gen.go's type, not this package's: a positional literal of it here must not refuse the
// generator's reorder fix (gen.go is analyzed alone, as `go run gen.go` builds it).
var _ = Row{true, 1, false}
