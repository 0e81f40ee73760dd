package eject_test

import (
	"errors"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.uber.org/goleak"

	"github.com/rexasyncio/rexasyncio/internal/eject"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const example = `// Package hello says hello.
package hello

import (
	"context"
	"io"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

func hello(ctx context.Context, w io.Writer) error {
	io.WriteString(w, "hello\n")
	return asyncio.Sleep(ctx, time.Millisecond)
}

// Run says hello.
func Run(ctx context.Context, w io.Writer) error { return hello(ctx, w) }
`

func TestFiles(t *testing.T) {
	mod := eject.Module{Dir: "/src/rex asyncio", Go: "1.26.0"}
	files, err := eject.Files(eject.Program{Name: "hello", Source: example, Loop: true}, mod)
	if err != nil {
		t.Fatal(err)
	}
	mainGo := string(files["main.go"])
	for _, want := range []string{
		"// Written by rexasyncio --eject hello (checksum ",
		"\n\n// Command hello says hello.\npackage main\n",
		"import (\n\t\"context\"\n\t\"fmt\"\n\t\"io\"\n\t\"os\"\n\t\"time\"\n\n\t\"github.com/rexasyncio/rexasyncio/asyncio\"\n)",
		"err := asyncio.RunLoop(context.Background(), func(ctx context.Context) error {",
		"return Run(ctx, os.Stdout)",
	} {
		if !strings.Contains(mainGo, want) {
			t.Errorf("main.go lacks %q:\n%s", want, mainGo)
		}
	}
	f, err := parser.ParseFile(token.NewFileSet(), "main.go", mainGo, 0)
	if err != nil || f.Name.Name != "main" {
		t.Errorf("main.go does not parse as package main: %v", err)
	}

	goMod := string(files["go.mod"])
	for _, want := range []string{
		"// Written by rexasyncio --eject hello (checksum ",
		"\nmodule example.com/rexasyncio/hello\n",
		"\ngo 1.26.0\n",
		"\nrequire github.com/rexasyncio/rexasyncio v0.0.0\n",
		"is not published yet",
		"\nreplace github.com/rexasyncio/rexasyncio => \"/src/rex asyncio\"\n",
	} {
		if !strings.Contains(goMod, want) {
			t.Errorf("go.mod lacks %q:\n%s", want, goMod)
		}
	}

	files, err = eject.Files(eject.Program{Name: "hello", Source: example}, mod)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(files["main.go"]), "err := asyncio.Run(context.Background(),") {
		t.Errorf("without Loop, main does not call asyncio.Run:\n%s", files["main.go"])
	}
}

// TestFilesExtra: the package's other files come along as package main,
// and a program that starts child processes serves them first thing.
func TestFilesExtra(t *testing.T) {
	src := strings.Replace(example, `"time"`, "\"time\"\n\n\t\"github.com/rexasyncio/rexasyncio/asyncio/process\"", 1) +
		"\nvar _ = process.ServeIfChild\n"
	race := "//go:build race\n\npackage hello\n\nconst raceEnabled = true\n"
	files, err := eject.Files(eject.Program{
		Name: "hello", Source: src, Extra: map[string]string{"race.go": race},
		Command: "rexasyncio --hello --goroutines",
	}, eject.Module{Dir: "/src", Go: "1.26.0"})
	if err != nil {
		t.Fatal(err)
	}
	if got := string(files["race.go"]); !strings.Contains(got, "\n\n//go:build race\n\npackage main\n") {
		t.Errorf("race.go:\n%s", got)
	}
	mainGo := string(files["main.go"])
	for _, want := range []string{
		"as rexasyncio --hello --goroutines does: on goroutines",
		"func main() {\n\t// The child processes",
		"\tprocess.ServeIfChild()\n\terr := asyncio.Run(",
	} {
		if !strings.Contains(mainGo, want) {
			t.Errorf("main.go lacks %q:\n%s", want, mainGo)
		}
	}
	for _, name := range []string{"main.go", "go.mod", "../x.go", "notes.md"} {
		_, err := eject.Files(eject.Program{Name: "hello", Source: example, Extra: map[string]string{name: race}},
			eject.Module{Dir: "/src", Go: "1.26.0"})
		if err == nil {
			t.Errorf("an extra file named %q: Files succeeded", name)
		}
	}
}

