package shop

import (
	"fmt"
	"strings"
)

// NewOrder returns a pointer to a local: the order moves to the heap.
func NewOrder(id int64, customer string) *Order {
	o := Order{ID: id, Customer: customer}
	return &o
}

// Totals builds a slice without preallocating and a string with +=.
func Totals(orders []Order) ([]int64, string) {
	var totals []int64
	summary := ""
	for _, o := range orders {
		var sum int64
		for _, it := range o.Items {
			sum += it.Price * int64(it.Qty)
		}
		totals = append(totals, sum)
		summary += fmt.Sprintf("%d", o.ID) + ";"
	}
	return totals, summary
}

// Index fills a map without a size hint.
func Index(orders []Order) map[int64]*Order {
	m := make(map[int64]*Order)
	for i := range orders {
		m[orders[i].ID] = &orders[i]
	}
	return m
}

// Describe converts values to interfaces for fmt.
func Describe(o *Order) string {
	var b strings.Builder
	fmt.Fprintf(&b, "order %d for %s", o.ID, o.Customer)
	return b.String()
}
