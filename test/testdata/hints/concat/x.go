package main

import "strings"

func main() {}

func join(parts []string) string {
	s := ""
	for _, p := range parts {
		s += p // want "string-concat-in-loop: `s` is built with \\+="
	}
	return s
}

func csv(rows [][]string) string {
	out := "header\n"
	for _, r := range rows {
		for i, c := range r {
			if i > 0 {
				out += "," // want "string-concat-in-loop"
			}
			out += c
		}
		out += "\n"
	}
	return out
}

// Good forms: a builder, and a concatenation outside any loop.
func good(parts []string) string {
	var b strings.Builder
	for _, p := range parts {
		b.WriteString(p)
	}
	t := "x"
	t += b.String()
	for _, p := range parts {
		u := p
		u += "!"
		_ = u
	}
	return t
}

func reads(parts []string) string {
	s := ""
	for _, p := range parts {
		if len(s) > 10 {
			break
		}
		s += p // want "string-concat-in-loop"
	}
	return s
}
