package asyncio_test

import "runtime"

var runtimeGoexit = runtime.Goexit
