package app

import (
	"context"
	"strings"

	"dajia"
)

// Person is who did something, as histories show it: a person's name and
// unit, the public, or the system.
type Person struct {
	Name   string     // display name, or the login name if it has none
	Unit   string     // the unit's name under the newest plan
	Role   dajia.Role // for accounts without a unit (打假办, 领导)
	Public bool
	System bool
}

// People names the accounts behind the login names that histories keep.
func (a *App) People(ctx context.Context) (map[string]Person, error) {
	users, err := a.db.Users(ctx)
	if err != nil {
		return nil, err
	}
	var plan *dajia.Plan
	if plans, err := a.db.Plans(ctx); err == nil && len(plans) > 0 {
		if v, err := a.db.Plan(ctx, plans[0].ID); err == nil {
			plan = v.Plan
		}
	}
	out := make(map[string]Person, len(users))
	for _, u := range users {
		p := Person{Name: u.DisplayName, Role: u.Role}
		if p.Name == "" {
			p.Name = u.Name
		}
		if u.Unit != "" {
			p.Unit = u.Unit
			if plan != nil {
				p.Unit = plan.DisplayName(u.Unit)
			}
		}
		out[u.Name] = p
	}
	return out, nil
}

// PersonOf is the person behind a login name of a history: an account of
// people, the public, or the system (the reminders, the command line).
func PersonOf(people map[string]Person, login string) Person {
	switch {
	case login == dajia.PublicActor("").Name:
		return Person{Public: true}
	case login == dajia.SystemActor().Name || strings.HasPrefix(login, "cli:") || login == "":
		return Person{System: true}
	}
	if p, ok := people[login]; ok {
		return p
	}
	return Person{Name: login}
}
