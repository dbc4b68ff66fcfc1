package retention

import (
	"bytes"
	"io"
	"os"
	"strings"
)

type Config struct {
	Name  []byte
	Title string
	Keys  []string
}

var lastMagic []byte

// Bad: small pieces of a whole response kept in a long-lived struct.
func loadConfig(r io.Reader) (*Config, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	c := &Config{}
	name, _, _ := bytes.Cut(data, []byte("\n"))
	c.Name = name // want "subslice-retention: `name` is a sub-slice of `data` \\(read whole at line 20\\) and is stored in `c.Name`"
	text := string(data)
	c.Title = text[:16]  // want "subslice-retention: `text\\[:16\\]` is a substring of `text`"
	lastMagic = data[:4] // want "subslice-retention: `data\\[:4\\]` is a sub-slice of `data` .* stored in the package variable `lastMagic`"
	return c, nil
}

// Bad: returned sub-slice of a 64 KiB scratch buffer.
func readHeader(r io.Reader) ([]byte, error) {
	buf := make([]byte, 64<<10)
	n, err := r.Read(buf)
	return buf[:n], err // want "subslice-retention: `buf\\[:n\\]` is a sub-slice of `buf` \\(made at line 35\\) and is returned"
}

// Bad: lines of a whole input sent on a channel.
func lines(r io.Reader, out chan<- string) error {
	all, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	for _, line := range strings.Split(string(all), "\n") {
		out <- line // want "subslice-retention: `line` is a substring of .* and is sent on a channel"
	}
	return nil
}

// Good: copies are stored.
func loadCopy(r io.Reader) (*Config, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	c := &Config{}
	c.Name = bytes.Clone(data[:8])
	c.Title = strings.Clone(string(data[8:24]))
	c.Keys = append(c.Keys, string(data[24:32]))
	return c, nil
}

// Good: the whole buffer is returned anyway.
func readAll(r io.Reader) ([]byte, []byte, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, nil, err
	}
	return data, data[:4], nil
}

// Good: a small buffer (below 1 KiB) and local use.
func peek(r io.Reader) ([]byte, int, error) {
	buf := make([]byte, 64)
	n, err := r.Read(buf)
	big := make([]byte, 8192)
	m, _ := r.Read(big)
	sum := 0
	for _, b := range big[:m] {
		sum += int(b)
	}
	return buf[:n], sum, err
}

// Good: a small file read whole (os.ReadFile mostly reads configuration: keeping it costs nothing).
func version(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	v, _, _ := strings.Cut(string(data), "\n")
	return v, nil
}

// Good: all the pieces together are the whole buffer.
func fields(r io.Reader) ([]string, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return strings.Fields(string(data)), nil
}

// Good: the buffer has the size of the result (runtime/debug.Stack style with a sized buffer).
func trimmed(r io.Reader, size int) ([]byte, error) {
	buf := make([]byte, size)
	n, err := io.ReadFull(r, buf)
	return buf[:n], err
}
