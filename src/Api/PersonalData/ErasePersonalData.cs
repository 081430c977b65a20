using Marten;
using TimeBank.Api.Commands;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Policies;
using Domain = TimeBank.Ledger.Accounts;

namespace TimeBank.Api.PersonalData;

/// <summary>
/// A city admin or staff of the home community erase a volunteer's personal information on request (crypto-shredding):
/// the data key is destroyed and the erasure recorded on the account, in one transaction. Hours, credits, points, stars
/// and history stay.
/// </summary>
public sealed record ErasePersonalData(Guid CommandId, Actor Actor, Guid VolunteerId) : ILedgerCommand;

public static class ErasePersonalDataHandler
{
    public static Task<CommandOutcome> Handle(
        ErasePersonalData command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation) =>
        session.DecideOnStreamAsync<VolunteerAccount>(command, command.VolunteerId, clock, (state, now) =>
        {
            // Erasing reads no policy: the product's default stands in.
            var events = VolunteerAccountDecider.Decide(new Domain.ErasePersonalData(command.VolunteerId, command.Actor), state, LedgerPolicy.Default, now);
            // Also when the erasure was recorded before: deleting a key that is gone changes nothing.
            PersonalDataVault.Erase(session, command.VolunteerId);
            return events;
        }, cancellation);
}
