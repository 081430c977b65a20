using System.Text.Json.Serialization;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.PersonalData;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Policies;
using Domain = TimeBank.Ledger.Accounts;

namespace TimeBank.Api.Volunteers;

/// <summary>Staff register a volunteer in their community; the account works in every community of the city.</summary>
/// <param name="Person">
/// Left out of the command's request hash (<see cref="Idempotency"/>): the stored hash of a command outlives an erasure, and
/// a hash over a name and an ID number would let anyone holding a guess confirm it. A repeat of the command id with other
/// details therefore replays the first registration.
/// </param>
public sealed record RegisterVolunteer(
    Guid CommandId, Actor Actor, Guid VolunteerId, Guid HomeCommunityId, string VolunteerNumber, [property: JsonIgnore] PersonalDetails Person)
    : ILedgerCommand;

public static class RegisterVolunteerHandler
{
    public static Task<CommandOutcome> Handle(
        RegisterVolunteer command, IDocumentSession session, PersonalDataVault vault, TimeProvider clock, CancellationToken cancellation) =>
        session.DecideOnStreamAsync<VolunteerAccount>(command, command.VolunteerId, clock, (state, now) =>
        {
            // Registering reads no policy: the product's default stands in.
            var events = VolunteerAccountDecider.Decide(
                new Domain.RegisterVolunteer(command.VolunteerId, command.HomeCommunityId, command.VolunteerNumber, command.Actor),
                state, LedgerPolicy.Default, now);
            // Validated before anything is written: a refusal leaves neither an account nor a profile.
            var person = command.Person.Validated();
            vault.Store(session, command.VolunteerId, command.HomeCommunityId, command.VolunteerNumber.Trim(), person, now);
            return events;
        }, cancellation);
}
