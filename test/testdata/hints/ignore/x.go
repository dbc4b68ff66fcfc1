package main

import "os"

func main() {}

func a(paths []string) {
	for _, p := range paths {
		f, _ := os.Open(p)
		defer f.Close() //memhints:ignore
	}
}

func b(paths []string) {
	for _, p := range paths {
		f, _ := os.Open(p)
		//memhints:ignore defer-in-loop -- few paths, reviewed
		defer f.Close()
	}
}

// c closes late on purpose.
//
//memhints:ignore-func
func c(paths []string) {
	for _, p := range paths {
		f, _ := os.Open(p)
		defer f.Close()
	}
}

func d(paths []string) {
	for _, p := range paths {
		f, _ := os.Open(p)
		//memhints:ignore alloc-in-loop
		defer f.Close() // want "defer-in-loop"
	}
}
