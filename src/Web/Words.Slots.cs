namespace TimeBank.Web;

/// <summary>Time slots (ADR 0043): the slot's page (Pages/SlotPage.razor), a volunteer's slots and the board (Pages/MySlots.razor).</summary>
public sealed partial class Words
{
    private static readonly Dictionary<string, string> SlotWords = new()
    {
        ["Time slot"] = "服务时段",
        ["Time slots"] = "服务时段",
        ["Places"] = "名额",
        ["Waiting"] = "候补",
        ["Skills wanted"] = "所需技能",
        ["Withdraw until"] = "可退出截止",
        ["This slot was cancelled."] = "该时段已取消。",
        ["Check-in code"] = "签到码",
        ["Show this code (or its QR) to the volunteers: they check in and out with it."] = "向志愿者出示此签到码（或其二维码），志愿者凭码签到、签退。",
        ["Verify the whole slot"] = "审核整个时段的记录",
        ["Reason to cancel"] = "取消原因",
        ["Cancel the slot"] = "取消该时段",
        ["Check in"] = "签到",
        ["Check out"] = "签退",
        ["No-show"] = "未到场",
        ["Sign up"] = "报名",
        ["Withdraw"] = "退出",
        ["Code shown by the staff"] = "工作人员出示的签到码",
        ["Signed up"] = "已报名",
        ["On the waiting list"] = "候补中",
        ["Checked in"] = "已签到",
        ["Checked out"] = "已签退",
        ["My sign-ups"] = "我的报名",
        ["You have not signed up for a slot yet."] = "您还没有报名任何时段。",
        ["Open slots in the city"] = "全市可报名时段",
        ["Skill"] = "技能",
        ["Places left"] = "剩余名额",
        ["No open slot matches."] = "没有符合条件的可报名时段。",
        ["The project has no time slots yet."] = "该项目还没有服务时段。",
        ["Add a time slot"] = "添加服务时段",
        ["Starts at (China time)"] = "开始时间（北京时间）",
        ["Ends at (China time)"] = "结束时间（北京时间）",
        ["Skills wanted (comma-separated)"] = "所需技能（用逗号分隔）",
        ["Fill in the day, the times and the places."] = "请填写日期、时间和名额。",
        ["The check-in QR code; it opens"] = "签到二维码，扫码打开",
        ["Volunteers scan it with their phone: it opens this slot with the code filled in."] = "志愿者用手机扫码，即可打开本时段页面并自动填好签到码。",
        ["Volunteers with skills"] = "按技能找志愿者",
    };
}
