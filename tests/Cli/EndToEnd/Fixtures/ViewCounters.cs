using System.Net.Http.Json;
using Kappa.Contracts;
using Kappa.Contracts.Queries;
using Kappa.TestKit;

namespace Kappa.Cli.Tests.EndToEnd.Fixtures;

/// <summary>A view's record counters as a running server's <c>GET /views</c> reports them.</summary>
internal static class ViewCounters
{
    /// <summary>
    /// Polls until <paramref name="view"/>'s counters satisfy <paramref name="done"/>, and returns them; fails with the
    /// last counters seen and the server's output when they do not within 30 seconds.
    /// </summary>
    public static async Task<RecordCounters> WhenAsync(KappaServerProcess server, string view, Func<RecordCounters, bool> done)
    {
        using var http = new HttpClient { BaseAddress = server.Url };
        RecordCounters? last = null;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var views = await http.GetFromJsonAsync<ViewsResponse>("views", KappaJson.Options);
            last = views!.Views.Single(v => v.Name == view).Counters;
            if (last is not null && done(last))
            {
                return last;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"view {view}'s counters never got there; last: {last}\n{server.Output}");
    }
}
