using TimeBank.Api.PersonalData;

namespace TimeBank.Api.Tests.PersonalData;

public sealed class MaskingTests
{
    [Theory]
    [InlineData("990001199001010012", "990***********0012")]
    [InlineData("99000119900101001X", "990***********001X")]
    [InlineData("13800138000", "138****8000")]
    [InlineData("+8613800138000", "+86*******8000")]
    [InlineData("X99000024", "X*******4")]
    [InlineData("123456", "1****6")]
    [InlineData("12345", "*****")]
    [InlineData("1", "*")]
    [InlineData("", "")]
    public void Only_the_first_3_and_last_4_show_and_a_short_value_shows_less(string value, string masked) =>
        Assert.Equal(masked, Masking.Mask(value));

    [Fact]
    public void Masking_keeps_the_length_and_counts_whole_characters()
    {
        // Each emoji is two UTF-16 units; masking never splits one.
        var value = "😀😀😀1234567😀😀😀😀";

        var masked = Masking.Mask(value);

        Assert.Equal("😀😀😀*******😀😀😀😀", masked);
    }

    [Fact]
    public void At_least_four_characters_stay_hidden_once_the_first_3_and_last_4_show()
    {
        for (var length = 0; length <= 30; length++)
        {
            var masked = Masking.Mask(new string('7', length));

            Assert.Equal(length, masked.Length);
            Assert.True(masked.Count(c => c == Masking.Hidden) >= Math.Min(length, 4), $"{length}: {masked}");
            Assert.True(masked.Count(c => c != Masking.Hidden) <= 7);
        }
    }
}
