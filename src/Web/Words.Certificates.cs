namespace TimeBank.Web;

/// <summary>The community staff's certificates page (<c>/community/certificates</c>).</summary>
public sealed partial class Words
{
    private static readonly Dictionary<string, string> CertificateWords = new()
    {
        ["Requests awaiting a decision"] = "待处理的证明申请",
        ["No volunteer is waiting for a certificate."] = "目前没有待处理的证明申请。",
        ["Service from"] = "服务期间",
        ["Issue the certificate"] = "出具证明",
        ["Decline…"] = "不予出具…",
        ["Decline"] = "不予出具",
        ["Reason for declining (the volunteer sees it)"] = "不予出具的原因（志愿者可见）",
        ["More requests wait than one page shows. Decide these first; the next ones then appear here."] = "申请超过一页。请先处理这些，其余的随后显示在这里。",
        ["Issue a certificate directly"] = "直接出具证明",
        ["Certify a star level"] = "出具星级证明",
        ["A star certificate (志愿服务星级证明) for a level the volunteer has reached."] = "为志愿者已达到的星级出具志愿服务星级证明。",
        ["Choose the volunteer and the star level."] = "请选择志愿者和星级。",
        ["First day of service certified"] = "证明的服务起始日期",
        ["Last day of service certified"] = "证明的服务截止日期",
        ["Notes on the certificate (optional)"] = "备注（可不填）",
        ["Handling officer"] = "经办人",
        ["Contact (office phone or address)"] = "联系方式（办公电话或地址）",
        ["Register of certificates"] = "证明登记簿",
        ["No certificate has been issued yet."] = "尚未出具任何证明。",
        ["Kind"] = "类型",
        ["Of service"] = "服务证明",
        ["Of a star level"] = "星级证明",
        ["Actions"] = "操作",
        ["Check on the public verification page"] = "在公开查验页面核验",
        ["Revoke…"] = "撤销…",
        ["Revoke"] = "撤销",
        ["Why (shown when it is verified)"] = "撤销类别（查验时显示）",
        ["Reason (kept by the community)"] = "撤销原因（社区留存）",
        ["Issued by mistake"] = "误开",
        ["The records behind it were corrected"] = "所依据的记录已更正",
        ["Obtained by false records"] = "以虚假记录取得",
        ["Another reason"] = "其他原因",
        ["First page"] = "第一页",
        ["Certificate {0} was issued."] = "证明 {0} 已出具。",
        ["The request was declined. The volunteer sees your reason."] = "已不予出具，志愿者可以看到您填写的原因。",
        ["Certificate {0} was revoked. Verification says so from now on."] = "证明 {0} 已撤销，此后查验将显示已撤销。",
        ["Year numbered"] = "编号年份",
        ["Issued and revoked"] = "已出具和已撤销",
        ["Certificates"] = "志愿服务证明",
    };
}
