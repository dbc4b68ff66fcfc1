package main

// Loading the standard library for one GOOS/GOARCH with go/types only:
// `go list -e -json -deps std` gives every package (std roots plus vendor and
// internal dependencies) in dependency order with its build-constraint-filtered
// file list; each package is parsed and type-checked (function bodies skipped)
// with types.SizesFor("gc", GOARCH), resolving imports through ImportMap.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
)

// target is one platform the table covers.
type target struct {
	GOOS, GOARCH string
	Cgo          bool
}

func (t target) env() []string {
	cgo := "0"
	if t.Cgo {
		cgo = "1"
	}
	return append(os.Environ(), "GOOS="+t.GOOS, "GOARCH="+t.GOARCH, "CGO_ENABLED="+cgo,
		"GOTOOLCHAIN=local", "GOWORK=off", "GOFLAGS=-buildvcs=false")
}

type listPkg struct {
	ImportPath string
	Name       string
	Dir        string
	Standard   bool
	GoFiles    []string
	CgoFiles   []string
	ImportMap  map[string]string
	Error      *struct{ Err string }
}

// loaded is the type-checked standard library of one target.
type loaded struct {
	target   target
	sizes    types.Sizes
	word     int64
	pkgs     map[string]*types.Package // every loaded package by import path
	roots    []string                  // `go list std` packages, in go list order
	errs     []string                  // type-checker errors (expected: none)
	rootErrs map[string]string         // std packages that do not build on this target
}

// goList runs `go list` with the target's environment and decodes the JSON stream.
func goList(t target, args ...string) ([]listPkg, error) {
	cmd := exec.Command("go", append([]string{"list", "-e", "-json=ImportPath,Name,Dir,Standard,GoFiles,CgoFiles,ImportMap,Error"}, args...)...)
	cmd.Env = t.env()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list %v (%s/%s): %v\n%s", args, t.GOOS, t.GOARCH, err, stderr.String())
	}
	var pkgs []listPkg
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p listPkg
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			return nil, err
		}
		pkgs = append(pkgs, p)
	}
	return pkgs, nil
}

// parseCache shares parsed files between targets (go/types does not modify the AST).
type parseCache struct {
	fset  *token.FileSet
	mu    sync.Mutex
	files map[string]*parseResult
}

type parseResult struct {
	once sync.Once
	f    *ast.File
	err  error
}

func newParseCache() *parseCache {
	return &parseCache{fset: token.NewFileSet(), files: map[string]*parseResult{}}
}

func (c *parseCache) parse(filename string) (*ast.File, error) {
	c.mu.Lock()
	r := c.files[filename]
	if r == nil {
		r = &parseResult{}
		c.files[filename] = r
	}
	c.mu.Unlock()
	r.once.Do(func() {
		r.f, r.err = parser.ParseFile(c.fset, filename, nil, parser.SkipObjectResolution)
	})
	return r.f, r.err
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

func load(t target, pc *parseCache) (*loaded, error) {
	roots, err := goList(t, "std")
	if err != nil {
		return nil, err
	}
	all, err := goList(t, "-deps", "std")
	if err != nil {
		return nil, err
	}
	sizes := types.SizesFor("gc", t.GOARCH)
	if sizes == nil {
		return nil, fmt.Errorf("no gc sizes for %s", t.GOARCH)
	}
	l := &loaded{
		target:   t,
		sizes:    sizes,
		word:     sizes.Sizeof(types.Typ[types.Uintptr]),
		pkgs:     map[string]*types.Package{"unsafe": types.Unsafe},
		rootErrs: map[string]string{},
	}
	for _, r := range roots {
		if r.Error != nil {
			l.rootErrs[r.ImportPath] = r.Error.Err
			continue
		}
		l.roots = append(l.roots, r.ImportPath)
	}
	for _, p := range all {
		if p.ImportPath == "unsafe" || p.Error != nil {
			continue
		}
		var files []*ast.File
		names := append(append([]string{}, p.GoFiles...), p.CgoFiles...)
		for _, name := range names {
			f, err := pc.parse(filepath.Join(p.Dir, name))
			if err != nil {
				return nil, err
			}
			files = append(files, f)
		}
		importMap := p.ImportMap
		conf := types.Config{
			IgnoreFuncBodies: true,
			FakeImportC:      len(p.CgoFiles) > 0,
			Sizes:            sizes,
			Importer: importerFunc(func(path string) (*types.Package, error) {
				if m, ok := importMap[path]; ok {
					path = m
				}
				if pkg := l.pkgs[path]; pkg != nil {
					return pkg, nil
				}
				return nil, fmt.Errorf("package %q not loaded", path)
			}),
			Error: func(err error) {
				// FakeImportC leaves C.x undefined; that only affects unexported
				// cgo plumbing types, never the exported API.
				if len(p.CgoFiles) > 0 && strings.Contains(err.Error(), "C.") {
					return
				}
				l.errs = append(l.errs, fmt.Sprintf("%s: %v", p.ImportPath, err))
			},
		}
		pkg, _ := conf.Check(p.ImportPath, pc.fset, files, nil)
		l.pkgs[p.ImportPath] = pkg
	}
	return l, nil
}

// isPublic reports whether user code can import the package.
func isPublic(path string) bool {
	if strings.HasPrefix(path, "vendor/") || strings.HasPrefix(path, "cmd/") {
		return false
	}
	for _, elem := range strings.Split(path, "/") {
		if elem == "internal" {
			return false
		}
	}
	return true
}
