using System.Globalization;

namespace TimeBank.Web;

/// <summary>
/// The interface text. Pages are written with English keys (<c>T["Points"]</c>); a Chinese reader (the default) gets the
/// Chinese of <see cref="Chinese"/>. A key missing there is a defect a test finds (every <c>T["…"]</c> of every page is
/// looked up). Dates and times are shown in China's time, as the ledger's are.
/// </summary>
public sealed partial class Words(bool english)
{
    /// <summary>China's offset from UTC, in which every page shows dates and times.</summary>
    public static readonly TimeSpan ChinaTime = TimeSpan.FromHours(8);

    /// <summary>Now, in China time (today's date, this month, this year as a reader counts them).</summary>
    public static DateTimeOffset NowInChina => DateTimeOffset.UtcNow.ToOffset(ChinaTime);

    public static Words For(Preferences preferences) => new(preferences.English);

    public bool English => english;

    public string this[string key] => english ? key : Chinese.TryGetValue(key, out var chinese) ? chinese : key;

    public string Date(DateTimeOffset at) => at.ToOffset(ChinaTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Minutes as the API writes service hours: <c>12h30m</c>.</summary>
    public static string Duration(long minutes) => $"{minutes / 60}h{minutes % 60:00}m";

    public string DateTime(DateTimeOffset at) => at.ToOffset(ChinaTime).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A time of today to the second, for what lasts minutes (a one-time code).</summary>
    public string TimeOfDay(DateTimeOffset at) => at.ToOffset(ChinaTime).ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>What a refusal means for the reader, and what to do next; the API's own message when nothing better is known.</summary>
    public string Error(LedgerError error) => Errors.TryGetValue(error.Code, out var text)
        ? (english ? text.English : text.Chinese)
        : (english ? error.Message : $"操作未完成（{error.Code}）：{error.Message}");

    internal static readonly IReadOnlyDictionary<string, (string English, string Chinese)> Errors = new Dictionary<string, (string, string)>
    {
        ["UNAUTHENTICATED"] = ("Please sign in first.", "请先登录。"),
        ["FORBIDDEN"] = ("You may not do this with your account. Sign in as the right person, or ask your community office.", "您的账号无权进行此操作。请用正确的身份登录，或联系社区。"),
        ["UNAVAILABLE"] = ("The service is busy or unreachable right now. Nothing was changed; please try again in a minute.", "服务暂时无法使用，未做任何更改。请稍后再试。"),
        ["INTERNAL"] = ("Something went wrong on our side. Nothing was changed; please try again, or tell the community office.", "系统出错，未做任何更改。请重试，或告知社区工作人员。"),
        ["NOT_FOUND"] = ("It could not be found. Check the number and try again.", "未找到。请核对编号后重试。"),
        ["INVALID_INPUT"] = ("Something in the form is not right. Check it and send it again.", "填写的内容有误，请检查后重新提交。"),
        ["INSUFFICIENT_POINTS"] = ("There are not enough points for this amount. Enter a smaller amount.", "积分不足，请输入较小的数额。"),
        ["INSUFFICIENT_TIME_CREDITS"] = ("There are not enough time credits for this.", "时间币不足。"),
        ["REDEMPTION_CODE_INVALID"] = ("This code is not valid or has expired. Ask the volunteer to show a new code.", "兑换码无效或已过期，请志愿者出示新的兑换码。"),
        ["TOO_MANY_CODE_ATTEMPTS"] = ("Too many wrong codes. Wait a minute before trying again.", "错误次数过多，请稍等一分钟再试。"),
        ["TOO_MANY_LIVE_CODES"] = ("You already have codes waiting to be used. Use them or wait until they expire.", "您已有未使用的兑换码，请先使用或等待其过期。"),
        ["MERCHANT_NOT_APPROVED"] = ("This merchant cannot redeem points right now.", "该商户目前不能兑换积分。"),
        ["NOT_CASHIER_OF_MERCHANT"] = ("This till does not belong to that merchant.", "该收银台不属于此商户。"),
        ["HOLD_ALREADY_ENDED"] = ("This redemption was already completed, voided or has expired.", "该兑换已完成、已撤销或已过期。"),
        ["REFUND_WINDOW_CLOSED"] = ("The time for refunding this redemption has passed.", "该兑换已超过可退还期限。"),
        ["REFUND_EXCEEDS_COMPLETED"] = ("The refund is larger than what was redeemed.", "退还数额超过了已兑换的数额。"),
        ["INVALID_AMOUNT"] = ("Enter the points as a whole number above zero.", "请输入大于零的整数积分。"),
        ["HOLD_NOT_COMPLETED"] = ("Only a completed redemption can be refunded.", "只有已完成的兑换才能退还。"),
        ["INVALID_RECORD_STATE"] = ("This record was already handled by someone else. Reload the page to see it as it is now.", "该记录已被他人处理，请刷新页面查看最新状态。"),
        ["NOT_STAFF_OF_COMMUNITY"] = ("You are not staff of that community.", "您不是该社区的工作人员。"),
        ["OWN_RECORD"] = ("You cannot verify your own service.", "不能审核自己的服务记录。"),
        ["REASON_REQUIRED"] = ("Please give a reason.", "请填写原因。"),
        ["RECORD_OVERLAPS"] = ("The volunteer already has service recorded at that time.", "该志愿者在此时间段已有服务记录。"),
        ["EMPTY_BATCH"] = ("Nothing was chosen to verify. Reload the page and try again.", "没有选择要审核的记录，请刷新页面后重试。"),
        ["TEXT_TOO_LONG"] = ("The text is too long. Shorten it and send it again.", "填写的文字过长，请缩短后重新提交。"),
        ["IDEMPOTENCY_KEY_REUSED"] = ("This form was already sent with other contents. Reload the page and fill it in again.", "此表单已用其他内容提交过，请刷新页面后重新填写。"),
        ["RATE_LIMITED"] = ("Too many requests. Wait a minute and try again.", "请求过于频繁，请稍后再试。"),
        ["NO_CERTIFIABLE_SERVICE"] = ("The volunteer has no verified service of this community in that period. Check the days.", "该志愿者在此期间没有本社区已审核的服务，请核对日期。"),
        ["CERTIFICATE_PERIOD_INVALID"] = ("The period is not right: the first day must come before the last, and neither after today.", "期间有误：起始日期须早于截止日期，且都不能晚于今天。"),
        ["STAR_LEVEL_NOT_REACHED"] = ("The volunteer has not reached this star level yet: choose a lower one, or wait until their verified service reaches it.", "该志愿者尚未达到此星级：请选择较低的星级，或待其经审核的服务时长达到后再出具。"),
        ["INVALID_CERTIFICATE_STATE"] = ("This certificate was already handled by someone else. Reload the page to see it as it is now.", "该证明已被他人处理，请刷新页面查看最新状态。"),
        ["ALREADY_REVOKED"] = ("This certificate was already revoked.", "该证明已被撤销。"),
    };

    private static readonly Dictionary<string, string> CommonWords = new()
    {
        ["TimeBank"] = "志愿时间银行",
        ["Skip to content"] = "跳到正文",
        ["中文"] = "中文",
        ["English"] = "English",
        ["Large type"] = "大字",
        ["Normal type"] = "标准字号",
        ["High contrast"] = "高对比度",
        ["Normal contrast"] = "标准对比度",
        ["Display settings"] = "显示设置",
        ["Sign in"] = "登录",
        ["Sign out"] = "退出登录",
        ["My page"] = "我的主页",
        ["Signed in"] = "已登录",
        ["Your volunteer service, counted and honoured"] = "您的志愿服务，有记录、有回报",
        ["Every hour you serve in your community is verified by its staff and kept for you: as service hours, as time credits you can spend on help for yourself or your family, and as love-bank points you can spend at shops in the city."]
            = "您在社区的每一小时志愿服务，经社区工作人员核实后为您记入账户：计入服务时长，存为可为自己或家人换取服务的时间币，并获得可在本市商户使用的爱心积分。",
        ["Volunteers"] = "志愿者",
        ["See your hours, points and star level, and show a code at the till to spend points."] = "查看服务时长、积分和星级，在收银台出示兑换码使用积分。",
        ["Communities"] = "社区",
        ["Verify a day of service for everyone at once, and issue service certificates."] = "一次审核整场活动的服务记录，出具志愿服务证明。",
        ["Shops"] = "商户",
        ["Redeem points at the till in seconds."] = "在收银台几秒钟完成积分兑换。",
        ["Check a certificate"] = "查验证明",
        ["Schools and employers can check that a certificate of service is genuine."] = "学校和单位可以查验志愿服务证明的真伪。",
        ["Sign in to TimeBank"] = "登录志愿时间银行",
        ["Sign in with the city's account"] = "使用城市统一账号登录",
        ["Demo people (development only)"] = "演示用户（仅限开发环境）",
        ["Choose who you are. This list exists only on a development machine; a real service signs people in through the city's account."]
            = "请选择身份。此列表仅在开发环境中出现；正式服务通过城市统一账号登录。",
        ["No way to sign in is configured on this service."] = "本服务尚未配置登录方式。",
        ["That sign-in did not work. Choose again."] = "登录未成功，请重新选择。",
        ["My account"] = "我的账户",
        ["Service hours"] = "服务时长",
        ["Time credits"] = "时间币",
        ["Points"] = "积分",
        ["Points available"] = "可用积分",
        ["Points held at shops"] = "商户冻结中的积分",
        ["Points owed"] = "欠还积分",
        ["Time credits owed"] = "欠还时间币",
        ["Star level"] = "星级",
        ["No star yet"] = "暂无星级",
        ["stars"] = "星",
        ["Next points to expire"] = "最近到期积分",
        ["None"] = "无",
        ["Volunteer number"] = "志愿者编号",
        ["Latest changes"] = "最近变动",
        ["Certificates of service"] = "志愿服务证明",
        ["Number"] = "编号",
        ["Requested"] = "已申请",
        ["Declined"] = "未予出具",
        ["Issued"] = "已出具",
        ["My place on the board"] = "我的排名",
        ["Board"] = "排行榜",
        ["Period"] = "时段",
        ["By"] = "按",
        ["Hours served"] = "服务时长",
        ["Points earned"] = "获得积分",
        ["My rank"] = "我的名次",
        ["Rank"] = "名次",
        ["Me"] = "我",
        ["Others see you on the public boards, by volunteer number and masked name."] = "其他人可以在公开排行榜上看到您（志愿者编号和隐去部分的姓名）。",
        ["Leave the public boards"] = "退出公开排行榜",
        ["You are not on the public boards: nobody else sees you there. Only you see your rank."] = "您不在公开排行榜上，其他人看不到您，只有您自己能看到名次。",
        ["Come back to the public boards"] = "重新加入公开排行榜",
        ["My community"] = "本社区",
        ["My street"] = "本街道",
        ["My district"] = "本区市",
        ["The city"] = "全市",
        ["This month"] = "本月",
        ["This year"] = "本年",
        ["All time"] = "全部",
        ["Next: {0}"] = "下一星级：{0}",
        ["{0} more to serve"] = "还需服务 {0}",
        ["Progress to the next star"] = "距下一星级的进度",
        ["Service record"] = "服务记录",
        ["Your note was sent to the community. They will correct the record or answer you."] = "您的意见已发送给社区，社区将更正记录或给您答复。",
        ["Status"] = "状态",
        ["contested"] = "已提出异议",
        ["My service records"] = "我的服务记录",
        ["No service recorded for you yet."] = "您还没有服务记录。",
        ["Project"] = "项目",
        ["Not right? Tell the community"] = "有误？请告诉社区",
        ["Older records"] = "更早的记录",
        ["Download (PDF)"] = "下载（PDF）",
        ["Place"] = "地点",
        ["What was done"] = "服务内容",
        ["Person in charge"] = "负责人",
        ["Something wrong in this record?"] = "记录有误？",
        ["What is wrong or missing (the community sees it)"] = "有误或遗漏之处（社区可见）",
        ["Send to the community"] = "发送给社区",
        ["Awaiting verification"] = "待审核",
        ["Verified"] = "已审核",
        ["Verified and credited"] = "已审核并记入账户",
        ["Rejected"] = "已退回",
        ["Revoked"] = "已撤销",
        ["Other"] = "其他",
        ["minutes"] = "分钟",
        ["Pay with points"] = "使用积分",
        ["Show this code at the till. It works once."] = "请在收银台出示此兑换码，仅可使用一次。",
        ["Code"] = "兑换码",
        ["The same code as a QR code, for the till's scanner"] = "同一兑换码的二维码，供收银台扫描",
        ["Valid until"] = "有效期至",
        ["Need another code? Start again"] = "需要新的兑换码？重新获取",
        ["At a shop that takes love-bank points, ask for a code here and show it to the cashier, who types or scans it and the amount."]
            = "在接受爱心积分的商户消费时，在此获取兑换码并出示给收银员，由收银员输入或扫描兑换码和积分数额。",
        ["Get a code"] = "获取兑换码",
        ["When"] = "时间",
        ["What"] = "事项",
        ["Service time"] = "服务时长",
        ["Other change"] = "其他变动",
        ["Service verified"] = "服务已核实",
        ["Service taken back"] = "服务被撤销",
        ["Points expired"] = "积分到期",
        ["Star awarded"] = "获得星级",
        ["Star withdrawn"] = "星级撤回",
        ["Points spent at a shop"] = "在商户使用积分",
        ["Points refunded by a shop"] = "商户退还积分",
        ["Not found"] = "未找到",
        ["There is nothing at this address that you may see."] = "此地址下没有您有权查看的内容。",
        ["Home community"] = "所属社区",
        ["This page is for volunteers."] = "此页面供志愿者使用。",
        ["You may not open this page"] = "您无权打开此页面",
        ["This page belongs to someone else, or to another role. Go back to your own page."] = "此页面属于他人或其他角色。请返回您自己的主页。",
        ["Back to my page"] = "返回我的主页",
        ["No account is registered for you yet. Ask your community office to register you."] = "您还没有志愿者账户，请联系社区登记。",
        ["Something went wrong"] = "出现问题",
        ["Volunteer"] = "志愿者",
        ["Community staff"] = "社区工作人员",
        ["Cashier"] = "收银员",
        ["City administrator"] = "市级管理员",
        ["District administrator"] = "区级管理员",
    };

    /// <summary>The Chinese of every English key the pages use: the common words, and each area's own (Words.Area.cs).</summary>
    internal static IReadOnlyDictionary<string, string> Chinese => AllWords.Value;

    private static readonly Lazy<Dictionary<string, string>> AllWords = new(AllAreas);

    // A method rather than the field's initializer: the areas' dictionaries are fields of other files, which the compiler
    // cannot tell are initialized first (CS8603); by the first lookup they all are.
    private static Dictionary<string, string> AllAreas() => new[] { CommonWords, TillWords, StaffWords, AdminWords, CommunityWords, ProjectWords, PolicyWords, CertificateWords, ChartWords, SpendingWords, GiftWords, SlotWords, NeedWords, CommunityNeedWords, SkillWords }
        .SelectMany(words => words)
        .ToDictionary(word => word.Key, word => word.Value);
}
