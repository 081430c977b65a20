using TimeBank.Ledger.ServiceRecords;
using TimeBank.Ledger.Tests.Specifications;
using static TimeBank.Ledger.Tests.Specifications.City;

namespace TimeBank.Ledger.Tests;

public sealed class VerificationBatchTests : RecordSpecification
{
    [Fact]
    public void A_batch_verifies_each_record_once()
    {
        var other = Guid.Parse("00000000-0000-0000-0000-0000000e0002");

        Assert.Equal([RecordId, other], VerificationBatch.RecordsOf([RecordId, other, RecordId]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1_000)]
    public void A_batch_holds_one_to_a_thousand_records(int count) =>
        Assert.Equal(count, VerificationBatch.RecordsOf(Records(count)).Count);

    [Theory]
    [InlineData(0)]
    [InlineData(1_001)]
    public void An_empty_batch_or_one_of_more_than_a_thousand_records_is_refused(int count)
    {
        var refusal = Assert.Throws<LedgerRefusal>(() => VerificationBatch.RecordsOf(Records(count)));

        Assert.Equal(RefusalCodes.EmptyBatch, refusal.Code);
        Assert.Equal($"Verify between 1 and 1000 records at once; got {count}.", refusal.Message);
    }

    [Fact]
    public void The_limit_is_a_thousand() => Assert.Equal(1_000, VerificationBatch.MaxRecords);

    [Fact]
    public void A_record_of_the_batch_is_verified_as_on_its_own()
    {
        var record = new[] { Submitted() }.Aggregate(default(ServiceRecord), ServiceRecord.Evolve);

        Assert.Equal(
            Verdict<ServiceRecordCommand, ServiceRecordEvent, ServiceRecord>.Describe([Verified()]),
            Verdict<ServiceRecordCommand, ServiceRecordEvent, ServiceRecord>.Describe(VerificationBatch.Verify(RecordId, record, RiversideStaff, Now)));
    }

    [Fact]
    public void A_refused_record_names_itself_and_says_the_batch_stays_unverified()
    {
        var record = new[] { Submitted() }.Aggregate(default(ServiceRecord), ServiceRecord.Evolve);

        var refusal = Assert.Throws<LedgerRefusal>(() => VerificationBatch.Verify(RecordId, record, AnaAsStaff, Now));

        Assert.Equal(RefusalCodes.OwnRecord, refusal.Code);
        Assert.Equal($"Record {RecordId}: A volunteer cannot verify their own service record. No record of this batch was verified.", refusal.Message);
    }

    private static IEnumerable<Guid> Records(int count) => Enumerable.Range(1, count).Select(i => new Guid(i, 0, 0, new byte[8]));
}
