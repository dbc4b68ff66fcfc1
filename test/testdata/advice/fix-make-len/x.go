package makelen

import (
	"strconv"
	"strings"
)

func names(ids []int) string {
	out := make([]string, len(ids)) // want "make-len-then-append"
	for _, id := range ids {
		out = append(out, strconv.Itoa(id))
	}
	return strings.Join(out, ",")
}

func squares(n int) []int {
	sq := make([]int, n, 2*n) // want "make-len-then-append"
	for i := range n {
		sq = append(sq, i*i)
	}
	return sq
}
