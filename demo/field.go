package demo

import (
	"context"
	"fmt"
	"slices"

	"dajia"
	"dajia/app"
)

// inspectingUnits are the departments that inspect markets, with how
// often: 质监 and 工商 most.
var inspectingUnits = []string{"zjfj", "zjfj", "zjfj", "gsfj", "gsfj", "gsfj", "syjfj", "syjfj", "nyj", "zjj", "jtfj", "jxj"}

func (ty *townYear) unitFor(units []string) string { return ty.t.key(pick(ty.r, units)) }

// scheduleInspection is a patrol of one to four entities by a department,
// tagged with the joint action it falls in; a finding becomes a clue now
// and then.
func (ty *townYear) scheduleInspection(inAction bool) {
	d := ty.g.workday(ty.dayIn())
	unit := ty.unitFor(inspectingUnits)
	ty.inspectOn(d, unit, inAction)
}

func (ty *townYear) inspectOn(d dajia.Date, unit string, inAction bool) {
	s, ok := ty.staffOf(unit)
	if !ok {
		return
	}
	ty.g.later(ty.g.officeHours(ty.r, d), "inspection", func(ctx context.Context) error {
		in := app.InspectionInput{PlanID: ty.p.ID, InspectedOn: d.String(), Inspectors: []string{personName(ty.r), personName(ty.r)},
			Notes: pick(ty.r, inspectionNotes)}
		if inAction {
			in.ActionID = ty.actionOn(d, unit)
		}
		var picked []entity
		seen := map[int64]bool{}
		for i, n := 0, 1+ty.r.IntN(4); i < n; i++ {
			e := pick(ty.r, ty.entities)
			if i > 0 {
				e = ty.entityFor(picked[0].category)
			}
			if !seen[e.id] {
				seen[e.id] = true
				picked = append(picked, e)
			}
		}
		in.Village, in.Place = picked[0].village, picked[0].address
		if picked[0].category != "" {
			in.CampaignNo = ty.campaignOf(picked[0].category)
		}
		list, err := ty.g.a.Checklist(ctx, ty.p, in.CampaignNo)
		if err != nil {
			return err
		}
		for _, e := range picked {
			cat := e.category
			if cat == "" {
				cat = ty.category()
			}
			row := dajia.InspectedEntity{EntityID: e.id, Category: cat}
			pr := ty.productOf(cat)
			row.Product = pr.name
			if dajia.CCCRequired(cat, pr.name) && chance(ty.r, 0.85) {
				row.Certificate = fmt.Sprintf("%d01%02d%09d", ty.year, 1+ty.r.IntN(12), ty.r.IntN(1000000000))
			}
			for _, item := range list {
				if chance(ty.r, 0.7) {
					row.Checks = append(row.Checks, dajia.CheckItem{Item: item, Result: dajia.CheckPass})
				}
			}
			if chance(ty.r, 0.14) || row.CCCMissing() {
				row.Finding = pick(ty.r, findings)
				if len(row.Checks) > 0 {
					row.Checks[len(row.Checks)-1].Result = dajia.CheckFail
				}
			}
			in.Entities = append(in.Entities, row)
		}
		got, err := ty.g.a.CreateInspection(ctx, s.officer, in)
		if err != nil {
			return err
		}
		ty.g.count("inspections")
		for _, row := range got.Entities {
			if row.Finding == "" || !chance(ty.r, 0.5) {
				continue
			}
			id, entityID := got.ID, row.EntityID
			ty.g.later(ty.after(d, 1+ty.r.IntN(3)), "inspection clue", func(ctx context.Context) error {
				who, lead := s.officer, ""
				if ty.upperLed(row.Category) {
					who, lead = ty.g.office, ty.leadOf(ty.campaignOf(row.Category))
				}
				c, err := ty.g.a.InspectionClue(ctx, who, id, entityID, lead)
				if err != nil {
					return err
				}
				ty.g.count("clues")
				ty.handleClue(c, s, ty.entityByID(entityID), row.Category, c.CampaignNo)
				return nil
			})
		}
		return nil
	})
}

func (ty *townYear) entityByID(id int64) entity {
	for _, e := range ty.entities {
		if e.id == id {
			return e
		}
	}
	return ty.entities[0]
}

// samplingUnits are the departments that take samples.
var samplingUnits = []string{"zjfj", "zjfj", "zjfj", "syjfj", "syjfj", "nyj", "gsfj", "zjj"}

