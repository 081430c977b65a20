namespace TimeBank.Web;

/// <summary>Residents' needs (Pages/MyNeeds.razor).</summary>
public sealed partial class Words
{
    private static readonly Dictionary<string, string> NeedWords = new()
    {
        ["Needs"] = "居民需求",
        ["Ask for help"] = "发布需求",
        ["Time credits you hold"] = "可用时间币",
        ["held for your needs"] = "为需求冻结",
        ["What do you need?"] = "需要什么帮助？",
        ["Where?"] = "地点",
        ["When (China time)?"] = "时间（北京时间）",
        ["How long, in minutes?"] = "时长（分钟）",
        ["Skill wanted (optional)"] = "所需技能（选填）",
        ["Post the need"] = "发布",
        ["My needs"] = "我的需求",
        ["You asked for it"] = "我发布的",
        ["You help"] = "我接单的",
        ["Cancel the need"] = "取消需求",
        ["Confirm: the help was given"] = "确认已获得服务",
        ["Something wrong? Say what, and the community will decide"] = "有问题？请说明，由社区裁定",
        ["Dispute"] = "提出异议",
        ["You have not posted or accepted a need yet."] = "您还没有发布或接受过需求。",
        ["Open needs in the city"] = "全市待接需求",
        ["I will help"] = "我来帮忙",
        ["No open need right now."] = "目前没有待接的需求。",
        ["Your need is posted; its time credits are held until it ends."] = "需求已发布，相应时间币已冻结，需求结束时结算。",
        ["Thank you: the need is yours. It shows under your needs."] = "谢谢！您已接下这项需求，可在“我的需求”中查看。",
        ["Confirmed: the volunteer is paid from the held time credits."] = "已确认，冻结的时间币已支付给志愿者。",
        ["The need is cancelled; its time credits are back."] = "需求已取消，时间币已退回。",
        ["The need is disputed: the community office will decide."] = "已提出异议，将由社区裁定。",
        ["Waiting for a volunteer"] = "等待志愿者",
        ["A volunteer will help"] = "已有志愿者接单",
        ["Disputed: the community decides"] = "有异议，待社区裁定",
        ["Done and paid"] = "已完成并支付",
        ["Decided by the community"] = "社区已裁定",
        ["Cancelled"] = "已取消",
        ["Expired: time credits back"] = "已过期，时间币已退回",
    };
}
