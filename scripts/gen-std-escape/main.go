// Command gen-std-escape writes the standard library's parameter escape
// summaries (as the gc compiler tags them) and signatures as compact JSON for
// the embedded escape model:
//
//	cd scripts/gen-std-escape && go run . -o ../../data/std-escape.json
//
// It runs `go build -gcflags=-m` over every std package (except cmd/ and
// vendor/), attributes each parameter report (`leaking param: p`, `leaking
// param content: p`, `leaking param: p to result R level=N`, `p does not
// escape`, `moved to heap: p`) to its function by the position of the
// parameter's name, and takes signatures from go/types. The summaries hold for
// the GOOS/GOARCH/CGO_ENABLED of the machine that ran it (recorded in the
// output).
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

type escTag struct {
	Heap    bool     `json:"heap,omitempty"`
	Content bool     `json:"content,omitempty"`
	Res     [][2]int `json:"res,omitempty"`
}

type param struct {
	N string `json:"n"`
	T string `json:"t"`
	E any    `json:"e,omitempty"` // *escTag or "none"
}

type tparam struct {
	N string `json:"n"`
	C string `json:"c"`
}

type funcInfo struct {
	Recv *param   `json:"recv,omitempty"`
	TP   []tparam `json:"tp,omitempty"`
	P    []param  `json:"p"`
	R    []string `json:"r"`
	V    bool     `json:"v,omitempty"`
	Inl  bool     `json:"inl,omitempty"`
}

type output struct {
	GoVersion string               `json:"goVersion"`
	Platform  string               `json:"platform"`
	Funcs     map[string]*funcInfo `json:"funcs"`
	Vars      map[string]string    `json:"vars"`
	Embeds    map[string][]string  `json:"embeds"`
}

type stats struct {
	pkgs, funcs, methods, vars, embeds       int
	params, tagged, heap, content, res, none int
	moved, generic, untaggedPtr              int
	inl                                      int
	typeErrors                               int
}

func qualifier(p *types.Package) string { return p.Path() }

func typeString(t types.Type) string { return types.TypeString(t, qualifier) }