var labs = []string{"中山市质量计量监督检测所", "广东省产品质量监督检验研究院", "中山市食品药品检验所", "国家灯具质量监督检验中心（中山）"}

var standards = map[string]string{"灯具": "GB 7000.1-2015", "食品": "GB 2762-2017", "小家电": "GB 4706.1-2005", "玩具": "GB 6675-2014",
	"儿童用品": "GB 14748-2006", "服装": "GB 18401-2010", "建材": "GB/T 1499.2-2018", "化肥": "GB/T 15063-2009", "燃气灶具": "GB 16410-2007"}

// scheduleSampling is a sample taken at a seller or producer; about one
// in six fails, which gives its clues in the same step.
func (ty *townYear) scheduleSampling() {
	d := ty.g.workday(ty.dayIn())
	unit := ty.unitFor(samplingUnits)
	s, ok := ty.staffOf(unit)
	if !ok {
		return
	}
	ty.g.later(ty.g.officeHours(ty.r, d), "sampling", func(ctx context.Context) error {
		cat := ty.category()
		if cat == dajia.OtherCategory {
			cat = "食品"
		}
		e := ty.entityFor(cat)
		pr := ty.productOf(cat)
		in := app.SamplingInput{PlanID: ty.p.ID, CampaignNo: ty.campaignOf(cat), Category: cat, Product: pr.name, Brand: ty.brand(cat),
			Model: fmt.Sprintf("%c%d", 'A'+rune(ty.r.IntN(26)), 100+ty.r.IntN(900)), Batch: fmt.Sprintf("%d%02d%02d", ty.year, d.Month, 1+ty.r.IntN(28)),
			SampledOn: d.String(), Lab: pick(ty.r, labs), Standard: standards[cat], TestItems: "标志和说明、外观、安全性能", Result: string(dajia.SamplePassed),
			ActionID: ty.actionOn(d, unit)}
		if in.Standard == "" {
			in.Standard = "产品明示标准"
		}
		if e.kind.kind == "producer" || e.kind.kind == "workshop" {
			in.ProducerID = e.id
		} else {
			in.SellerID = e.id
		}
		if chance(ty.r, 0.17) {
			in.Result = string(dajia.SampleFailed)
			in.FailedItems = pick(ty.r, []string{"标志和说明", "防触电保护", "标签", "菌落总数", "甲醛含量", "增塑剂", "耐热、耐燃"})
		}
		got, err := ty.g.a.CreateSampling(ctx, s.officer, in)
		if err != nil {
			return err
		}
		ty.g.count("samplings")
		if in.Result == string(dajia.SampleFailed) {
			ty.g.count("samplings_failed")
			// The failed sample's clues are made with it; decide them.
			l, err := ty.g.a.Clues(ctx, ty.g.office, app.ClueQuery{PlanID: ty.p.ID, Source: dajia.ClueFromSampling, Status: dajia.CluePending, Limit: 10})
			if err != nil {
				return err
			}
			for _, c := range l.Clues {
				if c.SourceRef == fmt.Sprint(got.ID) || len(l.Clues) == 1 {
					if ls, ok := ty.staffOf(c.LeadUnit); ok {
						ty.g.count("clues")
						ty.handleClue(c, ls, e, cat, in.CampaignNo)
					}
				}
			}
		}
		return nil
	})
}

var surveyProblems = []dajia.SurveyProblem{dajia.ProblemUnlicensed, dajia.ProblemTrademark, dajia.ProblemNoCCC, dajia.ProblemLabel,
	dajia.ProblemSanwu, dajia.ProblemExpired, dajia.ProblemShoddy, dajia.ProblemNoLedger}

