using System.Text;
using Kappa.Contracts.Lifecycle;
using Kappa.Log.Abstractions;
using Kappa.Processor.Hosting;
using Kappa.Processor.Lifecycle;
using Kappa.Processor.Pipeline;
using Kappa.Views.Tests.Http;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Kappa.Views.Tests.Hosting;

/// <summary>
/// What a version leaves behind as it stops: nothing while it is retired (a rollback resumes from it), everything
/// once it is dropped, with the processor and the views in one process as <c>kappa run</c> has them.
/// </summary>
public sealed class VersionCleanupTests : IAsyncLifetime
{
    private const string View = "events_per_key_hourly";
    private static readonly long Now = DateTimeOffset.Parse("2026-11-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
    private ApiFixture _api = null!;

    private ILog Log => _api.App.Services.GetRequiredService<ILog>();

    public async Task InitializeAsync() => _api = await ApiFixture.StartAsync(processor: true);

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task A_retired_version_keeps_its_group_and_state_and_a_drop_deletes_them_with_its_bookmarks_and_progress()
    {
        // Two events and one late by more than the grace (a week), so the task's rejection ledger has bookmarks.
        using (var producer = Log.CreateProducer())
        {
            await producer.AppendAsync("events", new[]
            {
                new ProducerRecord(Encoding.UTF8.GetBytes("a"), "{}"u8.ToArray(), Now, 0),
                new ProducerRecord(Encoding.UTF8.GetBytes("b"), "{}"u8.ToArray(), Now + 1, 0),
                new ProducerRecord(Encoding.UTF8.GetBytes("c"), "{}"u8.ToArray(), Now - TimeSpan.FromDays(9).Ticks / TimeSpan.TicksPerMillisecond, 0),
            });
        }

        var tasks = CompiledView.TaskGroupOf(View, 1);
        var bookmarks = GroupNames.BookmarkPrefix + "events_per_key_hourly.v1[0]";
        await WaitUntilAsync(async () => await CommittedAsync(tasks) == 3);
        Assert.Contains(bookmarks, await Log.Admin.ListConsumerGroupsAsync());

        // This server's materializer commits to a group named for its store.
        var instance = _api.App.Services.GetRequiredService<Kappa.Views.Store.ViewStore>().InstanceId;
        var materializer = Kappa.Views.Materialization.ViewMaterializer.GroupId(View, 1, instance);
        Assert.Equal($"_kappa.materializer.{View}.v1.{instance}", materializer);
        await WaitUntilAsync(async () => (await Log.Admin.ListConsumerGroupsAsync()).Contains(materializer));

        // Another server's materializer of the same version, as it shows on a shared log.
        var elsewhere = Kappa.Views.Materialization.ViewMaterializer.GroupId(View, 1, "elsewhere");
        using (var other = Log.CreateConsumer(elsewhere))
        {
            await other.CommitAsync([new TopicPartitionOffset(CompiledView.ChangelogTopicOf(View, 1), 0, 1)], CancellationToken.None);
        }

        var running = new Kappa.Views.Lag.RunningVersionsGroupSource(new Kappa.Log.Lag.AdminConsumerGroupSource(Log.Admin), _api.App.Services.GetRequiredService<ViewLifecycle>());
        Assert.Contains(elsewhere, await running.ListGroupsAsync(CancellationToken.None));

        var control = _api.App.Services.GetRequiredService<ControlWriter>();
        var lifecycle = _api.App.Services.GetRequiredService<ViewLifecycle>();
        var definition = lifecycle.Current.Find(View, 1)!.Definition;
        await control.AppendAsync(new ControlEvent(ControlEvent.Created, View, 2, DateTimeOffset.UnixEpoch, RequestId: "test", Definition: definition), CancellationToken.None);
        await control.AppendAsync(new ControlEvent(ControlEvent.Readied, View, 2, DateTimeOffset.UnixEpoch, Gates: new GateReport(true, 1, [])), CancellationToken.None);
        await control.AppendAsync(new ControlEvent(ControlEvent.Activated, View, 2, DateTimeOffset.UnixEpoch), CancellationToken.None);
        await WaitUntilAsync(async () => await CommittedAsync(CompiledView.TaskGroupOf(View, 2)) == 3);

        // Retired: the group's offsets and the state stay for a rollback; lag leaves out every server's materializer.
        Assert.Equal(3, await CommittedAsync(tasks));
        Assert.DoesNotContain(elsewhere, await running.ListGroupsAsync(CancellationToken.None));
        Assert.Contains(bookmarks, await Log.Admin.ListConsumerGroupsAsync());
        Assert.NotNull(await Log.Admin.DescribeTopicAsync(CompiledView.ChangelogTopicOf(View, 1)));

        await control.AppendAsync(new ControlEvent(ControlEvent.Dropped, View, 1, DateTimeOffset.UnixEpoch), CancellationToken.None);
        await WaitUntilAsync(async () => await Log.Admin.DescribeTopicAsync(CompiledView.ChangelogTopicOf(View, 1)) is null);

        var groups = await Log.Admin.ListConsumerGroupsAsync();
        Assert.DoesNotContain(tasks, groups);
        Assert.DoesNotContain(bookmarks, groups);
        Assert.Contains(CompiledView.TaskGroupOf(View, 2), groups);
        Assert.DoesNotContain(materializer, groups);
        var progress = await ReadProgressAsync();
        Assert.Null(progress["events_per_key_hourly.v1[0]"]);
        Assert.NotNull(progress["events_per_key_hourly.v2[0]"]);
    }

    private async Task<long?> CommittedAsync(string group)
    {
        using var consumer = Log.CreateConsumer(group);
        return await consumer.CommittedAsync(new TopicPartition("events", 0), CancellationToken.None);
    }

    /// <summary>The last value of every key of the progress topic (null for a tombstone).</summary>
    private async Task<Dictionary<string, byte[]?>> ReadProgressAsync()
    {
        using var consumer = Log.CreateConsumer("_kappa.test.progress");
        consumer.Assign([new TopicPartitionOffset(ProgressTopic.Name, 0, LogOffset.Beginning)]);
        var end = consumer.GetWatermarks(new TopicPartition(ProgressTopic.Name, 0)).High;
        var last = new Dictionary<string, byte[]?>(StringComparer.Ordinal);
        for (var next = 0L; next < end;)
        {
            var batch = await consumer.PollAsync(1000, TimeSpan.FromSeconds(1), CancellationToken.None);
            foreach (var record in batch.Records)
            {
                last[Encoding.UTF8.GetString(record.Key!.Value.Span)] = record.Value?.ToArray();
                next = record.Offset + 1;
            }
        }

        return last;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition never held");
            await Task.Delay(50);
        }
    }
}
