// Run: cd scripts/gen-std-layout && go run . -o ../../data/std-layout.json
// Verify against the real compiler: go run . -verify ../../data/std-layout.json
//
// gen-std-layout writes the layout table of the Go standard library's named types
// (size, alignment and pointer bytes per GOARCH, kind, method sets, and templates for
// generic types) for the Go toolchain that runs it. Standard library only: packages are
// listed with `go list -deps std` per GOOS/GOARCH and type-checked with go/types using
// types.SizesFor("gc", GOARCH). GOOS is linux for every arch except wasm (js); linux
// archs are loaded with CGO_ENABLED=1 (the native default), js/wasm with 0.
//
// Output notes: "l" lists every arch exactly once; the value is null on archs where the
// type does not exist (e.g. most of syscall on js/wasm, syscall/js off wasm). "k" of a
// named unsafe.Pointer type is "pointer". "k", "m", "pm", "vm", "t" and "alias" come
// from the first arch (in table order) that has the type; where another GOOS/GOARCH
// differs (method sets of net.TCPConn, os.File, syscall.Sockaddr... on js/wasm) the
// generator prints a note. Keys pulled in only because a template or alias refers to
// them may be unexported or internal (e.g. sync/atomic.noCopy).
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/types"
	"os"
	"os/exec"
	"sort"
	"strings"
	"sync"
)

func main() {
	out := flag.String("o", "", "write the table to this file")
	verify := flag.String("verify", "", "check this table against the compiler (temp dir only)")
	archList := flag.String("archs", strings.Join(allArchs, ","), "comma-separated GOARCH list (debugging)")
	flag.Parse()
	var err error
	switch {
	case *verify != "":
		err = runVerify(*verify)
	case *out != "":
		err = generate(*out, strings.Split(*archList, ","))
	default:
		flag.Usage()
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen-std-layout:", err)
		os.Exit(1)
	}
}

// ordered is a JSON object whose keys keep their insertion order.
type ordered []kv

type kv struct {
	K string
	V any
}

func (o ordered) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, e := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(e.K)
		b.Write(k)
		b.WriteByte(':')
		v, err := json.Marshal(e.V)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func goVersion() (string, error) {
	out, err := exec.Command("go", "env", "GOVERSION").Output()
	return strings.TrimSpace(string(out)), err
}

