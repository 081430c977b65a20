using TimeBank.Api.Tests.Host;
using TimeBank.Ledger.Accounts;

namespace TimeBank.Api.Tests.Redemptions;

/// <summary>
/// Bad input at the till: each refused with its status and stable code, and no balance changes. The host's clock is the
/// test's (<see cref="ClockedTillApp"/>): code lifetimes and the code-attempt minute are crossed exactly.
/// </summary>
public sealed class TillBadInputTests(ClockedTillApp app) : IClassFixture<ClockedTillApp>
{
    [Fact]
    public async Task Unknown_expired_and_reused_codes_are_refused_alike_and_change_nothing()
    {
        var city = await TillCity.CreateAsync(app);
        var volunteer = await city.VolunteerWithPointsAsync(30);
        var cashier = await city.ApprovedMerchantAsync();

        // Reused: the first hold took the code.
        var code = await city.CodeAsync(volunteer);
        (await city.HoldAsync(cashier, code, 5, Guid.NewGuid())).Ok();
        await AssertRefusedWithoutChangeAsync(city, volunteer, () => city.HoldAsync(cashier, code, 5, Guid.NewGuid()), 422, "REDEMPTION_CODE_INVALID");

        // Unknown.
        await AssertRefusedWithoutChangeAsync(city, volunteer, () => city.HoldAsync(cashier, "no-such-code", 5, Guid.NewGuid()), 422, "REDEMPTION_CODE_INVALID");

        // Expired: two codes issued at one instant; the first still takes a hold a tick before their end, the second
        // is refused at their end.
        var lastUse = await city.CodeAsync(volunteer);
        var expiring = await city.CodeAsync(volunteer);
        var codes = (await city.AccountAsync(volunteer)).Codes;
        var expiresAt = codes.Single(c => c.Value == expiring).ExpiresAt;
        Assert.Equal(expiresAt, codes.Single(c => c.Value == lastUse).ExpiresAt);
        app.MoveClockTo(expiresAt.AddTicks(-1));
        (await city.HoldAsync(cashier, lastUse, 5, Guid.NewGuid())).Ok();
        app.MoveClockTo(expiresAt);
        await AssertRefusedWithoutChangeAsync(city, volunteer, () => city.HoldAsync(cashier, expiring, 5, Guid.NewGuid()), 422, "REDEMPTION_CODE_INVALID");
    }

    [Fact]
    public async Task Amounts_at_or_below_zero_or_above_the_balance_and_a_suspended_merchant_are_refused()
    {
        var city = await TillCity.CreateAsync(app);
        var volunteer = await city.VolunteerWithPointsAsync(30);
        var cashier = await city.ApprovedMerchantAsync();
        var code = await city.CodeAsync(volunteer);

        await AssertRefusedWithoutChangeAsync(city, volunteer, () => city.HoldAsync(cashier, code, 0, Guid.NewGuid()), 400, "INVALID_AMOUNT");
        await AssertRefusedWithoutChangeAsync(city, volunteer, () => city.HoldAsync(cashier, code, -5, Guid.NewGuid()), 400, "INVALID_AMOUNT");
        await AssertRefusedWithoutChangeAsync(city, volunteer, () => city.HoldAsync(cashier, code, 31, Guid.NewGuid()), 422, "INSUFFICIENT_POINTS");
        await city.SuspendAsync(cashier.MerchantId!.Value);
        await AssertRefusedWithoutChangeAsync(city, volunteer, () => city.HoldAsync(cashier, code, 5, Guid.NewGuid()), 422, "MERCHANT_NOT_APPROVED");
    }

