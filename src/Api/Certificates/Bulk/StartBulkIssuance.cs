using GraphQL;
using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Certificates;
using TimeBank.Ledger.ServiceRecords;
using TimeBank.Ledger.Units;

namespace TimeBank.Api.Certificates.Bulk;

/// <summary>Staff of a community (or a city admin) start issuing the year's certificates to every volunteer with verified service there.</summary>
public sealed record StartBulkIssuance(Guid JobId, Guid CommunityId, int Year, CertificateSignatories Signatories, string Notes, Actor Actor);

/// <summary>
/// Starts the job: checks who may and what was given, lists the volunteers with verified service in the community in
/// the year (up to today, China time), stores the job and sends its first step, in one transaction (Wolverine's outbox),
/// so a job is never stored without the message that runs it. The same job id again returns the job as it stands.
/// </summary>
public static class StartBulkIssuanceHandler
{
    public static async Task<ContinueBulkIssuance?> Handle(StartBulkIssuance command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        if (await session.LoadAsync<BulkIssuance>(command.JobId, cancellation) is not null)
        {
            return null;
        }

        if (!command.Actor.MayActIn(command.CommunityId))
        {
            throw new LedgerRefusal(RefusalCodes.NotStaffOfCommunity, "Only staff of the community (or a city admin) issue its certificates.");
        }

        var now = clock.GetUtcNow();
        var today = ChinaTime.DayOf(now);
        if (command.Year > today.Year || command.Year < 2000)
        {
            throw new LedgerRefusal(RefusalCodes.CertificatePeriodInvalid, $"Certificates are issued for a year that has begun: {command.Year} has not.");
        }

        var signatories = CertificateDecider.Signed(command.Signatories);
        var notes = TextLimits.Within(command.Notes ?? "", "notes", TextLimits.Reason);
        var last = new DateOnly(command.Year, 12, 31);
        var period = new CertificatePeriod(new DateOnly(command.Year, 1, 1), last < today ? last : today);
        var volunteers = await VolunteersWithServiceAsync(session, command.CommunityId, period, cancellation);
        if (volunteers.Count == 0)
        {
            throw new LedgerRefusal(RefusalCodes.NoCertifiableService, $"The community has no verified service in {command.Year}: there is nothing to certify.");
        }

        var job = new BulkIssuance(command.JobId, command.CommunityId, command.Year, period, signatories, notes, command.Actor.PersonId, command.Actor.Role,
            now, volunteers, Next: 0, Issued: 0, Failures: [], BulkIssuanceStatus.Running, FinishedAt: null);
        session.Store(job);
        return new ContinueBulkIssuance(job.Id);
    }

    /// <summary>The volunteers with verified (or credited) service recorded by the community in the period, in id order.</summary>
    public static async Task<IReadOnlyList<Guid>> VolunteersWithServiceAsync(IQuerySession session, Guid communityId, CertificatePeriod period, CancellationToken cancellation)
    {
        var from = new DateTimeOffset(period.From.ToDateTime(TimeOnly.MinValue), ChinaTime.Offset).ToUniversalTime();
        var until = new DateTimeOffset(period.To.AddDays(1).ToDateTime(TimeOnly.MinValue), ChinaTime.Offset).ToUniversalTime();
        var volunteers = await session.Query<ServiceRecord>()
            .Where(r => r.CommunityId == communityId && (r.Status == RecordStatus.Verified || r.Status == RecordStatus.Credited)
                && r.StartedAt >= from && r.StartedAt < until)
            .Select(r => r.VolunteerId)
            .Distinct()
            .ToListAsync(cancellation);
        return [.. volunteers.Order()];
    }
}

public static class StartBulkIssuanceField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<BulkIssuanceType>>("startBulkIssuance")
            .Description("Staff of a community (or a city admin) start issuing the year's certificates to every volunteer with verified service there; "
                + "the job runs in the background and survives a restart (read it with `bulkIssuance`). The same `commandId` again returns the same job. "
                + "Refusals: `NOT_STAFF_OF_COMMUNITY`, `CERTIFICATE_PERIOD_INVALID` (a year not begun), `NO_CERTIFIABLE_SERVICE`, `INVALID_INPUT`, `TEXT_TOO_LONG`.")
            .Argument<NonNullGraphType<StartBulkIssuanceInputType>>("input", "The community, the year and the signatories.")
            .ResolveAsync(async context =>
            {
                var actor = context.RequireActor();
                var input = context.GetArgument<StartBulkIssuanceInput>("input");
                await SchemaErrors.UnlessRefusedAsync(async () =>
                {
                    // Districts mode: the job runs, and its steps issue, in the request's district, the community's (ADR 0047).
                    var district = context.Service<Districts.RequestDistrict>().Current;
                    await context.Service<Wolverine.IMessageBus>().InvokeAsync(new StartBulkIssuance(input.CommandId, input.CommunityId, input.Year,
                        new CertificateSignatories(input.PersonInCharge, input.HandlingOfficer, input.Contact), input.Notes, actor),
                        new Wolverine.DeliveryOptions { TenantId = district }, context.CancellationToken);
                    return true;
                });

                var job = await context.Service<IQuerySession>().LoadAsync<BulkIssuance>(input.CommandId, context.CancellationToken);
                return job is not null && actor.MayActIn(job.CommunityId) ? job : throw SchemaErrors.Of(RefusalCodes.NotStaffOfCommunity,
                    "This command id started a bulk issuance of another community.");
            });
}

public sealed class StartBulkIssuanceInput
{
    public Guid CommandId { get; init; }
    public Guid CommunityId { get; init; }
    public int Year { get; init; }
    public string PersonInCharge { get; init; } = string.Empty;
    public string HandlingOfficer { get; init; } = string.Empty;
    public string Contact { get; init; } = string.Empty;
    public string Notes { get; init; } = string.Empty;
}

public sealed class StartBulkIssuanceInputType : InputObjectGraphType<StartBulkIssuanceInput>
{
    public StartBulkIssuanceInputType()
    {
        Name = "StartBulkIssuanceInput";
        Description = "A year-end bulk issuance of a community's certificates.";
        this.CommandIdField();
        Field<NonNullGraphType<UuidIdGraphType>>("communityId").Description("The issuing community (the caller's).");
        Field<NonNullGraphType<IntGraphType>>("year").Description("The year to certify: the current one (up to today) or an earlier one.");
        Field<NonNullGraphType<StringGraphType>>("personInCharge").Description($"The organization's person in charge (负责人); at most {TextLimits.PersonName} characters.");
        Field<NonNullGraphType<StringGraphType>>("handlingOfficer").Description($"The handling officer (经办人); at most {TextLimits.PersonName} characters.");
        Field<NonNullGraphType<StringGraphType>>("contact").Description($"The organization's contact; at most {TextLimits.Place} characters.");
        Field<StringGraphType>("notes").Description($"Notes on every certificate, at most {TextLimits.Reason} characters.").DefaultValue("");
    }
}
