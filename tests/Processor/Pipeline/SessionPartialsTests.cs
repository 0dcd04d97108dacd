using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using Kappa.Processor.Aggregates;
using Kappa.Processor.Events;
using Kappa.Processor.Pipeline;
using Kappa.Processor.Windows;
using Xunit;

namespace Kappa.Processor.Tests.Pipeline;

/// <summary>
/// The materializer's claim: merging each partition's own sessions of a key (overlapping or touching windows are one
/// session) gives the sessions of all the key's events together, with the same aggregates.
/// </summary>
public sealed class SessionPartialsTests
{
    private static readonly SessionWindows Gap10 = new(10);
    private static readonly IAggregateFunction[] Count = [AggregateFactory.Create("n", "count", [])];

    [Fact]
    public void Sessions_that_touch_merge_and_sessions_one_millisecond_apart_do_not()
    {
        var merged = SessionPartials.Merge([Partial(0, 10, 1), Partial(10, 20, 2), Partial(21, 31, 1)], Count);

        Assert.Equal([(new Window(0, 20), "3"), (new Window(21, 31), "1")], merged.Select(Describe));
    }

    [Fact]
    public void Every_split_of_a_keys_events_over_partitions_merges_into_the_batch_sessions()
    {
        var events = Gen.Choose(0, 200).Select(t => (long)t).ArrayOf();
        Prop.ForAll(Arb.From(events), Arb.From(Gen.Choose(1, 4)), Arb.From(Gen.Choose(0, int.MaxValue)), (times, partitions, seed) =>
        {
            var random = new Random(seed);
            var byPartition = times.GroupBy(_ => random.Next(partitions));
            var partials = new List<byte[]>();
            foreach (var part in byPartition)
            {
                // A task's sessions: its events merged one by one, in arrival order.
                var sessions = new List<Window>();
                var counts = new List<long>();
                foreach (var t in part)
                {
                    var merge = Gap10.Merge(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(sessions), t);
                    var count = 1 + counts.Skip(merge.FirstAbsorbed).Take(merge.AbsorbedCount).Sum();
                    Gap10.Apply(sessions, t);
                    counts.RemoveRange(merge.FirstAbsorbed, merge.AbsorbedCount);
                    counts.Insert(merge.FirstAbsorbed, count);
                }

                partials.AddRange(sessions.Select((w, i) => Partial(w.Start, w.End, counts[i])));
            }

            var expected = new List<(Window, string)>();
            foreach (var t in times.Order())
            {
                if (expected.Count > 0 && t <= expected[^1].Item1.End)
                {
                    var (window, n) = expected[^1];
                    expected[^1] = (new Window(window.Start, t + 10), (long.Parse(n, System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
                else
                {
                    expected.Add((new Window(t, t + 10), "1"));
                }
            }

            Assert.Equal(expected, SessionPartials.Merge(partials, Count).Select(Describe));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    private static (Window, string) Describe(RowState row)
    {
        var output = new ArrayBufferWriter<byte>();
        using (var writer = new System.Text.Json.Utf8JsonWriter(output))
        {
            row.States[0].WriteResult(writer);
        }

        return (row.Window, System.Text.Encoding.UTF8.GetString(output.WrittenSpan));
    }

    private static byte[] Partial(long start, long end, long events)
    {
        var row = RowState.Create(new Window(start, end), Count);
        for (var i = 0; i < events; i++)
        {
            row.States[0].Add(FieldValue.Missing, new EventPosition(start, 0, i));
        }

        var output = new ArrayBufferWriter<byte>();
        row.Write(output);
        return output.WrittenSpan.ToArray();
    }
}
