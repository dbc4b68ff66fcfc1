package makelen

import (
	"encoding/binary"
	"strconv"
	"strings"
)

// Bad: the classic: n empty strings, then the real ones.
func names(ids []int) string {
	out := make([]string, len(ids)) // want "make-len-then-append: `out` is made with length len\\(ids\\) and then appended to \\(line 13\\)"
	for _, id := range ids {
		out = append(out, strconv.Itoa(id))
	}
	return strings.Join(out, ",")
}

// Bad: with a capacity too.
func squares(n int) []int {
	sq := make([]int, n, 2*n) // want "make-len-then-append: `sq` is made with length n .* use make\\(\\[\\]int, 0, 2\\*n\\)"
	for i := range n {
		sq = append(sq, i*i)
	}
	return sq
}

// Good: written by index.
func doubles(xs []int) []int {
	out := make([]int, len(xs))
	for i, x := range xs {
		out[i] = 2 * x
	}
	return out
}

// Good: length 0 with capacity.
func evens(xs []int) []int {
	out := make([]int, 0, len(xs))
	for _, x := range xs {
		if x%2 == 0 {
			out = append(out, x)
		}
	}
	return out
}

// Good: a header reserved, then written through the slice after the appends.
func frame(payload []byte) []byte {
	b := make([]byte, 4)
	b = append(b, payload...)
	binary.BigEndian.PutUint32(b, uint32(len(payload)))
	return b
}

// Good: a fixed prefix copied in first.
func prefixed(prefix, rest []byte) []byte {
	b := make([]byte, len(prefix))
	copy(b, prefix)
	b = append(b, rest...)
	return b
}

// Good: resliced to zero before appending.
func reuse(n int, xs []int) []int {
	buf := make([]int, n)
	buf = buf[:0]
	buf = append(buf, xs...)
	return buf
}

// Good: length read first: the zeros are intended.
func padded(n int, tail []byte) []byte {
	b := make([]byte, n)
	if len(b) > 0 {
		b = append(b, tail...)
	}
	return b
}
