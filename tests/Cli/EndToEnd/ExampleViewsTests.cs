using System.Globalization;
using System.Text.Json;
using Kappa.Cli.Tests.EndToEnd.Fixtures;
using Kappa.Contracts;
using Kappa.Contracts.Queries;
using Kappa.TestKit;
using Xunit;

namespace Kappa.Cli.Tests.EndToEnd;

/// <summary>
/// The README's "your own views" walk-through, through the real executable: <c>kappa run --views examples/views</c>,
/// <c>kappa produce orders --file examples/orders.jsonl</c>, then <c>kappa query</c> on the calendar-day view and the
/// sliding-window view.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ExampleViewsTests : IDisposable
{
    private readonly TempDirectory _dir = new("example-views");

    [Fact]
    public async Task The_example_orders_give_the_documented_daily_and_sliding_window_answers()
    {
        await using var server = await KappaServerProcess.StartAsync(_dir.Combine("data"), "--views", Path.Combine(RepoPaths.Root, "examples", "views"));
        var url = server.Url.ToString();
        var produce = await KappaCli.RunAsync(["produce", "orders", "--file", Path.Combine(RepoPaths.Root, "examples", "orders.jsonl"), "--url", url]);
        Assert.True(produce.ExitCode == 0, produce.Stderr);

        // Nine orders: one refunded (filtered out) and one whose amount is not a number (a dead letter).
        Assert.Equal(new RecordCounters(9, 7, 1, 1, 0), await ViewCounters.WhenAsync(server, "customer_spend_30m", c => c.In == 9));
        Assert.Equal(new RecordCounters(9, 7, 1, 1, 0), await ViewCounters.WhenAsync(server, "orders_by_region_daily", c => c.In == 9));

        // c5 ordered at 22:00, 22:10 and 22:45: every distinct set of orders at most 30 minutes apart is a window.
        Assert.Equal(
            [
                ("21:30:00.000", "22:00:00.001", """{"orders":1,"spend":20}"""),
                ("21:40:00.000", "22:10:00.001", """{"orders":2,"spend":50}"""),
                ("22:00:00.001", "22:30:00.002", """{"orders":1,"spend":30}"""),
                ("22:15:00.000", "22:45:00.001", """{"orders":1,"spend":25}"""),
            ],
            await QueryAsync(url, "customer_spend_30m", "c5"));

        // Berlin days: 23:30 on the 28th (UTC+1), then the 29th, 23 hours long (from 23:00Z to 22:00Z, the clocks go
        // forward), then c5's orders on the 30th (UTC+2).
        var eu = await KappaCli.RunAsync(["query", "orders_by_region_daily", "--key", "EU", "--json", "--url", url]);
        Assert.True(eu.ExitCode == 0, eu.Stderr);
        var days = JsonSerializer.Deserialize<KeyQueryResponse>(eu.Stdout, KappaJson.Options)!.Rows;
        Assert.Equal(
            [("2026-03-27T23:00:00Z", 1L), ("2026-03-28T23:00:00Z", 1L), ("2026-03-29T22:00:00Z", 3L)],
            days.Select(r => (r.WindowStart.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), r.Values["orders"].GetInt64())));
    }

    public void Dispose() => _dir.Dispose();

    private static async Task<List<(string Start, string End, string Values)>> QueryAsync(string url, string view, string key)
    {
        var query = await KappaCli.RunAsync(["query", view, "--key", key, "--json", "--url", url]);
        Assert.True(query.ExitCode == 0, query.Stderr);
        return [.. JsonSerializer.Deserialize<KeyQueryResponse>(query.Stdout, KappaJson.Options)!.Rows.Select(r => (
            r.WindowStart.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture),
            r.WindowEnd.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture),
            JsonSerializer.Serialize(r.Values)))];
    }

}
