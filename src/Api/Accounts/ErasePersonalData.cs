using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Api.PersonalData;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Policies;

namespace TimeBank.Api.Accounts;

/// <summary>
/// A city admin or staff of the home community erase a volunteer's personal information on request (crypto-shredding):
/// the data key is destroyed and the erasure recorded on the account, in one transaction. Hours, credits, points, stars
/// and history stay. The ledger's <see cref="ErasePersonalData"/>.
/// </summary>
public static class ErasePersonalDataHandler
{
    public static async Task<Accepted> Handle(ErasePersonalData command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        var account = await session.Events.FetchForWriting<VolunteerAccount>(command.VolunteerId, cancellation);
        // Erasing reads no policy: the product's default stands in.
        account.AppendMany(VolunteerAccountDecider.Decide(command, account.Aggregate, LedgerPolicy.Default, clock.GetUtcNow()));
        // Also when the erasure was recorded before: deleting a key that is gone changes nothing.
        PersonalDataVault.Erase(session, command.VolunteerId);
        return new Accepted(command.VolunteerId);
    }
}

public static class ErasePersonalDataField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<ErasePersonalDataInputType, ErasePersonalDataInput, AccountPayloadType, VolunteerAccount>(
            "erasePersonalData", "A city admin or staff of the home community erase a volunteer's name, phone and ID for good "
                + "(their data key is destroyed); hours, credits, points, stars and history stay. Refusals: `NOT_FOUND`.",
            (actor, i) => Idempotent.Of(i.CommandId, new ErasePersonalData(i.VolunteerId, actor)),
            AccountPayloadType.LoadAsync);
}

public sealed class ErasePersonalDataInput
{
    public Guid CommandId { get; init; }
    public Guid VolunteerId { get; init; }
}

public sealed class ErasePersonalDataInputType : InputObjectGraphType<ErasePersonalDataInput>
{
    public ErasePersonalDataInputType()
    {
        Name = "ErasePersonalDataInput";
        Description = "Whose personal information to erase.";
        this.CommandIdField();
        Field<NonNullGraphType<UuidIdGraphType>>("volunteerId").Description("The volunteer's id.");
    }
}
