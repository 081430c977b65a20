using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger;
using TimeBank.Ledger.Merchants;

namespace TimeBank.Api.Merchants;

/// <summary>
/// Staff of a community (or a city admin) take a merchant on; it redeems nothing until approved.
/// The ledger's <see cref="RegisterMerchant"/>, decided on the merchant's stream.
/// </summary>
public static class RegisterMerchantHandler
{
    public static async Task<Accepted> Handle(RegisterMerchant command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        var merchant = await session.Events.FetchForWriting<Merchant>(command.MerchantId, cancellation);
        merchant.AppendMany(MerchantDecider.Decide(command, merchant.Aggregate, clock.GetUtcNow()));
        return new Accepted(command.MerchantId);
    }
}

public static class RegisterMerchantField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<RegisterMerchantInputType, RegisterMerchantInput, MerchantPayloadType, Merchant>(
            "registerMerchant", "Staff of the community (or a city admin) register a merchant; it redeems nothing until approved. Refusals: `NOT_STAFF_OF_COMMUNITY`, `ALREADY_EXISTS`, `INVALID_INPUT` (a blank name), `TEXT_TOO_LONG`.",
            (actor, i) => Idempotent.Of(i.CommandId, new RegisterMerchant(i.MerchantId ?? i.CommandId, i.CommunityId, i.Name, actor)),
            MerchantPayloadType.LoadAsync);
}

public sealed class RegisterMerchantInput
{
    public Guid CommandId { get; init; }
    public Guid? MerchantId { get; init; }
    public Guid CommunityId { get; init; }
    public string Name { get; init; } = string.Empty;
}

public sealed class RegisterMerchantInputType : InputObjectGraphType<RegisterMerchantInput>
{
    public RegisterMerchantInputType()
    {
        Name = "RegisterMerchantInput";
        Description = "A new merchant of a community; pending until approved.";
        this.CommandIdField();
        Field<UuidIdGraphType>("merchantId").Description("The new merchant's UUID; defaults to the command id. `ALREADY_EXISTS` if taken.");
        Field<NonNullGraphType<UuidIdGraphType>>("communityId").Description("The community; the caller must be its staff or a city admin (`NOT_STAFF_OF_COMMUNITY`).");
        Field<NonNullGraphType<StringGraphType>>("name").Description($"The merchant's name; required, at most {TextLimits.Name} characters (`TEXT_TOO_LONG`).");
    }
}
