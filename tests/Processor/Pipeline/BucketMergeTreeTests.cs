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
/// The sliding materializer's merge tree against merging bucket by bucket: the same stored bytes for every run of
/// buckets, and the same failures, also where an inner node of the tree cannot be merged but the run can.
/// </summary>
public sealed class BucketMergeTreeTests
{
    private static readonly IAggregateFunction[] Aggregates =
    [
        AggregateFactory.Create("n", "count", []),
        AggregateFactory.Create("s", "sum", ["amount"]),
        AggregateFactory.Create("top", "max", ["amount"]),
        AggregateFactory.Create("kinds", "count_distinct", ["amount"]),
    ];

    [Fact]
    public void Every_run_of_buckets_merges_to_the_bytes_of_merging_bucket_by_bucket()
    {
        var amounts = Gen.Choose(-50, 50).Select(a => (decimal)a / 4).ArrayOf();
        Prop.ForAll(Arb.From(amounts.NonEmptyListOf()), Arb.From(Gen.Choose(0, 1000)), Arb.From(Gen.Choose(0, 1000)), (buckets, a, b) =>
        {
            var rows = buckets.Select(Bucket).ToList();
            var tree = new BucketMergeTree(rows, Aggregates);
            var from = a % (rows.Count + 1);
            var to = from + (b % (rows.Count - from + 1));

            Assert.Equal(OneByOne(rows, from, to), ByTree(tree, from, to));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    [Fact]
    public void A_run_merges_where_an_inner_node_covering_more_cannot()
    {
        // Buckets 0 and 1 together exceed decimal's range, so the node over them is unmergeable; 1 with 2 is fine.
        var rows = new[] { Bucket([decimal.MaxValue]), Bucket([decimal.MaxValue]), Bucket([decimal.MinValue]), Bucket([1m]) };
        var tree = new BucketMergeTree(rows, Aggregates);

        Assert.Equal(OneByOne(rows, 1, 4), ByTree(tree, 1, 4));
        Assert.Equal(OneByOne(rows, 2, 4), ByTree(tree, 2, 4));
        Assert.Throws<AggregateInputException>(() => ByTree(tree, 0, 2));
        Assert.Throws<AggregateInputException>(() => OneByOne(rows, 0, 2));
    }

    private static RowState Bucket(decimal[] amounts)
    {
        var row = RowState.Create(new Window(0, 1), Aggregates);
        foreach (var amount in amounts)
        {
            var position = new EventPosition(0, 0, 0);
            foreach (var state in row.States)
            {
                state.Add(FieldValue.FromNumber(amount), position);
            }
        }

        return row;
    }

    private static string OneByOne(IReadOnlyList<RowState> rows, int from, int to)
    {
        var merged = RowState.Create(new Window(0, 1), Aggregates);
        for (var i = from; i < to; i++)
        {
            for (var a = 0; a < Aggregates.Length; a++)
            {
                merged.States[a].Merge(rows[i].States[a]);
            }
        }

        return Stored(merged);
    }

    private static string ByTree(BucketMergeTree tree, int from, int to)
    {
        var merged = RowState.Create(new Window(0, 1), Aggregates);
        tree.MergeInto(merged.States, from, to);
        return Stored(merged);
    }

    private static string Stored(RowState row)
    {
        var output = new ArrayBufferWriter<byte>();
        row.Write(output);
        return Convert.ToHexString(output.WrittenSpan);
    }
}
