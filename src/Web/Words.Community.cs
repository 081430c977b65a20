namespace TimeBank.Web;

/// <summary>The community staff's pages on their community: its merchants and its volunteers.</summary>
public sealed partial class Words
{
    private static readonly Dictionary<string, string> CommunityWords = new()
    {
        ["Merchants"] = "商户",
        ["Your communities"] = "您服务的社区",
        ["You serve no community yet. Ask the city office to assign you."] = "您尚未被分配到任何社区，请联系市级管理部门。",
        ["The community has no merchants yet."] = "本社区还没有商户。",
        ["Awaiting approval"] = "待审批",
        ["Approved"] = "已批准",
        ["Suspended"] = "已暂停",
        ["Unknown"] = "未知",
        ["Registered"] = "登记于",
        ["Approve"] = "批准",
        ["Reason for suspending"] = "暂停原因",
        ["Suspend"] = "暂停",
        ["Reinstate"] = "恢复",
        ["More merchants exist than one page shows."] = "商户数量超过一页，此处只显示前 100 个。",
        ["Register a merchant"] = "登记商户",
        ["Merchant name"] = "商户名称",
        ["The merchant was registered. Approve it when it is ready to take points."] = "商户已登记。商户可以接受积分时，请批准。",
        ["The merchant was approved."] = "商户已批准。",
        ["The merchant was suspended."] = "商户已暂停。",
        ["The merchant was reinstated."] = "商户已恢复。",
        ["No volunteers are registered here."] = "本社区还没有登记的志愿者。",
        ["Names are masked, as on every list; open a volunteer to see their account."] = "列表中的姓名均已脱敏；点击志愿者编号查看其账户。",
        ["Name"] = "姓名",
        ["(erased)"] = "（已删除）",
        ["More volunteers follow than one page shows."] = "志愿者超过一页（每页 100 名）。",
        ["Next page"] = "下一页",
    };
}
