using System.Globalization;

namespace TimeBank.Ledger;

/// <summary>A command refused by a rule of the ledger. <see cref="Code"/> is stable and documented; the message says what is wrong.</summary>
public sealed class LedgerRefusal : Exception
{
    public LedgerRefusal(string code, string message)
        : this(code, message, [])
    {
    }

    private LedgerRefusal(string code, string message, IReadOnlyList<DateTimeOffset> times)
        : base(message)
    {
        Code = code;
        Times = times;
    }

    public string Code { get; }

    /// <summary>The instants the message names, written in China time (<see cref="RefusalTimes"/>); the edge shows them in the caller's offset.</summary>
    public IReadOnlyList<DateTimeOffset> Times { get; }

    /// <summary>
    /// A refusal whose message names instants: the ledger decides in instants and writes them here in China time, the
    /// city's own (<see cref="RefusalTimes.ChinaTime"/>); an edge that knows the caller's offset shows them in it instead
    /// (<see cref="RefusalTimes.InOffset"/>). Never bare UTC.
    /// </summary>
    public static LedgerRefusal NamingTimes(string code, FormattableString message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var times = new List<DateTimeOffset>();
        return new LedgerRefusal(code, message.ToString(new ChinaTimeWriter(times)), times);
    }

    /// <summary>Writes each <see cref="DateTimeOffset"/> of a message in China time, and keeps it; everything else invariantly.</summary>
    private sealed class ChinaTimeWriter(List<DateTimeOffset> times) : IFormatProvider, ICustomFormatter
    {
        public object? GetFormat(Type? formatType) => formatType == typeof(ICustomFormatter) ? this : null;

        public string Format(string? format, object? arg, IFormatProvider? formatProvider)
        {
            switch (arg)
            {
                case DateTimeOffset instant:
                    times.Add(instant);
                    return RefusalTimes.Write(instant, RefusalTimes.ChinaTime);
                case IFormattable formattable:
                    return formattable.ToString(format, CultureInfo.InvariantCulture);
                default:
                    return arg?.ToString() ?? string.Empty;
            }
        }
    }
}

/// <summary>How a refusal's message shows an instant: in an offset the reader knows, with the offset written beside it.</summary>
public static class RefusalTimes
{
    /// <summary>China Standard Time (<see cref="Units.ChinaTime"/>): the city's time, when the caller named none.</summary>
    public static readonly TimeSpan ChinaTime = Units.ChinaTime.Offset;

    /// <summary>"2026-06-01 08:00:00 +08:00".</summary>
    public static string Write(DateTimeOffset instant, TimeSpan offset) =>
        instant.ToOffset(offset).ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);

    /// <summary>
    /// <paramref name="message"/>, written in China time with the instants <paramref name="times"/>
    /// (<see cref="LedgerRefusal.NamingTimes"/>), with those instants in <paramref name="offset"/> instead.
    /// </summary>
    public static string InOffset(string message, IReadOnlyList<DateTimeOffset>? times, TimeSpan offset)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (times is null || offset == ChinaTime)
        {
            return message;
        }

        // Each written "… +08:00" becomes "… <offset>": no text written in another offset can be mistaken for one of them.
        foreach (var instant in times.Distinct())
        {
            message = message.Replace(Write(instant, ChinaTime), Write(instant, offset), StringComparison.Ordinal);
        }

        return message;
    }
}

/// <summary>The stable codes of refusals. Clients match on these, so they never change meaning.</summary>
public static class RefusalCodes
{
    public const string NotFound = "NOT_FOUND";
    public const string Forbidden = "FORBIDDEN";
    public const string InvalidAmount = "INVALID_AMOUNT";
    public const string AmountOverflow = "AMOUNT_OVERFLOW";
    public const string AlreadyExists = "ALREADY_EXISTS";
    public const string RecordEndsBeforeStart = "RECORD_ENDS_BEFORE_START";
    public const string RecordTooLong = "RECORD_TOO_LONG";
    public const string RecordInFuture = "RECORD_IN_FUTURE";
    public const string RecordOverlaps = "RECORD_OVERLAPS";
    public const string RecordMinutesInvalid = "RECORD_MINUTES_INVALID";
    public const string VolunteerNotFound = "VOLUNTEER_NOT_FOUND";
    public const string ProjectNotFound = "PROJECT_NOT_FOUND";
    public const string OwnRecord = "OWN_RECORD";
    public const string NotStaffOfCommunity = "NOT_STAFF_OF_COMMUNITY";
    public const string InvalidRecordState = "INVALID_RECORD_STATE";
    public const string AlreadyRevoked = "ALREADY_REVOKED";
    public const string ReasonRequired = "REASON_REQUIRED";
    /// <summary>A free text is longer than its limit (<see cref="TextLimits"/>); the message names the field and the limit.</summary>
    public const string TextTooLong = "TEXT_TOO_LONG";
    public const string InsufficientPoints = "INSUFFICIENT_POINTS";
    public const string InsufficientTimeCredits = "INSUFFICIENT_TIME_CREDITS";
    public const string EmptyBatch = "EMPTY_BATCH";
    public const string InvalidInput = "INVALID_INPUT";
    public const string InvalidMerchantState = "INVALID_MERCHANT_STATE";
    public const string MerchantNotApproved = "MERCHANT_NOT_APPROVED";
    public const string NotCashierOfMerchant = "NOT_CASHIER_OF_MERCHANT";
    /// <summary>
    /// A command or a community names a district this deployment has no database for (districts mode, ADR 0047), or a
    /// request names no district at all: nothing is written.
    /// </summary>
    public const string UnknownDistrict = "UNKNOWN_DISTRICT";

