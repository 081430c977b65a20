namespace TimeBank.Web;

/// <summary>The city office's pages: communities, staff, KPIs.</summary>
public sealed partial class Words
{
    private static readonly Dictionary<string, string> AdminWords = new()
    {
        ["Community"] = "社区",
        ["Street"] = "街道",
        ["District"] = "区市",
        ["Staff"] = "工作人员",
        ["The community was registered."] = "社区已登记。",
        ["The staff member was assigned."] = "工作人员已分配。",
        ["More communities exist than one page shows."] = "社区数量超过一页，此处只显示前 100 个。",
        ["Register a community"] = "登记社区",
        ["Community name"] = "社区名称",
        ["Register"] = "登记",
        ["Assign a staff member"] = "分配工作人员",
        ["The staff member's person id (as they sign in)"] = "工作人员的人员编号（登录身份）",
        ["Assign"] = "分配",
        ["Community KPIs"] = "社区考核指标",
        ["KPIs of {0}"] = "{0} 考核指标",
        ["the city"] = "全市",
        ["Month"] = "月份",
        ["Show"] = "查看",
        ["Registered volunteers"] = "注册志愿者",
        ["Regularly active"] = "经常参与",
        ["Active share"] = "活跃比例",
        ["target met"] = "达标",
        ["target not met"] = "未达标",
        ["Target: more than {0}%"] = "目标：超过 {0}%",
        ["Social organizations"] = "社区社会组织",
        ["Stations with all six haves"] = "“六有”服务站",
        ["Hours served this month"] = "本月服务时长（小时）",
        ["Points earned this month"] = "本月获得积分",
        ["Every community"] = "各社区",
        ["More communities follow; the CSV download has them all."] = "更多社区未列出；CSV 下载包含全部社区。",
        ["{0} of {1}"] = "{0} / {1}",
    };
}
