//go:build ignore

// A generator run with `go run gen.go`: package main, excluded from the package's build.
package main

type Row struct {
	ok    bool
	count int64
	seen  bool
}

func main() {}
