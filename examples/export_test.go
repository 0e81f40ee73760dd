package examples

// FuncOf returns the function an example's Run wraps, so that the
// tests can find the file it lives in.
func FuncOf(name string) any {
	for _, ex := range catalogue {
		if ex.Name == name {
			return ex.Run
		}
	}
	return nil
}

// StdlibFuncOf is FuncOf for the standard-library form.
func StdlibFuncOf(name string) any {
	for _, ex := range catalogue {
		if ex.Name == name {
			return ex.Stdlib
		}
	}
	return nil
}
