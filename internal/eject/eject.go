// Package eject turns one of rexasyncio's examples into a program of its
// own, for rexasyncio --eject DIR: DIR/main.go, the example's source as
// package main with a func main that runs it, and DIR/go.mod, which finds
// package asyncio in this module's source directory on this machine.
//
// Every file it writes starts with a line that marks it as written by
// rexasyncio and holds a checksum of the rest. [Write] writes only into a
// new or empty directory, or one that holds nothing but such files, all
// unchanged since: it never overwrites a file that anyone else wrote or
// edited.
package eject

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
)

// ModulePath is the path of the module whose examples are ejected.
const ModulePath = "github.com/rexasyncio/rexasyncio"

// Program is an example to eject.
type Program struct {
	// Name is the example's name ("gather"), also the program's.
	Name string
	// Source is the example's Go file: a package with a func
	// Run(ctx context.Context, w io.Writer) error.
	Source string
	// Extra are the package's other files, by name ("race.go"), written
	// beside main.go as package main.
	Extra map[string]string
	// Loop runs Run with asyncio.RunLoop, on the event loop, as
	// rexasyncio does by default; false runs it with asyncio.Run, on
	// free goroutines.
	Loop bool
	// Command is the rexasyncio command line that runs the example the
	// same way, for main's doc comment: "rexasyncio --gather".
	Command string
}

// Module is where an ejected program finds this module.
type Module struct {
	Dir string // the module's source directory, for the replace directive
	Go  string // the go directive's version: "1.26.0"
}

// FindModule finds this module's source directory: where this package was
// compiled from, or else the nearest directory at or above the working
// directory whose go.mod declares [ModulePath]. It fails if the binary was
// built with -trimpath and is not run from within the module.
func FindModule() (Module, error) {
	var tried []string
	if _, file, _, ok := runtime.Caller(0); ok && filepath.IsAbs(file) {
		dir := filepath.Dir(filepath.Dir(filepath.Dir(file)))
		if m, err := moduleAt(dir); err == nil {
			return m, nil
		}
		tried = append(tried, dir)
	}
	if wd, err := os.Getwd(); err == nil {
		for dir := wd; ; dir = filepath.Dir(dir) {
			if m, err := moduleAt(dir); err == nil {
				return m, nil
			}
			if filepath.Dir(dir) == dir {
				break
			}
		}
		tried = append(tried, wd+" and above")
	}
	return Module{}, fmt.Errorf("cannot find the source of %s (tried %s): run rexasyncio from within it",
		ModulePath, strings.Join(tried, ", "))
}

var (
	moduleLine = regexp.MustCompile(`(?m)^module\s+(\S+)\s*$`)
	goLine     = regexp.MustCompile(`(?m)^go\s+(\S+)\s*$`)
)

// moduleAt returns the module in dir if its go.mod declares ModulePath.
func moduleAt(dir string) (Module, error) {
	b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return Module{}, err
	}
	m := moduleLine.FindSubmatch(b)
	if m == nil || string(m[1]) != ModulePath {
		return Module{}, fmt.Errorf("%s/go.mod is not %s's", dir, ModulePath)
	}
	mod := Module{Dir: dir, Go: strings.TrimPrefix(runtime.Version(), "go")}
	if g := goLine.FindSubmatch(b); g != nil {
		mod.Go = string(g[1])
	}
	return mod, nil
}

// Files returns the files to write: "main.go", "go.mod" and p.Extra.
func Files(p Program, mod Module) (map[string][]byte, error) {
	mainGo, err := mainFile(p)
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{
		"main.go": marked(p.Name, mainGo),
		"go.mod":  marked(p.Name, goMod(p.Name, mod)),
	}
	for name, src := range p.Extra {
		if _, taken := files[name]; taken || filepath.Base(name) != name ||
			!strings.HasSuffix(name, ".go") {
			return nil, fmt.Errorf("eject %s: cannot write an extra file named %q", p.Name, name)
		}
		out, err := asMain(p.Name, name, src)
		if err != nil {
			return nil, err
		}
		files[name] = marked(p.Name, out)
	}
	return files, nil
}

// asMain is a file of the example's package as a file of package main.
func asMain(name, file, src string) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, src, parser.PackageClauseOnly)
	if err != nil {
		return nil, fmt.Errorf("eject %s: %v", name, err)
	}
	pkg := fset.Position(f.Package).Offset
	src = src[:pkg] + "package main" + src[pkg+len("package "+f.Name.Name):]
	return format.Source([]byte(src))
}

// mainFile is p's source as package main, with a func main.
func mainFile(p Program) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, p.Name+".go", p.Source, parser.ParseComments)
	if err != nil {
		return nil, fmt.Errorf("eject %s: %v", p.Name, err)
	}
	if f.Name.Name == "main" {
		return nil, fmt.Errorf("eject %s: it is package main already", p.Name)
	}
	for _, decl := range f.Decls {
		if fn, ok := decl.(*ast.FuncDecl); ok && fn.Recv == nil && fn.Name.Name == "main" {
			return nil, fmt.Errorf("eject %s: it declares main already", p.Name)
		}
	}
	if !hasRun(f) {
		return nil, fmt.Errorf("eject %s: no func Run(ctx context.Context, w io.Writer) error", p.Name)
	}
	imported := make(map[string]bool)
	for _, spec := range f.Imports {
		path, _ := strconv.Unquote(spec.Path.Value)
		imported[path] = true
	}
	// A program whose children are itself must serve them first thing.
	servesChildren := imported[processPath]
	var missing []string
	for _, path := range []string{"context", "fmt", "os", ModulePath + "/asyncio"} {
		if !imported[path] {
			missing = append(missing, strconv.Quote(path))
		}
	}

	src := p.Source
	// The package clause, and its doc comment: a command's begins
	// "Command name", not "Package name".
	pkg := fset.Position(f.Package).Offset
	src = src[:pkg] + "package main" + src[pkg+len("package "+f.Name.Name):]
	src = strings.Replace(src, "// Package "+f.Name.Name+" ", "// Command "+p.Name+" ", 1)
	if len(missing) > 0 {
		i := strings.Index(src, "\nimport (\n")
		if i < 0 {
			return nil, fmt.Errorf("eject %s: no import block to add %s to", p.Name, strings.Join(missing, ", "))
		}
		i += len("\nimport (\n")
		src = src[:i] + "\t" + strings.Join(missing, "\n\t") + "\n" + src[i:]
	}
	src = strings.TrimRight(src, "\n") + "\n" + mainFunc(p, servesChildren)
	out, err := format.Source([]byte(src)) // also sorts the imports
	if err != nil {
		return nil, fmt.Errorf("eject %s: %v", p.Name, err)
	}
	return out, nil
}

