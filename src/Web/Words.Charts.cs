namespace TimeBank.Web;

/// <summary>The KPI charts (<c>/kpis</c>) and the staff's community board (<c>/community/board</c>).</summary>
public sealed partial class Words
{
    private static readonly Dictionary<string, string> ChartWords = new()
    {
    };
}
