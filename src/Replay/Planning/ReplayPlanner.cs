using Kappa.Contracts;
using Kappa.Contracts.Definitions;
using Kappa.Contracts.Lifecycle;
using Kappa.Log.Abstractions;
using Kappa.Processor.Lifecycle;
using Kappa.Processor.Pipeline;

namespace Kappa.Replay.Planning;

/// <summary>
/// Turns a replay request into a new view version: checks the definition compiles and names the view, fixes the
/// version's input as offsets per source partition (from <c>earliest</c> or the first record at a timestamp, to
/// the log's head or the first record at an end timestamp), and appends the <c>created</c> event. The processor
/// then runs the version's tasks beside the live ones, with the same code.
/// <para>
/// Offsets, not timestamps, are stored, so a replay that is killed and restarted processes exactly the same records.
/// A request repeated while its version is still building returns that version instead of starting another: this is
/// how a restarted <c>kappa replay</c> picks up where it left off.
/// </para>
/// </summary>
internal sealed class ReplayPlanner(ViewLifecycle lifecycle, VersionedViews views, ControlWriter writer, ILog log)
{
    /// <summary>Creates the version, or returns the one already building for the same request.</summary>
    /// <returns>The version, and whether this call created it.</returns>
    /// <exception cref="LifecycleCommandException">The request is invalid or conflicts with a version in progress.</exception>
    public Task<(VersionInfo Version, bool Created)> CreateAsync(string view, ReplayRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return writer.RunExclusiveAsync(() => CreateExclusiveAsync(view, request, cancellationToken), cancellationToken);
    }

    private async Task<(VersionInfo, bool)> CreateExclusiveAsync(string view, ReplayRequest request, CancellationToken cancellationToken)
    {
        if (!views.Registry.TryGet(view, out var configured))
        {
            throw LifecycleCommandException.UnknownView(view);
        }

        var state = lifecycle.Current;
        var history = state.Views.GetValueOrDefault(view)
            ?? throw LifecycleCommandException.Conflict($"view '{view}' has no version yet; try again in a moment");
        var definition = request.Definition ?? (history.Active is { } active ? history.Versions[active].Definition : null);
        var compiled = definition is null ? configured : Compile(view, definition);
        var activation = request.Activation ?? "manual";
        if (activation is not ("auto" or "manual"))
        {
            throw LifecycleCommandException.BadRequest("Bad activation", $"activation must be 'auto' or 'manual', not '{activation}'");
        }

        var from = ParseTime(request.From, "from", allowEarliest: true);
        var to = ParseTime(request.To, "to", allowEarliest: false);
        if (from is { } f && to is { } t && f >= t)
        {
            throw LifecycleCommandException.BadRequest("Bad time range", "from must be before to");
        }

        // A repeat of a request whose version is still building, or ready and never active, follows that version.
        var key = RequestKey(request, definition);
        if (history.Versions.Values.LastOrDefault(v => v.RequestId == key && (v.State == VersionState.Building || (v.State == VersionState.Ready && v.RetiredAt is null))) is { } same)
        {
            return (same, false);
        }

        if (history.Versions.Values.FirstOrDefault(v => v.State == VersionState.Building) is { } building)
        {

            throw LifecycleCommandException.Conflict(
                $"version {building.Version} of view '{view}' is still building; wait for it, or drop it with: kappa views drop {view} {building.Version}");
        }

        var source = await log.Admin.EnsureTopicAsync(new TopicSpec(compiled.Source, log.Admin.DefaultPartitions), cancellationToken);
        var (starts, ends) = await OffsetsAsync(source, from, to, cancellationToken);
        var version = history.LatestVersion + 1;
        var created = new ControlEvent(
            ControlEvent.Created,
            view,
            version,
            writer.Now,
            RequestId: RequestKey(request, definition),
            Definition: definition,
            StartOffsets: starts,
            EndOffsets: ends,
            Activation: activation);
        var after = await writer.AppendAsync(created, cancellationToken);
        var info = after.Find(view, version);
        if (info is null || info.RequestId != created.RequestId || info.CreatedAt != created.At)
        {
            throw LifecycleCommandException.Conflict($"another server created version {version} of view '{view}' at the same moment; try again");
        }

        return (info, true);
    }

    private static CompiledView Compile(string view, string definition)
    {
        try
        {
            return VersionedViews.Compile(view, definition, "definition");
        }
        catch (ViewDefinitionException e)
        {
            throw LifecycleCommandException.BadRequest("Bad definition", e.Message);
        }
    }

    private async Task<(long[] Starts, long[]? Ends)> OffsetsAsync(TopicDescription source, long? from, long? to, CancellationToken cancellationToken)
    {
        using var consumer = log.CreateConsumer("_kappa.replay.planner");
        var starts = new long[source.Partitions];
        var ends = to is null ? null : new long[source.Partitions];
        for (var partition = 0; partition < source.Partitions; partition++)
        {
            var tp = new TopicPartition(source.Name, partition);
            starts[partition] = from is { } f ? await consumer.OffsetForTimestampAsync(tp, f, cancellationToken) : 0;
            if (ends is not null)
            {
                ends[partition] = Math.Max(starts[partition], await consumer.OffsetForTimestampAsync(tp, to!.Value, cancellationToken));
            }
        }

        return (starts, ends);
    }

    private static long? ParseTime(string? text, string name, bool allowEarliest)
    {
        if (text is null || (allowEarliest && text == "earliest"))
        {
            return null;
        }

        return EventTimestamps.TryParseIso8601(text, out var ms)
            ? ms
            : throw LifecycleCommandException.BadRequest(
                $"Bad {name}",
                $"{name} must be {(allowEarliest ? "'earliest' or " : string.Empty)}an ISO-8601 timestamp with an offset, like 2026-11-01T00:00:00Z; got '{text}'");
    }

    /// <summary>What identifies a request, so a repeat of it finds its version.</summary>
    private static string RequestKey(ReplayRequest request, string? definition) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            $"{definition}\n{request.From ?? "earliest"}\n{request.To}\n{request.Activation ?? "manual"}")))[..16];
}
