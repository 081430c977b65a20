namespace TimeBank.Ledger.Gifts;

/// <summary>Events of a relation's stream: the relation between two registered members, one stream per pair.</summary>
public abstract record RelationEvent(Guid RelationId);

/// <summary>
/// Staff of either member's home community recorded that <paramref name="RelativeId"/> is <paramref name="Kind"/> to
/// <paramref name="MemberId"/>. Neither has confirmed yet. Carries ids only, never names.
/// </summary>
[StoredAs("relation_recorded.v1")]
public sealed record RelationRecorded(
    Guid RelationId, Guid MemberId, Guid RelativeId, DirectRelation Kind, Guid MemberHomeCommunityId, Guid RelativeHomeCommunityId,
    Guid RecordedBy, DateTimeOffset RecordedAt) : RelationEvent(RelationId);

/// <summary>One of the two members confirmed the relation, for themself.</summary>
[StoredAs("relation_confirmed.v1")]
public sealed record RelationConfirmed(Guid RelationId, Guid ConfirmedBy, DateTimeOffset ConfirmedAt) : RelationEvent(RelationId);

/// <summary>The relation ended (by either member or staff of either home community): no gift goes along it any more.</summary>
[StoredAs("relation_ended.v1")]
public sealed record RelationEnded(Guid RelationId, Guid EndedBy, DateTimeOffset EndedAt) : RelationEvent(RelationId);
