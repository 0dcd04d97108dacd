using System.Globalization;
using Kappa.Processor.Pipeline;
using Kappa.Processor.Tests.Aggregates;
using Kappa.Processor.Windows;
using Xunit;

namespace Kappa.Processor.Tests.Pipeline;

/// <summary>The fluent C# API runs on the same pipeline as YAML, with what YAML cannot say.</summary>
[Trait("Category", "Integration")]
public sealed class ViewBuilderTests
{
    [Fact]
    public async Task A_csharp_view_with_a_predicate_a_custom_assigner_and_a_custom_aggregate_runs_on_the_pipeline()
    {
        var view = ViewBuilder.Create("business_hours_visits")
            .From("visits")
            .EventTime("ts", maxDisorder: TimeSpan.FromDays(1))
            .Where("kind == 'view'")
            .Where(["page"], f => !f[0].ToString().StartsWith("/admin", StringComparison.Ordinal), "page not under /admin")
            .GroupBy("user")
            .Window(WindowAssigners.BusinessHours("Europe/Berlin"))
            .Aggregate("visits", "count")
            .Aggregate(new DistinctPagesInOrder("pages", "page"))
            .Build();
        await using var harness = await PipelineHarness.StartAsync(view, partitions: 2);
        await harness.AppendAsync([
            (0, null, """{"user":"u1","kind":"view","page":"/a","ts":"2026-06-01T07:30:00Z"}""", 0),
            (1, null, """{"user":"u1","kind":"view","page":"/b","ts":"2026-06-01T08:00:00Z"}""", 0),
            (0, null, """{"user":"u1","kind":"view","page":"/a","ts":"2026-06-01T09:00:00Z"}""", 0),
            (1, null, """{"user":"u1","kind":"click","page":"/c","ts":"2026-06-01T09:00:00Z"}""", 0),
            (0, null, """{"user":"u1","kind":"view","page":"/admin/x","ts":"2026-06-01T09:00:00Z"}""", 0),
            (1, null, """{"user":"u1","kind":"view","page":"/night","ts":"2026-06-01T20:00:00Z"}""", 0),
        ]);

        var counters = await harness.RunUntilCaughtUpAsync();
        var row = Assert.Single(await harness.ReadViewAsync());

        // 09:00-17:00 Berlin summer time is 07:00-15:00 UTC; /night falls outside business hours.
        Assert.Equal(("u1", DateTimeOffset.Parse("2026-06-01T07:00:00Z", CultureInfo.InvariantCulture)), row.Key);
        Assert.Equal("""{"visits":3,"pages":["/a","/b"]}""", row.Value);
        Assert.Equal(new TaskCounters(6, 3, 3, 0, 0), counters);
        Assert.Contains("filter: (kind == 'view') && (page not under /admin)", view.Describe());
    }

    [Fact]
    public async Task A_csharp_session_view_runs_on_the_pipeline_like_its_yaml_form()
    {
        var view = ViewBuilder.Create("visits")
            .From("clicks")
            .EventTime("ts", maxDisorder: TimeSpan.FromHours(1))
            .GroupBy("user")
            .Window(WindowAssigners.Session(TimeSpan.FromMinutes(30)))
            .Aggregate("clicks", "count")
            .Build();
        await using var harness = await PipelineHarness.StartAsync(view, partitions: 2);
        await harness.AppendAsync([
            (0, null, """{"user":"u1","ts":"2026-06-01T07:30:00Z"}""", 0),
            (1, null, """{"user":"u1","ts":"2026-06-01T08:00:00Z"}""", 0),
            (0, null, """{"user":"u1","ts":"2026-06-01T09:00:00Z"}""", 0),
        ]);

        await harness.RunUntilCaughtUpAsync();
        var rows = await harness.ReadWindowsAsync();

        Assert.Equal(2, rows.Count);
        Assert.Equal("""{"clicks":2}""", rows[("u1", DateTimeOffset.Parse("2026-06-01T07:30:00Z", CultureInfo.InvariantCulture), DateTimeOffset.Parse("2026-06-01T08:30:00Z", CultureInfo.InvariantCulture))]);
        Assert.Contains("window: session(gap=30m)", view.Describe());
    }

    [Fact]
    public void A_sliding_view_that_emits_on_close_is_refused_at_start_with_its_location_and_why()
    {
        var error = Assert.Throws<Contracts.Definitions.ViewDefinitionException>(() => ViewCompiler.Compile(Contracts.Definitions.ViewDefinitionLoader.Parse("""
            view: recent
            source: clicks
            window: { sliding: 10m }
            aggregates: { n: count() }
            emit: on-close
            """, "recent.yaml")));

        Assert.Contains("recent.yaml:3:", error.Message);
        Assert.Contains("view 'recent': sliding windows cannot emit on-close", error.Message);
        Assert.Contains("no task can know when a sliding window is final", error.Message);
    }

    [Fact]
    public void A_sliding_view_that_emits_on_update_compiles_to_millisecond_buckets_closed_d_after_their_end()
    {
        var view = ViewCompiler.Compile(Contracts.Definitions.ViewDefinitionLoader.Parse("""
            view: recent
            source: clicks
            time: { grace: 1m }
            window: { sliding: 10m }
            aggregates: { n: count() }
            """, "recent.yaml"))[0];

        Assert.Equal(600_000, view.Sliding!.TimeDifferenceMs);
        Assert.Equal("tumbling(size=1ms)", view.Windows!.Description);
        Assert.Equal(60_000 + 600_000, view.CloseAfterMs);
        Assert.Contains("window: sliding(timeDifference=10m)", view.Describe());
    }

    [Fact]
    public void The_builder_chooses_sliding_windows_and_refuses_them_on_close()
    {
        var builder = ViewBuilder.Create("recent").From("clicks").Window(WindowAssigners.Sliding(TimeSpan.FromMinutes(5))).Aggregate("n", "count");

        Assert.Equal(300_000, builder.Build().Sliding!.TimeDifferenceMs);
        var error = Assert.Throws<InvalidOperationException>(() => builder.EmitOnClose().Build());
        Assert.Contains("sliding windows cannot emit on-close", error.Message);
    }

    [Fact]
    public void A_view_without_source_windows_or_aggregates_names_what_is_missing()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ViewBuilder.Create("v").Build());

        Assert.Equal("view 'v' needs a source (From), windows (Window), at least one aggregate (Aggregate)", error.Message);
    }
}
