using System.Globalization;

namespace TimeBank.Web;

/// <summary>The community staff's pages: the records awaiting verification.</summary>
public sealed partial class Words
{
    /// <summary>A time of day in China's time, as the ledger's times are shown.</summary>
    public string Time(DateTimeOffset at) => at.ToOffset(ChinaTime).ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The Chinese of <paramref name="key"/> (or the key itself in English) with its <c>{0}</c>… filled in.</summary>
    public string Format(string key, params object[] values) => string.Format(CultureInfo.InvariantCulture, this[key], values);

    private static readonly Dictionary<string, string> StaffWords = new()
    {
        ["Records awaiting verification"] = "待审核的服务记录",
        ["Nothing is awaiting verification."] = "目前没有待审核的服务记录。",
        ["{0} records verified"] = "已审核 {0} 条服务记录",
        ["The record was rejected. The volunteer sees your reason."] = "该记录已退回，志愿者可以看到您填写的原因。",
        ["Each activity lists its volunteers' records. Check them, reject any that is wrong with a reason, then verify the rest at once."]
            = "每场活动列出参加志愿者的服务记录。请逐条核对，有误的填写原因后退回，其余的一次审核通过。",
        ["{0} records"] = "{0} 条记录",
        ["{0} minutes in all"] = "共 {0} 分钟",
        ["Verify all {0}"] = "全部审核通过（{0} 条）",
        ["Time"] = "时间",
        ["Minutes"] = "分钟数",
        ["Service"] = "服务内容",
        ["Reject"] = "退回",
        ["Reject…"] = "退回…",
        ["Reason for rejecting (the volunteer sees it)"] = "退回原因（志愿者可见）",
        ["More records are waiting than one page shows. Verify these first; the next ones then appear here."]
            = "待审核的记录超过一页。请先审核这些，之后其余的记录会显示在这里。",
    };
}
