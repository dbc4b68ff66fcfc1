package main

// Verification mode (-verify TABLE): checks the table against the real compiler, in a
// temporary directory (never in the repository):
//
//  1. run: a generated program importing every importable package with types in the
//     table prints unsafe.Sizeof, unsafe.Alignof and the runtime type descriptor's
//     PtrBytes (internal/abi.Type is {Size_ uintptr; PtrBytes uintptr; ...}; a
//     reflect.Type's data word points at it) for every exported non-generic type, plus
//     instantiations of every exported generic type with sample type arguments, whose
//     expected values are computed from the templates the way a consumer would. Run
//     natively on linux/amd64 and as GOARCH=386.
//  2. compile: for the other GOARCHes (-compile-archs), the same Sizeof/Alignof values
//     are checked at compile time (`var _ = [1]int{}[unsafe.Sizeof(x)-N]` fails to build
//     unless equal), cross-compiling with `go build -gcflags=-e`.

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

var compileArchs = flag.String("compile-archs", "arm64,riscv64,ppc64,ppc64le,s390x,loong64,mips64,mips64le,wasm,arm,mips,mipsle",
	"GOARCHes checked at compile time in -verify mode (empty: none)")

type tableEntry struct {
	Alias   string               `json:"alias"`
	K       string               `json:"k"`
	L       map[string]*[3]int64 `json:"l"`
	TParams []string             `json:"tparams"`
	T       *tj                  `json:"t"`
	M       []string             `json:"m"`
	PM      []string             `json:"pm"`
	VM      []string             `json:"vm"`
	byArch  map[string]*[3]int64 // l, split per arch
}

type table struct {
	GoVersion string                 `json:"goVersion"`
	GOOS      map[string]string      `json:"goos"`
	Types     map[string]*tableEntry `json:"types"`
}

func readTable(path string) (*table, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var t table
	if err := json.Unmarshal(b, &t); err != nil {
		return nil, err
	}
	for key, e := range t.Types {
		if e.T != nil {
			continue
		}
		e.byArch = map[string]*[3]int64{}
		for archs, v := range e.L {
			for _, a := range strings.Split(archs, ",") {
				if _, dup := e.byArch[a]; dup {
					return nil, fmt.Errorf("%s: arch %s listed twice", key, a)
				}
				e.byArch[a] = v
			}
		}
		for _, a := range allArchs {
			if _, ok := e.byArch[a]; !ok {
				return nil, fmt.Errorf("%s: arch %s missing", key, a)
			}
		}
	}
	return &t, nil
}

// ---- template evaluation (what a consumer does) ----

func basicLayout(name string, word int64) [3]int64 {
	switch name {
	case "bool", "int8", "uint8":
		return [3]int64{1, 1, 0}
	case "int16", "uint16":
		return [3]int64{2, 2, 0}
	case "int32", "uint32", "float32":
		return [3]int64{4, 4, 0}
	case "int64", "uint64", "float64":
		return [3]int64{8, word, 0}
	case "complex64":
		return [3]int64{8, 4, 0}
	case "complex128":
		return [3]int64{16, word, 0}
	case "int", "uint", "uintptr":
		return [3]int64{word, word, 0}
	}
	panic("unknown basic " + name)
}

func wordOf(arch string) int64 {
	switch arch {
	case "386", "arm", "mips", "mipsle":
		return 4
	}
	return 8
}

func num(v any) int64 {
	switch v := v.(type) {
	case float64:
		return int64(v)
	case int64:
		return v
	}
	panic(fmt.Sprintf("not a number: %v", v))
}

func subst(t *tj, env map[string]*tj) *tj {
	switch t.K {
	case "tparam":
		return env[t.N.(string)]
	case "array":
		return &tj{K: "array", N: t.N, E: subst(t.E, env)}
	case "struct":
		fs := []tjField{}
		for _, f := range *t.F {
			fs = append(fs, tjField{N: f.N, T: subst(f.T, env)})
		}
		return &tj{K: "struct", F: &fs}
	case "inst":
		r := &tj{K: "inst", N: t.N}
		for _, a := range t.A {
			r.A = append(r.A, subst(a, env))
		}
		return r
	}
	return t
}

