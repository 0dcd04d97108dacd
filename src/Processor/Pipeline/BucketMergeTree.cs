using Kappa.Processor.Aggregates;

namespace Kappa.Processor.Pipeline;

/// <summary>
/// A segment tree over a key's bucket states, ascending by time, that merges any run of consecutive buckets with
/// O(log n) merges instead of one per bucket: a sliding window holds every bucket of its range, a change to one
/// bucket changes every window that holds it, and merging each of those windows bucket by bucket cost O(n²) for a key
/// with n buckets in range. Each inner node holds the merge of its two children, built when the tree is made.
/// </summary>
/// <remarks>
/// Merges are order-free (<see cref="IAggregateState"/>: any split of the inputs gives the same result and bytes), so
/// a window merged from tree nodes equals one merged bucket by bucket. A node whose children cannot be merged (an
/// <see cref="AggregateInputException"/>, such as a sum out of range) holds nothing, and a window that covers it merges
/// its children instead, down to the buckets where need be: a window fails only where its own buckets cannot be merged.
/// </remarks>
internal sealed class BucketMergeTree
{
    private readonly int _size;

    // Nodes 1 .. 2·size−1; leaves at size + i are the buckets' own states. No node's states are ever written after it
    // is built, so a node may share its only child's. Null: no buckets below (past the last one), or unmergeable.
    private readonly IAggregateState[]?[] _nodes;
    private readonly bool[] _unmergeable;

    public BucketMergeTree(IReadOnlyList<RowState> buckets, IReadOnlyList<IAggregateFunction> aggregates)
    {
        _size = 1;
        while (_size < buckets.Count)
        {
            _size <<= 1;
        }

        _nodes = new IAggregateState[]?[2 * _size];
        _unmergeable = new bool[2 * _size];
        for (var i = 0; i < buckets.Count; i++)
        {
            _nodes[_size + i] = buckets[i].States;
        }

        for (var node = _size - 1; node >= 1; node--)
        {
            var (left, right) = (2 * node, (2 * node) + 1);
            if (_unmergeable[left] || _unmergeable[right])
            {
                _unmergeable[node] = true;
            }
            else if (_nodes[left] is null || _nodes[right] is null)
            {
                _nodes[node] = _nodes[left] ?? _nodes[right];
            }
            else
            {
                _nodes[node] = Merged(_nodes[left]!, _nodes[right]!, aggregates);
                _unmergeable[node] = _nodes[node] is null;
            }
        }
    }

    /// <summary>Merges the buckets <c>[from, to)</c> into <paramref name="target"/>.</summary>
    /// <exception cref="AggregateInputException">The buckets cannot be merged; <paramref name="target"/> may hold part of them.</exception>
    public void MergeInto(IAggregateState[] target, int from, int to)
    {
        var left = from + _size;
        var right = to + _size;
        while (left < right)
        {
            if ((left & 1) == 1)
            {
                MergeNode(target, left++);
            }

            if ((right & 1) == 1)
            {
                MergeNode(target, --right);
            }

            left >>= 1;
            right >>= 1;
        }
    }

    private void MergeNode(IAggregateState[] target, int node)
    {
        if (_unmergeable[node])
        {
            // Not mergeable as a whole (only inner nodes are so marked): its children, each of which may be.
            MergeNode(target, 2 * node);
            MergeNode(target, (2 * node) + 1);
        }
        else if (_nodes[node] is { } states)
        {
            for (var a = 0; a < target.Length; a++)
            {
                target[a].Merge(states[a]);
            }
        }
    }

    /// <summary>A fresh merge of two nodes' states, or null when they cannot be merged.</summary>
    private static IAggregateState[]? Merged(IAggregateState[] left, IAggregateState[] right, IReadOnlyList<IAggregateFunction> aggregates)
    {
        var merged = new IAggregateState[left.Length];
        try
        {
            for (var a = 0; a < merged.Length; a++)
            {
                merged[a] = aggregates[a].CreateState();
                merged[a].Merge(left[a]);
                merged[a].Merge(right[a]);
            }
        }
        catch (AggregateInputException)
        {
            return null;
        }

        return merged;
    }
}
