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

    /// <summary>The community staff's page of residents' needs (Pages/CommunityNeeds.razor).</summary>
    private static readonly Dictionary<string, string> CommunityNeedWords = new()
    {
        ["Residents' needs"] = "居民需求",
        ["Accepted: to confirm"] = "已接单，待确认",
        ["Confirm for a resident without a phone, once the help was given: the volunteer is paid, and the need notes it was on the resident's behalf."] =
            "居民没有手机时，服务完成后由社区代为确认：向志愿者支付时间币，并记录为代居民确认。",
        ["Confirm for the resident"] = "代居民确认",
        ["No accepted need waits for a confirmation."] = "没有待确认的需求。",
        ["Disputed: to decide"] = "有异议，待裁定",
        ["Why it was disputed"] = "异议原因",
        ["Your decision, and why"] = "裁定理由",
        ["Pay the volunteer"] = "支付给志愿者",
        ["Release to the resident"] = "退回给居民",
        ["Split"] = "按比例分配",
        ["Minutes to the volunteer"] = "给志愿者的分钟数",
        ["Minutes back to the resident"] = "退回居民的分钟数",
        ["No disputed need waits for a decision."] = "没有待裁定的异议。",
        ["Open: waiting for a volunteer"] = "待接单",
        ["Confirmed for the resident: the volunteer is paid."] = "已代居民确认，志愿者已获支付。",
        ["The dispute is decided."] = "异议已裁定。",
    };
}
