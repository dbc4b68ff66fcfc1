package files

import (
	"bufio"
	"errors"
	"io"
	"os"
)

// Bad: never closed.
func size(name string) (int64, error) {
	f, err := os.Open(name) // want "file-not-closed: file `f` \\(opened here\\) is never closed"
	if err != nil {
		return 0, err
	}
	st, err := f.Stat()
	if err != nil {
		return 0, err
	}
	return st.Size(), nil
}

// Bad: closed at the end, but not on the error path in between.
func firstLine(name string) (string, error) {
	f, err := os.Open(name) // want "file-not-closed: file `f` is not closed on the path leaving at line 31"
	if err != nil {
		return "", err
	}
	sc := bufio.NewScanner(f)
	if !sc.Scan() {
		return "", errors.New("empty")
	}
	line := sc.Text()
	f.Close()
	return line, nil
}

// Bad: written, flushed, but an early return skips Close.
func write(name string, data []byte) error {
	f, err := os.Create(name) // want "file-not-closed: file `f` is not closed on the path leaving at line 46"
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	if _, err := w.Write(data); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Bad: opened in a loop, skipped with continue.
func count(names []string) int {
	n := 0
	for _, name := range names {
		f, err := os.Open(name) // want "file-not-closed: file `f` is not closed on the path leaving at line 65"
		if err != nil {
			continue
		}
		var b [1]byte
		if _, err := f.Read(b[:]); err != nil {
			continue
		}
		n++
		f.Close()
	}
	return n
}

// Good: defer after the error check.
func read(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// Good: several error checks before the deferred Close.
func config(name string) ([]byte, error) {
	f, err := os.Open(name)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// Good: closed on every path explicitly.
func copyFile(dst, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	out, err := os.Create(dst)
	if err != nil {
		in.Close()
		return err
	}
	_, err = io.Copy(out, in)
	in.Close()
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}

// Good: ownership handed to the caller.
func openLog(name string) (*os.File, error) {
	f, err := os.OpenFile(name, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, err
	}
	return f, nil
}

// Good: stored in a struct that closes it later.
type logger struct{ f *os.File }

func (l *logger) open(name string) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	l.f = f
	return nil
}

// Good: closed by a deferred function literal.
func touch(name string) (err error) {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	_, err = f.WriteString("x")
	return err
}

// Good: err == nil branch closes.
func exists(name string) bool {
	f, err := os.Open(name)
	if err == nil {
		f.Close()
	}
	return err == nil
}

// Good: passed to a helper that takes ownership.
func process(name string) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	return consume(f)
}

func consume(f *os.File) error { return f.Close() }

// Good: closed inside the case that returns.
func pick(name string, mode int) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	switch mode {
	case 0:
		f.Close()
		return nil, nil
	default:
		defer f.Close()
	}
	return io.ReadAll(f)
}

// Bad: returning what io.ReadAll read does not hand the file on.
func slurp(name string) ([]byte, error) {
	f, err := os.Open(name) // want "file-not-closed: file `f` \\(opened here\\) is never closed"
	if err != nil {
		return nil, err
	}
	return io.ReadAll(f)
}

// Good: the wrapper goes to the caller with the file.
func reader(name string) (*bufio.Reader, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	return bufio.NewReader(f), nil
}
