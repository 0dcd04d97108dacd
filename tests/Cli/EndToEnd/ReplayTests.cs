using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Kappa.Contracts;
using Kappa.Contracts.Lifecycle;
using Kappa.Contracts.Queries;
using Kappa.Log.Abstractions;
using Kappa.Log.Embedded;
using Kappa.TestKit;
using Xunit;
using Xunit.Abstractions;

namespace Kappa.Cli.Tests.EndToEnd;

/// <summary>
/// Replay through the real executable: a new version built beside the live one, validated, diffed, swapped in,
/// rolled back, and resumed after kill -9, while readers never see a mixed or failed answer.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ReplayTests(ITestOutputHelper output) : IDisposable
{
    private const string Token = "replay-token";

    private const string Hourly = """
        view: sales
        source: orders
        time: { field: ts, max-disorder: 1h, grace: 30d }
        key: [customer]
        window: { tumbling: 1h }
        aggregates: { orders: count(), total: sum(amount) }
        """;

    private const string Daily = """
        view: sales
        source: orders
        time: { field: ts, max-disorder: 1h, grace: 30d }
        key: [customer]
        window: { tumbling: 1d }
        aggregates: { orders: count(), total: sum(amount) }
        """;

    private static readonly long Start = DateTimeOffset.Parse("2026-11-01T00:00:00Z", CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
    private readonly TempDirectory _dir = new("replay");

    [Fact]
    public async Task An_unchanged_replay_is_byte_identical_activates_by_its_gates_and_rolls_back_instantly()
    {
        await using var server = await StartAsync(events: 20_000);
        using var http = Client(server);
        await WaitCaughtUpAsync(http, 1);

        var replay = await Cli(server, "replay", "sales", "--activate", "auto", "--json");
        Assert.True(replay.ExitCode == 0, replay.Stdout + replay.Stderr);
        Assert.Contains("\"event\":\"active\"", replay.Stdout, StringComparison.Ordinal);

        var summary = await ViewAsync(http);
        Assert.Equal(2, summary.ActiveVersion);
        Assert.Equal([(1, VersionState.Retired), (2, VersionState.Active)], summary.Versions.Select(v => (v.Version, v.State)));

        var diff = await Cli(server, "views", "diff", "sales", "1", "2", "--json");
        Assert.Equal(0, diff.ExitCode);
        var answer = JsonSerializer.Deserialize<ViewDiff>(diff.Stdout, KappaJson.Options)!;
        Assert.True(answer.Identical, diff.Stdout);
        Assert.Equal((0L, 0L, 0L), (answer.KeysAdded, answer.KeysRemoved, answer.KeysChanged));
        Assert.Equal(50, answer.KeysUnchanged);

        var rollback = await Cli(server, "views", "rollback", "sales");
        Assert.True(rollback.ExitCode == 0, rollback.Stderr);

        // Instantly: the very next query reads version 1, with nothing recomputed.
        using var response = await http.GetAsync("views/sales/keys/c7");
        Assert.Equal("1", Assert.Single(response.Headers.GetValues("Kappa-View-Version")));
        Assert.Equal(1, (await ViewAsync(http)).ActiveVersion);
    }

    [Fact]
    public async Task A_changed_definition_fails_the_row_gate_shows_in_the_diff_and_is_activated_by_hand()
    {
        var generator = new OrderGenerator();
        await using var server = await StartAsync(events: 20_000, generator);
        using var http = Client(server);
        await WaitCaughtUpAsync(http, 1);
        var daily = _dir.Combine("daily.yaml");
        await File.WriteAllTextAsync(daily, Daily);

        var unauthorized = await KappaCli.RunAsync(["replay", "sales", "--definition", daily, "--url", server.Url.ToString()]);
        Assert.NotEqual(0, unauthorized.ExitCode);
        Assert.Contains("admin token", unauthorized.Stderr, StringComparison.Ordinal);
        Assert.Single((await ViewAsync(http)).Versions);

        var replay = await Cli(server, "replay", "sales", "--definition", daily);
        Assert.True(replay.ExitCode == ReplayExit.GatesFailed, replay.Stdout + replay.Stderr);
        Assert.Contains("FAIL", replay.Stdout, StringComparison.Ordinal);
        var detail = (await http.GetFromJsonAsync<VersionDetail>("views/sales/versions/2", KappaJson.Options))!;
        Assert.Equal(VersionState.Ready, detail.State);
        Assert.False(detail.Gates!.Passed);
        Assert.False(detail.Gates.Checks.Single(c => c.Name == "rows").Passed);
        Assert.True(detail.Gates.Checks.Single(c => c.Name == "total(total)").Passed, string.Join("; ", detail.Gates.Checks));
        Assert.True(detail.Gates.Checks.Single(c => c.Name == "total(orders)").Passed);

        var diff = JsonSerializer.Deserialize<ViewDiff>((await Cli(server, "views", "diff", "sales", "1", "2", "--json")).Stdout, KappaJson.Options)!;
        Assert.False(diff.Identical);
        Assert.Equal(50, diff.KeysChanged);
        Assert.True(diff.RowsB < diff.RowsA);

        var refused = await KappaCli.RunAsync(["views", "activate", "sales", "2", "--url", server.Url.ToString(), "--admin-token", "wrong"]);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Equal(1, (await ViewAsync(http)).ActiveVersion);

        var activate = await Cli(server, "views", "activate", "sales", "2");
        Assert.True(activate.ExitCode == 0, activate.Stderr);
        var c7 = (await http.GetFromJsonAsync<KeyQueryResponse>("views/sales/keys/c7", KappaJson.Options))!;
        Assert.Equal(2, c7.Version);
        Assert.All(c7.Rows, r => Assert.Equal(TimeSpan.FromDays(1), r.WindowEnd - r.WindowStart));
        var expected = generator.DailyTotals("c7");
        Assert.Equal(expected, c7.Rows.Select(r => (r.WindowStart.ToUnixTimeMilliseconds(), r.Values["orders"].GetInt64(), r.Values["total"].GetDecimal())));
    }

    [Fact]
    public async Task Readers_hammering_the_view_never_see_a_mixed_version_or_a_5xx_while_a_replay_is_swapped_in()
    {
        await using var server = await StartAsync(events: 20_000);
        using var http = Client(server);
        await WaitCaughtUpAsync(http, 1);

        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 4).Select(i => Task.Run(() => ReadAsync(server.Url, i, stop.Token))).ToList();
        await Task.Delay(1_500);
        using (var request = new StringContent(JsonSerializer.Serialize(new ReplayRequest(Daily), KappaJson.Options), Encoding.UTF8, "application/json"))
        {
            using var created = await http.PostAsync("views/sales/versions", request);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        await WaitStateAsync(http, 2, VersionState.Ready);
        using (var activated = await http.PostAsync("views/sales/versions/2/activate", null))
        {
            Assert.Equal(HttpStatusCode.OK, activated.StatusCode);
        }

        await Task.Delay(1_500);
        await stop.CancelAsync();
        var tallies = await Task.WhenAll(readers);
        var total = tallies.Aggregate(Tally.Sum);
        output.WriteLine($"answers: {total}");

        Assert.Equal(0, total.Mixed);
        Assert.Equal(0, total.ServerErrors);
        Assert.True(total.Version1 > 20 && total.Version2 > 20, total.ToString());
    }

    [Fact]
    public async Task A_replay_killed_midway_resumes_from_its_checkpoint_and_ends_identical_to_the_live_version()
    {
        var dataDir = _dir.Combine("data");
        await new OrderGenerator().AppendAsync(Path.Combine(dataDir, "log"), 400_000);
        var views = _dir.Combine("views.yaml");
        await File.WriteAllTextAsync(views, Hourly);
        long killedAt;
        long total;
        // Tasks report progress when they commit, and one catching up commits every 6 s by default: long enough for a
        // replay of 400,000 events to end before its first report, leaving nothing to kill mid-way. Here they commit
        // every 200 ms, so the kill lands between checkpoints.
        var frequentCommits = new Dictionary<string, string> { ["Processor__CatchUpCommitInterval"] = "00:00:00.200" };
        await using (var first = await KappaServerProcess.StartAsync(dataDir, frequentCommits, "--views", views, "--admin-token", Token))
        {
            using var http = Client(first);
            await WaitCaughtUpAsync(http, 1);
            var started = await Cli(first, "replay", "sales", "--no-wait");
            Assert.True(started.ExitCode == 0, started.Stderr);
            (killedAt, total) = await WaitProgressAsync(http, 2);
            var metrics = await http.GetStringAsync("metrics");
            await first.KillAsync();
            Assert.Matches(@"kappa_replay_records_total\{version=""2"",view=""sales""\} 400000", metrics);
            Assert.Matches(@"kappa_replay_records_done\{version=""2"",view=""sales""\} \d+", metrics);
        }

        output.WriteLine($"killed at {killedAt} of {total}");
        Assert.InRange(killedAt, 1, total - 1);

        await using var second = await KappaServerProcess.StartAsync(dataDir, "--views", views, "--admin-token", Token);
        var resumed = await Cli(second, "replay", "sales", "--json");
        Assert.True(resumed.ExitCode == 0, resumed.Stdout + resumed.Stderr);
        Assert.Contains("\"version\":2", resumed.Stdout, StringComparison.Ordinal);

        using var after = Client(second);
        var diff = (await after.GetFromJsonAsync<ViewDiff>("views/sales/diff?a=1&b=2", KappaJson.Options))!;
        Assert.True(diff.Identical, $"{diff.KeysChanged} keys differ");
        Assert.Equal(2, (await ViewAsync(after)).Versions.Count);
    }

    [Fact]
    public async Task A_bounded_backfill_processes_only_the_records_between_its_timestamps_and_stops()
    {
        var generator = new OrderGenerator(ordered: true);
        await using var server = await StartAsync(events: 30_000, generator);
        using var http = Client(server);
        await WaitCaughtUpAsync(http, 1);
        var daily = _dir.Combine("daily.yaml");
        await File.WriteAllTextAsync(daily, Daily);

        var replay = await Cli(server, "replay", "sales", "--definition", daily, "--from", "2026-11-02T00:00:00Z", "--to", "2026-11-03T00:00:00Z", "--json");
        Assert.True(replay.ExitCode is 0 or ReplayExit.GatesFailed, replay.Stdout + replay.Stderr);

        var detail = (await http.GetFromJsonAsync<VersionDetail>("views/sales/versions/2", KappaJson.Options))!;
        Assert.True(detail.Bounded);
        Assert.Equal(VersionState.Ready, detail.State);
        var day = DateTimeOffset.Parse("2026-11-02T00:00:00Z", CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
        var c3 = (await http.GetFromJsonAsync<KeyQueryResponse>("views/sales/keys/c3?version=2", KappaJson.Options))!;
        Assert.Equal(
            generator.DailyTotals("c3").Where(d => d.Item1 == day),
            c3.Rows.Select(r => (r.WindowStart.ToUnixTimeMilliseconds(), r.Values["orders"].GetInt64(), r.Values["total"].GetDecimal())));
        Assert.Equal(detail.Progress!.Total, detail.Progress.Done);

        var activate = await Cli(server, "views", "activate", "sales", "2");
        Assert.NotEqual(0, activate.ExitCode);
        Assert.Contains("bounded backfill", activate.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, (await ViewAsync(http)).ActiveVersion);
    }

    public void Dispose() => _dir.Dispose();

    private async Task<KappaServerProcess> StartAsync(int events, OrderGenerator? generator = null)
    {
        var dataDir = _dir.Combine("data");
        await (generator ?? new OrderGenerator()).AppendAsync(Path.Combine(dataDir, "log"), events);
        var views = _dir.Combine("views.yaml");
        await File.WriteAllTextAsync(views, Hourly);
        return await KappaServerProcess.StartAsync(dataDir, "--views", views, "--admin-token", Token);
    }

    private static HttpClient Client(KappaServerProcess server)
    {
        var http = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return http;
    }

    private static Task<CliResult> Cli(KappaServerProcess server, params string[] args) =>
        KappaCli.RunAsync([.. args, "--url", server.Url.ToString(), .. args[0] is "replay" || args is [_, "activate" or "rollback" or "drop", ..] ? new[] { "--admin-token", Token } : []], timeout: TimeSpan.FromMinutes(3));

    private static async Task<ViewSummary> ViewAsync(HttpClient http) =>
        (await http.GetFromJsonAsync<ViewsResponse>("views", KappaJson.Options))!.Views.Single();

    private static async Task WaitCaughtUpAsync(HttpClient http, int version)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while ((await http.GetFromJsonAsync<VersionDetail>($"views/sales/versions/{version}", KappaJson.Options))!.Progress is not { CaughtUp: true })
        {
            Assert.True(DateTime.UtcNow < deadline, "version 1 did not catch up");
            await Task.Delay(200);
        }
    }

    private static async Task WaitStateAsync(HttpClient http, int version, VersionState state)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while ((await http.GetFromJsonAsync<VersionDetail>($"views/sales/versions/{version}", KappaJson.Options))!.State != state)
        {
            Assert.True(DateTime.UtcNow < deadline, $"version {version} did not become {state}");
            await Task.Delay(100);
        }
    }

    /// <summary>Waits until the replay has done some but not all of its work, and returns how much.</summary>
    private static async Task<(long Done, long Total)> WaitProgressAsync(HttpClient http, int version)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var detail = (await http.GetFromJsonAsync<VersionDetail>($"views/sales/versions/{version}", KappaJson.Options))!;
            if (detail.Progress is { } p && (p.Done > p.Total / 10 || p.CaughtUp || detail.State != VersionState.Building))
            {
                return (p.CaughtUp ? p.Total : p.Done, p.Total);
            }

            Assert.True(DateTime.UtcNow < deadline, "the replay made no progress");
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Reads keys and whole paged scans until stopped, checking each answer is of one version throughout: the header
    /// equals the body, and every row has that version's window length (1 hour for version 1, 1 day for version 2).
    /// </summary>
    private static async Task<Tally> ReadAsync(Uri url, int reader, CancellationToken stop)
    {
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        var tally = new Tally();
        var random = new Random(reader);
        while (!stop.IsCancellationRequested)
        {
            if (random.Next(4) > 0)
            {
                using var response = await http.GetAsync($"views/sales/keys/c{random.Next(50)}", CancellationToken.None);
                if (!Check(response, tally))
                {
                    continue;
                }

                var body = (await response.Content.ReadFromJsonAsync<KeyQueryResponse>(KappaJson.Options, CancellationToken.None))!;
                tally.Count(body.Version, Consistent(response, body.Version, body.Rows));
                continue;
            }

            string? cursor = null;
            int? scanVersion = null;
            var consistent = true;
            do
            {
                using var response = await http.GetAsync($"views/sales/rows?limit=200{(cursor is null ? string.Empty : $"&cursor={cursor}")}", CancellationToken.None);
                if (!Check(response, tally))
                {
                    consistent = false;
                    break;
                }

                var page = (await response.Content.ReadFromJsonAsync<RowsPage>(KappaJson.Options, CancellationToken.None))!;
                consistent &= Consistent(response, page.Version, page.Rows) && (scanVersion ??= page.Version) == page.Version;
                cursor = page.NextCursor;
            }
            while (cursor is not null);

            tally.Count(scanVersion ?? 0, consistent);
        }

        return tally;
    }

    private static bool Check(HttpResponseMessage response, Tally tally)
    {
        if ((int)response.StatusCode >= 500)
        {
            tally.ServerErrors++;
        }

        return response.StatusCode == HttpStatusCode.OK;
    }

    private static bool Consistent(HttpResponseMessage response, int version, IReadOnlyList<Contracts.Views.ViewRow> rows) =>
        response.Headers.GetValues("Kappa-View-Version").Single() == version.ToString(CultureInfo.InvariantCulture)
        && rows.All(r => r.WindowEnd - r.WindowStart == (version == 1 ? TimeSpan.FromHours(1) : TimeSpan.FromDays(1)));

    private sealed class Tally
    {
        public long Version1 { get; set; }

        public long Version2 { get; set; }

        public long Mixed { get; set; }

        public long ServerErrors { get; set; }

        public static Tally Sum(Tally a, Tally b) => new()
        {
            Version1 = a.Version1 + b.Version1,
            Version2 = a.Version2 + b.Version2,
            Mixed = a.Mixed + b.Mixed,
            ServerErrors = a.ServerErrors + b.ServerErrors,
        };

        public void Count(int version, bool consistent)
        {
            Mixed += consistent ? 0 : 1;
            Version1 += version == 1 ? 1 : 0;
            Version2 += version == 2 ? 1 : 0;
        }

        public override string ToString() => $"v1 {Version1}, v2 {Version2}, mixed {Mixed}, 5xx {ServerErrors}";
    }

    /// <summary>
    /// Orders of 50 customers over three days, appended straight into the log, in random time order or, for a bounded
    /// backfill, in time order; keeps the daily batch answer.
    /// </summary>
    private sealed class OrderGenerator(bool ordered = false)
    {
        private readonly Random _random = new(4242);
        private readonly Dictionary<(string Customer, long Day), (long Orders, decimal Total)> _daily = [];

        public async Task AppendAsync(string logDirectory, int count)
        {
            await using var log = EmbeddedLog.Open(new EmbeddedLogOptions { DataDirectory = logDirectory });
            await log.Admin.EnsureTopicAsync(new TopicSpec("orders", 4));
            using var producer = log.CreateProducer();
            var batch = new List<ProducerRecord>(10_000);
            for (var i = 0; i < count; i++)
            {
                var customer = $"c{_random.Next(50)}";
                var time = ordered ? Start + (i * (3 * 86_400_000L / count)) : Start + _random.NextInt64(3 * 86_400_000L);
                var amount = _random.Next(1, 100_000) / 100m;
                var day = time - (time % 86_400_000L);
                _daily.TryGetValue((customer, day), out var row);
                _daily[(customer, day)] = (row.Orders + 1, row.Total + amount);
                var json = $$"""{"customer":"{{customer}}","amount":{{amount.ToString(CultureInfo.InvariantCulture)}},"ts":{{time}}}""";
                batch.Add(new ProducerRecord(Encoding.UTF8.GetBytes(customer), Encoding.UTF8.GetBytes(json), time));
                if (batch.Count == batch.Capacity)
                {
                    await producer.AppendAsync("orders", batch.ToArray());
                    batch.Clear();
                }
            }

            await producer.AppendAsync("orders", batch.ToArray());
        }

        public IEnumerable<(long, long, decimal)> DailyTotals(string customer) =>
            _daily.Where(d => d.Key.Customer == customer).OrderBy(d => d.Key.Day).Select(d => (d.Key.Day, d.Value.Orders, d.Value.Total));
    }

    private static class ReplayExit
    {
        public const int GatesFailed = 3;
    }
}
