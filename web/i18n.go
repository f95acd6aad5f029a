package web

import (
	"net/http"
	"net/url"
	"time"

	"dajia"
)

// english translates the Chinese texts of the pages. Chinese is the source
// language: a text missing here shows in Chinese, and a test checks that
// every text the templates use has an entry.
var english = map[string]string{
	"打假工作平台":     "Anti-counterfeiting work platform",
	"方案":         "Plans",
	"方案列表":       "Plans",
	"工作方案":       "Work plan",
	"专项打假":       "Campaigns",
	"部门和单位":      "Departments and units",
	"工作阶段":       "Phases",
	"信息报送":       "Reporting",
	"工作目标":       "Goals",
	"工作原则":       "Principles",
	"工作要求":       "Requirements",
	"发文机关":       "Issuer",
	"发文日期":       "Issued on",
	"文号":         "Number",
	"主送":         "To",
	"依据":         "Basis",
	"编号":         "No.",
	"名称":         "Name",
	"产品类别":       "Product categories",
	"重点产品":       "Focus products",
	"重点对象":       "Target businesses",
	"重点场所":       "Places in focus",
	"牵头部门":       "Lead",
	"配合部门":       "Support",
	"上级机关":       "upper-level body",
	"由打假办转交":     "forwarded by the office",
	"今天":         "Today",
	"当前阶段":       "Current phase",
	"至":          "to",
	"统一集中行动":     "unified joint actions",
	"次":          "",
	"年度":         "Year",
	"版本":         "Version",
	"更新时间":       "Updated",
	"打假办":        "Office",
	"设在":         "hosted by",
	"联系人":        "Contact",
	"电话":         "Phone",
	"牵头的专项":      "Campaigns it leads",
	"配合的专项":      "Campaigns it supports",
	"报送义务":       "Reporting duties",
	"下次报送截止":     "Next report due",
	"报送期":        "Period",
	"剩余工作日":      "working days left",
	"无":          "None",
	"方案检查":       "Plan check",
	"错误":         "error",
	"警告":         "warning",
	"提示":         "note",
	"未发现问题":      "No findings",
	"位置":         "Where",
	"规则":         "Rule",
	"说明":         "Message",
	"下载方案文件":     "Download plan file",
	"原文":         "Text",
	"返回方案":       "Back to the plan",
	"出错了":        "Something went wrong",
	"返回首页":       "Home",
	"部门":         "Department",
	"单位":         "Unit",
	"级别":         "Level",
	"也称":         "Also called",
	"报送内容":       "Contents",
	"报送对象":       "Report to",
	"报送单位":       "Reporting units",
	"没有方案":       "No plans yet",
	"负责":         "responsible for",
	"的全部":        "all of",
	"截止日期":       "Due",
	"阶段":         "Phase",
	"起止":         "Dates",
	"已结束":        "ended",
	"进行中":        "running",
	"未开始":        "not started",
	"方案尚未开始":     "The plan has not started yet",
	"方案各阶段已结束":   "All phases of the plan have ended",
	"不在任何阶段":     "between phases",
	"天后开始":       "days until it starts",
	"剩余":         "left",
	"天":          "days",
	"本年度报送已全部到期": "All reports of the plan year have fallen due",
	"中文":         "中文",
	"English":    "English",
	"跳到正文":       "Skip to content",
	"专项":         "Campaign",
	"个":          "",
	"项":          "",
	"共":          "",
	"牵头":         "leads",
	"配合":         "supports",
	"第":          "",
	"打印":         "Print",
	"举报奖励标准":     "Reward grades",
	"重大违法行为举报的奖励按罚没款的比例计算，不低于最低金额，不高于最高金额（元）。修改将记入审计。": "A reward for reporting a major violation is a share of the fines and confiscations, at least the minimum and at most the maximum (yuan). Changes are audited.",
	"等级":     "Grade",
	"比例（%）":  "Percent",
	"最低（元）":  "Minimum (yuan)",
	"最高（元）":  "Maximum (yuan)",
	"办理举报投诉": "Handle the tip",
	"分派举报投诉": "Assign the tip",
	"办结举报投诉": "Close the tip",
	"系统记录":   "Recorded in dajia",
	"举报投诉":   "Tips and complaints",
	"我要举报投诉": "Report or complain",
	"查询进度":   "Track a submission",
	"投诉：您作为消费者与经营者发生纠纷，要求处理（须留下姓名和电话）。举报：您发现制售假冒伪劣等违法行为，向我们提供线索（可以匿名）。": "Complaint: you are a consumer in a dispute with a business and ask us to deal with it (name and phone required). Report: you have seen counterfeiting or another violation and give us a lead (anonymous allowed).",
	"类型":   "Kind",
	"两者都有": "Both",
	"投诉":   "Complaint",
	"举报":   "Report",
	"请选择":  "Choose",
	"问题出在": "The problem is in",
	"销售环节（商店、市场、网店）":          "Selling (shop, market, online shop)",
	"生产环节（工厂、作坊）":             "Making (factory, workshop)",
	"在网上购买":                   "Bought online",
	"经营者名称":                   "Business name",
	"统一社会信用代码（选填）":            "Unified social credit code (optional)",
	"营业执照上的 18 位代码，不知道可不填":    "The 18-character code on the business licence; leave it empty if you do not know it",
	"村（社区）":                   "Village (community)",
	"发生了什么":                   "What happened",
	"发生日期（选填）":                "Date (optional)",
	"照片（选填，最多 5 张，JPG 或 PNG）": "Photos (optional, up to 5, JPG or PNG)",
	"联系方式":                    "Contact",
	"举报可以不填；投诉必须填写。您的信息严格保密，只有经授权的工作人员在需要时才能查看。": "Optional for a report, required for a complaint. Your details are kept confidential; only authorised staff can see them when needed.",
	"验证":        "Check",
	"提交":        "Send",
	"已提交过？查询进度": "Sent before? Track it",
	"已收到":       "Received",
	"请记下查询码和密码，凭它们查询办理进度。密码只显示这一次。": "Write down the tracking code and secret: you need both to follow the progress. The secret is shown this once.",
	"查询码":  "Tracking code",
	"承办单位": "Handled by",
	"收到日期": "Received on",
	"办理期限": "Deadline",
	"办理中":  "Open",
	"待分派":  "To assign",
	"搜索":   "Search",
	"经营者、地址、内容或查询码": "Business, address, text or tracking code",
	"逾期":          "Overdue",
	"没有需要办理的举报投诉": "No tips to handle",
	"计时暂停中":       "clock paused",
	"网购":          "online",
	"知会":          "informed",
	"经营者":         "Business",
	"发生日期":        "Date",
	"收到":          "Received",
	"举报人":         "Tipster",
	"匿名":          "anonymous",
	"已记录查看":       "this reveal is audited",
	"内容":          "What happened",
	"照片":          "Photo",
	"处理决定":        "Decision",
	"答复":          "Reply",
	"可能重复":        "Possible duplicates",
	"标记为重复":       "Mark as duplicate",
	"办理":          "Handle",
	"说明或原因（内部）":   "Note or reason (internal)",
	"给举报投诉人的答复（公开，可选）": "Reply to the tipster (public, optional)",
	"受理":          "Accept",
	"开始核查":        "Start verifying",
	"不予受理":        "Refuse",
	"调解结束":        "End mediation",
	"作出立案或不予立案决定": "Decide: open a case or not",
	"办结":          "Close",
	"只发答复":        "Reply only",
	"暂停计时（检测、鉴定）": "Pause the clock (testing, appraisal)",
	"恢复计时":        "Resume the clock",
	"延长 15 个工作日":  "Extend by 15 working days",
	"退回打假办":       "Send back to the office",
	"分派":          "Assign",
	"改派":          "Reassign",
	"查看举报人信息的原因（将记入审计）": "Reason to see the tipster (audited)",
	"查看举报人信息":           "See the tipster",
	"举报奖励等级":            "Reward grade",
	"罚没款（元）":            "Fines and confiscations (yuan)",
	"计算并记录奖励":           "Compute and record the reward",
	"奖励":                "Reward",
	"公开":                "public",
	"查询":                "Look up",
	"已办理":               "Done",
	"受理/开始核查":           "Accepted / verifying",
	"作出处理决定":            "Decided",
	"暂停计时":              "Clock paused",
	"延长核查期限":            "Deadline extended",
	"举报奖励":              "Reward",
	"上一页":               "Previous page",
	// What is due by a tip's deadline, as the to-do list gives it (dajia.TipDue).
	"决定是否受理投诉":         "decide whether to accept the complaint",
	"调解期满（未达成协议的终止调解）": "mediation ends (closed without agreement)",
	"核查并作出是否立案的决定":     "verify and decide whether to open a case",
	"将处理结果告知实名举报人":     "tell the named tipster the outcome",
	"已收到，待处理":          "Received, waiting",
	"已受理，调解中":          "Accepted, in mediation",
	"核查中":              "Being verified",
	"已作出处理决定":          "Decided",
	"已办结":              "Closed",
	"下一页":              "Next page",
	"汇总":               "Summary",
	"这是根据报送记录生成的通报草稿，可复制到公文系统修改，或直接打印（A4）。": "A draft circular made from the reporting records: copy it into the document system to edit, or print it (A4).",
	"提醒设置": "Reminder settings",
	"报送截止前 3 天和逾期次日，系统会在待办中提醒；在这里填写的邮箱和企业微信、钉钉群机器人也会收到提醒。": "Three days before a report is due and the day after it is missed, dajia reminds the unit on its to-do list; the e-mail addresses and WeCom or DingTalk group robots given here get the reminder too.",
	"电子邮箱（多个用逗号分隔）": "E-mail addresses (separate with commas)",
	"群机器人":           "Group robot",
	"企业微信":           "WeCom",
	"钉钉":             "DingTalk",
	"机器人地址（Webhook）": "Robot address (webhook)",
	"待办":             "To do",
	"生成通报":           "Draft the circular",
	"迟报":             "late",
	"未报":             "missing",
	"报送情况":           "Reporting",
	"合计":             "Total",
	"只列本单位的报表":       "Your own unit's report only",
	"重点案件":           "Key cases",
	"经验做法":           "Experience and practices",
	"还有":             "in",
	"个工作日":           "working days",
	"逾期未报的单位将在打假办的通报中列出。": "Units that miss the deadline are named in the office's circular.",
	"退回原因": "Reason for return",
	"请核实":  "Please check",
	"这些数值与本单位以往差别较大，不影响报送，但打假办可能会询问。": "These figures differ much from the unit's past ones. You can still send the report, but the office may ask about them.",
	"统计数据": "Figures",
	"零申报（本期确无数据，各项为 0）": "Zero report (nothing to report this period; every figure is 0)",
	"案件名称、查处情况、涉案金额等":   "Case name, what was done, amounts involved…",
	"保存草稿":       "Save draft",
	"保存并报送":      "Save and send",
	"审核":         "Review",
	"审核通过，报送打假办": "Approve and send to the office",
	"签收":         "Accept",
	"退回修改":       "Return for changes",
	"重新打开的原因":    "Reason for reopening",
	"重新打开":       "Reopen",
	"附件":         "Attachments",
	"上传附件（PDF、图片、Word、Excel，不超过 10 MB）": "Attach a file (PDF, image, Word, Excel; at most 10 MB)",
	"上传":       "Upload",
	"下载 Excel": "Download Excel",
	"用下载的模板离线填好后上传（有任何错误则整份不导入）": "Fill the downloaded template offline and upload it (nothing is imported if any cell is wrong)",
	"导入 Excel": "Import Excel",
	"办理记录":     "History",
	"报送率":      "Reporting rate",
	"按时率":      "On-time rate",
	"按时":       "on time",
	"零申报":      "zero report",
	"未到期":      "not yet due",
	"截止":       "due",
	"没有报表":     "No reports",
	"已逾期":      "overdue by",
	"没有待办事项：本期报送已完成。": "Nothing to do: this period's reporting is done.",
	"提醒":       "Reminders",
	"全部报表":     "All reports",
	"通报":       "Circular",
	"报表":       "Report",
	"填报并报送":    "Fill in and send",
	"修改后重新报送":  "Correct and send again",
	"催报（逾期未报）": "Chase (missing)",
	"已报送，等待部门负责人审核":      "Sent; waiting for the department head's review",
	"已审核，报送打假办":          "Approved and sent to the office",
	"已签收":                "Accepted",
	"已退回":                "Returned",
	"已重新打开":              "Reopened",
	"已从 Excel 导入，请核对后报送": "Imported from Excel; check it and send",
	"附件已上传":              "File attached",
	"报送":                 "sent",
	"审核通过":               "approved",
	"审计记录保存天数":           "Days to keep audit records",
	"0 表示永久保存；否则不少于":     "0 keeps them for ever; otherwise at least",
	"天。超过保存期的记录由 dajia audit purge 清理，清理本身也记入审计。": "days. Records past that are removed by dajia audit purge, which is itself audited.",
	"导航":    "Navigation",
	"用户和角色": "Users and roles",
	"安全策略":  "Security policy",
	"审计记录":  "Audit trail",
	"退出":    "Sign out",
	"登录":    "Sign in",
	"用户名":   "User name",
	"密码":    "Password",
	"连续输错 5 次密码或动态验证码，账号将锁定 15 分钟。忘记密码请联系系统管理员重置；管理员账号由安全管理员重置。": "After 5 wrong passwords or one-time codes the account is locked for 15 minutes. If you forgot your password, ask the system administrator to reset it; administrators' passwords are reset by the security administrator.",
	"修改密码": "Change password",
	"首次登录或密码已到期，请先修改密码，然后才能继续使用。": "This is your first sign-in or your password has expired: change it before you go on.",
	"当前密码": "Current password",
	"新密码":  "New password",
	"至少":   "At least",
	"个字符，包含小写字母、大写字母、数字、符号中的至少": "characters, with at least",
	"种；不能含用户名，不能是常见密码，不能与最近":    "of: lower case, upper case, digits, symbols; not containing the user name, not a common password, and not one of the last",
	"次的密码相同。可以使用很长的密码短语。":       "passwords. Long pass phrases are welcome.",
	"再次输入新密码":   "New password again",
	"起始日期":      "From",
	"用户":        "User",
	"操作":        "Action",
	"结果":        "Result",
	"全部":        "All",
	"对象":        "Object",
	"筛选":        "Filter",
	"导出 Excel":  "Export to Excel",
	"序号":        "No.",
	"时间":        "Time",
	"地址":        "Address",
	"变更":        "Change",
	"前":         "before",
	"后":         "after",
	"更早的记录":     "Older records",
	"没有符合条件的记录": "No records match",
	"已保存":       "Saved",
	"默认值符合等保2.0三级要求；只能设得更严格。": "The defaults meet MLPS 2.0 level 3; the policy can only be made stricter.",
	"密码最短长度":       "Minimum password length",
	"默认":           "default",
	"至少包含的字符种类":    "Character classes required",
	"密码有效期（天）":     "Password lifetime (days)",
	"不可重复使用的历史密码数": "Previous passwords that may not be reused",
	"保存":           "Save",
	"我的账号":         "My account",
	"姓名":           "Name",
	"角色":           "Role",
	"所属单位":         "Unit",
	"上次登录":         "Last sign-in",
	"密码到期":         "Password expires",
	"登录设备":         "Signed-in devices",
	"无操作 30 分钟或登录满 12 小时后自动退出。": "You are signed out after 30 minutes without activity or 12 hours after signing in.",
	"登录时间":  "Signed in",
	"最近活动":  "Last active",
	"浏览器":   "Browser",
	"当前":    "this device",
	"退出该设备": "Sign out there",
	"接口令牌":  "API tokens",
	"供其他系统调用 JSON 接口（/api/v1）使用，请求头写 Authorization: Bearer 令牌。令牌与您的账号权限相同。": "For other systems calling the JSON API (/api/v1) with the header Authorization: Bearer TOKEN. A token has your account's rights.",
	"新令牌（只显示这一次，请立即复制保存）：":                                                  "New token (shown this once; copy it now):",
	"用途":     "Purpose",
	"创建时间":   "Created",
	"最近使用":   "Last used",
	"状态":     "Status",
	"撤销":     "Revoke",
	"已撤销":    "Revoked",
	"令牌用途":   "Token purpose",
	"如：数据对接": "e.g. data exchange",
	"创建令牌":   "Create token",
	"动态验证码":  "One-time code",
	"已启用：登录时除密码外还需输入验证器应用中的 6 位数字。": "On: signing in needs the 6-digit code of your authenticator app as well as the password.",
	"输入当前验证码以停用": "Enter the current code to turn it off",
	"停用":         "Disable",
	"用验证器应用（如 Google Authenticator、Microsoft Authenticator、腾讯身份验证器）扫描二维码，或手动输入密钥，然后输入应用显示的 6 位数字。": "Scan the QR code with an authenticator app (Google Authenticator, Microsoft Authenticator, Tencent Authenticator) or type the key, then enter the 6 digits it shows.",
	"动态验证码二维码": "QR code of the one-time code key",
	"密钥":       "Key",
	"6 位验证码":   "6-digit code",
	"启用":       "Enable",
	"未启用。打假办和管理员账号建议启用，以防密码泄露。": "Off. Office and administrator accounts should turn it on in case a password leaks.",
	"启用动态验证码":         "Turn on one-time codes",
	"验证器应用中显示的 6 位数字": "The 6 digits your authenticator app shows",
	"确认": "Confirm",
	"账号": "Account",
	"的一次性密码（只显示这一次，请当面或电话告知本人；首次登录须修改）：": "one-time password (shown this once; tell the person directly; it must be changed at first sign-in):",
	"已停用":  "disabled",
	"待改密码": "must change password",
	"已锁定":  "locked",
	"重置密码": "Reset password",
	"解锁":   "Unlock",
	"修改角色": "Change role",
	"新建账号": "New account",
	"2 到 32 个字符：字母、数字、汉字或 . _ -":       "2 to 32 characters: letters, digits, Chinese characters or . _ -",
	"信息员、部门负责人、村组市场监督员须选择所属单位；其他角色不选。": "Information officers, department heads and market supervisors need a unit; other roles have none.",
	"创建账号": "Create account",
	"管理员账号（系统管理员、安全管理员、审计管理员）由本机操作员用命令行 dajia user add 创建，其角色不能在网页上授予或收回（三员分立）。": "Administrator accounts (system, security, audit) are created by the operator on the server with dajia user add; their roles are neither granted nor taken away on the web (separation of the three administrators).",
	"请填写令牌用途（60 字以内），如“数据对接”":     "Give the token a purpose (at most 60 characters), e.g. “data exchange”",
	"验证码不正确，请重新扫描后输入应用中显示的 6 位数字": "Wrong code; scan again and enter the 6 digits the app shows",
	"验证码不正确":             "Wrong code",
	"尝试次数过多，请稍后再试":       "Too many attempts; try again later",
	"请输入用户名和密码":          "Enter your user name and password",
	"密码已修改，其他设备上的登录已退出":  "Password changed; other devices were signed out",
	"已退出该设备上的登录":         "That device was signed out",
	"令牌已撤销":              "Token revoked",
	"动态验证码已启用，下次登录时需要输入": "One-time codes are on; you will need one at your next sign-in",
	"动态验证码已停用":           "One-time codes are off",
	"账号已停用，其登录已全部退出":     "Account disabled; all its sessions ended",
	"账号已启用":              "Account enabled",
	"角色已修改，该用户需重新登录":     "Role changed; the user must sign in again",
	"账号已解锁":              "Account unlocked",

	// The audit trail keeps field names, not content, and no public address.
	"公众提交者的地址只保存当天有效的加密摘要": "A public submitter's address is kept only as a keyed hash, valid for one day",
	"变更栏列出改动的字段；状态、角色等流程和管理字段记前后值，举报和报表的内容（描述、答复、数字、案情）只记字段名，不记内容。": "The change column lists the fields changed; workflow and administration fields such as status and role show their values before and after, while the content of tips and reports (descriptions, replies, figures, cases) is recorded by field name only.",
}

