using System.Globalization;
using Xunit;

namespace Kappa.Processor.Tests.Pipeline;

/// <summary>The same log gives byte-identical views, however the work was cut into polls and commits.</summary>
[Trait("Category", "Integration")]
public sealed class DeterminismTests
{
    private const string Definition = """
        view: sessions_by_country
        source: pageviews
        time: { field: ts, timezone: America/New_York, max-disorder: 30m, grace: 10m }
        filter: "duration_ms >= 0"
        key: [country, device]
        window: { calendar: day }
        aggregates:
          views: count()
          users: count_distinct(user)
          time: sum(duration_ms)
          longest: max(duration_ms)
          first_page: first(page)
          last_page: last(page)
          top: top(duration_ms, 3)
        """;

    [Theory]
    [InlineData("calendar: day")]
    [InlineData("session: { gap: 20m }")]
    [InlineData("sliding: 20m")]
    public async Task Processing_the_same_log_twice_gives_identical_view_hashes(string window)
    {
        var events = Events(seed: 7, count: 3_000);
        var definition = Definition.Replace("calendar: day", window, StringComparison.Ordinal);

        var first = await RunAsync(definition, events, maxPollRecords: 3);
        var second = await RunAsync(definition, events, maxPollRecords: 997);

        Assert.Equal(first, second);
    }

    private static async Task<string> RunAsync(string definition, List<(int Partition, string Json)> events, int maxPollRecords)
    {
        await using var harness = await PipelineHarness.StartAsync(definition, partitions: 4);
        await harness.AppendAsync(events.Select(e => (e.Partition, (string?)null, e.Json, 0L)));
        await harness.RunUntilCaughtUpAsync(maxPollRecords);
        return await harness.HashViewAsync();
    }

    private static List<(int, string)> Events(int seed, int count)
    {
        var random = new Random(seed);
        var start = DateTimeOffset.Parse("2026-11-01T00:00:00Z", CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
        string[] countries = ["US", "DE", "JP", "BR"];
        string[] devices = ["web", "ios", "android"];
        var time = start;
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            // Mostly forward in time, sometimes out of order, sometimes late: every path of the pipeline runs.
            time += random.Next(-20, 120) * 1_000L;
            var ts = DateTimeOffset.FromUnixTimeMilliseconds(time - random.Next(0, 3) * 3_000_000L).ToString("O", CultureInfo.InvariantCulture);
            var json = $$"""{"country":"{{countries[random.Next(4)]}}","device":"{{devices[random.Next(3)]}}","user":"u{{random.Next(300)}}","duration_ms":{{random.Next(-5, 60_000)}},"page":"/p{{random.Next(20)}}","ts":"{{ts}}"}""";
            return (random.Next(4), json);
        })];
    }
}
