package main

// Loading: `go list -e -json -deps std` lists every package (the std roots plus
// their vendor/ and internal/ dependencies) in dependency order, with its
// build-constraint-filtered files for this GOOS/GOARCH/CGO_ENABLED. Each package
// is parsed and type-checked from source (function bodies ignored, cgo files
// with FakeImportC), resolving imports through the package's ImportMap.

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
)

type listPkg struct {
	ImportPath string
	Dir        string
	Name       string
	Goroot     bool
	Standard   bool
	GoFiles    []string
	CgoFiles   []string
	ImportMap  map[string]string
	DepOnly    bool
	Error      *struct{ Err string }
}

func goList(args ...string) ([]*listPkg, error) {
	cmd := exec.Command("go", append([]string{"list", "-e", "-json=ImportPath,Dir,Name,Goroot,Standard,GoFiles,CgoFiles,ImportMap,DepOnly,Error"}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list: %v\n%s", err, stderr.String())
	}
	var pkgs []*listPkg
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		p := new(listPkg)
		if err := dec.Decode(p); err == io.EOF {
			break
		} else if err != nil {
			return nil, err
		}
		pkgs = append(pkgs, p)
	}
	return pkgs, nil
}

type loaded struct {
	list  *listPkg
	pkg   *types.Package
	files []*ast.File
	info  *types.Info
}

type mapImporter struct {
	pkgs      map[string]*types.Package
	importMap map[string]string
}

func (m mapImporter) Import(path string) (*types.Package, error) {
	if p, ok := m.importMap[path]; ok {
		path = p
	}
	if path == "unsafe" {
		return types.Unsafe, nil
	}
	if p := m.pkgs[path]; p != nil {
		return p, nil
	}
	return nil, fmt.Errorf("package %q not loaded", path)
}

// loadAll type-checks every listed package in order and calls visit for each
// (its syntax is dropped afterwards to save memory).
func loadAll(fset *token.FileSet, pkgs []*listPkg, visit func(*loaded)) (typeErrors int, err error) {
	checked := map[string]*types.Package{}
	for _, lp := range pkgs {
		if lp.ImportPath == "unsafe" || lp.ImportPath == "C" {
			continue
		}
		if lp.Error != nil && len(lp.GoFiles)+len(lp.CgoFiles) == 0 {
			continue
		}
		var files []*ast.File
		for _, name := range append(append([]string{}, lp.GoFiles...), lp.CgoFiles...) {
			path := filepath.Join(lp.Dir, name)
			src, err := os.ReadFile(path)
			if err != nil {
				return typeErrors, err
			}
			f, err := parser.ParseFile(fset, path, src, parser.ParseComments|parser.SkipObjectResolution)
			if err != nil {
				return typeErrors, fmt.Errorf("parse %s: %v", path, err)
			}
			files = append(files, f)
		}
		info := &types.Info{Defs: map[*ast.Ident]types.Object{}}
		conf := types.Config{
			Importer:         mapImporter{checked, lp.ImportMap},
			IgnoreFuncBodies: true,
			FakeImportC:      true,
			Sizes:            types.SizesFor("gc", goarch()),
			Error:            func(error) { typeErrors++ },
		}
		pkg, _ := conf.Check(lp.ImportPath, fset, files, info)
		checked[lp.ImportPath] = pkg
		visit(&loaded{list: lp, pkg: pkg, files: files, info: info})
	}
	return typeErrors, nil
}

var goarchCache string

func goarch() string {
	if goarchCache == "" {
		goarchCache = goEnv("GOARCH")
	}
	return goarchCache
}

func goEnv(name string) string {
	out, err := exec.Command("go", "env", name).Output()
	if err != nil {
		fmt.Fprintf(os.Stderr, "go env %s: %v\n", name, err)
		os.Exit(1)
	}
	return string(bytes.TrimSpace(out))
}
