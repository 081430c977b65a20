namespace TimeBank.Web;

/// <summary>
/// Where points are spent: the volunteer's list of shops (Pages/MerchantsTakingPoints.razor), and the till's list of the
/// day and its statement (Components/TillDayList.razor, Pages/TillStatement.razor).
/// </summary>
public sealed partial class Words
{
    private static readonly Dictionary<string, string> SpendingWords = new()
    {
        ["Where to spend points"] = "积分可用商户",
        ["These shops take love-bank points. Your points work in every community of the city: ask for a code and show it at the till."]
            = "以下商户可使用爱心积分。您的积分在全市各社区通用：先获取兑换码，再在收银台出示。",
        ["No shop takes points yet. Your community office will tell you when one does."] = "目前还没有可使用积分的商户，有商户加入时社区会通知您。",
        ["In your community"] = "本社区",
        ["Elsewhere in the city"] = "本市其他社区",
        ["More shops"] = "更多商户",
        ["Redemptions of the day"] = "当日兑换",
        ["No redemption on this day yet."] = "当天还没有兑换。",
        ["Time (China)"] = "时间（北京时间）",
        ["State"] = "状态",
        ["What you can do"] = "可进行的操作",
        ["Held"] = "已冻结",
        ["Voided"] = "已撤销",
        ["Expired"] = "已过期",
        ["Only the latest 100 are listed; the statement counts them all."] = "仅列出最近 100 笔；结算单统计全部兑换。",
        ["Show another day"] = "查看其他日期",
        ["Statement and CSV download"] = "结算单与 CSV 下载",
        ["Statement"] = "结算单",
        ["From"] = "开始日期",
        ["To (included)"] = "结束日期（含）",
        ["Day"] = "日期",
        ["Total"] = "合计",
        ["Days run from 08:00 to 08:00 China time (UTC days); a redemption shows here a moment after it is completed."]
            = "统计日为北京时间 08:00 至次日 08:00（UTC 日）；兑换完成后稍等片刻才会计入。",
        ["Download as CSV"] = "下载 CSV",
        ["Back to the till"] = "返回收银台",
    };
}
