using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using TimeBank.Api.Certificates;
using TimeBank.Ledger.Certificates;

namespace TimeBank.Api.Tests.Certificates;

/// <summary>The seal of a certificate and its QR token, pure (no database): what holds, and what any change breaks.</summary>
public sealed class SealingTests
{
    private const string Name = "王小明";
    private const string IdType = "居民身份证";
    private const string IdNumber = "11010519491231002x";
    private static readonly Guid Volunteer = Guid.Parse("0195f3a0-0000-7000-8000-00000000a001");
    private static readonly byte[] VolunteerKeyMaterial = SHA256.HashData("the volunteer's personal-data key, for this test"u8);
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 10, 0, 0, TimeSpan.FromHours(8));

    private readonly CertificateKeys _keys = CertificateKeys.Generate();
    private readonly byte[] _codeKey = RandomNumberGenerator.GetBytes(CertificateSealer.CodeKeySize);
    private readonly CertificateSealer _sealer;

    public SealingTests()
    {
        _sealer = new CertificateSealer(_keys, _codeKey);
    }

    private static byte[] Salt => PersonDigest.NewSaltFrom(VolunteerKeyMaterial, Volunteer);

    /// <summary>A certificate's content as the decider freezes it: two records, Chinese text, the person as a digest.</summary>
    public static CertificateContent Content() => new(
        CertificateKind.Service,
        "SH-HP-001-2026-17",
        Guid.Parse("0195f3a0-0000-7000-8000-0000000c0001"),
        Guid.Parse("0195f3a0-0000-7000-8000-00000000c001"),
        "V20260042",
        PersonDigest.Of(Salt, Name, IdType, IdNumber),
        new CertificatePeriod(new DateOnly(2026, 1, 1), new DateOnly(2026, 11, 30)),
        [
            new CertifiedRecord(Guid.Parse("0195f3a0-0000-7000-8000-0000000e0001"), "敬老院探访", new DateOnly(2026, 3, 14), "陪伴独居老人聊天、读报", 120),
            new CertifiedRecord(Guid.Parse("0195f3a0-0000-7000-8000-0000000e0002"), "社区环保日", new DateOnly(2026, 6, 5), "垃圾分类宣传 \"绿色家园\"", 90),
        ],
        210,
        2,
        "黄浦区外滩街道志愿服务站",
        new CertificateSignatories("李主任", "张经办", "021-6321 0000"),
        new DateOnly(2026, 12, 5),
        "");

    [Fact]
    public void A_sealed_content_checks_intact()
    {
        var content = Content();

        var seal = _sealer.Seal(content);

        Assert.Equal(_keys.CurrentKeyId, seal.KeyId);
        Assert.Equal(86, seal.Signature.Length); // 64 bytes, base64url
        Assert.Equal(VerificationCode.Length, seal.VerificationCode.Length);
        Assert.Equal(SealCheck.Intact, _sealer.Check(content, seal));
        Assert.Equal(SealCheck.Intact, _sealer.Check(CanonicalJson.Of(content), seal));
        // the same content from another instance of the record (as read back from the ledger)
        Assert.Equal(SealCheck.Intact, _sealer.Check(Content(), seal));
    }

    [Fact]
    public void Every_single_byte_changed_in_the_canonical_content_checks_altered()
    {
        var canonical = CanonicalJson.Of(Content());
        var seal = _sealer.Seal(Content());

        for (var i = 0; i < canonical.Length; i++)
        {
            foreach (var flip in new byte[] { 0x01, 0x20, 0x80 })
            {
                var changed = (byte[])canonical.Clone();
                changed[i] ^= flip;
                Assert.True(_sealer.Check(changed, seal) == SealCheck.Altered, $"byte {i} ^ 0x{flip:x2} was not noticed");
            }
        }

        Assert.Equal(SealCheck.Altered, _sealer.Check(canonical[..^1], seal));
        Assert.Equal(SealCheck.Altered, _sealer.Check([.. canonical, (byte)' '], seal));
    }

    [Fact]
    public void A_changed_field_of_the_content_checks_altered()
    {
        var content = Content();
        var seal = _sealer.Seal(content);
        var records = content.Records;

        CertificateContent[] changed =
        [
            content with { Number = "SH-HP-001-2026-18" },
            content with { TotalMinutes = 211 },
            content with { StarLevel = 3 },
            content with { PersonDigest = PersonDigest.Of(Salt, "王小敏", IdType, IdNumber) },
            content with { Records = [records[0] with { Content = "陪伴独居老人聊天" }, records[1]] },
            content with { Records = [records[0] with { Minutes = 121 }, records[1]] },
            content with { Records = [records[1], records[0]] },
            content with { Records = [records[0]] },
            content with { Period = content.Period with { To = new DateOnly(2026, 12, 1) } },
            content with { Signatories = content.Signatories with { HandlingOfficer = "王经办" } },
            content with { Notes = " " },
        ];

        foreach (var altered in changed)
        {
            Assert.Equal(SealCheck.Altered, _sealer.Check(altered, seal));
        }
    }

    [Fact]
    public void A_changed_seal_checks_altered_or_unknown()
    {
        var content = Content();
        var seal = _sealer.Seal(content);
        var otherCode = VerificationCode.From(RandomNumberGenerator.GetBytes(8));

        Assert.Equal(SealCheck.Altered, _sealer.Check(content, seal with { VerificationCode = otherCode }));
        Assert.Equal(SealCheck.Altered, _sealer.Check(content, seal with { Signature = _sealer.Seal(content with { Notes = "x" }).Signature }));
        Assert.Equal(SealCheck.Altered, _sealer.Check(content, seal with { Signature = seal.Signature[..^1] }));
        Assert.Equal(SealCheck.Altered, _sealer.Check(content, seal with { Signature = "not base64url!" }));
        Assert.Equal(SealCheck.UnknownKey, _sealer.Check(content, seal with { KeyId = CertificateKeys.Generate().CurrentKeyId }));
        Assert.Equal(SealCheck.UnknownKey, _sealer.Check(content, seal with { KeyId = "" }));
    }

    [Fact]
    public void Another_deployments_seal_names_an_unknown_key_and_its_code_is_not_ours()
    {
        var content = Content();
        var theirs = new CertificateSealer(CertificateKeys.Generate(), RandomNumberGenerator.GetBytes(CertificateSealer.CodeKeySize)).Seal(content);

        Assert.Equal(SealCheck.UnknownKey, _sealer.Check(content, theirs));
        Assert.NotEqual(_sealer.Seal(content).VerificationCode, theirs.VerificationCode);
    }

    [Fact]
    public void After_a_rotation_the_retired_key_still_verifies_and_stays_published()
    {
        var content = Content();
        var before = _sealer.Seal(content);
        var rotated = _keys.Rotated();
        var after = new CertificateSealer(rotated, _codeKey);

        var sealedAfter = after.Seal(content);

        Assert.NotEqual(_keys.CurrentKeyId, rotated.CurrentKeyId);
        Assert.Equal(rotated.CurrentKeyId, sealedAfter.KeyId);
        Assert.Equal(SealCheck.Intact, after.Check(content, before));
        Assert.Equal(SealCheck.Intact, after.Check(content, sealedAfter));
        Assert.Equal(SealCheck.UnknownKey, _sealer.Check(content, sealedAfter));
        var published = KeyIdsOf(rotated.Jwks());
        Assert.Equal([rotated.CurrentKeyId, _keys.CurrentKeyId], published);
        // the code does not depend on the key: the printed code stays right across a rotation
        Assert.Equal(before.VerificationCode, sealedAfter.VerificationCode);
    }

    [Fact]
    public void Keys_kept_in_a_folder_rotate_and_the_retired_one_still_verifies()
    {
        var folder = Directory.CreateTempSubdirectory("timebank-certificate-keys-").FullName;
        try
        {
            var first = CertificateKeys.RotateIn(folder, Now);
            var sealedBefore = new CertificateSealer(CertificateKeys.Load(folder), _codeKey).Seal(Content());
            var second = CertificateKeys.RotateIn(folder, Now.AddDays(400));

            var keys = CertificateKeys.Load(folder);

            Assert.Equal(second, keys.CurrentKeyId);
            Assert.Equal([second, first], keys.KeyIds);
            Assert.Equal(SealCheck.Intact, new CertificateSealer(keys, _codeKey).Check(Content(), sealedBefore));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, CertificateKeys.SecretName)));
            }

            // a retired key kept as its public key only still verifies
            var retiredFile = Directory.GetFiles(folder, CertificateKeys.RetiredFilePrefix + "*").Single();
            using (var retired = ECDsa.Create())
            {
                retired.ImportPkcs8PrivateKey(Convert.FromBase64String(File.ReadAllText(retiredFile)), out _);
                File.WriteAllText(retiredFile, Convert.ToBase64String(retired.ExportSubjectPublicKeyInfo()));
            }

            Assert.Equal(SealCheck.Intact, new CertificateSealer(CertificateKeys.Load(folder), _codeKey).Check(Content(), sealedBefore));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Keys_come_from_the_configuration_with_retired_ones_listed_and_need_no_project_folder()
    {
        using var current = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var retired = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var nowhere = Path.Combine(Path.GetTempPath(), $"no-project-{Guid.NewGuid():N}");
        var retiredId = CertificateKeys.FromConfiguration(Configuration(("Secrets:certificate-signing-key", Convert.ToBase64String(retired.ExportPkcs8PrivateKey()))), nowhere).CurrentKeyId;

        var keys = CertificateKeys.FromConfiguration(Configuration(
            ("Secrets:certificate-signing-key", Convert.ToBase64String(current.ExportPkcs8PrivateKey())),
            ("Secrets:certificate-signing-key-retired:0", Convert.ToBase64String(retired.ExportSubjectPublicKeyInfo()))), nowhere);

        Assert.Equal(2, keys.KeyIds.Count);
        Assert.Equal(retiredId, keys.KeyIds[1]);
        Assert.NotEqual(retiredId, keys.CurrentKeyId);
        Assert.False(Directory.Exists(nowhere));
        Assert.Throws<TimeBank.Api.Infrastructure.StartupProblem>(() =>
            CertificateKeys.FromConfiguration(Configuration(("Secrets:certificate-signing-key", Convert.ToBase64String(retired.ExportSubjectPublicKeyInfo()))), nowhere));
        Assert.Throws<TimeBank.Api.Infrastructure.StartupProblem>(() =>
            CertificateKeys.FromConfiguration(Configuration(("Secrets:certificate-signing-key", "not a key")), nowhere));
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        Assert.Throws<TimeBank.Api.Infrastructure.StartupProblem>(() =>
            CertificateKeys.FromConfiguration(Configuration(("Secrets:certificate-signing-key", Convert.ToBase64String(p384.ExportPkcs8PrivateKey()))), nowhere));
    }

    private static Microsoft.Extensions.Configuration.IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        Microsoft.Extensions.Configuration.MemoryConfigurationBuilderExtensions.AddInMemoryCollection(
            new Microsoft.Extensions.Configuration.ConfigurationBuilder(),
            settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    [Fact]
    public void The_key_id_is_the_RFC_7638_thumbprint_of_the_published_key()
    {
        var jwk = Assert.IsType<JsonObject>(Assert.Single(Assert.IsType<JsonArray>(_keys.Jwks()["keys"])));
        var members = $$"""{"crv":"P-256","kty":"EC","x":"{{jwk["x"]}}","y":"{{jwk["y"]}}"}""";

        Assert.Equal(System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(members))), (string?)jwk["kid"]);
        Assert.Equal(_keys.CurrentKeyId, (string?)jwk["kid"]);
        Assert.Equal("EC", (string?)jwk["kty"]);
        Assert.Equal("ES256", (string?)jwk["alg"]);
        Assert.Equal("sig", (string?)jwk["use"]);
        Assert.Null(jwk["d"]);
    }

    [Fact]
    public void A_QR_token_verifies_offline_with_nothing_but_the_published_key_set()
    {
        var content = Content();
        var token = _sealer.QrToken(content, _sealer.Seal(content), Salt);

        var result = OfflineVerification.Verify(token, PublishedJwks(_keys), Now);

        Assert.Equal(OfflineStatus.Valid, result.Status);
        var claims = result.Claims!;
        Assert.Equal(content.CertificateId, claims.CertificateId);
        Assert.Equal(content.Number, claims.Number);
        Assert.Equal(CertificateKind.Service, claims.Kind);
        Assert.Equal("黄浦区外滩街道志愿服务站", claims.Organization);
        Assert.Equal(content.CommunityId, claims.CommunityId);
        Assert.Equal(content.Period, claims.Period);
        Assert.Equal(2, claims.RecordCount);
        Assert.Equal(210, claims.TotalMinutes);
        Assert.Equal(2, claims.StarLevel);
        Assert.Equal(content.IssuedOn, claims.IssuedOn);
        Assert.Equal(content.PersonDigest, claims.PersonDigest);
        Assert.Equal(CertificateSealer.ContentHash(content), claims.ContentHash);
        Assert.Equal(_keys.CurrentKeyId, claims.KeyId);
        // no personal data in plain text in the token
        var payload = Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token.Split('.')[1]));
        Assert.DoesNotContain(Name, payload, StringComparison.Ordinal);
        Assert.DoesNotContain("1101051949", payload, StringComparison.Ordinal);
        Assert.DoesNotContain("V20260042", payload, StringComparison.Ordinal);
        // ~710 characters: a QR code of version 20-22 at level M with the verification address before it
        Assert.True(token.Length < 760, $"the token is {token.Length} characters");
    }

    [Fact]
    public void A_token_sealed_before_a_rotation_verifies_with_the_key_set_after_it()
    {
        var content = Content();
        var token = _sealer.QrToken(content, _sealer.Seal(content), Salt);

        Assert.Equal(OfflineStatus.Valid, OfflineVerification.Verify(token, PublishedJwks(_keys.Rotated()), Now).Status);
    }

    [Fact]
    public void A_truncated_token_is_malformed()
    {
        var content = Content();
        var token = _sealer.QrToken(content, _sealer.Seal(content), Salt);
        var jwks = PublishedJwks(_keys);

        Assert.Equal(OfflineStatus.Malformed, OfflineVerification.Verify(token[..^1], jwks, Now).Status);
        Assert.Equal(OfflineStatus.Malformed, OfflineVerification.Verify(token[..token.LastIndexOf('.')], jwks, Now).Status);
        Assert.Equal(OfflineStatus.Malformed, OfflineVerification.Verify(token[..(token.LastIndexOf('.') + 1)], jwks, Now).Status);
        Assert.Equal(OfflineStatus.Malformed, OfflineVerification.Verify(token[1..], jwks, Now).Status);
        Assert.Equal(OfflineStatus.Malformed, OfflineVerification.Verify(token + ".x", jwks, Now).Status);
        Assert.Equal(OfflineStatus.Malformed, OfflineVerification.Verify(token + "=", jwks, Now).Status);
        Assert.Equal(OfflineStatus.Malformed, OfflineVerification.Verify("", jwks, Now).Status);
        Assert.Equal(OfflineStatus.Malformed, OfflineVerification.Verify("a.b.c", jwks, Now).Status);
    }

    [Fact]
    public void No_character_of_a_token_changes_unnoticed()
    {
        var content = Content();
        var token = _sealer.QrToken(content, _sealer.Seal(content), Salt);
        var jwks = PublishedJwks(_keys);
        var signatureStarts = token.LastIndexOf('.') + 1;

        for (var i = 0; i < token.Length; i++)
        {
            if (token[i] == '.')
            {
                continue;
            }

            var changed = token[..i] + (token[i] == 'A' ? 'B' : 'A') + token[(i + 1)..];
            var status = OfflineVerification.Verify(changed, jwks, Now).Status;

            Assert.True(status != OfflineStatus.Valid, $"character {i} changed unnoticed");
            if (i > token.IndexOf('.', StringComparison.Ordinal) && i < signatureStarts - 1)
            {
                // the payload is signed (its last character may also spell base64url non-canonically)
                Assert.True(status is OfflineStatus.BadSignature || (status is OfflineStatus.Malformed && i == signatureStarts - 2), $"character {i}: {status}");
            }
        }
    }

    [Fact]
    public void A_token_signed_by_a_key_not_in_the_set_names_an_unknown_key()
    {
        var content = Content();
        var stranger = new CertificateSealer(CertificateKeys.Generate(), _codeKey);
        var token = stranger.QrToken(content, stranger.Seal(content), Salt);

        var result = OfflineVerification.Verify(token, PublishedJwks(_keys), Now);

        Assert.Equal(OfflineStatus.UnknownKey, result.Status);
        Assert.Null(result.Claims);
    }

    [Fact]
    public void A_token_whose_key_id_is_ours_but_signature_another_keys_has_a_bad_signature()
    {
        var content = Content();
        var stranger = new CertificateSealer(CertificateKeys.Generate(), _codeKey);
        var forged = stranger.QrToken(content, stranger.Seal(content), Salt);
        var ours = _sealer.QrToken(content, _sealer.Seal(content), Salt);
        var spliced = ours[..ours.LastIndexOf('.')] + forged[forged.LastIndexOf('.')..];

        Assert.Equal(OfflineStatus.BadSignature, OfflineVerification.Verify(spliced, PublishedJwks(_keys), Now).Status);
    }

    [Fact]
    public void A_key_set_whose_key_id_is_not_the_keys_thumbprint_is_not_trusted()
    {
        var content = Content();
        var token = _sealer.QrToken(content, _sealer.Seal(content), Salt);
        var jwks = PublishedJwks(_keys);
        var other = Assert.IsType<JsonObject>(PublishedJwks(CertificateKeys.Generate())["keys"]![0]);
        var key = Assert.IsType<JsonObject>(jwks["keys"]![0]);
        key["x"] = (string?)other["x"];
        key["y"] = (string?)other["y"];

        Assert.Equal(OfflineStatus.UnknownKey, OfflineVerification.Verify(token, jwks, Now).Status);
    }

    [Fact]
    public void A_QR_token_is_refused_for_a_content_its_seal_is_not_of()
    {
        var content = Content();
        var seal = _sealer.Seal(content);

        Assert.Throws<InvalidOperationException>(() => _sealer.QrToken(content with { TotalMinutes = 6000 }, seal, Salt));
    }

    [Fact]
    public void The_name_and_ID_on_the_paper_match_the_token_and_another_persons_do_not()
    {
        var content = Content();
        var claims = OfflineVerification.Verify(_sealer.QrToken(content, _sealer.Seal(content), Salt), PublishedJwks(_keys), Now).Claims!;

        Assert.True(OfflineVerification.PersonMatches(claims, Name, IdType, IdNumber));
        // as a verifier might type it: spaces around, the ID's x in upper case and with spaces
        Assert.True(OfflineVerification.PersonMatches(claims, " 王小明 ", IdType, "110105 19491231 002X"));
        Assert.False(OfflineVerification.PersonMatches(claims, "王小敏", IdType, IdNumber));
        Assert.False(OfflineVerification.PersonMatches(claims, Name, IdType, "110105194912310021"));
        Assert.False(OfflineVerification.PersonMatches(claims, Name, "护照", IdNumber));
        Assert.False(OfflineVerification.PersonMatches(claims, Name, null, null));
    }

    [Fact]
    public void The_digest_is_of_the_trimmed_name_and_ID_and_another_volunteers_salt_gives_another_digest()
    {
        var composed = PersonDigest.Of(Salt, "Zoë", "Passport", "e1234567");

        Assert.Equal(composed, PersonDigest.Of(Salt, " Zoë\t", " passport ", "E123 4567"));
        Assert.NotEqual(composed, PersonDigest.Of(Salt, "zoë", "Passport", "e1234567"));
        Assert.Equal(43, composed.Length);
        Assert.NotEqual(composed, PersonDigest.Of(PersonDigest.NewSaltFrom(VolunteerKeyMaterial, Guid.NewGuid()), "Zoë", "Passport", "e1234567"));
        Assert.NotEqual(composed, PersonDigest.Of(PersonDigest.NewSaltFrom(SHA256.HashData("another key"u8), Volunteer), "Zoë", "Passport", "e1234567"));
        // the separator keeps the fields apart
        Assert.NotEqual(PersonDigest.Of(Salt, "AB", "", ""), PersonDigest.Of(Salt, "A", "B", ""));
        Assert.Equal(Salt, PersonDigest.NewSaltFrom(VolunteerKeyMaterial, Volunteer));
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void A_code_typed_forgivingly_matches(bool lowerCase, bool dashes)
    {
        var seal = _sealer.Seal(Content());
        var typed = VerificationCode.Printed(seal.VerificationCode);
        typed = dashes ? typed : typed.Replace("-", " ", StringComparison.Ordinal);
        typed = lowerCase ? typed.ToLowerInvariant() : typed;

        Assert.True(_sealer.CodeMatches(seal, typed));
    }

    [Fact]
    public void A_code_with_O_for_zero_and_I_or_L_for_one_matches()
    {
        var seal = new CertificateSeal("kid", "sig", "0123ABCD0101");

        Assert.True(_sealer.CodeMatches(seal, "o123-abcd-OlOi"));
        Assert.True(_sealer.CodeMatches(seal, "0123abcd0101"));
    }

    [Fact]
    public void A_wrong_code_does_not_match()
    {
        var seal = _sealer.Seal(Content());
        var wrong = seal.VerificationCode[..^1] + (seal.VerificationCode[^1] == '0' ? '1' : '0');

        Assert.False(_sealer.CodeMatches(seal, wrong));
        Assert.False(_sealer.CodeMatches(seal, seal.VerificationCode[..^1]));
        Assert.False(_sealer.CodeMatches(seal, seal.VerificationCode + "0"));
        Assert.False(_sealer.CodeMatches(seal, ""));
        Assert.False(_sealer.CodeMatches(seal, null));
        Assert.False(_sealer.CodeMatches(seal, "U" + seal.VerificationCode[1..]));
    }

    /// <summary>The key set as a verifier gets it: serialized as the endpoint serves it, and parsed back.</summary>
    private static JsonObject PublishedJwks(CertificateKeys keys) =>
        Assert.IsType<JsonObject>(JsonNode.Parse(keys.Jwks().ToJsonString()));

    private static List<string?> KeyIdsOf(JsonObject jwks) =>
        [.. Assert.IsType<JsonArray>(jwks["keys"]).Select(k => (string?)k!["kid"])];
}
