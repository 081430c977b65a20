namespace TimeBank.Web;

/// <summary>The city office's view of a district's policy in force (<c>/admin</c>).</summary>
public sealed partial class Words
{
    private static readonly Dictionary<string, string> PolicyWords = new()
    {
        ["Policies in force"] = "现行政策",
        ["the district's own policy"] = "本区市自定政策",
        ["the product's defaults"] = "系统默认政策",
        ["Points per hour of service"] = "每小时服务积分",
        ["Star levels (hours of service)"] = "星级标准（服务小时数）",
        ["Points expire after"] = "积分有效期",
        ["{0} months"] = "{0} 个月",
        ["Time credits a volunteer may hold"] = "个人时间币上限",
        ["Longest service one record may state"] = "单条记录最长服务时长",
        ["Redemption codes"] = "兑换码",
        ["{0} digits, valid {1} seconds, at most {2} at once"] = "{0} 位数字，有效 {1} 秒，同时最多 {2} 个",
        ["Points held for the till"] = "收银冻结时限",
        ["{0} minutes"] = "{0} 分钟",
        ["Refunds possible for"] = "可退还期限",
        ["{0} days"] = "{0} 天",
        ["Certificates issued without staff"] = "证明自动出具",
        ["Yes"] = "是",
        ["No"] = "否",
        ["service in {0} of the last {1} months"] = "近 {1} 个月中至少 {0} 个月有服务",
        ["Target: active share"] = "目标：活跃比例",
        ["more than {0}%"] = "超过 {0}%",
        ["Target: social organizations per community"] = "目标：每个社区的社会组织数",
        ["Station: has a team"] = "服务站“有队伍”",
        ["Station: has service"] = "服务站“有服务”",
        ["Station: has records"] = "服务站“有记录”",
        ["at least {0} registered volunteers"] = "注册志愿者不少于 {0} 名",
        ["at least {0} projects served in the last three months"] = "近三个月有服务的项目不少于 {0} 个",
        ["at least {0} records verified in the last three months"] = "近三个月审核的记录不少于 {0} 条",
    };
}
