package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
)

// Bad: never closed.
func status(url string) (int, error) {
	resp, err := http.Get(url) // want "response-body-not-closed: the response body `resp.Body` is never closed"
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

// Bad: the status check returns before the deferred Close is registered.
func fetch(c *http.Client, req *http.Request, v any) error {
	resp, err := c.Do(req) // want "response-body-not-closed: the response body `resp.Body` is not closed on the path leaving at line 27"
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	defer resp.Body.Close()
	return json.NewDecoder(resp.Body).Decode(v)
}

// Good.
func get(url string) ([]byte, error) {
	resp, err := http.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, errors.New(resp.Status)
	}
	return io.ReadAll(resp.Body)
}

// Good: the response is returned to the caller.
func open(c *http.Client, url string) (*http.Response, error) {
	resp, err := c.Get(url)
	if err != nil {
		return nil, err
	}
	return resp, nil
}

// Good: closed by a helper.
func post(url string, body io.Reader) error {
	resp, err := http.Post(url, "application/json", body)
	if err != nil {
		return err
	}
	return drain(resp)
}

func drain(resp *http.Response) error {
	_, err := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return err
}

// Bad: an HTTP handler reads the whole body with no limit.
func upload(w http.ResponseWriter, r *http.Request) {
	data, err := io.ReadAll(r.Body) // want "request-body-unbounded: io.ReadAll\\(r.Body\\) reads the whole request body into memory with no limit"
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	fmt.Fprintf(w, "%d bytes\n", len(data))
}

type api struct{ max int64 }

// Bad: in a ServeHTTP method.
func (a *api) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body) // want "request-body-unbounded"
	w.Write(body)
}

// Good: limited first.
func uploadLimited(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	data, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusRequestEntityTooLarge)
		return
	}
	fmt.Fprintf(w, "%d bytes\n", len(data))
}

// Good: a client response, not a request body.
func readResp(resp *http.Response) ([]byte, error) {
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

// Good: a handler literal that limits the reader in place.
var handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	data, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	w.Write(data)
})
