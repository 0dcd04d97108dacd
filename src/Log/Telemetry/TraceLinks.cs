using System.Diagnostics;
using Kappa.Log.Abstractions;

namespace Kappa.Log.Telemetry;

/// <summary>
/// The distinct trace contexts of the records one span covers, at most <see cref="KappaTelemetry.MaxLinks"/> of them, in
/// a buffer reused from span to span: collecting allocates nothing, and records without headers cost one length check.
/// Records of one append share a context, so contexts are kept once. Not thread-safe.
/// </summary>
public sealed class TraceLinks
{
    private readonly ActivityLink[] _links = new ActivityLink[KappaTelemetry.MaxLinks];

    /// <summary>How many distinct contexts are held.</summary>
    public int Count { get; private set; }

    /// <summary>How many records carried a context since the last <see cref="Clear"/>, linked or not.</summary>
    public long Records { get; private set; }

    /// <summary>Takes the record's <c>traceparent</c>, if it has one.</summary>
    public void Add(in RecordHeaders headers)
    {
        if (!TraceParent.TryRead(in headers, out var context))
        {
            return;
        }

        Records++;
        if (Count == _links.Length)
        {
            return;
        }

        for (var i = 0; i < Count; i++)
        {
            if (_links[i].Context == context)
            {
                return;
            }
        }

        _links[Count++] = new ActivityLink(context);
    }

    /// <summary>The links held, copied: an activity keeps the collection it was started with.</summary>
    public ActivityLink[] ToArray() => _links.AsSpan(0, Count).ToArray();

    /// <summary>Forgets every context.</summary>
    public void Clear()
    {
        _links.AsSpan(0, Count).Clear();
        Count = 0;
        Records = 0;
    }
}
