package report

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// probeConst is a string constant declared in package probe.
type probeConst struct {
	name, typ, value string
}

// probeConsts parses ../probe and ../probe/diagnosis, where the facts
// model and the findings are declared (no type checking needed: every
// contract constant there is a string literal; package probe re-exports
// them by name), so the tests follow the probe's constants without a
// hand-kept copy.
func probeConsts(t *testing.T) []probeConst {
	t.Helper()
	fset := token.NewFileSet()
	var paths []string
	for _, dir := range []string{"../probe", "../probe/diagnosis"} {
		ps, err := filepath.Glob(dir + "/*.go")
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, ps...)
	}
	var out []probeConst
	for _, path := range paths {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			t.Fatalf("parse %s: %v", path, err)
		}
		for _, decl := range file.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				typ := ""
				if vs.Type != nil {
					typ = "?"
					if id, ok := vs.Type.(*ast.Ident); ok {
						typ = id.Name
					}
				}
				for i, n := range vs.Names {
					if i >= len(vs.Values) {
						continue
					}
					if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
						v, _ := strconv.Unquote(lit.Value)
						out = append(out, probeConst{n.Name, typ, v})
					}
				}
			}
		}
	}
	if len(out) == 0 {
		t.Fatal("no constants found in ../probe and ../probe/diagnosis")
	}
	return out
}

// constValues returns the sorted values of the constants of a type, or of
// untyped constants whose name has the prefix.
func constValues(cs []probeConst, typ, prefix string) []string {
	var vs []string
	for _, c := range cs {
		if (typ != "" && c.typ == typ) || (typ == "" && c.typ == "" && strings.HasPrefix(c.name, prefix)) {
			vs = append(vs, c.value)
		}
	}
	sort.Strings(vs)
	return vs
}
