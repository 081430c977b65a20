namespace TimeBank.Web;

/// <summary>The till's words (Pages/Till.razor).</summary>
public sealed partial class Words
{
    private static readonly Dictionary<string, string> TillWords = new()
    {
        ["Till"] = "收银台",
        ["Next customer"] = "下一位顾客",
        ["Volunteer's code"] = "志愿者兑换码",
        ["Points to redeem"] = "兑换积分数",
        ["Hold points"] = "冻结积分",
        ["Points held"] = "已冻结积分",
        ["Complete when the sale goes through; void to give the points back."] = "交易成功请点“完成兑换”；取消交易请点“撤销”，积分退回志愿者。",
        ["Complete"] = "完成兑换",
        ["Void"] = "撤销",
        ["Redeemed"] = "兑换成功",
        ["Voided: the points are the volunteer's again"] = "已撤销，积分已退回志愿者",
        ["Expired: the points are the volunteer's again"] = "已过期，积分已退回志愿者",
        ["Given back so far:"] = "已退还：",
        ["Start a new sale"] = "开始新的兑换",
        ["Refund this redemption"] = "退还本次兑换",
        ["Points to give back"] = "退还积分数",
        ["at most"] = "最多",
        ["Refund"] = "退还积分",
        ["Today"] = "今日",
        ["Redemptions"] = "兑换笔数",
        ["Points redeemed"] = "已兑换积分",
        ["Points refunded"] = "已退还积分",
        ["Net points"] = "净兑换积分",
        ["The day runs from 08:00 to 08:00 China time (a UTC day); a redemption shows here a moment after it is completed."]
            = "统计日为北京时间 08:00 至次日 08:00（UTC 日）；兑换完成后稍等片刻才会计入。",
        ["This shop cannot take points right now. Voids and refunds still work."] = "本店目前不能收取积分，但仍可撤销和退还。",
        ["Your sign-in names no shop that exists. Ask your community office."] = "您的登录身份未关联任何现有商户，请联系社区。",
    };
}
