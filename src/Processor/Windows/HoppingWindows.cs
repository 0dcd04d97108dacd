namespace Kappa.Processor.Windows;

/// <summary>
/// Fixed-size windows that overlap: a window of length <c>size</c> starts every <c>advance</c>,
/// aligned to the Unix epoch (shifted by an optional offset): <c>[offset + k·advance, offset + k·advance + size)</c>.
/// </summary>
/// <remarks>
/// <para>
/// The rule: <c>0 &lt; advance &lt;= size</c> and <c>size</c> is a whole multiple of <c>advance</c>.
/// Then every timestamp is in exactly <c>size / advance</c> windows, windows never leave gaps, and
/// the windows of a timestamp are the <c>size / advance</c> consecutive grid windows ending with
/// the one that starts at or before it. (Kafka Streams also allows a size that is not a multiple;
/// then the number of windows per timestamp varies between the floor and ceiling of
/// <c>size / advance</c>, which makes per-event cost and retention harder to reason about, so
/// Kappa rejects it.) <c>advance == size</c> is a tumbling window.
/// </para>
/// <para>Timestamps whose window bounds do not fit in a <see cref="long"/> make <see cref="Assign"/>
/// throw <see cref="OverflowException"/>.</para>
/// </remarks>
public sealed class HoppingWindows : IWindowAssigner
{
    /// <summary>Creates hopping windows.</summary>
    /// <param name="size">The window length; positive, whole milliseconds, a multiple of <paramref name="advance"/>.</param>
    /// <param name="advance">The distance between consecutive window starts; positive, whole milliseconds, at most <paramref name="size"/>.</param>
    /// <param name="offset">Shifts the grid: windows start at <c>offset + k·advance</c>; taken modulo the advance.</param>
    public HoppingWindows(TimeSpan size, TimeSpan advance, TimeSpan offset = default)
        : this(
            WindowMath.ToPositiveMilliseconds(size, nameof(size)),
            WindowMath.ToPositiveMilliseconds(advance, nameof(advance)),
            WindowMath.ToMilliseconds(offset, nameof(offset)))
    {
    }

    /// <summary>Creates hopping windows from millisecond values; see the <see cref="TimeSpan"/> overload.</summary>
    public HoppingWindows(long sizeMs, long advanceMs, long offsetMs = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(sizeMs, 0);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(advanceMs, 0);
        if (advanceMs > sizeMs)
        {
            throw new ArgumentException(
                $"A hopping window's advance ({DurationText.Format(advanceMs)}) must not exceed its size ({DurationText.Format(sizeMs)}); " +
                "a larger advance would leave time that is in no window.",
                nameof(advanceMs));
        }

        if (sizeMs % advanceMs != 0)
        {
            throw new ArgumentException(
                $"A hopping window's size ({DurationText.Format(sizeMs)}) must be a whole multiple of its advance ({DurationText.Format(advanceMs)}), " +
                "so that every timestamp is in the same number of windows.",
                nameof(sizeMs));
        }

        SizeMs = sizeMs;
        AdvanceMs = advanceMs;
        OffsetMs = WindowMath.FloorMod(offsetMs, advanceMs);
        WindowsPerTimestamp = checked((int)(sizeMs / advanceMs));
        Description = OffsetMs == 0
            ? $"hopping(size={DurationText.Format(SizeMs)}, advance={DurationText.Format(AdvanceMs)})"
            : $"hopping(size={DurationText.Format(SizeMs)}, advance={DurationText.Format(AdvanceMs)}, offset={DurationText.Format(OffsetMs)})";
    }

    /// <summary>The window length in milliseconds.</summary>
    public long SizeMs { get; }

    /// <summary>The distance between consecutive window starts in milliseconds.</summary>
    public long AdvanceMs { get; }

    /// <summary>The grid offset in milliseconds, normalised into <c>[0, AdvanceMs)</c>.</summary>
    public long OffsetMs { get; }

    /// <summary>How many windows every timestamp is in: <c>SizeMs / AdvanceMs</c>.</summary>
    public int WindowsPerTimestamp { get; }

    /// <inheritdoc />
    public string Description { get; }

    /// <inheritdoc />
    public long MaxSizeMs => SizeMs;

    /// <inheritdoc />
    public void Assign(long timestampMs, List<Window> windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        checked
        {
            var lastStart = WindowMath.FloorDiv(timestampMs - OffsetMs, AdvanceMs) * AdvanceMs + OffsetMs;
            var firstStart = lastStart - (SizeMs - AdvanceMs);
            for (var i = 0; i < WindowsPerTimestamp; i++)
            {
                var start = firstStart + i * AdvanceMs;
                windows.Add(new Window(start, start + SizeMs));
            }
        }
    }

    /// <inheritdoc />
    public override string ToString() => Description;
}
