using GraphQL.Types;
using TimeBank.Api.GraphQL.Types;

namespace TimeBank.Api.Certificates;

public sealed class CertificateVerificationType : ObjectGraphType<CertificateVerificationResult>
{
    public CertificateVerificationType()
    {
        Name = "CertificateVerification";
        Description = "What public verification says of a certificate: the verdict in one word, a sentence for a person, and what the certificate "
            + "itself shows (the ID masked). Past `UNKNOWN` and `WRONG_CODE` nothing is shown.";
        Field<NonNullGraphType<VerificationVerdictType>>("verdict").Description("The verdict.").Resolve(c => c.Source.Verdict);
        Field<NonNullGraphType<StringGraphType>>("message").Description("The verdict in a sentence, for a person.").Resolve(c => c.Source.Message);
        Field<CertificateKindType>("kind").Description("What the certificate certifies: service over a period, or a star level.").Resolve(c => c.Source.Kind);
        Field<StringGraphType>("number").Description("The certificate number.").Resolve(c => c.Source.Number);
        Field<StringGraphType>("organization").Description("The issuing organization.").Resolve(c => c.Source.Organization);
        Field<DateOnlyGraphType>("issuedOn").Description("The issue date (China time).").Resolve(c => c.Source.IssuedOn);
        Field<DateOnlyGraphType>("from").Description("The first day of the period certified.").Resolve(c => c.Source.Period?.From);
        Field<DateOnlyGraphType>("to").Description("The last day of the period certified.").Resolve(c => c.Source.Period?.To);
        Field<LongGraphType>("totalMinutes").Description("The minutes of service certified, in total.").Resolve(c => c.Source.TotalMinutes);
        Field<IntGraphType>("recordCount").Description("How many service records the certificate states.").Resolve(c => c.Source.RecordCount);
        Field<IntGraphType>("starLevel").Description("The volunteer's star level at issue.").Resolve(c => c.Source.StarLevel);
        Field<StringGraphType>("maskedName").Description("The volunteer's family name, the rest hidden (张**); null once erased.").Resolve(c => c.Source.MaskedName);
        Field<StringGraphType>("idType").Description("The kind of ID on the certificate.").Resolve(c => c.Source.IdType);
        Field<StringGraphType>("maskedIdNumber").Description("The ID number, masked (110**********1234).").Resolve(c => c.Source.MaskedIdNumber);
        Field<BooleanGraphType>("personMatches")
            .Description("Whether the name (and ID number) given are the ones sealed in the certificate; null when none were given.")
            .Resolve(c => c.Source.PersonMatches);
        Field<UtcDateTimeOffsetGraphType>("revokedAt").Description("When it was revoked.").Resolve(c => c.Source.RevokedAt);
        Field<RevocationCategoryType>("revocationCategory").Description("Why it was revoked.").Resolve(c => c.Source.RevocationCategory);
        Field<ListGraphType<NonNullGraphType<RevokedAfterIssueType>>>("recordsRevokedAfterIssue")
            .Description("Records of the certificate revoked after it was issued: the certificate stands as issued, and says so.")
            .Resolve(c => c.Source.RecordsRevokedAfterIssue);
    }
}

public sealed class RevokedAfterIssueType : ObjectGraphType<RevokedAfterIssue>
{
    public RevokedAfterIssueType()
    {
        Name = "RevokedAfterIssue";
        Description = "A record of a certificate revoked after the certificate was issued.";
        Field<NonNullGraphType<UuidGraphType>>("recordId").Description("The record's UUID.").Resolve(c => c.Source.RecordId);
        Field<NonNullGraphType<DateOnlyGraphType>>("day").Description("The day of service it recorded.").Resolve(c => c.Source.Day);
        Field<NonNullGraphType<LongGraphType>>("minutes").Description("Its minutes.").Resolve(c => c.Source.Minutes);
        Field<NonNullGraphType<UtcDateTimeOffsetGraphType>>("revokedAt").Description("When it was revoked.").Resolve(c => c.Source.RevokedAt);
    }
}

public sealed class VerificationVerdictType : EnumerationGraphType<VerificationVerdict>
{
    public VerificationVerdictType()
    {
        Name = "VerificationVerdict";
        Description = "The verdict of a public verification.";
        Values["VALID"]!.Description = "Issued, its content intact, not revoked.";
        Values["REVOKED"]!.Description = "Revoked by the issuing community.";
        Values["UNKNOWN"]!.Description = "No certificate has this number.";
        Values["WRONG_CODE"]!.Description = "The code does not match the number.";
        Values["ALTERED"]!.Description = "The content no longer matches its seal: changed after issue.";
        Values["PERSON_ERASED"]!.Description = "Genuine, totals confirmed; the person's data was erased, so the person cannot be confirmed.";
    }
}
