package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"dajia"
	"dajia/secret"
	"dajia/store"
)

// readPassword takes the first line of standard input, whole: nothing is
// truncated.
func (e *env) readPassword() (string, error) {
	line, err := bufio.NewReader(io.LimitReader(e.stdin, dajia.MaxPasswordLength+2)).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// userCmd manages accounts as the local operator (dajia.RoleOperator):
// whoever runs dajia on the server already holds the database and the
// master key, so 三员分立 cannot bind them. The command line is where the
// three administrator accounts are created, and the way back when the
// security administrator, whom no account may reset, has lost the password. It
// goes through the same use cases as the pages, so the matrix still holds
// where it can (no account changes between business and administrator
// roles), a reset keeps the second factor, and every change is audited as
// "cli:" and the operating-system user.
func (e *env) userCmd(ctx context.Context, args []string) int {
	usage := e.t("用法：dajia user add NAME --role ROLE [--unit KEY] [--display 姓名] --password-stdin | list | disable NAME | enable NAME | reset-password NAME [--password-stdin]")
	if len(args) == 0 {
		fmt.Fprintln(e.stderr, usage)
		return exitError
	}
	fs := flag.NewFlagSet("user", flag.ContinueOnError)
	roleFlag := fs.String("role", "", "")
	unit := fs.String("unit", "", "")
	display := fs.String("display", "", "")
	fromStdin := fs.Bool("password-stdin", false, "")
	pos, err := e.flags(fs, args[1:])
	if err != nil {
		fmt.Fprintln(e.stderr, usage)
		return exitError
	}
	db, _, err := e.openStore(ctx)
	if err != nil {
		return e.fail(err)
	}
	defer db.Close()
	hasher := secret.DefaultHasher()
	switch {
	case args[0] == "add" && len(pos) == 1:
		role, err := dajia.ParseRole(*roleFlag)
		if err != nil {
			return e.fail(err)
		}
		if !*fromStdin {
			return e.fail(dajia.Errorf(dajia.Invalid, "password", "请用 --password-stdin 从标准输入提供密码"))
		}
		plan, err := newestPlan(ctx, db)
		if err != nil {
			return e.fail(err)
		}
		if err := dajia.CheckRole(role, *unit, plan); err != nil {
			return e.fail(err)
		}
		pw, err := e.readPassword()
		if err != nil {
			return e.fail(err)
		}
		pol, err := db.PasswordPolicy(ctx)
		if err != nil {
			return e.fail(err)
		}
		if err := pol.CheckPassword(pw, pos[0], secret.Common); err != nil {
			return e.fail(err)
		}
		key := *unit
		if plan != nil && key != "" {
			key = plan.KeyOf(key)
		}
		// The password was typed by the operator, not by the account's owner:
		// the owner changes it at the first sign-in.
		u, err := db.CreateUser(ctx, e.actor(), store.NewUser{Name: pos[0], DisplayName: *display, Role: role, Unit: key, PasswordHash: hasher.Hash(pw), MustChangePassword: true})
		if err != nil {
			return e.fail(err)
		}
		fmt.Fprintf(e.stdout, e.t("已创建账号 %s（%s），首次登录须修改密码\n"), u.Name, e.t(string(role.Name())))
	case args[0] == "list" && len(pos) == 0:
		users, err := db.Users(ctx)
		if err != nil {
			return e.fail(err)
		}
		plan, err := newestPlan(ctx, db)
		if err != nil {
			return e.fail(err)
		}
		tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, e.t("用户名\t姓名\t角色\t单位\t状态"))
		now := e.clock.Now()
		for _, u := range users {
			var st []string
			if u.Disabled {
				st = append(st, e.t("已停用"))
			}
			if u.Locked(now) {
				st = append(st, e.t("已锁定"))
			}
			if u.MustChangePassword {
				st = append(st, e.t("待改密码"))
			}
			unit := u.Unit
			if plan != nil && unit != "" {
				unit = plan.DisplayName(unit)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", u.Name, u.DisplayName, e.t(string(u.Role.Name())), unit, strings.Join(st, " "))
		}
		tw.Flush()
	case (args[0] == "disable" || args[0] == "enable") && len(pos) == 1:
		u, err := db.UserByName(ctx, pos[0])
		if err != nil {
			return e.fail(err)
		}
		if _, err := db.SetDisabled(ctx, e.actor(), u.ID, args[0] == "disable"); err != nil {
			return e.fail(err)
		}
		fmt.Fprintf(e.stdout, e.t("账号 %s 已%s\n"), u.Name, e.t(map[string]string{"disable": "停用", "enable": "启用"}[args[0]]))
	case args[0] == "reset-password" && len(pos) == 1:
		u, err := db.UserByName(ctx, pos[0])
		if err != nil {
			return e.fail(err)
		}
		pw := secret.RandomPassword()
		if *fromStdin {
			if pw, err = e.readPassword(); err != nil {
				return e.fail(err)
			}
			pol, err := db.PasswordPolicy(ctx)
			if err != nil {
				return e.fail(err)
			}
			if err := pol.CheckPassword(pw, u.Name, secret.Common); err != nil {
				return e.fail(err)
			}
		}
		if _, err := db.ResetPassword(ctx, e.actor(), u.ID, hasher.Hash(pw)); err != nil {
			return e.fail(err)
		}
		if *fromStdin {
			fmt.Fprintf(e.stdout, e.t("账号 %s 的密码已重置，下次登录须修改\n"), u.Name)
		} else {
			fmt.Fprintf(e.stdout, e.t("账号 %s 的一次性密码：%s（下次登录须修改）\n"), u.Name, pw)
		}
	default:
		fmt.Fprintln(e.stderr, usage)
		return exitError
	}
	return exitOK
}

// newestPlan is the plan whose departments and units accounts belong to.
func newestPlan(ctx context.Context, db *store.DB) (*dajia.Plan, error) {
	plans, err := db.Plans(ctx)
	if err != nil || len(plans) == 0 {
		return nil, err
	}
	v, err := db.Plan(ctx, plans[0].ID)
	if err != nil {
		return nil, err
	}
	return v.Plan, nil
}

func (e *env) tokenCmd(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("token", flag.ContinueOnError)
	label := fs.String("label", "", "")
	var pos []string
	var err error
	if len(args) > 0 {
		pos, err = e.flags(fs, args[1:])
	}
	if len(args) == 0 || args[0] != "create" || err != nil || len(pos) != 1 {
		fmt.Fprintln(e.stderr, e.t("用法：dajia token create NAME [--label 用途]"))
		return exitError
	}
	db, _, err := e.openStore(ctx)
	if err != nil {
		return e.fail(err)
	}
	defer db.Close()
	u, err := db.UserByName(ctx, pos[0])
	if err != nil {
		return e.fail(err)
	}
	if *label == "" {
		*label = e.t("命令行生成")
	}
	token, hash := secret.NewToken("dj_")
	if _, err := db.CreateToken(ctx, e.actor(), u.ID, *label, hash); err != nil {
		return e.fail(err)
	}
	fmt.Fprintln(e.stdout, token)
	return exitOK
}