func generate(outFile string, archs []string) error {
	ver, err := goVersion()
	if err != nil {
		return err
	}
	// Load every target (two at a time; each holds a type-checked std).
	pc := newParseCache()
	loads := make([]*loaded, len(archs))
	errs := make([]error, len(archs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2)
	for i, arch := range archs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			loads[i], errs[i] = load(targetFor(arch), pc)
		}()
	}
	wg.Wait()
	for i, l := range loads {
		if errs[i] != nil {
			return errs[i]
		}
		for _, e := range l.errs {
			fmt.Fprintf(os.Stderr, "type error (%s): %s\n", archs[i], e)
		}
		fmt.Fprintf(os.Stderr, "%s/%s: %d packages, %d std roots, %d unbuildable roots\n",
			l.target.GOOS, l.target.GOARCH, len(l.pkgs), len(l.roots), len(l.rootErrs))
	}

	// Seed: every exported named type (and alias) of every importable package.
	var work []string
	seen := map[string]bool{}
	add := func(key string) {
		if !seen[key] {
			seen[key] = true
			work = append(work, key)
		}
	}
	for _, l := range loads {
		for _, path := range l.roots {
			if !isPublic(path) {
				continue
			}
			scope := l.pkgs[path].Scope()
			for _, name := range scope.Names() {
				if obj, ok := scope.Lookup(name).(*types.TypeName); ok && obj.Exported() {
					add(path + "." + name)
				}
			}
		}
	}
	seeded := len(work)

	// Describe each key on each target; templates and aliases pull in what they reference.
	infos := map[string][]info{}
	for len(work) > 0 {
		key := work[0]
		work = work[1:]
		per := make([]info, len(loads))
		for i, l := range loads {
			inf, err := l.describe(key)
			if err != nil {
				return err
			}
			per[i] = inf
			for _, r := range inf.refs {
				add(r)
			}
		}
		infos[key] = per
	}

	keys := make([]string, 0, len(infos))
	for k := range infos {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	tbl := ordered{}
	var nGeneric, nAlias, nPartial int
	var odd []string
	for _, key := range keys {
		per := infos[key]
		first := -1
		var missing []string
		for i, inf := range per {
			if inf.present {
				if first < 0 {
					first = i
				}
			} else {
				missing = append(missing, archs[i])
			}
		}
		if first < 0 {
			return fmt.Errorf("%s: present on no target", key)
		}
		if len(missing) > 0 {
			nPartial++
			odd = append(odd, fmt.Sprintf("%s: absent on %s", key, strings.Join(missing, ",")))
		}
		ref := per[first]
		// Everything but the layout must agree between targets.
		for i, inf := range per {
			if !inf.present {
				continue
			}
			var diffs []string
			if inf.kind != ref.kind {
				diffs = append(diffs, "kind "+inf.kind+" vs "+ref.kind)
			}
			if strings.Join(inf.m, " ") != strings.Join(ref.m, " ") {
				diffs = append(diffs, "interface methods")
			}
			if strings.Join(inf.pm, " ") != strings.Join(ref.pm, " ") || strings.Join(inf.vm, " ") != strings.Join(ref.vm, " ") {
				diffs = append(diffs, "method sets")
			}
			if inf.tmpl != ref.tmpl || strings.Join(inf.tparams, ",") != strings.Join(ref.tparams, ",") {
				diffs = append(diffs, "template")
			}
			if inf.alias != ref.alias {
				diffs = append(diffs, "alias target")
			}
			if len(diffs) > 0 {
				odd = append(odd, fmt.Sprintf("%s: %s differs from %s (%s); %s's used",
					key, archs[i], archs[first], strings.Join(diffs, ", "), archs[first]))
			}
		}
		e := ordered{}
		if ref.alias != "" {
			nAlias++
			e = append(e, kv{"alias", ref.alias})
		}
		e = append(e, kv{"k", ref.kind})
		if ref.tparams != nil {
			nGeneric++
			e = append(e, kv{"tparams", ref.tparams}, kv{"t", json.RawMessage(ref.tmpl)})
		} else {
			// Group archs by identical [size, align, ptrdata] (null: type absent there).
			var groups []string
			vals := map[string]*[3]int64{}
			members := map[string][]string{}
			for i, inf := range per {
				id := "null"
				var v *[3]int64
				if inf.present {
					l := inf.layout
					v = &l
					id = fmt.Sprint(l)
				}
				if _, ok := members[id]; !ok {
					groups = append(groups, id)
					vals[id] = v
				}
				members[id] = append(members[id], archs[i])
			}
			lo := ordered{}
			for _, id := range groups {
				lo = append(lo, kv{strings.Join(members[id], ","), vals[id]})
			}
			e = append(e, kv{"l", lo})
		}
		if ref.m != nil {
			e = append(e, kv{"m", ref.m})
		}
		e = append(e, kv{"pm", ref.pm}, kv{"vm", ref.vm})
		tbl = append(tbl, kv{key, e})
	}

	goos := ordered{}
	for _, l := range loads {
		goos = append(goos, kv{l.target.GOARCH, l.target.GOOS})
	}
	doc := ordered{{"goVersion", ver}, {"goos", goos}, {"types", tbl}}
	b, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	b = append(b, '\n')
	if err := os.WriteFile(outFile, b, 0o644); err != nil {
		return err
	}
	for _, o := range odd {
		fmt.Fprintln(os.Stderr, "note:", o)
	}
	fmt.Fprintf(os.Stderr, "wrote %s: %d bytes, %d types (%d exported seeds, %d pulled in by templates/aliases), %d generic templates, %d aliases, %d absent on some arch\n",
		outFile, len(b), len(keys), seeded, len(keys)-seeded, nGeneric, nAlias, nPartial)
	return nil
}
