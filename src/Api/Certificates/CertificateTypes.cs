using GraphQL.Types;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger.Certificates;

namespace TimeBank.Api.Certificates;

// The GraphQL shapes of certificates: the certificate as its volunteer and its community see it (each mutation's input is in
// its use case's file).

public sealed class CertificateType : ObjectGraphType<Certificate>
{
    public CertificateType()
    {
        Name = "Certificate";
        Description = "A service certificate (志愿服务证明): requested, declined, issued (its content frozen and sealed) or revoked. "
            + "Seen by its volunteer, staff of the issuing community and city admins; anyone else verifies it by number and code (`verifyCertificate`).";
        Field<NonNullGraphType<UuidGraphType>>("certificateId").Description("The certificate's UUID.").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<CertificateStatusType>>("status").Description("Where the certificate stands.").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<UuidGraphType>>("volunteerId").Description("The volunteer whose service it certifies.").Resolve(c => c.Source.VolunteerId);
        Field<NonNullGraphType<UuidGraphType>>("communityId").Description("The community that recorded the service and certifies it (谁记录谁证明).").Resolve(c => c.Source.CommunityId);
        Field<NonNullGraphType<DateOnlyGraphType>>("from").Description("The first day of the period (China time).").Resolve(c => c.Source.Period.From);
        Field<NonNullGraphType<DateOnlyGraphType>>("to").Description("The last day of the period (China time), included.").Resolve(c => c.Source.Period.To);
        Field<CertificateKindType>("kind").Description("What it certifies, once issued: service over a period, or a star level.").Resolve(c => c.Source.Content?.Kind);
        Field<StringGraphType>("number").Description("The certificate number, `<community code>-<year>-<sequence>`, once issued.").Resolve(c => c.Source.Content?.Number);
        Field<StringGraphType>("verificationCode")
            .Description("The 12-character code printed beside the number (XXXX-XXXX-XXXX): with the number, anyone verifies the certificate online.")
            .Resolve(c => c.Source.Seal is { } seal ? VerificationCode.Printed(seal.VerificationCode) : null);
        Field<StringGraphType>("organization").Description("The issuing organization (出具单位), as issued.").Resolve(c => c.Source.Content?.Organization);
        Field<StringGraphType>("volunteerNumber").Description("The volunteer's number (志愿者编号), as issued.").Resolve(c => c.Source.Content?.VolunteerNumber);
        Field<DateOnlyGraphType>("issuedOn").Description("The issue date (China time).").Resolve(c => c.Source.Content?.IssuedOn);
        Field<UtcDateTimeOffsetGraphType>("issuedAt").Description("When it was issued.").Resolve(c => c.Source.IssuedAt);
        Field<LongGraphType>("totalMinutes").Description("The minutes of service it states, in total.").Resolve(c => c.Source.Content?.TotalMinutes);
        Field<IntGraphType>("starLevel").Description("The volunteer's star level when it was issued; of a star certificate, the level it certifies.").Resolve(c => c.Source.Content?.StarLevel);
        Field<ListGraphType<NonNullGraphType<CertifiedRecordType>>>("records")
            .Description("The records it states, oldest first, as they stood at issue (a record revoked later stays here; verification says so).")
            .Resolve(c => c.Source.Content?.Records);
        Field<StringGraphType>("personInCharge").Description("The issuing organization's person in charge (负责人).").Resolve(c => c.Source.Content?.Signatories.PersonInCharge);
        Field<StringGraphType>("handlingOfficer").Description("The handling officer (经办人).").Resolve(c => c.Source.Content?.Signatories.HandlingOfficer);
        Field<StringGraphType>("contact").Description("The issuing organization's contact.").Resolve(c => c.Source.Content?.Signatories.Contact);
        Field<StringGraphType>("notes").Description("Notes (备注), as issued.").Resolve(c => c.Source.Content?.Notes);
        Field<RevocationCategoryType>("revocationCategory").Description("Why it was revoked, as public verification shows it.").Resolve(c => c.Source.Revocation?.Category);
        Field<StringGraphType>("revocationReason").Description("The revoking staff's reason (not shown by public verification).").Resolve(c => c.Source.Revocation?.Reason);
        Field<UtcDateTimeOffsetGraphType>("revokedAt").Description("When it was revoked.").Resolve(c => c.Source.Revocation?.RevokedAt);
        Field<StringGraphType>("verificationAddress")
            .Description("The address the certificate's QR code carries: the public verification page with the certificate's signed token. Once issued.")
            .ResolveAsync(async c => await c.Service<CertificateQrCode>().AddressAsync(c.Service<Marten.IQuerySession>(), c.Source,
                (c.UserContext as TimeBank.GraphQL.Http.GraphQLUserContext)?.HttpContext.Request, c.CancellationToken));
        Field<StringGraphType>("pdfPath")
            .Description("Where its printable PDF is served (with the same bearer token), once issued.")
            .Resolve(c => c.Source.Content is null ? null : CertificatePaths.Pdf(c.Source.Id));
    }
}

