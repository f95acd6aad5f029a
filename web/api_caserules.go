package web

// The JSON API of the rules of cases (the office) and the units' case
// number prefixes (the office any unit's, a unit's head its own).

import (
	"net/http"

	"dajia/app"
)

func (s *Server) apiCaseRules(w http.ResponseWriter, r *http.Request) error {
	rules, err := s.app.CaseRulesFor(r.Context(), actorOf(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rules.Input())
	return nil
}

// apiCaseRulesPut replaces both lists; an empty list brings back its
// defaults. Every row's problem is listed (field thresholds.2.min).
func (s *Server) apiCaseRulesPut(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.app.CaseRulesFor(r.Context(), actorOf(r)); err != nil {
		return err
	}
	var in app.CaseRulesInput
	if err := readJSON(w, r, &in); err != nil {
		return err
	}
	rules, err := s.app.SaveCaseRules(r.Context(), actorOf(r), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rules.Input())
	return nil
}

func (s *Server) apiCasePrefixes(w http.ResponseWriter, r *http.Request) error {
	units, err := s.app.CasePrefixes(r.Context(), actorOf(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"prefixes": units})
	return nil
}

// apiCasePrefixPut sets one unit's prefix ("" or left out: the caller's
// own unit).
func (s *Server) apiCasePrefixPut(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Unit   string `json:"unit"`
		Prefix string `json:"prefix"`
	}
	if err := readJSON(w, r, &in); err != nil {
		return err
	}
	if err := s.app.SetCasePrefix(r.Context(), actorOf(r), in.Unit, in.Prefix); err != nil {
		return err
	}
	return s.apiCasePrefixes(w, r)
}
