package main

import (
	"encoding/json"
	"fmt"
	"go/types"
	"sort"
	"strings"
)

// Archs, in table order: word size 8, then word size 4.
var allArchs = []string{"amd64", "arm64", "riscv64", "ppc64", "ppc64le", "s390x", "loong64", "mips64", "mips64le", "wasm",
	"386", "arm", "mips", "mipsle"}

func targetFor(arch string) target {
	if arch == "wasm" {
		return target{GOOS: "js", GOARCH: arch, Cgo: false}
	}
	// CGO_ENABLED=1 is what a native build on linux/<arch> gets by default; it decides e.g.
	// whether runtime/cgo.Incomplete exists. Cgo files are type-checked with FakeImportC.
	return target{GOOS: "linux", GOARCH: arch, Cgo: true}
}

// tj is the TypeJSON tree of a generic type's template.
type tj struct {
	K string     `json:"k"`
	N any        `json:"n,omitempty"`
	E *tj        `json:"e,omitempty"`
	F *[]tjField `json:"f,omitempty"`
	A []*tj      `json:"a,omitempty"`
}

type tjField struct {
	N string `json:"n"`
	T *tj    `json:"t"`
}

func qualifier(p *types.Package) string { return p.Path() }

func keyOf(obj *types.TypeName) string { return obj.Pkg().Path() + "." + obj.Name() }

// packageLevel reports whether obj is declared at package scope (so it has a key).
func packageLevel(obj *types.TypeName) bool {
	return obj.Pkg() != nil && obj.Parent() == obj.Pkg().Scope()
}

// toTJ converts a type to the template tree, appending referenced keys to refs.
func toTJ(t types.Type, refs *[]string) *tj {
	switch t := t.(type) {
	case *types.Alias:
		return toTJ(types.Unalias(t), refs)
	case *types.TypeParam:
		return &tj{K: "tparam", N: t.Obj().Name()}
	case *types.Named:
		obj := t.Origin().Obj()
		if obj.Pkg() == nil { // error, comparable
			return toTJ(t.Underlying(), refs)
		}
		if !packageLevel(obj) {
			panic(fmt.Sprintf("template references local type %s", types.TypeString(t, qualifier)))
		}
		key := keyOf(obj)
		*refs = append(*refs, key)
		if t.TypeArgs().Len() > 0 {
			r := &tj{K: "inst", N: key}
			for i := 0; i < t.TypeArgs().Len(); i++ {
				r.A = append(r.A, toTJ(t.TypeArgs().At(i), refs))
			}
			return r
		}
		return &tj{K: "named", N: key}
	case *types.Basic:
		switch {
		case t.Info()&types.IsString != 0:
			return &tj{K: "string"}
		case t.Kind() == types.UnsafePointer:
			return &tj{K: "ptr"}
		default:
			return &tj{K: "basic", N: types.Typ[t.Kind()].Name()}
		}
	case *types.Pointer, *types.Map, *types.Chan, *types.Signature:
		return &tj{K: "ptr"}
	case *types.Slice:
		return &tj{K: "slice"}
	case *types.Interface:
		return &tj{K: "iface"}
	case *types.Array:
		return &tj{K: "array", N: t.Len(), E: toTJ(t.Elem(), refs)}
	case *types.Struct:
		fs := []tjField{}
		for i := 0; i < t.NumFields(); i++ {
			f := t.Field(i)
			fs = append(fs, tjField{N: f.Name(), T: toTJ(f.Type(), refs)})
		}
		return &tj{K: "struct", F: &fs}
	}
	panic(fmt.Sprintf("toTJ: unexpected %T %v", t, t))
}

func kindOf(u types.Type) string {
	switch u := u.Underlying().(type) {
	case *types.Struct:
		return "struct"
	case *types.Pointer:
		return "pointer"
	case *types.Basic:
		switch {
		case u.Kind() == types.UnsafePointer:
			return "pointer"
		case u.Info()&types.IsString != 0:
			return "string"
		}
		return "basic"
	case *types.Map:
		return "map"
	case *types.Chan:
		return "chan"
	case *types.Signature:
		return "func"
	case *types.Interface:
		return "interface"
	case *types.Slice:
		return "slice"
	case *types.Array:
		return "array"
	}
	panic(fmt.Sprintf("kindOf: unexpected %T", u))
}

func methodNames(t types.Type) []string {
	ms := types.NewMethodSet(t)
	names := make([]string, 0, ms.Len())
	for i := 0; i < ms.Len(); i++ {
		names = append(names, ms.At(i).Obj().Name())
	}
	sort.Strings(names)
	return names
}

