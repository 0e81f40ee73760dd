module rexasyncio

go 1.26.0

require (
	github.com/anishathalye/porcupine v1.3.1
	go.uber.org/goleak v1.3.0
	golang.org/x/sync v0.25.0
)

require github.com/stretchr/testify v1.8.1 // indirect
