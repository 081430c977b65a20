namespace TimeBank.Web;

/// <summary>The KPI charts (<c>/kpis</c>) and the staff's community board (<c>/community/board</c>).</summary>
public sealed partial class Words
{
    private static readonly Dictionary<string, string> ChartWords = new()
    {
        ["At a glance"] = "图表一览",
        ["Against the city's targets"] = "对照全市目标",
        ["Hours served per month"] = "每月服务时长（小时）",
        ["Points earned per month"] = "每月获得积分",
        ["Volunteers at each star level"] = "各星级志愿者人数",
        ["Hours"] = "小时",
        ["The figures as a table"] = "以表格查看数字",
        ["Figure"] = "指标",
        ["Now"] = "当前",
        ["Target"] = "目标",
        ["Community board"] = "社区排行榜",
        ["Volunteers who left the public boards are not listed."] = "已退出公开排行榜的志愿者不在此列。",
        ["Nobody is on the board for this period yet."] = "此时段暂无上榜志愿者。",
    };
}
