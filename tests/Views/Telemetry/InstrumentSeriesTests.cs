using System.Diagnostics.Metrics;
using System.Text;
using Kappa.Views.Telemetry;
using Xunit;

namespace Kappa.Views.Tests.Telemetry;

public sealed class InstrumentSeriesTests : IDisposable
{
    private readonly Meter _meter = new("test.series");

    [Fact]
    public void A_counter_is_summed_and_named_with_its_unit_and_total()
    {
        var series = new InstrumentSeries(_meter.CreateCounter<long>("kappa.query.time", unit: "s", description: "Query time."));
        series.Record(2, [new("view", "a\"b\\c")]);
        series.Record(3, [new("view", "a\"b\\c")]);

        Assert.Equal(
            "# HELP kappa_query_time_seconds_total Query time.\n# TYPE kappa_query_time_seconds_total counter\nkappa_query_time_seconds_total{view=\"a\\\"b\\\\c\"} 5\n",
            Write(series));
    }

    [Fact]
    public void An_observable_gauge_keeps_the_last_value_and_clearing_drops_its_series()
    {
        var series = new InstrumentSeries(_meter.CreateObservableGauge("kafka.consumer_group.lag", () => 0L));
        series.Record(7, [new("group", "g"), new("topic", "t")]);
        series.Record(4, [new("topic", "t"), new("group", "g")]);

        Assert.Equal("# TYPE kafka_consumer_group_lag gauge\nkafka_consumer_group_lag{group=\"g\",topic=\"t\"} 4\n", Write(series));
        series.Clear();
        Assert.Equal(string.Empty, Write(series));
    }

    [Fact]
    public void A_histogram_has_cumulative_buckets_sum_and_count()
    {
        var series = new InstrumentSeries(_meter.CreateHistogram<double>("http.server.request.duration", unit: "s"));
        series.Record(0.004, []);
        series.Record(0.2, []);
        series.Record(30, []);

        var text = Write(series);

        Assert.Contains("http_server_request_duration_seconds_bucket{le=\"0.005\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds_bucket{le=\"0.25\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds_bucket{le=\"10\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds_bucket{le=\"+Inf\"} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds_sum 30.204\n", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds_count 3\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Recording_a_tag_list_seen_before_allocates_nothing()
    {
        // ASP.NET Core records a request duration per request: the hot path must not render labels each time.
        var series = new InstrumentSeries(_meter.CreateHistogram<double>("http.server.request.duration", unit: "s"));
        KeyValuePair<string, object?>[] tags = [new("http.route", "/views/{view}/keys/{key}"), new("http.response.status_code", 200)];
        KeyValuePair<string, object?>[] same = [new("http.route", "/views/{view}/keys/{key}"), new("http.response.status_code", 200)];
        series.Record(0.001, tags);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            series.Record(0.001, same);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Contains("http_server_request_duration_seconds_count{http_response_status_code=\"200\",http_route=\"/views/{view}/keys/{key}\"} 1001\n", Write(series), StringComparison.Ordinal);
    }

    [Fact]
    public void Tag_lists_in_another_order_add_to_one_point_and_equal_numbers_that_print_apart_stay_apart()
    {
        var series = new InstrumentSeries(_meter.CreateCounter<long>("kappa.records"));
        series.Record(1, [new("view", "v"), new("partition", 0)]);
        series.Record(2, [new("partition", 0), new("view", "v")]);
        series.Record(4, [new("partition", 0), new("view", "v")]);
        series.Record(8, [new("view", "v"), new("share", 0.0)]);
        series.Record(16, [new("view", "v"), new("share", -0.0)]);

        Assert.Equal(
            "# TYPE kappa_records_total counter\n"
            + "kappa_records_total{partition=\"0\",view=\"v\"} 7\n"
            + "kappa_records_total{share=\"-0\",view=\"v\"} 16\n"
            + "kappa_records_total{share=\"0\",view=\"v\"} 8\n",
            Write(series));
    }

    [Fact]
    public void A_snapshot_keeps_the_values_it_copied_while_the_series_moves_on()
    {
        // A scrape formats its snapshots after letting go of the exporter's lock, while measurements go on recording.
        var series = new InstrumentSeries(_meter.CreateHistogram<double>("http.server.request.duration", unit: "s"));
        series.Record(0.004, []);
        var snapshot = series.Snapshot();

        series.Record(0.004, []);
        series.Record(0.2, [new("http.route", "/views")]);
        series.Clear();
        series.Record(30, []);

        var text = new StringBuilder();
        snapshot.WriteTo(text);
        Assert.Equal(
            "# TYPE http_server_request_duration_seconds histogram\n"
            + string.Concat(new[] { "0.005", "0.01", "0.025", "0.05", "0.075", "0.1", "0.25", "0.5", "0.75", "1", "2.5", "5", "7.5", "10", "+Inf" }
                .Select(le => $"http_server_request_duration_seconds_bucket{{le=\"{le}\"}} 1\n"))
            + "http_server_request_duration_seconds_sum 0.004\n"
            + "http_server_request_duration_seconds_count 1\n",
            text.ToString());
    }

    public void Dispose() => _meter.Dispose();

    private static string Write(InstrumentSeries series)
    {
        var text = new StringBuilder();
        series.Snapshot().WriteTo(text);
        return text.ToString();
    }
}
