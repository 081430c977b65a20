namespace TimeBank.Web;

/// <summary>The time bank's gifts: a member's relatives, gifts and donations, and the community pool (ADR 0045).</summary>
public sealed partial class Words
{
    private static readonly Dictionary<string, string> GiftWords = new()
    {
        ["Gifts of time credits"] = "时间币赠与",
        ["Time credits you may give or donate"] = "可赠与或捐赠的时间币",
        ["Given this year: {0}; received: {1}; still to give this year: {2}"] = "今年已赠与 {0}，已收到 {1}，今年还可赠与 {2}",
        ["Time credits are never exchanged for points, goods or cash."] = "时间币不能兑换积分、物品或现金。",
        ["My relatives"] = "我的直系亲属",
        ["No relative is recorded for you. Your community office records a direct relative; you both then confirm it here."]
            = "尚未登记您的直系亲属。请社区登记后，您和亲属分别在此确认。",
        ["Relative"] = "亲属",
        ["Relation"] = "关系",
        ["Confirm"] = "确认",
        ["Spouse"] = "配偶",
        ["Parent"] = "父母",
        ["Child"] = "子女",
        ["Grandparent"] = "祖父母/外祖父母",
        ["Grandchild"] = "孙子女/外孙子女",
        ["Confirmed"] = "已确认",
        ["Ended"] = "已解除",
        ["Waiting for your relative to confirm"] = "等待亲属确认",
        ["Waiting for you to confirm"] = "等待您确认",
        ["Give time credits to a relative"] = "赠与亲属时间币",
        ["Give"] = "赠与",
        ["Donate to a community's pool"] = "捐赠给社区时间币池",
        ["Community staff grant the pool's time credits to residents in need."] = "社区工作者会将时间币池中的时间币发放给有需要的居民。",
        ["Donate to my community's pool"] = "捐赠给本社区",
        ["You confirmed the relation."] = "您已确认亲属关系。",
        ["The time credits were given."] = "时间币已赠与。",
        ["Thank you: the time credits went to the community's pool."] = "感谢您的捐赠，时间币已进入社区时间币池。",
        ["Community pool"] = "社区时间币池",
        ["Time credits in the pool"] = "时间币池余额",
        ["Revocations took back {0} the pool had already granted; donations and overflow make it good first."]
            = "撤销记录收回了时间币池已发放的 {0}，之后的捐赠和超额时间币将优先补足。",
        ["Reason"] = "原因",
        ["Donation"] = "捐赠",
        ["Grant"] = "发放",
        ["Above a volunteer's cap"] = "超出上限转入",
        ["Taken back by a revocation"] = "撤销收回",
        ["Grant to a resident in need"] = "向有需要的居民发放",
        ["Resident"] = "居民",
        ["Why the resident needs it"] = "发放原因",
        ["Record a direct relation"] = "登记直系亲属关系",
        ["Both members then confirm it on their own page. Only spouses, parents, children, grandparents and grandchildren."]
            = "登记后由双方分别在自己的页面确认。仅限配偶、父母、子女、祖父母（外祖父母）和孙子女（外孙子女）。",
        ["Member"] = "成员",
        ["is the member's"] = "亲属是成员的",
        ["Record the relation"] = "登记关系",
        ["The time credits were granted to the resident."] = "时间币已发放给该居民。",
        ["The relation was recorded. Both members confirm it on their own page."] = "亲属关系已登记，请双方分别在自己的页面确认。",
    };
}
