using GraphQL.Types;

namespace TimeBank.Api.GraphQL.Types;

/// <summary>What a mutation answers: the command id, whether this was a repeat of it, and what the command made or changed.</summary>
public sealed record Payload<T>(Guid CommandId, bool Replayed, T? Result);

/// <summary>A mutation's payload type; a subclass names it and its result field.</summary>
public abstract class PayloadGraphType<TResultType, T> : ObjectGraphType<Payload<T>>
    where TResultType : IGraphType
{
    protected PayloadGraphType(string name, string resultField, string resultDescription, string description)
    {
        Name = name;
        Description = description;
        Field<NonNullGraphType<UuidGraphType>>("commandId")
            .Description("The command's id (a UUID): the `commandId` sent or, for a till's request, the id derived from its `tillRequestId`.")
            .Resolve(c => c.Source.CommandId);
        Field<NonNullGraphType<BooleanGraphType>>("replayed")
            .Description("True when this command id was seen before: the first outcome is returned and nothing changed again.")
            .Resolve(c => c.Source.Replayed);
        Field<TResultType>(resultField).Description(resultDescription).Resolve(c => c.Source.Result);
    }
}
