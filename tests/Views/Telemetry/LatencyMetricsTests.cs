using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kappa.Contracts;
using Kappa.Contracts.Topics;
using Kappa.Log.Abstractions;
using Kappa.Views.Tests.Http;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Kappa.Views.Tests.Telemetry;

/// <summary>
/// The latency histograms and size gauges in <c>/metrics</c>, with the processor running: records produced over HTTP are
/// processed (processing latency, task state and cache sizes), materialized (end-to-end latency) and queried (query latency).
/// </summary>
[Trait("Category", "Integration")]
public sealed class LatencyMetricsTests
{
    private const string Series = "{version=\"1\",view=\"events_per_key_hourly\"}";

    [Fact]
    public async Task Processing_end_to_end_and_query_latency_and_task_state_and_cache_sizes_are_measured_per_view()
    {
        await using var api = await ApiFixture.StartAsync(processor: true);
        await api.App.Services.GetRequiredService<ILog>().Admin.EnsureTopicAsync(new TopicSpec("events", 1));
        var value = JsonSerializer.SerializeToElement(new { n = 1 });
        var request = new ProduceRequest([new ProduceRecord("a", value), new ProduceRecord("b", value), new ProduceRecord("a", value)]);
        using (var produced = await api.Client.PostAsJsonAsync("/topics/events/records", request, KappaJson.Options))
        {
            produced.EnsureSuccessStatusCode();
        }

        var metrics = await WaitForAsync(api, text => text.Contains("kappa_end_to_end_latency_seconds_count" + Series, StringComparison.Ordinal));
        await api.Client.GetStringAsync("/views/events_per_key_hourly/rows");
        await api.Client.GetStringAsync("/views/events_per_key_hourly/keys/a");
        metrics = await WaitForAsync(api, text => text.Contains("kappa_query_latency_seconds_count{query=\"key\"", StringComparison.Ordinal));

        Assert.True(Value(metrics, "kappa_processing_latency_seconds_count" + Series) >= 1);
        Assert.True(Value(metrics, "kappa_end_to_end_latency_seconds_count" + Series) >= 1);
        Assert.Contains("kappa_processing_latency_seconds_bucket{version=\"1\",view=\"events_per_key_hourly\",le=\"0.001\"}", metrics, StringComparison.Ordinal);
        Assert.Equal(1, Value(metrics, "kappa_query_latency_seconds_count{query=\"rows\",view=\"events_per_key_hourly\"}"));
        Assert.Equal(1, Value(metrics, "kappa_query_latency_seconds_count{query=\"key\",view=\"events_per_key_hourly\"}"));
        Assert.Equal(2, Value(metrics, "kappa_task_cache_rows" + Series));
        Assert.True(Value(metrics, "kappa_task_state_size_bytes" + Series) > 0);
    }

    [Fact]
    public async Task A_query_of_an_unknown_view_is_no_series()
    {
        await using var api = await ApiFixture.StartAsync();
        using var missing = await api.Client.GetAsync("/views/nope/rows");

        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
        Assert.DoesNotContain("nope", await api.Client.GetStringAsync("/metrics"), StringComparison.Ordinal);
    }

    private static double Value(string metrics, string series)
    {
        var match = Regex.Match(metrics, "^" + Regex.Escape(series) + " (\\S+)$", RegexOptions.Multiline);
        Assert.True(match.Success, $"no series {series}");
        return double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<string> WaitForAsync(ApiFixture api, Func<string, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string text;
        do
        {
            text = await api.Client.GetStringAsync("/metrics");
            if (done(text))
            {
                return text;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        throw new TimeoutException($"/metrics never showed what was expected:\n{text}");
    }
}
