package process

// Hooks for the tests in package process_test.

// WorkerEnv is the environment variable that marks a worker.
const WorkerEnv = workerEnv

// WithFrameLimit lowers the frame limit, so that the tests need not send
// MaxFrameSize bytes to cross it.
func WithFrameLimit(n int) Option { return func(p *Pool) { p.frameLimit = n } }

// WithEnv lets a test change a worker's environment before it starts: to
// start a child that is not a worker, or one with another pool's token.
func WithEnv(edit func(env []string) []string) Option {
	return func(p *Pool) { p.editEnv = edit }
}
