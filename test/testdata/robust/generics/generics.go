// Generic code typed character by character by the robustness tests (every prefix is a
// half-typed program): constraints, generic types and methods, instantiation, a generic
// type alias (Go 1.24, which the tree-sitter grammar does not know), range over func.
package generics

import (
	"cmp"
	"iter"
)

type Number interface {
	~int | ~int64 | ~float64
}

type Pair[K comparable, V any] struct {
	Key   K
	Value V
	next  *Pair[K, V]
}

type List[T any] = []T

func Map[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, 0, len(xs))
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

func (p *Pair[K, V]) Chain(k K, v V) *Pair[K, V] {
	n := &Pair[K, V]{Key: k, Value: v, next: p}
	return n
}

func Max[T cmp.Ordered](a, b T) T {
	if a > b {
		return a
	}
	return b
}

func Sum[N Number](xs ...N) (total N) {
	for _, x := range xs {
		total += x
	}
	return
}

func All[T any](xs []T) iter.Seq2[int, T] {
	return func(yield func(int, T) bool) {
		for i, x := range xs {
			if !yield(i, x) {
				return
			}
		}
	}
}

func Use() int {
	p := (&Pair[string, int]{}).Chain("a", 1)
	n := 0
	for i, v := range All(Map([]int{1, 2, 3}, func(x int) int { return x * 2 })) {
		n += i + v + Max(v, p.Value)
	}
	return n + Sum(1, 2, 3)
}
