package main

import (
	"embed"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// pythonScripts are the CPython workloads, embedded so that the bench runs
// from any directory.
//
//go:embed python/*.py
var pythonScripts embed.FS

// pythonEnv is where the CPython contender runs from.
type pythonEnv struct {
	exe     string // python3's path; "" when it is not installed
	version string // e.g. "Python 3.11.7"
	dir     string // a temporary directory holding the scripts
}

// preparePython finds python3 and writes the scripts to a temporary
// directory; call cleanup when done. Without python3 it returns a pythonEnv
// with exe "" and the CPython column stays empty.
func preparePython() (env pythonEnv, cleanup func(), err error) {
	cleanup = func() {}
	exe, err := exec.LookPath("python3")
	if err != nil {
		return env, cleanup, nil
	}
	// python3 may be a launcher (a pyenv shim is a shell script): run the
	// interpreter itself, so that nothing but CPython is in the child.
	out, err := exec.Command(exe, "-c", "import sys, platform; print(sys.executable); print('Python', platform.python_version())").Output()
	if err != nil {
		return env, cleanup, nil
	}
	exe, version, ok := strings.Cut(strings.TrimSpace(string(out)), "\n")
	if !ok || exe == "" {
		return env, cleanup, nil
	}
	dir, err := os.MkdirTemp("", "rexasyncio-bench-")
	if err != nil {
		return env, cleanup, err
	}
	cleanup = func() { os.RemoveAll(dir) }
	scripts, err := fs.Glob(pythonScripts, "python/*.py")
	if err != nil {
		return env, cleanup, err
	}
	for _, name := range scripts {
		data, err := pythonScripts.ReadFile(name)
		if err != nil {
			return env, cleanup, err
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(name)), data, 0o644); err != nil {
			return env, cleanup, err
		}
	}
	return pythonEnv{exe: exe, version: version, dir: dir}, cleanup, nil
}
