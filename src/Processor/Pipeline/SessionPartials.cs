using Kappa.Processor.Aggregates;
using Kappa.Processor.Windows;

namespace Kappa.Processor.Pipeline;

/// <summary>
/// Merges the session partials of one group key, from every source partition, into the key's sessions. Each task
/// sees only its partition's events, so its sessions are the partition's: <c>[first, last + gap)</c> over runs of
/// events at most one gap apart. Two partitions' sessions belong to one session exactly when their windows overlap
/// or touch (one's end at or after the other's start): within each window consecutive events are at most one gap
/// apart, and where the windows meet, the last event before the junction is at most one gap before the first after
/// it. So the key's sessions are the connected runs of the partial windows, their aggregates merged.
/// </summary>
internal static class SessionPartials
{
    /// <summary>The key's sessions, ascending by start, from its partial rows' stored states (any order).</summary>
    /// <exception cref="AggregateInputException">Two partials' aggregates cannot be combined.</exception>
    public static List<RowState> Merge(IReadOnlyList<byte[]> partialStates, IReadOnlyList<IAggregateFunction> aggregates)
    {
        var partials = new List<RowState>(partialStates.Count);
        foreach (var state in partialStates)
        {
            partials.Add(RowState.Read(state, aggregates));
        }

        // Stable: equal windows keep the caller's (partition) order, so the merge order is deterministic.
        var ordered = partials.Select((row, index) => (row, index))
            .OrderBy(p => p.row.Window.Start)
            .ThenBy(p => p.index)
            .Select(p => p.row)
            .ToList();
        var sessions = new List<RowState>();
        foreach (var row in ordered)
        {
            if (sessions.Count > 0 && row.Window.Start <= sessions[^1].Window.End)
            {
                var session = sessions[^1];
                for (var a = 0; a < session.States.Length; a++)
                {
                    session.States[a].Merge(row.States[a]);
                }

                session.Window = new Window(session.Window.Start, Math.Max(session.Window.End, row.Window.End));
            }
            else
            {
                sessions.Add(row);
            }
        }

        return sessions;
    }
}
