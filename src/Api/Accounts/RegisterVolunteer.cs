using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.PersonalData;
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
        RegisterVolunteer command, IDocumentSession session, PersonalDataVault vault, TimeProvider clock, CancellationToken cancellation)
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
        vault.Store(session, command.VolunteerId, command.HomeCommunityId, number, person, now);
        account.AppendMany(events);
        return new Accepted(command.VolunteerId);
    }
}
