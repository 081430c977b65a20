using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Api.PersonalData;
using TimeBank.Ledger;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Policies;

namespace TimeBank.Api.Accounts;

/// <summary>
/// The ledger's <see cref="RegisterVolunteer"/>: the account is opened and the volunteer's personal details are stored
/// encrypted beside it, in one transaction. The volunteer number is unique in the city (<see cref="VolunteerNumbers"/>):
/// read here, and held by the unique index on the profile's number, so that of two registrations racing for one number
/// the second to commit fails, is run again (a conflict, <see cref="CommandSender"/>) and then reads the first's number.
/// </summary>
public static class RegisterVolunteerHandler
{
    public static async Task<Accepted> Handle(
        RegisterVolunteer command, IDocumentSession session, PersonalDataVault vault, Districts.CityDirectory directory, TimeProvider clock,
        CancellationToken cancellation)
    {
        var now = clock.GetUtcNow();
        var account = await session.Events.FetchForWriting<VolunteerAccount>(command.VolunteerId, cancellation);
        // Registering reads no policy: the product's default stands in.
        var events = VolunteerAccountDecider.Decide(command, account.Aggregate, LedgerPolicy.Default, now);
        // Validated before anything is written: a refusal leaves neither an account nor a profile.
        var person = PersonalDetails.Validate(command.Person?.Name, command.Person?.Phone, command.Person?.NationalIdType, command.Person?.NationalId);
        var number = command.VolunteerNumber.Trim();
        var holders = await session.Query<VolunteerProfile>().Where(p => p.VolunteerNumber == number).Select(p => p.Id).Take(1).ToListAsync(cancellation);
        VolunteerNumbers.RequireFree(number, command.VolunteerId, holders.Count == 0 ? null : holders[0]);
        // Districts mode: the city learns the volunteer's home before the account commits here (ADR 0047).
        if (directory.IsOn)
        {
            await directory.RecordHomeAsync(command.VolunteerId, session.TenantId, cancellation);
        }

        vault.Store(session, command.VolunteerId, command.HomeCommunityId, number, person, now);
        account.AppendMany(events);
        return new Accepted(command.VolunteerId);
    }
}

public static class RegisterVolunteerField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<RegisterVolunteerInputType, RegisterVolunteerInput, AccountPayloadType, VolunteerAccount>(
            "registerVolunteer", "Staff register a volunteer in their community; the account works in every community of the city. Refusals: `NOT_STAFF_OF_COMMUNITY`, `ALREADY_EXISTS`, `INVALID_INPUT`, `INVALID_NAME`, `INVALID_PHONE`, `INVALID_NATIONAL_ID`.",
            (actor, i) => Idempotent.Of(i.CommandId, new RegisterVolunteer(i.VolunteerId, i.HomeCommunityId, i.VolunteerNumber, actor,
                new PersonalDetails(i.DisplayName, i.Phone, i.NationalIdType, i.NationalId))),
            AccountPayloadType.LoadAsync);
}

public sealed class RegisterVolunteerInput
{
    public Guid CommandId { get; init; }
    public Guid VolunteerId { get; init; }
    public Guid HomeCommunityId { get; init; }
    public string VolunteerNumber { get; init; } = string.Empty;
    public string DisplayName { get; init; } = string.Empty;
    public string? Phone { get; init; }
    public NationalIdType? NationalIdType { get; init; }
    public string? NationalId { get; init; }
}

public sealed class RegisterVolunteerInputType : InputObjectGraphType<RegisterVolunteerInput>
{
    public RegisterVolunteerInputType()
    {
        Name = "RegisterVolunteerInput";
        Description = "A volunteer's registration: their account and personal information.";
        this.CommandIdField();
        Field<NonNullGraphType<UuidIdGraphType>>("volunteerId").Description("The person's id (the subject they sign in as).");
        Field<NonNullGraphType<UuidIdGraphType>>("homeCommunityId").Description("The community the account belongs to; the caller must be its staff.");
        Field<NonNullGraphType<StringGraphType>>("volunteerNumber").Description("The volunteer number (志愿者编号) shown on certificates; required.");
        Field<NonNullGraphType<StringGraphType>>("displayName")
            .Description($"The person's name; required, at most {TextLimits.PersonName} characters, no line breaks (`INVALID_NAME`). Stored encrypted, erased on request.");
        Field<StringGraphType>("phone").Description("6 to 15 digits, optionally with a leading + and spaces or dashes; stored encrypted.");
        Field<NationalIdTypeType>("nationalIdType").Description("The kind of ID document; given together with `nationalId`.");
        Field<StringGraphType>("nationalId").Description("The ID number (sensitive); stored encrypted, shown masked.");
    }
}
