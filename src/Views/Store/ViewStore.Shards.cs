using System.Buffers.Binary;
using System.Text;

namespace Kappa.Views.Store;

/// <summary>
/// The bookkeeping of materializer shards. Shard 0 keeps the keys a version had before shards existed (its offsets
/// under <c>offset/view.vN/partition</c>, its count under <c>rows/view.vN</c>), so a version materialized then reads
/// as a version of one shard; shard s &gt; 0 appends <c>/s</c> to both.
/// </summary>
internal sealed partial class ViewStore
{
    /// <summary>
    /// The number of shards that materialize a version: fixed by the first call for the version, to
    /// <paramref name="proposed"/>, or to 1 for a version that was materialized before shards existed. A row's shard
    /// follows from the shard count, so the count must never change under rows already written.
    /// </summary>
    public int MaterializerShards(string view, int version, int proposed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(proposed, 1);
        _dropLock.EnterReadLock();
        try
        {
            lock (_createLock)
            {
                if (_db.Get(ShardsKey(view, version)) is { } stored)
                {
                    return BinaryPrimitives.ReadInt32BigEndian(stored);
                }

                var shards = _db.Get(CountKey(view, version, 0)) is null ? proposed : 1;
                Span<byte> number = stackalloc byte[sizeof(int)];
                BinaryPrimitives.WriteInt32BigEndian(number, shards);
                _db.Put(ShardsKey(view, version), number);
                return shards;
            }
        }
        finally
        {
            _dropLock.ExitReadLock();
        }
    }

    /// <summary>The shard count of a version as stored, 1 when none is (rows written by <see cref="Apply"/>, or none yet).</summary>
    private int ReadShards(string view, int version)
    {
        var stored = _db.Get(ShardsKey(view, version));
        return stored is null ? 1 : BinaryPrimitives.ReadInt32BigEndian(stored);
    }

    private long CountRows(string view, int version, int shard)
    {
        var stored = _db.Get(CountKey(view, version, shard));
        return stored is null ? 0 : BinaryPrimitives.ReadInt64BigEndian(stored);
    }

    private static byte[] OffsetKey(string view, int version, int partition, int shard) =>
        Encoding.UTF8.GetBytes(shard == 0 ? $"offset/{view}.v{version}/{partition}" : $"offset/{view}.v{version}/{partition}/{shard}");

    private static byte[] CountKey(string view, int version, int shard) =>
        Encoding.UTF8.GetBytes(shard == 0 ? $"rows/{view}.v{version}" : $"rows/{view}.v{version}/{shard}");

    private static byte[] ShardsKey(string view, int version) => Encoding.UTF8.GetBytes($"shards/{view}.v{version}");
}
