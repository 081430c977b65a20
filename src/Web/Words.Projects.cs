namespace TimeBank.Web;

/// <summary>The community staff's page of projects: publishing one and recording a day's service in it.</summary>
public sealed partial class Words
{
    private static readonly Dictionary<string, string> ProjectWords = new()
    {
        ["Projects"] = "志愿项目",
        ["The project was published."] = "项目已发布。",
        ["{0} service records submitted. They await verification."] = "已提交 {0} 条服务记录，等待审核。",
        ["Not recorded for these volunteers:"] = "以下志愿者的服务未能记录：",
        ["The community has no projects yet."] = "本社区还没有发布项目。",
        ["Category"] = "服务类别",
        ["Points coefficient"] = "积分系数",
        ["Date of service"] = "服务日期",
        ["Started at (China time)"] = "开始时间（北京时间）",
        ["Ended at (China time)"] = "结束时间（北京时间）",
        ["Minutes served, travel excluded"] = "实际服务分钟数（不含路程）",
        ["What the service was"] = "服务内容",
        ["Volunteers who served"] = "参加服务的志愿者",
        ["The community has no volunteers yet."] = "本社区还没有志愿者。",
        ["Record service"] = "记录服务",
        ["More projects exist than one page shows."] = "项目较多，本页未能全部显示。",
        ["Publish a project"] = "发布项目",
        ["Project name"] = "项目名称",
        ["Service category, e.g. elder care"] = "服务类别（如：助老）",
        ["Where the service is done"] = "服务地点",
        ["Points coefficient (1.0 = 10 points per hour)"] = "积分系数（1.0 = 每小时 10 积分）",
        ["Publish"] = "发布",
    };
}