// scheduleSurvey is a village market supervisor's finding, most in the
// deployment phase's 排查摸底 (August): some become clues, some are
// cleared on check.
func (ty *townYear) scheduleSurvey() {
	d := ty.date(8, 1+ty.r.IntN(31))
	if chance(ty.r, 0.3) {
		d = ty.dayIn()
	}
	sup := ty.g.supervisors[ty.t.slug]
	ty.g.later(ty.g.officeHours(ty.r, d), "survey", func(ctx context.Context) error {
		cat := ty.category()
		e := ty.entityFor(cat)
		pr := ty.productOf(cat)
		probs := []string{string(pick(ty.r, surveyProblems))}
		in := app.SurveyInput{PlanID: ty.p.ID, FoundOn: dayOf(ty.g.clock.Now()).String(), Village: e.village, Category: cat, Problems: probs,
			Description: fmt.Sprintf("在%s发现%s%s，经营者未能提供进货凭证。", e.name, pr.name, dajia.SurveyProblem(probs[0]).Name())}
		if chance(ty.r, 0.7) {
			in.EntityID = e.id
		} else {
			in.EntityName, in.EntityAddress = e.name, e.address
		}
		sv, err := ty.g.a.CreateSurvey(ctx, sup, in, nil)
		if err != nil {
			return err
		}
		ty.g.count("surveys")
		when := ty.after(dayOf(ty.g.clock.Now()), 2+ty.r.IntN(10))
		switch x := ty.r.Float64(); {
		case x < 0.45 && !ty.upperLed(cat):
			ty.g.later(when, "survey clue", func(ctx context.Context) error {
				_, c, err := ty.g.a.SurveyToClue(ctx, ty.g.office, sv.ID)
				if err != nil {
					return err
				}
				ty.g.count("clues")
				if s, ok := ty.staffOf(c.LeadUnit); ok {
					ty.handleClue(c, s, e, cat, c.CampaignNo)
				}
				return nil
			})
		case x < 0.85:
			ty.g.later(when, "survey clear", func(ctx context.Context) error {
				_, err := ty.g.a.ClearSurvey(ctx, sup, sv.ID, "复查时经营者已下架问题商品并补齐进货凭证")
				return err
			})
		}
		return nil
	})
}

var channels = []dajia.PublicityChannel{dajia.ChannelNews, dajia.ChannelTV, dajia.ChannelWeChat, dajia.ChannelWeChat, dajia.ChannelLecture,
	dajia.ChannelLeaflet, dajia.ChannelLeaflet, dajia.ChannelDesk, dajia.ChannelBanner, dajia.ChannelWebsite}

var publicityUnits = []string{"zjfj", "zjfj", "gsfj", "gsfj", "syjfj", "xcwt", "xcwt", "nyj", "jxj", "gafj"}

// schedulePublicity is a publicity activity: around 15 March and in the
// deployment month mostly, by the plan's channels.
func (ty *townYear) schedulePublicity(d dajia.Date, actionID int64, actionUnits []string) {
	unit := ty.unitFor(publicityUnits)
	if actionID != 0 {
		unit = pick(ty.r, actionUnits)
	} else if chance(ty.r, 0.2) {
		d = ty.date(3, 13+ty.r.IntN(4))
	}
	s, ok := ty.staffOf(unit)
	if !ok {
		return
	}
	ty.g.later(ty.g.officeHours(ty.r, d), "publicity", func(ctx context.Context) error {
		ch := pick(ty.r, channels)
		in := app.PublicityInput{PlanID: ty.p.ID, On: d.String(), Channel: ch, Title: pick(ty.r, publicityTitles),
			Content:  fmt.Sprintf("在%s开展打假宣传，%s。", pick(ty.r, ty.t.villages), pick(ty.r, []string{"发放宣传资料，解答群众咨询", "讲解识别假冒伪劣商品的方法", "宣传投诉举报渠道和奖励办法", "提示经营者落实进货查验制度"})),
			ActionID: actionID}
		switch ch {
		case dajia.ChannelLecture, dajia.ChannelDesk:
			in.People = int64(30 + ty.r.IntN(300))
		case dajia.ChannelLeaflet:
			in.Copies = int64(200 + ty.r.IntN(3000))
			in.People = int64(50 + ty.r.IntN(500))
		case dajia.ChannelWeChat, dajia.ChannelWebsite:
			in.Views = int64(300 + ty.r.IntN(8000))
		}
		if _, err := ty.g.a.CreatePublicity(ctx, s.officer, in, nil); err != nil {
			return err
		}
		ty.g.count("publicity")
		return nil
	})
}