// Page is what every page template gets: language, title and today.
type Page struct {
	Me      dajia.User  // the signed-in account; zero for visitors
	Actor   dajia.Actor // for permission checks in templates
	Now     time.Time
	Lang    string
	Title   string
	Today   dajia.Date
	Path    string
	Query   url.Values
	Version string
}

// T translates a Chinese text for the page's language.
func (p Page) T(zh string) string {
	if p.Lang == "en" {
		if en, ok := english[zh]; ok {
			return en
		}
	}
	return zh
}

// Tr is T for pages whose data has a field named T.
func (p Page) Tr(zh string) string { return p.T(zh) }

// Can reports whether the signed-in account has a permission.
func (p Page) Can(perm string) bool { return p.Actor.Can(dajia.Permission(perm)) }

// RoleName names a role in the page's language.
func (p Page) RoleName(r dajia.Role) string { return r.Name(p.Lang) }

// Time renders a time in China time.
func (p Page) Time(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(dajia.ChinaTime).Format("2006-01-02 15:04")
}

// ActName names a report workflow step.
func (p Page) ActName(act string) string {
	zh := map[string]string{"submit": "报送", "approve": "审核通过", "accept": "签收", "return": "退回修改", "reopen": "重新打开"}[act]
	if zh == "" {
		return act
	}
	return p.T(zh)
}

