package main

type big struct {
	buf  [256]byte
	name string
}

type small struct{ a, b int }

func main() {}

func use(b big) int { // want "large-param-copy: parameter `b`"
	return len(b.name)
}

func (b big) Len() int { // want "large-param-copy: receiver `b`"
	return len(b.name)
}

func (b *big) PtrLen() int { return len(b.name) }

func sum(bs []big, ss []small) int {
	n := 0
	for _, b := range bs { // want "large-range-copy: each iteration copies 272 bytes"
		n += len(b.name)
	}
	for i := range bs {
		n += len(bs[i].name)
	}
	for _, s := range ss {
		n += s.a
	}
	return n
}
