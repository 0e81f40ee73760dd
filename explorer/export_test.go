package explorer

import "github.com/rexasyncio/rexasyncio/asyncio"

// LiveRuns returns how many live runs s is streaming.
func LiveRuns(s *Server) int { return len(s.live) }

// TasksOf returns the timeline a recording of the example whose Go file is
// file (Example.File) gives for events, counted from the first.
func TasksOf(file string, events []asyncio.TaskEvent) []Task {
	s := newSink(file)
	s.start = events[0].Time
	for _, e := range events {
		s.Record(e)
	}
	return s.tasks()
}
