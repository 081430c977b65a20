using TimeBank.Api.Commands;
using TimeBank.Api.Tests.Ledger;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Gifts;

namespace TimeBank.Api.Tests.Auth;

/// <summary>
/// The gifts of the matrix city (ADR 0045): for every caller of every operation on a relation, a relative of V1 of its
/// own (a fresh volunteer of A) in the state the operation needs: none yet (<c>recordRelation</c>), a pending relation
/// (<c>confirmRelation</c>, <c>endRelation</c>), or a confirmed one (<c>giveGift</c>, V1 giving from its credited
/// records); for every caller of <c>grantFromPool</c>, a resident of its own. A's pool holds credits donated by V1, V2
/// has credits of its own to donate, and V1 has a pending relation that is only read.
/// </summary>
public sealed partial class AuthorizationMatrixCity
{
    /// <summary>The operations that act on a relative of V1 (or a resident), each given a fresh volunteer per caller.</summary>
    public static readonly string[] RelativeOperations = ["recordRelation", "confirmRelation", "endRelation", "giveGift", "grantFromPool"];

    private readonly Dictionary<(string Operation, string Caller), Guid> _relatives = [];

    /// <summary>The relative of V1 of the read relation.</summary>
    public Guid ReadRelative { get; private set; }

    /// <summary>The fresh volunteer of A the operation acts on for this caller: V1's relative, or the resident granted.</summary>
    public Guid RelativeFor(string operation, string caller) => _relatives[(operation, caller)];

    private async Task GiftsAsync()
    {
        ReadRelative = await A.RegisterVolunteerAsync();
        await RecordRelationAsync(ReadRelative);
        foreach (var operation in RelativeOperations)
        {
            foreach (var caller in Callers)
            {
                var relative = await A.RegisterVolunteerAsync();
                if (operation is "confirmRelation" or "endRelation" or "giveGift")
                {
                    await RecordRelationAsync(relative);
                }

                if (operation == "giveGift")
                {
                    await ConfirmAsync(relative, V1);
                    await ConfirmAsync(relative, relative);
                }

                _relatives[(operation, caller)] = relative;
            }
        }

        // V2's own credits to donate; A's pool holds an hour to grant from.
        await A.CreditedRecordAsync(V2, day: Interlocked.Increment(ref _nextDay));
        TestCity.Accept(await App.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new DonateTimeCredits(V1, Guid.CreateVersion7(), A.CommunityId, 60, Actor.Volunteer(V1)))));
    }

    private async Task RecordRelationAsync(Guid relative) =>
        TestCity.Accept(await App.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new RecordRelation(V1, relative, DirectRelation.Child, A.Staff))));

    private async Task ConfirmAsync(Guid relative, Guid member) =>
        TestCity.Accept(await App.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new ConfirmRelation(Relation.IdOf(V1, relative), member, Actor.Volunteer(member)))));
}
