package main

import (
	"fmt"
	"io"
	"os"
)

type point struct{ x, y int }

func main() {}

func closeAll(paths []string) error {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close() // want "defer-in-loop: defer inside the loop"
	}
	return nil
}

func okDefer(paths []string) {
	for _, p := range paths {
		func() {
			f, err := os.Open(p)
			if err != nil {
				return
			}
			defer f.Close()
		}()
	}
}

func copyChunks(r io.Reader, w io.Writer, sizes []int) error {
	for _, n := range sizes {
		buf := make([]byte, n) // want "alloc-in-loop: `buf` is allocated on every iteration"
		if _, err := io.ReadFull(r, buf); err != nil {
			return err
		}
		if _, err := w.Write(buf[:n]); err != nil {
			return err
		}
	}
	return nil
}

func groups(rows [][]string) [][]string {
	var out [][]string // want "slice-append-in-loop"
	for _, r := range rows {
		seen := make(map[string]bool) // want "alloc-in-loop: `seen`" "map-fill-in-loop"
		for _, c := range r {
			seen[c] = true
		}
		if len(seen) > 1 {
			out = append(out, r)
		}
	}
	return out
}

// Good: the allocation outlives the iteration, or has a constant size.
func kept(rows [][]string, n int) [][]byte {
	var out [][]byte // want "slice-append-in-loop"
	for range rows {
		b := make([]byte, n)
		out = append(out, b)
		small := make([]byte, 16)
		_ = small[0]
	}
	return out
}

func printAll(w io.Writer, ps []point, names []string, flags []bool) {
	for i, p := range ps {
		fmt.Fprintln(w, p)       // want "iface-conversion-in-loop: `p` is converted"
		fmt.Fprintf(w, "%d", i)  // want "iface-conversion-in-loop: `i`"
		fmt.Fprintln(w, &ps[i])  // pointer-shaped: no allocation
		fmt.Fprintln(w, "const") // constant: static data
	}
	for i := range names {
		fmt.Fprintln(w, names[i], flags[i]) // want "iface-conversion-in-loop: `names\\[i\\]`"
	}
}
