package dajia

import (
	"slices"
	"strings"
)

// PlanFormat is the only plan file format this version reads.
const PlanFormat = "dajia/plan/v1"

// Plan kinds: a yearly work plan with phases, standing rules (制度, no
// phases) or work points (要点).
const (
	KindAnnualPlan    = "annual-plan"
	KindStandingRules = "standing-rules"
	KindWorkPoints    = "work-points"
)

// Jurisdiction levels, from the top down.
var levelRank = map[string]int{"province": 1, "city": 2, "county": 3, "town": 4}

// LevelName gives the Chinese name of a jurisdiction level.
func LevelName(level string) string {
	return map[string]string{"province": "省级", "city": "市级", "county": "县级", "town": "镇级"}[level]
}

// Lead scopes: a campaign may split its lead between making and selling.
const (
	ScopeProduction  = "生产领域"
	ScopeCirculation = "流通领域"
)

// Plan is a work plan (工作方案) as its document states it.
type Plan struct {
	Format       string          `yaml:"format" json:"format"`
	ID           string          `yaml:"id" json:"id"`
	Title        string          `yaml:"title" json:"title"`
	Year         int             `yaml:"year" json:"year"`
	Kind         string          `yaml:"kind,omitempty" json:"kind,omitempty"`
	Jurisdiction Jurisdiction    `yaml:"jurisdiction" json:"jurisdiction"`
	Document     Document        `yaml:"document" json:"document"`
	Goals        string          `yaml:"goals,omitempty" json:"goals,omitempty"`
	Principles   string          `yaml:"principles,omitempty" json:"principles,omitempty"`
	Requirements string          `yaml:"requirements,omitempty" json:"requirements,omitempty"`
	Office       *Office         `yaml:"office,omitempty" json:"office,omitempty"`
	Departments  []Unit          `yaml:"departments,omitempty" json:"departments,omitempty"`
	Units        []Unit          `yaml:"units,omitempty" json:"units,omitempty"`
	Campaigns    []Campaign      `yaml:"campaigns" json:"campaigns"`
	Phases       []Phase         `yaml:"phases,omitempty" json:"phases,omitempty"`
	Reporting    []ReportingRule `yaml:"reporting,omitempty" json:"reporting,omitempty"`
	Watch        []Watch         `yaml:"watch,omitempty" json:"watch,omitempty"`
}

type Jurisdiction struct {
	Name   string `yaml:"name" json:"name"`
	Level  string `yaml:"level,omitempty" json:"level,omitempty"`
	Parent string `yaml:"parent,omitempty" json:"parent,omitempty"`
	Code   string `yaml:"code,omitempty" json:"code,omitempty"`
}

type Document struct {
	Number     string   `yaml:"number,omitempty" json:"number,omitempty"`
	Issuer     string   `yaml:"issuer" json:"issuer"`
	IssuedOn   Date     `yaml:"issued_on" json:"issued_on"`
	Recipients string   `yaml:"recipients,omitempty" json:"recipients,omitempty"`
	Basis      []DocRef `yaml:"basis,omitempty" json:"basis,omitempty"`
}

// DocRef names an upper-level document (上级文件) the plan implements.
type DocRef struct {
	Title  string `yaml:"title" json:"title"`
	Number string `yaml:"number,omitempty" json:"number,omitempty"`
}

// Office is the anti-counterfeiting office (打假办) and the department that
// hosts it.
type Office struct {
	Name    string   `yaml:"name" json:"name"`
	Host    string   `yaml:"host,omitempty" json:"host,omitempty"`
	Contact *Contact `yaml:"contact,omitempty" json:"contact,omitempty"`
}

type Contact struct {
	Name  string `yaml:"name,omitempty" json:"name,omitempty"`
	Phone string `yaml:"phone,omitempty" json:"phone,omitempty"`
}

// Unit is a functional department (职能部门) or another responsible or
// reporting unit (a village, community, market...).
type Unit struct {
	Key     string   `yaml:"key" json:"key"`
	Name    string   `yaml:"name" json:"name"`
	Aliases []string `yaml:"aliases,omitempty" json:"aliases,omitempty"`
	Level   string   `yaml:"level,omitempty" json:"level,omitempty"`
	Kind    string   `yaml:"kind,omitempty" json:"kind,omitempty"`
}

// Campaign is a product campaign (专项打假).
type Campaign struct {
	No         int      `yaml:"no" json:"no"`
	Name       string   `yaml:"name" json:"name"`
	Categories []string `yaml:"categories,omitempty" json:"categories,omitempty"`
	Focus      []string `yaml:"focus,omitempty" json:"focus,omitempty"`
	Targets    []string `yaml:"targets,omitempty" json:"targets,omitempty"`
	Places     []string `yaml:"places,omitempty" json:"places,omitempty"`
	Lead       []Lead   `yaml:"lead" json:"lead"`
	Support    []string `yaml:"support,omitempty" json:"support,omitempty"`
	Text       string   `yaml:"text,omitempty" json:"text,omitempty"`
}

// Lead is a lead department (牵头) of a campaign, possibly for one scope.
type Lead struct {
	Dept  string `yaml:"dept" json:"dept"`
	Scope string `yaml:"scope,omitempty" json:"scope,omitempty"`
}

// Phase is a dated work phase (工作阶段).
type Phase struct {
	Key          string `yaml:"key,omitempty" json:"key,omitempty"`
	Name         string `yaml:"name" json:"name"`
	Start        Date   `yaml:"start" json:"start"`
	End          Date   `yaml:"end" json:"end"`
	JointActions int    `yaml:"joint_actions,omitempty" json:"joint_actions,omitempty"`
	Text         string `yaml:"text,omitempty" json:"text,omitempty"`
}

