using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.Hosting;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using Domain = TimeBank.Ledger.Accounts;

namespace TimeBank.Api.Volunteers;

/// <summary>Staff register a volunteer in their community; the account works in every community of the city.</summary>
public sealed record RegisterVolunteer(Guid CommandId, Actor Actor, Guid VolunteerId, Guid HomeCommunityId, string VolunteerNumber, string DisplayName) : ILedgerCommand;

/// <summary>
/// What the person is called. Personal information lives here, outside the event stream, so that erasing it never
/// touches the ledger. (Encryption with a per-volunteer key is the personal-data issue's work.)
/// </summary>
public sealed record VolunteerProfile(Guid Id, Guid HomeCommunityId, string VolunteerNumber, string DisplayName);

public static class RegisterVolunteerHandler
{
    public static Task<CommandOutcome> Handle(
        RegisterVolunteer command, IDocumentSession session, PolicyBook policies, TimeProvider clock, CancellationToken cancellation) =>
        session.RunOnceAsync(command, clock, async now =>
        {
            var stream = await session.Events.FetchForWriting<VolunteerAccount>(command.VolunteerId, cancellation);
            stream.AppendMany(VolunteerAccountDecider.Decide(
                new Domain.RegisterVolunteer(command.VolunteerId, command.HomeCommunityId, command.VolunteerNumber, command.Actor),
                stream.Aggregate, policies.For(string.Empty), now));
            session.Store(new VolunteerProfile(command.VolunteerId, command.HomeCommunityId, command.VolunteerNumber.Trim(), command.DisplayName.Trim()));
            return CommandOutcome.Accept(command.CommandId, command.VolunteerId);
        }, cancellation);
}
