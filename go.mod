module rexasyncio

go 1.26.0

require go.uber.org/goleak v1.3.0

require (
	github.com/sourcegraph/conc v0.3.0 // indirect
	github.com/stretchr/testify v1.8.1 // indirect
	golang.org/x/sync v0.25.0 // indirect
)
