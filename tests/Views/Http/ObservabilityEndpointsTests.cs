using System.Net;
using System.Net.Http.Json;
using System.Text;
using Kappa.Contracts;
using Kappa.Contracts.Lifecycle;
using Kappa.Log.Abstractions;
using Kappa.Log.Lag;
using Kappa.Processor.Lifecycle;
using Kappa.Processor.Pipeline;
using Kappa.Views.Store;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Kappa.Views.Tests.Http;

/// <summary><c>/lag</c>, <c>/metrics</c>, <c>/health/*</c> and the dashboard over a real embedded log.</summary>
public sealed class ObservabilityEndpointsTests : IAsyncLifetime
{
    private const string Topic = "clicks";
    private const string Group = "reporting";
    private ApiFixture _api = null!;

    private ILog Log => _api.App.Services.GetRequiredService<ILog>();

    public async Task InitializeAsync() => _api = await ApiFixture.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task A_group_shows_in_lag_and_metrics_and_disappears_from_both_once_deleted()
    {
        await ProduceAsync(50, DateTimeOffset.UtcNow);
        await CommitAsync(Group, 20);

        var report = await WaitForLagAsync(r => r.Groups.Any(g => g.Group == Group));
        var group = Assert.Single(report.Groups, g => g.Group == Group);
        Assert.Equal(30, group.LagRecords);
        var partition = Assert.Single(group.Partitions);
        Assert.Equal((Topic, 0, 50L, 20L, 30L), (partition.Topic, partition.Partition, partition.LogEndOffset, partition.CommittedOffset, partition.LagRecords));
        var metrics = await _api.Client.GetStringAsync("/metrics");
        Assert.Contains("kafka_consumer_group_lag{group=\"reporting\",partition=\"0\",topic=\"clicks\"} 30\n", metrics, StringComparison.Ordinal);
        Assert.Contains("kafka_consumer_group_lag_sum{group=\"reporting\",topic=\"clicks\"} 30\n", metrics, StringComparison.Ordinal);
        Assert.Contains("kappa_consumer_group_lag_seconds{group=\"reporting\"", metrics, StringComparison.Ordinal);

        await Log.Admin.DeleteConsumerGroupAsync(Group);

        await WaitForLagAsync(r => r.Groups.All(g => g.Group != Group));
        Assert.DoesNotContain("group=\"reporting\"", await _api.Client.GetStringAsync("/metrics"), StringComparison.Ordinal);
        using var filtered = await _api.Client.GetAsync($"/lag?group={Group}");
        Assert.Equal(HttpStatusCode.NotFound, filtered.StatusCode);
        Assert.Equal("application/problem+json", filtered.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Lag_filters_by_group()
    {
        await ProduceAsync(10, DateTimeOffset.UtcNow);
        await CommitAsync(Group, 4);
        await CommitAsync("other", 10);
        await WaitForLagAsync(r => r.Groups.Count == 2);

        var report = await _api.Client.GetFromJsonAsync<LagReport>($"/lag?group={Group}", KappaJson.Options);

        Assert.Equal([Group], report!.Groups.Select(g => g.Group));
        Assert.Equal(6, report.LagRecords);
    }

    [Fact]
    public async Task A_retired_versions_groups_keep_their_offsets_but_leave_the_lag_report()
    {
        // A retired version's task group is kept for a rollback, yet nothing consumes for it.
        const string View = "events_per_key_hourly";
        var tasks = CompiledView.TaskGroupOf(View, 1);
        await ProduceAsync(10, DateTimeOffset.UtcNow);
        await CommitAsync(tasks, 4);
        await WaitForLagAsync(r => r.Groups.Any(g => g.Group == tasks));

        var control = _api.App.Services.GetRequiredService<ControlWriter>();
        var definition = _api.App.Services.GetRequiredService<ViewLifecycle>().Current.Find(View, 1)!.Definition;
        await control.AppendAsync(new ControlEvent(ControlEvent.Created, View, 2, DateTimeOffset.UnixEpoch, RequestId: "test", Definition: definition), CancellationToken.None);
        await control.AppendAsync(new ControlEvent(ControlEvent.Readied, View, 2, DateTimeOffset.UnixEpoch, Gates: new GateReport(true, 1, [])), CancellationToken.None);
        await control.AppendAsync(new ControlEvent(ControlEvent.Activated, View, 2, DateTimeOffset.UnixEpoch), CancellationToken.None);

        await WaitForLagAsync(r => r.Groups.All(g => g.Group != tasks));
        Assert.Contains(tasks, await Log.Admin.ListConsumerGroupsAsync());

        await control.AppendAsync(new ControlEvent(ControlEvent.Activated, View, 1, DateTimeOffset.UnixEpoch), CancellationToken.None);
        var back = await WaitForLagAsync(r => r.Groups.Any(g => g.Group == tasks));
        Assert.Equal(6, back.Groups.Single(g => g.Group == tasks).LagRecords);
    }

    [Fact]
    public async Task Metrics_are_prometheus_text_with_request_latency()
    {
        await _api.Client.GetStringAsync("/views");

        using var response = await _api.Client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram\n", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds_bucket{", text, StringComparison.Ordinal);
        Assert.Contains("le=\"+Inf\"}", text, StringComparison.Ordinal);
        Assert.Contains("kappa_view_rows{version=\"1\",view=\"events_per_key_hourly\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE kappa_view_store_block_cache_usage_bytes gauge\n", text, StringComparison.Ordinal);
        Assert.InRange(Value(text, "kappa_view_store_block_cache_usage_bytes "), 0, ViewStore.DefaultBlockCacheBytes);
        Assert.DoesNotContain("NaN", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_show_the_runtimes_collections_their_pauses_and_cpu_time()
    {
        GC.Collect();
        var text = await _api.Client.GetStringAsync("/metrics");

        Assert.Contains("# TYPE dotnet_gc_collections_total counter\n", text, StringComparison.Ordinal);
        var gen2 = Value(text, "dotnet_gc_collections_total{gc_heap_generation=\"gen2\"} ");
        Assert.True(gen2 >= 1, $"gen2 collections: {gen2}");
        Assert.True(Value(text, "dotnet_gc_pause_time_seconds_total ") > 0);
        Assert.True(Value(text, "dotnet_process_cpu_time_seconds_total{cpu_mode=\"user\"} ") > 0);

        // The one runtime instrument recorded where an exception is thrown is left out (see PrometheusExporter).
        Assert.DoesNotContain("dotnet_exceptions", text, StringComparison.Ordinal);

        // Counters only grow: a second scrape after another collection counts it.
        GC.Collect();
        Assert.True(Value(await _api.Client.GetStringAsync("/metrics"), "dotnet_gc_collections_total{gc_heap_generation=\"gen2\"} ") > gen2);
    }

    [Fact]
    public async Task Live_is_always_up_and_ready_follows_the_lag_threshold()
    {
        using (var live = await _api.Client.GetAsync("/health/live"))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }

        await WaitForLagAsync(_ => true);
        using (var ready = await _api.Client.GetAsync("/health/ready"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        // Records an hour old, not consumed: the group lags by an hour, over the 300 s default threshold.
        await ProduceAsync(5, DateTimeOffset.UtcNow.AddHours(-1));
        await CommitAsync(Group, 0);
        await WaitForLagAsync(r => r.Groups.Any(g => g.Group == Group));
        using (var notReady = await _api.Client.GetAsync("/health/ready"))
        {
            var body = await notReady.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
            Assert.Contains("\"name\":\"lag\",\"status\":\"Unhealthy\"", body, StringComparison.Ordinal);
            Assert.Contains(Group, body, StringComparison.Ordinal);
        }

        using (var live = await _api.Client.GetAsync("/health/live"))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }

        await CommitAsync(Group, 5);
        await WaitForLagAsync(r => r.Groups.Single(g => g.Group == Group).LagRecords == 0);
        using var readyAgain = await _api.Client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, readyAgain.StatusCode);
    }

    [Fact]
    public async Task Ready_waits_for_every_part_that_restores_state()
    {
        var restore = _api.App.Services.GetRequiredService<Kappa.Views.Health.StateRestoreReadiness>();
        await WaitForLagAsync(_ => true);
        restore.Restoring("processor");

        using (var restoring = await _api.Client.GetAsync("/health/ready"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, restoring.StatusCode);
            Assert.Contains("restoring state: processor", await restoring.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        restore.Restored("processor");
        using var ready = await _api.Client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task The_dashboard_is_one_html_page_that_reads_views_and_lag()
    {
        using var response = await _api.Client.GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("fetch(\"views\")", html, StringComparison.Ordinal);
        Assert.Contains("fetch(\"lag\")", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script src", html, StringComparison.Ordinal);
    }

    /// <summary>The value of the series whose line starts with <paramref name="series"/> (name, labels and a space).</summary>
    private static double Value(string metrics, string series)
    {
        var line = metrics.Split('\n').SingleOrDefault(l => l.StartsWith(series, StringComparison.Ordinal));
        Assert.True(line is not null, $"no series {series.Trim()} in:\n{metrics}");
        return double.Parse(line[series.Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<LagReport> WaitForLagAsync(Func<LagReport, bool> done)
    {
        var monitor = _api.App.Services.GetRequiredService<LagMonitor>();
        var after = monitor.Current.At;
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            // Only a sample taken after the change counts.
            if (monitor.Current.At > after)
            {
                var report = await _api.Client.GetFromJsonAsync<LagReport>("/lag", KappaJson.Options);
                if (report is not null && report.At > after && done(report))
                {
                    return report;
                }
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("the lag report never reached the expected state");
    }

    private async Task ProduceAsync(int count, DateTimeOffset timestamp)
    {
        await Log.Admin.EnsureTopicAsync(new TopicSpec(Topic, 1));
        using var producer = Log.CreateProducer();
        var records = Enumerable.Range(0, count)
            .Select(i => new ProducerRecord(null, Encoding.UTF8.GetBytes($"{{\"n\":{i}}}"), timestamp.ToUnixTimeMilliseconds(), 0))
            .ToArray();
        await producer.AppendAsync(Topic, records);
    }

    private async Task CommitAsync(string group, long offset)
    {
        using var consumer = Log.CreateConsumer(group);
        await consumer.CommitAsync([new TopicPartitionOffset(Topic, 0, offset)]);
    }
}
