using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TimeBank.Api.Certificates;

namespace TimeBank.Api.Tests.Certificates;

/// <summary>RFC 8785 (JCS): its examples that apply, the ledger's conventions, and a property over random JSON.</summary>
public sealed class CanonicalJsonTests
{
    [Fact]
    public void The_RFC_8785_example_of_section_3_2_2_is_written_as_the_RFC_writes_it()
    {
        const string input = """
            {
              "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
              "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
              "literals": [null, true, false]
            }
            """;

        var canonical = CanonicalJson.OfText(input);

        Assert.Equal(
            """{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}""",
            Encoding.UTF8.GetString(canonical));
    }

    [Fact]
    public void Members_are_sorted_by_their_UTF16_code_units_as_in_section_3_2_3()
    {
        const string input = """
            {
              "\u20ac": "Euro Sign",
              "\r": "Carriage Return",
              "\ufb33": "Hebrew Letter Dalet With Dagesh",
              "1": "One",
              "\ud83d\ude00": "Emoji: Grinning Face",
              "\u0080": "Control",
              "\u00f6": "Latin Small Letter O With Diaeresis"
            }
            """;

        var canonical = Encoding.UTF8.GetString(CanonicalJson.OfText(input));

        Assert.Equal(
            "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"ö\":\"Latin Small Letter O With Diaeresis\",\"€\":\"Euro Sign\",\"😀\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}",
            canonical);
    }

    [Fact]
    public void Nested_objects_are_sorted_too_and_arrays_keep_their_order()
    {
        var canonical = Encoding.UTF8.GetString(CanonicalJson.OfText("""{ "b": [3, 1, {"z": 1, "a": 2}], "a": { "y": null, "x": "" } }"""));

        Assert.Equal("""{"a":{"x":"","y":null},"b":[3,1,{"a":2,"z":1}]}""", canonical);
    }

    [Theory]
    [InlineData("\"\\u0000\\u001f\\u007f\"", "\"\\u0000\\u001f\u007f\"")]
    [InlineData("\"\\b\\f\\n\\r\\t\"", "\"\\b\\f\\n\\r\\t\"")]
    [InlineData("\"\\/<>&'\"", "\"/<>&'\"")]
    [InlineData("\"\\u4e2d\\u6587 中文\"", "\"中文 中文\"")]
    [InlineData("\"\\ud83d\\ude00\"", "\"😀\"")]
    public void Strings_are_escaped_minimally(string input, string expected)
    {
        Assert.Equal(expected, Encoding.UTF8.GetString(CanonicalJson.OfText(input)));
    }

    /// <summary>RFC 8785, appendix B: IEEE doubles and their ECMAScript form.</summary>
    [Theory]
    [InlineData("0000000000000000", "0")]
    [InlineData("8000000000000000", "0")]
    [InlineData("0000000000000001", "5e-324")]
    [InlineData("8000000000000001", "-5e-324")]
    [InlineData("7fefffffffffffff", "1.7976931348623157e+308")]
    [InlineData("ffefffffffffffff", "-1.7976931348623157e+308")]
    [InlineData("4340000000000000", "9007199254740992")]
    [InlineData("c340000000000000", "-9007199254740992")]
    [InlineData("4430000000000000", "295147905179352830000")]
    [InlineData("44b52d02c7e14af5", "9.999999999999997e+22")]
    [InlineData("44b52d02c7e14af6", "1e+23")]
    [InlineData("44b52d02c7e14af7", "1.0000000000000001e+23")]
    [InlineData("444b1ae4d6e2ef4e", "999999999999999700000")]
    [InlineData("444b1ae4d6e2ef4f", "999999999999999900000")]
    [InlineData("444b1ae4d6e2ef50", "1e+21")]
    [InlineData("3eb0c6f7a0b5ed8c", "9.999999999999997e-7")]
    [InlineData("3eb0c6f7a0b5ed8d", "0.000001")]
    [InlineData("41b3de4355555553", "333333333.3333332")]
    [InlineData("41b3de4355555554", "333333333.33333325")]
    [InlineData("41b3de4355555555", "333333333.3333333")]
    [InlineData("41b3de4355555556", "333333333.3333334")]
    [InlineData("41b3de4355555557", "333333333.33333343")]
    [InlineData("becbf647612f3696", "-0.0000033333333333333333")]
    [InlineData("43143ff3c1cb0959", "1424953923781206.2")]
    public void Numbers_are_written_as_ECMAScript_writes_them(string ieee, string expected)
    {
        var number = BitConverter.Int64BitsToDouble(Convert.ToInt64(ieee, 16));

        Assert.Equal(expected, CanonicalJson.EcmaScript(number));
    }

