package store

import "testing"

func TestPlanCacheKeepsTheMostRecentlyUsed(t *testing.T) {
	c := newPlanCache(2)
	for id := int64(1); id <= 2; id++ {
		c.put(PlanVersion{ID: id})
	}
	c.get(1) // 2 is now the least recently used
	c.put(PlanVersion{ID: 3})
	tests := []struct {
		name string
		id   int64
		kept bool
	}{
		{"used again", 1, true},
		{"least recently used is dropped", 2, false},
		{"newest", 3, true},
		{"never stored", 4, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, ok := c.get(tt.id); ok != tt.kept {
				t.Errorf("get(%d) found = %v, want %v", tt.id, ok, tt.kept)
			}
		})
	}
	if c.order.Len() != 2 || len(c.byID) != 2 {
		t.Errorf("cache holds %d/%d entries, want at most 2", c.order.Len(), len(c.byID))
	}
}
