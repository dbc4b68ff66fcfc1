package main

// Parsing `go build -gcflags=-m` output. Lines are `FILE:LINE:COL: MESSAGE`
// (a few lack the column, some have no position at all); `# pkg` headers and
// build-cache replays are harmless because reports are keyed by position.

import (
	"bufio"
	"bytes"
	"regexp"
	"strconv"
)

var (
	posLineRe     = regexp.MustCompile(`^(.+?\.go):(\d+)(?::(\d+))?: (.*)$`)
	leakHeapRe    = regexp.MustCompile(`^leaking param: (\S+)$`)
	leakContentRe = regexp.MustCompile(`^leaking param content: (\S+)$`)
	leakResultRe  = regexp.MustCompile(`^leaking param: (\S+) to result (\S+) level=(\d+)$`)
	noEscapeRe    = regexp.MustCompile(`^(\S+) does not escape$`)
	movedToHeapRe = regexp.MustCompile(`^moved to heap: (\S+)$`)
	canInlineRe   = regexp.MustCompile(`^can inline (.+)$`)
	resultIndexRe = regexp.MustCompile(`^~[rb](\d+)$`)
)

// paramReport accumulates everything the compiler said at one parameter position.
type paramReport struct {
	name    string
	heap    bool // leaking param: p (or moved to heap: p, whose tag is a heap leak at derefs 0)
	moved   bool
	content bool           // leaking param content: p
	results map[string]int // result name -> level
	none    bool           // p does not escape
}

type mOutput struct {
	params map[string]*paramReport // "file:line:col" -> report
	inline map[string]bool         // "file:line:col" of the function -> can inline
	lines  int
}

func posKey(file string, line, col int) string {
	return file + ":" + strconv.Itoa(line) + ":" + strconv.Itoa(col)
}

func parseM(out []byte, norm func(string) string) *mOutput {
	m := &mOutput{params: map[string]*paramReport{}, inline: map[string]bool{}}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		g := posLineRe.FindStringSubmatch(sc.Text())
		if g == nil || g[3] == "" {
			continue
		}
		m.lines++
		line, _ := strconv.Atoi(g[2])
		col, _ := strconv.Atoi(g[3])
		key := posKey(norm(g[1]), line, col)
		msg := g[4]
		get := func(name string) *paramReport {
			r := m.params[key]
			if r == nil {
				r = &paramReport{name: name}
				m.params[key] = r
			}
			return r
		}
		if s := leakResultRe.FindStringSubmatch(msg); s != nil {
			r := get(s[1])
			if r.results == nil {
				r.results = map[string]int{}
			}
			lvl, _ := strconv.Atoi(s[3])
			r.results[s[2]] = lvl
		} else if s := leakHeapRe.FindStringSubmatch(msg); s != nil {
			get(s[1]).heap = true
		} else if s := leakContentRe.FindStringSubmatch(msg); s != nil {
			get(s[1]).content = true
		} else if s := movedToHeapRe.FindStringSubmatch(msg); s != nil {
			r := get(s[1])
			r.moved = true
		} else if s := noEscapeRe.FindStringSubmatch(msg); s != nil {
			get(s[1]).none = true
		} else if canInlineRe.MatchString(msg) {
			m.inline[key] = true
		}
	}
	return m
}
