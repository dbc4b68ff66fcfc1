package p_test

import (
	"testing"

	"example.com/ext"
)

func TestT(t *testing.T) {
	_ = p.T{true, 1, false}
}