public sealed class CertifiedRecordType : ObjectGraphType<CertifiedRecord>
{
    public CertifiedRecordType()
    {
        Name = "CertifiedRecord";
        Description = "A service record as a certificate states it, frozen at issue.";
        Field<NonNullGraphType<UuidGraphType>>("recordId").Description("The service record's UUID.").Resolve(c => c.Source.RecordId);
        Field<NonNullGraphType<StringGraphType>>("project").Description("The project (activity) the service was part of.").Resolve(c => c.Source.Project);
        Field<NonNullGraphType<DateOnlyGraphType>>("day").Description("The day of service (China time).").Resolve(c => c.Source.Day);
        Field<NonNullGraphType<StringGraphType>>("content").Description("What was done (服务内容).").Resolve(c => c.Source.Content);
        Field<NonNullGraphType<LongGraphType>>("minutes").Description("Minutes served.").Resolve(c => c.Source.Minutes);
    }
}

public sealed class CertificateStatusType : EnumerationGraphType<CertificateStatus>
{
    public CertificateStatusType()
    {
        Name = "CertificateStatus";
        Description = "Requested → Issued → Revoked; Requested → Declined. Staff may also issue directly.";
        Values["REQUESTED"]!.Description = "Asked for by the volunteer, awaiting the community.";
        Values["DECLINED"]!.Description = "Declined by the community, with a reason; nothing was numbered.";
        Values["ISSUED"]!.Description = "Issued: numbered, its content frozen and sealed.";
        Values["REVOKED"]!.Description = "Revoked after issue; its number stays taken and verification says revoked.";
    }
}

public sealed class CertificateKindType : EnumerationGraphType<CertificateKind>
{
    public CertificateKindType()
    {
        Name = "CertificateKind";
        Description = "What a certificate certifies.";
        Values["SERVICE"]!.Description = "Verified service over a period, record by record (志愿服务记录证明).";
        Values["STAR"]!.Description = "A star level reached, with the total service at issue and no records (志愿服务星级证明).";
    }
}

public sealed class RevocationCategoryType : EnumerationGraphType<RevocationCategory>
{
    public RevocationCategoryType()
    {
        Name = "RevocationCategory";
        Description = "Why a certificate was revoked, as public verification shows it.";
        Values["ISSUED_IN_ERROR"]!.Description = "Issued by mistake (wrong person, period or community).";
        Values["RECORDS_CORRECTED"]!.Description = "The records behind it were corrected; a new certificate may be issued.";
        Values["FRAUD"]!.Description = "Obtained by false records.";
        Values["OTHER"]!.Description = "Another reason, kept by the community.";
    }
}

public sealed class CertificateEdgeType() : EdgeGraphType<CertificateType, Certificate>("Certificate");

public sealed class CertificateConnectionType() : ConnectionGraphType<CertificateEdgeType, Certificate>("Certificate");
