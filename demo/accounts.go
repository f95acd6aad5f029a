package demo

import (
	"context"
	"math/rand/v2"

	"dajia"
	"dajia/secret"
	"dajia/store"
)

// setup imports every plan of the run and makes the accounts whose names
// the records carry: the office, a leader, a supervisor and the
// administrators, and an information officer and a head for every town
// department. The first town's office, leader, supervisor,
// administrators and the staff of two departments are printed with their
// passwords at the end; the others keep a password nobody knows until an
// administrator resets it.
func (g *gen) setup(ctx context.Context, towns []town, years []int) error {
	g.clock.Set(at(dajia.Date{Year: years[0], Month: 1, Day: 1}, 9, 0))
	g.unusable = secret.DefaultHasher().Hash(secret.RandomPassword())
	g.staff = map[string]staff{}
	g.supervisors = map[string]dajia.Actor{}
	g.typed = map[string]string{}
	g.caseSeq = map[string]int{}
	r := rand.New(rand.NewPCG(g.cfg.Seed, 0xacc))
	operator := dajia.CLIActor("demo")
	add := func(name string, role dajia.Role, unit string, print bool, unitName string) (dajia.Actor, error) {
		display := personName(r)
		u, err := g.db.CreateUser(ctx, operator, store.NewUser{Name: name, DisplayName: display, Role: role, Unit: unit,
			PasswordHash: g.unusable, MustChangePassword: true})
		if dajia.ErrorCode(err) == dajia.Conflict && g.cfg.Force {
			if u, err = g.db.UserByName(ctx, name); err == nil && (u.Role != role || u.Unit != unit) {
				return dajia.Actor{}, dajia.Errorf(dajia.Conflict, "name", "账号 %s 已存在，角色或单位与演示账号不同", name)
			}
			display = u.DisplayName
		}
		if err != nil {
			return dajia.Actor{}, err
		}
		g.count("accounts")
		act := dajia.Actor{UserID: u.ID, Name: u.Name, Role: u.Role, Unit: u.Unit, Address: "127.0.0.1"}
		if print {
			g.printed = append(g.printed, printedAccount{actor: act, display: display, unitName: unitName})
		}
		return act, nil
	}
	for ti, t := range towns {
		var p *dajia.Plan
		for _, y := range years {
			var err error
			if p, err = g.importPlan(ctx, t, y); err != nil {
				return err
			}
		}
		first := ti == 0
		for _, d := range p.Departments {
			if d.Level != "" && d.Level != "town" {
				continue // an upper-level body: its work goes to the office to forward
			}
			printIt := first && (d.Key == "zjfj" || d.Key == "gsfj")
			o, err := add(d.Key+"-officer", dajia.RoleOfficer, d.Key, printIt, d.Name)
			if err != nil {
				return err
			}
			h, err := add(d.Key+"-head", dajia.RoleHead, d.Key, printIt, d.Name)
			if err != nil {
				return err
			}
			g.staff[d.Key] = staff{officer: o, head: h}
			prefix := shortName(t.name) + shortName(d.Name) + "罚"
			switch {
			case t.prefix == "":
				prefix = "中港" + shortName(d.Name) + "罚"
			case t.city != "中山市" || t.index >= len(zhongshan):
				prefix = shortName(t.city) + prefix
			}
			if t.index < len(zhongshan) {
				if err := g.a.SetCasePrefix(ctx, h, d.Key, prefix); err != nil {
					return err
				}
			} else {
				// Setting a prefix looks the unit up in every plan; over
				// a province's towns the officers type the numbers instead.
				g.typed[d.Key] = prefix
			}
		}
		sup, err := add(t.key("gsfj")+"-supervisor", dajia.RoleSupervisor, t.key("gsfj"), first, p.DisplayName(t.key("gsfj")))
		if err != nil {
			return err
		}
		g.supervisors[t.slug] = sup
		if first {
			// The first town's office account is the office of every town:
			// dajia's office role reads and acts on every plan.
			if g.office, err = add("office", dajia.RoleOffice, "", true, ""); err != nil {
				return err
			}
			if g.leader, err = add("leader", dajia.RoleLeader, "", true, ""); err != nil {
				return err
			}
			for _, role := range []dajia.Role{dajia.RoleSysadmin, dajia.RoleSecadmin, dajia.RoleAuditor} {
				if _, err := add(string(role), role, "", true, ""); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// shortName is a department's name in a case number: 质监分局 → 质监.
func shortName(name string) string {
	rs := []rune(name)
	if len(rs) > 2 {
		rs = rs[:2]
	}
	return string(rs)
}

// finishAccounts gives the printed accounts their passwords: each account
// sets its own, as a person does at the first sign-in, on the demo's
// today, so that none has expired when the demo is served on that day.
func (g *gen) finishAccounts(ctx context.Context) error {
	pol, err := g.db.PasswordPolicy(ctx)
	if err != nil {
		return err
	}
	h := secret.DefaultHasher()
	for _, p := range g.printed {
		pw := secret.RandomPassword()
		if err := pol.CheckPassword(pw, p.actor.Name, secret.Common); err != nil {
			pw = secret.RandomPassword()
		}
		if err := g.db.ChangePassword(ctx, p.actor, 0, h.Hash(pw), pol.History, func(string, []string) error { return nil }); err != nil {
			return err
		}
		g.res.Accounts = append(g.res.Accounts, Account{Name: p.actor.Name, Display: p.display, Role: p.actor.Role, Unit: p.unitName, Password: pw})
	}
	return nil
}
