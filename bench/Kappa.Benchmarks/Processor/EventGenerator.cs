using System.Text;

namespace Kappa.Benchmarks.Processor;

/// <summary>
/// Deterministic order events like <c>{"customer":"c123","amount":12.34,"ts":1795000000000}</c>: the customer is
/// uniform over <c>keys</c> ids, the amount uniform over 0.01 to 999.99, and the event time rises evenly from
/// <see cref="BaseTime"/> over <c>spanMs</c>, so hourly windows open and close while the events stream by. The same
/// arguments always yield the same events, whichever source (log or in-memory generator) they feed.
/// </summary>
internal sealed class EventGenerator(int keys, long events, long spanMs, int seed = 42)
{
    /// <summary>The first event time: an hour boundary, so the first window is a full hour.</summary>
    public const long BaseTime = 1_795_000_000_000 - (1_795_000_000_000 % 3_600_000);

    /// <summary>Where the customer id starts in an event; it is also the record key.</summary>
    public const int KeyStart = 13;

    /// <summary>More than any event this generator writes.</summary>
    public const int MaxEventLength = 96;

    private static readonly byte[] Prefix = Encoding.UTF8.GetBytes("{\"customer\":\"");
    private static readonly byte[] AmountPrefix = Encoding.UTF8.GetBytes("\",\"amount\":");
    private static readonly byte[] TimePrefix = Encoding.UTF8.GetBytes(",\"ts\":");

    private readonly Random _random = new(seed);
    private long _index;

    /// <summary>Writes the next event into <paramref name="destination"/>; returns its length.</summary>
    public int Next(Span<byte> destination, out int keyLength, out long timestamp)
    {
        var customer = _random.Next(keys);
        var cents = _random.Next(1, 100_000);
        timestamp = BaseTime + (long)(_index++ * ((double)spanMs / events));

        Prefix.CopyTo(destination);
        var pos = Prefix.Length;
        destination[pos++] = (byte)'c';
        customer.TryFormat(destination[pos..], out var written);
        keyLength = written + 1;
        pos += written;
        AmountPrefix.CopyTo(destination[pos..]);
        pos += AmountPrefix.Length;
        (cents / 100).TryFormat(destination[pos..], out written);
        pos += written;
        destination[pos++] = (byte)'.';
        (cents % 100).TryFormat(destination[pos..], out written, "00");
        pos += written;
        TimePrefix.CopyTo(destination[pos..]);
        pos += TimePrefix.Length;
        timestamp.TryFormat(destination[pos..], out written);
        pos += written;
        destination[pos++] = (byte)'}';
        return pos;
    }
}
