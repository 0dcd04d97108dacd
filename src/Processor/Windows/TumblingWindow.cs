namespace Kappa.Processor.Windows;

/// <summary>
/// Tumbling event-time windows aligned to the Unix epoch: [k·size, (k+1)·size) in milliseconds.
/// A timestamp belongs to exactly one window; windows never depend on wall-clock time, so the same
/// log always yields the same windows.
/// </summary>
internal readonly struct TumblingWindow
{
    private readonly long _sizeMs;

    public TumblingWindow(TimeSpan size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(size, TimeSpan.Zero);
        _sizeMs = (long)size.TotalMilliseconds;
    }

    public long SizeMs => _sizeMs;

    /// <summary>The start of the window holding <paramref name="timestampMs"/>; floors for negative times too.</summary>
    public long StartOf(long timestampMs)
    {
        var remainder = timestampMs % _sizeMs;
        return remainder >= 0 ? timestampMs - remainder : timestampMs - remainder - _sizeMs;
    }
}
