using GraphQL;
using GraphQL.Types;
using Marten;
using TimeBank.Api.PersonalData;
using TimeBank.Ledger.Accounts;

namespace TimeBank.Api.GraphQL.Types;

/// <summary>
/// The person behind an account, decrypted for a reader who may read the account. The phone and the ID number are
/// masked (<see cref="Masking"/>); once erased, everything but <c>erased</c> is null.
/// </summary>
public sealed class PersonType : ObjectGraphType<PersonRead>
{
    public PersonType()
    {
        Name = "Person";
        Description = "The person behind an account: personal information, stored encrypted with a key of their own. "
            + "After an erasure every field but `erased` is null, for good.";
        Field<StringGraphType>("name").Description("The name, as registered.").Resolve(c => c.Source.Details?.Name);
        Field<StringGraphType>("maskedPhone").Description("The phone number masked: only its first 3 and last 4 characters shown (less of a short number).")
            .Resolve(c => c.Source.Details?.Phone is { } phone ? Masking.Mask(phone) : null);
        Field<NationalIdTypeType>("nationalIdType").Description("The kind of ID document, if one was given.").Resolve(c => c.Source.Details?.NationalIdType);
        Field<StringGraphType>("maskedNationalId").Description("The ID number masked: only its first 3 and last 4 characters shown (less of a short number).")
            .Resolve(c => c.Source.Details?.NationalId is { } id ? Masking.Mask(id) : null);
        Field<NonNullGraphType<BooleanGraphType>>("erased").Description("True once the personal information was erased.")
            .Resolve(c => c.Source.Erased);
    }

    /// <summary>The person of an account the caller already may read (the account's own visibility applies).</summary>
    public static async Task<object?> ResolveAsync(IResolveFieldContext<VolunteerAccount> context) => await ReadAsync(context, context.Source);

    /// <summary>The person of <paramref name="account"/>, which the caller already may read.</summary>
    public static async Task<PersonRead?> ReadAsync(IResolveFieldContext context, VolunteerAccount account)
    {
        var read = await context.Service<PersonalDataVault>().ReadAsync(context.Service<IQuerySession>(), account.Id, context.CancellationToken);
        // The account's event says erased even if a key were ever restored from a backup.
        return read is not null && account.PersonalDataErasedAt is not null ? PersonRead.ErasedPerson : read;
    }
}

public sealed class NationalIdTypeType : EnumerationGraphType<NationalIdType>
{
    public NationalIdTypeType()
    {
        Name = "NationalIdType";
        Description = "The kind of ID document (证件类型).";
        Values["RESIDENT_ID_CARD"]!.Description = "Resident identity card (居民身份证): 18 characters, checked by its check character.";
        Values["PASSPORT"]!.Description = "Passport (护照): 5 to 17 letters or digits.";
        Values["TRAVEL_PERMIT"]!.Description = "Travel permit (港澳台居民来往内地通行证): 8 to 11 letters or digits.";
        Values["FOREIGN_PERMANENT_RESIDENT_ID_CARD"]!.Description = "Foreign permanent resident ID card (外国人永久居留身份证): 15 or 18 letters or digits.";
    }
}
