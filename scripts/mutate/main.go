// Command mutate checks that the tests of package asyncio notice small,
// deliberate bugs in its primitives: for each mutation in mutations.go it
// applies the change to a temporary copy of the module (never to the working
// tree), runs the tests that should notice it (a mutant that does not build
// is an error, not a kill), and reports the mutant killed
// (the tests failed) or survived (they passed: a test is missing). It prints
// the kill rate and exits 1 if any mutant survived, or 2 if a mutation no
// longer applies to the source or does not compile.
//
//	go run ./scripts/mutate               # every mutation
//	go run ./scripts/mutate -run Queue    # those whose name matches
//	go run ./scripts/mutate -list         # list them
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

func main() {
	run := flag.String("run", "", "only the mutations whose name matches this regular expression")
	list := flag.Bool("list", false, "list the mutations and exit")
	flag.Parse()
	selected, err := selectMutations(*run)
	if err != nil {
		fail(2, err)
	}
	if *list {
		for _, m := range selected {
			fmt.Printf("%-16s %s\n", m.file, m.name)
		}
		return
	}
	root, err := moduleRoot()
	if err != nil {
		fail(2, err)
	}
	sources, err := checkAll(root, selected)
	if err != nil {
		fail(2, err)
	}
	tmp, err := os.MkdirTemp("", "rexasyncio-mutate-")
	if err != nil {
		fail(2, err)
	}
	defer os.RemoveAll(tmp)
	if err := copyModule(root, tmp); err != nil {
		fail(2, err)
	}

	start := time.Now()
	killed, survived := 0, 0
	var broken []string
	for i, m := range selected {
		res := runMutant(tmp, m, sources[m.file])
		fmt.Printf("%2d/%d %-8s %5.1fs  %s", i+1, len(selected), res.verdict, res.took.Seconds(), m.name)
		if res.by != "" {
			fmt.Printf("  (%s)", res.by)
		}
		fmt.Println()
		switch res.verdict {
		case "killed":
			killed++
		case "SURVIVED":
			survived++
		default:
			broken = append(broken, m.name+": "+res.detail)
		}
	}
	total := killed + survived
	fmt.Printf("kill rate: %d of %d mutants killed (%.0f%%) in %.0fs\n",
		killed, total, 100*float64(killed)/float64(max(total, 1)), time.Since(start).Seconds())
	if len(broken) > 0 {
		fail(2, fmt.Errorf("mutations that could not be tested:\n  %s", strings.Join(broken, "\n  ")))
	}
	if survived > 0 {
		os.Exit(1)
	}
}

func fail(code int, err error) {
	fmt.Fprintln(os.Stderr, "mutate:", err)
	os.Exit(code)
}

func selectMutations(pattern string) ([]mutation, error) {
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil, err
	}
	var out []mutation
	for _, m := range mutations {
		if re.MatchString(m.name) {
			out = append(out, m)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no mutation matches %q", pattern)
	}
	return out, nil
}

// moduleRoot is the directory of the main module's go.mod.
func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", err
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", errors.New("not inside a module")
	}
	return filepath.Dir(gomod), nil
}

// checkAll reads the files the mutations change and checks that each
// mutation's old text occurs exactly once in its file. It returns the
// files' contents by name.
func checkAll(root string, ms []mutation) (map[string]string, error) {
	sources := map[string]string{}
	var drifted []string
	for _, m := range ms {
		src, ok := sources[m.file]
		if !ok {
			b, err := os.ReadFile(filepath.Join(root, m.file))
			if err != nil {
				return nil, err
			}
			src = string(b)
			sources[m.file] = src
		}
		if err := m.check(src); err != nil {
			drifted = append(drifted, err.Error())
		}
	}
	if len(drifted) > 0 {
		return nil, fmt.Errorf("the source drifted from the mutations; update scripts/mutate/mutations.go:\n  %s",
			strings.Join(drifted, "\n  "))
	}
	return sources, nil
}

func (m mutation) check(src string) error {
	if n := strings.Count(src, m.old); n != 1 {
		return fmt.Errorf("%s: %q occurs %d times in %s, want once", m.name, m.old, n, m.file)
	}
	return nil
}

// copyModule copies the module's go.mod, go.sum and asyncio directory (all
// that package asyncio's tests need) into dst.
func copyModule(root, dst string) error {
	for _, f := range []string{"go.mod", "go.sum"} {
		if err := copyFile(filepath.Join(root, f), filepath.Join(dst, f)); err != nil {
			return err
		}
	}
	src := filepath.Join(root, "asyncio")
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		return copyFile(path, filepath.Join(dst, rel))
	})
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o644)
}

type result struct {
	verdict string // "killed", "SURVIVED" or "error"
	by      string // the first failing test, or "timeout"
	detail  string // for an error
	took    time.Duration
}

var failLine = regexp.MustCompile(`(?m)^\s*--- FAIL: (\S+)`)

// runMutant applies m to the copy in dir, runs its tests, and restores the
// file.
func runMutant(dir string, m mutation, src string) (res result) {
	start := time.Now()
	defer func() { res.took = time.Since(start) }()
	path := filepath.Join(dir, m.file)
	if err := os.WriteFile(path, []byte(strings.Replace(src, m.old, m.new, 1)), 0o644); err != nil {
		return result{verdict: "error", detail: err.Error()}
	}
	defer os.WriteFile(path, []byte(src), 0o644)

	timeout := m.timeout
	if timeout == 0 {
		timeout = defaultTimeout
	}
	// go test's own -timeout fails a hung test with a stack dump; the
	// context is a backstop.
	ctx, cancel := context.WithTimeout(context.Background(), timeout+30*time.Second)
	defer cancel()
	out, err := goCmd(ctx, dir, "test", "-count=1", "-timeout", timeout.String(), "-run", m.tests, "./asyncio").CombinedOutput()
	switch {
	case err == nil && bytes.Contains(out, []byte("no tests to run")):
		return result{verdict: "error", detail: "no test matches " + m.tests}
	case err == nil:
		return result{verdict: "SURVIVED"}
	case bytes.Contains(out, []byte("[build failed]")) || bytes.Contains(out, []byte("[setup failed]")):
		return result{verdict: "error", detail: "the mutant does not build: " + firstLines(out, 5)}
	case bytes.Contains(out, []byte("panic: test timed out")) || ctx.Err() != nil:
		return result{verdict: "killed", by: "a hang, caught by the timeout"}
	}
	by := "go test failed"
	if m := failLine.FindSubmatch(out); m != nil {
		by = string(m[1])
	} else if bytes.Contains(out, []byte("deadlock: all goroutines in bubble are blocked")) {
		by = "a synctest deadlock"
	}
	return result{verdict: "killed", by: by}
}

func goCmd(ctx context.Context, dir string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	return cmd
}

func firstLines(b []byte, n int) string {
	lines := strings.SplitN(strings.TrimSpace(string(b)), "\n", n+1)
	return strings.Join(lines[:min(n, len(lines))], " | ")
}
