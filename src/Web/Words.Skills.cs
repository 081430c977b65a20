namespace TimeBank.Web;

/// <summary>Volunteers' skills (ADR 0043): a volunteer's own (Pages/MySkills.razor), the staff's confirming (Pages/CommunitySkills.razor), the search (Pages/SkillSearch.razor).</summary>
public sealed partial class Words
{
    private static readonly Dictionary<string, string> SkillWords = new()
    {
        ["My skills"] = "我的技能",
        ["Skills"] = "技能",
        ["Declare a skill"] = "申报技能",
        ["Declare"] = "申报",
        ["Withdraw the skill"] = "撤回该技能",
        ["Confirmed by your community"] = "社区已确认",
        ["Awaiting confirmation"] = "待确认",
        ["You have declared no skill yet."] = "您还没有申报技能。",
        ["Staff of your community confirm the skills you declare; the city's search shows your volunteer number and masked name only."]
            = "您申报的技能由所在社区工作人员确认；全市搜索只显示您的志愿者编号和隐去的姓名。",
        ["Volunteers' skills"] = "志愿者技能",
        ["Confirm the skill"] = "确认该技能",
        ["No volunteer of this community has declared a skill."] = "本社区还没有志愿者申报技能。",
        ["Find volunteers by skill"] = "按技能查找志愿者",
        ["Confirmed skills only"] = "仅限已确认的技能",
        ["Search"] = "搜索",
        ["No volunteer has declared this skill."] = "没有志愿者申报该技能。",
        ["Type a skill, e.g. first aid."] = "请输入技能，例如：急救。",
    };
}
