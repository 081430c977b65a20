using GraphQL;
using GraphQL.DataLoader;
using TimeBank.Api.GraphQL.Loading;
using TimeBank.Ledger;
using TimeBank.Ledger.Actors;

namespace TimeBank.Api.GraphQL.Relay;

/// <summary>
/// <c>node(id:)</c> and <c>nodes(ids:)</c>: the thing a global id names, if the caller may read it, through the batch
/// loaders. Visibility is <see cref="ReadAccess"/>'s, exactly as for the direct fields: what the caller may not read
/// answers exactly as what does not exist.
/// </summary>
public static class NodeLookup
{
    /// <summary>Most ids one <c>nodes</c> call takes: the page size cap of every connection.</summary>
    public const int MaxIds = Paging.MaxPageSize;

    public static IDataLoaderResult<object?> Node(IResolveFieldContext context)
    {
        var actor = context.RequireActor();
        var id = GlobalIdArgument(context.GetArgument<object?>("id"), "id");
        return Find(context.Service<LedgerLoaders>(), actor, id)
            .Then<object?, object?>(found => found ?? throw NotFound(id));
    }

    public static async Task<object?> NodesAsync(IResolveFieldContext context)
    {
        var actor = context.RequireActor();
        var values = context.GetArgument<List<object?>>("ids") ?? [];
        if (values.Count > MaxIds)
        {
            throw SchemaErrors.InvalidInput($"'ids' may hold at most {MaxIds} ids; got {values.Count}.");
        }

        var ids = values.Select(value => GlobalIdArgument(value, "ids")).ToList();
        var loaders = context.Service<LedgerLoaders>();
        // Every id is asked for before any is awaited: one load per type.
        var pending = ids.Select(id => Find(loaders, actor, id)).ToList();
        var nodes = new List<object?>(ids.Count);
        for (var i = 0; i < ids.Count; i++)
        {
            var found = await pending[i].GetResultAsync(context.CancellationToken);
            if (found is null)
            {
                var error = NotFound(ids[i]);
                error.Path = [.. context.Path, i];
                context.Errors.Add(error);
            }

            nodes.Add(found);
        }

        return nodes;
    }

    private static IDataLoaderResult<object?> Find(LedgerLoaders loaders, Actor actor, GlobalId id) => id.Type switch
    {
        GlobalId.VolunteerAccount => loaders.Accounts.Load(id.Id).Then<Ledger.Accounts.VolunteerAccount?, object?>(
            account => account is not null && ReadAccess.CanReadAccount(actor, account) ? account : null),
        GlobalId.ServiceRecord => loaders.Records.Load(id.Id).Then<Ledger.ServiceRecords.ServiceRecord?, object?>(
            record => record is not null && ReadAccess.CanReadRecord(actor, record) ? record : null),
        GlobalId.Community => loaders.Communities.Load(id.Id).Then<Ledger.Communities.Community?, object?>(
            community => community is not null && ReadAccess.CanReadBoard(actor) ? community : null),
        GlobalId.Project => loaders.Projects.Load(id.Id).Then<Ledger.Communities.Project?, object?>(
            project => project is not null && ReadAccess.CanReadBoard(actor) ? project : null),
        GlobalId.Merchant => loaders.Merchants.Load(id.Id).Then<Ledger.Merchants.Merchant?, object?>(
            merchant => merchant is not null && ReadAccess.CanReadMerchant(actor, merchant) ? merchant : null),
        _ => throw new InvalidOperationException($"No lookup for node type {id.Type}."),
    };

    /// <summary>The same answer whether the node does not exist or the caller may not see it.</summary>
    private static ExecutionError NotFound(GlobalId id) => SchemaErrors.Of(RefusalCodes.NotFound, $"Node {id} was not found.");

    private static GlobalId GlobalIdArgument(object? value, string argument) => value switch
    {
        GlobalId id => id,
        // The scalar lets a UUID through (it is an ID elsewhere), but a UUID does not say which type to look in.
        _ => throw SchemaErrors.InvalidInput(
            $"'{argument}' takes global ids (the `id` field of a node), not UUIDs such as a `volunteerId` or `recordId`."),
    };
}
