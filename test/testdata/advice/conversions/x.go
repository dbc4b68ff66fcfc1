package conv

import (
	"bufio"
	"bytes"
	"io"
	"strings"
)

// Bad: each conversion copies.
func count(lines [][]byte, w io.Writer, bw *bufio.Writer, sb *strings.Builder, words []string, seen map[string]int) int {
	n := 0
	for _, l := range lines {
		if strings.Contains(string(l), "TODO") { // want "conversion-in-loop: string\\(l\\) copies the bytes on every iteration of the loop at line 13 .* call bytes.Contains on l directly"
			n++
		}
		sb.WriteString(string(l)) // want "conversion-in-loop: .*use sb.Write\\(l\\)"
		key := string(l)          // want "conversion-in-loop: .*write string\\(l\\) in place of `key`"
		if _, ok := seen[key]; ok {
			n++
		}
	}
	for _, s := range words {
		w.Write([]byte(s))                           // want "conversion-in-loop: \\[\\]byte\\(s\\) copies the string .* use io.WriteString\\(w, s\\)"
		bw.Write([]byte(s))                          // want "conversion-in-loop: .*use bw.WriteString\\(s\\)"
		if bytes.HasPrefix([]byte(s), []byte("#")) { // want "conversion-in-loop: .*call strings.HasPrefix on s directly"
			n++
		}
	}
	return n
}

// Good: the forms the compiler elides, and conversions that are needed.
func elided(lines [][]byte, words []string, seen map[string]int, out []string, buf *bytes.Buffer) ([]string, int) {
	n := 0
	for _, l := range lines {
		n += seen[string(l)]
		if _, ok := seen[string(l)]; ok {
			n++
		}
		if string(l) == "end" {
			break
		}
		switch string(l) {
		case "a", "b":
			n++
		}
		delete(seen, string(l))
		n += len(string(l))
		out = append(out, string(l)) // needed: stored
		seen[string(l)] = n          // needed: a new key
		s := "<" + string(l) + ">"
		n += len(s)
	}
	for _, w := range words {
		for range []byte(w) {
			n++
		}
		buf.Write([]byte(w)) // zero-copy since Go 1.22: Write does not keep or modify it
		n += copy(make([]byte, 4), []byte(w))
		if strings.HasPrefix(w, "x") {
			n++
		}
	}
	return out, n
}

// Good: outside loops.
func once(b []byte, w io.Writer) bool {
	w.Write([]byte("header"))
	return strings.Contains(string(b), "x")
}
