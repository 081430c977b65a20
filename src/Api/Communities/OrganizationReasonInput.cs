namespace TimeBank.Api.Communities;

public sealed class OrganizationReasonInput
{
    public Guid CommandId { get; init; }
    public Guid OrganizationId { get; init; }
    public string Reason { get; init; } = string.Empty;
}
