// Package sidebyside lays out a Python program and its Go port in two
// columns, or one after the other, aligned declaration by declaration:
// hello_world1 beside helloWorld1, main beside Run.
//
// A source is first cut into blocks ([GoBlocks], [PythonBlocks]): the
// text before the first declaration, then each top-level declaration
// with the comments above it. [Align] pairs the blocks of two sources by
// name, keeping the order of both; [Columns] and [Sequence] print the
// pairs.
package sidebyside

import (
	"go/ast"
	"go/parser"
	"go/token"
	"regexp"
	"strings"
)

// A Block is a run of whole lines of a source: lines [From, To), counted
// from 0, with no blank line at either end.
type Block struct {
	// Name is the declared name ("helloWorld1", "main", "END_OF_JOBS"),
	// "" for the text before the first declaration, and "__main__" for
	// Python's if __name__ == "__main__" block.
	Name     string
	From, To int
	// Head is the line the declaration itself starts on, below its
	// comments: From <= Head < To. Columns puts the heads of a pair on
	// the same row.
	Head int
}

// GoBlocks cuts Go source into blocks: the package clause and imports,
// then one per top-level declaration (func, type, var, const), with the
// comments between it and the one before. It returns nil if src does not
// parse.
func GoBlocks(src string) []Block {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", src, parser.ParseComments)
	if err != nil {
		return nil
	}
	lines := strings.Split(src, "\n")
	line := func(p token.Pos) int { return fset.Position(p).Line - 1 }
	var blocks []Block
	next := 0 // the first line not in a block yet
	add := func(name string, head, to int) {
		if b, ok := trimmed(lines, name, next, to); ok {
			b.Head = max(b.From, min(head, b.To-1))
			blocks = append(blocks, b)
		}
		next = to
	}
	header := true
	for _, decl := range f.Decls {
		if g, ok := decl.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
			continue // part of the header
		}
		if header {
			add("", 0, startLine(decl, line))
			header = false
		}
		add(declName(decl), line(decl.Pos()), line(decl.End())+1)
	}
	if header || next < len(lines) {
		// The whole file, or comments after the last declaration.
		add("", next, len(lines))
	}
	return blocks
}

// startLine is the first line of decl's doc comment, or of decl.
func startLine(decl ast.Decl, line func(token.Pos) int) int {
	switch d := decl.(type) {
	case *ast.FuncDecl:
		if d.Doc != nil {
			return line(d.Doc.Pos())
		}
	case *ast.GenDecl:
		if d.Doc != nil {
			return line(d.Doc.Pos())
		}
	}
	return line(decl.Pos())
}

// declName is the name a declaration declares, the first one for a group.
func declName(decl ast.Decl) string {
	switch d := decl.(type) {
	case *ast.FuncDecl:
		return d.Name.Name
	case *ast.GenDecl:
		for _, spec := range d.Specs {
			switch s := spec.(type) {
			case *ast.TypeSpec:
				return s.Name.Name
			case *ast.ValueSpec:
				return s.Names[0].Name
			}
		}
	}
	return ""
}

var (
	pyDef    = regexp.MustCompile(`^(?:async\s+)?(?:def|class)\s+([A-Za-z_]\w*)`)
	pyAssign = regexp.MustCompile(`^([A-Za-z_]\w*)\s*(?::[^=]*)?=[^=]`)
	pyMain   = regexp.MustCompile(`^if\s+__name__\s*==`)
)

// PythonBlocks cuts Python source into blocks: the docstring and imports,
// then one per top-level def, async def, class, assignment and
// if __name__ == "__main__", with the comments and decorators just above
// it. A top-level line that starts none of these (an import, a call)
// stays with the block before it.
func PythonBlocks(src string) []Block {
	lines := strings.Split(src, "\n")
	type start struct {
		name       string
		line, head int
	}
	var starts []start
	inString := "" // the quote that closes the triple-quoted string we are in
	for i, l := range lines {
		if inString != "" {
			if strings.Count(l, inString)%2 == 1 {
				inString = ""
			}
			continue
		}
		for _, q := range []string{`"""`, `'''`} {
			if strings.Count(l, q)%2 == 1 {
				inString = q
			}
		}
		var name string
		if m := pyDef.FindStringSubmatch(l); m != nil {
			name = m[1]
		} else if pyMain.MatchString(l) {
			name = "__main__"
		} else if m := pyAssign.FindStringSubmatch(l); m != nil {
			name = m[1]
		} else {
			continue
		}
		// Take in the comments and decorators right above it.
		first := i
		for first > 0 && (strings.HasPrefix(lines[first-1], "#") ||
			strings.HasPrefix(lines[first-1], "@")) {
			first--
		}
		if n := len(starts); n > 0 && starts[n-1].line >= first {
			continue // a decorator's def: already started
		}
		starts = append(starts, start{name, first, i})
	}
	var blocks []Block
	add := func(name string, from, head, to int) {
		if b, ok := trimmed(lines, name, from, to); ok {
			b.Head = max(b.From, min(head, b.To-1))
			blocks = append(blocks, b)
		}
	}
	if len(starts) == 0 {
		add("", 0, 0, len(lines))
		return blocks
	}
	add("", 0, 0, starts[0].line)
	for i, s := range starts {
		to := len(lines)
		if i+1 < len(starts) {
			to = starts[i+1].line
		}
		add(s.name, s.line, s.head, to)
	}
	return blocks
}

// trimmed is the block of lines [from, to) without blank lines at its
// ends, and false if nothing is left.
func trimmed(lines []string, name string, from, to int) (Block, bool) {
	for from < to && strings.TrimSpace(lines[from]) == "" {
		from++
	}
	for to > from && strings.TrimSpace(lines[to-1]) == "" {
		to--
	}
	return Block{Name: name, From: from, To: to}, from < to
}
