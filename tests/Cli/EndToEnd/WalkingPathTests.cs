using System.Text.Json;
using Kappa.Contracts;
using Kappa.Contracts.Queries;
using Kappa.TestKit;
using Xunit;

namespace Kappa.Cli.Tests.EndToEnd;

/// <summary>
/// The walking path, through the real executable: <c>kappa run</c>, <c>kappa produce</c> of a small file,
/// <c>kappa query</c> returns the right hourly counts.
/// </summary>
[Trait("Category", "Integration")]
public sealed class WalkingPathTests : IDisposable
{
    private readonly TempDirectory _dir = new("walking-path");

    [Fact]
    public async Task Produced_events_come_back_as_hourly_counts_per_key()
    {
        await using var server = await KappaServerProcess.StartAsync(_dir.Combine("data"));
        var events = _dir.Combine("events.jsonl");
        await File.WriteAllLinesAsync(events,
        [
            """{"user":"alice","ts":"2026-11-22T10:05:00Z","page":"/"}""",
            """{"user":"alice","ts":"2026-11-22T10:59:59.999Z","page":"/a"}""",
            """{"user":"bob","ts":"2026-11-22T10:00:00Z","page":"/"}""",
            """{"user":"alice","ts":"2026-11-22T11:00:00Z","page":"/b"}""",
            """{"user":"alice","ts":"2026-11-22T10:30:00+01:00","page":"/c"}""",
            """{"user":"bob","ts":1795342800000,"page":"/d"}""",
        ]);

        var produce = await KappaCli.RunAsync(["produce", "events", "--file", events, "--key", "user", "--time", "ts", "--url", server.Url.ToString()]);
        Assert.True(produce.ExitCode == 0, produce.Stderr);
        Assert.Contains("produced 6 records to events", produce.Stdout);

        // 10:30+01:00 is 09:30Z; 1795342800000 is 2026-11-22T10:20:00Z.
        var alice = await QueryUntilAsync(server, "alice", rows => rows.Sum(r => r.Values["count"].GetInt64()) == 4);
        Assert.Equal(
            [("2026-11-22T09:00:00.0000000+00:00", 1L), ("2026-11-22T10:00:00.0000000+00:00", 2L), ("2026-11-22T11:00:00.0000000+00:00", 1L)],
            alice.Rows.Select(r => (r.WindowStart.ToString("O"), r.Values["count"].GetInt64())));
        Assert.All(alice.Rows, r => Assert.Equal(TimeSpan.FromHours(1), r.WindowEnd - r.WindowStart));
        Assert.Equal(1, alice.Version);

        var bob = await QueryUntilAsync(server, "bob", rows => rows.Sum(r => r.Values["count"].GetInt64()) == 2);
        Assert.Equal([("2026-11-22T10:00:00.0000000+00:00", 2L)], bob.Rows.Select(r => (r.WindowStart.ToString("O"), r.Values["count"].GetInt64())));
    }

    [Fact]
    public async Task Query_prints_a_table_with_the_counts()
    {
        await using var server = await KappaServerProcess.StartAsync(_dir.Combine("data"));
        var produce = await KappaCli.RunAsync(
            ["produce", "events", "--key", "user", "--time", "ts", "--url", server.Url.ToString()],
            stdin: """{"user":"carol","ts":"2026-01-01T00:10:00Z"}""" + "\n" + """{"user":"carol","ts":"2026-01-01T00:20:00Z"}""" + "\n");
        Assert.True(produce.ExitCode == 0, produce.Stderr);
        await QueryUntilAsync(server, "carol", rows => rows.Count == 1 && rows[0].Values["count"].GetInt64() == 2);

        var table = await KappaCli.RunAsync(["query", "events_per_key_hourly", "--key", "carol", "--url", server.Url.ToString()]);

        Assert.Equal(0, table.ExitCode);
        Assert.Contains("carol", table.Stdout);
        Assert.Contains("2026-01-01 00:00:00", table.Stdout);
        Assert.Contains("version 1", table.Stdout);
    }

    public void Dispose() => _dir.Dispose();

    private static async Task<KeyQueryResponse> QueryUntilAsync(
        KappaServerProcess server,
        string key,
        Func<IReadOnlyList<Contracts.Views.ViewRow>, bool> done)
    {
        KeyQueryResponse? last = null;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var query = await KappaCli.RunAsync(["query", "events_per_key_hourly", "--key", key, "--json", "--url", server.Url.ToString()]);
            if (query.ExitCode == 0)
            {
                last = JsonSerializer.Deserialize<KeyQueryResponse>(query.Stdout, KappaJson.Options)!;
                if (done(last.Rows))
                {
                    return last;
                }
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"view never reached the expected rows for '{key}'; last: {JsonSerializer.Serialize(last, KappaJson.Options)}\n{server.Output}");
    }
}