func main() {
	outPath := flag.String("o", "", "output file (default: stdout)")
	withInternal := flag.Bool("internal", true, "also emit internal/ packages (not importable by user code, but their methods are reached through embedding and returned values)")
	verbose := flag.Bool("v", false, "list exported pointer parameters the compiler did not report")
	flag.Parse()
	start := time.Now()

	goroot := goEnv("GOROOT")
	srcRoot := filepath.Join(goroot, "src") + string(filepath.Separator)
	realSrcRoot := srcRoot
	if r, err := filepath.EvalSymlinks(goroot); err == nil {
		realSrcRoot = filepath.Join(r, "src") + string(filepath.Separator)
	}
	// norm maps a compiler or go list file name to a path relative to GOROOT/src.
	norm := func(p string) string {
		p = filepath.Clean(p)
		for _, root := range []string{srcRoot, realSrcRoot} {
			if strings.HasPrefix(p, root) {
				return filepath.ToSlash(p[len(root):])
			}
		}
		return filepath.ToSlash(p)
	}

	pkgs, err := goList("-deps", "std")
	die(err)
	var roots []string
	emit := map[string]bool{}
	for _, p := range pkgs {
		if !p.Standard || p.DepOnly || p.Error != nil || len(p.GoFiles)+len(p.CgoFiles) == 0 ||
			strings.HasPrefix(p.ImportPath, "vendor/") || strings.HasPrefix(p.ImportPath, "cmd/") || p.ImportPath == "unsafe" {
			continue
		}
		roots = append(roots, p.ImportPath)
		if *withInternal || !isInternal(p.ImportPath) {
			emit[p.ImportPath] = true
		}
	}

	// 1. The compiler's reports (replayed from the build cache when cached).
	cmd := exec.Command("go", append([]string{"build", "-gcflags=-m"}, roots...)...)
	var mout bytes.Buffer
	cmd.Stdout = &mout
	cmd.Stderr = &mout
	if err := cmd.Run(); err != nil {
		tail := mout.Bytes()
		if len(tail) > 4000 {
			tail = tail[len(tail)-4000:]
		}
		die(fmt.Errorf("go build -gcflags=-m: %v\n%s", err, tail))
	}
	m := parseM(mout.Bytes(), norm)
	fmt.Fprintf(os.Stderr, "gen-std-escape: %d packages built, %d positioned -m lines (%s)\n", len(roots), m.lines, time.Since(start).Round(time.Millisecond))

	// 2. Signatures.
	out := &output{
		GoVersion: goEnv("GOVERSION"),
		Platform:  goEnv("GOOS") + "/" + goarch() + " cgo=" + goEnv("CGO_ENABLED"),
		Funcs:     map[string]*funcInfo{},
		Vars:      map[string]string{},
		Embeds:    map[string][]string{},
	}
	var st stats
	fset := token.NewFileSet()
	pos := func(p token.Pos) string {
		pp := fset.Position(p)
		return posKey(norm(pp.Filename), pp.Line, pp.Column)
	}
	// tag converts the reports at a parameter's position into its escape tag.
	tag := func(id *ast.Ident, v *types.Var, results []string, generic bool, where string) any {
		st.params++
		if id == nil || id.Name == "_" {
			return nil
		}
		r := m.params[pos(id.Pos())]
		if r == nil || r.name != id.Name {
			if generic {
				st.generic++
			} else if hasPointers(v.Type()) {
				st.untaggedPtr++
				if *verbose {
					fmt.Fprintf(os.Stderr, "  no report: %s param %s (%s)\n", where, id.Name, fset.Position(id.Pos()))
				}
			}
			return nil
		}
		st.tagged++
		t := &escTag{}
		switch {
		case r.heap || r.moved:
			// `moved to heap: p` prints no leak line, but the parameter's tag is a heap leak
			// at derefs 0 (its address flows to the heap, so its value does too).
			t.Heap = true
			st.heap++
			if r.moved {
				st.moved++
			}
		case r.content:
			t.Content = true
			st.content++
		}
		if len(r.results) > 0 {
			st.res++
			for name, lvl := range r.results {
				idx := -1
				for i, rn := range results {
					if rn == name && rn != "" && rn != "_" {
						idx = i
					}
				}
				if g := resultIndexRe.FindStringSubmatch(name); idx < 0 && g != nil {
					idx, _ = strconv.Atoi(g[1])
				}
				if idx < 0 {
					die(fmt.Errorf("%s: unknown result %q", where, name))
				}
				t.Res = append(t.Res, [2]int{idx, lvl})
			}
			sort.Slice(t.Res, func(i, j int) bool { return t.Res[i][0] < t.Res[j][0] })
		}
		if !t.Heap && !t.Content && len(t.Res) == 0 {
			if r.none {
				st.none++
				return "none"
			}
			return nil
		}
		return t
	}

	typeErrors, err := loadAll(fset, pkgs, func(l *loaded) {
		path := l.list.ImportPath
		if !emit[path] || l.pkg == nil {
			return
		}
		st.pkgs++
		for _, f := range l.files {
			for _, decl := range f.Decls {
				switch d := decl.(type) {
				case *ast.FuncDecl:
					if !d.Name.IsExported() {
						continue
					}
					obj, _ := l.info.Defs[d.Name].(*types.Func)
					if obj == nil {
						continue
					}
					sig := obj.Type().(*types.Signature)
					key := path + "." + d.Name.Name
					generic := sig.TypeParams().Len() > 0
					if d.Recv != nil {
						recvName := recvBaseName(d.Recv.List[0].Type)
						if recvName == "" {
							continue
						}
						key = path + "." + recvName + "." + d.Name.Name
						generic = sig.RecvTypeParams().Len() > 0
						st.methods++
					} else {
						st.funcs++
					}
					fi := &funcInfo{P: []param{}, R: []string{}, V: sig.Variadic()}
					var resultNames []string
					if d.Type.Results != nil {
						for _, fl := range d.Type.Results.List {
							if len(fl.Names) == 0 {
								resultNames = append(resultNames, "")
							}
							for _, n := range fl.Names {
								resultNames = append(resultNames, n.Name)
							}
						}
					}
					for i := 0; i < sig.Results().Len(); i++ {
						fi.R = append(fi.R, typeString(sig.Results().At(i).Type()))
					}
					if d.Recv != nil {
						rv := sig.Recv()
						var id *ast.Ident
						if names := d.Recv.List[0].Names; len(names) > 0 {
							id = names[0]
						}
						fi.Recv = &param{N: identName(id), T: typeString(rv.Type())}
						fi.Recv.E = tag(id, rv, resultNames, generic, key)
					}
					tps := sig.TypeParams()
					if d.Recv != nil {
						tps = sig.RecvTypeParams()
					}
					for i := 0; i < tps.Len(); i++ {
						tp := tps.At(i)
						fi.TP = append(fi.TP, tparam{N: tp.Obj().Name(), C: typeString(tp.Constraint())})
					}
					i := 0
					for _, fl := range d.Type.Params.List {
						ids := fl.Names
						if len(ids) == 0 {
							ids = []*ast.Ident{nil}
						}
						for _, id := range ids {
							v := sig.Params().At(i)
							t := typeString(v.Type())
							if sig.Variadic() && i == sig.Params().Len()-1 {
								t = "..." + typeString(v.Type().(*types.Slice).Elem())
							}
							p := param{N: identName(id), T: t}
							p.E = tag(id, v, resultNames, generic, key)
							fi.P = append(fi.P, p)
							i++
						}
					}
					inlPos := d.Name.Pos()
					if d.Recv != nil {
						inlPos = d.Recv.Opening
					}
					if m.inline[pos(inlPos)] {
						fi.Inl = true
						st.inl++
					}
					if _, dup := out.Funcs[key]; dup {
						die(fmt.Errorf("duplicate key %s", key))
					}
					out.Funcs[key] = fi
				case *ast.GenDecl:
					for _, spec := range d.Specs {
						switch s := spec.(type) {
						case *ast.ValueSpec:
							if d.Tok != token.VAR {
								continue
							}
							for _, id := range s.Names {
								if v, ok := l.info.Defs[id].(*types.Var); ok && id.IsExported() {
									out.Vars[path+"."+id.Name] = typeString(v.Type())
									st.vars++
								}
							}
						case *ast.TypeSpec:
							tn, ok := l.info.Defs[s.Name].(*types.TypeName)
							if !ok || tn.IsAlias() {
								continue
							}
							st_, ok := tn.Type().Underlying().(*types.Struct)
							if !ok {
								continue
							}
							var emb []string
							for i := 0; i < st_.NumFields(); i++ {
								if f := st_.Field(i); f.Embedded() {
									emb = append(emb, typeString(f.Type()))
								}
							}
							if len(emb) > 0 {
								out.Embeds[path+"."+s.Name.Name] = emb
								st.embeds++
							}
						}
					}
				}
			}
		}
	})
	die(err)
	st.typeErrors = typeErrors

	data, err := encode(out)
	die(err)
	if *outPath == "" {
		os.Stdout.Write(data)
	} else {
		die(os.WriteFile(*outPath, data, 0o644))
	}
	fmt.Fprintf(os.Stderr, "gen-std-escape: %s %s: %d packages, %d funcs + %d methods, %d vars, %d types with embedded fields\n",
		out.GoVersion, out.Platform, st.pkgs, st.funcs, st.methods, st.vars, st.embeds)
	fmt.Fprintf(os.Stderr, "gen-std-escape: %d params (incl. receivers): %d tagged (heap %d [moved %d], content-only %d, to-result %d, none %d); %d in generic funcs (no report); %d pointer params without report; %d inlinable; %d type errors (cgo files are checked with FakeImportC)\n",
		st.params, st.tagged, st.heap, st.moved, st.content, st.res, st.none, st.generic, st.untaggedPtr, st.inl, st.typeErrors)
	fmt.Fprintf(os.Stderr, "gen-std-escape: %d bytes written in %s\n", len(data), time.Since(start).Round(time.Millisecond))
}

