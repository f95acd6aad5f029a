package dajia

import (
	"strings"
	"time"
	"unicode/utf8"
)

// EntityKind is the kind of a market entity (市场主体), stored as its code.
// The kinds are the targets the plan names for inspection (重点对象):
// producers, food workshops, small restaurants and grocers, wholesale
// markets, dyeing works, online sellers, couriers and freight yards.
type EntityKind string

const (
	KindProducer   EntityKind = "producer"   // 生产企业
	KindWorkshop   EntityKind = "workshop"   // 食品小作坊
	KindRestaurant EntityKind = "restaurant" // 小餐馆
	KindGrocer     EntityKind = "grocer"     // 小食杂店
	KindMarket     EntityKind = "market"     // 批发市场
	KindDyeing     EntityKind = "dyeing"     // 印染企业
	KindOnline     EntityKind = "online"     // 电商经营者
	KindCourier    EntityKind = "courier"    // 寄递企业
	KindFreight    EntityKind = "freight"    // 货运场站
	KindOther      EntityKind = "other"      // 其他经营者
)

// EntityKinds lists the kinds in the order forms offer them.
var EntityKinds = []EntityKind{KindProducer, KindWorkshop, KindRestaurant, KindGrocer, KindMarket, KindDyeing, KindOnline, KindCourier, KindFreight, KindOther}

var entityKindNames = map[EntityKind]Text{
	KindProducer:   "生产企业",
	KindWorkshop:   "食品小作坊",
	KindRestaurant: "小餐馆",
	KindGrocer:     "小食杂店",
	KindMarket:     "批发市场",
	KindDyeing:     "印染企业",
	KindOnline:     "电商经营者",
	KindCourier:    "寄递企业",
	KindFreight:    "货运场站",
	KindOther:      "其他经营者",
}

// Name is the kind's name, a catalogue key; an unknown code is its own name.
func (k EntityKind) Name() Text {
	return nameIn(entityKindNames, k)
}

// Valid reports whether k is one of EntityKinds.
func (k EntityKind) Valid() bool { _, ok := entityKindNames[k]; return ok }

// Entity is a market entity (市场主体): a business the office and the
// units inspect and that tips name. Its legal representative is personal
// data: sealed at rest like a tipster's contact, masked on pages.
type Entity struct {
	ID         int64      `json:"id"`
	Name       string     `json:"name"`
	CreditCode string     `json:"credit_code,omitempty"`
	Kind       EntityKind `json:"kind"`
	Village    string     `json:"village,omitempty"`
	Address    string     `json:"address,omitempty"`
	// LegalRep is the legal representative in the clear: input only,
	// never stored nor answered.
	LegalRep       string `json:"-"`
	LegalRepSealed string `json:"-"`
	LegalRepMasked string `json:"legal_rep,omitempty"`
	// MergedInto is the entity this record was merged into: another
	// record of the same business, which is kept. Zero for a live record.
	MergedInto int64     `json:"merged_into,omitempty"`
	CreatedBy  string    `json:"created_by,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// Check trims the entity and checks every field, answering all problems
// as FieldErrors (nil when it is valid). The credit code is optional, but
// when given it must pass both of its check characters; it is kept in
// upper case.
func (e *Entity) Check() error {
	var errs FieldErrors
	bad := func(field, zh string, args ...any) {
		errs = append(errs, FieldErrorf(field, "invalid", zh, args...))
	}
	for _, f := range []struct {
		name string
		v    *string
		max  int
	}{{"name", &e.Name, 100}, {"credit_code", &e.CreditCode, 18}, {"village", &e.Village, 50},
		{"address", &e.Address, 200}, {"legal_rep", &e.LegalRep, 50}} {
		*f.v = strings.TrimSpace(*f.v)
		if f.name != "credit_code" && utf8.RuneCountInString(*f.v) > f.max {
			bad(f.name, "不能超过 %d 个字", f.max)
		}
	}
	if e.Name == "" {
		errs = append(errs, FieldErrorf("name", "required", "请填写市场主体名称"))
	}
	if e.CreditCode != "" {
		e.CreditCode = strings.ToUpper(e.CreditCode)
		if err := CheckCreditCode(e.CreditCode); err != nil {
			p := ErrorOf(err)
			errs = append(errs, FieldError{Field: "credit_code", Rule: "invalid", Message: p.Message, Key: p.Key, Args: p.Args})
		}
	}
	if !e.Kind.Valid() {
		bad("kind", "请选择市场主体类型")
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// MayEditEntities says whether the actor may create and edit market
// entities: the office and the units' staff. Leaders read them only; the
// administrators see none.
func (a Actor) MayEditEntities() error {
	if !a.Can(PermBusiness) || a.Role == RoleLeader {
		return Errorf(Forbidden, "", "无权登记或修改市场主体")
	}
	return nil
}

// MayReadEntities says whether the actor may read market entities: every
// business role.
func (a Actor) MayReadEntities() error {
	if !a.Can(PermBusiness) {
		return Errorf(Forbidden, "", "无权查看市场主体")
	}
	return nil
}

// MergeInto checks that e, a duplicate record, may be merged into kept:
// the office only, two different live records.
func (e Entity) MergeInto(actor Actor, kept Entity) error {
	switch {
	case actor.Role != RoleOffice:
		return Errorf(Forbidden, "", "只有打假办可以合并市场主体")
	case e.ID == kept.ID:
		return Errorf(Invalid, "into", "不能把市场主体合并到它自己")
	case e.MergedInto != 0:
		return Errorf(Conflict, "", "第 %d 号市场主体已经合并过了", e.ID)
	case kept.MergedInto != 0:
		return Errorf(Conflict, "into", "第 %d 号市场主体已经合并到第 %d 号，请合并到后者", kept.ID, kept.MergedInto)
	}
	return nil
}
