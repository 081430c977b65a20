using System.Linq.Expressions;
using Marten;
using Marten.Linq.MatchesSql;
using Marten.Schema;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;
using TimeBank.Ledger.ServiceRecords;

namespace TimeBank.Projections;

/// <summary>
/// Where a volunteer's service records sit in time, indexed so that the overlap check of a submission or an amendment
/// reads the records that overlap its interval, not every record of the volunteer (ADR 0026). The record's volunteer and
/// times are duplicated into columns of its table (<c>volunteer_id</c>, <c>started_at</c>, <c>ended_at</c>; Marten fills
/// them for the rows already there when it adds them at start-up), and one GiST index over the volunteer and the interval
/// <c>[started_at, ended_at)</c> finds "this volunteer's records overlapping this interval" by descending to the interval,
/// whatever the length of the history or the age of the interval.
/// </summary>
public static class ServiceRecordSchedule
{
    public const string IndexName = "mt_doc_servicerecord_idx_schedule";

    /// <summary>
    /// The record's interval as the index holds it; the query uses the very same expression (unqualified: the query reads
    /// the one table), or PostgreSQL could not use the index.
    /// </summary>
    private const string Interval = "tstzrange(started_at, ended_at)";

    public static StoreOptions IndexServiceRecordSchedule(this StoreOptions options)
    {
        // btree_gist gives GiST the operator classes of plain types (uuid here), so that the volunteer and the interval
        // share one index. It ships with PostgreSQL and is a trusted extension: the database's owner may create it.
        // Marten creates extensions before the tables.
        options.Storage.ExtendedSchemaObjects.Add(new Extension("btree_gist"));
        options.Schema.For<ServiceRecord>().Duplicate(r => r.VolunteerId);
        options.Policies.ForAllDocuments(mapping =>
        {
            if (mapping.DocumentType != typeof(ServiceRecord))
            {
                return;
            }

            // Columns only: the GiST index below is the one that reads them.
            mapping.DuplicateField(nameof(ServiceRecord.StartedAt));
            mapping.DuplicateField(nameof(ServiceRecord.EndedAt));
            mapping.Indexes.Add(new IndexDefinition(IndexName) { Method = IndexMethod.gist, Columns = ["volunteer_id", Interval] });
        });
        return options;
    }

    /// <summary>
    /// The volunteer's records whose interval overlaps <paramref name="startedAt"/>–<paramref name="endedAt"/> (half-open, as
    /// <see cref="ServiceInterval.Overlaps"/>: touching ends do not overlap), answered by the schedule's index.
    /// </summary>
    public static Expression<Func<ServiceRecord, bool>> Overlapping(Guid volunteerId, DateTimeOffset startedAt, DateTimeOffset endedAt)
    {
        // PostgreSQL's timestamptz carries no offset: Npgsql writes only UTC DateTimeOffsets. An interval that ends before it
        // starts (refused before its overlaps matter) is asked as the empty one: a range cannot end before it starts.
        var start = startedAt.ToUniversalTime();
        var end = endedAt < startedAt ? start : endedAt.ToUniversalTime();
        return r => r.VolunteerId == volunteerId && r.MatchesSql(Interval + " && tstzrange(?, ?)", start, end);
    }
}