// Indicator is one figure of a periodic report.
type Indicator struct {
	Key  string `yaml:"key" json:"key"`
	Name string `yaml:"name" json:"name"`
	Unit string `yaml:"unit,omitempty" json:"unit,omitempty"`
}

// Watch is a warning area or market (警示区域/警示市场).
type Watch struct {
	Kind string `yaml:"kind,omitempty" json:"kind,omitempty"`
	Name string `yaml:"name" json:"name"`
	Note string `yaml:"note,omitempty" json:"note,omitempty"`
}

// UnitClass says what a name in the plan refers to.
type UnitClass string

const (
	ClassOffice     UnitClass = "office"
	ClassDepartment UnitClass = "department"
	ClassUnit       UnitClass = "unit"
)

// OfficeKey is the key under which the office is known when the plan gives
// it no key of its own.
const OfficeKey = "office"

// UnitRef is a resolved reference to the office, a department or a unit.
type UnitRef struct {
	Class UnitClass
	Unit  Unit
}

// Refs lists the office, then the departments, then the units, each under
// its key: what an account may belong to.
func (p *Plan) Refs() []UnitRef {
	var refs []UnitRef
	if p.Office != nil {
		refs = append(refs, UnitRef{ClassOffice, Unit{Key: OfficeKey, Name: p.Office.Name, Level: p.Jurisdiction.Level}})
	}
	for _, u := range p.Departments {
		refs = append(refs, UnitRef{ClassDepartment, u})
	}
	for _, u := range p.Units {
		refs = append(refs, UnitRef{ClassUnit, u})
	}
	return refs
}

// Lookup resolves a key, name or alias to the office, a department or a unit.
func (p *Plan) Lookup(ref string) (UnitRef, bool) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return UnitRef{}, false
	}
	if p.Office != nil && (ref == p.Office.Name || ref == OfficeKey) {
		return UnitRef{ClassOffice, Unit{Key: OfficeKey, Name: p.Office.Name, Level: p.Jurisdiction.Level}}, true
	}
	for _, list := range []struct {
		c  UnitClass
		us []Unit
	}{{ClassDepartment, p.Departments}, {ClassUnit, p.Units}} {
		for _, u := range list.us {
			if u.Key == ref || u.Name == ref || slices.Contains(u.Aliases, ref) {
				return UnitRef{list.c, u}, true
			}
		}
	}
	return UnitRef{}, false
}

// KeyOf returns the key of a referenced unit, or the reference itself when it
// names nothing the plan knows.
func (p *Plan) KeyOf(ref string) string {
	if r, ok := p.Lookup(ref); ok {
		return r.Unit.Key
	}
	return ref
}

// AllUnits lists the office (if any), the departments and the units.
func (p *Plan) AllUnits() []UnitRef {
	var out []UnitRef
	if p.Office != nil {
		r, _ := p.Lookup(OfficeKey)
		out = append(out, r)
	}
	for _, u := range p.Departments {
		out = append(out, UnitRef{ClassDepartment, u})
	}
	for _, u := range p.Units {
		out = append(out, UnitRef{ClassUnit, u})
	}
	return out
}

// IsUpperLevel reports whether u sits above the plan's jurisdiction (a city
// bureau named in a town plan): work routed to it goes through the office.
func (p *Plan) IsUpperLevel(u Unit) bool {
	ur, ok1 := levelRank[u.Level]
	jr, ok2 := levelRank[p.Jurisdiction.Level]
	return ok1 && ok2 && ur < jr
}

// CampaignByNo finds a campaign by its number.
func (p *Plan) CampaignByNo(no int) (*Campaign, bool) {
	for i := range p.Campaigns {
		if p.Campaigns[i].No == no {
			return &p.Campaigns[i], true
		}
	}
	return nil, false
}

// CampaignRole is what a unit does in a campaign.
type CampaignRole struct {
	Campaign *Campaign
	Scope    string // for a lead: its scope, if any
}

// LeadsOf lists the campaigns a unit leads, with the scope of its lead.
func (p *Plan) LeadsOf(key string) []CampaignRole {
	var out []CampaignRole
	for i := range p.Campaigns {
		c := &p.Campaigns[i]
		for _, l := range c.Lead {
			if p.KeyOf(l.Dept) == key {
				out = append(out, CampaignRole{Campaign: c, Scope: l.Scope})
			}
		}
	}
	return out
}

// SupportsOf lists the campaigns where a unit supports (配合).
func (p *Plan) SupportsOf(key string) []CampaignRole {
	var out []CampaignRole
	for i := range p.Campaigns {
		c := &p.Campaigns[i]
		for _, s := range c.Support {
			if p.KeyOf(s) == key {
				out = append(out, CampaignRole{Campaign: c})
				break
			}
		}
	}
	return out
}

// PhaseOn returns the phase running on day d, if any.
func (p *Plan) PhaseOn(d Date) (*Phase, bool) {
	for i := range p.Phases {
		if d.Within(p.Phases[i].Start, p.Phases[i].End) {
			return &p.Phases[i], true
		}
	}
	return nil, false
}

// DisplayName gives the name a reference should be shown under: the unit's
// own name when the plan knows it.
func (p *Plan) DisplayName(ref string) string {
	if r, ok := p.Lookup(ref); ok {
		return r.Unit.Name
	}
	return ref
}
