package explorer

// LiveRuns returns how many live runs s is streaming.
func LiveRuns(s *Server) int { return len(s.live) }