// scheduleActions makes the plan's two unified joint actions of the
// concentrated phase: planned by the office two weeks before, the units'
// forces recorded, inspections and publicity tagged with them, marked
// done with a summary.
func (ty *townYear) scheduleActions() {
	ph, ok := ty.actionPhase()
	if !ok {
		return
	}
	starts := []dajia.Date{ph.Start.AddDays(10 + ty.r.IntN(10)), ph.End.AddDays(-25 + ty.r.IntN(10))}
	for i, start := range starts {
		start = ty.g.workday(start)
		end := start.AddDays(2 + ty.r.IntN(3))
		units := []string{ty.t.key("zjfj"), ty.t.key("gsfj"), ty.t.key("gafj"), ty.t.key("syjfj")}
		cats := []string{"灯具", "食品"}
		if i == 1 {
			units = append(units, ty.t.key("jxj"), ty.t.key("nyj"))
			cats = []string{"灯具", "小家电", "儿童用品", "玩具", "服装"}
		}
		name := fmt.Sprintf("%d年打击制售假冒伪劣商品违法行为专项行动第%s次统一集中行动", ty.year, []string{"一", "二"}[i])
		in := app.ActionInput{PlanID: ty.p.ID, Name: name, Start: start.String(), End: end.String(), Units: units,
			Places: ty.actionPlaces(i), Categories: cats,
			Arrangement: "各部门按职责分组，集中清查重点区域、重点市场，查处制售假冒伪劣商品违法行为。", Staff: 20 + ty.r.IntN(40), Vehicles: 4 + ty.r.IntN(8)}
		var a action
		ty.g.later(ty.g.officeHours(ty.r, start.AddDays(-14)), "joint action", func(ctx context.Context) error {
			rec, _, err := ty.g.a.CreateJointAction(ctx, ty.g.office, in)
			if err != nil {
				return err
			}
			ty.g.count("joint_actions")
			a = action{id: rec.ID, start: start, end: end, units: units}
			ty.actions = append(ty.actions, a)
			for d := start; !d.After(end); d = d.AddDays(1) {
				for _, u := range units {
					if chance(ty.r, 0.7) {
						ty.inspectOn(d, u, true)
					}
				}
			}
			ty.schedulePublicity(start, rec.ID, units)
			for _, u := range units {
				u := u
				ty.g.later(ty.after(end, 1), "action force", func(ctx context.Context) error {
					s, ok := ty.staffOf(u)
					if !ok {
						return nil
					}
					_, err := ty.g.a.SetActionForce(ctx, s.officer, a.id, u, 4+ty.r.IntN(12), 1+ty.r.IntN(3))
					return err
				})
			}
			ty.g.later(ty.after(end, 3), "action done", func(ctx context.Context) error {
				done := in
				done.Done = true
				done.Summary = fmt.Sprintf("行动共出动执法人员%d人次，检查经营户%d户，查扣一批假冒伪劣灯具和食品。", in.Staff*3, 30+ty.r.IntN(80))
				_, _, err := ty.g.a.UpdateJointAction(ctx, ty.g.office, a.id, done)
				return err
			})
			// The clues received during the action, and their cases, are tagged
			// with it.
			ty.g.later(ty.after(end, 4), "tag clues", func(ctx context.Context) error {
				l, err := ty.g.a.Clues(ctx, ty.g.office, app.ClueQuery{PlanID: ty.p.ID, Limit: 200})
				if err != nil {
					return err
				}
				for _, c := range l.Clues {
					if c.ActionID == 0 && c.ReceivedOn.Within(start, end) && slices.Contains(units, c.LeadUnit) {
						if _, err := ty.g.a.TagClue(ctx, ty.g.office, c.ID, a.id); err != nil {
							return err
						}
						if c.CaseID != 0 {
							if _, err := ty.g.a.TagCase(ctx, ty.g.office, c.CaseID, a.id); err != nil {
								return err
							}
						}
					}
				}
				return nil
			})
			return nil
		})
	}
}

func (ty *townYear) actionPhase() (dajia.Phase, bool) {
	for _, ph := range ty.p.Phases {
		if ph.JointActions > 0 {
			return ph, true
		}
	}
	return dajia.Phase{}, false
}

// upperLed reports whether a category's work goes through the office:
// no campaign covers it, or its campaign is led by an upper-level body.
func (ty *townYear) upperLed(cat string) bool {
	c, ok := ty.p.CampaignByNo(ty.campaignOf(cat))
	if !ok {
		return true
	}
	for _, l := range c.Lead {
		if _, ok := ty.staffOf(ty.p.KeyOf(l.Dept)); ok {
			return false
		}
	}
	return true
}

// actionPlaces are three of the plan's target places for the i-th action:
// markets and producers first, then the online and delivery channels.
func (ty *townYear) actionPlaces(i int) []string {
	all := ty.p.ActionPlaces()
	want := [][]string{{"批发市场", "生产企业", "小食杂店"}, {"网络交易平台", "邮件快递渠道", "货运场（站）"}}[i%2]
	var out []string
	for _, w := range want {
		if slices.Contains(all, w) {
			out = append(out, w)
		}
	}
	if len(out) == 0 && len(all) > 0 {
		out = append(out, all[0])
	}
	return out
}