    /// <summary>
    /// A district's database did not answer (districts mode, ADR 0047): the request's district has not been reached since
    /// this node started, and nothing was written; or city-wide figures need every district and one or more did not
    /// answer, so no figures are given rather than a short sum. The message names the districts; `/health/ready` too.
    /// </summary>
    public const string DistrictUnavailable = "DISTRICT_UNAVAILABLE";

    /// <summary>The code is unknown, expired or already used: deliberately one code, so a guessing till learns nothing.</summary>
    public const string RedemptionCodeInvalid = "REDEMPTION_CODE_INVALID";
    /// <summary>The volunteer already has as many live codes as the policy allows: use one or let one expire.</summary>
    public const string TooManyLiveCodes = "TOO_MANY_LIVE_CODES";
    /// <summary>
    /// The merchant's tills sent too many wrong codes this minute (<see cref="Accounts.CodeGuessingLimit"/>): even a right
    /// code is refused until the next minute. "Not now" rather than "no": a retry after that is judged afresh.
    /// </summary>
    public const string TooManyCodeAttempts = "TOO_MANY_CODE_ATTEMPTS";
    public const string HoldAlreadyEnded = "HOLD_ALREADY_ENDED";
    public const string HoldNotYetExpired = "HOLD_NOT_YET_EXPIRED";
    public const string HoldNotCompleted = "HOLD_NOT_COMPLETED";
    public const string RefundExceedsCompleted = "REFUND_EXCEEDS_COMPLETED";
    public const string RefundWindowClosed = "REFUND_WINDOW_CLOSED";
    public const string InvalidName = "INVALID_NAME";
    public const string InvalidPhone = "INVALID_PHONE";
    public const string InvalidNationalId = "INVALID_NATIONAL_ID";

    /// <summary>A certificate's period ends before it starts, or reaches past today (China time).</summary>
    public const string CertificatePeriodInvalid = "CERTIFICATE_PERIOD_INVALID";
    /// <summary>The community recorded no verified service of the volunteer in the period: there is nothing to certify.</summary>
    public const string NoCertifiableService = "NO_CERTIFIABLE_SERVICE";
    /// <summary>A star certificate names a star level the volunteer has not reached (their current <c>StarLevel</c> is lower).</summary>
    public const string StarLevelNotReached = "STAR_LEVEL_NOT_REACHED";
    /// <summary>The certificate is not in a state that allows this (issuing one already issued or declined, declining one issued…).</summary>
    public const string InvalidCertificateState = "INVALID_CERTIFICATE_STATE";
    /// <summary>What was typed cannot be a certificate number (<see cref="Certificates.CertificateNumber"/>).</summary>
    public const string CertificateNumberInvalid = "CERTIFICATE_NUMBER_INVALID";
    /// <summary>What was typed cannot be a verification code (<see cref="Certificates.VerificationCode"/>).</summary>
    public const string VerificationCodeInvalid = "VERIFICATION_CODE_INVALID";
    /// <summary>A QR token is malformed, truncated or signed by a key this deployment never published.</summary>
    public const string CertificateTokenInvalid = "CERTIFICATE_TOKEN_INVALID";
    /// <summary>Too many public verifications from this client in a short time; try again after the time it says.</summary>
    public const string RateLimited = "RATE_LIMITED";

    /// <summary>A month or period that cannot be read (<see cref="Standings.CalendarMonth"/>, <see cref="Standings.ReportingPeriod"/>).</summary>
    public const string PeriodInvalid = "PERIOD_INVALID";
    /// <summary>A month or period that has not begun yet (China time).</summary>
    public const string PeriodInFuture = "PERIOD_IN_FUTURE";
    /// <summary>No community, street or district of the city has this name or id.</summary>
    public const string AreaUnknown = "AREA_UNKNOWN";

    /// <summary>
    /// The community already has a social organization of this name (compared as <see cref="Organizations.SocialOrganizationName"/>
    /// does: trimmed, width- and case-folded), dissolved ones included: a new organization takes a name of its own.
    /// </summary>
    public const string SocialOrganizationNameTaken = "SOCIAL_ORGANIZATION_NAME_TAKEN";
    /// <summary>The organization is not in a state that allows this (suspending one not active, reinstating one not suspended, anything after dissolution).</summary>
    public const string InvalidOrganizationState = "INVALID_ORGANIZATION_STATE";
    /// <summary>Team, service and records (有队伍、有服务、有记录) are computed from the ledger: staff attest only place, facilities and rules.</summary>
    public const string StationHaveNotAttestable = "STATION_HAVE_NOT_ATTESTABLE";
    /// <summary>The station's have is not attested: there is nothing to withdraw.</summary>
    public const string StationHaveNotAttested = "STATION_HAVE_NOT_ATTESTED";

