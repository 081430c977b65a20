using GraphQL.Types;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger;

namespace TimeBank.Api.ServiceRecords;

/// <summary>Reject, revoke and contest: a record and a reason.</summary>
public sealed class RecordReasonInput
{
    public Guid CommandId { get; init; }
    public Guid RecordId { get; init; }
    public string Reason { get; init; } = string.Empty;
}

public abstract class RecordReasonInputType : InputObjectGraphType<RecordReasonInput>
{
    protected RecordReasonInputType(string name, string description, string reason)
    {
        Name = name;
        Description = description;
        this.CommandIdField();
        Field<NonNullGraphType<UuidIdGraphType>>("recordId").Description("The record's UUID or global id.");
        Field<NonNullGraphType<StringGraphType>>("reason")
            .Description($"{reason} Required (`REASON_REQUIRED`), at most {TextLimits.Reason} characters (`TEXT_TOO_LONG`).");
    }
}
