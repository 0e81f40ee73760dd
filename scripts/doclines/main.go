// Command doclines reports the average number of doc-comment lines per
// exported identifier in the Go packages (directories) given as arguments.
// Test files are skipped. An exported identifier is an exported func, an
// exported method of an exported type, an exported type, or an exported
// const or var name. Its doc is its own comment; a name in a parenthesised
// const/var/type group with no comment of its own takes the group's comment,
// counted once per group. A comment's lines include its blank "//" lines.
//
// Usage, from the repository root (-v lists every identifier):
//
//	go run ./scripts/doclines [-v] asyncio asyncio/process
//
// To compare with golang.org/x/sync, give it the module cache's directories,
// e.g. $(go env GOMODCACHE)/golang.org/x/sync@v0.25.0/errgroup.
package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

func main() {
	verbose := false
	args := os.Args[1:]
	if len(args) > 0 && args[0] == "-v" {
		verbose, args = true, args[1:]
	}
	totalIDs, totalLines := 0, 0
	for _, dir := range args {
		ids, lines := measure(dir, verbose)
		fmt.Printf("%-40s %4d identifiers %5d doc lines  %.2f lines/identifier\n", dir, ids, lines, float64(lines)/float64(ids))
		totalIDs += ids
		totalLines += lines
	}
	if len(args) > 1 {
		fmt.Printf("%-40s %4d identifiers %5d doc lines  %.2f lines/identifier\n", "total", totalIDs, totalLines, float64(totalLines)/float64(totalIDs))
	}
}

// lines counts a comment's lines, blank "//" lines included.
func lines(fset *token.FileSet, cg *ast.CommentGroup) int {
	if cg == nil {
		return 0
	}
	return fset.Position(cg.End()).Line - fset.Position(cg.Pos()).Line + 1
}

func measure(dir string, verbose bool) (ids, docLines int) {
	fset := token.NewFileSet()
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	sort.Strings(files)
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		if f.Name.Name == "main" {
			continue
		}
		report := func(id string, n int) {
			ids++
			docLines += n
			if verbose {
				fmt.Printf("  %3d  %s.%s\n", n, filepath.Base(dir), id)
			}
		}
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				if !d.Name.IsExported() {
					continue
				}
				name := d.Name.Name
				if d.Recv != nil {
					base := receiverBase(d.Recv.List[0].Type)
					if !ast.IsExported(base) {
						continue
					}
					name = base + "." + name
				}
				report(name, lines(fset, d.Doc))
			case *ast.GenDecl:
				groupCounted := false
				for _, spec := range d.Specs {
					var names []*ast.Ident
					var doc *ast.CommentGroup
					switch s := spec.(type) {
					case *ast.TypeSpec:
						names, doc = []*ast.Ident{s.Name}, s.Doc
					case *ast.ValueSpec:
						names, doc = s.Names, s.Doc
					default:
						continue
					}
					for _, n := range names {
						if !n.IsExported() {
							continue
						}
						switch {
						case doc != nil:
							report(n.Name, lines(fset, doc))
							doc = nil // a spec's comment once for all its names
						case !groupCounted:
							report(n.Name, lines(fset, d.Doc))
							groupCounted = true
						default:
							report(n.Name, 0)
						}
					}
				}
			}
		}
	}
	return ids, docLines
}

func receiverBase(t ast.Expr) string {
	for {
		switch e := t.(type) {
		case *ast.StarExpr:
			t = e.X
		case *ast.IndexExpr:
			t = e.X
		case *ast.IndexListExpr:
			t = e.X
		case *ast.Ident:
			return e.Name
		default:
			return ""
		}
	}
}
