using System.Security.Cryptography;
using System.Text;
using TimeBank.Api.PersonalData;

namespace TimeBank.Api.Tests.PersonalData;

public sealed class PersonalDataCipherTests
{
    private static readonly Guid Ana = Guid.Parse("0195f3a0-0000-7000-8000-00000000a001");
    private static readonly Guid Ben = Guid.Parse("0195f3a0-0000-7000-8000-00000000a002");
    private readonly PersonalDataCipher _cipher = new(RandomNumberGenerator.GetBytes(PersonalDataCipher.KeySize));

    [Fact]
    public void A_sealed_value_opens_with_the_volunteers_key_and_holds_no_plain_bytes()
    {
        var (dataKey, _) = _cipher.NewDataKey(Ana);

        var sealedValue = PersonalDataCipher.Seal(dataKey, Ana, "name", "王小明 Wang Xiaoming");

        Assert.Equal("王小明 Wang Xiaoming", PersonalDataCipher.Open(dataKey, Ana, "name", sealedValue));
        Assert.DoesNotContain("Wang", Encoding.UTF8.GetString(sealedValue), StringComparison.Ordinal);
        Assert.DoesNotContain("Wang", Convert.ToBase64String(sealedValue), StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_value_sealed_twice_differs_because_each_has_its_own_nonce()
    {
        var (dataKey, _) = _cipher.NewDataKey(Ana);

        var first = PersonalDataCipher.Seal(dataKey, Ana, "phone", "13800138000");
        var second = PersonalDataCipher.Seal(dataKey, Ana, "phone", "13800138000");

        Assert.NotEqual(first, second);
        Assert.NotEqual(first.AsSpan(1, 12).ToArray(), second.AsSpan(1, 12).ToArray());
    }

    [Fact]
    public void A_value_moved_to_another_volunteer_or_field_does_not_open()
    {
        var (dataKey, _) = _cipher.NewDataKey(Ana);
        var sealedValue = PersonalDataCipher.Seal(dataKey, Ana, "national-id", "ResidentIdCard:990001199001010012");

        Assert.Throws<PersonalDataUnreadableException>(() => PersonalDataCipher.Open(dataKey, Ben, "national-id", sealedValue));
        Assert.Throws<PersonalDataUnreadableException>(() => PersonalDataCipher.Open(dataKey, Ana, "name", sealedValue));
    }

    [Fact]
    public void A_tampered_value_does_not_open()
    {
        var (dataKey, _) = _cipher.NewDataKey(Ana);
        var sealedValue = PersonalDataCipher.Seal(dataKey, Ana, "name", "Ana");
        sealedValue[^1] ^= 1;

        Assert.Throws<PersonalDataUnreadableException>(() => PersonalDataCipher.Open(dataKey, Ana, "name", sealedValue));
    }

    [Fact]
    public void The_wrapped_key_unwraps_only_with_the_same_master_key_for_the_same_volunteer()
    {
        var (dataKey, wrapped) = _cipher.NewDataKey(Ana);
        var otherMaster = new PersonalDataCipher(RandomNumberGenerator.GetBytes(PersonalDataCipher.KeySize));

        Assert.Equal(dataKey, _cipher.UnwrapDataKey(Ana, wrapped));
        Assert.NotEqual(dataKey, wrapped.AsSpan(^32..).ToArray());
        Assert.Throws<PersonalDataUnreadableException>(() => _cipher.UnwrapDataKey(Ben, wrapped));
        Assert.Throws<PersonalDataUnreadableException>(() => otherMaster.UnwrapDataKey(Ana, wrapped));
    }

    [Fact]
    public void Every_volunteer_gets_a_key_of_their_own()
    {
        var keys = Enumerable.Range(0, 50).Select(_ => Convert.ToHexString(_cipher.NewDataKey(Ana).DataKey)).ToHashSet();

        Assert.Equal(50, keys.Count);
    }

    [Fact]
    public void Without_the_data_key_a_value_does_not_open_even_with_the_master_key()
    {
        var master = RandomNumberGenerator.GetBytes(PersonalDataCipher.KeySize);
        var cipher = new PersonalDataCipher(master);
        var (dataKey, _) = cipher.NewDataKey(Ana);
        var sealedValue = PersonalDataCipher.Seal(dataKey, Ana, "name", "Ana");

        Assert.Throws<PersonalDataUnreadableException>(() => PersonalDataCipher.Open(master, Ana, "name", sealedValue));
        Assert.Throws<PersonalDataUnreadableException>(() => PersonalDataCipher.Open(cipher.NewDataKey(Ana).DataKey, Ana, "name", sealedValue));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(33)]
    public void A_master_key_of_the_wrong_size_is_refused(int size) =>
        Assert.Throws<ArgumentException>(() => new PersonalDataCipher(new byte[size]));

    [Fact]
    public void A_value_in_an_unknown_format_is_refused_clearly()
    {
        var (dataKey, _) = _cipher.NewDataKey(Ana);

        Assert.Throws<PersonalDataUnreadableException>(() => PersonalDataCipher.Open(dataKey, Ana, "name", [1, 2, 3]));
        Assert.Throws<PersonalDataUnreadableException>(() => PersonalDataCipher.Open(dataKey, Ana, "name", new byte[40]));
    }
}
