package batch

type Item struct {
	ID   int
	Tags []string
}

func build(ids []int) []*Item {
	var items []*Item
	for _, id := range ids {
		items = append(items, &Item{ // want "pointer-alloc-in-loop"
			ID: id,
		})
	}
	return items
}

func evens(ids []int) []*Item {
	out := make([]*Item, 0, len(ids)/2)
	for _, id := range ids {
		if id%2 == 0 {
			out = append(out, &Item{ID: id}) // want "pointer-alloc-in-loop"
		}
	}
	return out
}

func upTo(n int) []*Item {
	var out []*Item
	for i := 0; i < n; i++ {
		out = append(out, &Item{ID: i}) // want "pointer-alloc-in-loop" nofix "could be negative"
	}
	return out
}
