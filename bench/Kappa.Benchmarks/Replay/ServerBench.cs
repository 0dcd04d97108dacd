using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Kappa.Benchmarks.Processor;
using Kappa.Contracts;
using Kappa.Contracts.Lifecycle;
using Kappa.Log.Abstractions;
using Kappa.Log.Embedded;

namespace Kappa.Benchmarks.Replay;

/// <summary>
/// The <c>--replay</c> mode: measures what issue 4 promises of a real <c>kappa run</c> (the Release build, a child
/// process, its HTTP API): the rate at which a replay rebuilds a daily aggregate from the log (from the replay request
/// to the version being ready: processing, materialization and gates), the latency of point queries under a fixed
/// request rate (<see cref="PointQueryLoad"/>), and how long after an activation is sent the first query sees the new
/// version. Options: <c>--events --keys --rate --seconds</c>, <c>--warmup S</c> (queries for S seconds first, not
/// measured), <c>--queries-only</c> (no replay and no swap: the queries run against version 1). The server starts with
/// the runtime settings of <c>scripts/runtime.env</c>, as <c>./kappa</c> starts the CLI; environment variables
/// <c>SERVER_DOTNET_*</c> reach the server alone as <c>DOTNET_*</c>, over them, to compare runtime settings.
/// </summary>
internal static class ServerBench
{
    private const string Token = "bench";

    /// <summary>Keep-alive connections of the query load: enough that a few slow answers do not hold the others up.</summary>
    private const int Connections = 16;

