namespace TimeBank.Ledger.Certificates;

/// <summary>
/// A community's register of certificate numbers for one year: its stream is locked by the transaction that issues, so
/// numbers are taken one after another, without gaps, and never twice.
/// </summary>
public sealed record CertificateRegister(Guid Id, Guid CommunityId, int Year, int LastSequence)
{
    /// <summary>The register's stream id: the same for a community and year on every node.</summary>
    public static Guid IdOf(Guid communityId, int year)
    {
        Span<byte> name = stackalloc byte[20];
        communityId.TryWriteBytes(name, bigEndian: true, out _);
        BitConverter.TryWriteBytes(name[16..], year);
        return NameBasedId.From(name);
    }

    /// <summary>A certificate's number: <c>&lt;community code&gt;-&lt;year&gt;-&lt;sequence&gt;</c>, the sequence in six digits or more.</summary>
    public static string Number(string communityCode, int year, int sequence) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{communityCode}-{year}-{sequence:D6}");

    public static CertificateRegister? Evolve(CertificateRegister? state, CertificateRegisterEvent @event) => @event switch
    {
        CertificateNumberTaken taken => new CertificateRegister(taken.RegisterId, taken.CommunityId, taken.Year, taken.Sequence),
        _ => throw new UnknownEventException($"{nameof(CertificateRegister)}.{nameof(Evolve)}", @event),
    };
}
