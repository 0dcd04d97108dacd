using System.Globalization;
using System.Text;

namespace Kappa.Views.Telemetry;

/// <summary>
/// One instrument's points as they were when <see cref="InstrumentSeries.Snapshot"/> copied them, written out in the
/// Prometheus text exposition format. Immutable once made, so a scrape formats it without holding the exporter's lock.
/// </summary>
/// <param name="Name">The series' Prometheus name.</param>
/// <param name="Type">Its Prometheus type: <c>counter</c>, <c>gauge</c> or <c>histogram</c>.</param>
/// <param name="Description">The instrument's description, the series' help text.</param>
/// <param name="Bounds">A histogram's bucket boundaries, in the instrument's unit; null for the other types.</param>
/// <param name="Points">The points, one per label set, in no particular order.</param>
internal sealed record SeriesSnapshot(string Name, string Type, string? Description, double[]? Bounds, SeriesSnapshot.Point[] Points)
{
    public void WriteTo(StringBuilder text)
    {
        if (Points.Length == 0)
        {
            return;
        }

        if (Description is { Length: > 0 } description)
        {
            text.Append("# HELP ").Append(Name).Append(' ').Append(description.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)).Append('\n');
        }

        text.Append("# TYPE ").Append(Name).Append(' ').Append(Type).Append('\n');
        foreach (var point in Points.OrderBy(p => p.Labels, StringComparer.Ordinal))
        {
            if (Bounds is null)
            {
                Sample(text, Name, point.Labels, null, point.Value);
                continue;
            }

            long cumulative = 0;
            for (var i = 0; i <= Bounds.Length; i++)
            {
                cumulative += point.Buckets![i];
                var le = i < Bounds.Length ? Number(Bounds[i]) : "+Inf";
                Sample(text, Name + "_bucket", point.Labels, le, cumulative);
            }

            Sample(text, Name + "_sum", point.Labels, null, point.Value);
            Sample(text, Name + "_count", point.Labels, null, point.Count);
        }
    }

    private static void Sample(StringBuilder text, string name, string labels, string? le, double value)
    {
        text.Append(name);
        if (labels.Length > 0 || le is not null)
        {
            text.Append('{').Append(labels);
            if (le is not null)
            {
                text.Append(labels.Length > 0 ? "," : string.Empty).Append("le=\"").Append(le).Append('"');
            }

            text.Append('}');
        }

        text.Append(' ').Append(Number(value)).Append('\n');
    }

    private static string Number(double value) => double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>One label set's values: a counter's or gauge's value, or a histogram's sum, count and bucket counts.</summary>
    /// <param name="Labels">The rendered labels, without braces.</param>
    /// <param name="Value">The value, or a histogram's sum.</param>
    /// <param name="Count">A histogram's count.</param>
    /// <param name="Buckets">A histogram's per-bucket (not cumulative) counts, the last one +Inf's; null otherwise.</param>
    internal readonly record struct Point(string Labels, double Value, long Count, long[]? Buckets);
}
