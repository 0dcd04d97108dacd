namespace Kappa.Processor.Windows;

/// <summary>
/// Fixed-size, non-overlapping, gap-free windows aligned to the Unix epoch (shifted by an optional
/// offset): <c>[offset + k·size, offset + (k+1)·size)</c> for every integer <c>k</c>, negative
/// <c>k</c> included. Every timestamp is in exactly one window; the division floors, so
/// <c>-1</c> with a 1 h size is in <c>[-3 600 000, 0)</c>.
/// </summary>
/// <remarks>
/// These windows are in UTC: a 1 d tumbling window is a UTC day. For local calendar days (23 h or
/// 25 h across daylight-saving switches) use <see cref="CalendarWindows"/>.
/// Timestamps whose window bounds do not fit in a <see cref="long"/> make <see cref="Assign"/> throw
/// <see cref="OverflowException"/>.
/// </remarks>
public sealed class TumblingWindows : IWindowAssigner
{
    /// <summary>Creates tumbling windows of <paramref name="size"/>, shifted from the epoch by <paramref name="offset"/>.</summary>
    /// <param name="size">The window length; positive, a whole number of milliseconds.</param>
    /// <param name="offset">Shifts the grid: windows start at <c>offset + k·size</c>. Taken modulo the size,
    /// so any whole-millisecond value (negative too) is accepted.</param>
    public TumblingWindows(TimeSpan size, TimeSpan offset = default)
        : this(WindowMath.ToPositiveMilliseconds(size, nameof(size)), WindowMath.ToMilliseconds(offset, nameof(offset)))
    {
    }

    /// <summary>Creates tumbling windows of <paramref name="sizeMs"/> milliseconds shifted by <paramref name="offsetMs"/>.</summary>
    public TumblingWindows(long sizeMs, long offsetMs = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(sizeMs, 0);
        SizeMs = sizeMs;
        OffsetMs = WindowMath.FloorMod(offsetMs, sizeMs);
        Description = OffsetMs == 0
            ? $"tumbling(size={DurationText.Format(SizeMs)})"
            : $"tumbling(size={DurationText.Format(SizeMs)}, offset={DurationText.Format(OffsetMs)})";
    }

    /// <summary>The window length in milliseconds.</summary>
    public long SizeMs { get; }

    /// <summary>The grid offset in milliseconds, normalised into <c>[0, SizeMs)</c>.</summary>
    public long OffsetMs { get; }

    /// <inheritdoc />
    public string Description { get; }

    /// <inheritdoc />
    public long MaxSizeMs => SizeMs;

    /// <summary>The single window containing <paramref name="timestampMs"/>.</summary>
    public Window WindowOf(long timestampMs)
    {
        checked
        {
            var start = WindowMath.FloorDiv(timestampMs - OffsetMs, SizeMs) * SizeMs + OffsetMs;
            return new Window(start, start + SizeMs);
        }
    }

    /// <inheritdoc />
    public void Assign(long timestampMs, List<Window> windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        windows.Add(WindowOf(timestampMs));
    }

    /// <inheritdoc />
    public override string ToString() => Description;
}
