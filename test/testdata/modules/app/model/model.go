package model

import (
	"example.com/app/other"
	"example.com/cached/thing"
	"example.com/local"
	"example.com/missing"
)

type SameModule struct {
	a bool
	w other.Wide
}

type Replaced struct {
	a bool
	l local.L
}

type Cached struct {
	a bool
	t thing.T
}

type Missing struct {
	a bool
	m missing.X
}