func (tb *table) eval(t *tj, arch string) [3]int64 {
	w := wordOf(arch)
	switch t.K {
	case "basic":
		return basicLayout(t.N.(string), w)
	case "ptr":
		return [3]int64{w, w, w}
	case "string":
		return [3]int64{2 * w, w, w}
	case "slice":
		return [3]int64{3 * w, w, w}
	case "iface":
		return [3]int64{2 * w, w, 2 * w}
	case "array":
		n := num(t.N)
		e := tb.eval(t.E, arch)
		p := int64(0)
		if n > 0 && e[2] > 0 {
			p = (n-1)*e[0] + e[2]
		}
		return [3]int64{n * e[0], e[1], p}
	case "struct":
		var off, maxAlign, ptr, lastSize int64 = 0, 1, 0, -1
		for _, f := range *t.F {
			l := tb.eval(f.T, arch)
			off = (off + l[1] - 1) / l[1] * l[1]
			if l[2] > 0 {
				ptr = off + l[2]
			}
			off += l[0]
			maxAlign = max(maxAlign, l[1])
			lastSize = l[0]
		}
		if off > 0 && lastSize == 0 {
			off++
		}
		off = (off + maxAlign - 1) / maxAlign * maxAlign
		return [3]int64{off, maxAlign, ptr}
	case "named":
		e := tb.Types[t.N.(string)]
		if e == nil || e.byArch == nil || e.byArch[arch] == nil {
			panic("no layout for " + t.N.(string) + " on " + arch)
		}
		return *e.byArch[arch]
	case "inst":
		g := tb.Types[t.N.(string)]
		if g == nil || g.T == nil {
			panic("no template for " + t.N.(string))
		}
		env := map[string]*tj{}
		for i, p := range g.TParams {
			env[p] = t.A[i]
		}
		return tb.eval(subst(g.T, env), arch)
	}
	panic("unexpected template kind " + t.K)
}

// ---- program generation ----

// sample type arguments: Go spelling and template.
var sampleArgs = []struct {
	goType string
	t      *tj
}{
	{"int8", &tj{K: "basic", N: "int8"}},
	{"string", &tj{K: "string"}},
	{"*int", &tj{K: "ptr"}},
	{"[3]int64", &tj{K: "array", N: int64(3), E: &tj{K: "basic", N: "int64"}}},
	{"struct{ a bool; b int64; c bool }", &tj{K: "struct", F: &[]tjField{
		{"a", &tj{K: "basic", N: "bool"}}, {"b", &tj{K: "basic", N: "int64"}}, {"c", &tj{K: "basic", N: "bool"}}}}},
	{"error", &tj{K: "iface"}},
	{"struct{}", &tj{K: "struct", F: &[]tjField{}}},
	{"[2]struct{ s []byte; n int32 }", &tj{K: "array", N: int64(2), E: &tj{K: "struct", F: &[]tjField{
		{"s", &tj{K: "slice"}}, {"n", &tj{K: "basic", N: "int32"}}}}}},
}

type row struct {
	key    string // table key or instantiation
	pkg    string
	goExpr string // type expression, package qualified by alias
	want   [3]int64
}

func splitKey(key string) (pkg, name string) {
	i := strings.LastIndex(key, ".")
	return key[:i], key[i+1:]
}

