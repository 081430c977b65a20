using System.Globalization;
using System.Security.Cryptography;
using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Api.Infrastructure;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;

namespace TimeBank.Api.Accounts.Redemptions;

/// <summary>
/// The volunteer asks for a one-time code to show at a till (digits, or its QR code): the ledger's
/// <see cref="IssueRedemptionCode"/>, asked without a code (<see cref="IssueRedemptionCode.Asked"/>). Earlier live codes
/// stay live, up to the policy's number. The host draws the code with a CSPRNG, never one that is live for anyone (this
/// volunteer too), and records it with its lookup in one transaction; the outcome keeps it, so a replay gives this code.
/// </summary>
public static class IssueRedemptionCodeHandler
{
    /// <summary>Draws before giving up; with 10^8 codes and a few thousand live ones, one draw nearly always does.</summary>
    private const int MaxDraws = 20;

    public static async Task<Accepted> Handle(
        IssueRedemptionCode command, IDocumentSession session, PolicyBook policies, Districts.CityDirectory directory, TimeProvider clock,
        CancellationToken cancellation)
    {
        var now = clock.GetUtcNow();
        // Whoever asks, for their own account: the decider refuses anyone but a volunteer.
        var volunteerId = command.VolunteerId;
        var policy = await policies.ForCommunityAsync(
            session, (await session.LoadAsync<VolunteerAccount>(volunteerId, cancellation))?.HomeCommunityId, cancellation);
        // Districts mode: a code is claimed in the city's register too, so that a till in any district finds its district (ADR 0048).
        Func<string, Task<bool>> claim = directory.IsOn
            ? drawn => directory.ClaimCodeAsync(drawn, session.TenantId, now + policy.RedemptionCodeLifetime, now, cancellation)
            : _ => Task.FromResult(true);
        var (code, taken) = await DrawAsync(session, policy.RedemptionCodeDigits, now, claim, cancellation);

        var (before, events) = await AccountDecisions.DecideAsync(session, policies, command with { Code = code }, now, cancellation);
        var issued = events.OfType<RedemptionCodeIssued>().Single();

        // Codes that expired leave the account with this event; their lookups go too (unless someone else has drawn
        // the code since, or it is the code just drawn again).
        foreach (var expired in before?.Codes.Where(old => !old.IsValidAt(now) && old.Value != code) ?? [])
        {
            if (await session.LoadAsync<RedemptionCodeLookup>(expired.Value, cancellation) is { } oldLookup && oldLookup.VolunteerId == volunteerId)
            {
                session.Delete(oldLookup);
            }
        }

        var lookup = new RedemptionCodeLookup(code, volunteerId, issued.ExpiresAt);
        if (taken)
        {
            session.Store(lookup);
        }
        else
        {
            // Two volunteers drawing the same free code at once: one insert fails and that command is run again.
            session.Insert(lookup);
        }

        return new Accepted(volunteerId) { IssuedCode = code };
    }

    /// <summary>A code that is not live for anyone; <c>taken</c> when an old lookup of it exists.</summary>
    private static async Task<(string Code, bool Taken)> DrawAsync(
        IQuerySession session, int digits, DateTimeOffset now, Func<string, Task<bool>> claim, CancellationToken cancellation)
    {
        var space = (int)Math.Pow(10, digits);
        for (var draw = 0; draw < MaxDraws; draw++)
        {
            var code = RandomNumberGenerator.GetInt32(space).ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0');
            var lookup = await session.LoadAsync<RedemptionCodeLookup>(code, cancellation);
            // The volunteer's own live codes too: two live codes of one account are never the same.
            if ((lookup is null || !lookup.IsLiveAt(now)) && await claim(code))
            {
                return (code, lookup is not null);
            }
        }

        throw new InvalidOperationException($"No free redemption code after {MaxDraws} draws: the code space is too small for the live codes.");
    }
}

public static class IssueRedemptionCodeField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<IssueRedemptionCodeInputType, IssueRedemptionCodeInput, RedemptionCodePayloadType, RedemptionCodeView>(
            "issueRedemptionCode", "A volunteer asks for a new one-time code (digits and a QR code) to show at a merchant's till; earlier live codes stay live. Refused with TOO_MANY_LIVE_CODES at the district's limit.",
            (actor, i) => Idempotent.Of(i.CommandId, IssueRedemptionCode.Asked(actor)),
            RedemptionCodePayloadType.LoadAsync);
}

public sealed class IssueRedemptionCodeInput
{
    public Guid CommandId { get; init; }
}

public sealed class IssueRedemptionCodeInputType : InputObjectGraphType<IssueRedemptionCodeInput>
{
    public IssueRedemptionCodeInputType()
    {
        Name = "IssueRedemptionCodeInput";
        Description = "A request for a new one-time code, for the signed-in volunteer.";
        this.CommandIdField();
    }
}

public sealed class RedemptionCodePayloadType()
    : PayloadGraphType<RedemptionCodeType, RedemptionCodeView>("RedemptionCodePayload", "redemptionCode",
        "The code this request issued; null once it is used or expired.", "What issueRedemptionCode answers.")
{
    /// <summary>The code the command issued, while it is the volunteer's and unused.</summary>
    public static async Task<RedemptionCodeView?> LoadAsync(IQuerySession session, Actor actor, CommandOutcome outcome, CancellationToken cancellation) =>
        outcome.IssuedCode is { } issued
        && await MutationFields.LoadStreamAsync<VolunteerAccount>(session, outcome, cancellation) is { } account && account.Id == actor.PersonId
        // Not yet used (a hold removes its code); its expiresAt tells whether it is still live.
        && account.Codes.FirstOrDefault(unused => unused.Value == issued) is { } code
            ? new RedemptionCodeView(account.Id, code.Value, code.ExpiresAt, RedemptionCodeQr.Svg(code.Value))
            : null;
}