// Date renders a date in the page's language.
func (p Page) Date(d dajia.Date) string {
	if p.Lang == "en" {
		return d.String()
	}
	return d.Chinese()
}

// LangURL is the current page in the other language.
func (p Page) LangURL(lang string) string {
	q := url.Values{}
	for k, v := range p.Query {
		q[k] = v
	}
	q.Set("lang", lang)
	return p.Path + "?" + q.Encode()
}

// lang picks the language: ?lang= first (and remembered in a cookie), then
// the cookie, then the server's default.
func (s *Server) lang(r *http.Request) string {
	if l := r.URL.Query().Get("lang"); l == "zh" || l == "en" {
		return l
	}
	if c, err := r.Cookie("lang"); err == nil && (c.Value == "zh" || c.Value == "en") {
		return c.Value
	}
	return s.cfg.Lang
}

func (s *Server) page(r *http.Request, title string) Page {
	id := identityOf(r)
	return Page{Me: id.User, Actor: id.Actor, Now: s.clock.Now(), Lang: s.lang(r), Title: title, Today: dajia.Today(s.clock), Path: r.URL.Path, Query: r.URL.Query()}
}

// rememberLang keeps an explicit ?lang= choice for later pages.
func rememberLang(w http.ResponseWriter, r *http.Request) {
	if l := r.URL.Query().Get("lang"); l == "zh" || l == "en" {
		http.SetCookie(w, &http.Cookie{Name: "lang", Value: l, Path: "/", MaxAge: 365 * 24 * 3600, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	}
}

// HasEnglish reports whether a page text has a translation; for tests.
func HasEnglish(zh string) bool {
	_, ok := english[zh]
	return ok
}

// localized picks zh or en for lang; an empty English text shows the
// Chinese.
func localized(lang, zh, en string) string {
	if lang == "en" && en != "" {
		return en
	}
	return zh
}

// tr picks the Chinese or English text for the request's language.
func tr(r *http.Request, zh, en string) string {
	if identityOf(r).Lang == "en" {
		return en
	}
	return zh
}
