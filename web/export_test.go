package web

// ResetLimitsForTest forgets every address's submissions.
func (s *Server) ResetLimitsForTest() {
	for _, l := range []*limiter{s.tipLimit, s.trackLimit, s.loginLimit} {
		l.reset()
	}
}

// TipStepName names a tip's handling step, for tests.
var TipStepName = tipStepName