    [Theory]
    [InlineData("0", "0")]
    [InlineData("-0", "0")]
    [InlineData("120", "120")]
    [InlineData("-42", "-42")]
    [InlineData("1.0", "1")]
    [InlineData("1e2", "100")]
    [InlineData("9007199254740992", "9007199254740992")]
    [InlineData("-9007199254740992", "-9007199254740992")]
    public void Integers_are_written_plainly(string input, string expected)
    {
        Assert.Equal(expected, Encoding.UTF8.GetString(CanonicalJson.OfText(input)));
    }

    [Theory]
    [InlineData("9007199254740993")]
    [InlineData("-9007199254740993")]
    [InlineData("123456789012345678901234567890")]
    [InlineData("1e400")]
    [InlineData("""{"a":1,"a":2}""")]
    [InlineData("\"\\ud800\"")]
    [InlineData("{\"\\udc00\":1}")]
    public void What_has_no_exact_canonical_form_is_refused(string input)
    {
        Assert.ThrowsAny<FormatException>(() => CanonicalJson.OfText(input));
    }

    [Fact]
    public void A_record_is_written_with_the_ledgers_conventions()
    {
        var canonical = Encoding.UTF8.GetString(CanonicalJson.Of(SealingTests.Content()));

        Assert.StartsWith("""{"certificateId":"0195f3a0-0000-7000-8000-0000000c0001","communityId":"0195f3a0-0000-7000-8000-00000000c001","issuedOn":"2026-12-05","kind":"Service","notes":"","number":"SH-HP-001-2026-17",""", canonical);
        Assert.Contains("\"period\":{\"from\":\"2026-01-01\",\"to\":\"2026-11-30\"}", canonical, StringComparison.Ordinal);
        Assert.Contains("\"content\":\"陪伴独居老人聊天、读报\",\"day\":\"2026-03-14\",\"minutes\":120,\"project\":\"敬老院探访\",\"recordId\":", canonical, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tree_and_a_record_with_the_same_JSON_have_the_same_canonical_form()
    {
        var content = SealingTests.Content();
        var tree = System.Text.Json.JsonSerializer.SerializeToNode(content, CanonicalJson.Options);

        Assert.Equal(CanonicalJson.Of(content), CanonicalJson.Of(tree));
        Assert.Equal(CanonicalJson.Of(content), CanonicalJson.Of<JsonNode?>(tree));
    }

    [Property(MaxTest = 300, QuietOnSuccess = true)]
    public Property Canonical_JSON_reads_back_to_the_same_value_and_is_its_own_canonical_form() =>
        Prop.ForAll(Arb.From(Json(3)), value =>
        {
            var canonical = CanonicalJson.Of(value);
            var readBack = JsonNode.Parse(canonical);
            return JsonNode.DeepEquals(readBack, value) && CanonicalJson.Of(readBack).AsSpan().SequenceEqual(canonical);
        });

    private static Gen<JsonNode?> Json(int depth) => depth <= 0
        ? Leaf
        : Gen.Frequency((3, Leaf), (1, ArrayOf(Json(depth - 1))), (1, ObjectOf(Json(depth - 1))));

    private static Gen<JsonNode?> Leaf => Gen.OneOf(
        Gen.Constant<JsonNode?>(null),
        ArbMap.Default.GeneratorFor<bool>().Select(b => (JsonNode?)JsonValue.Create(b)),
        ArbMap.Default.GeneratorFor<long>().Select(n => (JsonNode?)JsonValue.Create(n % CanonicalJson.MaxExactInteger)),
        ArbMap.Default.GeneratorFor<double>().Where(double.IsFinite).Select(d => (JsonNode?)JsonValue.Create(d == 0 ? 0 : d)),
        Text.Select(s => (JsonNode?)JsonValue.Create(s)));

    /// <summary>Any text that is valid UTF-16 (no lone surrogate), with controls, non-ASCII and emoji among it.</summary>
    private static Gen<string> Text => Gen.OneOf(
        ArbMap.Default.GeneratorFor<string>().Select(s => Valid(s ?? "")),
        Gen.Elements("", "中文", "😀", "\u0000\u001f\u007f", "\"\\/", "ö€\ufb33", "\r\n\t"));

    private static string Valid(string text)
    {
        var valid = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                valid.Append(text, i, 2);
                i++;
            }
            else if (!char.IsSurrogate(text[i]))
            {
                valid.Append(text[i]);
            }
        }

        return valid.ToString();
    }

    private static Gen<JsonNode?> ArrayOf(Gen<JsonNode?> item) =>
        Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(item, n)).Select(items => (JsonNode?)new JsonArray(items));

    private static Gen<JsonNode?> ObjectOf(Gen<JsonNode?> value) =>
        Gen.Choose(0, 4)
            .SelectMany(n => Gen.ArrayOf(Text.SelectMany(name => value.Select(v => (name, v))), n))
            .Select(members =>
            {
                var json = new JsonObject();
                foreach (var (name, v) in members.DistinctBy(m => m.name, StringComparer.Ordinal))
                {
                    json[name] = v;
                }

                return (JsonNode?)json;
            });
}