// rowsFor lists the checkable types of the table for arch.
func rowsFor(tb *table, arch string) []row {
	var rows []row
	keys := make([]string, 0, len(tb.Types))
	for k := range tb.Types {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, key := range keys {
		e := tb.Types[key]
		pkg, name := splitKey(key)
		if !isPublic(pkg) || !isExported(name) {
			continue
		}
		if e.T == nil {
			if l := e.byArch[arch]; l != nil {
				rows = append(rows, row{key: key, pkg: pkg, goExpr: name, want: *l})
			}
			continue
		}
		for i := range sampleArgs {
			var goArgs []string
			env := map[string]*tj{}
			for j, p := range e.TParams {
				a := sampleArgs[(i+j)%len(sampleArgs)]
				goArgs = append(goArgs, a.goType)
				env[p] = a.t
			}
			want := tb.eval(subst(e.T, env), arch)
			rows = append(rows, row{key: key + "[" + strings.Join(goArgs, ", ") + "]", pkg: pkg,
				goExpr: name + "[" + strings.Join(goArgs, ", ") + "]", want: want})
		}
	}
	return rows
}

func isExported(name string) bool { return name != "" && name[0] >= 'A' && name[0] <= 'Z' }

// buildablePkgs drops packages that do not build for the target.
func buildablePkgs(t target, pkgs []string) (map[string]bool, error) {
	list, err := goList(t, pkgs...)
	if err != nil {
		return nil, err
	}
	ok := map[string]bool{}
	for _, p := range list {
		if p.Error == nil {
			ok[p.ImportPath] = true
		}
	}
	return ok, nil
}

// writeProgram writes main.go; rows[i] is on line firstLine+i (one line per row).
func writeProgram(dir string, rows []row, mode string) (firstLine int, err error) {
	alias := map[string]string{}
	var pkgs []string
	for _, r := range rows {
		if _, ok := alias[r.pkg]; !ok {
			alias[r.pkg] = fmt.Sprintf("p%d", len(pkgs))
			pkgs = append(pkgs, r.pkg)
		}
	}
	var b bytes.Buffer
	b.WriteString("package main\n\nimport (\n\t\"fmt\"\n\t\"reflect\"\n\t\"unsafe\"\n")
	for _, p := range pkgs {
		fmt.Fprintf(&b, "\t%s %q\n", alias[p], p)
	}
	b.WriteString(")\n\n")
	b.WriteString(`// ptrBytes reads internal/abi.Type.PtrBytes: a reflect.Type's data word is a *rtype,
// which starts with abi.Type{Size_ uintptr; PtrBytes uintptr; ...}.
func ptrBytes(t reflect.Type) uintptr {
	p := (*[2]unsafe.Pointer)(unsafe.Pointer(&t))[1]
	return *(*uintptr)(unsafe.Add(p, unsafe.Sizeof(uintptr(0))))
}

type row struct {
	key         string
	size, align uintptr
	t           reflect.Type
}

var _ = fmt.Sprint
var _ = ptrBytes

`)
	if mode == "run" {
		b.WriteString("var rows = []row{\n")
	}
	firstLine = bytes.Count(b.Bytes(), []byte("\n")) + 1
	for _, r := range rows {
		x := alias[r.pkg] + "." + r.goExpr
		v := "*(*" + x + ")(nil)"
		if mode == "run" {
			fmt.Fprintf(&b, "\t{%q, unsafe.Sizeof(%s), unsafe.Alignof(%s), reflect.TypeFor[%s]()},\n", r.key, v, v, x)
		} else {
			fmt.Fprintf(&b, "var _, _ = [1]int{}[unsafe.Sizeof(%s)-%d], [1]int{}[unsafe.Alignof(%s)-%d]\n", v, r.want[0], v, r.want[1])
		}
	}
	if mode == "run" {
		b.WriteString("}\n\nfunc main() {\n\tfor _, r := range rows {\n\t\tfmt.Println(r.key+\"\\t\", r.size, r.align, ptrBytes(r.t))\n\t}\n}\n")
	} else {
		b.WriteString("\nfunc main() {}\n")
	}
	return firstLine, os.WriteFile(filepath.Join(dir, "main.go"), b.Bytes(), 0o644)
}

var errLine = regexp.MustCompile(`(?m)^\S*main\.go:(\d+):\d+: (.*)$`)

// buildRows builds (and for mode "run" runs) the program, dropping rows whose type
// cannot be named as a value type (constraint interfaces). It returns the rows that
// built, the dropped ones, compile-time mismatches (mode "compile") and the output.
func buildRows(dir string, t target, rows []row, mode string) (kept, dropped, bad []row, out string, err error) {
	for attempt := 0; attempt < 5; attempt++ {
		first, err := writeProgram(dir, rows, mode)
		if err != nil {
			return nil, nil, nil, "", err
		}
		cmd := exec.Command("go", "build", "-gcflags=-e", "-o", filepath.Join(dir, "prog"), ".")
		cmd.Dir = dir
		cmd.Env = t.env()
		msg, berr := cmd.CombinedOutput()
		if berr == nil {
			if mode != "run" {
				return rows, dropped, bad, "", nil
			}
			run := exec.Command(filepath.Join(dir, "prog"))
			o, err := run.Output()
			return rows, dropped, bad, string(o), err
		}
		ms := errLine.FindAllStringSubmatch(string(msg), -1)
		if len(ms) == 0 {
			return nil, nil, nil, "", fmt.Errorf("build failed:\n%s", msg)
		}
		drop := map[int]string{}
		for _, m := range ms {
			line, _ := strconv.Atoi(m[1])
			i := line - first
			if i < 0 || i >= len(rows) {
				return nil, nil, nil, "", fmt.Errorf("build failed outside the rows:\n%s", msg)
			}
			if mode == "compile" && (strings.Contains(m[2], "out of bounds") || strings.Contains(m[2], "overflows")) {
				bad = append(bad, row{key: fmt.Sprintf("%s: %s", rows[i].key, m[2]), pkg: rows[i].pkg, goExpr: rows[i].goExpr})
				drop[i] = ""
				continue
			}
			drop[i] = m[2]
		}
		var next []row
		for i, r := range rows {
			if why, ok := drop[i]; ok {
				if why != "" {
					dropped = append(dropped, row{key: r.key + " (" + why + ")"})
				}
				continue
			}
			next = append(next, r)
		}
		rows = next
	}
	return nil, nil, nil, "", fmt.Errorf("too many build attempts")
}

func runVerify(path string) error {
	tb, err := readTable(path)
	if err != nil {
		return err
	}
	ver, err := goVersion()
	if err != nil {
		return err
	}
	if ver != tb.GoVersion {
		fmt.Printf("warning: table is for %s, toolchain is %s\n", tb.GoVersion, ver)
	}
	tmp, err := os.MkdirTemp("", "std-layout-verify-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if err := os.WriteFile(filepath.Join(tmp, "go.mod"), []byte("module stdlayoutverify\n\ngo 1.23\n"), 0o644); err != nil {
		return err
	}
	failed := false
	type check struct {
		t    target
		mode string
	}
	checks := []check{{target{"linux", "amd64", true}, "run"}, {target{"linux", "386", false}, "run"}}
	if *compileArchs != "" {
		for _, a := range strings.Split(*compileArchs, ",") {
			t := targetFor(a)
			t.Cgo = false // no cross C toolchain; only runtime/cgo is affected (dropped)
			checks = append(checks, check{t, "compile"})
		}
	}
	for _, c := range checks {
		arch := c.t.GOARCH
		rows := rowsFor(tb, arch)
		pkgSet := map[string]bool{}
		var pkgs []string
		for _, r := range rows {
			if !pkgSet[r.pkg] {
				pkgSet[r.pkg] = true
				pkgs = append(pkgs, r.pkg)
			}
		}
		ok, err := buildablePkgs(c.t, pkgs)
		if err != nil {
			return err
		}
		var use []row
		var skippedPkgs []string
		if !c.t.Cgo {
			delete(ok, "runtime/cgo") // its Go files build without cgo, but do not link
		}
		for _, p := range pkgs {
			if !ok[p] {
				skippedPkgs = append(skippedPkgs, p)
			}
		}
		for _, r := range rows {
			if ok[r.pkg] {
				use = append(use, r)
			}
		}
		kept, dropped, badRows, out, err := buildRows(tmp, c.t, use, c.mode)
		if err != nil {
			return fmt.Errorf("%s/%s: %v", c.t.GOOS, arch, err)
		}
		var mismatches []string
		for _, r := range badRows {
			mismatches = append(mismatches, r.key)
		}
		nGeneric := 0
		pkgsChecked := map[string]bool{}
		for _, r := range append(append([]row{}, kept...), badRows...) {
			pkgsChecked[r.pkg] = true
			if strings.Contains(r.key, "[") {
				nGeneric++
			}
		}
		if c.mode == "run" {
			got := map[string][3]int64{}
			for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
				k, rest, _ := strings.Cut(line, "\t")
				var v [3]int64
				if _, err := fmt.Sscan(rest, &v[0], &v[1], &v[2]); err != nil {
					return fmt.Errorf("bad output line %q", line)
				}
				got[k] = v
			}
			for _, r := range kept {
				g, ok := got[r.key]
				if !ok {
					mismatches = append(mismatches, r.key+": no output")
				} else if g != r.want {
					mismatches = append(mismatches, fmt.Sprintf("%s: compiler [size align ptrdata] %v, table %v", r.key, g, r.want))
				}
			}
		}
		what := "size+align+ptrdata (run)"
		if c.mode == "compile" {
			what = "size+align (compile-time)"
		}
		fmt.Printf("%s/%s: %s: %d types checked (%d generic instantiations) in %d packages; %d mismatches; %d not nameable as value types; packages not buildable: %v\n",
			c.t.GOOS, arch, what, len(kept)+len(badRows), nGeneric, len(pkgsChecked), len(mismatches), len(dropped), skippedPkgs)
		for _, m := range mismatches {
			fmt.Println("  MISMATCH", m)
		}
		if len(mismatches) > 0 {
			failed = true
		}
		if arch == "amd64" {
			for _, d := range dropped {
				fmt.Println("  not a value type:", d.key)
			}
		}
	}
	if failed {
		return fmt.Errorf("mismatches found")
	}
	return nil
}
