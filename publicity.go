package dajia

import (
	"strings"
	"unicode/utf8"
)

// PublicityChannel is how a publicity activity (宣传) reached people. It is
// stored as a code.
type PublicityChannel string

const (
	ChannelNews    PublicityChannel = "news"    // 新闻媒体
	ChannelTV      PublicityChannel = "tv"      // 电视
	ChannelRadio   PublicityChannel = "radio"   // 广播
	ChannelWeChat  PublicityChannel = "wechat"  // 微信公众号
	ChannelWebsite PublicityChannel = "website" // 网站
	ChannelLecture PublicityChannel = "lecture" // 讲座
	ChannelLeaflet PublicityChannel = "leaflet" // 资料派发
	ChannelDesk    PublicityChannel = "desk"    // 咨询台
	ChannelBanner  PublicityChannel = "banner"  // 横幅标语
	ChannelOther   PublicityChannel = "other"   // 其他
)

var channelNames = map[PublicityChannel]Text{
	ChannelNews: "新闻媒体", ChannelTV: "电视", ChannelRadio: "广播", ChannelWeChat: "微信公众号", ChannelWebsite: "网站",
	ChannelLecture: "讲座", ChannelLeaflet: "资料派发", ChannelDesk: "咨询台", ChannelBanner: "横幅标语", ChannelOther: "其他",
}

// PublicityChannels is every channel in the order forms offer them.
func PublicityChannels() []PublicityChannel {
	return []PublicityChannel{ChannelNews, ChannelTV, ChannelRadio, ChannelWeChat, ChannelWebsite, ChannelLecture, ChannelLeaflet,
		ChannelDesk, ChannelBanner, ChannelOther}
}

// Name is the channel as staff read it.
func (c PublicityChannel) Name() Text { return nameIn(channelNames, c) }

// Bounds of a publicity activity.
const (
	MaxPublicityTitle   = 100
	MaxPublicityContent = 5000
	MaxPublicityPeople  = 1_000_000     // 受众人次
	MaxPublicityCopies  = 10_000_000    // 派发资料份数
	MaxPublicityViews   = 1_000_000_000 // 阅读、收看次数
	MaxPublicityPhotos  = 5
)

// Reach is how many a publicity activity reached: people (人次), copies
// handed out (份) and views (阅读/收看次数), whichever apply.
type Reach struct {
	People int64
	Copies int64
	Views  int64
}

// Add adds another activity's reach.
func (r Reach) Add(o Reach) Reach {
	return Reach{People: r.People + o.People, Copies: r.Copies + o.Copies, Views: r.Views + o.Views}
}

// Publicity is one publicity activity (宣传) a unit recorded.
type Publicity struct {
	ID         int64
	PlanID     string
	Unit       string // the recording unit's key; the office's is OfficeKey
	On         Date
	Channel    PublicityChannel
	CampaignNo int // 0: none
	Title      string
	Content    string
	Reach      Reach
	ActionID   int64 // the joint action it was part of; 0: none
	Photos     int   // how many photos it has
}

// Check trims the activity and returns every problem at once under the
// plan p on day today.
func (u *Publicity) Check(p *Plan, today Date) []FieldError {
	var errs []FieldError
	bad := func(field, zh string, args ...any) { errs = append(errs, FieldErrorf(field, "invalid", zh, args...)) }
	u.Title, u.Content = strings.TrimSpace(u.Title), strings.TrimSpace(u.Content)
	unreadable(&errs, "title", u.Title, "content", u.Content)
	if _, ok := channelNames[u.Channel]; !ok {
		bad("channel", "请选择宣传渠道")
	}
	switch {
	case u.On.IsZero() || u.On.After(today):
		bad("on", "宣传日期不能为空，也不能晚于今天")
	case u.On.Year < p.Year-1 || u.On.Year > p.Year+1:
		bad("on", "宣传日期应在方案年度 %d 年前后", p.Year)
	}
	if r, ok := p.Lookup(u.Unit); !ok {
		bad("unit", "请选择开展宣传的单位")
	} else {
		u.Unit = r.Unit.Key
	}
	if u.CampaignNo != 0 {
		if _, ok := p.CampaignByNo(u.CampaignNo); !ok {
			bad("campaign_no", "方案中没有第 %d 项专项行动", u.CampaignNo)
		}
	}
	switch n := utf8.RuneCountInString(u.Title); {
	case n == 0:
		bad("title", "请填写宣传主题")
	case n > MaxPublicityTitle:
		bad("title", "宣传主题最多 %d 个字", MaxPublicityTitle)
	}
	if utf8.RuneCountInString(u.Content) > MaxPublicityContent {
		bad("content", "宣传内容最多 %d 字", MaxPublicityContent)
	}
	for _, r := range []struct {
		field    string
		n, limit int64
	}{{"people", u.Reach.People, MaxPublicityPeople}, {"copies", u.Reach.Copies, MaxPublicityCopies}, {"views", u.Reach.Views, MaxPublicityViews}} {
		if r.n < 0 || r.n > r.limit {
			bad(r.field, "应为 0 到 %d 之间的整数", r.limit)
		}
	}
	if u.Photos > MaxPublicityPhotos {
		bad("photos", "照片最多 %d 张", MaxPublicityPhotos)
	}
	return errs
}

// VisibleTo reports whether the actor may read the activity: the office
// and leaders every one, a unit its own.
func (u Publicity) VisibleTo(a Actor) bool {
	unit, all := a.UnitScope()
	return all || (unit != "" && unit == u.Unit)
}

// EditableBy reports whether the actor may record or change the activity:
// the office for any unit, a unit's officer, head or market supervisor
// for its own.
func (u Publicity) EditableBy(a Actor) bool {
	if a.Role == RoleOffice {
		return true
	}
	return (a.Role == RoleOfficer || a.Role == RoleHead || a.Role == RoleSupervisor) && a.Unit != "" && a.Unit == u.Unit
}