// hasRun reports whether f declares func Run(ctx context.Context, w
// io.Writer) error.
func hasRun(f *ast.File) bool {
	for _, decl := range f.Decls {
		fn, ok := decl.(*ast.FuncDecl)
		if !ok || fn.Recv != nil || fn.Name.Name != "Run" {
			continue
		}
		params, results := fn.Type.Params.List, fn.Type.Results
		return len(params) == 2 && len(params[0].Names) <= 1 &&
			types(params) == "context.Context io.Writer" &&
			results != nil && types(results.List) == "error"
	}
	return false
}

// types spells the types of a field list, one per name.
func types(fields []*ast.Field) string {
	var s []string
	for _, f := range fields {
		var b bytes.Buffer
		format.Node(&b, token.NewFileSet(), f.Type)
		for range max(len(f.Names), 1) {
			s = append(s, b.String())
		}
	}
	return strings.Join(s, " ")
}

// processPath is the package whose child processes are the program itself.
const processPath = ModulePath + "/asyncio/process"

func mainFunc(p Program, servesChildren bool) string {
	run, on := "asyncio.Run", "on goroutines"
	if p.Loop {
		run, on = "asyncio.RunLoop", "on asyncio's event loop"
	}
	serve := ""
	if servesChildren {
		serve = `	// The child processes are this program started again: in one of
	// those, this serves calls and never returns.
	process.ServeIfChild()
`
	}
	command := p.Command
	if command == "" {
		command = "rexasyncio --" + p.Name
	}
	return fmt.Sprintf(`
// main runs Run as %s does: %s, printing to stdout.
// Ctrl-C cancels it.
func main() {
`+serve+`	err := %s(context.Background(), func(ctx context.Context) error {
		return Run(ctx, os.Stdout)
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
`, command, on, run)
}

func goMod(name string, mod Module) []byte {
	return fmt.Appendf(nil, `module example.com/rexasyncio/%s

go %s

require %s v0.0.0

// rexasyncio is not published yet: this directive builds it from its
// source directory on this machine.
replace %s => %s
`, name, mod.Go, ModulePath, ModulePath, quoteModPath(mod.Dir))
}

// quoteModPath quotes a directory for go.mod if it needs it.
func quoteModPath(dir string) string {
	if strings.ContainsAny(dir, " \t\"'`\\") {
		return strconv.Quote(dir)
	}
	return dir
}

// markPrefix starts the first line of every file Write may overwrite.
const markPrefix = "// Written by rexasyncio --eject "

var markLine = regexp.MustCompile(`^// Written by rexasyncio --eject \S+ \(checksum ([0-9a-f]{16})\)\.$`)

// marked puts the mark, with body's checksum, above body.
func marked(name string, body []byte) []byte {
	mark := fmt.Sprintf("%s%s (checksum %s).\n"+
		"// rexasyncio overwrites this file only while it is unchanged: edit freely.\n\n",
		markPrefix, name, checksum(body))
	return append([]byte(mark), body...)
}

func checksum(body []byte) string {
	sum := sha256.Sum256(body)
	return fmt.Sprintf("%x", sum[:8])
}

// unchanged reports whether b is a file marked, and is as it was written.
func unchanged(b []byte) bool {
	first, rest, ok := bytes.Cut(b, []byte("\n"))
	if !ok {
		return false
	}
	m := markLine.FindSubmatch(first)
	if m == nil {
		return false
	}
	// The mark's second line and the blank line after it.
	_, body, ok := bytes.Cut(rest, []byte("\n\n"))
	return ok && checksum(body) == string(m[1])
}

// ErrNotOurs is matched (errors.Is) by the error Write returns when dir
// holds a file that it did not write, or that was edited since.
var ErrNotOurs = errors.New("holds files rexasyncio did not write")

// Write writes files into dir, creating it if need be. If dir exists, it
// must be empty or hold only files named in files, each written by Write
// and unchanged since; otherwise Write writes nothing and returns an error
// matching [ErrNotOurs], naming the first such file.
func Write(dir string, files map[string][]byte) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	case err != nil:
		return err
	}
	for _, e := range entries {
		path := filepath.Join(dir, e.Name())
		if _, ours := files[e.Name()]; !ours || !e.Type().IsRegular() {
			return fmt.Errorf("%s %w: %s", dir, ErrNotOurs, e.Name())
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if !unchanged(b) {
			return fmt.Errorf("%s %w, or edited since: %s", dir, ErrNotOurs, e.Name())
		}
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if err := os.WriteFile(filepath.Join(dir, name), files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}