    /// <summary>Another volunteer of the city already has this volunteer number (<see cref="Accounts.VolunteerNumbers"/>).</summary>
    public const string VolunteerNumberTaken = "VOLUNTEER_NUMBER_TAKEN";
    /// <summary>A slot's times do not hold together: it ends before it starts, or its withdrawal cut-off is after its start.</summary>
    public const string SlotTimesInvalid = "SLOT_TIMES_INVALID";
    /// <summary>The slot has started (or the new slot would start in the past): no sign-up, no cancellation.</summary>
    public const string SlotInPast = "SLOT_IN_PAST";
    public const string SlotCancelled = "SLOT_CANCELLED";
    /// <summary>The volunteer already has a place in the slot or is on its waiting list.</summary>
    public const string AlreadySignedUp = "ALREADY_SIGNED_UP";
    /// <summary>The volunteer has no place in the slot (being on its waiting list is not a place).</summary>
    public const string NotSignedUp = "NOT_SIGNED_UP";
    /// <summary>The slot's withdrawal cut-off has passed: the place is kept; staff record a no-show if the volunteer does not come.</summary>
    public const string WithdrawalClosed = "WITHDRAWAL_CLOSED";
    /// <summary>The code given is not the slot's check-in code.</summary>
    public const string CheckInCodeInvalid = "CHECK_IN_CODE_INVALID";
    /// <summary>Check-in is open from an hour before the slot's start to its end.</summary>
    public const string SlotNotInProgress = "SLOT_NOT_IN_PROGRESS";
    public const string AlreadyCheckedIn = "ALREADY_CHECKED_IN";
    /// <summary>A check-out before the volunteer checked in.</summary>
    public const string NotCheckedIn = "NOT_CHECKED_IN";
    public const string AlreadyCheckedOut = "ALREADY_CHECKED_OUT";
    /// <summary>A no-show is recorded once the slot has ended.</summary>
    public const string SlotNotOver = "SLOT_NOT_OVER";
    /// <summary>The volunteer was recorded as a no-show for the slot: there is nothing more to do for them in it.</summary>
    public const string NoShowRecorded = "NO_SHOW_RECORDED";
    /// <summary>The volunteer has not declared this skill: there is nothing to confirm.</summary>
    public const string SkillNotDeclared = "SKILL_NOT_DECLARED";

    // Residents' needs (ADR 0044).

    /// <summary>The need is no longer open: accepted by someone else, cancelled, expired or ended.</summary>
    public const string NeedNotOpen = "NEED_NOT_OPEN";
    /// <summary>A resident cannot accept their own need.</summary>
    public const string OwnNeed = "OWN_NEED";
    /// <summary>The caller is not the need's resident (nor staff of its community acting for them), nor its volunteer where that is allowed.</summary>
    public const string NotPartyToNeed = "NOT_PARTY_TO_NEED";
    /// <summary>The need has not been accepted yet: there is nothing to confirm or dispute.</summary>
    public const string NeedNotAccepted = "NEED_NOT_ACCEPTED";
    /// <summary>The need has ended (confirmed, decided, cancelled or expired): nothing more can happen to it.</summary>
    public const string NeedEnded = "NEED_ENDED";
    /// <summary>The need is not in dispute: there is nothing for staff to decide.</summary>
    public const string NeedNotDisputed = "NEED_NOT_DISPUTED";
    /// <summary>A dispute's split does not add up to the need's escrow, or has a negative part.</summary>
    public const string SplitDoesNotAddUp = "SPLIT_DOES_NOT_ADD_UP";

    // The time bank's gifts (ADR 0045).
    /// <summary>A relation names the same member twice.</summary>
    public const string RelationToSelf = "RELATION_TO_SELF";
    /// <summary>A member confirms a relation for themself only: not for the other member, and staff confirm for nobody.</summary>
    public const string RelationNotOwnSide = "RELATION_NOT_OWN_SIDE";
    /// <summary>No relation (or only an ended one) is recorded between the giver and the receiver.</summary>
    public const string NotARelative = "NOT_A_RELATIVE";
    /// <summary>The relation is recorded but not yet confirmed by both members.</summary>
    public const string RelationNotConfirmed = "RELATION_NOT_CONFIRMED";
    /// <summary>A member gives time credits to themself.</summary>
    public const string GiftToSelf = "GIFT_TO_SELF";
    /// <summary>The gift would take the giver's gifts of this calendar year (China time) past the policy's yearly cap.</summary>
    public const string GiftYearlyCapExceeded = "GIFT_YEARLY_CAP_EXCEEDED";
    /// <summary>The gift or grant would take the receiver's time credits past their account cap (<c>TimeCreditCap</c>).</summary>
    public const string ReceiverCapExceeded = "RECEIVER_CAP_EXCEEDED";
    /// <summary>A grant asks for more time credits than the community pool holds.</summary>
    public const string InsufficientPoolCredits = "INSUFFICIENT_POOL_CREDITS";
}