// encode writes compact JSON with one map entry per line (diffable, still small).
func encode(out *output) ([]byte, error) {
	var buf bytes.Buffer
	field := func(name string, v any, last bool) error {
		k, _ := json.Marshal(name)
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		buf.Write(k)
		buf.WriteByte(':')
		buf.Write(b)
		if !last {
			buf.WriteString(",\n")
		}
		return nil
	}
	buf.WriteString("{")
	if err := field("goVersion", out.GoVersion, false); err != nil {
		return nil, err
	}
	if err := field("platform", out.Platform, false); err != nil {
		return nil, err
	}
	writeMap := func(name string, keys []string, get func(string) any, last bool) error {
		sort.Strings(keys)
		fmt.Fprintf(&buf, "%q:{", name)
		for i, k := range keys {
			if i == 0 {
				buf.WriteString("\n")
			}
			if err := field(k, get(k), i == len(keys)-1); err != nil {
				return err
			}
		}
		buf.WriteString("}")
		if !last {
			buf.WriteString(",\n")
		}
		return nil
	}
	var keys []string
	for k := range out.Funcs {
		keys = append(keys, k)
	}
	if err := writeMap("funcs", keys, func(k string) any { return out.Funcs[k] }, false); err != nil {
		return nil, err
	}
	keys = keys[:0]
	for k := range out.Vars {
		keys = append(keys, k)
	}
	if err := writeMap("vars", keys, func(k string) any { return out.Vars[k] }, false); err != nil {
		return nil, err
	}
	keys = keys[:0]
	for k := range out.Embeds {
		keys = append(keys, k)
	}
	if err := writeMap("embeds", keys, func(k string) any { return out.Embeds[k] }, true); err != nil {
		return nil, err
	}
	buf.WriteString("}\n")
	return buf.Bytes(), nil
}

func isInternal(path string) bool {
	return path == "internal" || strings.HasPrefix(path, "internal/") || strings.Contains(path, "/internal/") || strings.HasSuffix(path, "/internal")
}

func identName(id *ast.Ident) string {
	if id == nil {
		return ""
	}
	return id.Name
}

// recvBaseName returns T for receivers T, *T, T[P], *T[P, Q].
func recvBaseName(e ast.Expr) string {
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			e = x.X
		case *ast.ParenExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.Ident:
			return x.Name
		default:
			return ""
		}
	}
}

// hasPointers approximates the compiler's types.Type.HasPointers for go/types.
func hasPointers(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Kind() == types.String || u.Kind() == types.UnsafePointer || u.Kind() == types.UntypedNil
	case *types.Array:
		return u.Len() > 0 && hasPointers(u.Elem())
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			if hasPointers(u.Field(i).Type()) {
				return true
			}
		}
		return false
	case *types.TypeParam:
		return true
	default:
		return true
	}
}

func die(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen-std-escape:", err)
		os.Exit(1)
	}
}
