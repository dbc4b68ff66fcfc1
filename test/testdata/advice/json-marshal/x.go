package api

import (
	"crypto/sha256"
	"encoding/json"
	"net/http"
	"os"
)

type Item struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
}

// Bad: a []byte built only to be written.
func writeItem(w http.ResponseWriter, it Item) error {
	data, err := json.Marshal(it) // want "json-marshal-to-writer: the result of json.Marshal is only written to `w` \\(line 21\\): json.NewEncoder\\(w\\).Encode\\(it\\)"
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

func dump(items []Item) error {
	out, err := json.MarshalIndent(items, "", "  ") // want "json-marshal-to-writer: .*with SetIndent\\(\"\", \"  \"\\), then Encode\\(items\\)"
	if err != nil {
		return err
	}
	_, err = os.Stdout.Write(out)
	return err
}

// Good: the bytes are used for more than the write.
func writeWithLength(w http.ResponseWriter, it Item) error {
	data, err := json.Marshal(it)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Length", itoa(len(data)))
	_, err = w.Write(data)
	return err
}

// Good: returned.
func encode(it Item) ([]byte, error) {
	data, err := json.Marshal(it)
	return data, err
}

func itoa(n int) string {
	return string(rune('0' + n%10))
}

// Good: a hash needs the exact bytes (Encode would add a newline).
func digest(it Item) ([]byte, error) {
	data, err := json.Marshal(it)
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	h.Write(data)
	return h.Sum(nil), nil
}
