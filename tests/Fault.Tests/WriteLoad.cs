using System.Collections.Concurrent;
using System.Net;
using TimeBank.TestSupport;

namespace TimeBank.Fault.Tests;

/// <summary>
/// Workers crediting records through GraphQL (submit, then verify) until stopped, remembering what the service
/// acknowledged and every answer that was not a success. <paramref name="acknowledged"/>, when given, hears of each
/// acknowledged verification (record, volunteer) as soon as the answer arrives.
/// </summary>
public sealed class WriteLoad(GraphQLHttpClient client, GraphQLCity city, int workers = 8, Action<Guid, Guid>? acknowledged = null)
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _running;

    /// <summary>Records whose submission the service acknowledged (an answer with the record, no error).</summary>
    public ConcurrentBag<Guid> Submitted { get; } = [];

    /// <summary>Records whose verification the service acknowledged.</summary>
    public ConcurrentBag<Guid> Verified { get; } = [];

    /// <summary>Answers that were not a success: status and body.</summary>
    public ConcurrentBag<GraphQLResponse> Refused { get; } = [];

    /// <summary>Requests that got no HTTP answer at all (the connection failed).</summary>
    public ConcurrentBag<string> Unanswered { get; } = [];

    public void Start() => _running = Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(WorkAsync)));

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _running!;
        _stop.Dispose();
    }

    /// <summary>Waits until the service has acknowledged at least <paramref name="verified"/> verifications in all.</summary>
    public async Task UntilVerifiedAsync(int verified)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (Verified.Count < verified)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Only {Verified.Count} verifications acknowledged in 60 s; refused: {Refused.FirstOrDefault()?.Text}");
            await Task.Delay(20);
        }
    }

    private async Task WorkAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var recordId = Guid.CreateVersion7();
            var volunteer = Random.Shared.Next(city.Volunteers.Count);
            var volunteerId = city.Volunteers[volunteer];
            if (await SendAsync(GraphQLCity.SubmitMutation, city.Submission(volunteer, Guid.CreateVersion7(), recordId)) is not { } submitted
                || submitted.At("submitServiceRecord.record.recordId") is null)
            {
                continue;
            }

            Submitted.Add(recordId);
            if (await SendAsync(GraphQLCity.VerifyMutation, GraphQLCity.Verification(Guid.CreateVersion7(), [recordId])) is { } verified
                && verified.At("verifyServiceRecords.recordIds") is not null)
            {
                Verified.Add(recordId);
                acknowledged?.Invoke(recordId, volunteerId);
            }
        }
    }

    private async Task<GraphQLResponse?> SendAsync(string query, object variables)
    {
        try
        {
            var answer = await client.PostAsync(city.Staff, query, variables);
            if (answer.IsSuccess)
            {
                return answer;
            }

            Refused.Add(answer);
        }
        catch (HttpRequestException e)
        {
            Unanswered.Add(e.Message);
            await Task.Delay(20);
        }
        catch (TaskCanceledException e)
        {
            Unanswered.Add("timed out: " + e.Message);
        }

        return null;
    }

    /// <summary>A refusal is clean when it is a 503, or a GraphQL error each of whose errors carries a code (never a bare 500).</summary>
    public static bool IsClean(GraphQLResponse answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (answer.Status == HttpStatusCode.ServiceUnavailable)
        {
            return true;
        }

        return answer.Body is not null && answer.Errors.Count > 0 && answer.Codes.All(c => !string.IsNullOrEmpty(c));
    }
}
