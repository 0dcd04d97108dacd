using FsCheck;
using FsCheck.Fluent;
using Kappa.Contracts.Lifecycle;
using Kappa.Processor.Lifecycle;
using Xunit;

namespace Kappa.Processor.Tests.Lifecycle;

public sealed class LifecycleStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_first_version_is_active_while_it_builds_and_a_replay_swaps_in_once_ready()
    {
        var state = Fold(
            Created(1),
            Activated(1),
            Created(2),
            Activated(2));

        // Version 2 was still building: activating it while version 1 is active is refused.
        Assert.Equal(1, state.ActiveVersion("v"));
        Assert.Equal(VersionState.Building, state.Find("v", 2)!.State);

        state = Fold(state, Readied(2, passed: true), Activated(2));
        Assert.Equal(2, state.ActiveVersion("v"));
        Assert.Equal(VersionState.Retired, state.Find("v", 1)!.State);
        Assert.Equal(VersionState.Active, state.Find("v", 2)!.State);
        Assert.True(state.Find("v", 2)!.Gates!.Passed);
    }

    [Fact]
    public void Rollback_reactivates_a_retired_version_and_retires_the_active_one()
    {
        var state = Fold(Created(1), Activated(1), Created(2), Readied(2, passed: false), Activated(2), Activated(1));

        Assert.Equal(1, state.ActiveVersion("v"));
        Assert.Equal(VersionState.Retired, state.Find("v", 2)!.State);
        Assert.False(state.Find("v", 2)!.Gates!.Passed);
    }

    [Fact]
    public void The_active_version_cannot_be_dropped_and_a_dropped_one_cannot_come_back()
    {
        var state = Fold(Created(1), Activated(1), Drop(1));
        Assert.Equal(VersionState.Active, state.Find("v", 1)!.State);

        state = Fold(state, Created(2), Readied(2, true), Activated(2), Drop(1), Activated(1), Readied(1, true));
        Assert.Equal(VersionState.Dropped, state.Find("v", 1)!.State);
        Assert.Equal(2, state.ActiveVersion("v"));
    }

    [Fact]
    public void A_version_number_is_created_once_and_the_first_writer_wins()
    {
        var state = LifecycleState.Empty
            .Apply(Created(1) with { RequestId = "first" }, 0, out var first)
            .Apply(Created(1) with { RequestId = "second" }, 1, out var second);

        Assert.Null(first);
        Assert.NotNull(second);
        Assert.Equal("first", state.Find("v", 1)!.RequestId);
        Assert.Equal(2, state.NextOffset);
    }

    [Fact]
    public void Created_versions_keep_their_plan()
    {
        var state = Fold(Created(1) with { StartOffsets = [5, 7], EndOffsets = [9, 7], Activation = "auto" });
        var version = state.Find("v", 1)!;

        Assert.Equal(5, version.StartOffset(0));
        Assert.Equal(7, version.StartOffset(1));
        Assert.Equal(0, version.StartOffset(2));
        Assert.Equal(9, version.EndOffset(0));
        Assert.Equal("auto", version.Activation);
        Assert.True(version.Runs);
    }

    /// <summary>
    /// Whatever events arrive, in whatever order: at most one version is active, it is the one the view names, and
    /// folding the same events again gives the same states (servers agree).
    /// </summary>
    [Fact]
    public void Any_event_sequence_keeps_exactly_one_active_version_and_folds_deterministically()
    {
        var types = new[] { ControlEvent.Created, ControlEvent.Readied, ControlEvent.Activated, ControlEvent.Dropped };
        var events = Gen.ListOf(Gen.Zip(Gen.Elements(types), Gen.Choose(1, 4)).Select(p => new ControlEvent(p.Item1, "v", p.Item2, T0)));
        Prop.ForAll(Arb.From(events), list =>
        {
            var state = Fold([.. list]);
            var again = Fold([.. list]);
            var active = state.AllVersions.Where(v => v.State == VersionState.Active).ToList();
            Assert.True(active.Count <= 1);
            Assert.Equal(active.SingleOrDefault()?.Version, state.ActiveVersion("v"));
            Assert.Equal(
                state.AllVersions.Select(v => (v.Version, v.State)),
                again.AllVersions.Select(v => (v.Version, v.State)));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    private static LifecycleState Fold(params ControlEvent[] events) => Fold(LifecycleState.Empty, events);

    private static LifecycleState Fold(LifecycleState state, params ControlEvent[] events)
    {
        foreach (var e in events)
        {
            state = state.Apply(e, state.NextOffset, out _);
        }

        return state;
    }

    private static ControlEvent Created(int version) => new(ControlEvent.Created, "v", version, T0, RequestId: "r", Definition: "yaml");

    private static ControlEvent Readied(int version, bool passed) => new(ControlEvent.Readied, "v", version, T0, Gates: new GateReport(passed, 1, []));

    private static ControlEvent Activated(int version) => new(ControlEvent.Activated, "v", version, T0);

    private static ControlEvent Drop(int version) => new(ControlEvent.Dropped, "v", version, T0);
}