// notInHeap mirrors cmd/compile: internal/runtime/sys.nih and anything containing it.
func notInHeap(t types.Type) bool {
	t = types.Unalias(t)
	if n, ok := t.(*types.Named); ok {
		if obj := n.Obj(); obj.Pkg() != nil && obj.Pkg().Path() == "internal/runtime/sys" && obj.Name() == "nih" {
			return true
		}
	}
	switch u := t.Underlying().(type) {
	case *types.Array:
		return notInHeap(u.Elem())
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			if notInHeap(u.Field(i).Type()) {
				return true
			}
		}
	}
	return false
}

// ptrData is the number of bytes of a value of type t that can hold pointers the GC
// must scan: the offset just past the last pointer-carrying word
// (cmd/compile/internal/types.PtrDataSize).
func ptrData(t types.Type, s types.Sizes, word int64) int64 {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		if u.Kind() == types.UnsafePointer || u.Info()&types.IsString != 0 {
			return word
		}
		return 0
	case *types.Pointer:
		if notInHeap(u.Elem()) {
			return 0
		}
		return word
	case *types.Slice:
		if notInHeap(u.Elem()) {
			return 0
		}
		return word
	case *types.Map, *types.Chan, *types.Signature:
		return word
	case *types.Interface:
		return 2 * word
	case *types.Array:
		if u.Len() == 0 {
			return 0
		}
		e := ptrData(u.Elem(), s, word)
		if e == 0 {
			return 0
		}
		return (u.Len()-1)*s.Sizeof(u.Elem()) + e
	case *types.Struct:
		fields := make([]*types.Var, u.NumFields())
		for i := range fields {
			fields[i] = u.Field(i)
		}
		offs := s.Offsetsof(fields)
		for i := len(fields) - 1; i >= 0; i-- {
			if p := ptrData(fields[i].Type(), s, word); p > 0 {
				return offs[i] + p
			}
		}
		return 0
	}
	panic(fmt.Sprintf("ptrData: unexpected %T", t.Underlying()))
}

// info is what one target says about one key.
type info struct {
	present bool
	alias   string
	tparams []string
	tmpl    string // JSON of the template, generic types only
	layout  [3]int64
	kind    string
	m       []string // interface methods; nil unless kind == interface
	pm, vm  []string
	refs    []string
}

func (l *loaded) lookup(key string) *types.TypeName {
	i := strings.LastIndex(key, ".")
	pkg := l.pkgs[key[:i]]
	if pkg == nil {
		return nil
	}
	obj, _ := pkg.Scope().Lookup(key[i+1:]).(*types.TypeName)
	return obj
}

func (l *loaded) describe(key string) (inf info, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s on %s: %v", key, l.target.GOARCH, r)
		}
	}()
	obj := l.lookup(key)
	if obj == nil {
		return info{}, nil
	}
	inf.present = true
	t := obj.Type()
	var tparams *types.TypeParamList
	var tmplType types.Type
	if a, ok := t.(*types.Alias); ok {
		rhs := types.Unalias(a)
		inf.alias = types.TypeString(rhs, qualifier)
		if n, ok := rhs.(*types.Named); ok && n.TypeArgs().Len() == 0 && n.Obj().Pkg() != nil {
			inf.alias = keyOf(n.Obj())
			inf.refs = append(inf.refs, inf.alias)
		}
		if a.TypeParams().Len() > 0 {
			tparams, tmplType = a.TypeParams(), a.Rhs()
		}
		t = rhs
	} else if n, ok := t.(*types.Named); ok && n.TypeParams().Len() > 0 {
		tparams, tmplType = n.TypeParams(), n.Underlying()
	}
	inf.kind = kindOf(t)
	if it, ok := t.Underlying().(*types.Interface); ok {
		inf.m = []string{}
		for i := 0; i < it.NumMethods(); i++ {
			inf.m = append(inf.m, it.Method(i).Name())
		}
		sort.Strings(inf.m)
	}
	inf.vm = methodNames(t)
	inf.pm = methodNames(types.NewPointer(t))
	if tparams != nil {
		inf.tparams = []string{}
		for i := 0; i < tparams.Len(); i++ {
			inf.tparams = append(inf.tparams, tparams.At(i).Obj().Name())
		}
		b, err := json.Marshal(toTJ(tmplType, &inf.refs))
		if err != nil {
			return info{}, err
		}
		inf.tmpl = string(b)
		return inf, nil
	}
	inf.layout = [3]int64{l.sizes.Sizeof(t), l.sizes.Alignof(t), ptrData(t, l.sizes, l.word)}
	return inf, nil
}