    [Fact]
    public async Task Complete_after_void_refund_over_the_amount_and_another_merchants_hold_are_refused()
    {
        var city = await TillCity.CreateAsync(app);
        var volunteer = await city.VolunteerWithPointsAsync(60);
        var cashier = await city.ApprovedMerchantAsync();
        var other = await city.ApprovedMerchantAsync();

        var voided = (await city.HoldAsync(cashier, await city.CodeAsync(volunteer), 10, Guid.NewGuid())).HoldId;
        (await city.VoidAsync(cashier, voided)).Ok();
        await AssertRefusedWithoutChangeAsync(city, volunteer, () => city.CompleteAsync(cashier, voided), 409, "HOLD_ALREADY_ENDED");
        await AssertRefusedWithoutChangeAsync(city, volunteer, () => city.RefundAsync(cashier, voided, 1, Guid.NewGuid()), 409, "HOLD_NOT_COMPLETED");

        var completed = (await city.HoldAsync(cashier, await city.CodeAsync(volunteer), 10, Guid.NewGuid())).HoldId;
        (await city.CompleteAsync(cashier, completed)).Ok();
        (await city.RefundAsync(cashier, completed, 4, Guid.NewGuid())).Ok();
        await AssertRefusedWithoutChangeAsync(city, volunteer, () => city.RefundAsync(cashier, completed, 7, Guid.NewGuid()), 422, "REFUND_EXCEEDS_COMPLETED");
        await AssertRefusedWithoutChangeAsync(city, volunteer, () => city.RefundAsync(cashier, completed, 0, Guid.NewGuid()), 400, "INVALID_AMOUNT");
        await AssertRefusedWithoutChangeAsync(city, volunteer, () => city.VoidAsync(cashier, completed), 409, "HOLD_ALREADY_ENDED");

        // Another merchant's hold is answered exactly as a hold that does not exist.
        var missing = Guid.CreateVersion7();
        foreach (var (call, callMissing) in new (Func<Task<TillAnswer>>, Func<Task<TillAnswer>>)[]
        {
            (() => city.GetAsync(other, completed), () => city.GetAsync(other, missing)),
            (() => city.CompleteAsync(other, completed), () => city.CompleteAsync(other, missing)),
            (() => city.VoidAsync(other, completed), () => city.VoidAsync(other, missing)),
            (() => city.RefundAsync(other, completed, 1, Guid.NewGuid()), () => city.RefundAsync(other, missing, 1, Guid.NewGuid())),
        })
        {
            var answer = await AssertRefusedWithoutChangeAsync(city, volunteer, call, 404, "NOT_FOUND");
            var forMissing = await callMissing();
            Assert.Equal(WithoutTrace(forMissing).Replace(missing.ToString(), "<id>", StringComparison.Ordinal), WithoutTrace(answer).Replace(completed.ToString(), "<id>", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Malformed_requests_are_bad_requests_never_errors()
    {
        var city = await TillCity.CreateAsync(app);
        var cashier = await city.ApprovedMerchantAsync();

        foreach (var body in new[] { "{", "[]", "{\"code\": 12, \"amount\": \"many\"}", "{\"amount\": 99999999999999999999999}" })
        {
            var answer = await city.TillAsync(cashier, HttpMethod.Post, "/till/holds", rawBody: body);
            Assert.True(answer.Status == 400, $"{body} → {answer}");
        }

        (await city.TillAsync(cashier, HttpMethod.Post, "/till/holds", new { amount = 5, tillRequestId = Guid.NewGuid() })).Refused(400, "INVALID_INPUT");
        (await city.TillAsync(cashier, HttpMethod.Post, "/till/holds", new { code = "12345678", amount = 5 })).Refused(400, "INVALID_INPUT");
        (await city.TillAsync(cashier, HttpMethod.Post, "/till/holds", new { code = new string('1', 5000), amount = 5, tillRequestId = Guid.NewGuid() }))
            .Refused(400, "INVALID_INPUT");
        Assert.Equal(404, (await city.TillAsync(cashier, HttpMethod.Get, "/till/holds/not-a-uuid")).Status);
    }

    [Fact]
    public async Task A_till_that_guesses_codes_is_stopped_for_the_rest_of_the_minute_even_with_the_right_code()
    {
        var city = await TillCity.CreateAsync(app);
        var volunteer = await city.VolunteerWithPointsAsync(30);
        var guesser = await city.ApprovedMerchantAsync();
        var honest = await city.ApprovedMerchantAsync();

        // The limit counts per calendar minute of the service's clock: five wrong codes at its first second.
        app.MoveClockIntoNextMinute(second: 0);
        for (var guess = 0; guess < 5; guess++)
        {
            (await city.HoldAsync(guesser, $"{guess:D8}", 5, Guid.NewGuid())).Refused(422, "REDEMPTION_CODE_INVALID");
        }

        // At its last second, the right code is refused too, until the next minute: one second from now.
        var code = await city.CodeAsync(volunteer);
        app.MoveClockTo(app.Clock.Now.AddSeconds(59));
        var throttled = await AssertRefusedWithoutChangeAsync(city, volunteer, () => city.HoldAsync(guesser, code, 5, Guid.NewGuid()), 429, "TOO_MANY_CODE_ATTEMPTS");
        Assert.Equal(TimeSpan.FromSeconds(1), throttled.RetryAfter);

        // Other merchants are not affected, and the code was not used up.
        (await city.HoldAsync(honest, code, 5, Guid.NewGuid())).Ok();

        // The next minute, the till is heard again.
        app.MoveClockIntoNextMinute(second: 0);
        (await city.HoldAsync(guesser, await city.CodeAsync(volunteer), 5, Guid.NewGuid())).Ok();
    }

    [Fact]
    public async Task A_wrong_code_sent_again_with_the_same_till_request_id_counts_once_toward_the_lock_out()
    {
        var city = await TillCity.CreateAsync(app);
        var volunteer = await city.VolunteerWithPointsAsync(30);
        var till = await city.ApprovedMerchantAsync();

        // Each wrong code of the minute is one attempt, however often the till sends it again (after a timeout, one
        // after the other, or several copies at once), typed with its grouping or without.
        app.MoveClockIntoNextMinute(second: 0);
        for (var guess = 0; guess < 4; guess++)
        {
            var tillRequestId = Guid.NewGuid();
            var code = $"{guess:D8}";
            (await city.HoldAsync(till, code, 5, tillRequestId)).Refused(422, "REDEMPTION_CODE_INVALID");
            (await city.HoldAsync(till, code, 5, tillRequestId)).Refused(422, "REDEMPTION_CODE_INVALID");
            (await city.HoldAsync(till, $"{code[..4]} {code[4..]}", 5, tillRequestId)).Refused(422, "REDEMPTION_CODE_INVALID");
            foreach (var copy in await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => city.HoldAsync(till, code, 5, tillRequestId))))
            {
                copy.Refused(422, "REDEMPTION_CODE_INVALID");
            }
        }

        // Four distinct attempts so far: the till may still hold with a right code.
        var hold = (await city.HoldAsync(till, await city.CodeAsync(volunteer), 5, Guid.NewGuid())).Ok();
        (await city.VoidAsync(till, hold["holdId"]!.GetValue<Guid>())).Ok();

        // The fifth distinct wrong code reaches the limit: then even a right code waits for the next minute.
        (await city.HoldAsync(till, "99999999", 5, Guid.NewGuid())).Refused(422, "REDEMPTION_CODE_INVALID");
        (await city.HoldAsync(till, await city.CodeAsync(volunteer), 5, Guid.NewGuid())).Refused(429, "TOO_MANY_CODE_ATTEMPTS");
    }

    [Fact]
    public async Task A_request_without_a_time_of_its_own_is_told_the_time_in_China_time()
    {
        var city = await TillCity.CreateAsync(app);
        var volunteer = await city.VolunteerWithPointsAsync(30);
        var cashier = await city.ApprovedMerchantAsync();
        var held = (await city.HoldAsync(cashier, await city.CodeAsync(volunteer), 5, Guid.NewGuid())).Ok();
        var holdId = held["holdId"]!.GetValue<Guid>();
        var expiresAt = held["expiresAt"]!.GetValue<DateTimeOffset>();
        app.MoveClockTo(expiresAt);

        var completed = await new GraphQL.LedgerGraphQLClient(app).SendAsync(TestTokens.For(cashier),
            "mutation($input: CompleteHoldInput!) { completeHold(input: $input) { hold { status } } }",
            new { input = new { commandId = Guid.CreateVersion7(), holdId } });

        Assert.Equal("HOLD_ALREADY_ENDED", completed.Code());
        Assert.Equal($"Hold {holdId} expired at {GraphQL.RefusalTimeTests.Shown(expiresAt, "+08:00")}; hold the points again.",
            completed.Errors[0]!["message"]!.GetValue<string>());
    }

    /// <summary>The problem without its trace id, which differs per request.</summary>
    private static string WithoutTrace(TillAnswer answer)
    {
        var json = answer.Json;
        json.Remove("traceId");
        return json.ToJsonString();
    }

    private static async Task<TillAnswer> AssertRefusedWithoutChangeAsync(TillCity city, Guid volunteer, Func<Task<TillAnswer>> call, int status, string code)
    {
        var before = await city.AccountAsync(volunteer);
        var version = await city.StreamVersionAsync(volunteer);

        var answer = await call();

        answer.Refused(status, code);
        var after = await city.AccountAsync(volunteer);
        Assert.Equal((before.AvailablePoints, before.HeldPoints, before.PointsBalance), (after.AvailablePoints, after.HeldPoints, after.PointsBalance));
        Assert.Equal(version, await city.StreamVersionAsync(volunteer));
        return answer;
    }
}