func TestFilesRefuses(t *testing.T) {
	mod := eject.Module{Dir: "/src", Go: "1.26.0"}
	for name, src := range map[string]string{
		"not Go":     "package",
		"no Run":     "package p\n\nimport \"io\"\n\nfunc Run(w io.Writer) error { return nil }\n",
		"main":       "package main\n\nfunc Run() {}\n",
		"has main":   strings.Replace(example, "// Run says", "func main() {}\n\n// Run says", 1),
		"no imports": "package p\n\nfunc Run(ctx context.Context, w io.Writer) error { return nil }\n",
	} {
		if _, err := eject.Files(eject.Program{Name: "x", Source: src}, mod); err == nil {
			t.Errorf("%s: Files succeeded", name)
		}
	}
}

func TestWrite(t *testing.T) {
	mod := eject.Module{Dir: "/src", Go: "1.26.0"}
	files, err := eject.Files(eject.Program{Name: "hello", Source: example, Loop: true}, mod)
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "new", "hello")

	// A new directory, then the same again: both fine.
	for range 2 {
		if err := eject.Write(dir, files); err != nil {
			t.Fatal(err)
		}
	}
	for name, want := range files {
		if got, err := os.ReadFile(filepath.Join(dir, name)); err != nil || string(got) != string(want) {
			t.Errorf("%s: %v, or not what was written", name, err)
		}
	}

	// An empty directory is fine.
	empty := filepath.Join(tmp, "empty")
	os.Mkdir(empty, 0o755)
	if err := eject.Write(empty, files); err != nil {
		t.Error(err)
	}

	refused := func(what, dir string) {
		t.Helper()
		before := snapshot(t, dir)
		err := eject.Write(dir, files)
		if !errors.Is(err, eject.ErrNotOurs) {
			t.Errorf("%s: Write = %v, want ErrNotOurs", what, err)
		}
		if after := snapshot(t, dir); after != before {
			t.Errorf("%s: Write changed the directory", what)
		}
	}
	// An edited file of ours.
	edited := filepath.Join(tmp, "edited")
	eject.Write(edited, files)
	os.WriteFile(filepath.Join(edited, "main.go"), append(files["main.go"], "// mine\n"...), 0o644)
	refused("an edited main.go", edited)

	// A file of someone else's, however it is named.
	others := filepath.Join(tmp, "others")
	os.Mkdir(others, 0o755)
	os.WriteFile(filepath.Join(others, "main.go"), []byte("package main\n"), 0o644)
	refused("someone's main.go", others)

	extra := filepath.Join(tmp, "extra")
	eject.Write(extra, files)
	os.WriteFile(filepath.Join(extra, "notes.txt"), []byte("mine"), 0o644)
	refused("a file of another name", extra)

	sub := filepath.Join(tmp, "sub")
	os.MkdirAll(filepath.Join(sub, "go.mod"), 0o755)
	refused("a directory named go.mod", sub)

	// Not a directory at all.
	file := filepath.Join(tmp, "file")
	os.WriteFile(file, []byte("x"), 0o644)
	if err := eject.Write(file, files); err == nil {
		t.Error("Write into a file succeeded")
	}
	if b, _ := os.ReadFile(file); string(b) != "x" {
		t.Error("Write changed a file it was given as a directory")
	}
}

// snapshot describes a directory's files and their contents.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		b.WriteString(path + "\n")
		if d != nil && d.Type().IsRegular() {
			c, _ := os.ReadFile(path)
			b.Write(c)
		}
		return nil
	})
	return b.String()
}

func TestFindModule(t *testing.T) {
	mod, err := eject.FindModule()
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(mod.Dir, "go.mod"))
	if err != nil || !strings.Contains(string(b), "module "+eject.ModulePath+"\n") {
		t.Errorf("FindModule() = %+v: not this module (%v)", mod, err)
	}
	if !strings.Contains(string(b), "\ngo "+mod.Go+"\n") {
		t.Errorf("FindModule().Go = %q, not go.mod's", mod.Go)
	}
}