    /// <summary>The replay benchmark's view: a daily count and sum per customer (the materializer benchmark's too).</summary>
    internal const string DailyYaml = """
        view: orders_daily
        source: orders
        time: { field: ts, max-disorder: 1h, grace: 1d }
        key: [customer]
        window: { tumbling: 1d }
        aggregates: { n: count(), total: sum(amount) }
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var events = Option(args, "--events", 10_000_000L);
        var keys = (int)Option(args, "--keys", 100_000L);
        var rate = (int)Option(args, "--rate", 5_000L);
        var seconds = (int)Option(args, "--seconds", 10L);
        var warmup = (int)Option(args, "--warmup", 0L);
        var replay = !args.Contains("--queries-only");
        var directory = Path.Combine(Path.GetTempPath(), "kappa-bench", Guid.NewGuid().ToString("N"));
        try
        {
            Console.WriteLine($"replay: {events:N0} events, {keys:N0} keys, 4 partitions; point queries at {rate:N0}/s for {seconds} s"
                + (warmup > 0 ? $" after {warmup} s not measured" : string.Empty) + (replay ? string.Empty : "; no replay"));
            await LoadAsync(Path.Combine(directory, "data", "log"), events, keys);
            var views = Path.Combine(directory, "views.yaml");
            await File.WriteAllTextAsync(views, DailyYaml);
            var url = new Uri($"http://127.0.0.1:{Kappa.TestKit.FreePort.Next()}");
            using var server = StartServer(Path.Combine(directory, "data"), views, url);
            try
            {
                using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromMinutes(10) };
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
                await WaitAsync(http, 1, v => v.Progress is { CaughtUp: true }, TimeSpan.FromMinutes(30));

                if (replay)
                {
                    var gc = await RuntimeGcAsync(http);
                    var clock = Stopwatch.StartNew();
                    var cpu = server.TotalProcessorTime;
                    using (var created = await http.PostAsJsonAsync("views/orders_daily/versions", new ReplayRequest(), KappaJson.Options))
                    {
                        created.EnsureSuccessStatusCode();
                    }

                    await WaitAsync(http, 2, v => v.State == VersionState.Ready, TimeSpan.FromMinutes(30));
                    var rebuild = clock.Elapsed;
                    cpu = server.TotalProcessorTime - cpu;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  replay rebuild: {events / rebuild.TotalSeconds:N0} events/s ({rebuild.TotalSeconds:F1} s from request to ready, gates included)"));

                    // CPU seconds, and per wall second: steadier than the rate on a shared machine.
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"    server CPU {cpu.TotalSeconds:F1} s, {cpu.TotalSeconds / rebuild.TotalSeconds:F2} of {Environment.ProcessorCount} cores on average"));

                    // Every thread of the server waits while the (workstation) collector works, on one core.
                    var (collections, paused) = await RuntimeGcAsync(http);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"    server GC {collections - gc.Collections} collections, paused {paused - gc.PausedSeconds:F2} s"));
                }

                if (warmup > 0)
                {
                    Console.WriteLine("  warm-up, not measured:");
                    await QueryLoadAsync(url, keys, rate, TimeSpan.FromSeconds(warmup), server);
                }

                await QueryLoadAsync(url, keys, rate, TimeSpan.FromSeconds(seconds), server);
                if (replay)
                {
                    await SwapVisibilityAsync(http, url);
                }
            }
            finally
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync();
            }

            return 0;
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    /// <summary>
    /// Open-loop load: requests start on a fixed schedule whatever the answers' latency, so queueing shows. Prints the
    /// percentiles over the run and per second, which tells a tail spread evenly (pauses) from one in a burst.
    /// </summary>
    private static async Task QueryLoadAsync(Uri url, int keys, int rate, TimeSpan duration, Process server)
    {
        server.Refresh();
        var serverCpu = server.TotalProcessorTime;
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var total = (int)(rate * duration.TotalSeconds);
        Console.WriteLine($"  querying: {total:N0} point queries at {rate:N0}/s over {Connections} connections");
        var result = await Task.Run(() => new PointQueryLoad(url, "orders_daily", keys, Connections).Run(rate, duration));
        var latencies = result.Latencies;
        var perSecond = latencies.Chunk(rate).Select(second => Percentile(second, 0.99).ToString("F1", CultureInfo.InvariantCulture)).ToList();
        Array.Sort(latencies);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  point queries: {total:N0} at {total / result.Elapsed.TotalSeconds:N0}/s achieved, p50 {latencies[total / 2]:F2} ms, p99 {latencies[(int)(total * 0.99)]:F2} ms, max {latencies[^1]:F2} ms, {result.Failures} not 200"));
        Console.WriteLine($"    p99 per second (ms): {string.Join(' ', perSecond)}");
        server.Refresh();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"    CPU per query: server {(server.TotalProcessorTime - serverCpu).TotalMicroseconds / total:F0} µs, this client {(Process.GetCurrentProcess().TotalProcessorTime - clientCpu).TotalMicroseconds / total:F0} µs"));
    }

    private static double Percentile(double[] values, double fraction)
    {
        var sorted = values.Order().ToArray();
        return sorted[(int)(sorted.Length * fraction)];
    }

    /// <summary>Activates version 2 and polls from another connection until a query reads it.</summary>
    private static async Task SwapVisibilityAsync(HttpClient admin, Uri url)
    {
        using var reader = new HttpClient { BaseAddress = url };
        var clock = Stopwatch.StartNew();
        var activation = admin.PostAsync("views/orders_daily/versions/2/activate", null);
        while (true)
        {
            using var response = await reader.GetAsync("views/orders_daily/keys/c1");
            if (response.Headers.TryGetValues("Kappa-View-Version", out var versions) && versions.Single() == "2")
            {
                break;
            }
        }

        var visible = clock.Elapsed;
        using var done = await activation;
        done.EnsureSuccessStatusCode();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  swap: the first query reading version 2 answered {visible.TotalMilliseconds:F1} ms after the activation was sent (admin call returned after {clock.Elapsed.TotalMilliseconds:F1} ms)"));
    }

    private static async Task WaitAsync(HttpClient http, int version, Func<VersionDetail, bool> done, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var lastShown = TimeSpan.Zero;
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(string.Create(CultureInfo.InvariantCulture, $"views/orders_daily/versions/{version}"));
                var detail = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<VersionDetail>(KappaJson.Options) : null;
                if (detail is not null && done(detail))
                {
                    return;
                }

                if (detail?.Progress is { } progress && clock.Elapsed - lastShown >= TimeSpan.FromSeconds(2))
                {
                    // Processed records against time show whether the tasks or the materializer set the pace.
                    lastShown = clock.Elapsed;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"    v{version} at {clock.Elapsed.TotalSeconds:F0} s: {progress.Done:N0} of {progress.Total:N0} processed, {detail.Rows:N0} rows materialized"));
                }
            }
            catch (HttpRequestException)
            {
                // The server is still starting.
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"version {version} did not get there in {timeout}");
            }

            await Task.Delay(50);
        }
    }

    private static async Task LoadAsync(string directory, long events, int keys)
    {
        await using var log = EmbeddedLog.Open(new EmbeddedLogOptions { DataDirectory = directory });
        await log.Admin.CreateTopicAsync(new TopicSpec("orders", 4));
        var options = ProcessorRunOptions.Parse([]) with { Events = events, Keys = keys, Span = TimeSpan.FromDays(7) };
        await ProcessorThroughput.AppendEventsAsync(log, "orders", options);
    }

    /// <summary>The server's collections so far, every generation, and their pause time: the runtime's metrics on /metrics.</summary>
    private static async Task<(long Collections, double PausedSeconds)> RuntimeGcAsync(HttpClient http)
    {
        var lines = (await http.GetStringAsync("metrics")).Split('\n');
        double Sum(string name) => lines
            .Where(line => line.StartsWith(name, StringComparison.Ordinal) && line.Length > name.Length && line[name.Length] is ' ' or '{')
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
        return ((long)Sum("dotnet_gc_collections_total"), Sum("dotnet_gc_pause_time_seconds_total"));
    }

    private static Process StartServer(string dataDirectory, string views, Uri url)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Kappa.sln")))
        {
            root = Path.GetDirectoryName(root.TrimEnd('/')) ?? throw new DirectoryNotFoundException("no Kappa.sln above the benchmark");
        }

        var dll = Path.Combine(root, "src", "Cli", "bin", "Release", "net10.0", "kappa.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { dll, "run", "--data-dir", dataDirectory, "--views", views, "--http", url.ToString(), "--admin-token", Token })
        {
            start.ArgumentList.Add(arg);
        }

        // The runtime settings ./kappa starts the CLI with, then the server's own (e.g. SERVER_DOTNET_gcServer=1, to
        // compare GC and thread-pool modes) over them.
        Kappa.TestKit.RuntimeEnv.ApplyTo(start.Environment, root);

        foreach (var (name, value) in Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>().Select(e => ((string)e.Key, (string?)e.Value)))
        {
            if (name.StartsWith("SERVER_DOTNET_", StringComparison.Ordinal))
            {
                start.Environment[name["SERVER_".Length..]] = value;
            }
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data?.Contains("orders_daily", StringComparison.Ordinal) == true) { Console.WriteLine($"  server: {e.Data}"); } };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine($"  server: {e.Data}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>The number after <paramref name="name"/> on the command line, or <paramref name="fallback"/>.</summary>
    internal static long Option(IReadOnlyList<string> args, string name, long fallback)
    {
        var at = args.ToList().IndexOf(name);
        return at >= 0 && at + 1 < args.Count ? long.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
